"""Similar requests, as the precedents index sees them.

Each published item is indexed with its understood request (:mod:`imr_desktop.requests`):
the *terms* (what is requested) and the *regions* (where). A request typed by the
reviewer matches an item when every one of its terms is among the item's terms and,
when it names a body region, the item names a compatible one or none at all. Dose,
quantity, count, side and dates never take part.
"""

from __future__ import annotations

from dataclasses import dataclass

from imr_desktop.requests import UnderstoodRequest, understand

from .schema import NO_REGION

# Stored with the index; when request understanding changes, the terms of every
# item are derived again on the next open (they are not the letters' words).
UNDERSTANDING_VERSION = "4"

# Index terms carry a prefix no English word has, so their posting lists hold only
# the terms column: "mri" or "lumbar" in a thousand rationales never slows a match.
TERM_PREFIX = "qq"


def index_term(key: str) -> str:
    """A vocabulary key or word as one FTS token ("physical_therapy" -> "qqphysicaltherapy")."""
    word = "".join(ch for ch in key.lower() if ch.isalnum())
    return TERM_PREFIX + word if word else ""


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class IndexedRequest:
    terms: str
    regions: str
    category: str
    signature: str  # what is asked for, order-free: equal for the same request


NO_REGION_TERM = TERM_PREFIX + NO_REGION


def outcome_term(decision: str | None) -> str:
    """The outcome as an index term ("qqupheld", "qqoverturned", "qqundecided")."""
    return TERM_PREFIX + (decision or "undecided")


DECIDED = f"outcome : ({outcome_term('upheld')} OR {outcome_term('overturned')})"

# Around a surgery the guidelines differ (postsurgical therapy, post-operative
# opioids): a request made for a surgery carries this term, and a reviewer's request
# that says so asks for it.
PERIOPERATIVE = "perioperative"


def _terms(meaning: UnderstoodRequest) -> list[str]:
    terms = [index_term(t) for t in meaning.match_terms]
    if meaning.perioperative:
        terms.append(index_term(PERIOPERATIVE))
    return [t for t in dict.fromkeys(terms) if t]


def category_term(category: str) -> str:
    """The request's category as an index term: the widest circle of similar
    requests the guideline suggestions count ("every imaging request")."""
    return index_term(f"category {category}")


def indexed(request: str) -> IndexedRequest:
    meaning = understand(request)
    terms = _terms(meaning) + [index_term(t) for t in meaning.aside]
    terms.append(category_term(meaning.category))
    regions = [index_term(r) for r in meaning.region_terms] or [index_term(NO_REGION)]
    return IndexedRequest(
        " ".join(t for t in dict.fromkeys(terms) if t),
        " ".join(dict.fromkeys(regions)),
        meaning.category,
        signature(meaning),
    )


def signature(meaning: UnderstoodRequest) -> str:
    return " ".join(sorted(set(_terms(meaning))))


def region_condition(
    meaning: UnderstoodRequest, column: str = "i.regions"
) -> tuple[str, list[str]]:
    """SQL (and its parameters) true for items naming a region compatible with the
    request's: the region tier of the list, read from the row without the index."""
    regions = [index_term(r) for r in meaning.region_terms]
    sql = " OR ".join(f"instr(' ' || {column} || ' ', ?) > 0" for _ in regions)
    return f"({sql})", [f" {r} " for r in regions]


def match_expression(meaning: UnderstoodRequest) -> str:
    """The FTS5 MATCH for items similar to ``meaning`` ("" when it names nothing).
    Every term is a quoted string, so nothing a reviewer types is FTS syntax."""
    terms = _terms(meaning)
    if not meaning.match_terms:
        return ""
    return "terms : (" + " AND ".join(quote(t) for t in terms) + ")" + region_condition_fts(meaning)


def region_condition_fts(meaning: UnderstoodRequest) -> str:
    """ " AND regions : (...)" for a request naming a region: compatible regions or
    none named; "" otherwise."""
    if not meaning.regions:
        return ""
    regions = [index_term(r) for r in meaning.region_terms] + [index_term(NO_REGION)]
    return f" AND regions : ({' OR '.join(quote(r) for r in regions)})"


def ranked_expressions(meaning: UnderstoodRequest) -> list[str]:
    """The same matches as :func:`match_expression`, in the order they are listed:
    items naming a compatible region before items naming none."""
    terms = _terms(meaning)
    if not meaning.match_terms:
        return []
    expression = "terms : (" + " AND ".join(quote(t) for t in terms) + ")"
    if not meaning.regions:
        return [expression]
    regions = [index_term(r) for r in meaning.region_terms]
    return [
        f"{expression} AND regions : ({' OR '.join(quote(r) for r in regions)})",
        f"{expression} AND regions : {quote(index_term(NO_REGION))}",
    ]
