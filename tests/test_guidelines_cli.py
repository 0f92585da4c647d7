import json

from tests.cli_helpers import run
from tests.guidelines_helpers import json_library


def test_search_json_lists_ranked_hits_with_citations(capsys, tmp_path):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "guidelines", "search", "PT", "--json",
                       "--on", "2014-07-09")  # fmt: skip
    assert code == 0
    hits = [json.loads(line) for line in out.splitlines()]
    assert hits[0]["source_key"] == "mtus-cpmtg-2009"
    assert hits[0]["citation_pages_style"] == (
        "MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99"
    )
    assert hits[0]["summary"] is True


def test_import_sources_remove(capsys, tmp_path):
    data = str(tmp_path / "data")
    path = json_library(tmp_path / "lib.json")
    code, out, _ = run(capsys, "--data-dir", data, "guidelines", "import", str(path))
    assert code == 0 and "imported 2 passages" in out
    code, out, _ = run(capsys, "--data-dir", data, "guidelines", "sources")
    assert "test-guideline" in out and "odg" in out
    code, out, _ = run(
        capsys, "--data-dir", data, "guidelines", "search", "zebra", "--kind", "mtus"
    )
    assert "[Zebra]" in out and "MTUS Test Guideline 2010, Section(s): Zebras" in out
    code, out, _ = run(capsys, "--data-dir", data, "guidelines", "search", "zebra",
                       "--on", "2014-05-01")  # fmt: skip
    assert "MTUS Test Guideline Zebras Page(s): 10-11" in out  # the 2014 letters' form
    code, out, _ = run(capsys, "--data-dir", data, "guidelines", "remove", "test-guideline")
    assert code == 0 and "2 passages" in out
    code, out, _ = run(capsys, "--data-dir", data, "guidelines", "search", "zebra")
    assert "No matches" in out


def test_bad_input_is_one_line_and_a_status(capsys, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "guidelines", "import", str(bad))
    assert code == 1 and "not a library format" in err and "Traceback" not in err
    code, _, err = run(
        capsys, "--data-dir", str(tmp_path), "guidelines", "search", "x", "--on", "July"
    )
    assert code == 2 and "expected a date" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "guidelines", "remove", "nope")
    assert code == 1 and "no source" in err
