"""Letter import: our own test letters of both generations (text and PDF, with the
awkward layouts), unplaced text, bad input, the CLI and prior letters."""

from __future__ import annotations

import io
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desktop.cli import main
from imr_desktop.letters import (
    UNPLACED_HEADING,
    LetterImportError,
    import_letter,
    import_letter_text,
)
from imr_desktop.letters.citations import parse_guideline_line
from imr_desktop.letters.parse import import_letter_bytes
from imr_desktop.letters.pdf_text import join_wrapped
from imr_desktop.letters.prior_letters import (
    PriorLetters,
    copy_item_into,
    create_draft_from_letter,
)
from imr_desktop.model import CitationKind, Decision
from tests.letter_import_helpers import (
    HYPHENATE,
    case_2014,
    case_2016,
    comparable,
    pdf_letter,
    text_letter,
)

CASES = {"2016": case_2016, "2014": case_2014}


# --- our own letters ---------------------------------------------------------------------


@pytest.mark.parametrize("style", ["2016", "2014"])
def test_text_letter_reads_back_equal(style):
    case = CASES[style]()
    text = text_letter(case, style, hyphenate=HYPHENATE)
    assert "\f" in text and "-\n" in text and "Page 2 of" in text  # the awkward bits are there
    imported, report = import_letter_text(text, "letter.txt")
    assert comparable(imported) == comparable(case)
    assert imported.notes == ""
    assert report.generation == ("2016-17" if style == "2016" else "2014")
    assert report.removed_lines >= 4  # running headers and "Page X of Y" footers
    assert not report.unplaced and not report.warnings


@pytest.mark.parametrize("style", ["2016", "2014"])
def test_pdf_letter_reads_back_equal(tmp_path, style):
    case = CASES[style]()
    path = pdf_letter(case, tmp_path / "letter.pdf", style, hyphenate=HYPHENATE)
    imported, report = import_letter(path)
    assert comparable(imported) == comparable(case)
    assert report.kind == "pdf" and report.pages >= 2
    assert not report.unplaced


def test_2016_letter_fields_in_detail():
    case, report = import_letter_text(text_letter(case_2016(), "2016"))
    assert case.case_number == "CM17-0912345"
    assert case.priority.value == "expedited"
    assert case.reviewer.licensure == ["California", "Nevada", "New Mexico"]
    assert case.reviewer.specialty == "Orthopedic Surgery, Sports Medicine"
    assert case.reviewer.name == ""  # never a name
    assert (case.reviewer.years_in_practice, case.reviewer.hours_per_week) == (10, 30)
    assert (case.patient.age, case.patient.sex.value) == (47, "male")
    first, modified, non_mtus, no_evidence = case.items
    assert first.request.endswith("as an outpatient")  # wrapped before ": Overturned"
    assert first.decision is Decision.OVERTURNED
    assert [c.source for c in first.citations] == [
        "MTUS Neck and Upper Back Complaints",
        "MTUS Forearm, Wrist, and Hand Complaints",
    ]
    assert modified.original_request.startswith("Hand therapy 2 times a week")
    assert modified.authorised_part == "Hand therapy 4 sessions"
    assert modified.request == "Hand therapy 4 sessions"
    assert non_mtus.citations[0].kind is CitationKind.NON_MTUS
    assert non_mtus.citations[0].section == "Splints"
    assert no_evidence.citations == []
    assert report.modified_items == 1 and report.items_without_citations == 1


def test_decision_alone_on_the_line_after_a_long_item_name():
    text = text_letter(case_2016(), "2016").replace(
        "as an outpatient: Overturned", "as an outpatient:\nOverturned"
    )
    case, _ = import_letter_text(text)
    assert case.items[0].request.endswith("as an outpatient")
    assert case.items[0].decision is Decision.OVERTURNED


