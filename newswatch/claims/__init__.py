"""Claim detection: vendor support for, and regulatory action on, a watched model family.

Side-effect free: ``detect(text, subjects, title)`` returns :class:`Claim` objects and
touches nothing else.  See ``detect.py`` for how a claim is recognised.

Span rule: ``Claim.span`` indexes the ``text`` passed to ``detect``.  The headline is read as
one more sentence; when a (kind, entity, action) tuple is supported only by the headline,
its span indexes ``title`` instead and its ``cue`` starts with ``"title:"``.  Body evidence
is always preferred.
"""

from newswatch.claims.detect import detect
from newswatch.claims.model import (DEFAULT_SUBJECT, KINDS, REGULATORY_ACTION, VENDOR_SUPPORT,
                                    Claim, Subject, normalise_entity)

__all__ = ["Claim", "DEFAULT_SUBJECT", "KINDS", "REGULATORY_ACTION", "Subject",
           "VENDOR_SUPPORT", "detect", "normalise_entity"]
