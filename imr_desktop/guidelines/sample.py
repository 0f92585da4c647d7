"""The sample library the app ships (``resources/library/*.json``): short topic
summaries written for this product from public facts, each flagged as a summary,
never guideline text. Seeded once into a new ``library.db``."""

from __future__ import annotations

from imr_desktop import paths

from .importers import read_library_file
from .library import SAMPLE_ORIGIN, GuidelineLibrary


def sample_files() -> list:
    folder = paths.resource("library")
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def seed_sample_library(library: GuidelineLibrary) -> int:
    imported = []
    for path in sample_files():
        imported.extend(read_library_file(path))
    if not imported:
        return 0
    return library.replace_sources(imported, origin=SAMPLE_ORIGIN).passages
