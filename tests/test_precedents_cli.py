"""``imr-desktop precedents import|search|stats|imports|remove``."""

from __future__ import annotations

import json

from tests.cli_helpers import run_in
from tests.precedents_helpers import sample_letters


def _imported(capsys, tmp_path):
    letters = tmp_path / "letters"
    sample_letters(letters)
    (letters / "notes.txt").write_text("not a letter\n")
    code, out, _ = run_in(capsys, tmp_path / "data", "precedents", "import", str(letters), "--json")
    return code, json.loads(out)


def test_import_reports_every_file_as_json(capsys, tmp_path):
    code, report = _imported(capsys, tmp_path)
    assert code == 1  # a file was unreadable: scripts can tell
    assert report["counts"]["imported"] == 6 and report["counts"]["unreadable"] == 1
    unreadable = [f for f in report["files"] if f["status"] == "unreadable"]
    assert unreadable[0]["path"].endswith("notes.txt") and unreadable[0]["detail"]
    code, out, _ = run_in(
        capsys, tmp_path / "data", "precedents", "import", str(tmp_path / "letters")
    )
    assert code == 1 and "0 imported" in out and "7 files" in out


def test_search_prints_one_json_object_per_decision(capsys, tmp_path):
    _imported(capsys, tmp_path)
    code, out, _ = run_in(
        capsys,
        tmp_path / "data",
        "precedents",
        "search",
        "PT 2x6 low back",
        "--json",
        "--limit",
        "2",
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 2
    assert set(rows[0]) == {
        "case_number",
        "decision_date",
        "request",
        "decision",
        "citations",
        "score",
    }
    assert rows[0]["case_number"] == "CM17-0100002" and rows[0]["decision_date"] == "2017-01-12"
    assert rows[0]["citations"][0] == {
        "kind": "mtus",
        "source": "MTUS Chronic Pain Medical Treatment",
        "edition": "2016",
        "section": "Physical medicine treatment",
        "pages": None,
    }


def test_stats_prints_one_json_object(capsys, tmp_path):
    _imported(capsys, tmp_path)
    code, out, _ = run_in(
        capsys, tmp_path / "data", "precedents", "stats", "12 sessions lumbar PT", "--json"
    )
    stats = json.loads(out)
    assert code == 0
    assert (stats["decisions"], stats["upheld"], stats["overturned"]) == (3, 2, 1)
    assert stats["citations"][0] == {
        "kind": "mtus",
        "source": "MTUS Chronic Pain Medical Treatment",
        "edition": "2016",
        "section": "Physical medicine treatment",
        "count": 3,
    }
    code, out, _ = run_in(capsys, tmp_path / "data", "precedents", "stats", "MRI knee")
    assert out.splitlines()[0] == "1 similar decision: 0 upheld, 1 overturned"


def test_imports_and_remove(capsys, tmp_path):
    _imported(capsys, tmp_path)
    code, out, _ = run_in(capsys, tmp_path / "data", "precedents", "imports", "--json")
    listing = json.loads(out)
    assert listing["decisions"] == 6 and listing["first_date"] == "2017-01-10"
    number = listing["imports"][0]["id"]
    code, _, err = run_in(capsys, tmp_path / "data", "precedents", "remove", "99")
    assert code == 2 and "no import 99" in err
    code, out, _ = run_in(capsys, tmp_path / "data", "precedents", "remove", str(number))
    assert code == 0 and out.strip() == "Removed 6 published decision(s)."
    code, out, _ = run_in(capsys, tmp_path / "data", "precedents", "imports")
    assert out.strip() == "No published decisions imported yet."


def test_a_missing_path_is_one_line_and_changes_nothing(capsys, tmp_path):
    code, _, err = run_in(capsys, tmp_path / "data", "precedents", "import", str(tmp_path / "nope"))
    assert code == 2 and "no such file or folder" in err
    assert not (tmp_path / "data" / "precedents.db").exists()


def test_precedents_never_need_the_cases_passphrase(capsys, encrypted_dir, tmp_path, monkeypatch):
    folder, _ = encrypted_dir
    monkeypatch.delenv("IMR_DESKTOP_PASSPHRASE", raising=False)
    letters = tmp_path / "letters"
    sample_letters(letters)
    code, _, _ = run_in(capsys, folder, "precedents", "import", str(letters))
    assert code == 0
    code, out, _ = run_in(capsys, folder, "precedents", "stats", "MRI lumbar")
    assert code == 0 and out.startswith("2 similar decisions")
