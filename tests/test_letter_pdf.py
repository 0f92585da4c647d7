"""The letter as a PDF, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest

from imr_desktop.export import render_letter_pdf, write_letter_pdf
from imr_desktop.letter import wording as W
from imr_desktop.letters import import_letter
from imr_desktop.model import Decision, DisputedItem
from tests.letter_writing_helpers import (
    good_case,
    in_order,
    item,
    mtus,
    non_mtus,
    pdf_flat_text,
    pdf_pages_text,
)


def _case_of_every_kind():
    return good_case(
        items=[
            item(
                "MRI of the right knee",
                citations=[
                    mtus(
                        edition="2004",
                        section="Special Studies",
                        pages=None,
                        source="MTUS Knee Complaints",
                    )
                ],
            ),
            item(
                "2 visits of physical therapy",
                original_request="Physical therapy 8 visits",
                authorised_part="6 visits of physical therapy",
            ),
            item("Knee brace", Decision.OVERTURNED, citations=[non_mtus()]),
            item("Surgical assistant", citations=[], claims_administrator_guideline=""),
            item("Home exercise kit", citations=[mtus(edition="2016", pages=None), non_mtus()]),
        ]
    )


def test_headings_items_fields_and_conclusions_in_order():
    case = _case_of_every_kind()
    data, pages = render_letter_pdf(case)
    text = pdf_flat_text(data)
    wanted = [W.HEADING_HOW, W.CREDENTIALS_INTRO, W.HEADING_SUMMARY, W.SUMMARY_LEADIN]
    wanted += [W.HEADING_ISSUES, W.ISSUES_LEADIN]
    for it in case.items:
        if not it.original_request:
            wanted.append(f"{it.request}: {it.decision.label}")
        wanted += ["Claims Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:"]
        wanted.append(it.rationale.split(". ")[-1])  # the conclusion sentence
    assert in_order(text, wanted) == []


def test_each_citation_kind_wording():
    text = pdf_flat_text(render_letter_pdf(_case_of_every_kind())[0])
    assert "Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies." in text
    assert (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) "
        "Knee Chapter, Braces." in text
    )
    assert "MAXIMUS guideline: " + W.REVIEWER_NO_EVIDENCE in text
    assert "Claims Administrator guideline: " + W.CA_NO_EVIDENCE in text
    assert (
        "Section(s): Physical Medicine. Decision based on Non-MTUS Citation Official "
        "Disability Guidelines (ODG) Knee Chapter, Braces." in text
    )


def test_pages_style_citation():
    case = good_case(items=[item(citations=[mtus()])])
    case.date_assigned = dt.date(2014, 7, 1)  # a 2014 letter
    text = pdf_flat_text(render_letter_pdf(case)[0])
    assert (
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines Physical Medicine "
        "Page(s): 98-99." in text
    )
    assert "is Board Certified in Orthopaedic Surgery" in text


def test_modification_wording():
    text = pdf_flat_text(render_letter_pdf(_case_of_every_kind())[0])
    assert (
        "Physical therapy 8 visits was the original request. 6 visits of physical therapy was "
        "authorized by the Claims Administrator. The remaining IMR eligible portion of the "
        "original request, 2 visits of physical therapy is: Upheld" in text
    )


def test_page_x_of_y_on_every_page():
    case = good_case(items=[item(f"Item number {n}") for n in range(12)])
    data, pages = render_letter_pdf(case)
    texts = pdf_pages_text(data)
    assert pages == len(texts) > 1
    for n, page in enumerate(texts, 1):
        assert f"Page {n} of {pages}" in page


def test_non_latin_names_round_trip():
    name = "Zoë Ødegård-Łukasiewicz, Дмитрий Ωμέγα ± 5° — “quoted” ½"
    case = good_case(
        summary=f"Records reviewed. Seen by {name}.", items=[item(f"Brace for {name}")]
    )
    text = pdf_flat_text(render_letter_pdf(case)[0])
    assert name in text
    assert f"Brace for {name}: Upheld" in text


def test_user_text_is_escaped():
    rationale = "A <b>bold</b> & <unclosed tag. Therefore, the request for Knee brace is not medically necessary."
    text = pdf_flat_text(render_letter_pdf(good_case(items=[item(rationale=rationale)]))[0])
    assert "A <b>bold</b> & <unclosed tag." in text


def test_metadata_has_case_number_never_reviewer_name():
    from pypdf import PdfReader

    case = good_case()
    case.reviewer.name = "Jane Q. Doe"
    data, _ = render_letter_pdf(case)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == "IMR Final Determination CM16-0000900"
    values = " ".join(str(v) for v in meta.values())
    assert "Doe" not in values and "Jane" not in values
    assert "Doe" not in pdf_flat_text(data)


def test_every_font_is_embedded():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_letter_pdf(_case_of_every_kind())[0]))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and all("DejaVu" in name for name in fonts)
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_invariant_build_is_byte_identical():
    case = _case_of_every_kind()
    assert render_letter_pdf(case, invariant=True)[0] == render_letter_pdf(case, invariant=True)[0]


def _creation_date(data: bytes) -> str:
    import pypdf

    return pypdf.PdfReader(io.BytesIO(data)).metadata["/CreationDate"]


def test_the_creation_date_is_the_export_time():
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    stamp = _creation_date(render_letter_pdf(good_case())[0])
    after = dt.datetime.now().astimezone()
    made = dt.datetime.strptime(stamp.replace("'", ""), "D:%Y%m%d%H%M%S%z")
    assert before <= made <= after  # not ReportLab's 01/01/2000


def test_a_given_creation_moment_is_the_pdfs_and_stays_invariant():
    case = good_case()
    moment = dt.datetime(2016, 12, 20, 14, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    data = render_letter_pdf(case, invariant=True, created=moment)[0]
    assert _creation_date(data) == "D:20161220143005-08'00'"
    assert data == render_letter_pdf(case, invariant=True, created=moment)[0]
    later = moment + dt.timedelta(minutes=1)
    assert data != render_letter_pdf(case, invariant=True, created=later)[0]
    assert _creation_date(render_letter_pdf(case, invariant=True)[0]) == "D:20000101000000+00'00'"


def test_forty_items_each_decision_line_kept_with_its_guideline_line():
    case = good_case(
        items=[
            item(
                f"Service number {n:02d}",
                rationale=("Long reasoning. " * 40)
                + f"Therefore, the request for Service number {n:02d} is not medically necessary.",
            )
            for n in range(40)
        ]
    )
    data, pages = render_letter_pdf(case)
    texts = [" ".join(t.split()) for t in pdf_pages_text(data)]
    assert pages >= 10
    for n in range(40):
        heading = f"Service number {n:02d}: Upheld"
        on = [i for i, t in enumerate(texts) if heading in t]
        assert len(on) == 1, heading
        after = texts[on[0]].split(heading, 1)[1]
        assert after.lstrip().startswith("Claims Administrator guideline:")  # never alone
        if "MAXIMUS guideline:" not in after:  # the block flowed from a page's foot
            assert texts[on[0] + 1].startswith("MAXIMUS guideline:")
    assert f"Page {pages} of {pages}" in texts[-1]


def test_write_is_atomic_and_returns_sha256(tmp_path):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")
    result = write_letter_pdf(good_case(), target)
    assert result.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    import os

    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_letter_pdf(good_case(), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


# --- the example letter -------------------------------------------------------------

_LABELS = re.compile(r"(Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:)")


def _structure(text: str) -> list[str]:
    """The example's structural lines in order: the headings, and per item its
    decision line, its two guideline lines whole and the rationale's label. (The
    example is double-spaced text: it is read as one run of words.)"""
    flat = " ".join(text.split())
    out = [h for h in W.HEADINGS if h in flat]
    parts = _LABELS.split(flat.split(W.ISSUES_LEADIN, 1)[1])
    for n in range(1, len(parts), 2):
        label, body = parts[n], parts[n + 1].strip()
        if label.startswith("Claims"):
            before = parts[n - 1].strip()
            m = re.search(r"(?:^|\. )([^.]+?:\s+(?:Upheld|Overturned))$", before)
            assert m, before[-120:]
            out.append(" ".join(m.group(1).split()))
        if label == "Decision rationale:":
            out.append(label)
        else:
            out.append(f"{label} {body}".rstrip("."))
    return out


def test_example_letter_exports_with_its_structure_line_for_line(shared_dir):
    from imr_desktop.letters import import_letter_text

    path = shared_dir / "reference" / "000_5c22197c25cadd68.txt"
    if not path.is_file():
        pytest.skip("the example letter is not in ../shared/reference")
    example = path.read_text(encoding="utf-8")
    case, _ = import_letter_text(example, path.name)
    case.case_number = "CM14-0000001"
    assert [isinstance(i, DisputedItem) for i in case.items] == [True, True]
    text = pdf_flat_text(render_letter_pdf(case)[0])
    expected = _structure(example)
    assert len(expected) == 3 + 2 * 4
    assert expected[3] == "Physical Therapy 2 times a week for 4 weeks, Lumbar Spine: Upheld"
    assert in_order(text, expected) == []
    # The reviewer paragraph (2014 style) reads as the example's.
    how = " ".join(example.split(W.HEADING_HOW)[1].split(W.HEADING_SUMMARY)[0].split())
    assert how in text


def test_reportlab_and_qtpdf_load_on_first_use_only():
    import subprocess
    import sys

    code = (
        "import sys; import imr_desktop.export, imr_desktop.letter.workflow, "
        "imr_desktop.commands.letter, imr_desktop.letter.qa, imr_desktop.ui.letter.feature; "
        "bad = [m for m in sys.modules if m.startswith(('reportlab', 'PySide6.QtPdf', 'pypdf'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _pages_with_heights(data: bytes) -> list[tuple[list[tuple[float, str]], str]]:
    """Per page: the pieces of text above the page number with their heights on the
    page, and the page's text."""
    import pypdf

    out = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        pieces: list[tuple[float, str]] = []

        def seen(text, cm, tm, font, size, pieces=pieces):
            if text.strip() and not re.match(r"Page \d+ of \d+", text.strip()):
                pieces.append((cm[1] * tm[4] + cm[3] * tm[5] + cm[5], text))

        text = re.sub(r"Page \d+ of \d+", "", page.extract_text(visitor_text=seen))
        out.append((pieces, " ".join(text.split())))
    return out


