"""Reading a guideline library file: JSON, CSV or Markdown (formats documented in
docs/guidelines.md), or a PDF (``pdf_import``). Parsing never touches the database:
a file is read whole into :class:`ImportedSource` objects, and only then does the
library replace sources, in one transaction. A bad file therefore changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from imr_desktop.model.passage import GuidelineSource, Passage, RecommendationStatus, SourceKind
from imr_desktop.text_safety import shown_name

from .import_support import (
    CancelFlag,
    GuidelineImportError,
    ImportCancelled,
    ImportedSource,
    Progress,
    check_cancel,
    clean_text,
    never_cancel,
    no_progress,
    slug,
)

__all__ = [
    "CancelFlag",
    "GuidelineImportError",
    "ImportCancelled",
    "ImportedSource",
    "Progress",
    "check_cancel",
    "clean_text",
    "never_cancel",
    "no_progress",
    "read_library_file",
    "slug",
]

JSON_FORMAT = "imr-guidelines/1"
MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024

# --- shared field parsing -----------------------------------------------------------

_STATUS_ALIASES = {
    "recommended": RecommendationStatus.RECOMMENDED,
    "yes": RecommendationStatus.RECOMMENDED,
    "not recommended": RecommendationStatus.NOT_RECOMMENDED,
    "not_recommended": RecommendationStatus.NOT_RECOMMENDED,
    "no": RecommendationStatus.NOT_RECOMMENDED,
    "conditional": RecommendationStatus.CONDITIONAL,
    "conditionally recommended": RecommendationStatus.CONDITIONAL,
    "option": RecommendationStatus.CONDITIONAL,
    "not addressed": RecommendationStatus.NOT_ADDRESSED,
    "not_addressed": RecommendationStatus.NOT_ADDRESSED,
    "": RecommendationStatus.NOT_ADDRESSED,
}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise GuidelineImportError(f"{where}: {name} must be text")
    text = clean_text(str(value))
    if _LONE_SURROGATE.search(text):
        # A JSON escape such as \ud800 without its pair: no character at all.
        raise GuidelineImportError(f"{where}: {name} holds an invalid character (a lone surrogate)")
    return text


def _date(value: Any, where: str, name: str) -> dt.date | None:
    text = _text(value, where, name)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise GuidelineImportError(
            f"{where}: {name} {text!r:.40} is not a date (YYYY-MM-DD)"
        ) from None


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "yes", "true", "y", "summary")


def source_from_fields(fields: dict[str, Any], where: str) -> GuidelineSource:
    title = _text(fields.get("title"), where, "title")
    if not title:
        raise GuidelineImportError(f"{where}: the source has no title")
    kind_text = _text(fields.get("kind"), where, "kind").lower()
    try:
        kind = SourceKind(kind_text)
    except ValueError:
        allowed = ", ".join(k.value for k in SourceKind)
        raise GuidelineImportError(
            f"{where}: kind {kind_text!r:.30} is not one of {allowed}"
        ) from None
    edition = _text(fields.get("edition"), where, "edition")
    rank_text = _text(fields.get("rank"), where, "rank")
    if rank_text and not (rank_text.isascii() and rank_text.isdigit() and len(rank_text) <= 6):
        raise GuidelineImportError(f"{where}: rank must be a whole number from 0 to 999999")
    source = GuidelineSource(
        key=_text(fields.get("key"), where, "key") or slug(f"{title} {edition}"),
        title=title,
        kind=kind,
        cite_as=_text(fields.get("cite_as"), where, "cite_as"),
        cite_as_2014=_text(fields.get("cite_as_2014"), where, "cite_as_2014"),
        cited_whole=_flag(fields.get("cited_whole")),
        edition=edition,
        in_force_from=_date(fields.get("in_force_from"), where, "in_force_from"),
        in_force_to=_date(fields.get("in_force_to"), where, "in_force_to"),
        rank=int(rank_text) if rank_text else None,
    )
    if source.in_force_from and source.in_force_to and source.in_force_to < source.in_force_from:
        raise GuidelineImportError(f"{where}: in_force_to is before in_force_from")
    return source


def passage_from_fields(source: GuidelineSource, fields: dict[str, Any], where: str) -> Passage:
    topic = _text(fields.get("topic"), where, "topic")
    text = _text(fields.get("text"), where, "text")
    if not topic:
        raise GuidelineImportError(f"{where}: a passage has no topic")
    if not text:
        raise GuidelineImportError(f"{where}: passage {topic!r:.60} has no text")
    status_text = _text(fields.get("status"), where, "status").lower().replace("-", " ")
    status = _STATUS_ALIASES.get(status_text)
    if status is None:
        raise GuidelineImportError(
            f"{where}: status {status_text!r:.30} is not recommended, not recommended, "
            "conditional or not addressed"
        )
    return Passage(
        source=source,
        topic=topic,
        text=text,
        chapter=_text(fields.get("chapter"), where, "chapter"),
        section=_text(fields.get("section"), where, "section"),
        pages=_text(fields.get("pages"), where, "pages"),
        body_region=_text(fields.get("body_region", fields.get("region")), where, "body_region"),
        status=status,
        is_summary=_flag(fields.get("summary")),
    )


# --- the formats ----------------------------------------------------------------------


def read_json(data: str, name: str) -> list[ImportedSource]:
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise GuidelineImportError(
            f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise GuidelineImportError(f"{name}: its JSON is nested far too deep") from None
    except ValueError:  # a number of thousands of digits (Python's int limit)
        raise GuidelineImportError(f"{name} holds a number thousands of digits long") from None
    if not isinstance(doc, dict):
        raise GuidelineImportError(f"{name}: expected a JSON object with a source and passages")
    fmt = doc.get("format")
    if fmt not in (None, JSON_FORMAT):
        raise GuidelineImportError(f"{name}: format {fmt!r:.40} is not {JSON_FORMAT}")
    blocks = doc.get("sources") if "sources" in doc else [doc]
    if not isinstance(blocks, list) or not blocks:
        raise GuidelineImportError(f"{name}: no sources in the file")
    out = []
    for n, block in enumerate(blocks, 1):
        where = f"{name}, source {n}"
        if not isinstance(block, dict) or not isinstance(block.get("source"), dict):
            raise GuidelineImportError(
                f'{where}: expected {{"source": {{...}}, "passages": [...]}}'
            )
        source = source_from_fields(block["source"], where)
        items = block.get("passages")
        if not isinstance(items, list) or not items:
            raise GuidelineImportError(f"{where}: no passages")
        passages = []
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise GuidelineImportError(f"{where}, passage {i}: expected an object")
            passages.append(passage_from_fields(source, item, f"{where}, passage {i}"))
        out.append(ImportedSource(source, passages))
    return out


CSV_SOURCE_COLUMNS = (
    "source_key",
    "source_title",
    "source_kind",
    "source_edition",
    "source_cite_as",
    "source_cite_as_2014",
    "source_cited_whole",
    "source_in_force_from",
    "source_in_force_to",
    "source_rank",
)
CSV_REQUIRED = ("source_title", "source_kind", "topic", "text")


def read_csv(data: str, name: str) -> list[ImportedSource]:
    try:
        rows = list(csv.DictReader(io.StringIO(data, newline="")))
    except csv.Error as exc:
        raise GuidelineImportError(f"{name} is not a readable CSV file ({exc})") from None
    if not rows:
        raise GuidelineImportError(f"{name}: no rows (a header line and one row per passage)")
    header = [h.strip() for h in rows[0] if h is not None]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise GuidelineImportError(f"{name}: missing column(s) {', '.join(missing)}")
    grouped: dict[str, ImportedSource] = {}
    for line, row in enumerate(rows, 2):
        where = f"{name}, line {line}"
        if None in row:
            raise GuidelineImportError(f"{where}: more fields than the header has")
        row = {(k or "").strip(): v for k, v in row.items()}
        fields = {c.removeprefix("source_"): row.get(c) for c in CSV_SOURCE_COLUMNS}
        source = source_from_fields(fields, where)
        group = grouped.get(source.key)
        if group is None:
            group = grouped[source.key] = ImportedSource(source, [])
        elif group.source != source:
            raise GuidelineImportError(f"{where}: source {source.key!r} differs from earlier rows")
        group.passages.append(passage_from_fields(group.source, row, where))
    return list(grouped.values())


_MD_FIELD = re.compile(r"^([A-Za-z_ ]{2,20}):\s*(.*)$")
_SOURCE_KEYS = {
    "title",
    "kind",
    "edition",
    "cite_as",
    "cite_as_2014",
    "cited_whole",
    "key",
    "in_force_from",
    "in_force_to",
    "rank",
}
_PASSAGE_KEYS = {"chapter", "section", "pages", "region", "body_region", "status", "summary"}


def read_markdown(data: str, name: str) -> list[ImportedSource]:
    lines = data.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GuidelineImportError(f"{name}: a Markdown library starts with a '---' source block")
    fields: dict[str, str] = {}
    i = 1
    while i < len(lines) and lines[i].strip() != "---":
        m = _MD_FIELD.match(lines[i].strip())
        if m and m.group(1).strip().lower() in _SOURCE_KEYS:
            fields[m.group(1).strip().lower()] = m.group(2)
        elif lines[i].strip():
            raise GuidelineImportError(f"{name}, line {i + 1}: unknown source field")
        i += 1
    if i >= len(lines):
        raise GuidelineImportError(f"{name}: the source block has no closing '---'")
    source = source_from_fields(fields, name)
    passages: list[Passage] = []
    chapter = ""
    current: dict[str, Any] | None = None
    body: list[str] = []
    in_meta = False

    def flush(line_no: int) -> None:
        if current is not None:
            current["text"] = "\n".join(body).strip()
            passages.append(passage_from_fields(source, current, f"{name}, line {line_no}"))

    start = 0
    for n, raw in enumerate(lines[i + 1 :], i + 2):
        line = raw.rstrip()
        if line.startswith("# "):
            flush(start)
            current, body, chapter = None, [], line[2:].strip()
            continue
        if line.startswith("## "):
            flush(start)
            current, body, in_meta, start = (
                {"topic": line[3:].strip(), "chapter": chapter},
                [],
                True,
                n,
            )
            continue
        if current is None:
            if line.strip():
                raise GuidelineImportError(f"{name}, line {n}: text before the first '## ' topic")
            continue
        m = _MD_FIELD.match(line.strip())
        if in_meta and m and m.group(1).strip().lower() in _PASSAGE_KEYS:
            current[m.group(1).strip().lower()] = m.group(2)
            continue
        in_meta = False
        body.append(line)
    flush(start)
    if not passages:
        raise GuidelineImportError(f"{name}: no '## ' topics")
    return [ImportedSource(source, passages)]


READERS = {".json": read_json, ".csv": read_csv, ".md": read_markdown, ".markdown": read_markdown}
SUPPORTED = ".json, .csv, .md or .pdf"


def read_library_file(
    path: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = never_cancel,
    pdf_source: GuidelineSource | None = None,
) -> list[ImportedSource]:
    """Parse ``path`` by its extension. ``pdf_source`` names a PDF's source (a PDF
    carries no library metadata); without it the title comes from the file."""
    path = Path(path)
    name = shown_name(path.name)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf_import import read_pdf

        return [read_pdf(path, pdf_source, progress=progress, cancel=cancel)]
    reader = READERS.get(suffix)
    if reader is None:
        raise GuidelineImportError(
            f"{name}: {suffix or 'no extension'} is not a library format ({SUPPORTED})"
        )
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            raise GuidelineImportError(f"{name} is too large ({size // 1_000_000} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise GuidelineImportError(f"cannot read {name}: {exc.strerror}") from None
    check_cancel(cancel)
    if b"\x00" in raw[:4096]:
        raise GuidelineImportError(f"{name} is a binary file, not {suffix[1:].upper()} text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GuidelineImportError(f"{name} is not UTF-8 text") from None
    progress(0, 1, f"Reading {name}")
    sources = reader(text, name)
    progress(1, 1, f"Read {sum(len(s.passages) for s in sources)} passages")
    return sources


def with_source(imported: ImportedSource, source: GuidelineSource) -> ImportedSource:
    return ImportedSource(source, [replace(p, source=source) for p in imported.passages])
