"""Opening the SQLite store: WAL, foreign keys, a busy timeout, and the schema migrated to the latest version."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database

from data.errors import CorruptDatabase
from data.migrations import migrations

__all__ = ["open_db", "open_memory_db", "BUSY_TIMEOUT_MS", "write_lock"]

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
    every multi-statement write is an explicit ``db.atomic()`` transaction. (Python's legacy mode would leave a
    lone UPDATE's implicit transaction open, and the next ``atomic()`` would fail to BEGIN.) Callers serialise
    writes on one connection with :func:`write_lock`.

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
