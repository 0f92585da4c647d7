"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

# Before any QApplication exists (ENGINEERING_NOTES.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest

from imr_desktop import paths
from imr_desktop.store import CaseStore
from imr_desktop.store.seed import seed_demo_cases

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """No test touches the user's real data, settings or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("IMR_DESKTOP_DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def _template_data_dir(tmp_path_factory) -> Path:
    """A data folder with the demo cases, built once and copied per test."""
    folder = tmp_path_factory.mktemp("template")
    store = CaseStore.open(folder)
    seed_demo_cases(store, paths.resource("demo", "cases"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return folder


@pytest.fixture
def data_dir(tmp_path, _template_data_dir) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(_template_data_dir, folder)
    return folder


@pytest.fixture
def store(data_dir) -> CaseStore:
    s = CaseStore.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
