"""The sample library the app ships (``resources/library/*.json``): short topic
summaries written for this product from public facts, each flagged as a summary,
never guideline text. Seeded once into a new ``library.db``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop import paths

from .importers import read_library_file

if TYPE_CHECKING:
    from .library import GuidelineLibrary

# The origin the sample sources are stored under, so a re-seed replaces only them.
SAMPLE_ORIGIN = "sample"


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
