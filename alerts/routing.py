"""Which channel gets which alert: the one place routing rules are decided."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from newswatch.settings import AlertConfig


class Routable(Protocol):
    kind: str
    entity: str
    confidence: float


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def matches(channel: AlertConfig, claim: Routable) -> bool:
    """True when the channel's kinds, entities and confidence floor all admit the claim."""
    if claim.kind not in channel.kinds:
        return False
    if channel.entities and _fold(claim.entity) not in {_fold(e) for e in channel.entities}:
        return False
    return claim.confidence >= channel.min_confidence


def route(channels: Sequence[AlertConfig], claim: Routable) -> list[AlertConfig]:
    """The channels a claim goes to, in configuration order."""
    return [c for c in channels if matches(c, claim)]
