"""Database plumbing: the declarative base, aware UTC timestamps and SQLite discipline.

SQLite is the embedded default and several worker processes may write to it at once. Its
defaults are not fit for that, so every connection is set up here (docs/design.md §10):

* WAL journal, so readers never block the writer;
* foreign keys enforced;
* a busy timeout, so a writer waits for the lock instead of failing at once;
* pysqlite's own transaction handling switched off, so that we choose how a transaction begins.
  Reads begin DEFERRED; :func:`write_transaction` begins IMMEDIATE, taking the write lock up
  front. A deferred transaction that later upgrades to a write fails at once with "database is
  locked" when another process holds the lock, whatever the timeout: this is why writes must say
  so before they start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, scoped_session
from sqlalchemy.types import TypeDecorator

from charter.sealing import seal, unseal

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Execution option that makes the next transaction on a connection begin IMMEDIATE (SQLite).
BEGIN_IMMEDIATE = "charter_begin_immediate"


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (the callable default of timestamps)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    PostgreSQL keeps the zone (``timestamptz``); SQLite keeps naive text, to which the zone is
    re-attached on the way out. Naive values are refused on the way in: they are bugs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class SealedString(TypeDecorator[str]):
    """Text encrypted at rest with a key from the configuration (charter.sealing): the code
    reads and writes plain text, the database only ever holds the sealed form."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else seal(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else unseal(value)


class Base(DeclarativeBase):
    """Declarative base of every model; carries the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def configure_engine_events(busy_timeout_ms: int) -> None:
    """Install the SQLite connection and transaction hooks on every engine (idempotent)."""
    global _busy_timeout_ms
    _busy_timeout_ms = busy_timeout_ms
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)


_busy_timeout_ms = 15_000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # None: pysqlite issues no BEGIN of its own; _on_begin does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(_busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # WAL does not apply to in-memory databases; asking is harmless there.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    if connection.dialect.name != "sqlite":
        return
    immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(session: Any) -> Iterator[Any]:
    """Run the block in a write transaction, committed at the end, rolled back on error.

    Services call this around every change they make. Any read transaction the request had open
    is ended first (it holds no changes: a pending change here is a bug and raises), so that the
    write transaction starts fresh with the write lock on SQLite and sees the latest data.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("write_transaction() entered with unflushed changes in the session")
    if session.info.get(_IN_WRITE):
        raise RuntimeError("write_transaction() entered inside another write transaction")
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={BEGIN_IMMEDIATE: True})
    session.info[_IN_WRITE] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        session.info.pop(_AFTER_COMMIT, None)
        raise
    finally:
        session.info.pop(_IN_WRITE, None)
    for callback in session.info.pop(_AFTER_COMMIT, ()):
        callback()


_IN_WRITE = "charter.in_write_transaction"
_AFTER_COMMIT = "charter.after_commit"


def in_write_transaction(session: Any) -> bool:
    """Whether ``session`` is inside :func:`write_transaction` (its changes are not committed)."""
    if isinstance(session, scoped_session):
        session = session()
    return bool(session.info.get(_IN_WRITE))


def after_commit(session: Any, callback: Callable[[], object]) -> None:
    """Run ``callback`` once the current :func:`write_transaction` has committed; never if it
    rolls back. The outbox uses it to deliver a mail only after its change is durable."""
    if isinstance(session, scoped_session):
        session = session()
    if not session.info.get(_IN_WRITE):
        raise RuntimeError("after_commit() called outside write_transaction()")
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def end_read_transaction(session: Any) -> None:
    """Close the read transaction a request may hold, before slow work (rendering a PDF).

    Nothing may be pending: like :func:`write_transaction`, this is for sessions that only read.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("end_read_transaction() called with unflushed changes in the session")
    if session.in_transaction():
        session.commit()
