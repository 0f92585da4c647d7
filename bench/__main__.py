"""``make bench``: run every bench module and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import bench
from bench import Result


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    results: list[Result] = []
    failed = False
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            results.extend(importlib.import_module(f"bench.{name}").run())
        except Exception:
            failed = True
            traceback.print_exc()
    print()
    header = f"{'what':<58} {'figure':>11} {'floor':>11} {'ratio':>7}  {'target':<22} ok"
    print(header)
    print("-" * len(header))
    for r in results:
        floor = "-" if r.floor is None else f"{r.floor:.2f} {r.unit}"
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        ok = {True: "yes", False: "NO", None: "-"}[r.ok]
        print(
            f"{r.what:<58} {r.figure:>8.2f} {r.unit:<2} {floor:>11} {ratio:>7}  {r.target:<22} {ok}"
        )
        if r.note:
            print(f"    {r.note}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
