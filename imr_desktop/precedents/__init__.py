"""Precedents: published IMR determinations as a searchable library (no Qt).

``precedents.db`` beside ``library.db`` holds published, redacted letters (public
records) imported with the letter importer; a request is matched to similar
published items by what it asks for (``imr_desktop.requests``), and the counts of
their decisions and citations are what the Precedents view shows.
"""

from typing import TYPE_CHECKING

from imr_desktop.lazy import lazy_exports

if TYPE_CHECKING:
    from .importer import BulkImportReport, FileLine, import_published
    from .library import ImportInfo, LibrarySummary, PrecedentItem, PrecedentLibrary
    from .lookup import CitedGuideline, PrecedentHit, PrecedentLookup, PrecedentStats
    from .reading import PublishedDecision, PublishedItem, ReadOutcome, read_published
    from .schema import PRECEDENTS_DB

# Names load on first use: opening the window or a command pays for nothing here.
__getattr__ = lazy_exports(
    __name__,
    {
        "BulkImportReport": "importer",
        "FileLine": "importer",
        "import_published": "importer",
        "PRECEDENTS_DB": "schema",  # light: the window knows the file without the library
        "ImportInfo": "library",
        "LibrarySummary": "library",
        "PrecedentItem": "library",
        "PrecedentLibrary": "library",
        "CitedGuideline": "lookup",
        "PrecedentHit": "lookup",
        "PrecedentLookup": "lookup",
        "PrecedentStats": "lookup",
        "PublishedDecision": "reading",
        "PublishedItem": "reading",
        "ReadOutcome": "reading",
        "read_published": "reading",
    },
)

__all__ = [
    "BulkImportReport",
    "CitedGuideline",
    "FileLine",
    "ImportInfo",
    "LibrarySummary",
    "PRECEDENTS_DB",
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
