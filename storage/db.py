"""Engines from URLs, and the schema brought up to date on first use.

SQLite gets WAL (readers never block the writer, so the CLI can list claims while a
backfill runs), foreign keys and ``synchronous=NORMAL`` (safe with WAL, and backfill speed
depends on it). PostgreSQL is used as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from newswatch.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Transactions are begun by SQLAlchemy (``_sqlite_begin``), not by pysqlite: the
    # driver's own handling begins only before INSERT/UPDATE/DELETE, so reads ran outside
    # the transaction that acted on them, and a SAVEPOINT opened before any write began a
    # transaction of its own whose RELEASE committed it: a batch's articles were committed
    # before its signatures and claims, and an error in between could not roll them back.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


#: Execution option of a read-only engine: its transactions take no write lock.
READ_ONLY = "newswatch_read_only"


def _sqlite_begin(conn: Connection) -> None:
    """Begin every transaction explicitly. Writers take the write lock at once (IMMEDIATE),
    waiting up to the busy timeout for another process to finish: a transaction that read
    first and asked for the lock later would fail outright whenever another process had
    written in between (WAL cannot upgrade a stale snapshot). Read-only engines begin
    DEFERRED, so they never wait for a writer."""
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY)
                         else "BEGIN IMMEDIATE")


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    """SQLite waiting up to 30 s for locks, with the pragmas set on every connection and
    transactions begun by SQLAlchemy."""
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and the pragmas set."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"database URL is not valid: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True)


def _alembic_config() -> Config:
    # alembic is imported where it is used: a backfill worker (which never migrates)
    # would otherwise pay ~0.2 s for it at every start.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises migrators.
_MIGRATION_LOCK = 0x6E657773_77617463


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that no other migrator can enter at the same time.

    The scheduled service starts its poll and alert runs as separate processes that may
    open a new database together; without the lock both see an empty schema and the second
    fails on CREATE TABLE. On SQLite every transaction begins IMMEDIATE (``_sqlite_begin``),
    which takes the write lock, waiting up to the busy timeout; the DDL runs inside it.
    PostgreSQL waits on a transaction-scoped advisory lock.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        yield conn


def upgrade(engine: Engine) -> bool:
    """Apply pending migrations; return True when anything was applied.

    Safe to call from several processes at once: one migrates, the others wait and then
    find the schema current.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    try:
        if current_revision(engine) == head:
            return False
        with _migration_lock(engine) as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return False
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise StorageError(f"cannot open database {engine.url.render_as_string()}: "
                           f"{exc.orig}") from exc
    log.info("database migrated to %s", head)
    return True


class Database:
    """An engine plus a session factory, migrated on first use."""

    def __init__(self, url: str, *, migrate: bool = True, read_only: bool = False) -> None:
        """``read_only``: sessions that only read (on SQLite they never take the write
        lock, so they never wait for a writer)."""
        self.url = url
        self.engine = create_db_engine(url)
        if migrate:
            upgrade(self.engine)
        bind = self.engine.execution_options(**{READ_ONLY: True}) if read_only else self.engine
        self.sessions = sessionmaker(bind, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
