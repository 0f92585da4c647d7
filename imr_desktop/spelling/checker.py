"""The spell checker: what a text's misspellings are, what to suggest, and the words
that extend the shipped dictionaries (the reviewer's own, the guideline library's,
the drug vocabulary's, the precedent letters').

British spellings are reported apart, with the American form ("favour" -> "favor"),
even where a dictionary knows them: the letters are American English.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .tokens import CHUNK, chunk_words

MAX_WORD = 60  # longer "words" (a pasted hash, a run of letters) are not checked


class Engine(Protocol):
    def spell(self, word: str) -> bool: ...
    def suggest(self, word: str) -> list[str]: ...
    def add(self, words: Iterable[str]) -> None: ...


@dataclass(frozen=True)
class Misspelling:
    start: int
    end: int
    word: str
    american: str | None = None  # set for a British spelling: the American form

    @property
    def is_british(self) -> bool:
        return self.american is not None


def _matches_case(word: str, like: str) -> str:
    if word.isupper() and len(word) > 1:
        return like.upper()
    if word[:1].isupper():
        return like[:1].upper() + like[1:]
    return like


class SpellChecker:
    """One thread at a time (the engine is not thread-safe): the window loads it on a
    worker and then uses it on the GUI thread only."""

    def __init__(self, engine: Engine, british: Mapping[str, str] | None = None) -> None:
        self.engine = engine
        self.british = dict(british or {})
        self._known: dict[str, bool] = {}
        self._chunks: dict[str, tuple[Misspelling, ...]] = {}
        self._suggestions: OrderedDict[str, list[str]] = OrderedDict()
        # Words the reviewer accepted (the personal dictionary): never flagged, not even
        # as British; the choice is theirs.
        self.accepted: set[str] = set()
        self.generation = 0  # bumped whenever the known words change

    # --- words ------------------------------------------------------------------------

    def american_form(self, word: str) -> str | None:
        american = self.british.get(word.lower())
        return _matches_case(word, american) if american else None

    def is_known(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = len(word) > MAX_WORD or self.engine.spell(word)
            if len(self._known) > 200_000:
                self._known.clear()
            self._known[word] = known
        return known

    def add_words(self, new_words: Iterable[str], *, accepted: bool = False) -> int:
        """Words every check accepts from now on (and may suggest). Returns how many.
        ``accepted``: the reviewer's own words, which no rule flags."""
        batch = [w for w in {w.strip() for w in new_words} if addable(w)]
        if accepted:
            self.accepted.update(batch)
        if batch:
            self.engine.add(batch)
            self._known.clear()
            self._chunks.clear()
            self._suggestions.clear()
            self.generation += 1
        return len(batch)

    # --- texts ------------------------------------------------------------------------

    def check(self, text: str, ignored: Collection[str] = ()) -> list[Misspelling]:
        """Every misspelled or British word of ``text``, in order. ``ignored``: words
        accepted in this text only (a case's "Ignore in this case").

        A text is mostly the same few hundred words: the verdict on each run of
        non-space ("patient's", "(L4-5),") is cached, so checking costs about one
        dictionary lookup a word."""
        found: list[Misspelling] = []
        cache = self._chunks
        for m in CHUNK.finditer(text):
            chunk = m.group()
            flagged = cache.get(chunk)
            if flagged is None:
                flagged = self._check_chunk(chunk)
                if len(cache) > 100_000:
                    cache.clear()
                cache[chunk] = flagged
            if flagged:
                base = m.start()
                found.extend(
                    Misspelling(base + f.start, base + f.end, f.word, f.american)
                    for f in flagged
                    if f.word not in ignored
                )
        return found

    def _check_chunk(self, chunk: str) -> tuple[Misspelling, ...]:
        flagged = []
        for start, end, word in chunk_words(chunk):
            if word in self.accepted:
                continue
            american = self.british.get(word.lower())
            if american is not None:
                flagged.append(Misspelling(start, end, word, _matches_case(word, american)))
            elif not self.is_known(word):
                flagged.append(Misspelling(start, end, word))
        return tuple(flagged)

    def suggest(self, word: str, limit: int = 6) -> list[str]:
        """Corrections, best first (the American form first for a British spelling)."""
        cached = self._suggestions.get(word)
        if cached is None:
            american = self.american_form(word)
            found = [american] if american else []
            engine = [s for s in self.engine.suggest(word) if s not in found and s != word]
            # Hunspell lists by method, not by likeness: the likeliest slip goes first
            # (a stable sort keeps Hunspell's order among equals).
            found += sorted(engine, key=lambda s: typing_distance(word, s))
            cached = found
            self._suggestions[word] = cached
            while len(self._suggestions) > 500:
                self._suggestions.popitem(last=False)
        return cached[:limit]


def addable(word: str) -> bool:
    return 1 < len(word) <= MAX_WORD and not any(c.isspace() for c in word)


_VOWELS = frozenset("aeiou")


def typing_distance(typed: str, word: str) -> float:
    """Damerau-Levenshtein distance weighted for the slips people make: a vowel for a
    vowel, a vowel left out or added, a letter doubled or not, two letters swapped
    cost less than other edits ("foramenal" is nearer "foraminal" than "foramena")."""
    a, b = typed.lower(), word.lower()
    rows = [[float(j) for j in range(len(b) + 1)]]
    for i in range(1, len(a) + 1):
        row = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            sub = 0.0 if x == y else 0.5 if x in _VOWELS and y in _VOWELS else 1.0
            dele = 0.5 if i > 1 and x == a[i - 2] else 0.75 if x in _VOWELS else 1.0
            ins = 0.5 if j > 1 and y == b[j - 2] else 0.75 if y in _VOWELS else 1.0
            best = min(rows[i - 1][j] + dele, row[j - 1] + ins, rows[i - 1][j - 1] + sub)
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                best = min(best, rows[i - 2][j - 2] + 0.5)
            row[j] = best
        rows.append(row)
    return rows[-1][-1]
