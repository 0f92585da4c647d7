"""Rebuild resources/spelling/british.tsv (British spelling -> American spelling).

Source: SCOWL 2020.12.07 (Debian package ``scowl``: /usr/share/dict/scowl), the same
word lists the shipped en_US Hunspell dictionary is made from, under the same
permissive licence (resources/spelling/README.md). A British-only word is paired with
an American one by the regular spelling differences (-ise/-ize, -our/-or, -tre/-ter,
ae/oe -> e, -ll- -> -l-, -ence -> -ense, -ogue -> -og, -mme -> -m, judgement ...); a pair
is kept only when the shipped en_US dictionary rejects the British form and accepts the
American one, so a word American English also spells that way is never reported.

    apt-get install scowl && .venv/bin/python tools/build_british_map.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCOWL = Path("/usr/share/dict/scowl")
OUT = ROOT / "resources" / "spelling" / "british.tsv"

# (British pattern, American replacement): the regular differences only.
RULES = [
    (r"isation", "ization"), (r"ise", "ize"), (r"ising", "izing"), (r"ised", "ized"),
    (r"iser", "izer"), (r"isable", "izable"),
    (r"yse", "yze"), (r"ysing", "yzing"), (r"ysed", "yzed"), (r"our", "or"),
    (r"tre$", "ter"), (r"tres$", "ters"), (r"tred$", "tered"), (r"bre$", "ber"),
    (r"bres$", "bers"), (r"ae", "e"), (r"oe", "e"), (r"ll", "l"), (r"ence$", "ense"),
    (r"ences$", "enses"), (r"ogue$", "og"), (r"ogues$", "ogs"), (r"mme$", "m"),
    (r"mmes$", "ms"), (r"gement", "gment"), (r"l$", "ll"), (r"ls$", "lls"),
    (r"lment", "llment"), (r"oeuvre", "euver"), (r"oeuvres", "euvers"),
    (r"oeuvred", "euvered"), (r"oeuvring", "euvering"), (r"eable$", "able"),
    (r"ageing", "aging"), (r"mould", "mold"), (r"ould(?=er|ing|s|ed|$)", "old"),
]  # fmt: skip


def load(prefix: str, max_level: int = 95) -> set[str]:
    words: set[str] = set()
    for f in SCOWL.glob(prefix + ".*"):
        if int(f.suffix[1:]) <= max_level:
            words.update(f.read_text("latin-1").split())
    return words


def american_of(word: str, american: set[str]) -> str | None:
    for pattern, replacement in RULES:
        for m in re.finditer(pattern, word):
            candidate = word[: m.start()] + replacement + word[m.end() :]
            if candidate != word and candidate in american:
                return candidate
    # two differences in one word: anaesthetised, paediatrician's -isation ...
    candidate = word
    for pattern, replacement in RULES:
        candidate = re.sub(pattern, replacement, candidate)
        if candidate != word and candidate in american:
            return candidate
    return None


def main() -> int:
    import hunspell  # chunspell: the engine the app uses

    us = hunspell.Hunspell("en_US", hunspell_data_dir=str(OUT.parent))
    british = load("british-words")
    american = load("american-words") | load("english-words")
    pairs = {}
    for word in sorted(british - american):
        if not word.isalpha() or not word.islower() or us.spell(word):
            continue
        target = american_of(word, american)
        if target and us.spell(target):
            pairs[word] = target
    OUT.write_text("".join(f"{b}\t{a}\n" for b, a in sorted(pairs.items())), "utf-8")
    print(f"{len(pairs)} pairs -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
