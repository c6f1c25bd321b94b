"""Private follow-up threads (the ``private_thread`` personal-reply mode): opened with the member and the clinical
role, closed with a reason by a moderator or the clinical role, and removed by retention.

The life cycle, in the store: :func:`record_opened` when the bot has answered in the thread; :func:`close_followup`
with who, when and why (the audit log gets who and when, never the reason, which may hold health details); then,
once the thread's post is older than the retention period, :func:`purge_expired_followups` blanks the reason and
the thread is due for deletion on Discord (:func:`due_for_removal`), recorded with :func:`mark_removed`, or
:func:`mark_removal_failed` when Discord refused (the row stays listed until a later run succeeds). Rows are never
deleted, so counts still add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from data.audit import audit
from data.clock import now_iso
from data.db import write_transaction
from data.errors import FollowupClosed, NotFound, ReasonRequired
from data.states import FollowupState

__all__ = ["FollowupThread", "MAX_REASON", "RETENTION_ACTOR", "record_opened", "get_followup", "find_followup",
           "open_followup_for_case", "close_followup", "purge_expired_followups", "purge_followups_of_posts",
           "due_for_removal", "mark_removed", "mark_removal_failed", "removal_failures"]

#: the longest close reason kept (it is shown in one line in the thread)
MAX_REASON = 500
RETENTION_ACTOR = "triage:retention"


@dataclass(frozen=True)
class FollowupThread:
    id: int
    thread_id: str
    guild_id: str | None
    post_id: int | None
    review_item_id: int | None
    state: FollowupState
    opened_at: str
    closed_at: str | None
    closed_by: str | None
    close_reason: str | None
    #: when retention blanked the text-bearing fields (the close reason)
    purged_at: str | None
    #: when the thread was deleted on Discord (by retention, or found already gone)
    removed_at: str | None
    #: why Discord refused the last deletion (kept until one succeeds)
    removal_error: str | None

    @property
    def is_open(self) -> bool:
        return self.state is FollowupState.OPEN and self.removed_at is None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> FollowupThread:
        return cls(id=row["id"], thread_id=row["thread_id"], guild_id=row["guild_id"], post_id=row["post_id"],
                   review_item_id=row["review_item_id"], state=FollowupState(row["state"]),
                   opened_at=row["opened_at"], closed_at=row["closed_at"], closed_by=row["closed_by"],
                   close_reason=row["close_reason"], purged_at=row["purged_at"], removed_at=row["removed_at"],
                   removal_error=row["removal_error"])


def find_followup(db: Database, thread_id: str | int) -> FollowupThread | None:
    rows = list(db.query("SELECT * FROM followup_threads WHERE thread_id = ?", [str(thread_id)]))
    return FollowupThread.from_row(rows[0]) if rows else None


def get_followup(db: Database, thread_id: str | int) -> FollowupThread:
    """:raises NotFound: no follow-up thread with that id."""
    found = find_followup(db, thread_id)
    if found is None:
        raise NotFound(f"no follow-up thread {thread_id}")
    return found


def record_opened(db: Database, thread_id: str | int, *, guild_id: str | None, post_id: int,
                  review_item_id: int | None = None, actor: str = "triage:intake") -> FollowupThread:
    """Remember a follow-up thread the bot opened for a post (once: a second call returns the first record).

    Without ``review_item_id`` the post's latest review case is linked, if it has one.
    """
    with write_transaction(db):
        existing = find_followup(db, thread_id)
        if existing is not None:
            return existing
        if review_item_id is None:
            row = db.execute("SELECT id FROM review_items WHERE post_id = ? ORDER BY id DESC LIMIT 1",
                             [post_id]).fetchone()
            review_item_id = row[0] if row else None
        db.table("followup_threads").insert({
            "thread_id": str(thread_id), "guild_id": guild_id, "post_id": post_id, "review_item_id": review_item_id,
            "state": FollowupState.OPEN, "opened_at": now_iso()})
        audit(db, actor, "followup.open", "followup_thread", thread_id, post=post_id, case=review_item_id)
        return get_followup(db, thread_id)


def open_followup_for_case(db: Database, case_id: int) -> FollowupThread | None:
    """The open follow-up thread of a review case: linked to the case, or to the case's post."""
    rows = list(db.query(
        "SELECT * FROM followup_threads WHERE state = 'open' AND removed_at IS NULL AND (review_item_id = ? OR"
        " post_id = (SELECT post_id FROM review_items WHERE id = ?)) ORDER BY id DESC LIMIT 1", [case_id, case_id]))
    return FollowupThread.from_row(rows[0]) if rows else None


