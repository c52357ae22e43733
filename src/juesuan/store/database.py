"""Opening a juesuan database: SQLite by default (``juesuan.db`` in the working folder), PostgreSQL by URL.

``open_store`` brings the schema up to date with the packaged Alembic migrations on first use (under a
lock, so two processes opening a new database at once do not both create it) and returns a ``Store``.
Writers take the store's write lock for each batch: SQLite ``BEGIN IMMEDIATE``, PostgreSQL a
transaction-level advisory lock, so concurrent ingests of the same files never duplicate a report.
``Store.read_only()`` is a connection that cannot write, enforced by the database itself.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from juesuan.store.errors import DatabaseUnavailable

DEFAULT_DB = "juesuan.db"
# PostgreSQL advisory lock key of juesuan writers ("JS" 11)
_WRITE_LOCK = 0x4A53_0011
SQLITE_BUSY_SECONDS = 120
WRITER = "juesuan_writer"  # execution option marking a connection that writes


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL from what the user typed: a URL, or a SQLite file path (default ``juesuan.db``)."""
    db = db or os.environ.get("JUESUAN_DB") or DEFAULT_DB
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    return db


def _sqlite_engine(url: str, read_only: bool) -> Engine:
    path = make_url(url).database or ""
    if path in ("", ":memory:"):
        raise DatabaseUnavailable(url, "SQLite 需要一个文件 (SQLite needs a file)")

    def connect() -> sqlite3.Connection:
        if read_only:
            conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=SQLITE_BUSY_SECONDS, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
        else:
            conn = sqlite3.connect(path, timeout=SQLITE_BUSY_SECONDS, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.isolation_level = None  # transactions are begun below, so that a writer's BEGIN takes the lock
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:  # a writer takes SQLite's write lock at once, readers never
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")

    return engine


def _server_engine(url: str, read_only: bool) -> Engine:
    args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        args["connect_args"] = {"connect_timeout": 10, "application_name": "juesuan"}
        if read_only:
            args["connect_args"]["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(url, poolclass=NullPool, **args)
    if read_only and url.startswith("postgresql"):
        @event.listens_for(engine, "begin")
        def begin(conn: Connection) -> None:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    return engine


def make_engine(url: str, read_only: bool = False) -> Engine:
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url, read_only)
        return _server_engine(url, read_only)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseUnavailable(url, f"无法识别的数据库地址 (unrecognised URL): {exc}") from None


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class Store:
    url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction under the store's write lock (waits for other writers)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _WRITE_LOCK})
                yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def read_only(self) -> Iterator[Connection]:
        """A connection the database refuses to write through (SQLite mode=ro + query_only; PostgreSQL a
        read-only transaction in a session whose default is read-only)."""
        engine = make_engine(self.url, read_only=True)
        try:
            with engine.connect() as conn, conn.begin():
                yield conn
        finally:
            engine.dispose()

    def size_bytes(self) -> int:
        """The database's size on disk (SQLite file + WAL; PostgreSQL pg_database_size)."""
        if self.dialect == "sqlite":
            path = Path(make_url(self.url).database or "")
            return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        with self.reading() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None, must_exist: bool = False) -> Store:
    """Open (and on first use create or migrate) the database ``db`` (a URL or a SQLite path)."""
    url = database_url(db)
    if must_exist and url.startswith("sqlite"):
        path = make_url(url).database or ""
        if not Path(path).is_file():
            raise DatabaseUnavailable(path, "数据库文件不存在，请先 juesuan ingest (no such database: ingest first)")
    store = Store(url, make_engine(url))
    try:
        migrate(store)
    except DBAPIError as exc:
        store.dispose()
        reason = " ".join(str(exc.orig).split())[:200]
        raise DatabaseUnavailable(shown_url(url), reason) from None
    return store


def migrate(store: Store) -> None:
    """Bring the schema to the newest migration, unless it is there already."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    head = ScriptDirectory.from_config(config).get_current_head()
    with store.reading() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with store.writing() as conn:  # under the write lock: a second process waits, then finds it done
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
