"""The Qt-free, I/O-free heart of the product: case types and pure functions."""

from .case import (
    DEADLINE_DAYS,
    DEFAULT_ORGANISATION,
    Case,
    CaseSummary,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    GuidelineBasis,
    Patient,
    Priority,
    ReviewerProfile,
    Sex,
    Status,
    copy_case,
)
from .case_json import CaseFormatError, case_from_json, case_to_dict, case_to_json

__all__ = [
    "DEADLINE_DAYS",
    "DEFAULT_ORGANISATION",
    "Case",
    "CaseFormatError",
    "CaseSummary",
    "Citation",
    "CitationKind",
    "Decision",
    "DisputedItem",
    "GuidelineBasis",
    "Patient",
    "Priority",
    "ReviewerProfile",
    "Sex",
    "Status",
    "case_from_json",
    "case_to_dict",
    "case_to_json",
    "copy_case",
]