def close_followup(db: Database, thread_id: str | int, closed_by: str, reason: str) -> FollowupThread:
    """Close a follow-up thread with a reason: recorded with who and when (the audit log gets no reason text).

    :raises ReasonRequired: the reason is empty (or only spaces).
    :raises NotFound: the thread is not a follow-up thread.
    :raises FollowupClosed: it was closed already, or removed.
    """
    reason = " ".join(reason.split())[:MAX_REASON]
    if not reason:
        raise ReasonRequired("closing a follow-up needs a reason")
    with write_transaction(db):
        current = get_followup(db, thread_id)
        if current.removed_at is not None or current.state is not FollowupState.OPEN:
            raise FollowupClosed(current.thread_id, current.closed_by, removed=current.removed_at is not None)
        db.execute("UPDATE followup_threads SET state = ?, closed_at = ?, closed_by = ?, close_reason = ?"
                   " WHERE id = ?", [FollowupState.CLOSED, now_iso(), closed_by, reason, current.id])
        audit(db, closed_by, "followup.close", "followup_thread", current.thread_id, post=current.post_id,
              case=current.review_item_id)
        return get_followup(db, thread_id)


def _purge(db: Database, ids: list[int]) -> None:
    """Blank the text-bearing fields; a thread still open is closed by retention (it is about to be deleted)."""
    now = now_iso()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"UPDATE followup_threads SET close_reason = NULL, purged_at = ?,"
                   f" closed_at = COALESCE(closed_at, ?), closed_by = COALESCE(closed_by, ?), state = ?"
                   f" WHERE id IN ({marks})", [now, now, RETENTION_ACTOR, FollowupState.CLOSED, *chunk])


def purge_expired_followups(db: Database, cutoff: str) -> int:
    """Purge every follow-up thread whose post was made before ``cutoff`` (an ISO time; a thread whose post row is
    gone counts from its opening). Only rows not purged before are touched. Returns how many were purged; the
    threads to delete on Discord are then :func:`due_for_removal`."""
    with write_transaction(db):
        ids = [r[0] for r in db.execute(
            "SELECT f.id FROM followup_threads f LEFT JOIN posts p ON p.id = f.post_id"
            " WHERE f.purged_at IS NULL AND COALESCE(p.created_at, f.opened_at) < ?", [cutoff]).fetchall()]
        _purge(db, ids)
    return len(ids)


def purge_followups_of_posts(db: Database, post_ids: list[int]) -> int:
    """Purge the follow-up threads of these posts now (a member asked to be forgotten)."""
    ids: list[int] = []
    with write_transaction(db):
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            ids += [r[0] for r in db.execute(
                f"SELECT id FROM followup_threads WHERE purged_at IS NULL AND post_id IN ({marks})", chunk)]
        _purge(db, ids)
    return len(ids)


def due_for_removal(db: Database) -> list[str]:
    """Threads purged by retention (or forget-me) that are not yet deleted on Discord, oldest first."""
    return [r[0] for r in db.execute("SELECT thread_id FROM followup_threads WHERE purged_at IS NOT NULL AND"
                                     " removed_at IS NULL ORDER BY id").fetchall()]


def mark_removed(db: Database, thread_id: str | int, actor: str = RETENTION_ACTOR) -> None:
    """The thread is gone from Discord (deleted by retention, or found deleted). A thread still open is closed
    (by ``actor``) without a reason."""
    with write_transaction(db):
        current = find_followup(db, thread_id)
        if current is None or current.removed_at is not None:
            return
        now = now_iso()
        db.execute("UPDATE followup_threads SET removed_at = ?, removal_error = NULL, state = ?,"
                   " closed_at = COALESCE(closed_at, ?), closed_by = COALESCE(closed_by, ?) WHERE id = ?",
                   [now, FollowupState.CLOSED, now, actor, current.id])
        audit(db, actor, "followup.remove", "followup_thread", current.thread_id, post=current.post_id)


def mark_removal_failed(db: Database, thread_id: str | int, error: str) -> None:
    """Discord refused to delete the thread: keep it listed (``/triage diagnose`` reports it), retried next run."""
    db.execute("UPDATE followup_threads SET removal_error = ? WHERE thread_id = ? AND removed_at IS NULL",
               [error[:200], str(thread_id)])


def removal_failures(db: Database) -> int:
    """How many threads past retention Discord refused to delete (at the last attempt)."""
    return int(db.execute("SELECT COUNT(*) FROM followup_threads WHERE purged_at IS NOT NULL AND removed_at IS NULL"
                          " AND removal_error IS NOT NULL").fetchone()[0])
