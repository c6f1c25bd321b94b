from __future__ import annotations

import pytest

from data.db import open_db
from data.errors import CorruptDatabase
from data.migrations import migrations


def test_open_db_uses_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: safe in WAL mode against a crash
    assert {"posts", "passages", "review_items", "labels", "model_versions", "audit_log"} <= set(db.table_names())


def test_migrations_are_recorded_and_idempotent(tmp_path):
    db = open_db(tmp_path / "x.db")
    applied = [m.name for m in migrations.applied(db)]
    db.close()
    db = open_db(tmp_path / "x.db")
    assert [m.name for m in migrations.applied(db)] == applied
    assert not migrations.pending(db)


def test_corrupt_database_is_a_named_error_and_the_file_is_left_alone(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorruptDatabase):
        open_db(path)
    assert path.read_bytes().startswith(b"this is not sqlite")


def test_the_store_keeps_no_full_text_index_nothing_queries(fresh_db):
    """Retrieval has its own BM25 index; the FTS5 table and its triggers were dropped (the bench builds its own)."""
    names = {r[0] for r in fresh_db.execute("SELECT name FROM sqlite_master").fetchall()}
    assert not {n for n in names if "fts" in n} and not {"passages_ai", "passages_ad", "passages_au"} & names


def _read_then_write_while_another_connection_commits(path, transaction) -> list[str]:
    """Connection A reads, connection B commits a write, then A writes: what the moderation thread and the
    store thread do when a moderator clicks just as a post is recorded. Returns the errors, if any."""
    import threading

    a, b = open_db(path), open_db(path)
    a.execute("CREATE TABLE IF NOT EXISTS t (who TEXT)")
    has_read, b_wrote, errors = threading.Event(), threading.Event(), []

    def in_a() -> None:
        try:
            with transaction(a):
                a.execute("SELECT COUNT(*) FROM t").fetchone()
                has_read.set()
                # B writes now: at once if A holds no write lock (then A must cope), else only after A commits
                b_wrote.wait(2)
                a.execute("INSERT INTO t VALUES ('a')")
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(str(exc))

    thread = threading.Thread(target=in_a)
    thread.start()
    has_read.wait(5)
    try:
        b.execute("INSERT INTO t VALUES ('b')")  # waits for A's write lock (busy timeout), or commits at once
    except Exception as exc:  # noqa: BLE001
        errors.append(f"b: {exc}")
    b_wrote.set()
    thread.join(10)
    rows = sorted(r[0] for r in b.execute("SELECT who FROM t"))
    a.close(), b.close()
    return errors if errors else rows


def test_a_write_transaction_never_fails_because_another_connection_wrote_first(tmp_path):
    from data.db import write_transaction

    assert _read_then_write_while_another_connection_commits(tmp_path / "t.db", write_transaction) == ["a", "b"]
    # the failure it prevents: a deferred BEGIN reads from a snapshot and cannot write after B's commit
    deferred = _read_then_write_while_another_connection_commits(tmp_path / "u.db", lambda db: db.atomic())
    assert deferred == ["database is locked"]


def test_write_transactions_nest_and_roll_back_together(tmp_path):
    from data.db import write_transaction

    db = open_db(tmp_path / "n.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        with write_transaction(db):
            db.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("crash before the end")
    assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0 and not db.conn.in_transaction
    with write_transaction(db), write_transaction(db):
        db.execute("INSERT INTO t VALUES (3)")
    assert db.execute("SELECT x FROM t").fetchall() == [(3,)]


def test_a_lone_write_from_another_thread_waits_for_an_open_transaction_and_survives_its_rollback(tmp_path):
    """On a shared connection, a write that slipped into another thread's transaction would be rolled back
    with it; the store's lock makes it wait for the transaction to end instead."""
    import threading

    from data.audit import audit
    from data.db import write_transaction

    db = open_db(tmp_path / "x.db")
    in_transaction, lone_write_started = threading.Event(), threading.Event()

    def lone_write() -> None:
        in_transaction.wait()
        lone_write_started.set()
        audit(db, "other-thread", "test.write", "thing", "1")

    writer = threading.Thread(target=lone_write)
    writer.start()
    with pytest.raises(RuntimeError), write_transaction(db):
        audit(db, "this-thread", "test.write", "thing", "2")
        in_transaction.set()
        assert lone_write_started.wait(5)
        writer.join(0.2)
        assert writer.is_alive()  # it is waiting for the lock, not writing inside our transaction
        raise RuntimeError("roll back")
    writer.join(5)
    assert [r["actor"] for r in db["audit_log"].rows] == ["other-thread"]


def test_write_lock_refuses_a_database_the_store_did_not_open():
    from sqlite_utils import Database

    from data.db import write_lock

    with pytest.raises(TypeError, match="open_db"):
        write_lock(Database(memory=True))


def test_content_gaps_are_one_row_per_post_and_queryable(fresh_db):
    from data import posts as post_store
    from data.content_gaps import list_content_gaps, record_content_gap

    record, _ = post_store.record_post(fresh_db, face="cli", external_id="x1", text="something we have no article on")
    record_content_gap(fresh_db, record.id, 0.07)
    record_content_gap(fresh_db, record.id, 0.05)
    gaps = list_content_gaps(fresh_db)
    assert len(gaps) == 1 and gaps[0]["post_id"] == record.id and gaps[0]["top_score"] == 0.05
