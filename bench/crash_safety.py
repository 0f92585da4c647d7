"""Crash test: kill a passphrase change, a records import and the window's autosave
at random moments, many times, and check what is left (issue 16).

    python -m bench.crash_safety [--runs N] [--seed S]

After every kill: the folder opens (with the old passphrase or the new one), every
backup and moved-aside file opens with the key that opened it, `records verify` and
`audit verify` pass, and no typing older than 2 s before the kill is missing. Prints
one line per kill and a summary; exit status 1 when any check failed. Each kill is a
real SIGKILL of a real process (the CLI, or the window offscreen).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

OLD = "crash test old passphrase"
NEW = "crash test new passphrase"
CASE = "CM16-0000101"
TYPING_LOSS_LIMIT = 2.0
# Enough to move that a kill lands inside the change, not in the process's start-up:
# 24 documents of 300 pages (~1 s of re-keying); an import of 2,000 pages (~3 s).
RECORDS, RECORD_PAGES, IMPORT_PAGES = 24, 300, 2000


def cli(folder: Path, *args: str, passphrase: str | None = OLD, timeout: float = 120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("IMR_DESKTOP_PASSPHRASE", None)
    if passphrase is not None:
        env["IMR_DESKTOP_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def popen(folder: Path, *args: str, passphrase: str = OLD) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_DESKTOP_PASSPHRASE": passphrase}
    return subprocess.Popen(
        [sys.executable, "-m", "imr_desktop", "--data-dir", str(folder), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def template(root: Path) -> Path:
    """An encrypted demo folder with RECORDS record PDFs, two backups and a file a
    restore moved aside: what a passphrase change must move."""
    from tests.records_helpers import make_pdf, record_pages

    folder = root / "template"
    assert cli(folder, "cases", "list").returncode == 0
    pdfs = [
        make_pdf(root / f"record-{n}.pdf", record_pages(RECORD_PAGES + n)) for n in range(RECORDS)
    ]
    assert cli(folder, "records", "attach", CASE, *map(str, pdfs)).returncode == 0
    assert cli(folder, "backup", "now").returncode == 0
    first = cli(folder, "backup", "list").stdout.split()[0]
    assert cli(folder, "backup", "restore", first).returncode == 0
    assert cli(folder, "backup", "now").returncode == 0
    (root / "new.txt").write_text(NEW + "\n")
    return folder


def _open_key(folder: Path, first: str = "old") -> tuple[str | None, str]:
    """Which passphrase opens the folder now ("old"/"new"), trying ``first`` first (an
    interrupted change moves to the key that opened it), and why not if neither."""
    order = [("old", OLD), ("new", NEW)]
    for name, passphrase in order if first == "old" else order[::-1]:
        done = cli(folder, "cases", "list", passphrase=passphrase)
        if done.returncode == 0:
            return name, ""
        last = done.stderr
    return None, last.strip()[-300:]


def check_folder(folder: Path, first: str = "old") -> tuple[str | None, list[str]]:
    """(the passphrase that opens it, what is wrong)."""
    which, why = _open_key(folder, first)
    if which is None:
        return None, [f"opens with neither passphrase: {why}"]
    passphrase = OLD if which == "old" else NEW
    problems = []
    for command in (("records", "verify"), ("audit", "verify")):
        done = cli(folder, *command, passphrase=passphrase)
        if done.returncode != 0:
            problems.append(f"{' '.join(command)}: {(done.stdout + done.stderr).strip()[-300:]}")
    problems += _files_open_with(folder, passphrase)
    return which, problems


def _files_open_with(folder: Path, passphrase: str) -> list[str]:
    from imr_desktop.security import backups, crypto, key_change

    text = (folder / crypto.KEY_FILE).read_text(encoding="utf-8")
    key = crypto.unwrap_key(text, passphrase)
    problems = []
    for path in [b.path for b in backups.list_backups(folder)] + key_change.leftovers(folder):
        try:
            crypto.sqlcipher_open(path, key).close()
        except Exception as exc:
            problems.append(f"{path.name} does not open with the folder's key ({exc})")
    return problems


def kill_after(proc: subprocess.Popen, delay: float) -> float:
    time.sleep(delay)
    killed = time.time()
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return killed


def run_passphrase_changes(root: Path, base: Path, runs: int, rng: random.Random) -> list[dict]:
    probe = root / "probe"
    shutil.copytree(base, probe)
    started = time.perf_counter()
    done = cli(probe, "passphrase", "change", "--new-passphrase-file", str(root / "new.txt"))
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    rows = []
    for n in range(runs):
        folder = root / f"change-{n}"
        shutil.copytree(base, folder)
        delay = rng.uniform(0.05, took)
        proc = popen(folder, "passphrase", "change", "--new-passphrase-file", str(root / "new.txt"))
        kill_after(proc, delay)
        which, problems = check_folder(folder, "new" if n % 2 else "old")
        rows.append(
            {"what": "passphrase change", "at": delay, "opens with": which, "problems": problems}
        )
        shutil.rmtree(folder)
    rows.append({"what": "passphrase change (uninterrupted)", "took": took})
    return rows


def run_changes_at_each_rename(root: Path, base: Path) -> list[dict]:
    """The attack run's method: strace kills the change at its Nth rename (every file
    the app writes is renamed into place), for N = 1, 2, ... until one completes."""
    if shutil.which("strace") is None:
        return []
    rows = []
    for n in range(1, 400):
        folder = root / f"rename-{n}"
        shutil.copytree(base, folder)
        env = {**os.environ, "IMR_DESKTOP_PASSPHRASE": OLD}
        done = subprocess.run(
            ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2"]
            + ["-e", f"inject=rename,renameat,renameat2:signal=SIGKILL:when={n}"]
            + [sys.executable, "-m", "imr_desktop", "--data-dir", str(folder)]
            + ["passphrase", "change", "--new-passphrase-file", str(root / "new.txt")],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        finished = done.returncode == 0
        which, problems = check_folder(folder, "new" if n % 2 else "old")
        rows.append(
            {
                "what": "change, rename kill",
                "at": float(n),
                "opens with": which,
                "problems": problems,
            }
        )
        shutil.rmtree(folder)
        if finished:
            rows[-1]["what"] = "change, not killed"
            break
    return rows


def run_imports(root: Path, base: Path, runs: int, rng: random.Random) -> list[dict]:
    from tests.records_helpers import make_pdf, record_pages

    big = make_pdf(root / "big.pdf", record_pages(IMPORT_PAGES))
    probe = root / "probe-import"
    shutil.copytree(base, probe)
    started = time.perf_counter()
    assert cli(probe, "records", "attach", CASE, str(big)).returncode == 0
    took = time.perf_counter() - started
    rows = []
    for n in range(runs):
        folder = root / f"import-{n}"
        shutil.copytree(base, folder)
        delay = rng.uniform(0.05, took)
        kill_after(popen(folder, "records", "attach", CASE, str(big)), delay)
        which, problems = check_folder(folder)
        listed = cli(folder, "records", "list", CASE).stdout
        rows.append(
            {
                "what": "records import",
                "at": delay,
                "opens with": which,
                "attached": "big" in listed,
                "problems": problems,
            }
        )
        shutil.rmtree(folder)
    rows.append({"what": "records import (uninterrupted)", "took": took})
    return rows


TYPIST = Path(__file__).resolve().parent.parent / "tests" / "typist.py"


def run_autosaves(root: Path, base: Path, runs: int, rng: random.Random) -> list[dict]:
    rows = []
    for n in range(runs):
        folder = root / f"typing-{n}"
        shutil.copytree(base, folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_DESKTOP_PASSPHRASE": OLD}
        proc = subprocess.Popen(
            [sys.executable, str(TYPIST), str(folder), CASE],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        typed: list[tuple[int, float]] = []
        limit = rng.uniform(2.0, 6.0)
        assert proc.stdout is not None
        for line in proc.stdout:
            _, word, at = line.split()
            typed.append((int(word), float(at)))
            if typed[-1][1] - typed[0][1] > limit:
                break
        killed = kill_after(proc, rng.uniform(0, 0.3))
        which, problems = check_folder(folder)
        summary = cli(folder, "cases", "show", CASE, "--json").stdout
        missing = [at for word, at in typed if f" w{word}w" not in summary]
        lost = killed - min(missing) if missing else 0.0
        if lost > TYPING_LOSS_LIMIT:
            problems.append(f"typing from {lost:.2f} s before the kill is lost")
        rows.append(
            {
                "what": "autosave",
                "at": limit,
                "opens with": which,
                "lost s": lost,
                "problems": problems,
            }
        )
        shutil.rmtree(folder)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="kills of each kind")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--each-rename",
        action="store_true",
        help="also kill a passphrase change at each of its renames in turn (needs strace)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="imr-crash-"))
    try:
        base = template(root)
        rows = run_passphrase_changes(root, base, args.runs, rng)
        if args.each_rename:
            rows += run_changes_at_each_rename(root, base)
        rows += run_imports(root, base, args.runs, rng)
        rows += run_autosaves(root, base, args.runs, rng)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return report(rows)


def report(rows: list[dict]) -> int:
    failures = 0
    for row in rows:
        if "took" in row:
            print(f"{row['what']}: {row['took']:.2f} s")
            continue
        problems = row["problems"]
        failures += bool(problems)
        at = f"rename {int(row['at'])}" if "rename" in row["what"] else f"{row['at']:.2f} s"
        extra = f" attached={row['attached']}" if "attached" in row else ""
        extra += f" lost={row['lost s']:.2f}s" if "lost s" in row else ""
        state = "FAIL " + "; ".join(problems) if problems else "ok"
        print(
            f"{row['what']:<19} killed at {at:<10} opens with {row['opens with']}{extra}  {state}"
        )
    kills = [r for r in rows if "problems" in r]
    outcomes = Counter((r["what"], r["opens with"]) for r in kills)
    print()
    print(f"{len(kills)} kills, {failures} with a problem")
    for (what, which), count in sorted(outcomes.items(), key=str):
        print(f"  {what}: opens with the {which} passphrase after {count} kill(s)")
    lost = [r["lost s"] for r in kills if "lost s" in r]
    if lost:
        print(f"  autosave: most typing lost {max(lost):.2f} s (limit {TYPING_LOSS_LIMIT} s)")
    attached = [r["attached"] for r in kills if "attached" in r]
    if attached:
        print(
            f"  records import: attached whole {sum(attached)} time(s), absent {len(attached) - sum(attached)}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
