"""The floor the guideline suggestions reach, measured leave-one-out over the 174
published letters in ../shared/letters (bench/leave_one_out.py, which prints the
table by request category). Slow: it imports every letter and suggests for each of
its items twice (with the other letters as precedents, and with none)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LETTERS = Path(__file__).resolve().parents[2] / "shared" / "letters" / "pdf"


def test_the_cited_guideline_comes_first_and_in_the_top_five(tmp_path, capsys):
    if not any(LETTERS.glob("*.pdf")):
        pytest.skip("../shared/letters is not beside this checkout")
    from bench.leave_one_out import measure

    result = measure(LETTERS, tmp_path)
    with capsys.disabled():
        print("\n" + result.table())
    with_precedents, alone = result.with_precedents, result.library_only
    assert sum(with_precedents.items.values()) == 336  # items citing a guideline
    assert with_precedents.share(with_precedents.first) >= 0.70
    assert with_precedents.share(with_precedents.top5) >= 0.90
    # With no published decision at all: the library and request understanding.
    assert alone.share(alone.first) >= 0.64
    assert alone.share(alone.top5) >= 0.88
