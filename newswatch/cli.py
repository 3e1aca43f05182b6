"""The ``newswatch`` command: a thin shell over the Python API.

Each command parses its arguments, calls one function of the API and prints the result;
no logic lives here, so the flows and the tests use exactly what the CLI uses.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from newswatch.errors import NewswatchError

app = typer.Typer(
    name="newswatch",
    help="Watch the news for new vendor-support claims and regulatory actions about an AI "
         "model family, store them, and alert once per new claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
alerts_app = typer.Typer(help="Inspect and exercise alert deliveries.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)  # tables stay readable in logs
err = Console(stderr=True, soft_wrap=True)


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"


class _State:
    config: Optional[Path] = None


state = _State()


def settings():  # type: ignore[no-untyped-def]
    """The settings for this invocation (``--config``, ``NEWSWATCH_CONFIG`` or defaults)."""
    from newswatch.settings import load_settings

    return load_settings(state.config)


def database(cfg: Any = None):  # type: ignore[no-untyped-def]
    from storage.db import Database

    cfg = cfg or settings()
    return Database(cfg.database)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@app.callback()
def main_options(
    config: Annotated[Optional[Path], typer.Option(
        "--config", "-c", help="Settings file (default: $NEWSWATCH_CONFIG or ./newswatch.yaml).",
        envvar="NEWSWATCH_CONFIG")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="More log output (-v info, -vv debug).")] = 0,
) -> None:
    state.config = config
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


# --------------------------------------------------------------------------- articles


@app.command()
def normalize(
    paths: Annotated[list[Path], typer.Argument(help="Article files (seed markdown or wire text).")],
) -> None:
    """Print each article in the seed schema (front matter, body, source link)."""
    from newswatch.article import read_article, render_seed

    failed = 0
    for path in paths:
        try:
            sys.stdout.write(render_seed(read_article(path)))
        except NewswatchError as exc:
            failed += 1
            err.print(f"error: {exc}", highlight=False, markup=False)
    if failed == len(paths):
        raise typer.Exit(1)


@app.command()
def backfill(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively).")],
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write each article, normalised, into this folder.")] = None,
    no_alerts: Annotated[bool, typer.Option(
        "--no-alerts", help="Store new claims as already notified: history pages nobody.")] = False,
    batch_size: Annotated[int, typer.Option(help="Files stored per transaction.", min=1)] = 500,
    workers: Annotated[Optional[int], typer.Option(
        help="Processes reading and preparing files ahead (default: one per core, at most 4; "
             "0: none).", min=0)] = None,
) -> None:
    """Read archived articles, store the new ones, detect claims and queue alerts."""
    from newswatch.backfill import backfill as run_backfill
    from newswatch.backfill import iter_files

    cfg = settings()
    db = database(cfg)
    files = list(iter_files(paths))
    progress = Progress(TextColumn("backfill"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err, disable=not err.is_terminal,
                        transient=True)
    with progress:
        task = progress.add_task("backfill", total=len(files))
        report = run_backfill(db, files, cfg, alerts=not no_alerts, out_dir=out_dir,
                              batch_size=batch_size, workers=workers,
                              progress=lambda n: progress.advance(task, n))
    for error in report.errors:
        err.print(f"error: {error}", highlight=False, markup=False)
    delivered = _deliver_before_exit(cfg, db) if not no_alerts and report.deliveries else ""
    out.print(report.summary() + delivered, highlight=False)
    if report.nothing_read:
        raise typer.Exit(1)


def _deliver_before_exit(cfg: Any, db: Any) -> str:
    """Send what this command queued; the rest stays pending for the next run."""
    try:
        from alerts.send import flush_outbox
    except ImportError:  # the sender is not installed in this build
        return ""
    result = flush_outbox(db, cfg)
    return f"; alerts: {result.summary()}"


# --------------------------------------------------------------------------- claims


def _claim_rows(paths: list[Path]) -> Any:
    from newswatch.article import read_article
    from newswatch.pipeline import detect_article

    cfg = settings()
    subjects = cfg.subject_objects()
    for path in paths:
        try:
            article = read_article(path)
        except NewswatchError as exc:
            err.print(f"error: {exc}", highlight=False, markup=False)
            continue
        for claim in detect_article(article, subjects):
            yield path, claim


@app.command()
def detect(
    paths: Annotated[list[Path], typer.Argument(help="Article files (either format).")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show the evidence sentence and the cue that fired.")] = False,
) -> None:
    """Detect claims in article files without storing anything; one JSON line per claim."""
    rows = list(_claim_rows(paths))
    if fmt is Format.jsonl:
        for path, c in rows:
            obj = {"path": str(path), "kind": c.kind, "entity": c.entity, "action": c.action,
                   "subject": c.subject, "authority": c.authority, "product": c.product,
                   "models": list(c.models), "evidence": c.evidence, "span": list(c.span),
                   "confidence": round(c.confidence, 3)}
            if explain:
                obj["cue"] = c.cue
            emit_json(obj)
        return
    table = Table("file", "kind", "entity", "action", "authority / product", "conf.")
    if explain:
        table.add_column("evidence (cue)")
    for path, c in rows:
        cells = [path.name, c.kind, c.entity, c.action, c.authority or c.product or "",
                 f"{c.confidence:.2f}"]
        if explain:
            cells.append(f"{c.evidence} [{c.cue}]")
        table.add_row(*cells)
    out.print(table)


def _parse_since(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    from newswatch.article import parse_date

    try:
        return parse_date(value)
    except ValueError:
        fail(f"--since: {value!r} is not a date (use YYYY-MM-DD)", 2)
    return None


@app.command()
def claims(
    since: Annotated[Optional[str], typer.Option(help="Only claims seen on or after this date.")] = None,
    kind: Annotated[Optional[str], typer.Option(
        help="vendor_support or regulatory_action.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many.", min=1)] = None,
) -> None:
    """List stored claims, one per claim key, newest first."""
    from storage.repository import article_link, list_claims

    when = _parse_since(since)
    db = database()
    with db.session() as session:
        rows = [(c, article_link(c.first_article))
                for c in list_claims(session, since=when, kind=kind, limit=limit)]
    if fmt is Format.jsonl:
        for c, url in rows:
            emit_json({"kind": c.kind, "entity": c.entity, "action": c.action,
                       "subject": c.subject, "authority": c.authority, "product": c.product,
                       "models": c.models, "evidence": c.evidence,
                       "confidence": round(c.confidence, 3),
                       "first_seen": c.first_seen.isoformat(), "last_seen": c.last_seen.isoformat(),
                       "sources_count": c.sources_count, "url": url})
        return
    table = Table("first seen", "kind", "entity", "action", "subject", "sources", "evidence")
    for c, _ in rows:
        table.add_row(c.first_seen.strftime("%Y-%m-%d"), c.kind, c.entity, c.action, c.subject,
                      str(c.sources_count), c.evidence[:120])
    out.print(table)


@app.command()
def run(
    once: Annotated[bool, typer.Option("--once", help="One pass over every source, then exit.")] = False,
    examples: Annotated[bool, typer.Option(
        "--examples", help="Also backfill the example articles shipped with newswatch.")] = False,
    no_alerts: Annotated[bool, typer.Option("--no-alerts", help="Queue no alerts.")] = False,
) -> None:
    """Poll every configured source once, store new articles, detect claims, send alerts."""
    from newswatch.backfill import backfill as run_backfill
    from newswatch.runner import EXAMPLES, poll_once

    if not once:
        fail("`newswatch run` needs --once; for the scheduled service use `newswatch serve`", 2)
    cfg = settings()
    db = database(cfg)
    if examples:
        report = run_backfill(db, [EXAMPLES], cfg, alerts=not no_alerts)
        out.print(f"examples: {report.summary()}", highlight=False)
        for claim in report.new_claims:
            out.print(f"  new claim: {claim.kind} {claim.entity} {claim.action} "
                      f"({claim.subject}) - {claim.evidence}", highlight=False)
    for line in poll_once(db, cfg, alerts=not no_alerts):
        out.print(line, highlight=False)
    if not no_alerts:
        summary = _deliver_before_exit(cfg, db)
        if summary:
            out.print(summary.removeprefix("; "), highlight=False)


@app.command()
def serve(
    poll_every: Annotated[Optional[str], typer.Option(
        "--poll-every", help="Poll run interval, e.g. 30s (default: smallest source interval).")] = None,
    alerts_every: Annotated[Optional[str], typer.Option(
        "--alerts-every", help="Alert delivery interval (default 1m).")] = None,
    health_every: Annotated[Optional[str], typer.Option(
        "--health-every", help="Health check interval (default 15m).")] = None,
    port: Annotated[Optional[int], typer.Option(
        help="Port of the local Prefect server (default 4200, or a free one).")] = None,
) -> None:
    """Run the scheduled service on Prefect (a local server unless PREFECT_API_URL is set)."""
    from newswatch.service import schedules_for
    from newswatch.service import serve as run_service
    from newswatch.settings import find_config, parse_duration

    cfg = settings()
    try:
        every = {k: parse_duration(v) if v else None for k, v in
                 (("poll", poll_every), ("alerts", alerts_every), ("health", health_every))}
    except ValueError as exc:
        fail(f"interval: {exc}", 2)
    found = find_config(state.config)
    config = str(found.resolve()) if found else None
    run_service(cfg, config, schedules=schedules_for(cfg, **every), port=port,
                announce=lambda line: out.print(line, highlight=False))


@app.command()
def sources() -> None:
    """Show each source's health: last success, last error, failures in a row, items seen."""
    from extractors.poll import source_health

    cfg = settings()
    rows = {r.name: r for r in source_health(database(cfg))}
    table = Table("source", "type", "last success", "last error", "fails", "items", "state")
    names = [s.name for s in cfg.sources] + sorted(set(rows) - {s.name for s in cfg.sources})
    for name in names:
        row = rows.get(name)
        cfg_source = next((s for s in cfg.sources if s.name == name), None)
        if row is None:
            table.add_row(name, cfg_source.type if cfg_source else "?", "never polled", "",
                          "0", "0", "new")
            continue
        state = ("unhealthy" if row.unhealthy_since else "failing" if row.consecutive_failures
                 else "ok") if cfg_source else "not configured"
        table.add_row(name, row.type,
                      f"{row.last_success_at:%Y-%m-%d %H:%M}" if row.last_success_at else "never",
                      (row.last_error or "")[:80], str(row.consecutive_failures),
                      str(row.items_seen), state)
    out.print(table)


