"""``imr-desktop guidelines …``: import, search, list and remove library sources."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.model.passage import STYLE_2014, STYLE_2016, GuidelineSource, SourceKind

from .common import CommandError, open_library

if TYPE_CHECKING:
    from imr_desktop.guidelines import SearchHit

KINDS = [k.value for k in SourceKind]


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("guidelines", help="the guideline library: import, search, sources")
    g_sub = g.add_subparsers(dest="guidelines_command", metavar="ACTION", required=True)

    p = g_sub.add_parser("import", help="import a library file (.json, .csv, .md or .pdf)")
    p.add_argument("file", type=Path)
    p.add_argument("--title", help="PDF only: the source's title (default: from the file)")
    p.add_argument("--kind", choices=KINDS, help="PDF only: the source kind (default literature)")
    p.add_argument("--edition", default="", help="PDF only: the edition, e.g. 2009")
    p.add_argument("--cite-as", default="", help="PDF only: how letters name the guideline")
    p.add_argument("--key", help="PDF only: the source key (a re-import with it replaces)")
    p.set_defaults(handler=import_file)

    p = g_sub.add_parser("search", help="search the library")
    p.add_argument("text", help="words to search for")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    p.add_argument("--kind", action="append", choices=KINDS, help="only this source kind")
    p.add_argument("--region", default="", help="only this body region")
    p.add_argument("--on", help="only editions in force on this date (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler=search)

    p = g_sub.add_parser(
        "suggest", help="suggested citations for a request (the library and published decisions)"
    )
    p.add_argument("text", help="the request, as written in a letter")
    p.add_argument("--on", help="editions in force on this date (YYYY-MM-DD), e.g. the UR denial")
    p.add_argument("--json", action="store_true", help="one JSON object per suggestion")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(handler=suggest)

    p = g_sub.add_parser("sources", help="list the library's sources")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_sources)

    p = g_sub.add_parser("remove", help="remove a source and its passages")
    p.add_argument("source", help="the source key (see 'guidelines sources')")
    p.set_defaults(handler=remove_source)


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{message}   ", end="", file=sys.stderr, flush=True)


def import_file(args: argparse.Namespace) -> int:
    from imr_desktop.guidelines import GuidelineImportError

    pdf_source = None
    if args.file.suffix.lower() == ".pdf" and (args.title or args.kind or args.key):
        from imr_desktop.guidelines.importers import slug

        title = args.title or args.file.stem
        pdf_source = GuidelineSource(
            key=args.key or slug(f"{title} {args.edition}"),
            title=title,
            kind=SourceKind(args.kind or "literature"),
            cite_as=args.cite_as,
            edition=args.edition,
        )
    with open_library(args) as library:
        try:
            report = library.import_file(args.file, progress=_progress, pdf_source=pdf_source)
        except GuidelineImportError as exc:
            raise CommandError(str(exc), 1) from exc
        finally:
            if sys.stderr.isatty():
                print(file=sys.stderr)
    verb = "replaced" if report.replaced else "imported"
    print(f"{verb} {report.passages} passages: {'; '.join(report.sources)}")
    return 0


def _hit_dict(hit: SearchHit) -> dict[str, object]:
    from imr_desktop.guidelines import highlight_segments, strip_highlights
    from imr_desktop.letter.guideline_line import passage_citation_text

    p = hit.passage
    snippet = hit.snippet or ""  # the command's search reads every snippet
    return {
        "id": p.id,
        "topic": p.topic,
        "source": p.source.title,
        "source_key": p.source.key,
        "edition": p.source.edition,
        "kind": p.source.kind.value,
        "chapter": p.chapter,
        "section": p.section,
        "pages": p.pages,
        "body_region": p.body_region,
        "status": p.status.value,
        "summary": p.is_summary,
        "snippet": strip_highlights(snippet),
        "matches": [text for text, is_match in highlight_segments(snippet) if is_match],
        # The citation as each generation of letters prints it (keys kept for scripts).
        "citation_pages_style": passage_citation_text(p, STYLE_2014),
        "citation_section_style": passage_citation_text(p, STYLE_2016),
        "text": p.text,
    }


def _marked(text: str) -> str:
    from imr_desktop.guidelines import highlight_segments

    return "".join(f"[{t}]" if m else t for t, m in highlight_segments(text))


def search(args: argparse.Namespace) -> int:
    on = None
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            raise CommandError(f"--on {args.on!r}: expected a date YYYY-MM-DD") from None
    kinds = [SourceKind(k) for k in args.kind or []]
    with open_library(args) as library:
        result = library.search(
            args.text, kinds=kinds, region=args.region, on=on, limit=max(1, args.limit)
        )
    if args.json:
        for hit in result.hits:
            print(json.dumps(_hit_dict(hit), ensure_ascii=False))
        if result.message:
            print(result.message, file=sys.stderr)
        return 0
    from imr_desktop.letter.compose import style_on
    from imr_desktop.letter.guideline_line import passage_citation_text

    if result.message:
        print(result.message)
    style = style_on(on) if on else STYLE_2016  # the letters of --on's day
    for n, hit in enumerate(result.hits, 1):
        p = hit.passage
        print(f"{n:>2}. {p.status.symbol} {p.topic}  [{p.status.label}]")
        print(f"    {passage_citation_text(p, style)}")
        if hit.snippet:
            print(f"    {_marked(hit.snippet)}")
    return 0


def _date_option(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on {text!r}: expected a date YYYY-MM-DD") from None


def suggest(args: argparse.Namespace) -> int:
    from imr_desktop import paths
    from imr_desktop.guidelines.suggest import precedents_connection
    from imr_desktop.guidelines.suggest import suggest as suggest_citations

    on = _date_option(args.on)
    precedents = precedents_connection(paths.data_dir(args.data_dir))
    try:
        with open_library(args) as library:
            found = suggest_citations(
                library, args.text, on=on, precedents=precedents, limit=max(1, args.limit)
            )
    finally:
        if precedents is not None:
            precedents.close()
    if args.json:
        for s in found.items:
            c = s.citation
            record = {
                "kind": c.kind.value,
                "source": c.source,
                "edition": c.edition,
                "section": c.section,
                "pages": c.pages,
                "score": s.score,
                "why": list(s.why),
                # The library passage it cites (None: only published decisions cite it).
                "passage_id": s.passage.id if s.passage else None,
                "topic": s.passage.topic if s.passage else None,
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    understood = "; ".join(f"{what}: {value}" for what, value in found.understood.describe())
    print(f"Understood as {understood}")
    if found.message:
        print(found.message)
    for n, s in enumerate(found.items, start=1):
        c = s.citation
        name = " ".join(p for p in (c.source, c.edition) if p)
        print(f"{n:>2}. {name}{': ' + c.section if c.section else ''}  ({s.score:.2f})")
        for why in s.why:
            print(f"      {why}")
    return 0


def list_sources(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        infos = library.sources()
    if args.json:
        for i in infos:
            s = i.source
            print(json.dumps({
                "key": s.key, "title": s.title, "edition": s.edition, "kind": s.kind.value,
                "rank": s.effective_rank, "passages": i.passages, "origin": i.origin,
                "in_force_from": s.in_force_from.isoformat() if s.in_force_from else None,
                "in_force_to": s.in_force_to.isoformat() if s.in_force_to else None,
            }))  # fmt: skip
        return 0
    print(f"{'KEY':<24} {'KIND':<10} {'IN FORCE':<23} {'PASSAGES':>8}  TITLE")
    for i in infos:
        s = i.source
        span = f"{s.in_force_from or '…'} – {s.in_force_to or '…'}"
        print(f"{s.key:<24} {s.kind.label:<10} {span:<23} {i.passages:>8}  {s.label}")
    return 0


def remove_source(args: argparse.Namespace) -> int:
    from imr_desktop.guidelines import GuidelineImportError

    with open_library(args) as library:
        try:
            removed = library.remove_source(args.source)
        except GuidelineImportError as exc:
            raise CommandError(str(exc), 1) from exc
    print(f"removed {args.source} ({removed} passages)")
    return 0
