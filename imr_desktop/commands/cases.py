"""``imr-desktop cases …``: the queue, and case JSON in and out."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from imr_desktop.atomic import atomic_write_text
from imr_desktop.model import case_to_dict, case_to_json
from imr_desktop.model.case_json import DATE_FIELDS
from imr_desktop.model.deadline import deadline_text

from .common import CommandError, open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="list, show, import and export cases")
    cases_sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    p = cases_sub.add_parser("list", help="the case queue")
    p.add_argument("--json", action="store_true", help="one JSON object per case")
    p.set_defaults(handler=list_cases)

    p = cases_sub.add_parser("show", help="one case")
    p.add_argument("case", help="case number, e.g. CM16-0000101")
    p.add_argument("--json", action="store_true", help="as case JSON (imr-case/1)")
    p.set_defaults(handler=show_case)

    p = cases_sub.add_parser("import", help="add a case from a case JSON file")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=import_case)

    p = cases_sub.add_parser("export-json", help="write a case as case JSON")
    p.add_argument("case")
    p.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write ('-' for stdout)"
    )
    p.set_defaults(handler=export_case_json)


def list_cases(args: argparse.Namespace) -> int:
    today = dt.date.today()
    with open_workspace(args) as ws:
        rows = ws.cases.list_cases()
    if args.json:
        for r in rows:
            print(
                json.dumps(
                    {
                        "case_number": r.case_number,
                        "priority": r.priority.value,
                        "status": r.status.value,
                        "due_date": r.due_date.isoformat() if r.due_date else None,
                        "items": r.items,
                    }
                )
            )
        return 0
    print(f"{'CASE':<14} {'PRIORITY':<10} {'STATUS':<7} {'DUE':<11} {'ITEMS':>5}  DEADLINE")
    for r in rows:
        print(
            f"{r.case_number:<14} {r.priority.value:<10} {r.status.value:<7} "
            f"{r.due_date.isoformat() if r.due_date else '-':<11} {r.items:>5}  "
            f"{deadline_text(r.deadline(today))}"
        )
    return 0


def show_case(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.cases.load(ws.cases.resolve(args.case))
    if args.json:
        print(case_to_json(case), end="")
        return 0
    data = case_to_dict(case)
    for key in (
        "case_number",
        "claim_number",
        "priority",
        "status",
        *DATE_FIELDS,
    ):
        print(f"{key.replace('_', ' ').capitalize() + ':':<22} {data[key] or '-'}")
    print(f"{'Patient:':<22} {data['patient']['age'] or '-'} {data['patient']['sex'] or ''}")
    for n, item in enumerate(case.items, 1):
        decision = item.decision.label if item.decision else "undecided"
        print(f"Item {n}: {item.request} — {decision}")
    return 0


def import_case(args: argparse.Namespace) -> int:
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from exc
    with open_workspace(args) as ws:
        case_id = ws.cases.import_case_json(raw)
        number = ws.cases.load(case_id).case_number
    print(f"imported {number}")
    return 0


def export_case_json(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.cases.load(ws.cases.resolve(args.case))
    text = case_to_json(case)
    if str(args.output) == "-":
        print(text, end="")
        return 0
    try:
        atomic_write_text(args.output, text)
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror}") from exc
    print(f"wrote {args.output}")
    return 0
