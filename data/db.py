"""Opening the SQLite store: WAL, foreign keys, a busy timeout, and the schema migrated to the latest version."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from data.errors import CorruptDatabase
from data.migrations import migrations

__all__ = ["open_db", "open_memory_db", "BUSY_TIMEOUT_MS", "write_lock", "write_transaction"]

BUSY_TIMEOUT_MS = 10_000

_write_locks: dict[int, threading.RLock] = {}
_locks_guard = threading.Lock()


def _configure(db: Database) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    migrations.apply(db)
    return db


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the Triage database at ``path`` and bring its schema up to date.

    The connection is in autocommit mode (``isolation_level=None``): a lone statement commits at once, and
    every multi-statement write is an explicit :func:`write_transaction`. (Python's legacy mode would leave a
    lone UPDATE's implicit transaction open, and the next ``atomic()`` would fail to BEGIN.) Callers serialise
    writes on one connection with :func:`write_lock` (which :func:`write_transaction` takes).

    :raises CorruptDatabase: the file exists but is not a SQLite database.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None)
    try:
        db = Database(conn)
        db.enable_wal()
        return _configure(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptDatabase(f"{path} is not a usable Triage database ({exc})") from exc


def open_memory_db() -> Database:
    """An in-memory store with the full schema, for tests and scratch evaluations."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    return _configure(Database(conn))


def write_lock(db: Database) -> threading.RLock:
    """The lock that serialises writes on one shared connection."""
    key = id(db.conn)
    with _locks_guard:
        lock = _write_locks.get(key)
        if lock is None:
            lock = _write_locks[key] = threading.RLock()
        return lock


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction that reads and then writes, safe against the bot's other connections.

    It begins with ``BEGIN IMMEDIATE``, taking SQLite's write lock up front (waiting up to the busy timeout for
    another connection's write to finish). A plain ``BEGIN`` would read from a snapshot and fail at its first
    write, at once and without waiting, with "database is locked", whenever another connection (moderation,
    retraining) had committed in between. Nested use becomes a savepoint; the thread lock of :func:`write_lock`
    keeps threads sharing this connection from interleaving.
    """
    with write_lock(db):
        if db.conn.in_transaction:
            with db.atomic():  # a savepoint inside the outer transaction
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:  # (an error may already have rolled it back; a failed COMMIT has not)
                db.conn.execute("ROLLBACK")
            raise
