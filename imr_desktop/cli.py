"""The command line (DESIGN.md section 7): the window by default, headless commands
for scripts. Each area registers its own subcommands from ``imr_desktop.commands``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

from imr_desktop import __version__


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options that apply to the window and to every command."""
    parser.add_argument("--version", action="version", version=f"imr-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the data folder (default: IMR_DESKTOP_DATA_DIR, else the per-user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the passphrase of an encrypted cases.db from FILE's first line "
        "(default: IMR_DESKTOP_PASSPHRASE)",
    )
    parser.add_argument(
        "--no-encryption",
        action="store_true",
        help="create a NEW data folder unencrypted, for demos and tests (a real one is "
        "created encrypted under the passphrase; an existing folder is unaffected)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="build the window on the data folder, paint once and exit 0",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``command`` alone (its module is the only one imported), or of
    every command when None."""
    from imr_desktop.commands import command_modules

    parser = argparse.ArgumentParser(
        prog="imr-desktop",
        description="Write California workers' compensation IMR final determinations, offline.",
    )
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules(command):
        module.register(sub)
    return parser


def _global_args(argv: Sequence[str]) -> tuple[argparse.Namespace | None, list[str]]:
    """The global options, and the rest (the command and its arguments); (None, [])
    when the global options themselves are wrong (the full parser says why, once).

    The window path (no command) imports no command module; a command imports only
    its own: start-up time matters."""
    quick = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    add_global_options(quick)
    try:
        return quick.parse_known_args(argv)  # answers --version (and exits) itself
    except argparse.ArgumentError:
        return None, []


def _setup_logs(data_dir: str | None) -> None:
    from imr_desktop import logs, paths

    # An unwritable data folder is reported by the command itself.
    with contextlib.suppress(OSError):
        logs.setup(paths.data_dir(data_dir))


def _collect_after_start_up() -> None:
    """No cyclic garbage collection while the window starts: the start allocates
    tens of thousands of objects that live as long as the window (modules, classes,
    Qt wrappers), and collecting them over and over took ~11 ms of every start. The
    window turns it back on, with all it made frozen out of later collections, once
    its start-up is complete (``ui.app``)."""
    gc.disable()


def _end_window_process(code: int) -> NoReturn:
    """The window has closed everything it opened (cases.db, library.db, the lock,
    its background work). End the process now: the interpreter's own teardown of
    Qt and every module takes longer than starting the window did, and changes
    nothing on disk."""
    logging.shutdown()
    _exit_now(code)


def _exit_now(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to flush
            stream.flush()
    os._exit(code)


def run() -> NoReturn:
    """The program: ``imr-desktop``, ``python -m imr_desktop``, the bundle's launcher.
    :func:`main`, then the process ends once its output and log are flushed.

    A command has closed what it opened (the data folder, its files) when
    :func:`main` returns; the interpreter's own teardown, freeing every module and
    object one by one (ReportLab's fonts and tables among them), would add ~25 ms to
    every command and change nothing on disk. Exit handlers still run; when a thread
    is still at work, or :func:`main` raised, the interpreter ends the process as
    usual."""
    code = main()
    if threading.active_count() > 1 or not hasattr(atexit, "_run_exitfuncs"):
        sys.exit(code)  # the interpreter waits for the threads
    atexit._run_exitfuncs()  # logging's shutdown (the log file closed) among them
    _exit_now(code)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    window_args, rest = _global_args(argv)
    if window_args is not None and not rest and "-h" not in argv and "--help" not in argv:
        _collect_after_start_up()
        from imr_desktop.ui.app import run_app

        _end_window_process(
            run_app(
                data_dir=window_args.data_dir,
                smoke_test=window_args.smoke_test,
                no_encryption=window_args.no_encryption,
            )
        )
    from imr_desktop.text_safety import TerminalSafeStream

    # Messages quote file names and titles from files: the terminal gets them printable.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafeStream(out), TerminalSafeStream(err)
    mask = os.umask(0o077)  # every file a command writes holds or names patient data
    try:
        return _run_command(argv, rest[0] if rest and not rest[0].startswith("-") else None)
    finally:
        os.umask(mask)
        sys.stdout, sys.stderr = out, err


def _run_command(argv: list[str], command: str | None) -> int:
    from imr_desktop.commands.common import CommandError

    parser = build_parser(command)
    args = parser.parse_args(argv)
    if args.command is None:
        # Qt is imported only when the window is wanted: scripts stay light.
        _collect_after_start_up()
        from imr_desktop.ui.app import run_app

        _end_window_process(
            run_app(
                data_dir=args.data_dir, smoke_test=args.smoke_test, no_encryption=args.no_encryption
            )
        )
    _setup_logs(args.data_dir)
    logging.getLogger("imr_desktop.cli").info("command %s", args.command)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"imr-desktop: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `imr-desktop … | head`: the reader left; say nothing more
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # no error at exit's flush either
        return 141


if __name__ == "__main__":
    run()
