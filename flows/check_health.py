"""The health flow: find failing or silent sources and queue health alerts about them."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.load_context import load_context
from flows.publish_results import RunSummary, publish_markdown


def describe_problem(item: Any) -> str:
    """One line per unhealthy source, whatever shape ``check_health`` reports it in."""
    if isinstance(item, str):
        return item
    name = getattr(item, "name", None) or getattr(item, "source", None) or "?"
    reason = getattr(item, "reason", None) or getattr(item, "problem", None) or item
    return f"{name}: {reason}"


@task(name="check-sources", cache_policy=NONE)
def check(config: str | None) -> Any:
    from extractors.poll import check_health

    context = load_context(config)
    return check_health(context.db, context.settings)


@flow(name="newswatch-health", description="Report sources that fail or have gone silent.")
def check_health_flow(config: str | None = None) -> Any:
    load_context(config, fresh=True)
    result = check(config)
    problems = list(getattr(result, "failing", result) or [])
    summary = RunSummary(title="newswatch source health",
                         failures=[describe_problem(p) for p in problems])
    summary.lines.append(f"{len(problems)} unhealthy sources" if problems else "all sources healthy")
    publish_markdown(summary, "newswatch-health")
    get_run_logger().info("%d unhealthy sources", len(problems))
    return result
