"""Helpers for the security tests: fast scrypt, an encrypted demo folder."""

from __future__ import annotations

from pathlib import Path

from imr_desktop.security import crypto

PASSPHRASE = "correct horse battery staple"


def make_scrypt_fast(monkeypatch) -> None:
    # The real cost (n=2**15) is for attackers; tests need not pay it every time.
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def reset_record_codec() -> None:
    """An encrypted workspace installs a process-wide record codec; later tests start plain."""
    from imr_desktop.records.files import set_record_codec

    set_record_codec(None)


def encrypt(data_dir: Path) -> tuple[Path, str]:
    """Encrypt the demo folder; returns (folder, recovery code)."""
    from imr_desktop.security.key_change import encrypt_folder

    return data_dir, encrypt_folder(data_dir, PASSPHRASE)
