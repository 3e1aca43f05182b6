"""Run the benchmarks of bench/README.md one after another (``make bench``).

Usage: python bench/run_all.py [NAME ...]

NAME is one of: detect, backfill, extract, poll, alerts, flows (default: all).  Each
benchmark runs as its own process, so one's imports and memory do not colour the next.
Benchmarks that read ../shared (detect, extract) are skipped when it is not beside the
repo.  The exit status is non-zero if any benchmark failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"

BENCHMARKS: dict[str, tuple[list[str], bool]] = {  # name -> (arguments, needs ../shared)
    "detect": (["bench_detect.py"], True),
    "backfill": (["bench_backfill.py"], False),
    "extract": (["bench_extract.py"], True),
    "poll": (["bench_poll.py"], False),
    "alerts": (["bench_alerts.py"], False),
    "flows": (["bench_flows.py"], False),
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}",
              file=sys.stderr)
        return 2
    failed = []
    for name in names:
        args, needs_shared = BENCHMARKS[name]
        print(f"== {name}: python bench/{' '.join(args)}", flush=True)
        if needs_shared and not SHARED.is_dir():
            print(f"   skipped: {SHARED} is not there", flush=True)
            continue
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(HERE / args[0]), *args[1:]], cwd=HERE.parent)
        print(f"   ({time.perf_counter() - t0:.0f} s, exit {rc})", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
