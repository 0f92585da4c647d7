"""The log file: owner-only, cut at its size into a fixed number of older parts."""

from __future__ import annotations

import logging
import os

from imr_desktop import logs


def test_the_log_rotates_at_its_size_and_keeps_five_older_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 400)
    path = logs.setup(tmp_path)
    assert path is not None
    try:
        for n in range(200):
            logging.getLogger("imr_desktop.test").info("entry %03d", n)
    finally:
        logs.shutdown()
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == [logs.LOG_FILE] + [f"{logs.LOG_FILE}.{n}" for n in range(1, 6)]
    for name in names:
        part = path.parent / name
        assert part.stat().st_size <= 400
        assert part.stat().st_mode & 0o077 == 0
    assert path.read_text().rstrip().endswith("entry 199")  # the newest lines here
    newer = (path.parent / f"{logs.LOG_FILE}.1").read_text().splitlines()
    older = (path.parent / f"{logs.LOG_FILE}.2").read_text().splitlines()
    assert older[-1] < newer[0]  # .1 is newer than .2


def test_a_record_longer_than_the_limit_is_written_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 100)
    path = logs.setup(tmp_path)
    assert path is not None
    try:
        logging.getLogger("imr_desktop.test").info("x" * 500)
    finally:
        logs.shutdown()
    assert "x" * 500 in path.read_text()
    assert not os.path.exists(f"{path}.1")  # not an empty part cut before it
