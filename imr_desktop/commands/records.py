"""``imr-desktop records …``: attach the case file's PDFs, list them, search them and
list the dates found in them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import CommandError, open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    records = sub.add_parser("records", help="the case file's PDFs: attach, list, search, dates")
    records_sub = records.add_subparsers(dest="records_command", metavar="ACTION", required=True)

    p = records_sub.add_parser("attach", help="copy PDFs into the data folder and index them")
    p.add_argument("case", help="case number, e.g. CM16-0000101")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=attach)

    p = records_sub.add_parser("list", help="the documents attached to a case")
    p.add_argument("case")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_documents)

    p = records_sub.add_parser("search", help="search every document of a case")
    p.add_argument("case")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    p.set_defaults(handler=search)

    p = records_sub.add_parser(
        "verify", help="decrypt every attached document, check its SHA-256 (exit 1 on a failure)"
    )
    p.add_argument("case", nargs="?", help="only this case (default: every case)")
    p.set_defaults(handler=verify)

    p = records_sub.add_parser("dates", help="dates found in the records, and their range")
    p.add_argument("case")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=dates)


def attach(args: argparse.Namespace) -> int:
    from imr_desktop.database import StoreError
    from imr_desktop.records.store import RecordStore

    failures = 0
    with open_workspace(args) as ws:
        records = RecordStore(ws.cases.db, ws.data_dir)
        case_id = ws.cases.resolve(args.case)
        for path in args.files:

            def progress(done: int, total: int, name: str = path.name) -> None:
                if sys.stderr.isatty():
                    print(f"\r{name}: {done}/{total} pages", end="", file=sys.stderr, flush=True)

            try:
                doc = records.attach(case_id, path, progress=progress)
            except StoreError as exc:  # one bad file does not stop the others
                if sys.stderr.isatty():
                    print(file=sys.stderr)
                print(f"imr-desktop: {exc}", file=sys.stderr)
                failures += 1
                continue
            if sys.stderr.isatty():
                print(file=sys.stderr)
            note = f" — {doc.note}" if doc.note else ""
            print(f"attached {doc.title} ({doc.page_count} pages, sha256 {doc.sha256[:12]}…){note}")
    if failures:
        raise CommandError(f"{failures} of {len(args.files)} files not attached", 1)
    return 0


def list_documents(args: argparse.Namespace) -> int:
    from imr_desktop.records.store import RecordStore

    with open_workspace(args) as ws:
        docs = RecordStore(ws.cases.db, ws.data_dir).documents(ws.cases.resolve(args.case))
    if args.json:
        for d in docs:
            print(
                json.dumps(
                    {
                        "title": d.title,
                        "file_name": d.file_name,
                        "pages": d.page_count,
                        "text_pages": d.text_pages,
                        "sha256": d.sha256,
                        "size": d.size,
                        "attached_at": d.attached_at,
                    }
                )
            )
        return 0
    if not docs:
        print("no records attached")
    for d in docs:
        note = f"  ({d.note})" if d.note else ""
        print(f"{d.page_count:>6} pages  {d.title}{note}")
    return 0


def search(args: argparse.Namespace) -> int:
    from imr_desktop.records.store import RecordStore

    with open_workspace(args) as ws:
        records = RecordStore(ws.cases.db, ws.data_dir)
        hits = records.search(ws.cases.resolve(args.case), args.text, limit=max(1, args.limit))
    for h in hits:
        if args.json:
            print(
                json.dumps(
                    {
                        "document": h.title,
                        "page": h.page,
                        "snippet": h.marked(),
                        "matched": [t for t, m in h.parts() if m],
                    }
                )
            )
        else:
            print(f"{h.title}, p. {h.page}: {h.marked()}")
    if not hits and not args.json:
        print("no matches")
    return 0


def verify(args: argparse.Namespace) -> int:
    from imr_desktop.records.store import RecordStore

    with open_workspace(args) as ws:
        case_id = ws.cases.resolve(args.case) if args.case else None
        numbers = {c.case_id: c.case_number for c in ws.cases.list_cases()}
        results = RecordStore(ws.cases.db, ws.data_dir).verify(case_id)
    failed = 0
    for doc, problem in results:
        where = f"{numbers.get(doc.case_id, doc.case_id)}  {doc.title}"
        if problem is None:
            print(f"ok      {where} (sha256 {doc.sha256[:12]}…)")
        else:
            failed += 1
            print(f"FAILED  {where}: {problem}")
    print(f"{len(results) - failed} of {len(results)} document(s) verified")
    return 1 if failed else 0


def dates(args: argparse.Namespace) -> int:
    from imr_desktop.records.dates import range_phrase, record_range
    from imr_desktop.records.store import RecordStore

    with open_workspace(args) as ws:
        records = RecordStore(ws.cases.db, ws.data_dir)
        case_id = ws.cases.resolve(args.case)
        titles = {d.document_id: d.title for d in records.documents(case_id)}
        found = records.dates(case_id)
    span = record_range(found)
    if args.json:
        print(
            json.dumps(
                {
                    "range": [span[0].isoformat(), span[1].isoformat()] if span else None,
                    "phrase": range_phrase(*span) if span else None,
                    "dates": [
                        {
                            "date": f.date.isoformat(),
                            "kind": f.kind,
                            "document": titles[f.document_id],
                            "page": f.page,
                            "context": f.context,
                        }
                        for f in found
                    ],
                }
            )
        )
        return 0
    for f in found:
        print(f"{f.date:%m/%d/%Y}  {f.kind:<12} {titles[f.document_id]}, p. {f.page}: {f.context}")
    print(range_phrase(*span) if span else "no record dates found")
    return 0
