"""The polling flow: one task per host, each polling that host's due sources in turn.

Grouping by host is the per-host concurrency limit: two sources on one server are never
fetched at the same time, while different hosts are polled in parallel. Each task is also
tagged ``host:<name>`` so an operator can cap it further with a Prefect tag concurrency
limit. Which sources are due (their own ``next_poll_at``) is decided by
``extractors.poll.poll_sources``, so the deployment runs at the smallest source interval
and slower sources are simply skipped until their turn, exactly as ``run --once`` would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.tasks import exponential_backoff

from flows.load_context import load_context
from flows.publish_results import (RunSummary, SourceLine, claims_of, emit_claim_events,
                                   publish_markdown)
from newswatch.settings import SourceConfig

log = logging.getLogger(__name__)


def source_host(source: SourceConfig) -> str:
    return (urlsplit(source.url).hostname or source.url).lower()


def group_by_host(sources: Iterable[SourceConfig]) -> dict[str, list[str]]:
    """Enabled source names by host, hosts and names in configuration order."""
    groups: dict[str, list[str]] = {}
    for source in sources:
        if source.enabled:
            groups.setdefault(source_host(source), []).append(source.name)
    return groups


def due_slack(sources: Iterable[SourceConfig]) -> float:
    """How early a source may be polled: half the smallest interval, at most 5 s.

    Runs start a little late or early (scheduler and process start-up jitter). Without
    slack, a source whose interval equals the run interval is often found "due in 0.3 s",
    skipped, and polled one whole interval later.
    """
    intervals = [s.interval for s in sources if s.enabled]
    return min(5.0, 0.5 * min(intervals)) if intervals else 0.0


def due_names(sources: Iterable[SourceConfig], next_poll: dict[str, datetime | None],
              now: datetime, slack: float) -> list[str]:
    """Enabled sources whose ``next_poll_at`` (interval or error backoff) is within slack."""
    limit = now + timedelta(seconds=slack)
    return [s.name for s in sources
            if s.enabled and (next_poll.get(s.name) is None or next_poll[s.name] <= limit)]


def source_line(report: Any) -> SourceLine:
    """A poll report reduced to what the summary shows."""
    error = getattr(report, "error", None)
    new_articles = getattr(report, "new_articles", 0)
    if not isinstance(new_articles, int):
        new_articles = len(new_articles or [])
    new_claims = getattr(report, "new_claims", 0)
    if not isinstance(new_claims, int):
        new_claims = len(claims_of([report]))
    return SourceLine(name=str(getattr(report, "name", getattr(report, "source", "?"))),
                      new_articles=new_articles,
                      new_claims=new_claims,
                      error=str(error) if error else None,
                      skipped=bool(getattr(report, "skipped", False)))


@task(name="poll-host", retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=5),
      retry_jitter_factor=0.5, cache_policy=NONE, tags=["newswatch-poll"])
def poll_host(host: str, names: Sequence[str], config: str | None, alerts: bool) -> list[Any]:
    """Poll one host's sources; a source's own failure is in its report, not raised."""
    from extractors.poll import poll_sources

    context = load_context(config)
    # Due-ness (with its slack) was decided by the flow, so the backoff check is not redone.
    return list(poll_sources(context.db, context.settings, alerts=alerts, names=list(names),
                             respect_backoff=False))


@task(name="deliver-new-alerts", retries=1, retry_delay_seconds=5, cache_policy=NONE)
def deliver_now(config: str | None) -> Any:
    """Send what this run queued straight away, as ``run --once`` does."""
    from alerts.send import flush_outbox

    context = load_context(config)
    return flush_outbox(context.db, context.settings)


@flow(name="newswatch-poll", description="Poll the due sources, store, detect, alert.")
def poll_sources_flow(config: str | None = None, alerts: bool = True,
                      deliver: bool = True) -> RunSummary:
    """Poll every due source (one task per host), then deliver the alerts it queued."""
    logger = get_run_logger()
    from extractors.poll import source_health, utcnow

    context = load_context(config, fresh=True)
    sources = context.settings.sources
    next_poll = {row.name: row.next_poll_at for row in source_health(context.db)}
    due = set(due_names(sources, next_poll, utcnow(), due_slack(sources)))
    groups = group_by_host(s for s in sources if s.name in due)
    futures = {host: poll_host.with_options(tags=["newswatch-poll", f"host:{host}"]).submit(
        host, names, config, alerts) for host, names in groups.items()}
    summary = RunSummary(title="newswatch poll")
    reports: list[Any] = []
    for host, future in futures.items():
        try:
            reports.extend(future.result())
        except Exception as exc:  # noqa: BLE001 - record and go on: other hosts still count
            logger.error("polling %s failed after retries: %s", host, exc)
            summary.sources.extend(SourceLine(name, error=f"{type(exc).__name__}: {exc}")
                                   for name in groups[host])
    summary.sources.extend(source_line(r) for r in reports)
    summary.sources.extend(SourceLine(s.name, skipped=True) for s in sources
                           if s.enabled and s.name not in due)
    summary.claims = claims_of(reports)
    summary.new_articles = sum(s.new_articles for s in summary.sources)
    emit_claim_events(summary.claims)
    if deliver and alerts and summary.claims:
        try:
            result = deliver_now(config)
            summary.lines.append(f"alerts: {result.summary()}")
        except Exception as exc:  # noqa: BLE001 - the outbox keeps them for the alert flow
            logger.error("delivering alerts failed, the alert flow will retry: %s", exc)
            summary.failures.append(f"alert delivery: {exc}")
    if not sources:
        summary.lines.append("no sources configured")
    publish_markdown(summary, "newswatch-poll")
    logger.info("%d sources, %d new articles, %d new claims", len(summary.sources),
                summary.new_articles, len(summary.claims))
    return summary
