"""What every flow run leaves behind: a markdown summary artifact and one event per claim.

The rendering functions are plain (text in, text out) so they are tested without Prefect;
``publish_markdown`` and ``emit_claim_events`` are the only calls into Prefect's API.
Events named ``newswatch.claim.detected`` let users hang their own automations on new
claims; the alert-delivery deployment listens for them too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newswatch.pipeline import NewClaim

log = logging.getLogger(__name__)

CLAIM_EVENT = "newswatch.claim.detected"
CLAIM_RESOURCE_PREFIX = "newswatch.claim."
MAX_ROWS = 200  # an artifact is for people; beyond this the table only says how many more


@dataclass
class SourceLine:
    """One source's outcome in a poll run, as the summary shows it."""

    name: str
    new_articles: int = 0
    new_claims: int = 0
    error: str | None = None
    skipped: bool = False


@dataclass
class RunSummary:
    """The facts a flow's artifact reports; every flow fills the parts it has."""

    title: str
    lines: list[str] = field(default_factory=list)
    new_articles: int = 0
    claims: list[NewClaim] = field(default_factory=list)
    sources: list[SourceLine] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def claim_resource_id(claim: NewClaim) -> str:
    return CLAIM_RESOURCE_PREFIX + claim.key


def _cell(text: Any) -> str:
    """Text safe inside a markdown table cell."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ").strip()


def _link(claim: NewClaim) -> str:
    title = _cell(claim.title or claim.url or "(untitled)")
    if claim.url and claim.url.startswith(("http://", "https://")):
        return f"[{title}]({claim.url})"
    return title


def render_summary(summary: RunSummary) -> str:
    """Markdown for the Prefect UI: counts, new claims with links, failing sources."""
    out = [f"# {summary.title}", ""]
    out.append(f"- new articles: **{summary.new_articles}**")
    out.append(f"- new claims: **{len(summary.claims)}**")
    if summary.sources:
        failing = sum(1 for s in summary.sources if s.error)
        out.append(f"- sources: {len(summary.sources)} ({failing} failing)")
    out.extend(f"- {line}" for line in summary.lines)
    if summary.claims:
        out += ["", "## New claims", "", "| kind | entity | action | subject | evidence | article |",
                "|---|---|---|---|---|---|"]
        for claim in summary.claims[:MAX_ROWS]:
            out.append(f"| {_cell(claim.kind)} | {_cell(claim.entity)} | {_cell(claim.action)} | "
                       f"{_cell(claim.subject)} | {_cell(claim.evidence)[:300]} | {_link(claim)} |")
        if len(summary.claims) > MAX_ROWS:
            out.append(f"\n... and {len(summary.claims) - MAX_ROWS} more")
    failing_sources = [s for s in summary.sources if s.error]
    if failing_sources or summary.failures:
        out += ["", "## Failing", ""]
        out.extend(f"- **{_cell(s.name)}**: {_cell(s.error)}" for s in failing_sources)
        out.extend(f"- {_cell(f)}" for f in summary.failures[:MAX_ROWS])
        if len(summary.failures) > MAX_ROWS:
            out.append(f"- ... and {len(summary.failures) - MAX_ROWS} more")
    if summary.sources:
        out += ["", "## Sources", "", "| source | new articles | new claims | status |",
                "|---|---|---|---|"]
        for s in summary.sources:
            status = "failed" if s.error else ("not due" if s.skipped else "ok")
            out.append(f"| {_cell(s.name)} | {s.new_articles} | {s.new_claims} | {status} |")
    return "\n".join(out) + "\n"


def claim_event_payload(claim: NewClaim) -> dict[str, Any]:
    return {"id": claim.id, "key": claim.key, "kind": claim.kind, "entity": claim.entity,
            "action": claim.action, "subject": claim.subject, "authority": claim.authority,
            "product": claim.product, "evidence": claim.evidence,
            "confidence": claim.confidence, "title": claim.title, "url": claim.url}


def emit_claim_events(claims: Iterable[NewClaim]) -> int:
    """One ``newswatch.claim.detected`` event per new claim; returns how many were emitted.

    Emitting is best effort: an events outage must not fail a run whose claims and outbox
    rows are already committed (the scheduled alert run delivers them anyway).
    """
    from prefect.events import emit_event

    sent = 0
    for claim in claims:
        try:
            event = emit_event(
                CLAIM_EVENT,
                resource={"prefect.resource.id": claim_resource_id(claim),
                          "prefect.resource.name": f"{claim.entity} {claim.action} "
                                                   f"{claim.subject}",
                          "newswatch.claim.kind": claim.kind},
                payload=claim_event_payload(claim),
            )
        except Exception:  # noqa: BLE001 - see docstring
            log.exception("could not emit the event for claim %s", claim.key)
            continue
        sent += event is not None
    return sent


def artifact_key(name: str) -> str:
    """Artifact keys allow lowercase letters, digits and dashes only."""
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def publish_markdown(summary: RunSummary, key: str) -> str:
    """Publish the summary as a markdown artifact of the current run; return the markdown."""
    from prefect.artifacts import create_markdown_artifact

    markdown = render_summary(summary)
    try:
        create_markdown_artifact(markdown=markdown, key=artifact_key(key),
                                 description=summary.title)
    except Exception:  # noqa: BLE001 - a report must never fail the work it reports on
        log.exception("could not publish the %s artifact", key)
    return markdown


def claims_of(items: Sequence[Any]) -> list[NewClaim]:
    """New claims from reports: their ingest ``result``'s list, or a ``new_claims`` list."""
    found: list[NewClaim] = []
    for item in items:
        result = getattr(item, "result", None)
        claims = getattr(result, "new_claims", None) if result is not None else None
        if claims is None:
            claims = getattr(item, "new_claims", None)
        if isinstance(claims, list):
            found.extend(claims)
    return found
