"""Autosave of a 50 KB draft with its revision: the product's CaseStore.save beside a
bare 50 KB sqlite-utils upsert in WAL mode on the same disk (target p99 <= 2 ms)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import sqlite_utils

from bench import Result, percentile, timings_ms
from imr_desktop.cases.store import CaseStore
from imr_desktop.model import Case, Citation, CitationKind, Decision, DisputedItem

REPEAT = 600


def fifty_kb_case() -> Case:
    paragraph = "The patient reports persistent pain with limited function despite care. " * 8
    items = [
        DisputedItem(
            request=f"Item {n}: physical therapy 2 times a week for 4 weeks",
            decision=Decision.UPHELD,
            claims_administrator_guideline="Decision based on MTUS Chronic Pain Guidelines.",
            citations=[
                Citation(CitationKind.MTUS, "MTUS CPMTG", "2009", "Physical Medicine", "98-99")
            ],
            rationale=paragraph * 2,
        )
        for n in range(8)
    ]
    case = Case(case_number="CM16-0050000", summary=paragraph * 60, items=items)
    return case


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="imr-bench-autosave-"))
    store = CaseStore.open(folder)
    case = fifty_kb_case()
    case_id = store.create(case)
    counter = [0]

    def save() -> None:
        counter[0] += 1
        case.summary = case.summary[:-12] + f"{counter[0]:012d}"
        store.save(case_id, case)

    product = timings_ms(save, REPEAT)

    floor_db = sqlite_utils.Database(folder / "floor.db")
    floor_db.enable_wal()
    floor_db.execute("PRAGMA synchronous = NORMAL")
    blob = "x" * 50_000

    def upsert() -> None:
        counter[0] += 1
        floor_db["drafts"].upsert({"id": 1, "body": blob[:-12] + f"{counter[0]:012d}"}, pk="id")

    floor = timings_ms(upsert, REPEAT)
    size_kb = (
        len(__import__("imr_desktop.model", fromlist=["case_to_json"]).case_to_json(case)) / 1024
    )
    p99, floor_p99 = percentile(product, 99), percentile(floor, 99)
    return [
        Result(
            f"autosave p99, {size_kb:.0f} KB draft + revision",
            p99,
            floor_p99,
            target="p99 <= 2 ms",
            ok=p99 <= 2.0,
            note="floor: bare 50 KB sqlite-utils upsert, WAL, same run",
        ),
        Result("autosave median", percentile(product, 50), percentile(floor, 50)),
    ]
