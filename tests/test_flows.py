"""The Prefect flows: same results as the plain functions, plus artifacts and claim events.

Plain helpers are tested without Prefect; flow runs share one session-scoped
``prefect_test_harness`` (a temporary server in a subprocess, started once).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from alerts_helpers import SmtpSink, free_port
from live_feed import LiveFeed

from flows.publish_results import (CLAIM_EVENT, RunSummary, SourceLine, artifact_key,
                                   claim_resource_id, render_summary)
from newswatch.pipeline import NewClaim
from newswatch.settings import Settings, SourceConfig

# Our own invented articles. Each carries two claim sentences in different styles so that
# the detector has something to find whichever cues it uses.
ARTICLES = {
    "a-regulator.md": ("Italy blocks DeepSeek over data worries",
                       "Italy blocks DeepSeek after its privacy watchdog found the chatbot "
                       "stored user data abroad, the authority said on Thursday.\n\n"
                       "Officials gave the company twenty days to answer."),
    "b-cloud.md": ("Acme Cloud adds DeepSeek-R1",
                   "Acme Cloud said on Monday it now offers DeepSeek-R1 to its customers "
                   "through its managed inference service.\n\n"
                   "Prices start at two cents per thousand tokens, the company said."),
    "c-plain.md": ("Chip shares rise", "Chip shares rose for a third day as investors "
                   "bet on demand for data centre hardware."),
}


def write_article(folder: Path, name: str, title: str, body: str, day: int = 3) -> Path:
    path = folder / name
    path.write_text(f'---\ntitle: "{title}"\ndate: "2025-02-{day:02d} 10:00:00"\n---\n\n{body}\n',
                    encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for day, (name, (title, body)) in enumerate(ARTICLES.items(), start=1):
        write_article(folder, name, title, body, day)
    (folder / "d-broken.md").write_bytes(b"\x00\xff\xfe not an article")
    return folder


def write_config(path: Path, database: str, **extra: Any) -> str:
    path.write_text(yaml.safe_dump({"database": database, **extra}), encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- plain helpers


def test_group_by_host_keeps_one_host_per_task() -> None:
    from flows.poll_sources import group_by_host

    sources = [SourceConfig(name="a", type="rss", url="https://news.example.com/a.xml"),
               SourceConfig(name="b", type="rss", url="https://other.example.org/feed"),
               SourceConfig(name="c", type="html", url="https://NEWS.example.com/page"),
               SourceConfig(name="d", type="rss", url="https://x.example.net/", enabled=False)]
    assert group_by_host(sources) == {"news.example.com": ["a", "c"],
                                      "other.example.org": ["b"]}


def _claim(**kw: Any) -> NewClaim:
    base = dict(id=1, key="DeepSeek|vendor_support|acme cloud|support", kind="vendor_support",
                entity="Acme Cloud", action="support", subject="DeepSeek", authority=None,
                product=None, evidence="Acme | Cloud now offers it", confidence=0.9,
                title="Acme Cloud adds DeepSeek-R1", url="https://news.example.com/acme")
    base.update(kw)
    return NewClaim(**base)  # type: ignore[arg-type]


def test_render_summary_links_claims_and_names_failing_sources() -> None:
    summary = RunSummary(title="newswatch poll", new_articles=3, claims=[_claim()],
                         sources=[SourceLine("good", new_articles=3, new_claims=1),
                                  SourceLine("bad", error="HTTP 503 from news.example.com")])
    text = render_summary(summary)
    assert "new articles: **3**" in text and "new claims: **1**" in text
    assert "[Acme Cloud adds DeepSeek-R1](https://news.example.com/acme)" in text
    assert "Acme \\| Cloud" in text  # a pipe in evidence must not break the table
    assert "**bad**: HTTP 503 from news.example.com" in text
    assert "1 failing" in text


def test_claim_resource_id_and_artifact_key() -> None:
    assert claim_resource_id(_claim()) == "newswatch.claim.DeepSeek|vendor_support|acme cloud|support"
    assert artifact_key("Newswatch Poll_run") == "newswatch-poll-run"


def test_poll_interval_is_the_smallest_enabled_source_interval() -> None:
    from newswatch.service import DEFAULT_POLL_EVERY, poll_interval, schedules_for

    assert poll_interval(Settings()) == DEFAULT_POLL_EVERY == 300
    cfg = Settings(sources=[
        SourceConfig(name="a", type="rss", url="https://a.example.com/", interval="15m"),
        SourceConfig(name="b", type="rss", url="https://b.example.com/", interval="2m"),
        SourceConfig(name="c", type="rss", url="https://c.example.com/", interval="10s",
                     enabled=False)])
    assert poll_interval(cfg) == 120
    assert schedules_for(cfg) .alerts == 60 and schedules_for(cfg).health == 900
    assert schedules_for(cfg, poll=3).poll == 3


def test_build_deployments_schedules_and_claim_trigger() -> None:
    from newswatch.service import Schedules, build_deployments

    deployments = {d.name: d for d in build_deployments(Schedules(poll=4, alerts=60, health=900),
                                                        "/etc/newswatch.yaml")}
    assert set(deployments) == {"poll", "deliver-alerts", "health"}
    intervals = {name: d.schedules[0].schedule.interval for name, d in deployments.items()}
    assert intervals == {"poll": timedelta(seconds=4), "deliver-alerts": timedelta(seconds=60),
                         "health": timedelta(seconds=900)}
    assert deployments["poll"].entrypoint == "flows.poll_sources.poll_sources_flow"
    assert all(d.parameters == {"config": "/etc/newswatch.yaml"} for d in deployments.values())
    (trigger,) = deployments["deliver-alerts"].triggers
    assert trigger.expect == {CLAIM_EVENT}
    assert not deployments["poll"].triggers


def test_prefect_yaml_declares_every_flow() -> None:
    root = Path(__file__).resolve().parent.parent
    spec = yaml.safe_load((root / "prefect.yaml").read_text())
    found = {d["name"]: d for d in spec["deployments"]}
    assert set(found) == {"poll", "deliver-alerts", "health", "backfill"}
    for deployment in found.values():
        file, func = deployment["entrypoint"].split(":")
        assert (root / file).exists() and f"def {func}(" in (root / file).read_text()
    assert found["poll"]["schedules"][0]["interval"] == 300
    assert found["deliver-alerts"]["schedules"][0]["interval"] == 60
    assert found["health"]["schedules"][0]["interval"] == 900
    assert found["deliver-alerts"]["triggers"][0]["expect"] == [CLAIM_EVENT]


# --------------------------------------------------------------------------- flow runs


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect server for every flow test of the session."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    patch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    patch.delenv("PREFECT_API_URL", raising=False)
    from prefect.testing.utilities import prefect_test_harness

    try:
        with prefect_test_harness(server_startup_timeout=90):
            yield
    finally:
        from flows.load_context import forget_contexts

        forget_contexts()
        patch.undo()


def read_artifact(key: str) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1)
    assert found, f"no artifact {key}"
    return str(found[0].data)


def read_claim_events(resource_ids: set[str], timeout: float = 20.0) -> set[str]:
    """Resource ids of the claim events the server has stored (events land asynchronously)."""
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            page = client.read_events(EventFilter(
                event=EventNameFilter(name=[CLAIM_EVENT]),
                resource=EventResourceFilter(id=sorted(resource_ids))), limit=50)
            seen = {e.resource.id for e in page.events}
            if resource_ids <= seen:
                break
            time.sleep(0.5)
    return seen


@pytest.mark.usefixtures("prefect_harness")
def test_backfill_flow_matches_plain_backfill(tmp_path: Path, archive: Path) -> None:
    from flows.backfill import backfill_flow
    from newswatch.backfill import backfill
    from newswatch.settings import load_settings
    from storage.db import Database

    config = write_config(tmp_path / "flow.yaml", f"sqlite:///{tmp_path / 'flow.db'}")
    report = backfill_flow([str(archive)], config=config, alerts=False, chunk_size=2)

    plain_db = Database(f"sqlite:///{tmp_path / 'plain.db'}")
    plain = backfill(plain_db, [archive], load_settings(config), alerts=False, batch_size=2)
    plain_db.dispose()

    assert (report.files, report.new_articles, len(report.errors)) == (4, 3, 1)
    assert report.summary() == plain.summary()
    keys = sorted(c.key for c in report.new_claims)
    assert keys == sorted(c.key for c in plain.new_claims)
    assert keys, "the detector found no claim in the test articles"
    assert "d-broken.md" in report.errors[0].path

    markdown = read_artifact("newswatch-backfill")
    assert f"new claims: **{len(keys)}**" in markdown
    assert "d-broken.md" in markdown
    wanted = {f"newswatch.claim.{k}" for k in keys}
    assert read_claim_events(wanted) >= wanted

    again = backfill_flow([str(archive)], config=config, alerts=False, chunk_size=2)
    assert (again.new_articles, again.duplicates, again.new_claims) == (0, 3, [])


# --------------------------------------------------------------------------- polling and alerts


@pytest.fixture
def local_feed() -> Iterator[LiveFeed]:
    feed = LiveFeed()
    for name, (title, body) in ARTICLES.items():
        feed.add(name.split(".")[0], title, body.replace("\n\n", " "),
                 "Mon, 03 Feb 2025 10:00:00 GMT")
    yield feed
    feed.close()


@pytest.fixture
def mailbox() -> Iterator[SmtpSink]:
    box = SmtpSink()
    yield box
    box.stop()


def service_config(tmp_path: Path, name: str, feed_url: str, smtp_port: int, **extra: Any) -> str:
    return write_config(
        tmp_path / f"{name}.yaml", f"sqlite:///{tmp_path / (name + '.db')}",
        sources=[{"name": "local-wire", "type": "rss", "url": feed_url, "interval": "1s",
                  "allow_private": True, "fetch_pages": False}],
        alerts=[{"name": "analysts", "url": f"mailto://127.0.0.1:{smtp_port}?from=nw@example.com"
                                            f"&to=desk@example.com&mode=insecure"}],
        delivery={"backoff": "1s", "flush_timeout": "10s"}, **extra)


@pytest.mark.usefixtures("prefect_harness")
def test_poll_flow_alerts_once_and_matches_run_once(tmp_path: Path, local_feed: LiveFeed,
                                                    mailbox: SmtpSink) -> None:
    from flows.poll_sources import poll_sources_flow
    from newswatch.runner import poll_once
    from newswatch.settings import load_settings
    from storage.db import Database

    box, port = mailbox, mailbox.port
    config = service_config(tmp_path, "flow", local_feed.url, port)
    summary = poll_sources_flow(config=config)
    keys = sorted(c.key for c in summary.claims)
    assert keys, "no claim detected in the feed items"
    assert summary.new_articles == 3
    assert [s.name for s in summary.sources] == ["local-wire"]
    assert len(box.messages) == len(keys)  # one channel: one email per new claim

    markdown = read_artifact("newswatch-poll")
    assert "local-wire" in markdown and f"new claims: **{len(keys)}**" in markdown
    # Claims link to their articles (the stored URL is the canonical one, scheme may differ).
    assert f"://{local_feed.base.split('://')[1]}/news/" in markdown, markdown
    wanted = {f"newswatch.claim.{k}" for k in keys}
    assert read_claim_events(wanted) >= wanted

    time.sleep(1.1)  # the source's own interval
    again = poll_sources_flow(config=config)
    assert (again.new_articles, again.claims) == (0, [])
    assert len(box.messages) == len(keys), "an alert was sent twice"

    # The same pass without Prefect finds the same claims.
    plain_config = service_config(tmp_path, "plain", local_feed.url, port)
    settings = load_settings(plain_config)
    db = Database(settings.database)
    lines = list(poll_once(db, settings, alerts=False))
    with db.session() as session:
        from storage.repository import list_claims

        plain_keys = sorted(c.claim_key for c in list_claims(session))
    db.dispose()
    assert lines and plain_keys == keys


@pytest.mark.usefixtures("prefect_harness")
def test_deliver_alerts_flow_drains_the_outbox_once(tmp_path: Path, local_feed: LiveFeed,
                                                    mailbox: SmtpSink) -> None:
    from flows.deliver_alerts import deliver_alerts_flow
    from flows.poll_sources import poll_sources_flow

    box, port = mailbox, mailbox.port
    config = service_config(tmp_path, "queue", local_feed.url, port)
    summary = poll_sources_flow(config=config, deliver=False)
    assert summary.claims and box.messages == []
    result = deliver_alerts_flow(config=config)
    assert result.sent == len(summary.claims) == len(box.messages)
    assert deliver_alerts_flow(config=config).sent == 0
    assert len(box.messages) == len(summary.claims)
    assert "sent" in read_artifact("newswatch-alerts")


@pytest.mark.usefixtures("prefect_harness")
def test_failing_source_is_reported_by_poll_and_health(tmp_path: Path,
                                                       mailbox: SmtpSink) -> None:
    from flows.check_health import check_health_flow
    from flows.poll_sources import poll_sources_flow

    dead = free_port()  # a port nobody listens on
    config = service_config(tmp_path, "dead", f"http://127.0.0.1:{dead}/feed.xml", mailbox.port,
                            health={"max_failures": 1})
    summary = poll_sources_flow(config=config)
    assert [s.name for s in summary.sources if s.error] == ["local-wire"]
    assert "**local-wire**" in read_artifact("newswatch-poll")
    check_health_flow(config=config)
    assert "local-wire" in read_artifact("newswatch-health")



def test_due_names_allow_slack_for_run_jitter() -> None:
    from datetime import datetime, timezone

    from flows.poll_sources import due_names, due_slack

    now = datetime(2025, 2, 3, 10, 0, 0, tzinfo=timezone.utc)
    sources = [SourceConfig(name=n, type="rss", url=f"https://{n}.example.com/", interval=i)
               for n, i in (("new", 5), ("soon", 5), ("later", 300), ("off", 5))]
    sources[3] = sources[3].model_copy(update={"enabled": False})
    slack = due_slack(sources)
    assert slack == 2.5
    next_poll = {"soon": now + timedelta(seconds=1.5), "later": now + timedelta(seconds=200),
                 "off": None}
    assert due_names(sources, next_poll, now, slack) == ["new", "soon"]


def _run_script(tmp_path: Path, source: str, timeout: float = 60):
    """Run ``source`` as a script in a fresh interpreter: (completed process, seconds)."""
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=timeout)
    return done, time.monotonic() - started


def test_exit_watchdog_ends_a_process_held_by_a_leftover_thread(tmp_path: Path) -> None:
    """After the service stops, a stuck non-daemon thread must not keep the process alive."""
    done, took = _run_script(tmp_path, (
        "import threading, time\n"
        "from newswatch.service import exit_after\n"
        "threading.Thread(target=time.sleep, args=(600,), name='stuck-helper').start()\n"
        "exit_after(0.5)\n"))
    assert done.returncode == 0, done.stderr
    assert took < 30
    assert "stuck-helper" in done.stderr and "exiting now" in done.stderr


def test_exit_watchdog_does_not_delay_a_clean_exit(tmp_path: Path) -> None:
    done, took = _run_script(tmp_path, "from newswatch.service import exit_after\n"
                                       "exit_after(300)\nprint('done')\n", timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
    assert took < 60 and "exiting now" not in done.stderr


def test_stop_deadline_cleans_up_and_exits_when_the_main_thread_never_returns(
        tmp_path: Path) -> None:
    """What a SIGTERM arms when Prefect's runner swallows its own SystemExit: the main
    thread is stuck, yet the server cleanup runs and the process ends with status 0."""
    done, took = _run_script(tmp_path, (
        "import time\n"
        "from newswatch.service import exit_after\n"
        "exit_after(0.5, before_exit=lambda: print('server stopped', flush=True))\n"
        "time.sleep(600)\n"))
    assert done.returncode == 0, done.stderr
    assert took < 30
    assert done.stdout.splitlines() == [
        "server stopped", "newswatch service stopped (forced: Prefect's runner did not return)"]
