"""Three-way merge of a case: the window's unsaved draft and a change another program
saved meanwhile (a command beside the open window), from the version both started
at.

Field by field, on the case's JSON form (imr-case/1): a field one side changed takes
that side's value; a field both changed alike is fine; a field both changed
differently is a conflict, where the draft (what the reviewer is typing) wins and the
other version stays in the case's history. Items merge position by position while
both sides keep the ones they started with, and items either side added at the end
are all kept (a command copying in an item while the reviewer writes a rationale).
"""

from __future__ import annotations

from typing import Any

from .case import Case
from .case_json import case_from_dict, case_to_dict


def merge_cases(base: Case, mine: Case, theirs: Case) -> tuple[Case, list[str]]:
    """The merged case and the fields both sides changed differently (kept: mine)."""
    conflicts: list[str] = []
    merged = _merge(case_to_dict(base), case_to_dict(mine), case_to_dict(theirs), "", conflicts)
    return case_from_dict(merged), conflicts


def _merge(base: Any, mine: Any, theirs: Any, path: str, conflicts: list[str]) -> Any:
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        keys = list(dict.fromkeys([*base, *mine, *theirs]))
        return {
            key: _merge(
                base.get(key),
                mine.get(key),
                theirs.get(key),
                f"{path}.{key}" if path else key,
                conflicts,
            )
            for key in keys
        }
    if isinstance(base, list) and isinstance(mine, list) and isinstance(theirs, list):
        kept = len(base)
        if len(mine) >= kept and len(theirs) >= kept:  # nothing removed, at most added
            head = [
                _merge(base[n], mine[n], theirs[n], f"{path}[{n}]", conflicts) for n in range(kept)
            ]
            return head + mine[kept:] + theirs[kept:]
    conflicts.append(path)
    return mine
