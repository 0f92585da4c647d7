"""Headless subcommands. Each module has ``register(subparsers)`` and sets
``handler`` on its parsers; add a module to ``COMMAND_MODULES`` to expose it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from imr_desktop.model import CaseFormatError
from imr_desktop.store import StoreError
from imr_desktop.workspace import Workspace


class CommandError(Exception):
    """A failure to report in one line, with the exit status to return."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The data folder for a command, with store errors turned into one clear line."""
    try:
        ws = Workspace.open(args.data_dir)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        yield ws
    except (StoreError, CaseFormatError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        ws.close()


from imr_desktop.commands import cases, guidelines, records  # noqa: E402

COMMAND_MODULES = [cases, records, guidelines]
