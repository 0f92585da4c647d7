"""No string the program can show is British English: every string literal in
``imr_desktop`` (docstrings aside) is read against the shipped British → American
map (resources/spelling/british.tsv, 3,459 pairs). What may keep a British form is
named here with its reason: the imr-case/1 file format's keys and the database
columns they mirror, and the request vocabulary, which reads British input."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import imr_desktop

PACKAGE = Path(imr_desktop.__file__).parent
BRITISH_MAP = PACKAGE.parent / "resources" / "spelling" / "british.tsv"

# Keys of a file format or a schema (renaming them would break files already written).
FORMAT_KEYS = {"organisation", "authorised", "cancelled"}
# Words the program reads, never shows: a reviewer may type the British form.
READS_BRITISH = {"imr_desktop/requests/vocabulary.py"}
SQL = re.compile(r"^\s*(CREATE|INSERT|SELECT|UPDATE|DELETE|ALTER)\b")
PLACEHOLDER = re.compile(r"\{\w+\}|\(\?P<\w+>|\(\?P=\w+\)")


def british_words() -> dict[str, str]:
    pairs = (line.split("\t") for line in BRITISH_MAP.read_text().splitlines() if line)
    return {british: american for british, american in pairs}


def shown_strings(path: Path):
    """(line, text) of each string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def british_in(text: str, words: dict[str, str]) -> list[str]:
    if SQL.match(text) or text in FORMAT_KEYS:
        return []
    if text.isidentifier() and "_" in text:
        return []  # a name in code ("authorised_part", "DEFAULT_ORGANISATION")
    text = PLACEHOLDER.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in words]


def test_the_map_finds_what_it_should():
    words = british_words()
    assert british_in("Import cancelled; the organisation favoured it", words) == [
        "cancelled",
        "organisation",
        "favoured",
    ]
    assert british_in("{organisation} sent the file", words) == []
    assert british_in("Import canceled; the organization favored it", words) == []


def test_no_string_the_program_shows_is_british():
    words = british_words()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if relative in READS_BRITISH:
            continue
        for line, text in shown_strings(path):
            for word in british_in(text, words):
                found.append(f"{relative}:{line}: {word} → {words[word.lower()]}")
    assert found == []


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")


def test_the_shipped_texts_write_dates_month_first():
    """The sample library and the demo cases a reviewer reads: "January 1, 2004", not
    "1 January 2004" (licenses, quoted as published, aside)."""
    resources = PACKAGE.parent / "resources"
    found = []
    for path in sorted((resources / "library").glob("*")) + sorted((resources / "demo").rglob("*")):
        if path.is_file() and path.suffix in {".json", ".md", ".csv", ".txt"}:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.name}: {m.group()}" for m in DAY_MONTH_YEAR.finditer(text)]
    assert found == []
