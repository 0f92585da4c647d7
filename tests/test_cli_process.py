"""The command line as a real process (``python -m imr_desktop``): what it prints,
its exit status and its log are all there when it ends (``cli.run`` ends the process
without the interpreter's teardown once its output and log are flushed)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.letter_writing_helpers import pdf_flat_text


def imr_desktop(data_dir, *args: str, **options) -> subprocess.CompletedProcess:
    # Output buffered, as a user's is (a test session may run unbuffered).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--data-dir", str(data_dir), *args],
        **({"stdout": subprocess.PIPE} | options),
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=env,
    )


def test_an_export_process_leaves_its_letter_output_audit_and_log(data_dir, tmp_path):
    out = tmp_path / "letter.pdf"
    done = imr_desktop(data_dir, "export", "CM16-0000101", "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (") and "sha256" in done.stdout
    assert "CM16-0000101" in pdf_flat_text(out.read_bytes())
    log = (data_dir / "logs" / "imr-desktop.log").read_text(encoding="utf-8")
    assert "command export" in log and "exported letter CM16-0000101" in log
    audit = imr_desktop(data_dir, "audit", "list")
    assert audit.returncode == 0 and "exported" in audit.stdout, audit.stderr


def test_a_failing_command_process_says_why_with_its_exit_status(data_dir, tmp_path):
    done = imr_desktop(data_dir, "export", "CM16-9999999", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("imr-desktop: ") and "CM16-9999999" in done.stderr
    usage = imr_desktop(data_dir, "export")
    assert usage.returncode == 2 and "required" in usage.stderr


def test_a_reader_that_has_left_is_not_an_error(data_dir):
    """``imr-desktop cases list | head -1``, the reader gone before the list is
    written: the output goes nowhere, quietly (no "Exception ignored" at the exit)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = imr_desktop(data_dir, "cases", "list", stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode in (0, 141)
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
