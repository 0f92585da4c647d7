import json

import pytest

from imr_desktop import paths
from imr_desktop.model import (
    Case,
    CaseFormatError,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    case_from_json,
    case_to_json,
)
from imr_desktop.model.case_json import case_to_dict


def demo_jsons():
    return sorted(paths.resource("demo", "cases").glob("*.json"))


@pytest.mark.parametrize("path", demo_jsons(), ids=lambda p: p.name)
def test_demo_case_round_trips(path):
    case = case_from_json(path.read_text(encoding="utf-8"))
    assert case_from_json(case_to_json(case)) == case
    assert json.loads(case_to_json(case))["format"] == "imr-case/1"


def test_there_are_three_demo_cases_one_modified_one_expedited():
    cases = [case_from_json(p.read_text()) for p in demo_jsons()]
    assert len(cases) == 3
    assert any(item.is_modified for c in cases for item in c.items)
    assert any(c.priority.value == "expedited" for c in cases)


def test_round_trip_keeps_non_latin_text_and_nulls():
    case = Case(
        case_number="CM16-0000001",
        summary="Paciente de 40 años; 患者; Ψ",
        items=[
            DisputedItem(
                request="Ibuprofène 800 mg",
                decision=Decision.OVERTURNED,
                citations=[Citation(CitationKind.NON_MTUS, "ODG Pain", None, "NSAIDs", None)],
            )
        ],
    )
    again = case_from_json(case_to_json(case))
    assert again == case
    assert again.date_of_injury is None


def base() -> dict:
    return case_to_dict(Case(case_number="CM16-0000001", items=[DisputedItem(request="PT")]))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="imr-case/2"), "newer or unknown version"),
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.pop("case_number"), "case_number: missing"),
        (lambda d: d.update(case_number=12), "case_number: expected text"),
        (lambda d: d.update(date_of_injury="07/15/2011"), "date_of_injury"),
        (lambda d: d.update(date_of_injury="2011-02-30"), "date_of_injury"),
        (lambda d: d.update(priority="urgent"), "priority: expected one of"),
        (lambda d: d["patient"].update(age="fifty"), "patient.age"),
        (lambda d: d["patient"].update(age=True), "patient.age"),
        (lambda d: d["items"][0].update(decision="yes"), "items[0].decision"),
        (lambda d: d["items"][0].pop("request"), "items[0].request: missing"),
        (lambda d: d["items"][0].update(citations=[{"source": "x"}]), "items[0].citations[0].kind"),
        (lambda d: d.update(items={"a": 1}), "items: expected a list"),
        (lambda d: d["reviewer"].update(licensure="California"), "reviewer.licensure"),
        (lambda d: d.update(summary="x" * 1_000_001), "characters is more than"),
    ],
)
def test_bad_case_json_names_the_field(mutate, message):
    data = base()
    mutate(data)
    with pytest.raises(CaseFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        case_from_json(json.dumps(data))


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"\xff\xfe\x00", b"null", b'"text"'])
def test_not_json_or_not_an_object(raw):
    with pytest.raises(CaseFormatError):
        case_from_json(raw)


def test_ten_megabytes_of_text_is_refused_with_size(store):
    before = [r.case_number for r in store.list_cases()]
    data = base()
    data["summary"] = "a" * (10 * 1024 * 1024)
    with pytest.raises(CaseFormatError, match="MB"):
        store.import_case_json(json.dumps(data))
    assert [r.case_number for r in store.list_cases()] == before


def test_bad_json_leaves_store_unchanged(store):
    before = store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
    audit_before = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    data = base()
    data["items"][0]["decision"] = "maybe"
    with pytest.raises(CaseFormatError):
        store.import_case_json(json.dumps(data))
    assert store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == before
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
