"""Pure edits of a case, addressed by field paths.

A field path names one editable value: ``summary``, ``notes``,
``header.case_number``, ``header.date_of_injury``, ``patient.age``,
``items[2].rationale``, ``items[0].decision`` ... The window's undo commands, the
QA findings (which say where to jump) and the editor all speak in these paths.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .case import Case, Citation, Decision, DisputedItem, Priority, Sex
from .case_json import DATE_FIELDS

HEADER_TEXT_FIELDS = ("case_number", "claim_number")
ITEM_TEXT_FIELDS = (
    "request",
    "original_request",
    "authorised_part",
    "claims_administrator_guideline",
    "rationale",
)
_ITEM_PATH = re.compile(r"^items\[(\d+)\]\.(\w+)$")


# What the window calls each field (its label), for the Edit menu's "Undo typing in
# Request, item 1" and for anything else that names a field to the reviewer.
FIELD_NAMES = {
    "summary": "Clinical case summary",
    "notes": "Case notes",
    "header.case_number": "Case number",
    "header.claim_number": "Claim number",
    "header.priority": "Priority",
    "header.date_of_injury": "Date of injury",
    "header.ur_denial_date": "UR denial date",
    "header.application_received": "Application received",
    "header.date_assigned": "Date assigned",
    "header.decision_date": "Decision date",
    "header.due_date": "Due date",
    "patient.age": "Patient age",
    "patient.sex": "Patient sex",
}
ITEM_FIELD_NAMES = {
    "request": "Request",
    "original_request": "Original request",
    "authorised_part": "Authorized part",
    "decision": "Decision",
    "claims_administrator_guideline": "Claims administrator guideline",
    "citations": "Citations",
    "rationale": "Decision rationale",
}


class FieldPathError(ValueError):
    pass


def parse_item_path(path: str) -> tuple[int, str] | None:
    m = _ITEM_PATH.match(path)
    return (int(m.group(1)), m.group(2)) if m else None


def field_name(path: str) -> str:
    """A field path in the window's words: "items[0].request" -> "Request, item 1"."""
    item_path = parse_item_path(path)
    if item_path:
        index, name = item_path
        label = ITEM_FIELD_NAMES.get(name, name.replace("_", " ").capitalize())
        return f"{label}, item {index + 1}"
    return FIELD_NAMES.get(path, path.rsplit(".", 1)[-1].replace("_", " ").capitalize())


def get_field(case: Case, path: str) -> Any:
    if path in ("summary", "notes"):
        return getattr(case, path)
    if path.startswith("header."):
        name = path.removeprefix("header.")
        if name in HEADER_TEXT_FIELDS or name in DATE_FIELDS or name == "priority":
            return getattr(case, name)
    if path == "patient.age":
        return case.patient.age
    if path == "patient.sex":
        return case.patient.sex
    item_path = parse_item_path(path)
    if item_path:
        index, name = item_path
        if 0 <= index < len(case.items) and hasattr(case.items[index], name):
            return getattr(case.items[index], name)
    raise FieldPathError(f"no field {path!r}")


def set_field(case: Case, path: str, value: Any) -> None:
    """Set one value; text of optional fields becomes None when emptied."""
    if path in ("summary", "notes"):
        setattr(case, path, value or "")
        return
    if path.startswith("header."):
        name = path.removeprefix("header.")
        if name == "case_number":
            case.case_number = value or ""
            return
        if name == "claim_number":
            case.claim_number = value or None
            return
        if name == "priority":
            case.priority = Priority(value)
            return
        if name in DATE_FIELDS:
            if value is not None and not isinstance(value, dt.date):
                raise FieldPathError(f"{path}: expected a date")
            setattr(case, name, value)
            return
    if path == "patient.age":
        case.patient.age = None if value in (None, "") else int(value)
        return
    if path == "patient.sex":
        case.patient.sex = Sex(value) if value else None
        return
    item_path = parse_item_path(path)
    if item_path:
        index, name = item_path
        if not 0 <= index < len(case.items):
            raise FieldPathError(f"no item {index + 1}")
        item = case.items[index]
        if name in ("request", "claims_administrator_guideline", "rationale"):
            setattr(item, name, value or "")
            return
        if name in ("original_request", "authorised_part"):
            setattr(item, name, value or None)
            return
        if name == "decision":
            item.decision = Decision(value) if value else None
            return
    raise FieldPathError(f"no field {path!r}")


# --- structured edits (each one undoable step in the window) ---------------------


def add_item(case: Case, index: int | None = None, item: DisputedItem | None = None) -> int:
    """Insert an item (a blank one by default); returns its index."""
    position = len(case.items) if index is None else max(0, min(index, len(case.items)))
    case.items.insert(position, item or DisputedItem())
    return position


def remove_item(case: Case, index: int) -> DisputedItem:
    return case.items.pop(index)


def move_item(case: Case, index: int, offset: int) -> int:
    """Move an item up (-1) or down (+1); returns its new index (unchanged at an end)."""
    target = index + offset
    if not (0 <= index < len(case.items) and 0 <= target < len(case.items)):
        return index
    case.items[index], case.items[target] = case.items[target], case.items[index]
    return target


def add_citation(case: Case, index: int, citation: Citation) -> None:
    """Cite into an item; an identical citation already there is not repeated."""
    citations = case.items[index].citations
    if citation not in citations:
        citations.append(citation)


def remove_citation(case: Case, index: int, citation_index: int) -> None:
    del case.items[index].citations[citation_index]


def replace_citation(case: Case, index: int, citation_index: int, citation: Citation) -> None:
    case.items[index].citations[citation_index] = citation


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """Where ``new`` differs from ``old``: (start, end in new, end in old), from the
    longest common prefix and suffix."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return start, len(new) - tail, len(old) - tail


def insert_text(original: str, position: int | None, text: str) -> str:
    """Insert ``text`` at ``position`` (end when None), with a space where words meet."""
    pos = len(original) if position is None else max(0, min(position, len(original)))
    before, after = original[:pos], original[pos:]
    if before and not before[-1].isspace() and text and not text[0].isspace():
        text = " " + text
    if after and not after[0].isspace() and text and not text[-1].isspace():
        text = text + " "
    return before + text + after
