"""Check, export and finalise a case's letter: the one flow the window and the
command line share (QA, the override when QA has errors, the PDF, the audit log).

- :func:`check` runs the QA with what only the data folder knows (the reviewer's
  name from the profile, the number of records) and the guideline sources' in-force
  dates, which the caller passes from its library (``library.guideline_sources()``).
- :func:`export_letter` refuses a letter with QA errors unless ``force``; a forced
  export is recorded in the audit log as overridden.
- :func:`finalize` stamps the decision date (today, when empty), exports and records
  the PDF's SHA-256 and the moment it was made; the case becomes read-only. A final
  case's letter is built in ReportLab's invariant mode with that moment as its
  creation date, so exporting it again gives the same bytes and the recorded SHA-256
  proves the file (:func:`verify_export`). A draft's PDF is created when exported.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.cases.store import CaseStore
from imr_desktop.model import Case
from imr_desktop.model.passage import GuidelineSource

from .qa import Finding, check_case, has_errors

if TYPE_CHECKING:
    from .spelling_rule import TextCheck

log = logging.getLogger(__name__)


class QAErrorsError(Exception):
    """The letter has QA errors and the export was not forced."""

    def __init__(self, case_number: str, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.is_error]
        super().__init__(
            f"{case_number}: {len(errors)} QA error(s); fix them or export with --force "
            "(the override is recorded in the audit log)"
        )
        self.findings = findings


@dataclass
class LetterExport:
    case_number: str
    path: Path
    sha256: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    overridden: bool = False
    finalized: bool = False


def record_count(store: CaseStore, data_dir: Path | None, case_id: int) -> int | None:
    """How many records the case file holds (None when it cannot be told)."""
    if data_dir is None:
        return None
    try:
        from imr_desktop.records.schema import document_count

        return document_count(store.db, case_id)
    except Exception:  # records are optional here: never let them stop a QA run
        return None


def check(
    store: CaseStore,
    case_id: int,
    *,
    data_dir: Path | None = None,
    sources: Sequence[GuidelineSource] = (),
    spelling: TextCheck | None = None,
) -> list[Finding]:
    return check_loaded(
        store, store.load(case_id), case_id, data_dir=data_dir, sources=sources, spelling=spelling
    )


def check_loaded(
    store: CaseStore,
    case: Case,
    case_id: int | None,
    *,
    data_dir: Path | None = None,
    sources: Sequence[GuidelineSource] = (),
    spelling: TextCheck | None = None,
) -> list[Finding]:
    """The QA findings; with ``spelling`` (a checker of one text, see
    ``spelling_rule``) the spelling warnings too, after the other warnings."""
    records = record_count(store, data_dir, case_id) if case_id is not None else None
    findings = check_case(
        case, reviewer_name=store.reviewer_profile().name, records=records, sources=sources
    )
    if spelling is not None:
        from .spelling_rule import spelling_findings  # the spelling rule, when asked

        findings += spelling_findings(case, spelling)
    return findings


def _audit(store: CaseStore, action: str, case_number: str, detail: str) -> None:
    with store.db.atomic():
        store.audit.append(action, case_number, detail)


def export_letter(
    store: CaseStore,
    case_id: int,
    path: Path | str,
    *,
    force: bool = False,
    invariant: bool = False,
    data_dir: Path | None = None,
    case: Case | None = None,
    created: dt.datetime | None = None,
) -> LetterExport:
    """Write the case's letter as a PDF (atomically). ``case`` overrides the stored
    copy (the window's draft, already autosaved). The PDF's creation date is
    ``created``, now when not given; a final case's is the moment it was finalized."""
    from imr_desktop.export import write_letter_pdf

    case = case if case is not None else store.load(case_id)
    # Without the library's sources: only errors decide an export, and the
    # edition-in-force check gives warnings (the command line opens no library here).
    findings = check_loaded(store, case, case_id, data_dir=data_dir)
    errors = [f for f in findings if f.is_error]
    if errors and not force:
        raise QAErrorsError(case.case_number, findings)
    if case.is_final:
        invariant, created = True, store.final_pdf_created(case_id)
    result = write_letter_pdf(case, path, invariant=invariant, created=created)
    if errors:
        _audit(
            store,
            "export overridden",
            case.case_number,
            f"{len(errors)} QA error(s): " + "; ".join(sorted({f.rule for f in errors})),
        )
    _audit(store, "exported", case.case_number, f"pdf sha256 {result.sha256}")
    log.info("exported letter %s (%d pages)", case.case_number, result.pages)
    return LetterExport(
        case.case_number,
        Path(path),
        result.sha256,
        result.pages,
        findings,
        overridden=bool(errors),
    )


def finalize(
    store: CaseStore,
    case_id: int,
    path: Path | str,
    *,
    force: bool = False,
    data_dir: Path | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> LetterExport:
    """Export the final letter and make the case read-only with the PDF's SHA-256
    and its creation moment (``now``, the clock when not given)."""
    case = store.load(case_id)
    if case.is_final:
        raise_final(case)
    stamp = case.decision_date is None
    if stamp:
        case.decision_date = today or dt.date.today()
    findings = check_loaded(store, case, case_id, data_dir=data_dir)
    if has_errors(findings) and not force:
        raise QAErrorsError(case.case_number, findings)
    if stamp:
        store.save(case_id, case, reason="decision date set")
    moment = now or dt.datetime.now()
    created = (moment if moment.tzinfo else moment.astimezone()).replace(microsecond=0)
    exported = export_letter(
        store,
        case_id,
        path,
        force=force,
        invariant=True,
        data_dir=data_dir,
        case=case,
        created=created,
    )
    store.finalize(case_id, exported.sha256, created)
    exported.finalized = True
    return exported


def raise_final(case: Case) -> None:
    from imr_desktop.cases.store import CaseFinalizedError

    raise CaseFinalizedError(f"case {case.case_number} is already final; reopen it first")


def reopen(store: CaseStore, case_id: int, why: str) -> Case:
    why = " ".join(why.split())
    if not why:
        raise ValueError("say why the case is reopened (it is recorded in the audit log)")
    return store.reopen(case_id, why)


def verify_export(store: CaseStore, case_id: int) -> bool:
    """Whether the final case's letter, built again, has the recorded SHA-256."""
    import hashlib

    from imr_desktop.export import render_letter_pdf

    recorded = store.final_pdf_sha256(case_id)
    if not recorded:
        return False
    created = store.final_pdf_created(case_id)
    data, _ = render_letter_pdf(store.load(case_id), invariant=True, created=created)
    return hashlib.sha256(data).hexdigest() == recorded
