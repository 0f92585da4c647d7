"""The guideline library: sources ranked by the evidence hierarchy, passages, FTS5
search with abbreviation expansion, importers (JSON, CSV, Markdown, PDF). No Qt."""

from .importers import GuidelineImportError, ImportCancelled, ImportedSource
from .library import LIBRARY_DB, GuidelineLibrary, ImportReport, SourceInfo
from .search import (
    HL_END,
    HL_START,
    SearchFilters,
    SearchHit,
    SearchResult,
    highlight_segments,
    strip_highlights,
)

__all__ = [
    "HL_END",
    "HL_START",
    "LIBRARY_DB",
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
