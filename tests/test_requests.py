"""Request understanding: one pure function shared by the guideline search and the
precedents. What a request asks for, where, how much and when."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imr_desktop.requests import regions_compatible, understand
from imr_desktop.requests.meaning import MAX_TERMS
from imr_desktop.requests.phrases import MAX_WORD_CHARS


def same_service(a: str, b: str) -> bool:
    ua, ub = understand(a), understand(b)
    return ua.match_terms == ub.match_terms and set(ua.region_terms) == set(ub.region_terms)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PT 2x6 low back", "12 sessions of lumbar physical therapy"),
        ("Physiotherapy for the lumbosacral spine", "physical therapy, L-spine"),
        ("ESI L4-5", "Lumbar epidural steroid injection"),
        ("EMG/NCV RUE", "Electromyography and nerve conduction studies, right upper extremity"),
        ("TENS unit purchase", "Transcutaneous electrical nerve stimulation unit"),
        ("X-rays of the cervical spine", "Cervical spine x-ray"),
        ("Chiro 6 visits for the neck", "Chiropractic treatment to the cervical spine, 6 sessions"),
        ("FCE", "Functional capacity evaluation"),
        ("MRI (magnetic resonance imaging) of the right knee", "Right knee MRI"),
    ],
)
def test_abbreviations_synonyms_and_stems_mean_the_same_service(a, b):
    assert same_service(a, b), (understand(a), understand(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Norco 10/325mg #90", "Norco 5/325 #60, one tablet twice daily"),
        ("Tramadol 50 mg #90", "Tramadol 50mg take 1 tab orally every 4-6 hours as needed #30"),
        ("Lidoderm patch #30 with 2 refills", "Lidoderm patch, 1 box"),
        ("Physical therapy 3 times a week for 4 weeks", "Physical therapy, 6 visits"),
        ("Retrospective CT scan of the head (DOS 11/18/16)", "CT of the head"),
    ],
)
def test_dose_quantity_count_and_dates_never_change_the_service(a, b):
    assert same_service(a, b), (understand(a), understand(b))


def test_amounts_are_recognised_and_recorded():
    u = understand("Norco 10/325mg #90 with 1 refill")
    assert (u.strength, u.quantity, u.category) == ("10/325mg", "#90", "medication")
    assert understand("PT 2x6 low back").count.low == 12
    assert str(understand("Physical therapy 2-3 times a week for 6 weeks").count) == "12–18"
    assert understand("Eight (8) physical therapy sessions").count.low == 8
    assert understand("Acupuncture 1 to 2 times per week for 4 weeks").count.high == 8
    assert understand("Ketoprofen 20% cream, 240 grams").quantity == "240 grams"
    assert understand("Electrocardiogram times 3").count.low == 3


def test_body_region_is_respected_and_side_is_understood():
    mri = understand("MRI of the lumbar spine")
    assert not regions_compatible(mri, understand("MRI of the left knee"))
    assert regions_compatible(mri, understand("MRI of the spine"))  # the spine holds it
    assert regions_compatible(mri, understand("MRI"))  # no region named: fits any
    assert regions_compatible(
        understand("EMG of the upper extremities"), understand("EMG left wrist")
    )
    assert understand("MRI of the left shoulder").sides == ("left",)
    assert understand("NCS/EMG RUE").sides == ("right",)
    assert understand("EMG/NCV of the bilateral lower extremities").sides == ("bilateral",)
    assert understand("X-rays of the right hip and left knee").sides == (
        "right",
        "left",
        "bilateral",
    )


def test_retrospective_requests_and_dates_of_service():
    u = understand("Retrospective CT scan of the cervical spine (DOS 11/18/16)")
    assert (u.retrospective, u.service_date, u.match_terms) == (
        True,
        dt.date(2016, 11, 18),
        ("ct",),
    )
    u = understand("Lidoderm patch #1 box, DOS: 11/11/2016")
    assert (u.retrospective, u.service_date) == (True, dt.date(2016, 11, 11))
    u = understand("Retrospective Famotidine 20mg #60, per 12/07/2016 order")
    assert (u.retrospective, u.service_date, u.generics) == (
        True,
        dt.date(2016, 12, 7),
        ("famotidine",),
    )
    assert understand("Post-op Norco 5/325 #60").perioperative == "post-op"
    assert understand("Associated surgical service: EKG").perioperative == "surgical service"


def test_words_in_brackets_restate_and_are_not_required():
    u = understand("Hot/cold therapy wrap (Thermacare brand)")
    assert (u.match_terms, u.aside) == (("hot_cold",), ("thermacare", "brand"))
    # A brand in brackets after its generic is the same drug.
    assert (
        understand("Tramadol (Ultram) 50mg #60").match_terms == understand("Ultram 50").match_terms
    )


@pytest.mark.parametrize(
    ("request_text", "category"),
    [
        ("MRI of the lumbar spine", "imaging"),
        ("Physical therapy 6 sessions", "therapy"),
        ("EMG bilateral lower extremities", "electrodiagnostic"),
        ("Right L5 transforaminal epidural steroid injection", "injection"),
        ("Arthroscopy of the left knee", "surgery"),
        ("Standard wheelchair for a 2 month rental", "equipment"),
        ("Chiropractic evaluation, lumbar spine", "evaluation"),
        ("Chiropractic for the lumbar spine, 12 visits", "therapy"),
        ("Pre-op labs: CBC", "testing"),
        ("Home aide 6 hours per day", "services"),
        ("Viagra 50mg", "medication"),
    ],
)
def test_the_category_follows_the_service(request_text, category):
    assert understand(request_text).category == category


def test_the_guideline_search_shares_the_same_table():
    from imr_desktop.guidelines import query
    from imr_desktop.requests import vocabulary

    assert query.ABBREVIATIONS is vocabulary.ABBREVIATIONS
    assert query.STOPWORDS is vocabulary.STOPWORDS


def test_nothing_to_compare_in_a_request_of_amounts_only():
    assert understand("").is_empty
    assert understand("12 sessions, 2 times a week").is_empty
    assert understand("#90").is_empty


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_understood_without_error_and_within_bounds(text):
    u = understand(text)
    assert len(u.match_terms) <= MAX_TERMS
    assert all(0 < len(t) <= MAX_WORD_CHARS for t in u.match_terms)
    assert all(re.fullmatch(r"[a-z0-9_]+", t) for t in u.match_terms)
    assert understand(text) == u  # pure: the same text, the same answer


def test_a_pasted_page_is_cut_to_a_request():
    u = understand("MRI of the knee, " * 5000)
    assert (u.match_terms, u.regions) == (("mri",), ("knee",))
    assert understand("acupuncture " * 400).match_terms == ("acupuncture",)  # no half word


def test_every_request_of_the_published_letters_names_a_service(shared_dir):
    """Each of the 357 published requests is understood as something to compare."""
    from imr_desktop.letters import import_letter

    pdfs = sorted((shared_dir / "letters" / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no letters")
    empty = []
    for pdf in pdfs[::3]:  # a third of them: the corpus test reads all
        case, _ = import_letter(pdf)
        empty += [i.request for i in case.items if understand(i.request).is_empty]
    assert empty == []


@pytest.mark.parametrize(
    ("request_text", "concepts", "regions"),
    [
        ("With open carpal tunnel release", ("carpal_tunnel_release",), ("wrist_hand",)),
        ("Left knee arthroscopic meniscectomy", ("arthroscopy", "meniscectomy"), ("knee",)),
        ("Pre-op chest x-ray", ("x_ray",), ("chest",)),
        ("Trigger points impedance imaging (TPII)", ("impedance_imaging",), ()),
        ("Infrared thermography", ("thermography",), ()),
    ],
)
def test_services_and_the_regions_they_name(request_text, concepts, regions):
    understood = understand(request_text)
    assert understood.concepts == concepts
    assert understood.regions == regions


AMOUNT_PIECES = [
    "2", "12", "1.5", "six", "twice", "once", "x", "x6", "2x6", "times", "3 times", "a",
    "per", "week", "weeks", "wk", "wks", "weekly", "/", "-", "to", "or", "for", "over",
    "during", "the next", "sessions", "session", "visits", "visit", "treatments", "(12)",
    "day", "days", "month", "months", "supply", "'s", "rental", "trial", "use", "refill",
    "refills", "with", "of", ",", "#", ":", "mg", "%", "g", "ml", "pt", "chiro", "an",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(AMOUNT_PIECES), max_size=12).map(" ".join)
    | st.lists(st.sampled_from(AMOUNT_PIECES) | st.text(max_size=6), max_size=8).map("".join)
)
def test_a_pattern_searched_only_in_texts_holding_its_words_finds_what_it_finds(text):
    """amounts' largest patterns skip texts without the words they cannot match
    without: each gives its compiled pattern's answers on any text."""
    from imr_desktop.requests import amounts

    guarded = [p for p in vars(amounts).values() if isinstance(p, amounts._Pattern)]
    assert len(guarded) >= 8
    for pattern in guarded:
        plain = re.compile(pattern.pattern)
        found = pattern.search(text)
        expected = plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern
        assert [m.groupdict() for m in pattern.finditer(text)] == [
            m.groupdict() for m in plain.finditer(text)
        ]
