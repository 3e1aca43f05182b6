"""Data types of the claim detector: the watched subject and one detected claim.

Kept free of logic so storage and the CLI can import them without pulling in the regex
tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

VENDOR_SUPPORT = "vendor_support"
REGULATORY_ACTION = "regulatory_action"
KINDS = (VENDOR_SUPPORT, REGULATORY_ACTION)
ACTIONS = ("support", "restrict", "investigate", "lift")

# Words that do not change which organisation is meant; the same list the scorer ignores,
# so that novelty keys agree with how claims are matched.
_SUFFIXES = frozenset(
    "inc incorporated corp corporation co company ltd limited llc plc ag sa se nv group "
    "holdings holding technologies technology tech information international the".split()
)

_POSS_S = re.compile(r"'s\b")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Subject:
    """The watched model family; comes from configuration, never hard-wired."""

    name: str
    aliases: tuple[str, ...] = ()
    models: tuple[str, ...] = ()


DEFAULT_SUBJECT = Subject(
    name="DeepSeek",
    aliases=("Deepseek", "DeepSeek AI", "Hangzhou DeepSeek", "Beijing DeepSeek"),
    models=("R1", "R1-Zero", "R2", "V2", "V2.5", "V3", "V3.1", "V3.2", "Janus", "Janus-Pro",
            "VL2"),
)


@lru_cache(maxsize=4096)
def normalise_entity(name: str) -> str:
    """Fold an entity name to the words that identify it (case, accents, suffixes).

    Cached: a handful of entity names make up most claims, and every claim key folds one.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = _POSS_S.sub("", text)
    words = _ALNUM_RUN.findall(text)
    kept = [w for w in words if w not in _SUFFIXES]
    return " ".join(kept or words)


@dataclass(frozen=True)
class Claim:
    """One (kind, entity, action) statement about the subject found in one article.

    ``span`` is relative to the ``text`` passed to :func:`detect`; when the only evidence is
    the headline, ``span`` is relative to ``title`` and ``cue`` starts with ``"title:"``.
    """

    kind: str
    entity: str
    action: str
    subject: str
    authority: str | None
    product: str | None
    models: tuple[str, ...]
    evidence: str
    span: tuple[int, int]
    confidence: float
    cue: str

    def key(self) -> tuple[str, str, str, str]:
        """Novelty key: the same tuple seen again in another article is not news."""
        return (self.subject, self.kind, normalise_entity(self.entity), self.action)
