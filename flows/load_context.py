"""Settings and one database handle per process, shared by every task of a flow run.

A task costs 15-45 ms; opening the database (and checking migrations) on every task would
cost more than that, and the Dask workers are separate processes that cannot share one
engine anyway, so each process keeps its own handle keyed by the config path.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from newswatch.settings import Settings, load_settings
from storage.db import Database

log = logging.getLogger(__name__)

_lock = threading.Lock()
_contexts: dict[str | None, "Context"] = {}


@dataclass(frozen=True)
class Context:
    settings: Settings
    db: Database


def load_context(config: str | None = None, *, fresh: bool = False) -> Context:
    """The settings from ``config`` (or the usual lookup) and their database, cached.

    ``fresh`` re-reads the settings file: the long-lived serve process must see edits, but
    the tasks of one run should all see the same settings.
    """
    with _lock:
        cached = _contexts.get(config)
        if cached is not None and not fresh:
            return cached
        settings = load_settings(config)
        if cached is not None and cached.settings.database == settings.database:
            db = cached.db
        else:
            db = Database(settings.database)
        context = Context(settings, db)
        _contexts[config] = context
        return context


def forget_contexts() -> None:
    """Close every cached database (tests and benchmarks switch databases)."""
    with _lock:
        for context in _contexts.values():
            context.db.dispose()
        _contexts.clear()