def test_substituted_service_form():
    text = text_letter(case_2016(), "2016")
    old = next(line for line in text.splitlines() if "was the original request" in line)
    start = text.index(old)
    end = text.index("is: Upheld", start) + len("is: Upheld")
    text = (
        text[:start]
        + "Purchase of a shower chair was the original request. The Claims Administrator\n"
        "authorized a shower chair for 1 month, leaving the original request IMR eligible.\n"
        "The original request, purchase of a shower chair is: Upheld" + text[end:]
    )
    case, _ = import_letter_text(text)
    item = case.items[1]
    assert item.original_request == "Purchase of a shower chair"
    assert item.authorised_part == "a shower chair for 1 month"
    assert item.request == "purchase of a shower chair"


def test_unplaced_text_goes_to_the_notes_and_the_report():
    text = text_letter(case_2016(), "2016").replace(
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "IMR ISSUES, DECISIONS AND RATIONALES\n\nA stray remark nobody expected here.\n",
    )
    case, report = import_letter_text(text)
    assert report.has_unplaced
    assert case.notes.startswith(UNPLACED_HEADING)
    assert "A stray remark nobody expected here." in case.notes
    assert any(line.startswith("Unplaced text: ") and "block" in line for line in report.lines())
    assert len(case.items) == 4


def test_unknown_reviewer_sentence_is_kept():
    text = text_letter(case_2016(), "2016").replace(
        "He/she is familiar", "The reviewer also enjoys sailing. He/she is familiar"
    )
    case, report = import_letter_text(text)
    assert "enjoys sailing" in case.notes


def test_dehyphenation_keeps_real_hyphens():
    vocab = {"treatment"}
    assert join_wrapped(["the treat-", "ment plan"], vocab) == "the treatment plan"
    assert join_wrapped(["a long-", "term plan"], vocab) == "a long-term plan"
    assert join_wrapped(["on 11-", "17-2016"], vocab) == "on 11-17-2016"
    assert join_wrapped(["soft\u00ad", "hyphen"], vocab) == "softhyphen"


def test_guideline_line_forms():
    cites, rest = parse_guideline_line(
        "Decision based on MTUS Acupuncture Treatment 2007, and Chronic Pain Medical "
        "Treatment 2016, Section(s): Topical analgesics. Decision based on Non-MTUS Citation "
        "ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Shoulder Disorders, pg. 64."
    )
    assert rest == ""
    assert [(c.kind.value, c.source, c.edition, c.section, c.pages) for c in cites] == [
        ("mtus", "MTUS Acupuncture Treatment", "2007", None, None),
        ("mtus", "MTUS Chronic Pain Medical Treatment", "2016", "Topical analgesics", None),
        (
            "non_mtus",
            "ACOEM Occupational Medicine Practice Guidelines",
            "3rd ed.",
            "Shoulder Disorders",
            "64",
        ),
    ]
    cites, _ = parse_guideline_line(
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
    )
    assert (cites[0].source, cites[0].section, cites[0].pages) == (
        "MTUS Chronic Pain Treatment Guidelines",
        "Physical Medicine",
        "98-99",
    )
    assert parse_guideline_line(
        "The Expert Reviewer did not cite any medical evidence for its decision."
    ) == ([], "")


# --- bad input ---------------------------------------------------------------------------


def test_invoice_is_refused(tmp_path):
    path = tmp_path / "invoice.txt"
    path.write_text("INVOICE 2291\nConsulting, 3 hours ........ $450.00\nTotal due: $450.00\n")
    with pytest.raises(LetterImportError, match="does not look like an IMR determination"):
        import_letter(path)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (random.Random(5).randbytes(4000), "binary"),
        (b"%PDF-1.4\n%broken beyond repair", "not a readable PDF"),
    ],
)
def test_junk_is_refused(tmp_path, data, message):
    path = tmp_path / "junk.bin"
    path.write_bytes(data)
    with pytest.raises(LetterImportError, match=message):
        import_letter(path)


def test_missing_file():
    with pytest.raises(LetterImportError, match="does not exist"):
        import_letter("/nonexistent/letter.pdf")


