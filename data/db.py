"""Opening the SQLite store: WAL, foreign keys, a busy timeout, and the schema migrated to the latest version."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from data.errors import CorruptDatabase, StoreError
from data.migrations import migrations

__all__ = ["Store", "open_db", "open_memory_db", "BUSY_TIMEOUT_MS", "write_lock", "write_transaction", "inserted_id"]

BUSY_TIMEOUT_MS = 10_000


class Store(Database):
    """A sqlite-utils ``Database`` that owns its connection's write lock.

    The bot shares one connection between its store thread, moderation and retraining threads. Every statement
    run through the store (sqlite-utils' inserts, upserts and ``atomic()`` blocks, and our own ``execute``
    calls) holds the lock, so a thread's lone write can never land inside another thread's open transaction on
    the same connection (and be rolled back with it). Reads through ``query`` stream rows and do not hold it.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.write_lock = threading.RLock()  # first: Database.__init__ already runs statements
        super().__init__(conn)

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        with self.write_lock:
            return super().execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        with self.write_lock:
            return super().executescript(sql)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        with self.write_lock, super().atomic():
            yield self

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """See :func:`write_transaction`."""
        with write_transaction(self):
            yield self


def _configure(db: Database) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    migrations.apply(db)
    return db


def open_db(path: str | Path) -> Store:
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
        db = Store(conn)
        db.enable_wal()
        # In WAL mode, NORMAL syncs the log at checkpoints instead of at every commit: a crash of the bot (or of
        # anything but the machine) loses no committed write, and a post no longer waits for two disk flushes.
        # Only a power cut or kernel crash can roll back the last few commits (SQLite's documented trade-off).
        db.execute("PRAGMA synchronous = NORMAL")
        _configure(db)
        return db
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptDatabase(f"{path} is not a usable Triage database ({exc})") from exc


def open_memory_db() -> Store:
    """An in-memory store with the full schema, for tests and scratch evaluations."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    store = Store(conn)
    _configure(store)
    return store


def inserted_id(table: Table) -> int:
    """The rowid of the row ``table`` just inserted.

    :raises StoreError: the table reports no inserted row (an insert that was ignored as a duplicate).
    """
    if table.last_pk is None:
        raise StoreError(f"no row was inserted into {table.name}")
    return int(table.last_pk)


def write_lock(db: Database) -> threading.RLock:
    """The lock that serialises writes on one shared connection (owned by the :class:`Store`).

    :raises TypeError: ``db`` was not opened with :func:`open_db` or :func:`open_memory_db`.
    """
    if not isinstance(db, Store):
        raise TypeError("open the database with data.db.open_db (a Store owns the write lock)")
    return db.write_lock


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
