"""What an alert says, in each channel's format: plain text, HTML (email), apprise markdown,
a Slack payload (mrkdwn blocks) and a structured JSON object for webhooks.

Rendering is pure: it takes plain views of claims, never a session, so the same functions
serve the sender, ``alerts test`` and the tests that check the exact Slack payload.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from storage import models

KIND_LABELS = {
    "vendor_support": "Vendor support",
    "regulatory_action": "Regulatory action",
}


@dataclass(frozen=True)
class ClaimView:
    """The facts of one new claim that an alert shows."""

    claim_id: int
    kind: str
    entity: str
    action: str
    subject: str
    authority: str | None
    product: str | None
    evidence: str
    title: str
    date: datetime | None
    link: str | None
    sources_count: int
    confidence: float

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def detail(self) -> str:
        """Authority for regulatory actions, product for vendor support."""
        if self.kind == "regulatory_action":
            return f"Authority: {self.authority}" if self.authority else ""
        return f"Product: {self.product}" if self.product else ""

    @property
    def headline(self) -> str:
        return f"{self.entity} {self.action.replace('_', ' ')} {self.subject}"

    @property
    def day(self) -> str:
        return self.date.strftime("%Y-%m-%d") if self.date else "undated"

    def data(self) -> dict[str, Any]:
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        return out


def view_claim(claim: models.Claim, article: models.Article | None = None) -> ClaimView:
    """A view from stored rows; the claim's first article gives title, date and link."""
    from storage.repository import article_link

    article = article if article is not None else claim.first_article
    return ClaimView(
        claim_id=claim.id, kind=claim.kind, entity=claim.entity, action=claim.action,
        subject=claim.subject, authority=claim.authority, product=claim.product,
        evidence=claim.evidence, title=article.title if article else "",
        date=(article.published_at if article and article.published_at else claim.first_seen),
        link=article_link(article) if article else None,
        sources_count=claim.sources_count, confidence=claim.confidence,
    )


