"""Text that reaches the letter is American English: the fixed wording, the letters
composed from the demo cases, and what the sample library puts into a rationale (its
passages' first sentences, through the paraphrase) or the guideline line."""

from __future__ import annotations

import re

import pytest

from imr_desktop import paths
from imr_desktop.guidelines.importers import read_library_file
from imr_desktop.guidelines.sample import sample_files
from imr_desktop.letter import wording as W
from imr_desktop.letter.compose import conclusion_sentence, letter_text
from imr_desktop.letter.guideline_line import passage_guideline_line
from imr_desktop.letter.qa import check_case
from imr_desktop.model import case_from_json
from imr_desktop.model.passage import STYLE_2014, STYLE_2016, paraphrase_sentence

BRITISH = re.compile(
    r"\b\w*(?:authoris|organis|finalis|recognis|summaris|prioritis|minimis|utilis|"
    r"favour|behaviour|colour|honour|labour|centre\b|metre\b|programme|licence|"
    r"analys(?:e|ed|es|ing)\b|orthopaed|paediatr|anaesth|oedema|haemo|judgement|"
    r"travell|cancell|modell)\w*",
    re.I,
)
DEMO = sorted(paths.resource("demo", "cases").glob("*.json"))
PASSAGES = [p for f in sample_files() for s in read_library_file(f) for p in s.passages]


def british(text: str) -> list[str]:
    return BRITISH.findall(text)


def test_the_pattern_finds_british_spellings():
    assert british("The request was authorised; active therapy is favoured.") == [
        "authorised",
        "favoured",
    ]
    assert british("The request was authorized; active therapy is favored.") == []


def test_the_fixed_wording():
    words = {  # the text, not the "{placeholders}" the composer fills
        name: re.sub(
            r"\{\w+\}", "", " ".join(value.values() if isinstance(value, dict) else [value])
        )
        for name, value in vars(W).items()
        if name.isupper() and isinstance(value, str | dict) and name != "NUMBER_WORDS"
    }
    found = {name: british(text) for name, text in words.items() if british(text)}
    assert found == {}
    assert "was authorized by the Claims Administrator" in W.MODIFIED_REMAINDER  # as printed


@pytest.mark.parametrize("demo", DEMO, ids=[p.stem for p in DEMO])
def test_the_demo_letters_and_their_qa_messages(demo):
    case = case_from_json(demo.read_text())
    assert british(letter_text(case, width=0)) == []
    assert british(" ".join(f.message for f in check_case(case))) == []
    assert british(" ".join(conclusion_sentence(i) for i in case.items)) == []


def test_what_the_sample_library_puts_into_a_letter():
    texts = []
    for p in PASSAGES:
        texts += [p.text, paraphrase_sentence(p)]
        texts += [passage_guideline_line(p, STYLE_2016), passage_guideline_line(p, STYLE_2014)]
    assert british("\n".join(texts)) == []
