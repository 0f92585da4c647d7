"""Encryption at rest, what it costs: autosave p99 and records search p95 with cases.db
encrypted (SQLCipher) beside the same on a plain cases.db in the same run (target
<= 1.5x), and the open time of an encrypted cases.db holding 1,000 cases.

The guideline library (library.db) holds no patient data and stays plain, so its
search is unchanged by encryption; the full-text search that runs on encrypted data
is the records search (FTS5 inside cases.db), measured here."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench import Result, median, percentile, timings_ms

PASSPHRASE = "bench passphrase for the encrypted side"
SAVES = 400
CASES = 1000
OPENS = 7


def _workspaces(root: Path):
    from imr_desktop.workspace import Workspace

    plain = Workspace.open(root / "plain", seed_demo=False, no_encryption=True)
    encrypted = Workspace.open(root / "encrypted", seed_demo=False, passphrase=PASSPHRASE)
    assert encrypted.encrypted and not plain.encrypted
    return plain, encrypted


def _bench_autosave(plain, encrypted) -> list[Result]:
    from bench.bench_autosave import fifty_kb_case

    savers = {}
    for name, ws in (("plain", plain), ("encrypted", encrypted)):
        case = fifty_kb_case()
        case_id = ws.cases.create(case)
        counter = [0]

        def save(case=case, case_id=case_id, ws=ws, counter=counter) -> None:
            counter[0] += 1
            case.summary = case.summary[:-12] + f"{counter[0]:012d}"
            ws.cases.save(case_id, case)

        savers[name] = save
    timings: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(SAVES // 50):  # interleaved: drift on a shared machine hits both alike
        for name, save in savers.items():
            timings[name] += timings_ms(save, 50, warmup=2)
    enc, pl = percentile(timings["encrypted"], 99), percentile(timings["plain"], 99)
    return [
        Result(
            "autosave p99, 50 KB draft + revision, encrypted",
            enc,
            pl,
            target="ratio <= 1.5",
            ok=enc / pl <= 1.5,
            note="floor: the same CaseStore.save on a plain cases.db, same run",
        ),
        Result(
            "autosave median, encrypted",
            median(timings["encrypted"]),
            median(timings["plain"]),
        ),
    ]


def _bench_records_search(plain, encrypted) -> list[Result]:
    from bench.bench_records import QUERIES, _fill_search_index
    from imr_desktop.model import Case
    from imr_desktop.records.store import RecordStore

    stores = {}
    for name, ws in (("plain", plain), ("encrypted", encrypted)):
        case_id = ws.cases.create(Case(case_number="CM16-0000997"))
        records = RecordStore(ws.cases.db, ws.data_dir)
        _fill_search_index(records, case_id)
        stores[name] = (records, case_id)
    timings: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for query in QUERIES:  # interleaved per query: drift hits both sides alike
        for name, (records, case_id) in stores.items():
            timings[name] += timings_ms(
                lambda r=records, c=case_id, q=query: r.search(c, q), repeat=10, warmup=2
            )
    enc, pl = percentile(timings["encrypted"], 95), percentile(timings["plain"], 95)
    return [
        Result(
            "records search p95, 5,000 pages, encrypted",
            enc,
            pl,
            target="ratio <= 1.5",
            ok=enc / pl <= 1.5,
            note="floor: the same search on a plain cases.db; library.db stays plain",
        )
    ]


def _bench_open(root: Path) -> list[Result]:
    from imr_desktop.model import Case
    from imr_desktop.security.cases_file import open_cases
    from imr_desktop.workspace import Workspace

    folders = {}
    for name, passphrase in (("plain1k", None), ("encrypted1k", PASSPHRASE)):
        ws = Workspace.open(
            root / name, seed_demo=False, passphrase=passphrase, no_encryption=not passphrase
        )
        with ws.cases.db.atomic():
            for n in range(CASES):
                ws.cases.create(Case(case_number=f"CM16-{n:07d}", summary="Summary. " * 100))
        ws.close()
        folders[name] = root / name
        # The daily backup is made on the first open; time the opens after it.
        open_cases(folders[name], passphrase).store.close()

    def open_plain() -> None:
        opened = open_cases(folders["plain1k"])
        assert len(opened.store.list_cases()) == CASES
        opened.store.close()

    def open_encrypted() -> None:
        opened = open_cases(folders["encrypted1k"], PASSPHRASE)
        assert len(opened.store.list_cases()) == CASES
        opened.store.close()

    from imr_desktop.security import crypto

    key = crypto.unwrap_key((folders["encrypted1k"] / crypto.KEY_FILE).read_text(), PASSPHRASE)

    def open_with_key() -> None:
        opened = open_cases(folders["encrypted1k"], key=key)
        assert len(opened.store.list_cases()) == CASES
        opened.store.close()

    plain_t, enc_t, key_t = [], [], []
    for _ in range(OPENS):
        plain_t += timings_ms(open_plain, 1, warmup=0)
        enc_t += timings_ms(open_encrypted, 1, warmup=0)
        key_t += timings_ms(open_with_key, 1, warmup=0)
    t0 = time.perf_counter()
    crypto.unwrap_key((folders["encrypted1k"] / crypto.KEY_FILE).read_text(), PASSPHRASE)
    kdf_ms = (time.perf_counter() - t0) * 1000
    enc, pl = median(enc_t), median(plain_t)
    return [
        Result(
            f"open encrypted cases.db, {CASES:,} cases (unlock + check + list)",
            enc,
            pl,
            target="informational",
            ok=None,
            note=f"floor: the same open of a plain cases.db; scrypt key unwrap alone "
            f"{kdf_ms:.0f} ms (deliberately slow for guessers)",
        ),
        Result(
            "open encrypted cases.db with the key (no passphrase KDF)",
            median(key_t),
            pl,
            target="informational",
            ok=None,
            note="the integrity check at open reads (and so decrypts and MAC-checks) every page",
        ),
    ]


def run() -> list[Result]:
    root = Path(tempfile.mkdtemp(prefix="imr-bench-security-"))
    try:
        plain, encrypted = _workspaces(root)
        try:
            results = _bench_autosave(plain, encrypted)
            results += _bench_records_search(plain, encrypted)
        finally:
            plain.close()
            encrypted.close()
        results += _bench_open(root)
        return results
    finally:
        from imr_desktop.records.files import set_record_codec

        set_record_codec(None)
        shutil.rmtree(root, ignore_errors=True)
