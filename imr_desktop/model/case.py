"""The case as the reviewer edits it: plain dataclasses, no I/O, no Qt.

Every other layer speaks in these types: the store persists them, the letter
composer reads them, the window edits them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace

from .deadline import Deadline, deadline

DEFAULT_ORGANISATION = "MAXIMUS Federal Services"

# Days a reviewer has from assignment to decision (DOMAIN.md: standard 30, expedited 3).
DEADLINE_DAYS = {"standard": 30, "expedited": 3}


class Decision(enum.StrEnum):
    UPHELD = "upheld"  # UR denial stands: not medically necessary
    OVERTURNED = "overturned"  # the service is medically necessary

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CitationKind(enum.StrEnum):
    MTUS = "mtus"
    NON_MTUS = "non_mtus"

    @property
    def label(self) -> str:
        return "MTUS" if self is CitationKind.MTUS else "Non-MTUS"


class Priority(enum.StrEnum):
    STANDARD = "standard"
    EXPEDITED = "expedited"


class Status(enum.StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


@dataclass
class Citation:
    """One guideline the reviewer based an item's decision on (DESIGN.md calls it
    GuidelineBasis): MTUS with section or pages, or a Non-MTUS source."""

    kind: CitationKind
    source: str
    edition: str | None = None
    section: str | None = None
    pages: str | None = None


GuidelineBasis = Citation


@dataclass
class DisputedItem:
    """One disputed item/service.

    When UR modified the request, ``original_request`` and ``authorised_part`` are
    set and ``request`` is the IMR-eligible remainder that this review decides.
    """

    request: str = ""
    original_request: str | None = None
    authorised_part: str | None = None
    decision: Decision | None = None
    claims_administrator_guideline: str = ""
    citations: list[Citation] = field(default_factory=list)
    rationale: str = ""

    @property
    def is_modified(self) -> bool:
        return bool(self.original_request and self.authorised_part)


@dataclass
class ReviewerProfile:
    """The expert reviewer's qualifications as the letter describes them.

    ``name`` exists only for the audit log: it never enters a case, case JSON or
    a letter (LC 4610.6(f))."""

    organisation: str = DEFAULT_ORGANISATION
    specialty: str = ""
    board_certified: bool = True
    licensure: list[str] = field(default_factory=lambda: ["California"])
    years_in_practice: int = 0
    hours_per_week: int = 0
    name: str = ""
    # A preference of the reviewer, not a qualification: never part of a case.
    check_spelling: bool = True

    def for_case(self) -> ReviewerProfile:
        """The copy a case keeps: the qualifications (not the name, not preferences)."""
        return replace(self, name="", check_spelling=True, licensure=list(self.licensure))


@dataclass
class Patient:
    age: int | None = None
    sex: Sex | None = None


@dataclass
class Case:
    case_number: str
    claim_number: str | None = None
    priority: Priority = Priority.STANDARD
    date_of_injury: dt.date | None = None
    ur_denial_date: dt.date | None = None
    application_received: dt.date | None = None
    date_assigned: dt.date | None = None
    decision_date: dt.date | None = None
    due_date: dt.date | None = None
    status: Status = Status.DRAFT
    reviewer: ReviewerProfile = field(default_factory=ReviewerProfile)
    patient: Patient = field(default_factory=Patient)
    summary: str = ""
    items: list[DisputedItem] = field(default_factory=list)
    # The reviewer's working notes (never printed): e.g. text a letter import could not place.
    notes: str = ""

    @property
    def is_final(self) -> bool:
        return self.status is Status.FINAL

    def effective_due_date(self) -> dt.date | None:
        """The due date the reviewer set, else the statutory deadline from assignment."""
        if self.due_date is not None:
            return self.due_date
        if self.date_assigned is None:
            return None
        return self.date_assigned + dt.timedelta(days=DEADLINE_DAYS[self.priority.value])

    def deadline(self, today: dt.date) -> Deadline:
        return deadline(self.effective_due_date(), self.decision_date, today)


@dataclass
class CaseSummary:
    """One row of the case queue: what the queue shows, without the case body."""

    case_id: int
    case_number: str
    priority: Priority
    status: Status
    due_date: dt.date | None
    items: int
    updated_at: str
    decision_date: dt.date | None = None

    def deadline(self, today: dt.date) -> Deadline:
        return deadline(self.due_date, self.decision_date, today)


def copy_case(case: Case) -> Case:
    """A deep copy, cheaper and clearer than copy.deepcopy for these plain types."""
    return replace(
        case,
        reviewer=replace(case.reviewer, licensure=list(case.reviewer.licensure)),
        patient=replace(case.patient),
        items=[
            replace(item, citations=[replace(c) for c in item.citations]) for item in case.items
        ],
    )
