"""Helpers for the security tests: fast scrypt, an encrypted copy of the demo folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imr_desktop.store import crypto

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    # The real cost (n=2**15) is for attackers; tests need not pay it every time.
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def encrypted_dir(data_dir: Path) -> tuple[Path, str]:
    """The demo folder, encrypted; returns (folder, recovery code)."""
    from imr_desktop.store.cases_file import encrypt_folder

    code = encrypt_folder(data_dir, PASSPHRASE)
    return data_dir, code


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
