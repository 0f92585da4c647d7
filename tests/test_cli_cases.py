import json

from tests.cli_helpers import export_case_json, run


def test_list_and_show(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 0
    assert "CM16-0000103" in out and "expedited" in out
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "cases", "show", "CM16-0000102", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "imr-case/1"
    assert data["items"][0]["authorised_part"] == "6 visits of occupational therapy"


def test_first_run_seeds_demo_data_from_env(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("IMR_DESKTOP_DATA_DIR", str(tmp_path / "fresh"))
    code, out, _ = run(capsys, "--no-encryption", "cases", "list", "--json")
    assert code == 0
    assert len(out.strip().splitlines()) == 3


def test_export_then_import_under_a_new_number(capsys, data_dir, tmp_path):
    target = tmp_path / "case.json"
    code = export_case_json(capsys, data_dir, "CM16-0000101", target)
    assert code == 0 and target.exists()
    data = json.loads(target.read_text())
    data["case_number"] = "CM16-0000555"
    target.write_text(json.dumps(data))
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(target))
    assert code == 0 and "CM16-0000555" in out
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "cases", "show", "CM16-0000555", "--json"
    )
    again = json.loads(out)
    data.pop("case_number"), again.pop("case_number")
    assert again == data


def test_import_errors_are_one_line_and_change_nothing(capsys, data_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "imr-case/1", "case_number": "CM16-1", "items": [{"request": 5}]}')
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(bad))
    assert code == 2
    assert "items[0].request: expected text" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "cases", "list", "--json")
    assert len(out.strip().splitlines()) == 3
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "cases", "import", str(tmp_path / "nope.json")
    )
    assert code == 2 and "cannot read" in err
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "show", "CM00-0000000")
    assert code == 2 and "no case" in err


def test_duplicate_import_is_refused(capsys, data_dir, tmp_path):
    target = tmp_path / "case.json"
    export_case_json(capsys, data_dir, "CM16-0000101", target)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(target))
    assert code == 2 and "already exists" in err
