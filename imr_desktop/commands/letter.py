"""``imr-desktop check|export|finalize|reopen``: the determination letter."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .common import CommandError, open_workspace

if TYPE_CHECKING:
    from imr_desktop.letter.qa import Finding
    from imr_desktop.spelling.folder import FolderSpelling
    from imr_desktop.workspace import Workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="the QA findings of a case's letter (exit 1 on an error)")
    p.add_argument("case", help="case number, e.g. CM16-0000101")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per finding and line: severity, rule, message, path "
        "(and word, suggestions for spelling)",
    )
    p.set_defaults(handler=check_case)

    p = sub.add_parser("export", help="write a case's determination letter as a PDF")
    p.add_argument("case")
    p.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    p.add_argument(
        "--force",
        action="store_true",
        help="export despite QA errors (the override is recorded in the audit log)",
    )
    p.add_argument(
        "--invariant", action="store_true", help="byte-identical output (fixed dates and ids)"
    )
    p.set_defaults(handler=export_case)

    p = sub.add_parser(
        "finalize", help="export the final letter, record its SHA-256, make the case read-only"
    )
    p.add_argument("case")
    p.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    p.add_argument("--force", action="store_true", help="finalize despite QA errors (audited)")
    p.set_defaults(handler=finalize_case)

    p = sub.add_parser("reopen", help="make a final case editable again (audited)")
    p.add_argument("case")
    p.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    p.set_defaults(handler=reopen_case)


def _print_findings(findings: list[Finding], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout  # looked up at call time (tests swap sys.stdout)
    for f in findings:
        print(f"{f.severity.symbol} {f.severity.value:<7} {f.message}  [{f.path}]", file=stream)


def check_case(args: argparse.Namespace) -> int:
    from imr_desktop.letter import workflow

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        spelling = _spelling(ws) if ws.cases.reviewer_profile().check_spelling else None
        findings = workflow.check(
            ws.cases,
            case_id,
            data_dir=ws.data_dir,
            sources=ws.library.guideline_sources(),
            spelling=spelling.text_check(case_id) if spelling else None,
        )
    if args.json:
        for f in findings:
            print(json.dumps(_finding_json(f, spelling), ensure_ascii=False))
    else:
        _print_findings(findings)
        errors = sum(1 for f in findings if f.is_error)
        print(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if any(f.is_error for f in findings) else 0


def _spelling(ws: Workspace) -> FolderSpelling | None:
    from imr_desktop.spelling.dictionaries import DictionaryMissingError
    from imr_desktop.spelling.folder import FolderSpelling

    try:
        spelling = FolderSpelling.open(ws.data_dir)
    except DictionaryMissingError as exc:  # a damaged install: QA without spelling
        print(f"spelling not checked: {exc}", file=sys.stderr)
        return None
    spelling.attach_cases(ws.cases.db)
    return spelling


def _finding_json(f: Finding, spelling: FolderSpelling | None) -> dict[str, object]:
    out: dict[str, object] = {
        "severity": f.severity.value,
        "rule": f.rule,
        "message": f.message,
        "path": f.path,
    }
    if f.word is not None:
        out["word"] = f.word
        if spelling is not None:
            out["suggestions"] = spelling.checker.suggest(f.word, limit=3)
    return out


def _output_ok(path: Path) -> None:
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give a file name ending in .pdf")
    if not path.parent.is_dir():
        raise CommandError(f"the folder {path.parent} does not exist; nothing was written")


def _about_output(exc: OSError, output: Path) -> bool:
    """Whether writing the letter failed (the file, its temporary copy beside it, or a
    full disk, which names no file), rather than reading what the letter needs."""
    if exc.filename is None:
        return True
    return Path(str(exc.filename)).resolve().parent == Path(output).resolve().parent


def _run_export(args: argparse.Namespace, finalize: bool) -> int:
    from imr_desktop.letter import workflow

    _output_ok(args.output)
    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        try:
            if finalize:
                done = workflow.finalize(
                    ws.cases, case_id, args.output, force=args.force, data_dir=ws.data_dir
                )
            else:
                done = workflow.export_letter(
                    ws.cases,
                    case_id,
                    args.output,
                    force=args.force,
                    invariant=args.invariant,
                    data_dir=ws.data_dir,
                )
        except workflow.QAErrorsError as exc:
            _print_findings([f for f in exc.findings if f.is_error], sys.stderr)
            raise CommandError(str(exc), 1) from exc
        except OSError as exc:
            if _about_output(exc, args.output):
                raise CommandError(
                    f"cannot write {args.output}: {exc.strerror or exc}; nothing was written"
                ) from exc
            where = f" ({exc.filename})" if exc.filename else ""
            raise CommandError(
                f"cannot export {args.case}: {exc.strerror or exc}{where}; nothing was written"
            ) from exc
    if done.overridden:
        print("QA errors overridden (recorded in the audit log)", file=sys.stderr)
    verb = "finalized" if done.finalized else "wrote"
    print(f"{verb} {done.path} ({done.pages} page(s), sha256 {done.sha256})")
    return 0


def export_case(args: argparse.Namespace) -> int:
    return _run_export(args, finalize=False)


def finalize_case(args: argparse.Namespace) -> int:
    return _run_export(args, finalize=True)


def reopen_case(args: argparse.Namespace) -> int:
    from imr_desktop.letter import workflow

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        try:
            case = workflow.reopen(ws.cases, case_id, args.reason)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    print(f"reopened {case.case_number}")
    return 0
