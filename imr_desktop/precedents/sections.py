"""One citation, one section: "MTUS Low Back Complaints 2004, Section(s): Diagnostic
Criteria, Special Studies, Summary" cites three sections, and a count of what similar
decisions cited counts each of them. Also the spelling-blind key two citations of
the same guideline section share."""

from __future__ import annotations

import re
from dataclasses import replace

from imr_desktop.model import Citation, CitationKind

# A comma starts another section when a capital or a section number follows it;
# these names hold a comma of their own before a capital.
_NEXT_SECTION = re.compile(r",\s+(?=\d+(?:\.\d+)*\.?\s|[A-Z])")
_COMMA_NAMES = (
    "NSAIDs, GI symptoms & cardiovascular risk",
    "Forearm, Wrist, & Hand",
    "Forearm, Wrist, and Hand",
    "Forearm, Wrist & Hand",
)


def split_sections(section: str) -> list[str]:
    """The sections a "Section(s):" list names, in order."""
    text = " ".join(section.split())
    out: list[str] = []
    while text:
        known = next((n for n in _COMMA_NAMES if text.lower().startswith(n.lower())), None)
        if known and (len(text) == len(known) or text[len(known)] == ","):
            out.append(text[: len(known)])
            text = text[len(known) :].lstrip(", ")
            continue
        m = _NEXT_SECTION.search(text)
        if m is None:
            out.append(text)
            break
        out.append(text[: m.start()])
        text = text[m.end() :]
    return [s.strip() for s in out if s.strip()]


def one_section_each(citation: Citation) -> list[Citation]:
    """An MTUS citation of several sections as one citation per section (others as
    they are: a Non-MTUS "section" is the topic, commas and all)."""
    if citation.kind is not CitationKind.MTUS or not citation.section:
        return [citation]
    parts = split_sections(citation.section)
    return [replace(citation, section=part) for part in parts] or [citation]


_PARENTHESES = re.compile(r"\([^)]*\)")
_NOISE_WORDS = frozenset(
    {"guidelines", "guideline", "chapter", "the", "section", "topic", "mtus", "odg", "official"}
    | {"disability", "acute", "chronic", "and", "of", "for"}
)
# ODG chapters as letters name them in many ways ("Low Back - Lumbar & Thoracic (Acute
# & Chronic)", "Lower Back section", "Hips & Pelvis"): the chapter each name means.
ODG_CHAPTERS = (
    ("neck and upper back", ("neck",), "neck upper back cervical"),
    (
        "low back",
        ("low back", "lower back", "lumbar"),
        "low lower back lumbar thoracic lumbosacral",
    ),
    ("knee and leg", ("knee",), "knee leg"),
    ("hip and pelvis", ("hip", "hips", "pelvis"), "hip hips pelvis"),
    ("forearm wrist and hand", ("forearm", "wrist", "hand"), "forearm wrist hand"),
    ("ankle and foot", ("ankle", "foot"), "ankle foot"),
    ("carpal tunnel syndrome", ("carpal tunnel",), "carpal tunnel syndrome"),
    ("fitness for duty", ("fitness for duty",), "fitness for duty"),
    ("shoulder", ("shoulder",), "shoulder"),
    ("elbow", ("elbow",), "elbow"),
    ("head", ("head",), "head"),
    ("pain", ("pain",), "pain"),
    ("hernia", ("hernia",), "hernia"),
    ("preface", ("preface",), "preface"),
)


def _words(text: str | None) -> list[str]:
    from imr_desktop.requests.words import singular

    text = (text or "").replace("’", "'").replace("®", "").replace("&", " and ").lower()
    text = _PARENTHESES.sub(" ", text).replace("'", "").replace("-", "")
    return [singular(w) for w in re.findall(r"[a-z0-9]+", text)]


def _norm(text: str | None) -> str:
    return " ".join(
        w for w in _words(text) if w not in _NOISE_WORDS and not re.fullmatch(r"(19|20)\d\d", w)
    )


def _odg(citation: Citation) -> tuple[str, str] | None:
    """(chapter, topic) of an ODG citation however it is printed ("(ODG) Shoulder,
    MRI", "(ODG) MRI shoulder", "(ODG) Pain Section/Voltaren® Gel (diclofenac)
    Topic", "ODG guidelines, Neck and Upper back, MRI"), or None for another source."""
    source = " ".join(_words(citation.source))
    if "odg" not in source.split() and "official disability" not in source:
        return None
    printed, section = citation.source, citation.section or ""
    if not section:  # "(ODG) Low Back (Shock wave therapy)": the topic in brackets
        printed, section = _topic_in_brackets(printed)
    everything = _words(f"{printed} {section}")
    text = " ".join(everything)
    words = list(dict.fromkeys(w for w in everything if w not in _NOISE_WORDS))
    for chapter, names, own in ODG_CHAPTERS:
        if any(re.search(rf"\b{name}\b", text) for name in names):
            drop = set(own.split())
            return chapter, " ".join(w for w in words if w not in drop)
    return "", " ".join(words)


def _topic_in_brackets(source: str) -> tuple[str, str]:
    """The source and the topic a trailing bracket names ("(ODG) Neck & Upper Back
    (Extracorporeal shock wave therapy (ESWT))"); "(Acute & Chronic)" is no topic."""
    text = source.rstrip()
    if not text.endswith(")"):
        return source, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            inside = text[i + 1 : -1].strip()
            if not inside or re.search(r"\b(acute|chronic)\b", inside, re.IGNORECASE):
                return source, ""
            if i == 0 or re.fullmatch(r"[A-Z]{2,}", inside):  # "(ODG)" itself
                return source, ""
            return text[:i].rstrip(), inside
    return source, ""


def same_guideline_key(citation: Citation) -> str:
    """Kind, source and section, spelled alike however a letter or a library wrote
    them ("(ODG) Shoulder" and "(ODG) Shoulder Chapter"; "MRIs (magnetic resonance
    imaging)" and "MRI"; the ODG chapter however it is named); the edition aside
    (it is chosen by the date)."""
    if citation.kind is CitationKind.NON_MTUS:
        odg = _odg(citation)
        if odg is not None:
            return "|".join(("odg", *odg))
    return "|".join((citation.kind.value, _norm(citation.source), _norm(citation.section)))


def guideline_key(citation: Citation) -> str:
    """Two citations of the same guideline section get the same key however the
    letter spelled them ("... Medical Treatment 2016" and "... Medical Treatment
    Guidelines 2016"; case and spacing)."""

    def norm(text: str | None) -> str:
        words = " ".join((text or "").replace("’", "'").split()).strip(" .;,").lower().split()
        return " ".join(w for w in words if w not in ("guidelines", "guideline"))

    return "|".join(
        (citation.kind.value, norm(citation.source), norm(citation.edition), norm(citation.section))
    )
