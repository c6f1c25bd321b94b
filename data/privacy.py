"""Deleting what members shared: everything about one member on request, and old post text on a schedule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlite_utils import Database

from data.audit import audit
from data.clock import now, now_iso
from data.db import write_transaction
from data.followups import due_for_removal, purge_expired_followups, purge_followups_of_posts

__all__ = ["ForgetReport", "PurgeReport", "forget_member", "purge_old_text", "purge_expired",
           "review_messages_for_posts", "REMOVED_BY_RETENTION"]

REMOVED_BY_RETENTION = "[removed by retention]"


@dataclass(frozen=True)
class ForgetReport:
    posts: int
    labels: int
    #: where the member's review cases were shown (``channel/message``), so a face can remove those copies too
    review_messages: list[str] = field(default_factory=list)
    #: follow-up threads now due for deletion on Discord (the member's, and any earlier ones still waiting)
    followup_threads: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PurgeReport:
    posts: int
    review_messages: list[str] = field(default_factory=list)
    #: follow-up threads purged in the store and due for deletion on Discord (this run's and earlier refusals)
    followup_threads: list[str] = field(default_factory=list)
    #: follow-up threads this run purged
    followups: int = 0


def review_messages_for_posts(db: Database, post_ids: list[int]) -> list[str]:
    """Where review cases about these posts were shown (``channel/message`` ids), for redacting those copies."""
    out: list[str] = []
    for start in range(0, len(post_ids), 500):
        chunk = post_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        out += [r[0] for r in db.execute(
            f"SELECT external_id FROM review_items WHERE external_id IS NOT NULL AND post_id IN ({marks})",
            chunk).fetchall()]
    return out


def forget_member(db: Database, author_id: str, actor: str) -> ForgetReport:
    """Delete a member's posts (with their predictions, replies and review items) and every label of their posts.

    The next retrain no longer sees them, because training reads labels from the store.
    """
    with write_transaction(db):
        post_ids = [r[0] for r in db.execute("SELECT id FROM posts WHERE author_id = ?", [author_id]).fetchall()]
        messages = review_messages_for_posts(db, post_ids)
        purge_followups_of_posts(db, post_ids)  # the close reasons go now; the threads on Discord next
        labels = db.execute(
            "DELETE FROM labels WHERE author_id = ? OR post_id IN (SELECT id FROM posts WHERE author_id = ?)",
            [author_id, author_id],
        ).rowcount
        posts = db.execute("DELETE FROM posts WHERE author_id = ?", [author_id]).rowcount
        audit(db, actor, "member.forget", "member", author_id, posts=len(post_ids), labels=labels)
        threads = due_for_removal(db)
    return ForgetReport(posts=posts, labels=labels, review_messages=messages, followup_threads=threads)


def purge_old_text(db: Database, older_than: timedelta, actor: str = "triage:retention") -> int:
    """Blank the text of posts older than the retention period; how many posts were purged."""
    return purge_expired(db, older_than, actor).posts


def purge_expired(db: Database, older_than: timedelta, actor: str = "triage:retention") -> PurgeReport:
    """Blank the text of posts older than the retention period. Labels keep their own copy of the text only
    where a moderator labelled the post for training (that is the point of a label).

    Follow-up threads go with their post: a thread whose post is older than the retention period loses its close
    reason here and is listed for deletion on Discord (``followup_threads``, with any a face could not delete
    before).

    Only rows not purged before are touched (a run after a run changes nothing), and the scan uses the index on
    ``posts.created_at``. Returns where review cases about the purged posts were shown, to redact them too.
    """
    cutoff = (now() - older_than).isoformat()
    with write_transaction(db):
        followups = purge_expired_followups(db, cutoff)
        threads = due_for_removal(db)
        post_ids = [r[0] for r in db.execute(
            "SELECT id FROM posts WHERE created_at < ? AND text IS NOT NULL", [cutoff]).fetchall()]
        if not post_ids:
            if followups:
                audit(db, actor, "retention.purge", None, None, posts=0, followups=followups,
                      older_than_days=older_than.days)
            return PurgeReport(0, followup_threads=threads, followups=followups)
        stamp = now_iso()
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(f"UPDATE posts SET text = NULL, updated_at = ? WHERE id IN ({marks})", [stamp, *chunk])
        # replies to every old post without text (purged now, or deleted by the member), unless already removed
        db.execute("UPDATE replies SET content = ? WHERE content != ? AND post_id IN"
                   " (SELECT id FROM posts WHERE created_at < ? AND text IS NULL)",
                   [REMOVED_BY_RETENTION, REMOVED_BY_RETENTION, cutoff])
        audit(db, actor, "retention.purge", None, None, posts=len(post_ids), followups=followups,
              older_than_days=older_than.days)
        return PurgeReport(len(post_ids), review_messages_for_posts(db, post_ids), threads, followups)
