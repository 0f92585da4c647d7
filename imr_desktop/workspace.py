"""One data folder opened: the case store (and, as they arrive, the guideline
library). Both the window and the command line start here, so first-run seeding
and every check at open happen the same way for both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop import paths
from imr_desktop.cases.seed import seed_demo_cases
from imr_desktop.cases.store import CASES_DB, CaseStore
from imr_desktop.database import Connector, plain_connect

if TYPE_CHECKING:
    from imr_desktop.guidelines import GuidelineLibrary
    from imr_desktop.security.crypto import DatabaseKey


@dataclass
class Workspace:
    data_dir: Path
    cases: CaseStore
    created: bool = False
    extras: dict[str, object] = field(default_factory=dict)
    # How to open cases.db again (worker threads, backups): keyed when encrypted.
    connect: Connector = plain_connect
    encrypted: bool = False
    recovery_code: str | None = field(default=None, repr=False)  # shown once, then cleared
    # Entries or saved work the folder lost (a truncated log, a deleted cases.db-wal),
    # reported until acknowledged (security/audit_anchor.py).
    problems: list[str] = field(default_factory=list)
    _library: GuidelineLibrary | None = field(default=None, repr=False)

    @property
    def library(self) -> GuidelineLibrary:
        """The guideline library (``library.db``), opened on first use; a new one is
        seeded with the sample library."""
        if self._library is None:
            from imr_desktop.guidelines import GuidelineLibrary

            self._library = GuidelineLibrary.open(self.data_dir)
        return self._library

    @classmethod
    def open(
        cls,
        data_dir: Path | str | None = None,
        *,
        seed_demo: bool = True,
        passphrase: str | None = None,
        key: DatabaseKey | None = None,
        no_encryption: bool = False,
        on_recovery_key: Callable[[str], None] | None = None,
    ) -> Workspace:
        """Open the folder. An encrypted cases.db needs ``passphrase`` (or ``key``).
        A new folder is encrypted under ``passphrase`` (its recovery key is handed to
        ``on_recovery_key`` before anything depends on it); without one it is refused
        unless ``no_encryption=True`` (demos and tests, docs/security.md)."""
        from imr_desktop.security.cases_file import open_cases

        try:
            folder = paths.data_dir(data_dir)
        except OSError as exc:
            from imr_desktop.database import unusable_folder

            where = paths.data_dir_path(data_dir)
            raise unusable_folder(where, f"make the data folder {where}", exc) from exc
        created = not (folder / CASES_DB).exists()
        opened = open_cases(
            folder,
            passphrase,
            key=key,
            no_encryption=no_encryption,
            on_recovery_key=on_recovery_key,
        )
        cases = opened.store
        if created and seed_demo:
            seed_demo_cases(cases, paths.resource("demo", "cases"))
        return cls(
            data_dir=folder,
            cases=cases,
            created=created,
            connect=opened.connect,
            encrypted=opened.encrypted,
            recovery_code=opened.recovery_code,
            problems=opened.problems,
        )

    def acknowledge_losses(self) -> list[str]:
        """Record the reported losses in the audit log; they are reported no more."""
        from imr_desktop.security.cases_file import acknowledge_losses

        done = acknowledge_losses(self.cases)
        self.problems = []
        return done

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None
        self.cases.close()
