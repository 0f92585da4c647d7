"""The guideline library: sources ranked by the evidence hierarchy, passages, FTS5
search with abbreviation expansion, importers (JSON, CSV, Markdown, PDF). No Qt."""

from typing import TYPE_CHECKING

from imr_desktop.lazy import lazy_exports

if TYPE_CHECKING:
    from .importers import GuidelineImportError, ImportCancelled, ImportedSource
    from .library import LIBRARY_DB, GuidelineLibrary, ImportReport, SourceInfo
    from .search import (
        HL_END,
        HL_START,
        SNIPPETS_AT_ONCE,
        SearchFilters,
        SearchHit,
        SearchResult,
        highlight_segments,
        strip_highlights,
    )

__getattr__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(("GuidelineImportError", "ImportCancelled", "ImportedSource"), "importers"),
        **dict.fromkeys(("LIBRARY_DB", "GuidelineLibrary", "ImportReport", "SourceInfo"), "library"),
        **dict.fromkeys(
            ("HL_END", "HL_START", "SNIPPETS_AT_ONCE", "SearchFilters", "SearchHit", "SearchResult",
             "highlight_segments", "strip_highlights"),
            "search",
        ),
    },
)  # fmt: skip

__all__ = [
    "HL_END",
    "HL_START",
    "LIBRARY_DB",
    "SNIPPETS_AT_ONCE",
    "GuidelineImportError",
    "GuidelineLibrary",
    "ImportCancelled",
    "ImportReport",
    "ImportedSource",
    "SearchFilters",
    "SearchHit",
    "SearchResult",
    "SourceInfo",
    "highlight_segments",
    "strip_highlights",
]
