"""Atomic file writes: a temporary file in the same folder, flushed, then renamed
over the target, so a crash or a full disk leaves the old file or the new one,
never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(
    path: Path | str, data: bytes, *, mode: int = 0o600, durable: bool = True
) -> None:
    """``durable=False`` skips the fsync: still old-or-new after a killed process, for
    a file whose older version is acceptable after a power cut (the audit anchor)."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def atomic_write_text(
    path: Path | str, text: str, *, mode: int = 0o600, durable: bool = True
) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode, durable=durable)
