"""Prefect orchestration costs: backfill overhead, and feed-item-to-email latency.

1. Backfill: 10,000 generated seed files (``bench/generate.py``) into a fresh SQLite file,
   once with the plain ``backfill()`` that ``newswatch backfill`` calls (in one process,
   ``workers=0``, as the flow's chunks run) and once as the
   ``newswatch-backfill`` flow against a real local Prefect server (chunks of 500 files as
   tasks). Each run is a child process and is timed around the call, so interpreter and
   import time are left out of both. Target: flow overhead <= 10 %.
2. Latency: ``newswatch serve --poll-every N`` against that server, a local RSS feed and a
   local SMTP server (aiosmtpd). Items carrying a new claim are added at random moments;
   the time from adding an item to its email arriving is measured. Target: <= N + 2 s.

Usage: python bench/bench_flows.py [--count 10000] [--interval 5] [--items 5] [--skip-backfill]
Everything runs on 127.0.0.1; no internet.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the local RSS feed the tests use too

from live_feed import LiveFeed  # noqa: E402

PLAIN = """
import json, sys, time
from pathlib import Path
from newswatch.backfill import backfill
from newswatch.settings import load_settings
from storage.db import Database
folder, config = sys.argv[1], sys.argv[2]
settings = load_settings(config)
db = Database(settings.database)
start = time.perf_counter()
# in this process, like the flow's chunks: the figure is Prefect's overhead, not the workers'
report = backfill(db, [Path(folder)], settings, alerts=False, workers=0)
print(json.dumps({"seconds": time.perf_counter() - start, "summary": report.summary()}))
"""

FLOW = """
import json, sys, time, logging
from flows.backfill import backfill_flow
from flows.load_context import load_context
folder, config = sys.argv[1], sys.argv[2]
load_context(config)  # opening the database is done before timing in the plain run too
start = time.perf_counter()
report = backfill_flow([folder], config=config, alerts=False)
print(json.dumps({"seconds": time.perf_counter() - start, "summary": report.summary()}))
"""


def child(code: str, folder: Path, config: Path, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", code, str(folder), str(config)],
                         capture_output=True, text=True, cwd=ROOT, env=env)
    if out.returncode:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_backfill(tmp: Path, count: int, env: dict[str, str]) -> None:
    from bench.generate import generate

    folder = tmp / "articles"
    t0 = time.perf_counter()
    generate(folder, count)
    print(f"generated {count} files in {time.perf_counter() - t0:.1f} s")
    results: dict[str, list[float]] = {"plain": [], "flow": []}
    for rnd in range(3):
        for label, code in (("plain", PLAIN), ("flow", FLOW)):
            config = tmp / f"{label}-{rnd}.yaml"
            config.write_text(f"database: sqlite:///{tmp}/{label}-{rnd}.db\n")
            result = child(code, folder, config, env)
            results[label].append(result["seconds"])
            print(f"  {label:5s} run {rnd + 1}: {result['seconds']:.2f} s  ({result['summary']})")
    plain, flow = min(results["plain"]), min(results["flow"])
    pairs = [100 * (f - p) / p for p, f in zip(results["plain"], results["flow"])]
    print("overhead per round (flow vs the plain run just before it): "
          + ", ".join(f"{x:+.1f} %" for x in pairs) + f"; median {statistics.median(pairs):+.1f} %")
    print(f"backfill of {count} files: plain {plain:.2f} s ({count / plain:,.0f} files/s), "
          f"flow {flow:.2f} s ({count / flow:,.0f} files/s), overhead "
          f"{100 * (flow - plain) / plain:+.1f} % (target <= 10 %)")


# --------------------------------------------------------------------------- latency


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.content
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        self.arrivals.append((time.monotonic(), text))
        return "250 OK"


COMPANIES = ["Arvent Cloud", "Bluefin Hosting", "Corvid Compute", "Delmar Systems",
             "Estrel Networks", "Fenwick Cloud", "Galen Compute", "Harrow Hosting"]


def bench_latency(tmp: Path, interval: float, items: int, env: dict[str, str]) -> None:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    feed = LiveFeed(title="bench")
    feed.add("start", "Chip shares steady", "Chip shares were little changed.")
    config = tmp / "serve.yaml"
    config.write_text(json.dumps({
        "database": f"sqlite:///{tmp}/serve.db", "data_dir": str(tmp / "data"),
        "sources": [{"name": "bench-wire", "type": "rss", "url": feed.url,
                     "interval": interval, "allow_private": True, "fetch_pages": False}],
        "alerts": [{"name": "mail", "url": f"mailto://127.0.0.1:{smtp_port}?from=a@example.com"
                                           f"&to=b@example.com&mode=insecure"}],
    }))
    log = tmp / "serve.log"
    with open(log, "wb") as out:
        service = subprocess.Popen(
            [sys.executable, "-m", "newswatch.cli", "--config", str(config), "serve",
             "--poll-every", f"{interval:g}s"], stdout=out, stderr=subprocess.STDOUT,
            env=env, cwd=tmp, start_new_session=True)
    latencies: list[float] = []
    try:
        deadline = time.monotonic() + 60
        while feed.requests < 1:
            if time.monotonic() > deadline or service.poll() is not None:
                raise SystemExit(f"the service did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        rng = random.Random(3)
        for i in range(items):
            time.sleep(rng.uniform(0, interval))
            before = len(inbox.arrivals)
            company = COMPANIES[i % len(COMPANIES)]
            feed.add(f"item-{i}", f"{company} adds DeepSeek-R1",
                     f"{company} said on Tuesday it now offers DeepSeek-R1 to customers of its "
                     f"cloud platform, starting this week.")
            added = time.monotonic()
            while len(inbox.arrivals) == before and time.monotonic() - added < interval + 30:
                time.sleep(0.05)
            if len(inbox.arrivals) == before:
                print(f"  item {i}: no email within {interval + 30:.0f} s")
                continue
            latencies.append(inbox.arrivals[before][0] - added)
            print(f"  item {i}: email after {latencies[-1]:.2f} s")
        time.sleep(interval + 2)
    finally:
        os.killpg(service.pid, signal.SIGTERM)
        try:
            service.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
        controller.stop()
        feed.close()
    if latencies:
        print(f"item-to-email latency at a {interval:g} s poll interval over {len(latencies)} "
              f"items: median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
              f"(target <= {interval + 2:g} s); emails received {len(inbox.arrivals)} for "
              f"{items} items")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--skip-backfill", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    from newswatch.service import LocalServer

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSWATCH_"))}
        env.update(PREFECT_HOME=str(tmp / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                   PREFECT_LOGGING_LEVEL="WARNING")
        os.environ.update(PREFECT_HOME=env["PREFECT_HOME"],
                          PREFECT_SERVER_ANALYTICS_ENABLED="false")
        with LocalServer(tmp / "prefect", port=None) as server:
            env["PREFECT_API_URL"] = server.api_url
            print(f"Prefect server at {server.url}")
            if not args.skip_backfill:
                bench_backfill(tmp, args.count, env)
            if not args.skip_latency:
                bench_latency(tmp, args.interval, args.items, env)


if __name__ == "__main__":
    main()
