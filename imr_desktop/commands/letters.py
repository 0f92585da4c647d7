"""``imr-desktop letters …``: a determination letter in as a draft case; prior
letters attached to a case as references, their items copied in."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from imr_desktop.model import case_to_dict

from .common import CommandError, open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    letters = sub.add_parser("letters", help="import determination letters (PDF or text)")
    letters_sub = letters.add_subparsers(dest="letters_command", metavar="ACTION", required=True)

    p = letters_sub.add_parser("import", help="create a draft case from a letter")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the case JSON and the report")
    p.set_defaults(handler=import_file)

    p = letters_sub.add_parser("attach", help="keep a prior letter with a case as a reference")
    p.add_argument("case", help="case number, e.g. CM16-0000101")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=attach)

    p = letters_sub.add_parser("list", help="the prior letters attached to a case")
    p.add_argument("case")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_letters)

    p = letters_sub.add_parser("copy-item", help="copy an item of a prior letter into the case")
    p.add_argument("case")
    p.add_argument("letter", type=int, help="the prior letter's id (see 'letters list')")
    p.add_argument("item", type=int, help="the item's number in that letter, from 1")
    p.set_defaults(handler=copy_item)


def _read(path: Path):
    from imr_desktop.letters import LetterImportError, import_letter

    try:
        return import_letter(path)
    except LetterImportError as exc:
        raise CommandError(str(exc)) from exc


def import_file(args: argparse.Namespace) -> int:
    from imr_desktop.letters.prior_letters import create_draft_from_letter

    case, report = _read(args.file)
    with open_workspace(args) as ws:
        case_id, note = create_draft_from_letter(ws.cases, case)
        if note:
            report.warnings.insert(0, note)
        saved = ws.cases.load(case_id)
    report.case_number = saved.case_number
    if args.json:
        print(
            json.dumps(
                {"case": case_to_dict(saved), "report": report.to_dict()},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(f"Imported {args.file.name} as draft case {saved.case_number}.")
        for line in report.lines():
            print(f"  {line}")
    return 0


def attach(args: argparse.Namespace) -> int:
    from imr_desktop.letters import LetterImportError
    from imr_desktop.letters.prior_letters import PriorLetters

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        try:
            prior = PriorLetters(ws.cases).attach(case_id, args.file)
        except LetterImportError as exc:
            raise CommandError(str(exc)) from exc
    print(
        f"Attached {prior.file_name} (letter {prior.letter_case_number or 'without number'}, "
        f"{prior.items} item(s)) to {args.case} as prior letter {prior.prior_id}."
    )
    return 0


def list_letters(args: argparse.Namespace) -> int:
    from imr_desktop.letters.prior_letters import PriorLetters

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        priors = PriorLetters(ws.cases)
        rows = [(p, priors.letter(p.prior_id)) for p in priors.list(case_id)]
    if args.json:
        for p, letter in rows:
            print(
                json.dumps(
                    {
                        "id": p.prior_id,
                        "file_name": p.file_name,
                        "letter_case_number": p.letter_case_number,
                        "attached_at": p.attached_at,
                        "items": [
                            {
                                "request": i.request,
                                "decision": i.decision.value if i.decision else None,
                            }
                            for i in letter.items
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    if not rows:
        print(f"No prior letters attached to {args.case}.")
    for p, letter in rows:
        print(f"[{p.prior_id}] {p.file_name}  {p.letter_case_number or '-'}  {p.attached_at}")
        for n, item in enumerate(letter.items, start=1):
            decision = item.decision.label if item.decision else "-"
            print(f"      {n}. {item.request[:70]}  ({decision})")
    return 0


def copy_item(args: argparse.Namespace) -> int:
    from imr_desktop.letters.prior_letters import PriorLetters, copy_item_into

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case)
        priors = PriorLetters(ws.cases)
        prior = priors.get(args.letter)
        if prior.case_id != case_id:
            raise CommandError(f"prior letter {args.letter} is not attached to {args.case}")
        letter = priors.letter(args.letter)
        if not 1 <= args.item <= len(letter.items):
            raise CommandError(
                f"prior letter {args.letter} has {len(letter.items)} item(s); no item {args.item}"
            )
        placed: list[int] = []
        ws.cases.update(
            case_id,
            lambda case: placed.append(copy_item_into(case, letter.items[args.item - 1])),
            reason="item copied from a prior letter",
        )
        index = placed[-1]
    print(f"Copied item {args.item} into {args.case} as item {index + 1}.")
    return 0
