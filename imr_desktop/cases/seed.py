"""The embedded default: demo cases written for this product (no real patient)."""

from __future__ import annotations

from pathlib import Path

from imr_desktop.model import Case, case_from_json

from .store import CaseStore


def demo_cases(folder: Path) -> list[Case]:
    return [case_from_json(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def seed_demo_cases(store: CaseStore, folder: Path) -> list[int]:
    """Add the demo cases to an empty store (a store with cases is left alone).

    Their dates stay as written (2015-16, the era their case numbers and the
    sample library's citations belong to), so the summaries' dates agree with them.
    """
    if store.list_cases():
        return []
    return [store.create(case, reason="demo data") for case in demo_cases(folder)]
