"""``imr-desktop check CASE --json``: one JSON object per finding and line, spelling
findings with the word; the human output as before; the profile's switch."""

from __future__ import annotations

import json

from imr_desktop.cases.store import CaseStore
from tests.cli_helpers import run_in

CASE = "CM16-0000101"


def plant(data_dir, text: str) -> None:
    store = CaseStore.open(data_dir)
    try:
        case_id = store.find(CASE)
        case = store.load(case_id)
        case.summary += text
        store.save(case_id, case)
    finally:
        store.close()


def test_check_json_is_one_object_per_line_with_the_misspelled_word(capsys, data_dir):
    plant(data_dir, " Lumbar radiculapathy was documented; the favour was returned.")
    code, out, err = run_in(capsys, data_dir, "check", CASE, "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines and all({"severity", "rule", "message", "path"} <= set(f) for f in lines)
    spelling = [f for f in lines if f["rule"] == "spelling"]
    assert [(f["word"], f["path"], f["severity"]) for f in spelling] == [
        ("radiculapathy", "summary", "warning"),
        ("favour", "summary", "warning"),
    ]
    assert spelling[0]["suggestions"][0] == "radiculopathy"
    assert spelling[1]["suggestions"][0] == "favor"
    assert "favour → favor" in spelling[1]["message"]
    assert all("word" not in f for f in lines if f["rule"] != "spelling")
    assert code == (1 if any(f["severity"] == "error" for f in lines) else 0)


def test_check_human_output_keeps_its_form(capsys, data_dir):
    plant(data_dir, " Lumbar radiculapathy.")
    code, out, _ = run_in(capsys, data_dir, "check", CASE)
    assert "⚠ warning misspelled word in the summary: 'radiculapathy'  [summary]" in out
    assert out.rstrip().splitlines()[-1].endswith("warning(s)")


def test_spelling_off_in_the_profile_leaves_it_out(capsys, data_dir):
    plant(data_dir, " Lumbar radiculapathy.")
    store = CaseStore.open(data_dir)
    profile = store.reviewer_profile()
    profile.check_spelling = False
    store.set_reviewer_profile(profile)
    store.close()
    _, out, _ = run_in(capsys, data_dir, "check", CASE, "--json")
    assert not [line for line in out.splitlines() if json.loads(line)["rule"] == "spelling"]
