"""``imr-desktop precedents …``: published decisions in (files or folders), similar
decisions for a request, and their counts.

``precedents.db`` holds public records only, so these commands open it without the
passphrase of ``cases.db``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .common import CommandError

if TYPE_CHECKING:
    from imr_desktop.precedents import PrecedentLibrary


def register(sub: argparse._SubParsersAction) -> None:
    p_top = sub.add_parser("precedents", help="published decisions: import, search, stats")
    p_sub = p_top.add_subparsers(dest="precedents_command", metavar="ACTION", required=True)

    p = p_sub.add_parser("import", help="import published determination letters (PDF or text)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    p.add_argument("--replace", action="store_true", help="replace decisions already imported")
    p.add_argument("--workers", type=int, help="processes reading files (default: every core)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=import_paths)

    p = p_sub.add_parser("search", help="published decisions on a similar request")
    p.add_argument("text", help="the request, as written in a letter")
    p.add_argument("--json", action="store_true", help="one JSON object per decision")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler=search)

    p = p_sub.add_parser("stats", help="how similar requests were decided and what was cited")
    p.add_argument("text", help="the request, as written in a letter")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(handler=stats)

    p = p_sub.add_parser("imports", help="the imports in the library, and its size")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_imports)

    p = p_sub.add_parser("remove", help="remove the decisions of one import, or all")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("import_id", nargs="?", type=int, help="the import's number (see 'imports')")
    which.add_argument("--all", action="store_true", help="remove every imported decision")
    p.set_defaults(handler=remove)


def _open(args: argparse.Namespace) -> PrecedentLibrary:
    from imr_desktop import paths
    from imr_desktop.database import StoreError
    from imr_desktop.precedents import PrecedentLibrary

    try:
        return PrecedentLibrary.open(paths.data_dir(args.data_dir))
    except (StoreError, OSError) as exc:
        raise CommandError(f"precedents.db cannot be opened: {exc}") from exc


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{message[:70]:<70}", end="", file=sys.stderr, flush=True)


def import_paths(args: argparse.Namespace) -> int:
    from imr_desktop import paths
    from imr_desktop.database import StoreError
    from imr_desktop.precedents import import_published

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    folder = paths.data_dir(args.data_dir)
    try:
        report = import_published(
            folder, args.paths, replace=args.replace, progress=_progress, workers=args.workers
        )
    except (StoreError, OSError) as exc:
        raise CommandError(f"the import could not start: {exc}") from exc
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.summary())
        for line in report.lines:
            if line.status not in ("imported", "replaced"):
                print(f"  {line.text()}")
    if report.cancelled:
        return 130
    return 1 if report.failed or report.count("unreadable") else 0


def search(args: argparse.Namespace) -> int:
    from imr_desktop.model.case_json import citation_to_dict

    library = _open(args)
    try:
        hits = library.search(args.text, limit=max(1, args.limit))
    finally:
        library.close()
    if args.json:
        for hit in hits:
            record = {
                "case_number": hit.case_number,
                "decision_date": hit.decision_date.isoformat() if hit.decision_date else None,
                "request": hit.request,
                "decision": hit.decision,
                "citations": [citation_to_dict(c) for c in hit.citations],
                "score": round(hit.score, 4),
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not hits:
        print("No similar published decisions.")
    for hit in hits:
        date = hit.decision_date.strftime("%m/%d/%Y") if hit.decision_date else "no date"
        decision = hit.decision.capitalize() if hit.decision else "Undecided"
        print(f"{hit.case_number}  {date}  {decision:<10}  {hit.request}")
        for c in hit.citations:
            print(f"      {' '.join(p for p in (c.source, c.edition) if p)}: {c.section or ''}")
    return 0


def stats(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        found = library.stats(args.text)
    finally:
        library.close()
    if args.json:  # decisions, upheld, overturned, citations (kind … count)
        print(json.dumps(asdict(found), ensure_ascii=False))
        return 0
    print(found.summary_line())
    for c in found.citations:
        print(f"  {c.count:>4}  {c.label}")
    return 0


def list_imports(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        imports, summary = library.imports(), library.summary()
    finally:
        library.close()
    if args.json:
        print(
            json.dumps(
                {
                    "decisions": summary.decisions,
                    "items": summary.items,
                    "first_date": summary.first_date.isoformat() if summary.first_date else None,
                    "last_date": summary.last_date.isoformat() if summary.last_date else None,
                    "imports": [
                        {
                            "id": i.import_id,
                            "started_at": i.started_at,
                            "label": i.label,
                            "decisions": i.decisions,
                            "files": i.files,
                            "cancelled": i.cancelled,
                        }
                        for i in imports
                    ],
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(summary.line())
    for i in imports:
        note = " (canceled)" if i.cancelled else ""
        print(f"  [{i.import_id}] {i.started_at}  {i.label}: {i.decisions} decision(s){note}")
    return 0


def remove(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        if args.all:
            gone = library.remove_all()
        else:
            if args.import_id not in {i.import_id for i in library.imports()}:
                raise CommandError(f"no import {args.import_id} (see 'precedents imports')")
            gone = library.remove_import(args.import_id)
    finally:
        library.close()
    print(f"Removed {gone} published decision(s).")
    return 0