# --------------------------------------------------------------------------- pages


@app.command()
def extract(
    pages: Annotated[list[Path], typer.Argument(help="Saved HTML pages (.html or .html.gz).")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
) -> None:
    """Extract the main article text, title, date and authors from saved HTML pages."""
    from extractors.html_extract import extract_page, read_page_file

    failed = 0
    for path in pages:
        try:
            page = extract_page(read_page_file(path))
        except (NewswatchError, OSError) as exc:
            failed += 1
            err.print(f"error: {path}: {exc}", highlight=False, markup=False)
            continue
        emit_json({"path": str(path), "title": page.title, "text": page.text,
                   "published": page.published.isoformat() if page.published else None,
                   "authors": page.authors})
    if failed == len(pages):
        raise typer.Exit(1)


# --------------------------------------------------------------------------- database


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    from storage.db import create_db_engine, head_revision, upgrade

    cfg = settings()
    engine = create_db_engine(cfg.database)
    changed = upgrade(engine)
    out.print(f"database at revision {head_revision()}" + ("" if changed else " (already)"))


# --------------------------------------------------------------------------- alerts


@alerts_app.command("pending")
def alerts_pending(
    show_all: Annotated[bool, typer.Option("--all", help="Also show sent and suppressed.")] = False,
    limit: Annotated[Optional[int], typer.Option(help="At most this many.", min=1)] = None,
) -> None:
    """List pending and failed deliveries with their attempts and last (masked) error."""
    from alerts.masking import protect, redact
    from alerts.outbox import STATUSES, list_deliveries

    cfg = settings()
    protect([c.url for c in cfg.alerts])
    db = database(cfg)
    statuses = STATUSES if show_all else ("pending", "failed")
    with db.session() as session:
        rows = list_deliveries(session, statuses, limit=limit)
        table = Table("id", "channel", "kind", "about", "status", "attempts", "next attempt",
                      "last error")
        for d in rows:
            about = (f"claim {d.claim_id}" if d.claim_id is not None
                     else str(d.payload.get("source", d.dedupe_key)))
            table.add_row(str(d.id), d.channel, d.kind, about, d.status, str(d.attempts),
                          d.next_attempt_at.strftime("%Y-%m-%d %H:%M:%S"),
                          redact(d.last_error or "")[:100])
    out.print(table)
    out.print(f"{len(rows)} deliveries", highlight=False)


@alerts_app.command("retry")
def alerts_retry(
    ids: Annotated[Optional[list[int]], typer.Argument(help="Delivery ids to retry.")] = None,
    retry_all: Annotated[bool, typer.Option("--all", help="Retry every failed delivery.")] = False,
) -> None:
    """Put failed deliveries back to pending; the next flush sends them."""
    from alerts.outbox import retry_failed

    if not ids and not retry_all:
        fail("name delivery ids or pass --all", 2)
    db = database()
    with db.session() as session:
        n = retry_failed(session, None if retry_all else ids)
    out.print(f"{n} deliveries back to pending", highlight=False)


@alerts_app.command("test")
def alerts_test(
    channel: Annotated[str, typer.Argument(help="Name of a configured alert channel.")],
) -> None:
    """Send a test message to one configured channel."""
    from alerts.send import describe_channel, send_test

    cfg = settings()
    outcome = send_test(cfg, channel)
    target = describe_channel(next(c for c in cfg.alerts if c.name == channel))
    if outcome.ok:
        out.print(f"sent a test message to {target}", highlight=False)
        return
    fail(f"{target}: {outcome.error}")


def main() -> None:
    """Console-script entry point: errors of ours become one clear line and exit status 2."""
    try:
        app()
    except NewswatchError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
