"""``imr-desktop records …`` end to end on a data folder."""

from __future__ import annotations

import json

from tests.cli_helpers import run_in
from tests.records_helpers import make_pdf

PAGES = [
    "Seen in the office on 02/10/2016.\nLumbar tenderness.",
    "MRI of the lumbar spine on 03/02/2016.",
    "Utilization review non-certified acupuncture on 08/30/2016.",
]


def test_attach_list_search_and_dates(capsys, data_dir, tmp_path):
    pdf = make_pdf(tmp_path / "Ortho PR-2.pdf", PAGES)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    code, out, err = run_in(
        capsys, data_dir, "records", "attach", "CM16-0000101", str(pdf), str(junk)
    )
    assert code == 1
    assert "attached Ortho PR-2 (3 pages" in out
    assert "junk.pdf is not a PDF file" in err and "Traceback" not in err

    code, out, _ = run_in(capsys, data_dir, "records", "list", "CM16-0000101", "--json")
    assert code == 0
    assert json.loads(out)["pages"] == 3

    code, out, _ = run_in(capsys, data_dir, "records", "search", "CM16-0000101", "lumbar", "--json")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {(h["document"], h["page"]) for h in hits} == {("Ortho PR-2", 1), ("Ortho PR-2", 2)}
    assert all(m.lower() == "lumbar" for h in hits for m in h["matched"])

    code, out, _ = run_in(
        capsys, data_dir, "records", "search", "CM16-0000101", 'NON-certified acupuncture"'
    )
    assert code == 0 and out.startswith("Ortho PR-2, p. 3: ")

    code, out, _ = run_in(capsys, data_dir, "records", "dates", "CM16-0000101", "--json")
    data = json.loads(out)
    assert data["phrase"] == "Records from 02/10/2016 to 08/30/2016 were reviewed."
    assert [d["kind"] for d in data["dates"]] == ["visit", "imaging", "UR decision"]


def test_unknown_case_is_one_clear_line(capsys, data_dir):
    code, _, err = run_in(capsys, data_dir, "records", "list", "CM99-9999999")
    assert code == 2 and "no case" in err
