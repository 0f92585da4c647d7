"""The command line (DESIGN.md section 7): the window by default, headless commands
for scripts. Each area registers its own subcommands from ``imr_desktop.commands``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from imr_desktop import __version__
from imr_desktop.commands import COMMAND_MODULES, CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imr-desktop",
        description="Write California workers' compensation IMR final determinations, offline.",
    )
    parser.add_argument("--version", action="version", version=f"imr-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the data folder (default: IMR_DESKTOP_DATA_DIR, else the per-user data folder)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="build the window on the data folder, paint once and exit 0",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # Qt is imported only when the window is wanted: scripts stay light.
        from imr_desktop.ui.app import run_app

        return run_app(data_dir=args.data_dir, smoke_test=args.smoke_test)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"imr-desktop: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
