"""What a letter import recognized, and the one error it raises."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The heading of the case note that holds text the importer could not place.
UNPLACED_HEADING = "Unplaced text (from the imported letter)"


class LetterImportError(Exception):
    """The input is not a letter this importer can read; the message says why.
    Nothing was created."""


@dataclass
class ImportReport:
    source: str = ""
    kind: str = ""  # "pdf" or "text"
    generation: str = "unknown"  # "2014", "2016-17" or "unknown"
    pages: int = 0
    fields: list[str] = field(default_factory=list)  # header/profile fields recognised
    items: int = 0
    upheld: int = 0
    overturned: int = 0
    undecided: int = 0
    modified_items: int = 0
    citations: int = 0
    items_without_citations: int = 0
    removed_lines: int = 0  # page headers, footers and page numbers
    unplaced: list[str] = field(default_factory=list)  # blocks put into the case notes
    warnings: list[str] = field(default_factory=list)
    case_number: str = ""

    @property
    def has_unplaced(self) -> bool:
        return bool(self.unplaced)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["unplaced_blocks"] = len(self.unplaced)
        data["unplaced_chars"] = sum(len(b) for b in self.unplaced)
        del data["unplaced"]  # the text itself is in the case notes, not repeated here
        return data

    def lines(self) -> list[str]:
        """The report for people: a few short lines."""
        out = [
            f"Read {self.source or 'the letter'} ({self.kind}, {self.pages} page(s)), "
            f"letter style {self.generation}.",
            f"Case number: {self.case_number or '(none in the letter)'}.",
            "Recognized: " + (", ".join(self.fields) if self.fields else "no header fields") + ".",
            f"Disputed items: {self.items} ({self.upheld} upheld, {self.overturned} overturned"
            + (f", {self.undecided} without a decision" if self.undecided else "")
            + f"), {self.modified_items} modified by UR, {self.citations} citation(s), "
            f"{self.items_without_citations} item(s) citing no evidence.",
        ]
        if self.removed_lines:
            out.append(f"Removed {self.removed_lines} page header/footer/number line(s).")
        if self.unplaced:
            chars = sum(len(b) for b in self.unplaced)
            out.append(
                f"Unplaced text: {len(self.unplaced)} block(s), {chars} characters, kept in "
                f"the case notes under “{UNPLACED_HEADING}”."
            )
        else:
            out.append("Unplaced text: none; every line of the letter was placed.")
        out.extend(f"Warning: {w}" for w in self.warnings)
        return out
