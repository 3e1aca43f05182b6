"""Backfill throughput and peak memory: 10,000 generated seed files into SQLite.

Runs the backfill in a child process so its peak RSS (ru_maxrss) is measured alone; the
backfill's own worker processes (one per core) are reported by their largest peak.
Usage: python bench/bench_backfill.py [--count N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CHILD = """
import json, os, resource, sys, threading, time
from pathlib import Path

worker_peak_kb = 0

def watch_descendants():
    # Backfill workers are children of a forkserver, not of this process, so
    # RUSAGE_CHILDREN misses them: sample their peak (VmHWM) from /proc instead.
    global worker_peak_kb
    me = os.getpid()
    while True:
        parents, peaks = {}, {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                status = open(f"/proc/{pid}/status").read()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            parents[int(pid)] = int(fields.get("PPid", "0"))
            peaks[int(pid)] = int(fields.get("VmHWM", "0 kB").split()[0])
        for pid, peak in peaks.items():
            p = parents.get(pid)
            while p and p != me:
                p = parents.get(p)
            if p == me:
                worker_peak_kb = max(worker_peak_kb, peak)
        time.sleep(0.25)

threading.Thread(target=watch_descendants, daemon=True).start()
from newswatch.backfill import backfill
from newswatch.settings import Settings
from storage.db import Database
folder, url = sys.argv[1], sys.argv[2]
db = Database(url)
start = time.perf_counter()
report = backfill(db, [Path(folder)], Settings(database=url))
elapsed = time.perf_counter() - start
print(json.dumps({"files": report.files, "new": report.new_articles, "errors": len(report.errors),
                  "claims": len(report.new_claims), "seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_mb": worker_peak_kb / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    from bench.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "articles")
        generate(folder, args.count)
        url = f"sqlite:///{tmp}/bench.db"
        runs = []
        for label in ("first run (all new)", "second run (all duplicates)"):
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder), url], check=True,
                                 capture_output=True, text=True, cwd=HERE.parent)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            runs.append(result)
            print(f"{label}: {result['files']} files in {result['seconds']:.2f} s = "
                  f"{result['files'] / result['seconds']:,.0f} files/s, {result['new']} new, "
                  f"{result['claims']} new claims, {result['errors']} errors, "
                  f"peak RSS {result['peak_mb']:.0f} MB (largest worker process "
                  f"{result['worker_peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
