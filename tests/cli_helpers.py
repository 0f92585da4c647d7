"""Running the command line in-process, as a test sees it."""

from __future__ import annotations

from imr_desktop.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``imr-desktop ARGS``: its exit status, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
