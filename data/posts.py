"""Posts, their predictions and the replies sent to them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from data.clock import now_iso, sha256_text
from data.db import inserted_id
from data.errors import NotFound
from data.states import PostStatus, ReplyStatus

__all__ = [
    "PostRecord",
    "record_post",
    "get_post",
    "find_post",
    "set_post_status",
    "record_prediction",
    "record_reply",
    "set_reply_status",
    "latest_reply",
    "latest_prediction",
    "mark_post_deleted",
    "unanswered_posts",
    "unsent_replies",
    "update_post_text",
    "delivered_reply",
    "last_seen_message",
    "posts_in_thread",
]


@dataclass(frozen=True)
class PostRecord:
    id: int
    face: str
    external_id: str
    text: str | None
    author_id: str | None
    channel_id: str | None
    guild_id: str | None
    thread_id: str | None
    status: str
    created_at: str
    personal_data: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PostRecord:
        return cls(
            id=row["id"],
            face=row["face"],
            external_id=row["external_id"],
            text=row["text"],
            author_id=row["author_id"],
            channel_id=row["channel_id"],
            guild_id=row["guild_id"],
            thread_id=row["thread_id"],
            status=row["status"],
            created_at=row["created_at"],
            personal_data=json.loads(row["personal_data"] or "[]"),
        )


def record_post(
    db: Database,
    *,
    face: str,
    external_id: str,
    text: str,
    author_id: str | None = None,
    channel_id: str | None = None,
    guild_id: str | None = None,
    thread_id: str | None = None,
    personal_data: list[str] | None = None,
) -> tuple[PostRecord, bool]:
    """Insert a post, or return the existing one when the same (face, external id) arrives again.

    Returns the record and ``True`` when it was new. Recording happens before any reply is tried, so a crash
    afterwards leaves a ``received`` post to recover.
    """
    existing = find_post(db, face, external_id)
    if existing is not None:
        return existing, False
    now = now_iso()
    table = db.table("posts").insert(
        {
            "face": face,
            "external_id": external_id,
            "guild_id": guild_id,
            "channel_id": channel_id,
            "thread_id": thread_id,
            "author_id": author_id,
            "text": text,
            "text_sha256": sha256_text(text),
            "personal_data": json.dumps(sorted(set(personal_data or []))),
            "status": PostStatus.RECEIVED,
            "created_at": now,
            "updated_at": now,
        }
    )
    return get_post(db, inserted_id(table)), True


def get_post(db: Database, post_id: int) -> PostRecord:
    rows = list(db.query("SELECT * FROM posts WHERE id = ?", [post_id]))
    if not rows:
        raise NotFound(f"post {post_id} does not exist")
    return PostRecord.from_row(rows[0])


def find_post(db: Database, face: str, external_id: str) -> PostRecord | None:
    rows = list(db.query("SELECT * FROM posts WHERE face = ? AND external_id = ?", [face, external_id]))
    return PostRecord.from_row(rows[0]) if rows else None


def set_post_status(db: Database, post_id: int, status: PostStatus | str) -> None:
    db.execute("UPDATE posts SET status = ?, updated_at = ? WHERE id = ?", [status, now_iso(), post_id])


def update_post_text(db: Database, post_id: int, text: str, personal_data: list[str]) -> None:
    db.execute(
        "UPDATE posts SET text = ?, text_sha256 = ?, personal_data = ?, updated_at = ? WHERE id = ?",
        [text, sha256_text(text), json.dumps(sorted(set(personal_data))), now_iso(), post_id],
    )


def mark_post_deleted(db: Database, post_id: int) -> None:
    """A member deleted the post: drop its text, keep the ids so the history still adds up."""
    now = now_iso()
    db.execute(
        "UPDATE posts SET text = NULL, status = 'deleted', deleted_at = ?, updated_at = ? WHERE id = ?",
        [now, now, post_id],
    )


def record_prediction(
    db: Database,
    post_id: int,
    *,
    model_version: str,
    label: str,
    confidence: float,
    probabilities: dict[str, float],
    red_flags: list[str],
) -> int:
    table = db.table("predictions").insert(
        {
            "post_id": post_id,
            "model_version": model_version,
            "label": label,
            "confidence": float(confidence),
            "probabilities": json.dumps(probabilities, sort_keys=True),
            "red_flags": json.dumps(red_flags),
            "created_at": now_iso(),
        }
    )
    return inserted_id(table)


def latest_prediction(db: Database, post_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM predictions WHERE post_id = ? ORDER BY id DESC LIMIT 1", [post_id]))
    return rows[0] if rows else None


def record_reply(db: Database, post_id: int, *, content: str, notices: list[str], passage_ids: list[int]) -> int:
    now = now_iso()
    table = db.table("replies").insert(
        {
            "post_id": post_id,
            "content": content,
            "notices": json.dumps(notices),
            "passage_ids": json.dumps(passage_ids),
            "status": ReplyStatus.COMPOSED,
            "created_at": now,
            "updated_at": now,
        }
    )
    return inserted_id(table)


def set_reply_status(
    db: Database, reply_id: int, status: ReplyStatus | str, *, external_id: str | None = None, content: str | None = None
) -> None:
    sets = ["status = ?", "updated_at = ?"]
    args: list[Any] = [status, now_iso()]
    if external_id is not None:
        sets.append("external_id = ?")
        args.append(external_id)
    if content is not None:
        sets.append("content = ?")
        args.append(content)
    args.append(reply_id)
    db.execute(f"UPDATE replies SET {', '.join(sets)} WHERE id = ?", args)


def latest_reply(db: Database, post_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM replies WHERE post_id = ? ORDER BY id DESC LIMIT 1", [post_id]))
    return rows[0] if rows else None


def unanswered_posts(db: Database, face: str | None = None) -> list[PostRecord]:
    """Posts recorded but never carried through the pipeline (a crash or restart in between)."""
    sql = "SELECT * FROM posts WHERE status = 'received'"
    args: list[Any] = []
    if face:
        sql += " AND face = ?"
        args.append(face)
    return [PostRecord.from_row(r) for r in db.query(sql + " ORDER BY id", args)]


def unsent_replies(db: Database, face: str) -> list[tuple[PostRecord, dict[str, Any]]]:
    """Replies composed for a face but never delivered (a crash or failed send), with their posts, oldest first."""
    rows = list(db.query(
        "SELECT r.id AS reply_id FROM replies r JOIN posts p ON p.id = r.post_id"
        " WHERE r.status = 'composed' AND p.face = ? AND p.status = 'answered' AND r.id = ("
        "   SELECT MAX(id) FROM replies WHERE post_id = p.id) ORDER BY r.id", [face]))
    out = []
    for row in rows:
        reply = next(db.query("SELECT * FROM replies WHERE id = ?", [row["reply_id"]]))
        out.append((get_post(db, reply["post_id"]), reply))
    return out


def delivered_reply(db: Database, post_id: int) -> dict[str, Any] | None:
    """The newest reply to a post that reached the member (it has a Discord/face message id)."""
    rows = list(db.query(
        "SELECT * FROM replies WHERE post_id = ? AND external_id IS NOT NULL AND status IN ('sent', 'edited')"
        " ORDER BY id DESC LIMIT 1", [post_id]))
    return rows[0] if rows else None


def last_seen_message(db: Database, face: str, channel_id: str | None = None) -> int | None:
    """The newest message id recorded for a face (in one channel, when given): where a catch-up starts."""
    sql = "SELECT MAX(CAST(external_id AS INTEGER)) FROM posts WHERE face = ? AND external_id GLOB '[0-9]*'"
    args: list[Any] = [face]
    if channel_id is not None:
        sql += " AND channel_id = ?"
        args.append(channel_id)
    value = db.execute(sql, args).fetchone()[0]
    return None if value is None else int(value)


def posts_in_thread(db: Database, face: str, thread_id: str) -> list[int]:
    """Posts made in a thread (a forum post's starter has the thread's id as its own)."""
    return [r[0] for r in db.execute(
        "SELECT id FROM posts WHERE face = ? AND (thread_id = ? OR channel_id = ? OR external_id = ?)",
        [face, thread_id, thread_id, thread_id]).fetchall()]
