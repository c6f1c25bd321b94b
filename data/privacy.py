"""Deleting what members shared: everything about one member on request, and old post text on a schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from data.audit import audit
from data.clock import now_iso
from data.db import write_transaction

__all__ = ["ForgetReport", "forget_member", "purge_old_text"]


@dataclass(frozen=True)
class ForgetReport:
    posts: int
    labels: int


def forget_member(db: Database, author_id: str, actor: str) -> ForgetReport:
    """Delete a member's posts (with their predictions, replies and review items) and every label of their posts.

    The next retrain no longer sees them, because training reads labels from the store.
    """
    with write_transaction(db):
        post_ids = [r[0] for r in db.execute("SELECT id FROM posts WHERE author_id = ?", [author_id]).fetchall()]
        labels = db.execute(
            "DELETE FROM labels WHERE author_id = ? OR post_id IN (SELECT id FROM posts WHERE author_id = ?)",
            [author_id, author_id],
        ).rowcount
        posts = db.execute("DELETE FROM posts WHERE author_id = ?", [author_id]).rowcount
        audit(db, actor, "member.forget", "member", author_id, posts=len(post_ids), labels=labels)
    return ForgetReport(posts=posts, labels=labels)


def purge_old_text(db: Database, older_than: timedelta, actor: str = "triage:retention") -> int:
    """Blank the text of posts older than the retention period. Labels keep their own copy of the text only
    where a moderator labelled the post for training (that is the point of a label)."""
    cutoff = (datetime.now(UTC) - older_than).isoformat()
    with write_transaction(db):
        count = db.execute(
            "UPDATE posts SET text = NULL, updated_at = ? WHERE text IS NOT NULL AND created_at < ?",
            [now_iso(), cutoff],
        ).rowcount
        db.execute(
            "UPDATE replies SET content = '[removed by retention]' WHERE post_id IN"
            " (SELECT id FROM posts WHERE text IS NULL AND created_at < ?)",
            [cutoff],
        )
        if count:
            audit(db, actor, "retention.purge", None, None, posts=count, older_than_days=older_than.days)
    return count
