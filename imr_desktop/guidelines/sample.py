"""The sample library the app ships (``resources/library/*.json``): short topic
summaries written for this product from public facts, each flagged as a summary,
never guideline text.

Seeded into a new ``library.db``. When a later version of the app ships a changed
sample (corrected citation forms, more passages), opening the library brings the
sample sources it still holds up to date and adds sources new to the sample. A
sample source the reviewer removed stays removed, and a source of the same key the
reviewer imported from a file of their own is left alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import TYPE_CHECKING

from imr_desktop import paths

from .importers import read_library_file

if TYPE_CHECKING:
    from pathlib import Path

    from .library import GuidelineLibrary

log = logging.getLogger(__name__)

# The origin the sample sources are stored under, so a re-seed replaces only them.
SAMPLE_ORIGIN = "sample"


def sample_files() -> list[Path]:
    folder = paths.resource("library")
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sync_sample_library(library: GuidelineLibrary) -> int:
    """Seed a new library with the sample, or update it after the sample changed.
    Returns the number of passages written (0: nothing to do)."""
    files = sample_files()
    if not files:
        return 0
    digest = _digest(files)
    if library.setting("sample_digest") == digest:
        return 0
    imported = [s for path in files for s in read_library_file(path)]
    seeded = library.setting("sample_seeded")
    if seeded:
        present = {i.source.key: i.origin for i in library.sources()}
        recorded = library.setting("sample_keys")
        # Keys the earlier sample shipped; before they were recorded, none is "new".
        known = (
            set(json.loads(recorded))
            if recorded
            else set(present) | {s.source.key for s in imported}
        )
        imported = [
            s
            for s in imported
            if present.get(s.source.key) == SAMPLE_ORIGIN
            or (s.source.key not in known and s.source.key not in present)
        ]
    written = library.replace_sources(imported, origin=SAMPLE_ORIGIN).passages if imported else 0
    if seeded:
        log.info("sample library updated: %d passages in %d sources", written, len(imported))
    else:
        library.set_setting("sample_seeded", dt.datetime.now(dt.UTC).isoformat())
    library.set_setting("sample_digest", digest)
    keys = sorted({s.source.key for path in files for s in read_library_file(path)})
    library.set_setting("sample_keys", json.dumps(keys))
    return written