def test_a_long_heading_block_flows_instead_of_leaving_the_page_blank(tmp_path):
    """An upheld, modified item whose decision line and guideline lines take a
    quarter page: under "set forth below:" the page is filled, not left a quarter
    blank; the long modification wording may split, as in the letters, but the
    decision always opens the Claims Administrator's line on one page. The block
    moves whole only when not even its start fits."""
    from imr_desktop.export.pdf_letter import BODY_SIZE, MARGIN, MOST_BLANK

    leading = BODY_SIZE * 1.25
    long_line = "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): " + (
        "Physical medicine treatment, Manual therapy & manipulation, " * 4
    )
    first = item(
        "Physical therapy 6 visits for the lumbar spine",
        original_request="Physical therapy 12 visits for the lumbar spine and both knees",
        authorised_part="Physical therapy 6 visits for the lumbar spine and both knees",
        claims_administrator_guideline=long_line + "Physical medicine treatment.",
        citations=[
            mtus(source="MTUS Chronic Pain Medical Treatment", edition="2016", pages=None),
            mtus(source="MTUS Low Back Complaints", edition="2004", section="Physical Methods, "
                 "Summary, Special Studies, Surgical Considerations", pages=None),
            non_mtus("Official Disability Guidelines (ODG) Low Back Chapter", "Physical therapy"),
            non_mtus("Official Disability Guidelines (ODG) Knee & Leg Chapter", "Physical medicine"),
        ],
    )  # fmt: skip
    heading = "Physical therapy 12 visits for the lumbar spine and both knees was the original"
    flowed = moved = 0
    for n in range(0, 24, 2):
        case = good_case(items=[first, item("Naproxen 550 mg #60")])
        case.summary += " The records describe the same findings at each visit." * n
        data = render_letter_pdf(case)[0]
        pages = _pages_with_heights(data)
        at = next(i for i, (_, text) in enumerate(pages) if W.ISSUES_LEADIN in text)
        pieces, text = pages[at]
        if text.endswith(W.ISSUES_LEADIN):  # nothing of item 1 under the lead-in
            moved += 1
            blank = min(y for y, _ in pieces) - MARGIN
            top, next_text = pages[at + 1]
            assert next_text.startswith(heading)
            ca = next(y for y, t in top if t.startswith("Claims Administrator guideline:"))
            start = max(y for y, _ in top) - ca + 2 * leading  # decision line + 2 lines
            # (the blank is measured from the last baseline: a line's spacing more)
            assert blank < max(start, MOST_BLANK) + leading, f"{n}: {blank:.0f} pt left blank"
        else:  # item 1 starts under it; its decision opens the CA's line on one page
            flowed += 1
            after = text.split(W.ISSUES_LEADIN, 1)[1]
            assert after.lstrip().startswith(heading)
            decided = "is: Upheld Claims Administrator guideline:"
            assert decided in after or pages[at + 1][1].count(decided) == 1
        for _, page in pages:  # the rationale flows; nothing is lost or repeated
            assert page.count(heading) <= 1
        (tmp_path / "letter.pdf").write_bytes(data)  # and the letter reads back whole
        read, _ = import_letter(tmp_path / "letter.pdf")
        assert [(i.original_request, i.request, i.decision, i.citations) for i in read.items] == [
            (i.original_request, i.request, i.decision, i.citations) for i in case.items
        ]
    assert flowed and moved  # the sweep met both cases
