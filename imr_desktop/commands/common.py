"""What every command shares: the one-line failure (:class:`CommandError`), the
passphrase from a file or the environment, and the data folder opened with store
errors turned into that one line.

Command modules are all imported to build the parser, so they import at the top
only what registering their parsers needs; each handler imports what it uses."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imr_desktop.guidelines import GuidelineLibrary
    from imr_desktop.workspace import Workspace


class CommandError(Exception):
    """A failure to report in one line, with the exit status to return."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def passphrase_from(args: argparse.Namespace) -> str | None:
    """``--passphrase-file FILE``, else ``IMR_DESKTOP_PASSPHRASE``, else None."""
    from imr_desktop.security.crypto import PASSPHRASE_ENV, read_passphrase_file

    if getattr(args, "passphrase_file", None):
        return read_passphrase_file(Path(args.passphrase_file))
    return os.environ.get(PASSPHRASE_ENV) or None


def recovery_notice(code: str, *, changed: bool = False) -> str:
    from imr_desktop.security.crypto import recovery_notice as notice

    return notice(code, changed=changed)


@contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The data folder for a command, with store errors turned into one clear line."""
    from imr_desktop.database import StoreError
    from imr_desktop.model import CaseFormatError
    from imr_desktop.workspace import Workspace

    try:
        ws = Workspace.open(
            args.data_dir,
            passphrase=passphrase_from(args),
            no_encryption=getattr(args, "no_encryption", False),
            on_recovery_key=lambda code: print(recovery_notice(code), file=sys.stderr),
        )
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    ws.recovery_code = None  # shown above, before the folder depended on it
    for problem in ws.problems:  # reported by every command until acknowledged
        print(
            f"imr-desktop: warning: {problem}. Once you have read this, "
            "`imr-desktop audit acknowledge` records it in the audit log.",
            file=sys.stderr,
        )
    try:
        yield ws
    except (StoreError, CaseFormatError) as exc:
        raise CommandError(str(exc)) from exc
    except sqlite3.Error as exc:  # a full or read-only disk under cases.db
        raise CommandError(f"cases.db could not be written ({exc}); nothing was changed") from exc
    finally:
        ws.close()


@contextmanager
def open_library(args: argparse.Namespace) -> Iterator[GuidelineLibrary]:
    """The guideline library alone, for the ``guidelines`` commands: library.db holds
    no patient data, so no passphrase is asked and cases.db is not opened."""
    from imr_desktop import paths
    from imr_desktop.database import StoreError
    from imr_desktop.guidelines import GuidelineLibrary

    try:
        library = GuidelineLibrary.open(paths.data_dir(args.data_dir))
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"cannot make the data folder: {exc.strerror}") from exc
    try:
        yield library
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise CommandError(f"library.db could not be written ({exc}); nothing was changed") from exc
    finally:
        library.close()