@dataclass
class Message:
    """One alert in every format; the sender picks the one its channel takes."""

    title: str
    text: str
    html: str
    markdown: str
    slack: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- escaping


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def _slack_escape(value: str) -> str:
    """Slack mrkdwn treats &, < and > as control characters; everything else is literal."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_escape(value: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in value)


def _safe_link(link: str | None) -> str | None:
    """Only web links become clickable; a file path is shown as text."""
    if link and link.lower().startswith(("http://", "https://")):
        return link
    return None


# ---------------------------------------------------------------- one claim


def _claim_lines(v: ClaimView) -> list[str]:
    lines = [f"{v.label}: {v.headline}"]
    if v.detail:
        lines.append(v.detail)
    lines += [f"Evidence: \u201c{v.evidence}\u201d",
              f"Article: {v.title} ({v.day})"]
    if v.link:
        lines.append(f"Link: {v.link}")
    lines.append(f"Sources: {v.sources_count}")
    return lines


def _claim_html(v: ClaimView) -> str:
    link = _safe_link(v.link)
    title = (f'<a href="{_h(link)}">{_h(v.title)}</a>' if link else _h(v.title))
    rows = [("Kind", _h(v.label)), ("Entity", _h(v.entity)),
            ("Action", _h(v.action.replace("_", " "))), ("Subject", _h(v.subject))]
    if v.kind == "regulatory_action" and v.authority:
        rows.append(("Authority", _h(v.authority)))
    if v.kind != "regulatory_action" and v.product:
        rows.append(("Product", _h(v.product)))
    rows += [("Article", f"{title} ({_h(v.day)})"), ("Sources", _h(v.sources_count))]
    if v.link and not link:
        rows.append(("File", _h(v.link)))
    table = "".join(f"<tr><th align=\"left\">{k}</th><td>{val}</td></tr>" for k, val in rows)
    return (f"<p><strong>{_h(v.label)}: {_h(v.headline)}</strong></p>"
            f"<blockquote>{_h(v.evidence)}</blockquote><table>{table}</table>")


def _claim_markdown(v: ClaimView) -> str:
    link = _safe_link(v.link)
    title = f"[{_md_escape(v.title)}]({link})" if link else _md_escape(v.title)
    lines = [f"**{_md_escape(v.label)}: {_md_escape(v.headline)}**"]
    if v.detail:
        lines.append(_md_escape(v.detail))
    lines += [f"> {_md_escape(v.evidence)}", f"{title} ({v.day}) \u00b7 sources: {v.sources_count}"]
    return "\n".join(lines)


def _claim_mrkdwn(v: ClaimView) -> str:
    link = _safe_link(v.link)
    title = (f"<{link}|{_slack_escape(v.title)}>" if link else _slack_escape(v.title))
    lines = [f"*{_slack_escape(v.label)}: {_slack_escape(v.headline)}*"]
    if v.detail:
        lines.append(_slack_escape(v.detail))
    lines += [f">{_slack_escape(v.evidence)}",
              f"{title} ({v.day}) \u00b7 sources: {v.sources_count}"]
    return "\n".join(lines)


def render_claim(v: ClaimView) -> Message:
    """One new claim: kind, entity, action, subject, authority or product, evidence, article
    title, date and link, and how many sources carry it."""
    title = f"newswatch: {v.label.lower()}: {v.headline}"
    mrkdwn = _claim_mrkdwn(v)
    return Message(
        title=title, text="\n".join(_claim_lines(v)), html=_claim_html(v),
        markdown=_claim_markdown(v),
        slack={"text": f"{v.label}: {v.headline}",
               "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}]},
        data={"type": "claim", "claims": [v.data()]},
    )


# ---------------------------------------------------------------- digest


def render_digest(views: Sequence[ClaimView], channel: str, period_end: datetime) -> Message:
    """One message listing every new claim of a digest period, oldest first."""
    n = len(views)
    noun = "claim" if n == 1 else "claims"
    title = f"newswatch digest: {n} new {noun} (to {period_end:%Y-%m-%d %H:%M} UTC)"
    text_parts, html_items, md_items, slack_items = [], [], [], []
    for i, v in enumerate(views, 1):
        text_parts.append(f"{i}. " + "\n   ".join(_claim_lines(v)))
        html_items.append(f"<li>{_claim_html(v)}</li>")
        md_items.append(f"{i}. " + _claim_markdown(v).replace("\n", "\n   "))
        slack_items.append(_claim_mrkdwn(v))
    # Slack caps a section at 3,000 characters and a message at 50 blocks.
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}]
    for item in slack_items[:48]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": item[:2900]}})
    if n > 48:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"\u2026and {n - 48} more"}]})
    return Message(
        title=title, text="\n\n".join(text_parts), html=f"<ol>{''.join(html_items)}</ol>",
        markdown="\n\n".join(md_items), slack={"text": title, "blocks": blocks},
        data={"type": "digest", "channel": channel, "period_end": period_end.isoformat(),
              "claims": [v.data() for v in views]},
    )


# ---------------------------------------------------------------- health and test


def render_health(payload: Mapping[str, Any]) -> Message:
    """A source changed health (e.g. unhealthy after repeated failures, or recovered)."""
    source = str(payload.get("source", "?"))
    state = str(payload.get("state", "?"))
    message = str(payload.get("message", ""))
    at = str(payload.get("at", ""))
    title = f"newswatch: source {source} is {state}"
    text = f"Source {source} is {state}.\n{message}\nSince: {at}".strip()
    return Message(
        title=title, text=text,
        html=(f"<p><strong>Source {_h(source)} is {_h(state)}</strong></p>"
              f"<p>{_h(message)}</p><p>Since: {_h(at)}</p>"),
        markdown=f"**Source {_md_escape(source)} is {_md_escape(state)}**\n{_md_escape(message)}",
        slack={"text": title, "blocks": [{"type": "section", "text": {
            "type": "mrkdwn",
            "text": f"*Source {_slack_escape(source)} is {_slack_escape(state)}*\n"
                    f"{_slack_escape(message)}"}}]},
        data={"type": "health", "source": source, "state": state, "message": message, "at": at},
    )


def render_test(channel: str, now: datetime) -> Message:
    title = f"newswatch: test message for channel {channel}"
    text = f"This is a test from newswatch, sent {now:%Y-%m-%d %H:%M:%S} UTC."
    return Message(title=title, text=text, html=f"<p>{_h(text)}</p>", markdown=text,
                   slack={"text": f"{title}. {text}"},
                   data={"type": "test", "channel": channel, "at": now.isoformat()})
