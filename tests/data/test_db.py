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


def test_passages_fts_is_kept_in_sync(fresh_db):
    fresh_db["articles"].insert({"slug": "a", "title": "A", "sha256": "x", "imported_at": "now"})
    fresh_db["passages"].insert({"article_id": 1, "title": "A", "section": "Causes", "position": 0,
                                 "text": "Disuse causes muscles to waste away"})
    hits = list(fresh_db["passages"].search("wasting", quote=True))
    assert hits and hits[0]["section"] == "Causes"
