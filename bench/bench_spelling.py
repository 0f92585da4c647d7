"""Spelling (docs/spelling.md): checking a 50 KB rationale (target <= 50 ms) and the
highlighter's time per keystroke in a 50 KB document (target p95 <= 5 ms), each
beside a floor measured in the same run.

The text is the shipped sample guideline library's own summaries (medical prose we
wrote), cut into paragraphs of about 600 characters, with a typo every 40 words.

- check, cold: a fresh checker (dictionaries loaded, nothing cached) on the 50 KB
  text; warm: the same checker again (what the QA strip pays on each refresh).
  Floor: the least any checker does, cutting the text at white space and looking
  each run up in a dict.
- keystroke: a letter typed in the middle of the 50 KB document (QTest.keyClick on the
  QPlainTextEdit, Qt's own layout included), with the spelling layer of the field's
  highlighter, beside the same keystroke in the same widget without it.
"""

from __future__ import annotations

import json
import random
import re
import time

from bench import Result, median, percentile, timings_ms
from imr_desktop import paths

SIZE = 50_000
KEYSTROKES = 300


def fifty_kb_text(paragraph: int = 600) -> str:
    words: list[str] = []
    for f in sorted(paths.resource("library").glob("*.json")):
        data = json.loads(f.read_text("utf-8"))
        for source in data.get("sources", [data]):
            for p in source.get("passages", []):
                words += p.get("text", "").split()
    rnd = random.Random(15)
    out, length, para = [], 0, []
    i = 0
    while length < SIZE:
        word = words[i % len(words)]
        i += 1
        if i % 40 == 0 and len(word) > 4:  # a typo: two letters swapped
            k = rnd.randrange(1, len(word) - 2)
            word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
        para.append(word)
        length += len(word) + 1
        if sum(len(w) + 1 for w in para) >= paragraph:
            out.append(" ".join(para))
            para = []
    out.append(" ".join(para))
    return "\n".join(out)[:SIZE]


def _check_results(text: str) -> list[Result]:
    from imr_desktop.spelling.checker import SpellChecker
    from imr_desktop.spelling.dictionaries import HunspellEngine, load_british_map

    t0 = time.perf_counter()
    engine, british = HunspellEngine(), load_british_map()
    load_ms = (time.perf_counter() - t0) * 1000
    cold = []
    flagged = 0
    for _ in range(5):
        checker = SpellChecker(engine, british)
        t0 = time.perf_counter()
        flagged = len(checker.check(text))
        cold.append((time.perf_counter() - t0) * 1000)
    warm = timings_ms(lambda: checker.check(text), 20)
    known = {w: True for w in text.split()}
    chunk = re.compile(r"\S+")

    def floor() -> int:
        return sum(1 for m in chunk.finditer(text) if known.get(m.group()))

    floor_ms = timings_ms(floor, 20)
    cold_ms, warm_ms = median(cold), median(warm)
    return [
        Result(
            f"spell check 50 KB rationale, cold ({flagged} flagged)",
            cold_ms,
            median(floor_ms),
            target="<= 50 ms",
            ok=cold_ms <= 50,
            note="fresh checker, dictionaries loaded; floor: split + dict lookup per word",
        ),
        Result(
            "spell check 50 KB rationale, again (QA refresh)",
            warm_ms,
            median(floor_ms),
            target="<= 50 ms",
            ok=warm_ms <= 50,
        ),
        Result("spelling dictionaries load (en_US + medical + ours)", load_ms, None),
    ]


def _keystroke_results(text: str) -> list[Result]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from imr_desktop.spelling.checker import SpellChecker
    from imr_desktop.spelling.dictionaries import HunspellEngine, load_british_map
    from imr_desktop.ui.cases.field_highlighter import FieldHighlighter
    from imr_desktop.ui.spelling.highlighter import spelling_layer

    app = QApplication.instance() or QApplication([])
    checker = SpellChecker(HunspellEngine(), load_british_map())

    def per_keystroke(with_spelling: bool) -> list[float]:
        edit = QPlainTextEdit()
        edit.resize(900, 700)
        edit.show()
        if with_spelling:
            FieldHighlighter.of(edit.document()).add_layer(spelling_layer(checker.check))
        edit.setPlainText(text)
        app.processEvents()
        cursor = edit.textCursor()
        cursor.setPosition(len(text) // 2)
        cursor.movePosition(QTextCursor.EndOfWord)
        edit.setTextCursor(cursor)
        edit.setFocus()
        times = []
        keys = [Qt.Key_A, Qt.Key_E, Qt.Key_Space, Qt.Key_R, Qt.Key_Backspace]
        for n in range(KEYSTROKES):
            key = keys[n % len(keys)]
            t0 = time.perf_counter()
            QTest.keyClick(edit, key)
            times.append((time.perf_counter() - t0) * 1000)
            if n % 25 == 0:
                app.processEvents()  # paint now and then, as a real session does
        edit.close()
        edit.deleteLater()
        app.processEvents()
        return times

    per_keystroke(True)  # warm-up: imports, first layout
    floor = per_keystroke(False)
    product = per_keystroke(True)
    p95, floor_p95 = percentile(product, 95), percentile(floor, 95)
    return [
        Result(
            "highlighter per keystroke, 50 KB document, p95",
            p95,
            floor_p95,
            target="p95 <= 5 ms",
            ok=p95 <= 5,
            note="QTest.keyClick in the middle; floor: the same widget without spelling",
        ),
        Result(
            "highlighter per keystroke, median",
            percentile(product, 50),
            percentile(floor, 50),
        ),
    ]


def run() -> list[Result]:
    text = fifty_kb_text()
    return _check_results(text) + _keystroke_results(text)
