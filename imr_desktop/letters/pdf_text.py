"""A letter file as clean lines: PDF (pypdf) or text, page furniture removed.

Each line remembers whether a paragraph break comes before it. In a PDF that is a
blank line (word processors leave them) or a vertical gap wider than the page's
usual line spacing (ReportLab leaves no blank lines, only space); at the top of a
page it is unknown (``None``) and the parser decides from the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.text_safety import shown_name

from .report import LetterImportError

MAX_FILE_BYTES = 64 * 1024 * 1024
# A text letter is tens of KB (the longest of the 174 published ones ~40 KB); the
# parser is linear, and this keeps even a hostile file to a few seconds.
MAX_TEXT_BYTES = 2 * 1024 * 1024
PDF_TIME_LIMIT_SECONDS = 60.0  # a letter has at most MAX_PAGES pages
MAX_PAGES = 120  # the longest published letter has 10; far more is something else
PROBE_PAGES = 3  # pages read before deciding whether the PDF is a letter at all
GAP_RATIO = 1.35  # a step this much larger than the usual line spacing is a paragraph break

_PAGE_NUMBER = re.compile(r"^[-–\s]*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–\s]*$", re.I)
_PAGE_X_OF_Y = re.compile(r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)
_LABEL_HINT = re.compile(r"guideline:|rationale:|Upheld|Overturned|Case Number", re.I)
LETTER_MARKERS = re.compile(
    r"HOW THE IMR FINAL DETERMINATION|CLINICAL CASE SUMMARY|IMR ISSUES, DECISIONS"
    r"|Decision rationale:|Case Number:\s*CM\d",
    re.I,
)


@dataclass
class TextLine:
    text: str
    page: int
    # True: a paragraph starts here; False: continues the line above; None: unknown
    # (first line of a page).
    gap_before: bool | None = False


Pages = list[list[TextLine]]


# --- reading ------------------------------------------------------------------------


def read_letter_file(path: Path) -> tuple[Pages, str]:
    """The file's pages of lines and its kind ("pdf" or "text")."""
    path = Path(path)
    name = shown_name(path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LetterImportError(f"{name} does not exist") from None
    except OSError as exc:
        raise LetterImportError(f"{name} cannot be read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise LetterImportError(
            f"{name} is {size / 1e6:.0f} MB; a determination letter is far smaller. "
            "Nothing was imported."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LetterImportError(f"{name} cannot be read: {exc.strerror}") from None
    return read_letter_bytes(data, name)


def read_letter_bytes(data: bytes, name: str = "the file") -> tuple[Pages, str]:
    if not data.strip():
        raise LetterImportError(f"{name} is empty; nothing was imported")
    if data.lstrip()[:5] == b"%PDF-":
        return pdf_pages(data, name), "pdf"
    if len(data) > MAX_TEXT_BYTES:
        raise LetterImportError(
            f"{name} is {len(data) / 1e6:.1f} MB of text; a determination letter is far "
            "smaller. Nothing was imported."
        )
    return text_pages(decode_text(data, name)), "text"


def decode_text(data: bytes, name: str = "the file") -> str:
    if b"\x00" in data[:4096]:
        raise LetterImportError(
            f"{name} is neither a PDF nor plain text (it holds binary data); "
            "import the letter as PDF or text. Nothing was imported."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 100):
        raise LetterImportError(
            f"{name} is neither a PDF nor plain text (it holds binary data); nothing was imported"
        )
    return text


def text_pages(text: str) -> Pages:
    """Plain text (e.g. ``pdftotext -layout``): form feeds separate pages, blank
    lines separate paragraphs; in double-spaced text (:func:`is_double_spaced`)
    only two or more blank lines do."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    needed = 2 if is_double_spaced(text) else 1
    pages: Pages = []
    for number, page_text in enumerate(text.split("\f")):
        lines: list[TextLine] = []
        blanks = 0
        for raw in page_text.split("\n"):
            if not raw.strip():
                blanks += 1
                continue
            gap: bool | None = blanks >= needed or not lines
            if not lines and number:
                gap = None
            lines.append(TextLine(raw.rstrip(), number, gap))
            blanks = 0
        pages.append(lines)
    return pages


def is_double_spaced(text: str) -> bool:
    """Whether ``text`` has a blank line between the lines of its paragraphs, so that
    only two or more blank lines separate paragraphs (``pdftotext -layout`` of a
    double-spaced letter).

    A blank line after most lines is not enough: a letter of many one-line paragraphs
    (short items: a decision line, two guideline lines, an empty rationale, each
    followed by a blank line) has that too, and there every blank line ends a
    paragraph. Only double spacing puts blank lines inside sentences, so a third of
    the single blank lines must fall inside one (see :func:`_single_blank_lines`):
    in the double-spaced 2014 reference letter 36 of 50 do, in the text of the 174
    published letters none (in a composed letter, only a paragraph left unfinished)."""
    runs = _blank_runs(text)
    if len(runs) < 6 or sum(1 for r in runs if r == 1) <= 0.6 * len(runs):
        return False
    singles, inside_sentences = _single_blank_lines(text)
    return inside_sentences * 3 >= singles


def _single_blank_lines(text: str) -> tuple[int, int]:
    """How many single empty lines stand between two lines with text (a run of 1 in
    :func:`_blank_runs`), and how many of those fall inside a sentence: the line
    above ends no sentence and the line below goes on in lower case."""
    segments = text.split("\n")
    singles = inside = 0
    for above, blank, below in zip(segments, segments[1:], segments[2:], strict=False):
        following = below.lstrip(" \t")
        if blank or not above.strip() or not following or following[0].isspace():
            continue
        singles += 1
        if not above.rstrip().endswith(SENTENCE_END) and following[0].islower():
            inside += 1
    return singles, inside


def _blank_runs(text: str) -> list[int]:
    """Between two lines with text, the characters of the blank lines (spaces and tabs
    only) that separate them: 1 is one empty line. One pass over the lines, so a
    file of one endless line costs what its length costs (a regex over the text
    backtracked once per character of such a line)."""
    runs: list[int] = []
    pending: int | None = None  # blank characters since the last line with text
    segments = text.split("\n")
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        ends_line = index < last
        rest = segment.lstrip(" \t")
        if pending is not None:
            if not rest and ends_line:
                pending += len(segment) + 1
                continue
            if rest and not rest[0].isspace():
                runs.append(pending)
            pending = None
        if ends_line and segment and not segment.isspace():
            pending = 0
    return runs


def _open_pdf(data: bytes, name: str):
    from imr_desktop.pdf_reader import PdfOpenError, open_pdf

    try:
        return open_pdf(data)
    except PdfOpenError as exc:
        if exc.reason == "encrypted":
            raise LetterImportError(
                f"{name} is encrypted (password protected); save an unprotected copy and "
                "import that. Nothing was imported."
            ) from None
        raise LetterImportError(
            f"{name} is not a readable PDF ({exc.detail}); nothing was imported"
        ) from None


def pdf_pages(data: bytes, name: str = "the PDF") -> Pages:
    from imr_desktop.pdf_reader import BoundedText, PdfTooCostly

    reader = _open_pdf(data, name)
    try:
        total = len(reader.pages)
    except Exception as exc:  # a broken page tree shows up only here
        raise LetterImportError(
            f"{name}: the PDF's pages cannot be read ({type(exc).__name__}); nothing was imported"
        ) from None
    if total == 0:
        raise LetterImportError(f"{name} has no pages; nothing was imported")
    reading = BoundedText(len(data), seconds=PDF_TIME_LIMIT_SECONDS)
    rows: list[Rows] = []
    for index in range(total):
        try:
            rows.append(_page_rows(reader.pages[index], reading))
        except PdfTooCostly as exc:
            raise LetterImportError(f"{exc.describe(name)}. Nothing was imported.") from None
        except Exception as exc:  # one unreadable page must not lose the others
            rows.append([(f"[page {index + 1} could not be read: {type(exc).__name__}]", None)])
        if index + 1 == min(PROBE_PAGES, total) and not _looks_like_letter(rows):
            if not any(text.strip() for page in rows for text, _ in page):
                raise LetterImportError(
                    f"{name} has no text layer (a scan?); a letter must be imported from "
                    "a PDF with text or from a text file. Nothing was imported."
                )
            raise LetterImportError(
                f"{name} does not look like an IMR determination letter: none of its "
                "headings, labels or a case number appear on its first pages. "
                "Nothing was imported."
            )
        if index + 1 > MAX_PAGES:
            raise LetterImportError(
                f"{name} has {total} pages; a determination letter has far fewer "
                f"(at most {MAX_PAGES} are read). Nothing was imported."
            )
    usual = usual_line_step(rows)
    return [_rows_to_lines(page, number, usual) for number, page in enumerate(rows)]


def _looks_like_letter(pages: list[Rows]) -> bool:
    return any(LETTER_MARKERS.search(text) for page in pages for text, _ in page)


Rows = list[tuple[str, float | None]]  # a page's text lines with their height on the page


def _page_rows(page, reading) -> Rows:
    """One page's lines with their positions: the visitor sees every text run, and
    the runs, joined, are exactly the text ``extract_text`` returns."""
    rows: Rows = []
    buffer: list[str] = []
    y_of_row: list[float | None] = [None]

    def visit(text, cm, tm, font_dict, font_size) -> None:
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if part.strip() and y_of_row[0] is None:
                y_of_row[0] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            buffer.append(part)
            if n < len(parts) - 1:
                rows.append(("".join(buffer), y_of_row[0]))
                buffer.clear()
                y_of_row[0] = None

    reading.text(page, visit)
    if buffer:
        rows.append(("".join(buffer), y_of_row[0]))
    return rows


def _steps(rows: Rows) -> list[float]:
    return [
        a - b
        for (ta, a), (tb, b) in zip(rows, rows[1:], strict=False)
        if a is not None and b is not None and ta.strip() and tb.strip() and 0 < a - b < 60
    ]


def usual_line_step(pages: list[Rows]) -> float | None:
    """The line spacing inside paragraphs: the smallest common step over the whole
    document (a page of one-line paragraphs has more paragraph steps than line
    steps, and a short last page has too few to tell)."""
    steps = sorted(step for rows in pages for step in _steps(rows))
    return steps[len(steps) // 4] if steps else None


def _rows_to_lines(rows: Rows, number: int, usual: float | None) -> list[TextLine]:
    """Lines with the paragraph breaks pypdf's plain text hides: a blank line, or a
    step wider than the usual line spacing."""
    lines: list[TextLine] = []
    gap: bool | None = True if number == 0 else None
    last_y: float | None = None
    for text, y in rows:
        if not text.strip():
            if lines or number == 0:
                gap = True
            continue
        if (
            gap is False
            and usual is not None
            and last_y is not None
            and y is not None
            and last_y - y > usual * GAP_RATIO
        ):
            gap = True
        lines.append(TextLine(text.rstrip(), number, gap))
        gap = False
        last_y = y
    return lines


# --- page furniture ---------------------------------------------------------------


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _edge_keys(page: list[TextLine]) -> dict[int, str]:
    """Line index -> "top0", "top1", "bottom0", "bottom1" for a page's edge lines."""
    keys: dict[int, str] = {}
    for n in range(min(2, len(page))):
        keys.setdefault(len(page) - 1 - n, f"bottom{n}")
        keys[n] = f"top{n}"
    return keys


_CASE_NUMBER = re.compile(r"\bCM\d{2}-\d{7}\b")


def _running(count: int, pages: Pages, page: list[TextLine], index: int, key: str) -> bool:
    """A running header/footer: short, not a label, and either carrying the case
    number, or carrying a number (date, page) in the same place on half the pages,
    or the same words on every page set apart from the text by a gap."""
    text = " ".join(page[index].text.split())
    if len(pages) < 2 or len(text) >= 70 or _LABEL_HINT.search(text):
        return False
    if _CASE_NUMBER.search(text):
        return True
    if any(ch.isdigit() for ch in text):
        return count >= max(2, (len(pages) + 1) // 2)
    if count < len(pages):
        return False
    if key == "top0":
        return index + 1 < len(page) and page[index + 1].gap_before is True
    return key == "bottom0" and page[index].gap_before is True


def strip_page_furniture(pages: Pages) -> tuple[list[TextLine], int]:
    """All pages as one stream of lines, without running headers and footers and
    page numbers. Returns the lines and how many were removed.

    A running header or footer is a short line in the same place (e.g. second from
    the top) on many pages (see :func:`_running`); letters repeat whole sentences
    (one rationale for several items), so lines elsewhere on a page never count."""
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        counts.update({(key, _shape(page[i].text)) for i, key in _edge_keys(page).items()})
    removed = 0
    out: list[TextLine] = []
    for page in pages:
        edges = _edge_keys(page)
        keep: list[TextLine] = []
        for index, line in enumerate(page):
            text = " ".join(line.text.split())
            key = edges.get(index)
            furniture = key is not None and (
                _PAGE_NUMBER.match(text) is not None
                or (_PAGE_X_OF_Y.search(text) is not None and len(text) < 100)
                or _running(counts[(key, _shape(text))], pages, page, index, key)
            )
            if furniture:
                removed += 1
                continue
            keep.append(line)
        if keep and out:
            # Whether a page's first line starts a paragraph is decided from the text.
            keep[0].gap_before = None
        out.extend(keep)
    return out, removed


# --- unwrapping -------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")


def vocabulary(lines: list[TextLine]) -> set[str]:
    return {w.casefold() for line in lines for w in _WORD.findall(line.text)}


def join_wrapped(parts: list[str], vocab: set[str] | frozenset[str] = frozenset()) -> str:
    """Lines of one paragraph as one line. A line ending in a hyphen joins the next
    without a space; the hyphen goes only when the document uses the joined word
    elsewhere ("treat-" + "ment" where "treatment" occurs) or is a soft hyphen."""
    text = ""
    for raw in parts:
        part = " ".join(raw.split())
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("\u00ad"):
            text = text[:-1] + part
        elif text.endswith("-") and len(text) > 1 and not text[-2].isspace():
            head = _WORD.search(text[::-1][1:])
            left = head.group(0)[::-1] if head and head.start() == 0 else ""
            right_m = _WORD.match(part)
            right = right_m.group(0) if right_m else ""
            if left and right and right[0].islower() and (left + right).casefold() in vocab:
                text = text[:-1] + part
            else:
                text += part
        else:
            text += " " + part
    return text


def starts_paragraph(prev: TextLine | None, line: TextLine) -> bool:
    """Whether ``line`` begins a paragraph; at a page top (unknown), when the line
    above ends a sentence and this one does not go on in lower case. (A paragraph
    that breaks at a page end exactly after a sentence reads as two: only the
    spacing differs, no text is lost.)"""
    if prev is None or line.gap_before:
        return True
    if line.gap_before is False:
        return False
    first = line.text.lstrip()[:1]
    return prev.text.rstrip().endswith(SENTENCE_END) and not first.islower()


SENTENCE_END = (".", "!", "?", ":", '"', "\u201d", ")")


def paragraphs(lines: list[TextLine], vocab: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Lines as paragraphs, split where :func:`starts_paragraph` says."""
    out: list[list[str]] = []
    prev: TextLine | None = None
    for line in lines:
        if not out or starts_paragraph(prev, line):
            out.append([])
        out[-1].append(line.text)
        prev = line
    return [p for p in (join_wrapped(group, vocab) for group in out) if p]
