"""Precedents: published IMR determinations as a searchable library (no Qt).

``precedents.db`` beside ``library.db`` holds published, redacted letters (public
records) imported with the letter importer; a request is matched to similar
published items by what it asks for (``imr_desktop.requests``), and the counts of
their decisions and citations are what the Precedents view shows.
"""

from .importer import BulkImportReport, FileLine, import_published
from .library import PRECEDENTS_DB, ImportInfo, LibrarySummary, PrecedentItem, PrecedentLibrary
from .lookup import CitedGuideline, PrecedentHit, PrecedentLookup, PrecedentStats
from .reading import PublishedDecision, PublishedItem, ReadOutcome, read_published

__all__ = [
    "PRECEDENTS_DB",
    "BulkImportReport",
    "CitedGuideline",
    "FileLine",
    "ImportInfo",
    "LibrarySummary",
    "PrecedentHit",
    "PrecedentItem",
    "PrecedentLibrary",
    "PrecedentLookup",
    "PrecedentStats",
    "PublishedDecision",
    "PublishedItem",
    "ReadOutcome",
    "import_published",
    "read_published",
]
