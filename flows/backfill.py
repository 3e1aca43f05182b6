"""The backfill flow: an archive split into chunks of files, one task per chunk.

Each chunk is one ``backfill_files`` call, i.e. one transaction, so a retried chunk is
idempotent (stored articles are recognised as duplicates). Chunks run one after another
by default, because SQLite has one writer; with PostgreSQL and a large archive,
``workers > 1`` runs them on a local Dask cluster (separate processes, so parsing really
runs in parallel).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.load_context import load_context
from flows.publish_results import RunSummary, emit_claim_events, publish_markdown
from newswatch.backfill import DEFAULT_BATCH, BackfillReport, backfill_files, iter_files

log = logging.getLogger(__name__)


def chunk_files(paths: Sequence[str], size: int) -> list[list[str]]:
    """The archive's files, in order, cut into chunks of ``size``."""
    files = [str(p) for p in iter_files(paths)]
    return [files[i:i + size] for i in range(0, len(files), size)]


@task(name="backfill-chunk", retries=2, retry_delay_seconds=[2, 10], cache_policy=NONE)
def backfill_chunk(paths: list[str], config: str | None, alerts: bool,
                   out_dir: str | None) -> BackfillReport:
    context = load_context(config)
    return backfill_files(context.db, [Path(p) for p in paths], context.settings,
                          alerts=alerts, out_dir=Path(out_dir) if out_dir else None)


@flow(name="newswatch-backfill", description="Store archived article files in chunks.",
      task_runner=ThreadPoolTaskRunner(max_workers=1))
def backfill_flow(paths: list[str], config: str | None = None, alerts: bool = True,
                  out_dir: str | None = None, chunk_size: int = DEFAULT_BATCH) -> BackfillReport:
    """Backfill files and folders; the report is the same as ``newswatch backfill``'s."""
    logger = get_run_logger()
    load_context(config, fresh=True)
    chunks = chunk_files(paths, chunk_size)
    futures = [backfill_chunk.submit(chunk, config, alerts, out_dir) for chunk in chunks]
    total = BackfillReport()
    failures: list[str] = []
    for chunk, future in zip(chunks, futures):
        try:
            total.merge(future.result())
        except Exception as exc:  # noqa: BLE001 - one bad chunk never stops the others
            logger.error("chunk starting at %s failed: %s", chunk[0], exc)
            failures.append(f"{len(chunk)} files from {chunk[0]}: {exc}")
    emit_claim_events(total.new_claims)
    summary = RunSummary(title="newswatch backfill", new_articles=total.new_articles,
                         claims=total.new_claims, lines=[total.summary()],
                         failures=failures + [str(e) for e in total.errors])
    publish_markdown(summary, "newswatch-backfill")
    logger.info(total.summary())
    return total


def run_backfill_flow(paths: Sequence[str], config: str | None = None, *, alerts: bool = True,
                      out_dir: str | None = None, chunk_size: int = DEFAULT_BATCH,
                      workers: int = 1) -> BackfillReport:
    """Run the flow, on a local Dask cluster of ``workers`` processes when workers > 1."""
    runner_flow = backfill_flow
    if workers > 1:
        from prefect_dask import DaskTaskRunner

        runner_flow = backfill_flow.with_options(task_runner=DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                            "processes": True, "dashboard_address": None}))
    return runner_flow([str(p) for p in paths], config=config, alerts=alerts,
                       out_dir=out_dir, chunk_size=chunk_size)
