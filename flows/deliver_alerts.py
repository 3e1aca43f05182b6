"""The alert-delivery flow: drain the outbox once.

It runs every minute and whenever a ``newswatch.claim.detected`` event fires. Overlapping
runs are safe because ``flush_outbox`` leases each delivery to one owner (here the flow
run), so a claim is sent once however many runs start.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.runtime import flow_run

from flows.load_context import load_context
from flows.publish_results import RunSummary, publish_markdown


@task(name="flush-outbox", cache_policy=NONE)
def flush(config: str | None, owner: str | None) -> Any:
    from alerts.send import flush_outbox

    context = load_context(config)
    return flush_outbox(context.db, context.settings, owner=owner)


@flow(name="newswatch-deliver-alerts", description="Send the pending alerts in the outbox.")
def deliver_alerts_flow(config: str | None = None) -> Any:
    """Send what is due in the outbox; failures stay queued with their backoff."""
    load_context(config, fresh=True)
    run_id = flow_run.get_id()
    result = flush(config, f"prefect-{run_id}" if run_id else None)
    summary = RunSummary(title="newswatch alert delivery", lines=[result.summary()])
    summary.failures.extend(str(f) for f in getattr(result, "errors", []) or [])
    publish_markdown(summary, "newswatch-alerts")
    get_run_logger().info("alerts: %s", result.summary())
    return result
