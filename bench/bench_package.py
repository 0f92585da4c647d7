"""The packaged app (PyInstaller bundle, or the installed .deb) beside the development
start in the same run: start to first paint and to the demo case on screen (target
ratio <= 1.1), and the package's size (target <= 60 MB). Skipped, with a note, when
no bundle has been built (`make package`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Result, app_env, median, wall_to_marks
from imr_desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = Path("/opt/imr-desktop/imr-desktop")
BUNDLED = ROOT / "dist" / "imr-desktop" / "imr-desktop"
RUNS = 7
MB = 1024 * 1024


def _packaged_app() -> Path | None:
    # The installed copy is what a reviewer starts; the dist bundle is the same files.
    for candidate in (INSTALLED, BUNDLED):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _stale(app: Path) -> bool:
    """A dist bundle older than the code it was built from measures old code."""
    if app != BUNDLED:
        return False  # the installed copy is what it is
    built = app.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "imr_desktop").rglob("*.py"))


def _skipped(note: str) -> list[Result]:
    return [
        Result(
            "packaged app start vs development start",
            0.0,
            None,
            target="ratio <= 1.1",
            ok=None,
            note=f"skipped: {note}",
        )
    ]


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _start_times(app: Path) -> tuple[list[float], list[float], list[float], list[float]]:
    env = app_env()
    dev = [sys.executable, "-m", "imr_desktop"]
    template = tempfile.mkdtemp(prefix="imr-bench-pkg-")
    subprocess.run(
        [*dev, "--data-dir", template, "--no-encryption", "--smoke-test"],
        env=env,
        capture_output=True,
        check=True,
    )
    pkg_paint, pkg_case, dev_paint, dev_case = [], [], [], []
    try:
        # One warm-up of each so both read from the page cache, then interleave.
        for cmd in ([str(app)], dev):
            folder = tempfile.mkdtemp(prefix="imr-bench-pkg-run-")
            shutil.copytree(template, folder, dirs_exist_ok=True)
            wall_to_marks([*cmd, "--data-dir", folder, "--smoke-test"], env)
            shutil.rmtree(folder, ignore_errors=True)
        for _ in range(RUNS):
            for cmd, paint, case in ((dev, dev_paint, dev_case), ([str(app)], pkg_paint, pkg_case)):
                folder = tempfile.mkdtemp(prefix="imr-bench-pkg-run-")
                shutil.copytree(template, folder, dirs_exist_ok=True)
                marks = wall_to_marks([*cmd, "--data-dir", folder, "--smoke-test"], env)
                paint.append(marks["first-paint"])
                case.append(marks.get("case-shown", marks["first-paint"]))
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(template, ignore_errors=True)
    return pkg_paint, pkg_case, dev_paint, dev_case


def run() -> list[Result]:
    app = _packaged_app()
    if app is None:
        return _skipped("no bundle (run `make package` to build dist/imr-desktop)")
    if _stale(app):
        return _skipped(f"{app} is older than the code (run `make package` again)")
    try:
        pkg_paint, pkg_case, dev_paint, dev_case = _start_times(app)
    except RuntimeError as exc:  # the rest of the table still prints
        return _skipped(f"{exc}")
    which = "installed" if app == INSTALLED else "bundled"
    results = [
        Result(
            f"{which} app: start to first paint (median of {RUNS})",
            median(pkg_paint),
            median(dev_paint),
            target="ratio <= 1.1",
            ok=median(pkg_paint) / median(dev_paint) <= 1.1,
            note=f"floor: `python -m imr_desktop` from the venv, same run; app: {app}",
        ),
        Result(
            f"{which} app: start to demo case on screen (median of {RUNS})",
            median(pkg_case),
            median(dev_case),
            target="ratio <= 1.1",
            ok=median(pkg_case) / median(dev_case) <= 1.1,
        ),
    ]
    bundle_dir = app.parent
    results.append(
        Result(
            f"{which} app folder size",
            _tree_bytes(bundle_dir) / MB,
            None,
            unit="MB",
            target="(reported)",
            note=str(bundle_dir),
        )
    )
    debs = sorted((ROOT / "dist").glob(f"imr-desktop_{__version__}_*.deb"))
    if debs:
        size = debs[-1].stat().st_size / MB
        results.append(
            Result(
                "package size (.deb, xz)",
                size,
                None,
                unit="MB",
                target="<= 60 MB",
                ok=size <= 60,
                note=debs[-1].name,
            )
        )
    else:
        results.append(
            Result(
                "package size (.deb, xz)",
                0.0,
                None,
                unit="MB",
                target="<= 60 MB",
                note="skipped: no .deb in dist/ (make package)",
            )
        )
    return results
