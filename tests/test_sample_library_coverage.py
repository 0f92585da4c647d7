"""The sample library covers every MTUS section and ODG topic the 174 published
letters in ../shared/letters cite (issue 14): a suggestion or a search can then
offer what real reviewers cite. Sections and topics compare spelling-blind
(``precedents.sections.same_guideline_key``), a citation of several MTUS sections
counts each."""

from __future__ import annotations

from collections import Counter

from imr_desktop.guidelines.importers import read_library_file
from imr_desktop.guidelines.sample import sample_files
from imr_desktop.letters import import_letter
from imr_desktop.model import CitationKind
from imr_desktop.model.passage import passage_citation
from imr_desktop.precedents.sections import one_section_each, same_guideline_key

# Printed so that no one section or topic can be read from them.
ODD_PRINTS = {
    "odg|hip and pelvis|mri ct",  # two topics in one section field (both in the library)
    "odg||prp",  # no chapter (the knee's "Platelet-rich plasma (PRP)" is in the library)
    "odg|low back|knee dme mattress selection",  # two chapters and a topic run together
    "odg|neck and upper back|low physical therapy",  # "Low Back and neck Chapter"
}


def _library_keys() -> set[str]:
    return {
        same_guideline_key(one)
        for path in sample_files()
        for source in read_library_file(path)
        for passage in source.passages
        for one in one_section_each(passage_citation(passage))
    }


def test_every_section_and_topic_the_letters_cite_is_in_the_sample(shared_dir):
    keys = _library_keys()
    chapters = {k.rsplit("|", 1)[0] for k in keys}
    cited: Counter[str] = Counter()
    for path in sorted((shared_dir / "letters" / "text").glob("*.txt")):
        case, _ = import_letter(path)
        for item in case.items:
            for citation in item.citations:
                if citation.kind is not CitationKind.MTUS and "(ODG)" not in citation.source:
                    continue  # other literature: not ours to summarize
                for one in one_section_each(citation):
                    cited[same_guideline_key(one)] += 1
    assert sum(cited.values()) > 400  # the letters were read
    missing = set()
    for key in cited:
        chapter, _, section = key.rpartition("|")
        if key in keys:
            continue
        if (not section or section.isdigit()) and chapter in chapters:
            continue  # a chapter cited whole, or a page printed as a section
        missing.add(key)
    assert missing <= ODD_PRINTS, sorted(missing - ODD_PRINTS)
