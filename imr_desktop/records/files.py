"""Where the case file's PDFs live, and the one pair of functions that writes and
reads them.

Every copy goes through :func:`write_record_file` and every read through
:func:`read_record_file`, so encryption at rest (which arrives with the encryption of
``cases.db``) plugs in at one place: :func:`set_record_codec` installs a pair of
functions that turn the plain bytes into the stored bytes and back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.atomic import atomic_write_bytes

RECORDS_DIR = "records"


@dataclass(frozen=True)
class RecordCodec:
    """How record files are stored: ``seal`` plain -> stored, ``open`` stored -> plain."""

    seal: Callable[[bytes], bytes]
    open: Callable[[bytes], bytes]


PLAIN = RecordCodec(seal=lambda data: data, open=lambda data: data)
_codec: RecordCodec = PLAIN


def set_record_codec(codec: RecordCodec | None) -> None:
    """Called by the encryption layer once the key is known (None = plain files)."""
    global _codec
    _codec = codec or PLAIN


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_path(data_dir: Path, case_id: int, sha256: str) -> Path:
    return Path(data_dir) / RECORDS_DIR / str(case_id) / f"{sha256}.pdf"


def write_record_file(path: Path, data: bytes) -> None:
    """Store one record file owner-only and atomically (temp file + rename)."""
    path = Path(path)
    for folder in reversed(path.parents[:2]):  # records/ and records/<case_id>/
        folder.mkdir(mode=0o700, exist_ok=True)
    atomic_write_bytes(path, _codec.seal(data), mode=0o600)


def read_record_file(path: Path) -> bytes:
    """The plain bytes of a stored record file (decrypted once encryption is on)."""
    return _codec.open(Path(path).read_bytes())


def remove_record_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    with contextlib.suppress(OSError):  # the folder goes only when the case has no record left
        Path(path).parent.rmdir()
