"""IMR ISSUES, DECISIONS AND RATIONALES as disputed items.

An item starts with its heading, the request (which may wrap over lines, and may be
the three-part modification wording) ending in ": Upheld" or ": Overturned" (alone
on the next line when the request fills the line). Then come the labelled fields:
"Claims Administrator guideline:", "<organisation> guideline:" and "Decision
rationale:", which runs until the next item's heading. A heading is only taken as
one when a guideline label follows it.
"""

from __future__ import annotations

import re

from imr_desktop.model import Decision, DisputedItem

from .citations import parse_guideline_line
from .pdf_text import SENTENCE_END, TextLine, join_wrapped, paragraphs, starts_paragraph
from .wording import (
    CA_LABEL,
    CITATION_FIXED_WORDS,
    DECISION_ALONE,
    DECISION_END,
    ISSUES_LEADIN,
    MODIFICATION_HINT,
    MODIFIED_REMAINDER,
    MODIFIED_SUBSTITUTED,
    ORG_LABEL,
    RATIONALE_LABEL,
    words,
)

_ORIGINAL_SENTENCE = re.compile(r"(?:was|were) the original$|(?:was|were) the original request\.")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _is_label(text: str) -> bool:
    t = _norm(text)
    return bool(CA_LABEL.match(t) or ORG_LABEL.match(t) or RATIONALE_LABEL.match(t))


def _next_text_line(lines: list[TextLine], start: int) -> str:
    return _norm(lines[start].text) if start < len(lines) else ""


def _decision_lines(lines: list[TextLine]) -> list[tuple[int, str]]:
    """(index of the line holding the decision, decision word) for each heading."""
    found = []
    for i, line in enumerate(lines):
        text = _norm(line.text)
        alone = DECISION_ALONE.match(text)
        m = DECISION_END.search(text) or (
            alone if alone and i > 0 and _norm(lines[i - 1].text).endswith(":") else None
        )
        if not m or _is_label(text):
            continue
        # A label follows at once, or after a stray line or two (left-over furniture).
        following = [_next_text_line(lines, i + k) for k in (1, 2, 3)]
        if any(CA_LABEL.match(t) or ORG_LABEL.match(t) for t in following):
            found.append((i, m.group("decision")))
    return found


def parse_items(
    lines: list[TextLine], vocab: set[str]
) -> tuple[list[DisputedItem], list[str], list[str], list[str]]:
    """Items, the text placed (for the word check), unplaced blocks, warnings."""
    placed: list[str] = []
    unplaced: list[str] = []
    warnings: list[str] = []
    lines = _rejoin_no_decision(lines)
    start = 0
    # The lead-in (it may share its paragraph with the first heading in our own PDFs).
    if lines:
        lead_end = 0
        joined = ""
        for n, line in enumerate(lines[:4]):
            joined = join_wrapped([joined, line.text])
            if ISSUES_LEADIN.match(joined) and joined.rstrip().endswith(":"):
                lead_end = n + 1
                break
        if lead_end:
            placed.append(joined)
            start = lead_end
            if start < len(lines):
                lines[start].gap_before = True
    decisions = [(i, d) for i, d in _decision_lines(lines) if i >= start]
    heads = []
    lower = start
    for index, word in decisions:
        first = _heading_start(lines, index, lower)
        heads.append((first, index, word))
        lower = index + 1
    if not heads:
        if lines[start:]:
            unplaced.extend(paragraphs(lines[start:], vocab))
            if any(RATIONALE_LABEL.match(_norm(x.text)) for x in lines[start:]):
                warnings.append(
                    "items: labels found but no item heading ending in Upheld/Overturned"
                )
        return [], placed, unplaced, warnings
    if heads[0][0] > start:
        unplaced.extend(paragraphs(lines[start : heads[0][0]], vocab))
    items = []
    for n, (first, index, word) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        item, item_placed, item_unplaced, item_warnings = _item(
            lines[first : index + 1], lines[index + 1 : end], word, vocab, n + 1
        )
        items.append(item)
        placed.extend(item_placed)
        unplaced.extend(item_unplaced)
        warnings.extend(item_warnings)
    return items, placed, unplaced, warnings


def _rejoin_no_decision(lines: list[TextLine]) -> list[TextLine]:
    """ "[no decision]" (an undecided draft item) wrapped after "[no": one line again."""
    out: list[TextLine] = []
    for line in lines:
        text = line.text.strip()
        if out and text.startswith("decision]") and out[-1].text.rstrip().endswith("[no"):
            out[-1] = TextLine(out[-1].text.rstrip() + " " + text, out[-1].page, out[-1].gap_before)
            continue
        out.append(line)
    return out


