"""One monitoring pass, in-process: what ``newswatch run --once`` and ``make run`` do."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from newswatch.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)

#: Example articles shipped with the package (both formats), used by ``make run``.
EXAMPLES = Path(__file__).resolve().parent / "examples"


def poll_once(db: Database, settings: Settings, *, alerts: bool = True) -> Iterator[str]:
    """Poll every enabled source once; yield one summary line per source.

    Then check source health, so that a cron-driven ``run --once`` also raises (and clears)
    health alerts for failing or silent sources, as the service's health flow does.
    """
    if not settings.sources:
        yield "no sources configured (add some under `sources:` in newswatch.yaml)"
        return
    from extractors.poll import check_health, poll_sources

    for report in poll_sources(db, settings, alerts=alerts):
        yield report.summary()
    if alerts:
        for change in check_health(db, settings):
            yield f"health: {change.source} {change.state}: {change.message}"
