"""Running the command line in-process, as a test sees it."""

from __future__ import annotations

from imr_desktop.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``imr-desktop ARGS``: its exit status, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_in(capsys, data_dir, *args: str) -> tuple[int, str, str]:
    """``imr-desktop --data-dir DATA_DIR ARGS``."""
    return run(capsys, "--data-dir", str(data_dir), *args)


def export_case_json(capsys, data_dir, number: str, target) -> int:
    """``cases export-json NUMBER -o TARGET``: the exit status."""
    code, _, _ = run_in(capsys, data_dir, "cases", "export-json", number, "-o", str(target))
    return code


def smoke_test(data_dir, *options: str, env: dict | None = None):
    """``imr-desktop --data-dir DATA_DIR [OPTIONS] --smoke-test`` as a real process
    (offscreen): its CompletedProcess, text."""
    import os
    import subprocess
    import sys

    environment = {**(os.environ if env is None else env), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--data-dir", str(data_dir), *options]
        + ["--smoke-test"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
