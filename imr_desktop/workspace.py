"""One data folder opened: the case store (and, as they arrive, the guideline
library). Both the window and the command line start here, so first-run seeding
and every check at open happen the same way for both."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from imr_desktop import paths
from imr_desktop.store import CASES_DB, CaseStore
from imr_desktop.store.seed import seed_demo_cases


@dataclass
class Workspace:
    data_dir: Path
    cases: CaseStore
    created: bool = False
    extras: dict[str, object] = field(default_factory=dict)

    @classmethod
    def open(cls, data_dir: Path | str | None = None, *, seed_demo: bool = True) -> Workspace:
        folder = paths.data_dir(data_dir)
        created = not (folder / CASES_DB).exists()
        cases = CaseStore.open(folder)
        if created and seed_demo:
            seed_demo_cases(cases, paths.resource("demo", "cases"))
        return cls(data_dir=folder, cases=cases, created=created)

    def close(self) -> None:
        self.cases.close()
