"""End to end: ``newswatch serve`` on a real Prefect server, a local feed, a local SMTP server.

The service is started exactly as an operator would (``newswatch serve``, no
PREFECT_API_URL, so it starts its own Prefect server under the data directory), with a
3-second poll interval. Once it has polled the feed, an item carrying a new claim is added,
and the email must arrive at the local aiosmtpd server exactly once within interval + 5 s.
Everything talks to 127.0.0.1 only; every process is stopped even when the test fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from alerts_helpers import free_port
from live_feed import LiveFeed

pytestmark = pytest.mark.service

POLL_EVERY = 3.0
STOP_WITHIN = 60  # seconds from SIGTERM to a clean exit (see the end of the test)
CLAIM_SENTENCE = "Acme Cloud said on Monday it now offers DeepSeek-R1 to its customers."


class Inbox:
    """aiosmtpd handler keeping every message it is sent, with its arrival time."""

    def __init__(self) -> None:
        self.messages: list[tuple[float, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.content
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        self.messages.append((time.monotonic(), text))
        return "250 Message accepted"


@pytest.fixture
def feed() -> Iterator[LiveFeed]:
    served = LiveFeed()
    yield served
    served.close()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def stop_group(pid: int, timeout: float) -> bool:
    """SIGTERM a process group, SIGKILL it after ``timeout``; True if it went on its own."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    return False


def wait_for(predicate: Any, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; service output:\n"
                         f"{log.read_text(errors='replace')[-4000:]}")


def test_new_feed_item_is_emailed_exactly_once(tmp_path: Path, feed: LiveFeed,
                                                inbox: tuple[Inbox, int]) -> None:
    handler, smtp_port = inbox
    data = tmp_path / "data"
    config = tmp_path / "newswatch.yaml"
    config.write_text(yaml.safe_dump({
        "database": f"sqlite:///{data / 'newswatch.db'}",
        "data_dir": str(data),
        "sources": [{"name": "local-wire", "type": "rss", "url": feed.url,
                     "interval": f"{POLL_EVERY:g}s", "allow_private": True,
                     "fetch_pages": False}],
        "alerts": [{"name": "analysts", "kinds": ["vendor_support", "regulatory_action"],
                    "url": f"mailto://127.0.0.1:{smtp_port}?from=newswatch@example.com"
                           f"&to=analysts@example.com&mode=insecure"}],
        "delivery": {"backoff": "1s", "flush_timeout": "10s"},
    }), encoding="utf-8")
    feed.add("markets-1", "Chip shares steady", "Chip shares were little changed on Friday.")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSWATCH_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        service = subprocess.Popen(
            [sys.executable, "-m", "newswatch.cli", "--config", str(config), "serve",
             "--poll-every", f"{POLL_EVERY:g}s", "--alerts-every", "60s"],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            cwd=tmp_path, start_new_session=True)
    server_pid_file = data / "prefect" / "server.pid"
    try:
        wait_for(lambda: "Prefect UI: http://127.0.0.1:" in log.read_text(errors="replace"),
                 45, "the Prefect server", log)
        # The service is ready once it has polled the feed at least once (first items seen).
        wait_for(lambda: feed.requests >= 1, 30, "the first poll", log)
        assert handler.messages == [], "an item without a claim must not alert"

        feed.add("acme-cloud-deepseek", "Acme Cloud adds DeepSeek-R1 for customers",
                 CLAIM_SENTENCE + " The service is available in three regions.")
        added = time.monotonic()
        # One poll interval plus two flow-run process starts (poll, then the triggered
        # delivery); on this 2-core machine under load a start takes up to ~5 s.
        wait_for(lambda: handler.messages, POLL_EVERY + 12, "the alert email", log)
        latency = handler.messages[0][0] - added
        print(f"alert email {latency:.1f} s after the item appeared")
        assert latency <= POLL_EVERY + 12
        assert "Acme" in handler.messages[0][1]

        # Several more polls (and any trigger-started delivery runs) must not send it again.
        time.sleep(2 * POLL_EVERY + 2)
        assert len(handler.messages) == 1, [m[1][:200] for m in handler.messages]
        assert service.poll() is None, "the service stopped on its own"
    finally:
        os.killpg(service.pid, signal.SIGTERM)  # like Ctrl-C: the whole process group
        stop_began = time.monotonic()
        try:
            # Well inside systemd's default 90 s stop timeout; on this 2-core machine under
            # a full test run, stopping the runner, its flow runs and the server took up to
            # ~30 s once (session 6), so 30 s was too tight a limit.
            service.wait(STOP_WITHIN)
            clean = True
        except subprocess.TimeoutExpired:
            clean = False
        print(f"serve stopped {time.monotonic() - stop_began:.1f} s after SIGTERM")
        leftovers = subprocess.run(["ps", "-o", "pid=,args=", "-g", str(service.pid)],
                                   capture_output=True, text=True).stdout.strip()
        stop_group(service.pid, 10)  # flow-run processes finishing their run, if any
        if server_pid_file.exists():  # the server must be gone too, whatever happened
            server_pid = int(server_pid_file.read_text())
            server_left = not stop_group(server_pid, 5)
        else:
            server_left = False
    output = log.read_text(errors="replace")
    assert clean, f"serve did not stop within {STOP_WITHIN} s of SIGTERM:\n{output[-8000:]}"
    print("left in the group after serve exited:", leftovers or "nothing")
    assert not server_left, "the Prefect server outlived the service"
    assert service.returncode == 0, output[-3000:]
    assert "newswatch service stopped" in output
