"""Drug names in requests: brands, combinations, workers' compensation kits and
topical compounds to generics and the class the guidelines discuss them under."""

from __future__ import annotations

import os
import sys

import pytest

from imr_desktop.letter.qa import is_opioid_request
from imr_desktop.model import DisputedItem
from imr_desktop.requests import drug_cache, drugs, understand


@pytest.mark.parametrize(
    ("request_text", "generics", "drug_class"),
    [
        ("Ultram 50mg #60", ("tramadol",), "opioid"),
        ("Norco 10/325mg #90", ("hydrocodone", "acetaminophen"), "opioid"),
        ("Percocet 5/325 #30", ("oxycodone", "acetaminophen"), "opioid"),
        ("Tylenol #3 #60", ("acetaminophen", "codeine"), "opioid"),
        ("Celebrex 200mg #30", ("celecoxib",), "nsaid"),
        ("Flexeril 10mg #90", ("cyclobenzaprine",), "muscle_relaxant"),
        ("Norflex 100mg #60", ("orphenadrine",), "muscle_relaxant"),
        ("Zofran 8mg #10", ("ondansetron",), "antiemetic"),
        ("Prilosec 20mg #90", ("omeprazole",), "gi_protection"),
        ("Fioricet #120", ("butalbital", "acetaminophen", "caffeine"), "barbiturate_analgesic"),
        ("Colace 100mg", ("docusate",), "laxative"),
    ],
)
def test_brands_and_combinations_resolve_to_generics_and_class(request_text, generics, drug_class):
    u = understand(request_text)
    assert u.generics == generics
    assert drug_class in u.concepts and u.category == "medication"


def test_compounding_kits_and_topicals_are_read_by_route_first():
    kit = understand("Synapryn (10mg/1ml oral suspension) 500ml")
    assert kit.generics == ("tramadol",) and {"opioid", "compounded"} <= set(kit.concepts)
    gel = understand("Voltaren gel 1% #3 tubes")
    assert {"topical_analgesic", "nsaid"} <= set(gel.concepts)
    oral = understand("Voltaren 75mg #60")
    assert "nsaid" in oral.concepts and "topical_analgesic" not in oral.concepts
    cream = understand("Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base")
    assert {"topical_analgesic", "compounded"} <= set(cream.concepts)
    assert understand("Lidocaine 5% ointment").drugs[0].form == "ointment"


def test_a_class_named_is_a_class():
    assert "opioid" in understand("Opioids for chronic pain").concepts
    assert "nsaid" in understand("NSAIDs").concepts


def test_the_drug_is_described_as_written():
    described = dict(understand("Ultram 50mg #60").describe())
    assert described["drug"] == "Ultram → tramadol (opioid)"
    assert described["strength"] == "50mg" and described["quantity"] == "#60"


def test_no_drug_is_found_in_other_requests():
    for text in ("MRI of the cervical spine", "Physical therapy 12 visits", "TENS unit purchase",
                 "Hot/cold therapy wrap", "Hospital bed rental", "EMG/NCS bilateral hands"):  # fmt: skip
        assert understand(text).drugs == (), text


def test_the_maintained_vocabulary_is_used_only_when_it_is_the_pinned_file(monkeypatch):
    assert drugs.dner_file() is not None  # installed with the app (pyproject pins it)
    assert drugs.vocabulary().variants["celebrex"] == ("celecoxib",)
    monkeypatch.setattr(drugs, "DNER_SHA256", "0" * 64)
    assert drugs._maintained_variants() == {}  # a changed file is never unpickled
    monkeypatch.setattr(drugs, "dner_file", lambda: None)
    assert drugs._maintained_variants() == {}


