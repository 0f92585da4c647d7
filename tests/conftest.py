"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

# Before any QApplication exists (ENGINEERING_NOTES.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from imr_desktop import paths
from imr_desktop.cases.seed import seed_demo_cases
from imr_desktop.cases.store import CaseStore

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Property tests try the same examples on every run (CI, `make test`, one file): a
# failure is the code's, never the draw's, and no example saved in .hypothesis/ by an
# earlier run replays into the suite. `pytest --hypothesis-profile=fuzz` draws at
# random and keeps what fails in .hypothesis/ (`--hypothesis-seed=N` repeats a run);
# a bug it finds becomes an @example or a plain test. (Hypothesis' own "ci" profile,
# which it loads when CI is set, would make only CI runs repeatable.)
settings.register_profile(
    "repeatable",
    settings.get_profile("default"),
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fuzz", settings.get_profile("default"), deadline=None)
settings.load_profile("repeatable")


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
def qtbot(qtbot):
    """pytest-qt's qtbot, whose waits wait as long as a loaded machine needs
    (tests/waits.py): a wait is for an event, not a bet on how fast it comes."""
    from tests.waits import patient

    return patient(qtbot)


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


@pytest.fixture
def window(qtbot, data_dir):
    """The main window on a copy of the demo folder, closed (after its background
    work) at the end of the test unless the test closed it."""
    from imr_desktop.ui.background import wait_for_background
    from tests.ui_helpers import close_window, make_window

    w = make_window(qtbot, data_dir)
    yield w
    wait_for_background()
    if w.isVisible():
        close_window(w)


@pytest.fixture
def fast_scrypt(monkeypatch):
    """Cheap key derivation, and the process-wide record codec reset afterwards."""
    from tests.security_helpers import make_scrypt_fast, reset_record_codec

    make_scrypt_fast(monkeypatch)
    yield
    reset_record_codec()


@pytest.fixture
def encrypted_dir(data_dir, fast_scrypt):
    """The demo folder encrypted: (folder, recovery code)."""
    from tests.security_helpers import encrypt

    return encrypt(data_dir)
