"""The one exceptions module.

Every error newswatch raises on purpose derives from :class:`NewswatchError`, so callers
(flows, the CLI) can apply one error policy: ``raise`` in tests, ``catch`` in flows, where the
item is recorded as failed and the run goes on with the next one.
"""

from __future__ import annotations


class NewswatchError(Exception):
    """Base class: a problem with one item (a file, a feed, a page, a setting)."""


class ConfigError(NewswatchError):
    """A configuration file or variable is invalid; the message names the key's path."""


class ArticleFormatError(NewswatchError):
    """A file or document cannot be read as an article; the message names the item and why."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class StorageError(NewswatchError):
    """The database cannot be opened or migrated."""


class ExtractionError(NewswatchError):
    """An HTML page has no extractable article text."""


class ServiceError(NewswatchError):
    """The scheduled service cannot start (e.g. the local Prefect server never became healthy)."""