def test_a_frozen_bundle_reads_the_dictionary_shipped_beside_the_app(monkeypatch, tmp_path):
    shipped = tmp_path / drugs.DNER_PACKAGE / drugs.DNER_FILE
    shipped.parent.mkdir()
    installed = drugs.dner_file()
    assert installed is not None
    shipped.write_bytes(installed.read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert drugs.dner_file() == shipped
    shipped.unlink()  # not shipped: the installed package (or nothing) is used
    assert drugs.dner_file() == installed


def test_drug_names_for_the_spelling_dictionary():
    names = drugs.drug_names()
    assert {"norco", "hydrocodone", "acetaminophen", "gabapentin"} <= names
    assert "celebrex" not in names  # only the maintained dictionary knows it
    assert "celebrex" in drugs.drug_names(maintained=True)
    assert all(name == name.lower() for name in names)


def test_canonical_names_to_generics():
    assert drugs.canonical_generics("Acetaminophen, Butalbital, and Caffeine") == (
        "acetaminophen",
        "butalbital",
        "caffeine",
    )
    assert drugs.canonical_generics("Lidocaine Patch") == ("lidocaine",)
    assert drugs.canonical_generics("Diclofenac (arthritis pain)") == ("diclofenac",)


@pytest.mark.parametrize(
    ("request_text", "opioid"),
    [
        ("Norco 10/325 #90", True),
        ("Ultram ER 100mg #30", True),
        ("Hydrocodone/APAP 10/325", True),
        ("Synapryn 500ml", True),
        ("Tylenol #4 #30", True),
        ("Nucynta 50mg", True),
        ("Naproxen 500mg", False),
        ("MRI lumbar spine", False),
    ],
)
def test_the_qa_opioid_rule_uses_the_same_vocabulary(request_text, opioid):
    assert is_opioid_request(DisputedItem(request=request_text)) is opioid


@pytest.mark.parametrize(
    ("request_text", "shown"),
    [
        ("Tramadol (Ultram) 50mg", "Tramadol (Ultram) → tramadol (opioid)"),
        ("Tylenol #3 #60", "Tylenol #3 → acetaminophen + codeine (opioid)"),
    ],
)
def test_a_drug_is_shown_once_with_the_names_the_request_gives_it(request_text, shown):
    understood = understand(request_text)
    assert [d.label for d in understood.drugs] == [shown]


def test_the_names_are_read_once_then_from_the_users_cache(monkeypatch):
    built = drugs._maintained_variants()  # reads the pinned file, or the cache
    cache = drugs._cache_path()
    assert cache.is_file() and cache.stat().st_mode & 0o077 == 0
    stale = cache.with_name("drug-names-000000000000-000000000000.marshal")
    stale.write_bytes(b"an earlier release's")
    cache.unlink()
    calls = []
    real = drugs._variants_of
    monkeypatch.setattr(drugs, "_variants_of", lambda raw: calls.append(1) or real(raw))
    assert drugs._maintained_variants() == built and calls == [1]  # built, cached
    assert not stale.exists()  # an earlier release's cache is removed
    assert drugs._maintained_variants() == built and calls == [1]  # from the cache
    cache.write_bytes(b"\x00 not marshal data")
    assert drugs._maintained_variants() == built and calls == [1, 1]  # damaged: built again
    monkeypatch.setattr(drugs, "DNER_SHA256", "0" * 64)
    assert drugs._maintained_variants() == {}  # the cache never stands in for the pin


def test_a_lookup_reads_only_the_cached_names_it_needs():
    """An `export` checks one letter: it unmarshals the bucket of each name it looks
    up, not all ~95,000 names; iterating still gives every name."""
    built = drugs._maintained_variants()  # the cache is written if it was missing
    cached = drug_cache.read(drugs._cache_path())
    if not built:
        pytest.skip("the maintained drug dictionary is not installed")
    assert cached is not None
    some = next(iter(built))
    assert cached.get(some) == built[some] and cached.get("no such drug name") is None
    read = [part for part in cached._read if part is not None]  # type: ignore[attr-defined]
    assert 1 <= len(read) <= 2  # the bucket of each name asked
    assert dict(cached) == dict(built)


def test_the_cache_stands_for_the_pinned_file_only_while_that_file_is_unchanged(
    monkeypatch, tmp_path
):
    """The SHA-256 of the pinned file is computed when its names are read, not at every
    start; a file changed since (other bytes, or another file in its place, its size
    and time made to look the same) is checked again, and never used if not pinned."""
    installed = drugs.dner_file()
    if installed is None:
        pytest.skip("the maintained drug dictionary is not installed")
    raw = installed.read_bytes()
    copy = tmp_path / drugs.DNER_FILE
    copy.write_bytes(raw)
    monkeypatch.setattr(drugs, "dner_file", lambda: copy)
    hashed: list[int] = []
    real_sha256 = drugs.hashlib.sha256
    monkeypatch.setattr(
        drugs.hashlib, "sha256", lambda data=b"": hashed.append(len(data)) or real_sha256(data)
    )

    def checks() -> int:
        return hashed.count(len(raw))

    built = drugs._maintained_variants()
    assert built and checks() == 1  # read, checked, cached
    assert drugs._maintained_variants() == built and checks() == 1  # the cache alone

    tampered = bytearray(raw)
    tampered[len(raw) // 2] ^= 1
    stat = copy.stat()
    replacement = tmp_path / "replacement"
    replacement.write_bytes(bytes(tampered))
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    replacement.replace(copy)  # same name, size and modification time
    assert drugs._maintained_variants() == {} and checks() == 2  # checked: not pinned
    assert drugs._maintained_variants() == {} and checks() == 3  # and at every start

    copy.write_bytes(raw)  # the pinned bytes again: checked, read again, cached
    assert drugs._maintained_variants() == built and checks() == 4
    assert drugs._maintained_variants() == built and checks() == 4


def test_the_cache_is_named_after_the_files_the_code_was_loaded_from(monkeypatch, tmp_path):
    """The installed bundle holds compiled modules and no .py files: the cache's name
    comes from the files the modules were loaded from, whatever their kind (the
    package test's export failed with "No such file or directory" on drugs.py)."""
    compiled = []
    for module in (drugs, drug_cache):
        path = tmp_path / f"{module.__name__.rsplit('.', 1)[-1]}.cpython-311.pyc"
        path.write_bytes(b"compiled " + module.__name__.encode())
        monkeypatch.setattr(module, "__file__", str(path))
        compiled.append(path)
    named = drugs._cache_path()
    assert named.name.startswith(f"drug-names-{drugs.DNER_SHA256[:12]}-")
    compiled[0].write_bytes(b"another build")
    assert drugs._cache_path() != named  # a new release


def test_unreadable_code_files_leave_the_vocabulary_uncached_not_broken(monkeypatch):
    if drugs.dner_file() is None:
        pytest.skip("the maintained drug dictionary is not installed")
    built = drugs._maintained_variants()

    def unreadable(*_args):
        raise FileNotFoundError(2, "No such file or directory", "drugs.py")

    monkeypatch.setattr(drug_cache, "cache_path", unreadable)
    writes: list[object] = []
    monkeypatch.setattr(drug_cache, "write", lambda *args: writes.append(args))
    assert dict(drugs._maintained_variants()) == dict(built) and writes == []
