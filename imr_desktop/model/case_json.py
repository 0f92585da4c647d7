"""Case JSON ("imr-case/1", DESIGN.md section 7): the interchange format.

``case_from_json`` validates everything before it builds anything, so a bad file
yields one clear ``CaseFormatError`` naming the field, and no half-built case.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .case import (
    Case,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    Patient,
    Priority,
    ReviewerProfile,
    Sex,
    Status,
)

FORMAT = "imr-case/1"

# Far above any real letter (the longest of 174 published ones is ~40 KB), far
# below what would make the window or the store struggle.
MAX_TEXT_CHARS = 1_000_000
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ITEMS = 500

DATE_FIELDS = (
    "date_of_injury",
    "ur_denial_date",
    "application_received",
    "date_assigned",
    "decision_date",
    "due_date",
)


class CaseFormatError(ValueError):
    """The input is not a valid imr-case/1 document; the message says where and why."""


# --- out ---------------------------------------------------------------------------


def _date_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def case_to_dict(case: Case) -> dict[str, Any]:
    r = case.reviewer
    return {
        "format": FORMAT,
        "case_number": case.case_number,
        "claim_number": case.claim_number,
        "priority": case.priority.value,
        **{name: _date_out(getattr(case, name)) for name in DATE_FIELDS},
        "status": case.status.value,
        "reviewer": {
            "organisation": r.organisation,
            "specialty": r.specialty,
            "board_certified": r.board_certified,
            "licensure": list(r.licensure),
            "years_in_practice": r.years_in_practice,
            "hours_per_week": r.hours_per_week,
        },
        "patient": {
            "age": case.patient.age,
            "sex": case.patient.sex.value if case.patient.sex else None,
        },
        "summary": case.summary,
        "items": [item_to_dict(item) for item in case.items],
        "notes": case.notes,
    }


def item_to_dict(item: DisputedItem) -> dict[str, Any]:
    return {
        "request": item.request,
        "original_request": item.original_request,
        "authorised_part": item.authorised_part,
        "decision": item.decision.value if item.decision else None,
        "claims_administrator_guideline": item.claims_administrator_guideline,
        "citations": [citation_to_dict(c) for c in item.citations],
        "rationale": item.rationale,
    }


def citation_to_dict(c: Citation) -> dict[str, Any]:
    return {
        "kind": c.kind.value,
        "source": c.source,
        "edition": c.edition,
        "section": c.section,
        "pages": c.pages,
    }


def case_to_json(case: Case, *, compact: bool = False) -> str:
    """Case JSON text: indented for people, or compact (the C encoder, ~10x faster)
    for snapshots written on every autosave."""
    if compact:
        return json.dumps(case_to_dict(case), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(case_to_dict(case), indent=2, ensure_ascii=False) + "\n"


# --- in ----------------------------------------------------------------------------


class _Reader:
    """Typed access to one JSON object, with the path of each field for messages."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise CaseFormatError(f"{path or 'the document'}: expected an object")
        self.data = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, *, required: bool = False, nullable: bool = False) -> Any:
        if key not in self.data:
            if required:
                raise CaseFormatError(f"{self._where(key)}: missing")
            return None if nullable else ""
        value = self.data[key]
        if value is None:
            if nullable:
                return None
            if required:
                raise CaseFormatError(f"{self._where(key)}: must not be null")
            return ""
        if not isinstance(value, str):
            raise CaseFormatError(f"{self._where(key)}: expected text, got {type(value).__name__}")
        _refuse_surrogates(value, self._where(key))
        if len(value) > MAX_TEXT_CHARS:
            raise CaseFormatError(
                f"{self._where(key)}: {len(value):,} characters is more than the "
                f"{MAX_TEXT_CHARS:,} a field may hold"
            )
        return value

    def integer(self, key: str, *, nullable: bool = True, default: int | None = None) -> Any:
        value = self.data.get(key, default)
        if value is None:
            if nullable:
                return None
            raise CaseFormatError(f"{self._where(key)}: missing")
        if isinstance(value, bool) or not isinstance(value, int):
            raise CaseFormatError(f"{self._where(key)}: expected a whole number, got {value!r:.40}")
        if not 0 <= value <= 200:
            raise CaseFormatError(f"{self._where(key)}: {value} is out of range (0-200)")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise CaseFormatError(f"{self._where(key)}: expected true or false")
        return value

    def choice(self, key: str, enum_type: Any, *, default: Any = None) -> Any:
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            raise CaseFormatError(
                f"{self._where(key)}: expected one of {allowed}, got {value!r:.40}"
            ) from None

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        where = self._where(key)
        if not isinstance(value, str):
            raise CaseFormatError(f"{where}: expected a date as YYYY-MM-DD")
        return parse_iso_date(value, where)

    def list(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise CaseFormatError(f"{self._where(key)}: expected a list")
        return value

    def child(self, key: str) -> _Reader:
        value = self.data.get(key)
        return _Reader({} if value is None else value, self._where(key))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(value: str, where: str) -> None:
    """A JSON escape such as \\ud800 without its pair decodes to no character at all;
    it cannot be stored or printed, so the file is refused where it happens."""
    found = _LONE_SURROGATE.search(value)
    if found:
        raise CaseFormatError(
            f"{where}: holds an invalid character (a lone UTF-16 surrogate, "
            f"\\u{ord(found.group()):04x}) at position {found.start() + 1}"
        )


def parse_iso_date(value: str, where: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseFormatError(f"{where}: {value!r:.40} is not a date as YYYY-MM-DD") from None


def case_from_dict(data: Any) -> Case:
    top = _Reader(data, "")
    fmt = data.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("imr-case/"):
            raise CaseFormatError(
                f"format: {fmt!r} is a newer or unknown version; this app reads {FORMAT!r}"
            )
        raise CaseFormatError(f"format: expected {FORMAT!r}, got {fmt!r:.40}")
    case_number = top.text("case_number", required=True).strip()
    if not case_number:
        raise CaseFormatError("case_number: must not be empty")
    rv = top.child("reviewer")
    licensure = rv.list("licensure")
    if not all(isinstance(s, str) for s in licensure):
        raise CaseFormatError("reviewer.licensure: expected a list of state names")
    for n, state in enumerate(licensure):
        _refuse_surrogates(state, f"reviewer.licensure[{n}]")
    pt = top.child("patient")
    raw_items = top.list("items")
    if len(raw_items) > MAX_ITEMS:
        raise CaseFormatError(f"items: {len(raw_items)} items is more than {MAX_ITEMS}")
    return Case(
        case_number=case_number,
        claim_number=top.text("claim_number", nullable=True),
        priority=top.choice("priority", Priority, default=Priority.STANDARD),
        **{name: top.date(name) for name in DATE_FIELDS},
        status=top.choice("status", Status, default=Status.DRAFT),
        reviewer=ReviewerProfile(
            organisation=rv.text("organisation") or ReviewerProfile().organisation,
            specialty=rv.text("specialty"),
            board_certified=rv.boolean("board_certified", True),
            licensure=list(licensure),
            years_in_practice=rv.integer("years_in_practice", default=0) or 0,
            hours_per_week=rv.integer("hours_per_week", default=0) or 0,
        ),
        patient=Patient(age=pt.integer("age"), sex=pt.choice("sex", Sex)),
        summary=top.text("summary"),
        items=[_item_from(raw, f"items[{i}]") for i, raw in enumerate(raw_items)],
        notes=top.text("notes"),  # optional extension of imr-case/1: working notes
    )


def _item_from(raw: Any, path: str) -> DisputedItem:
    r = _Reader(raw, path)
    citations = [
        _citation_from(c, f"{path}.citations[{j}]") for j, c in enumerate(r.list("citations"))
    ]
    return DisputedItem(
        request=r.text("request", required=True),
        original_request=r.text("original_request", nullable=True),
        authorised_part=r.text("authorised_part", nullable=True),
        decision=r.choice("decision", Decision),
        claims_administrator_guideline=r.text("claims_administrator_guideline"),
        citations=citations,
        rationale=r.text("rationale"),
    )


def _citation_from(raw: Any, path: str) -> Citation:
    r = _Reader(raw, path)
    kind = r.choice("kind", CitationKind)
    if kind is None:
        raise CaseFormatError(f"{path}.kind: missing ('mtus' or 'non_mtus')")
    return Citation(
        kind=kind,
        source=r.text("source", required=True),
        edition=r.text("edition", nullable=True),
        section=r.text("section", nullable=True),
        pages=r.text("pages", nullable=True),
    )


def case_from_json(text: str | bytes) -> Case:
    if len(text) > MAX_FILE_BYTES:
        raise CaseFormatError(
            f"the file is {len(text) / 1e6:.1f} MB; a case file may be at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
        )
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CaseFormatError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise CaseFormatError("not a case file: its JSON is nested far too deep") from None
    except ValueError:  # a number of thousands of digits (Python's int limit)
        raise CaseFormatError(
            "not a case file: it holds a number thousands of digits long"
        ) from None
    return case_from_dict(data)
