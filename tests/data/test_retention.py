"""Retention purge: old text goes, a second run touches nothing, and the scan uses the created_at index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from data import posts as post_store
from data.privacy import REMOVED_BY_RETENTION, purge_expired


def _old_post(db, n: int, days: int = 200) -> int:
    record, _ = post_store.record_post(db, face="discord", external_id=f"m{n}", text=f"an old question number {n}")
    post_store.record_reply(db, record.id, content="an answer", notices=[], passage_ids=[])
    when = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    db.execute("UPDATE posts SET created_at = ? WHERE id = ?", [when, record.id])
    return record.id


def test_a_second_purge_changes_no_row(fresh_db):
    for n in range(5):
        _old_post(fresh_db, n)
    first = purge_expired(fresh_db, timedelta(days=90))
    assert first.posts == 5
    assert {r[0] for r in fresh_db.execute("SELECT content FROM replies")} == {REMOVED_BY_RETENTION}
    before = fresh_db.conn.total_changes
    second = purge_expired(fresh_db, timedelta(days=90))
    assert second.posts == 0
    assert fresh_db.conn.total_changes == before, "the purge rewrote rows it had already purged"


def test_the_purge_finds_old_posts_through_an_index(fresh_db):
    plan = fresh_db.execute("EXPLAIN QUERY PLAN SELECT id FROM posts WHERE created_at < ? AND text IS NOT NULL",
                            ["2020-01-01"]).fetchall()
    assert any("idx_posts_created_at" in str(row) for row in plan), plan


def test_purge_reports_where_review_cases_were_shown(fresh_db):
    from data import review

    post_id = _old_post(fresh_db, 1)
    item = review.enqueue(fresh_db, post_id=post_id, reasons=["low_confidence"], priority=10)
    review.set_external_id(fresh_db, item.id, "1/2")
    report = purge_expired(fresh_db, timedelta(days=90))
    assert report.review_messages == ["1/2"]