def _heading_start(lines: list[TextLine], index: int, lower: int) -> int:
    j = index
    if DECISION_ALONE.match(_norm(lines[j].text)):
        j -= 1
    while j > lower and not starts_paragraph(lines[j - 1], lines[j]):
        if _is_label(lines[j].text) or _is_label(lines[j - 1].text):
            break  # an empty "Decision rationale:" right above the heading
        if lines[j].gap_before is None and lines[j - 1].text.rstrip().endswith(SENTENCE_END):
            break  # a page top after a finished sentence: a heading may start lower-case
        j -= 1
    # "<original> was the original request." may end a line of its own (a paragraph
    # boundary look-alike at a page top): take it in when the rest of the wording follows.
    text = join_wrapped([x.text for x in lines[j : index + 1]])
    if MODIFICATION_HINT.search(text) and not re.search(r"the original request\.", text):
        k = j
        while k > lower:
            k -= 1
            if _ORIGINAL_SENTENCE.search(_norm(lines[k].text)):
                while k > lower and not starts_paragraph(lines[k - 1], lines[k]):
                    k -= 1
                return k
            if _is_label(lines[k].text):
                break
    return j


def _item(
    head: list[TextLine], body: list[TextLine], word: str, vocab: set[str], number: int
) -> tuple[DisputedItem, list[str], list[str], list[str]]:
    placed: list[str] = []
    unplaced: list[str] = []
    warnings: list[str] = []
    heading = join_wrapped([x.text for x in head], vocab)
    m = DECISION_END.search(heading) or DECISION_ALONE.search(heading)
    request_text = heading[: m.start()].rstrip().rstrip(":").rstrip() if m else heading
    placed.append(heading[m.start() :] if m else "")
    item = DisputedItem(decision=None if word.startswith("[") else Decision(word.lower()))
    mod = MODIFIED_REMAINDER.match(request_text) or MODIFIED_SUBSTITUTED.match(request_text)
    if mod:
        item.original_request = mod.group("original").strip()
        item.authorised_part = mod.group("authorised").strip()
        item.request = mod.group("request").strip()
        placed.append(request_text)
    else:
        item.request = request_text
        placed.append(request_text)
        if MODIFICATION_HINT.search(request_text):
            warnings.append(
                f"item {number}: the modification wording was not recognized; the whole "
                "heading is the request"
            )
    # The labelled fields.
    fields: dict[str, list[TextLine]] = {}
    current = "before"
    fields[current] = []
    for line in body:
        text = _norm(line.text)
        for key, label in (("ca", CA_LABEL), ("org", ORG_LABEL), ("rationale", RATIONALE_LABEL)):
            lm = label.match(text)
            if lm and key not in fields:
                current = key
                fields[key] = []
                rest = text[lm.end() :]
                placed.append(text[: lm.end()])
                if rest:
                    fields[key].append(TextLine(rest, line.page, False))
                break
        else:
            fields[current].append(line)
    if fields["before"]:
        unplaced.extend(paragraphs(fields["before"], vocab))
    for key, name in (
        ("ca", "Claims Administrator guideline"),
        ("org", "guideline"),
        ("rationale", "Decision rationale"),
    ):
        if key not in fields:
            warnings.append(f"item {number}: no “{name}:” line")
    item.claims_administrator_guideline = " ".join(paragraphs(fields.get("ca", []), vocab))
    placed.append(item.claims_administrator_guideline)
    org_text = " ".join(paragraphs(fields.get("org", []), vocab))
    citations, leftover = parse_guideline_line(org_text)
    item.citations = citations
    cited = " ".join(
        " ".join(p for p in (c.source, c.edition, c.section, c.pages) if p) for c in citations
    )
    extra = set(words(org_text) - words(cited + " " + leftover)) - CITATION_FIXED_WORDS
    if extra and not leftover:
        leftover = " ".join(sorted(extra))
    if not leftover:
        placed.append(org_text)
    else:
        unplaced.append(f"Item {number} ({item.request[:60]}), guideline: {org_text}")
        warnings.append(f"item {number}: part of the guideline line was not understood")
    item.rationale = "\n\n".join(paragraphs(fields.get("rationale", []), vocab))
    placed.append(item.rationale)
    return item, placed, unplaced, warnings
