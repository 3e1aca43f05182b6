"""The health flow: find failing or silent sources and queue health alerts about them.

``check_health`` only reports *changes* (a source turning unhealthy or recovering), so each
alert goes out once; the artifact also lists every source that is unhealthy right now.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.load_context import load_context
from flows.publish_results import RunSummary, SourceLine, publish_markdown


def describe_problem(item: Any) -> str:
    """One line per health change, whatever shape ``check_health`` reports it in."""
    if isinstance(item, str):
        return item
    name = getattr(item, "source", None) or getattr(item, "name", None) or "?"
    reason = getattr(item, "reason", None) or getattr(item, "message", None) or item
    return f"{name}: {reason}"


@task(name="check-sources", cache_policy=NONE)
def check(config: str | None) -> list[Any]:
    from extractors.poll import check_health

    context = load_context(config)
    return list(check_health(context.db, context.settings))


@task(name="list-unhealthy-sources", cache_policy=NONE)
def unhealthy_now(config: str | None) -> list[SourceLine]:
    from extractors.poll import source_health

    context = load_context(config)
    limit = context.settings.health.max_failures
    return [SourceLine(row.name, error=row.last_error or "silent for too long")
            for row in source_health(context.db)
            if row.unhealthy_since is not None or row.consecutive_failures >= limit]


@task(name="deliver-health-alerts", cache_policy=NONE)
def deliver(config: str | None) -> Any:
    from alerts.send import flush_outbox

    context = load_context(config)
    return flush_outbox(context.db, context.settings)


@flow(name="newswatch-health", description="Report sources that fail or have gone silent.")
def check_health_flow(config: str | None = None) -> list[Any]:
    logger = get_run_logger()
    load_context(config, fresh=True)
    changes = check(config)
    summary = RunSummary(title="newswatch source health", sources=unhealthy_now(config))
    summary.lines.extend(f"change: {describe_problem(c)}" for c in changes)
    if changes:
        try:
            summary.lines.append(f"alerts: {deliver(config).summary()}")
        except Exception as exc:  # noqa: BLE001 - queued; the alert flow retries
            logger.error("delivering health alerts failed: %s", exc)
    if not summary.sources:
        summary.lines.append("all sources healthy")
    publish_markdown(summary, "newswatch-health")
    logger.info("%d health changes, %d unhealthy sources", len(changes), len(summary.sources))
    return changes