def _canvas_pdf(pages: int, text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for n in range(pages):
        c.drawString(72, 700, f"{text} {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_long_pdf_of_something_else_is_refused_from_its_first_pages(tmp_path):
    path = tmp_path / "manual.pdf"
    path.write_bytes(_canvas_pdf(300, "Chapter on pump maintenance, part"))
    with pytest.raises(LetterImportError, match="does not look like an IMR determination"):
        import_letter(path)


def test_pdf_without_text_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LetterImportError, match="no text layer"):
        import_letter(path)


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = pdf_letter(case_2016(), tmp_path / "plain.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt("secret-password")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(LetterImportError, match="encrypted"):
        import_letter(path)


def test_truncated_pdf_never_crashes(tmp_path):
    data = pdf_letter(case_2016(), tmp_path / "whole.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        try:
            case, _ = import_letter_bytes(data[:cut], "cut.pdf")
        except LetterImportError:
            continue
        assert case.case_number == "CM17-0912345"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text_gives_a_case_or_a_clear_error(text):
    try:
        case, report = import_letter_text(text)
    except LetterImportError as exc:
        assert str(exc)
        return
    assert report.items == len(case.items)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_mangled_letters_lose_nothing(data):
    """Lines of a real-layout letter dropped or duplicated: whatever cannot be placed
    ends up in the notes, never lost."""
    lines = text_letter(case_2016(), "2016").split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    lines.insert(index, data.draw(st.sampled_from(["Zebra quokka paragraph.", "Upheld", ":"])))
    try:
        case, _ = import_letter_text("\n".join(lines))
    except LetterImportError:
        return
    everything = json.dumps(comparable(case)) + case.notes
    assert "quokka" in everything or "quokka" not in "\n".join(lines)


# --- into the store, the CLI -------------------------------------------------------------


def test_imported_case_gets_a_free_number(store):
    case, _ = import_letter_text(text_letter(case_2016(), "2016"))
    first, note = create_draft_from_letter(store, case)
    assert note is None and store.load(first).case_number == "CM17-0912345"
    second, note = create_draft_from_letter(store, case)
    assert store.load(second).case_number == "CM17-0912345-2"
    assert "already exists" in note
    letter_2014, _ = import_letter_text(text_letter(case_2014(), "2014"))
    third, note = create_draft_from_letter(store, letter_2014)
    assert store.load(third).case_number == "IMPORTED-0001"
    assert "no case number" in note


def test_cli_import_json_and_errors(data_dir, tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text(text_letter(case_2016(), "2016"))
    assert main(["--data-dir", str(data_dir), "letters", "import", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["case"]["case_number"] == "CM17-0912345"
    assert out["report"]["items"] == 4 and out["report"]["unplaced_blocks"] == 0
    assert main(["--data-dir", str(data_dir), "letters", "import", str(path)]) == 0
    assert "CM17-0912345-2" in capsys.readouterr().out
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing to see")
    assert main(["--data-dir", str(data_dir), "letters", "import", str(junk)]) == 2
    assert "does not look like" in capsys.readouterr().err


def test_prior_letter_attach_list_and_copy(store, data_dir, tmp_path, capsys):
    path = pdf_letter(case_2016(), tmp_path / "prior.pdf")
    case_id = store.resolve("CM16-0000102")
    priors = PriorLetters(store)
    prior = priors.attach(case_id, path)
    assert priors.attach(case_id, path).prior_id == prior.prior_id  # once only
    assert [p.items for p in priors.list(case_id)] == [4]
    letter = priors.letter(prior.prior_id)
    case = store.load(case_id)
    before = len(case.items)
    index = copy_item_into(case, letter.items[1])
    assert index == before and case.items[index].authorised_part == "Hand therapy 4 sessions"
    assert case.items[index] is not letter.items[1]
    store.save(case_id, case)
    assert len(store.load(case_id).items) == before + 1
    store.close()
    args = ["--data-dir", str(data_dir), "letters"]
    assert main([*args, "list", "CM16-0000102"]) == 0
    assert "Hand therapy 4 sessions" in capsys.readouterr().out
    assert main([*args, "copy-item", "CM16-0000102", str(prior.prior_id), "3"]) == 0
    assert main([*args, "copy-item", "CM16-0000102", str(prior.prior_id), "9"]) == 2
    assert main([*args, "attach", "CM16-0000102", str(tmp_path / "nope.pdf")]) == 2
