"""The moderators' review queue: items, claims, decisions with a version check, and each item's history."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any, TypeVar

from sqlite_utils import Database

from data.clock import now, now_iso
from data.db import inserted_id, write_lock
from data.errors import AlreadyHandled, NotFound
from data.states import ReviewStatus

__all__ = [
    "Priority",
    "ReviewItem",
    "ReviewFilter",
    "enqueue",
    "get_item",
    "list_items",
    "claim",
    "release",
    "resolve",
    "escalate",
    "add_event",
    "history",
    "open_item_for_post",
    "stale_items",
    "mark_reminded",
    "unacknowledged_emergencies",
    "set_external_id",
    "item_for_external_id",
    "CLAIM_TTL",
]

CLAIM_TTL = timedelta(minutes=15)

_F = TypeVar("_F", bound=Callable[..., Any])


def _serialised(func: _F) -> _F:
    """Read-check-write steps on one shared connection must not interleave between threads."""

    @functools.wraps(func)
    def wrapper(db: Database, *args: Any, **kwargs: Any) -> Any:
        with write_lock(db):
            return func(db, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Priority(IntEnum):
    """Higher is more urgent; the queue is worked highest first, then oldest first."""

    EMERGENCY = 100
    URGENT_CARE = 80
    POSSIBLE_EMERGENCY = 70
    REPORTED = 60
    #: a post in another language: the bot could not read it, so it may be anything, a personal problem included
    OTHER_LANGUAGE = 50
    PERSONAL = 40
    LOW_CONFIDENCE = 30
    CLOSE_CALL = 20
    LABEL_CHECK = 10
    #: a confidently handled post drawn at random so live precision is not measured on uncertain posts only
    AUDIT = 0


@dataclass(frozen=True)
class ReviewItem:
    id: int
    post_id: int
    reply_id: int | None
    kind: str
    reasons: list[str]
    priority: int
    status: str
    label: str | None
    confidence: float | None
    model_version: str | None
    route: str | None
    reporter_id: str | None
    claimed_by: str | None
    claimed_at: str | None
    resolved_by: str | None
    resolved_at: str | None
    decision: dict[str, Any] | None
    version: int
    external_id: str | None
    created_at: str
    updated_at: str
    post_text: str | None = None
    author_id: str | None = None
    reply_content: str | None = None
    personal_data: list[str] = field(default_factory=list)
    #: where the post lives on its face (for a link to it): face, guild, channel and message ids
    post_face: str | None = None
    post_guild_id: str | None = None
    post_channel_id: str | None = None
    post_external_id: str | None = None

    @property
    def case(self) -> str:
        return f"#{self.id}"

    @property
    def claim_active(self) -> bool:
        """Held by a moderator now (a claim older than :data:`CLAIM_TTL` no longer holds the case)."""
        return self.status == ReviewStatus.CLAIMED and self.claimed_by is not None and not _claim_expired(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReviewItem:
        return cls(
            id=row["id"],
            post_id=row["post_id"],
            reply_id=row["reply_id"],
            kind=row["kind"],
            reasons=json.loads(row["reasons"] or "[]"),
            priority=row["priority"],
            status=row["status"],
            label=row["label"],
            confidence=row["confidence"],
            model_version=row["model_version"],
            route=row["route"],
            reporter_id=row["reporter_id"],
            claimed_by=row["claimed_by"],
            claimed_at=row["claimed_at"],
            resolved_by=row["resolved_by"],
            resolved_at=row["resolved_at"],
            decision=json.loads(row["decision"]) if row["decision"] else None,
            version=row["version"],
            external_id=row["external_id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            post_text=row.get("post_text"),
            author_id=row.get("author_id"),
            reply_content=row.get("reply_content"),
            personal_data=json.loads(row.get("personal_data") or "[]"),
            post_face=row.get("post_face"),
            post_guild_id=row.get("post_guild_id"),
            post_channel_id=row.get("post_channel_id"),
            post_external_id=row.get("post_external_id"),
        )


_SELECT = """
SELECT r.*, p.text AS post_text, p.author_id AS author_id, p.personal_data AS personal_data,
       rp.content AS reply_content, p.face AS post_face, p.guild_id AS post_guild_id,
       p.channel_id AS post_channel_id, p.external_id AS post_external_id
FROM review_items r
JOIN posts p ON p.id = r.post_id
LEFT JOIN replies rp ON rp.id = r.reply_id
"""


@dataclass
class ReviewFilter:
    """Filters for listing the queue; every field is optional."""

    status: list[str] | None = None  # default: pending and claimed
    label: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    reporter_id: str | None = None
    moderator_id: str | None = None
    model_version: str | None = None
    since: str | None = None
    until: str | None = None
    route: str | None = None
    kind: str | None = None
    limit: int = 100

    def sql(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        statuses = self.status or [ReviewStatus.PENDING, ReviewStatus.CLAIMED]
        where.append(f"r.status IN ({', '.join('?' for _ in statuses)})")
        args.extend(statuses)
        for column, value in (
            ("r.label", self.label),
            ("r.reporter_id", self.reporter_id),
            ("r.model_version", self.model_version),
            ("r.route", self.route),
            ("r.kind", self.kind),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if self.moderator_id is not None:
            where.append("(r.claimed_by = ? OR r.resolved_by = ?)")
            args.extend([self.moderator_id, self.moderator_id])
        if self.min_confidence is not None:
            where.append("r.confidence >= ?")
            args.append(self.min_confidence)
        if self.max_confidence is not None:
            where.append("r.confidence < ?")
            args.append(self.max_confidence)
        if self.since is not None:
            where.append("r.created_at >= ?")
            args.append(self.since)
        if self.until is not None:
            where.append("r.created_at < ?")
            args.append(self.until)
        return " WHERE " + " AND ".join(where), args


@_serialised
def enqueue(
    db: Database,
    *,
    post_id: int,
    reasons: list[str],
    priority: int,
    reply_id: int | None = None,
    label: str | None = None,
    confidence: float | None = None,
    model_version: str | None = None,
    route: str | None = None,
    kind: str = "post",
    reporter_id: str | None = None,
    actor: str = "triage",
) -> ReviewItem:
    """Queue a post for moderators. An open item of the same kind for the post absorbs the new reasons instead."""
    existing = open_item_for_post(db, post_id, kind=kind)
    now = now_iso()
    if existing is not None:
        merged = sorted(set(existing.reasons) | set(reasons))
        db.execute(
            "UPDATE review_items SET reasons = ?, priority = MAX(priority, ?), reply_id = COALESCE(?, reply_id),"
            " reporter_id = COALESCE(reporter_id, ?), updated_at = ?, version = version + 1 WHERE id = ?",
            [json.dumps(merged), priority, reply_id, reporter_id, now, existing.id],
        )
        add_event(db, existing.id, actor, "requeued", reasons=reasons)
        return get_item(db, existing.id)
    table = db.table("review_items").insert(
        {
            "post_id": post_id,
            "reply_id": reply_id,
            "kind": kind,
            "reasons": json.dumps(sorted(set(reasons))),
            "priority": priority,
            "status": ReviewStatus.PENDING,
            "label": label,
            "confidence": confidence,
            "model_version": model_version,
            "route": route,
            "reporter_id": reporter_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
    )
    item_id = inserted_id(table)
    add_event(db, item_id, actor, "queued", reasons=reasons, priority=priority)
    return get_item(db, item_id)


def get_item(db: Database, item_id: int) -> ReviewItem:
    rows = list(db.query(_SELECT + " WHERE r.id = ?", [item_id]))
    if not rows:
        raise NotFound(f"case #{item_id} does not exist")
    return ReviewItem.from_row(rows[0])


def open_item_for_post(db: Database, post_id: int, kind: str | None = None) -> ReviewItem | None:
    sql = _SELECT + " WHERE r.post_id = ? AND r.status != 'resolved'"
    args: list[Any] = [post_id]
    if kind is not None:
        sql += " AND r.kind = ?"
        args.append(kind)
    rows = list(db.query(sql + " ORDER BY r.id DESC LIMIT 1", args))
    return ReviewItem.from_row(rows[0]) if rows else None


def list_items(db: Database, flt: ReviewFilter | None = None) -> list[ReviewItem]:
    flt = flt or ReviewFilter()
    where, args = flt.sql()
    sql = _SELECT + where + " ORDER BY r.priority DESC, r.created_at ASC, r.id ASC LIMIT ?"
    return [ReviewItem.from_row(r) for r in db.query(sql, [*args, flt.limit])]


def add_event(db: Database, item_id: int, actor: str, action: str, detail: dict[str, Any] | None = None,
              **more: Any) -> None:
    db.table("review_events").insert(
        {
            "review_item_id": item_id,
            "actor": actor,
            "action": action,
            "detail": json.dumps({**(detail or {}), **more}, sort_keys=True, default=str),
            "at": now_iso(),
        }
    )


def history(db: Database, item_id: int) -> list[dict[str, Any]]:
    return [
        {**r, "detail": json.loads(r["detail"])}
        for r in db.query("SELECT * FROM review_events WHERE review_item_id = ? ORDER BY id", [item_id])
    ]


def _claim_expired(item: ReviewItem) -> bool:
    if item.claimed_at is None:
        return True
    claimed = datetime.fromisoformat(item.claimed_at)
    return now() - claimed > CLAIM_TTL


def _check_open(item: ReviewItem, actor: str, expected_version: int | None) -> None:
    if item.status == ReviewStatus.RESOLVED:
        raise AlreadyHandled(item.id, item.resolved_by, "resolved")
    if item.status == ReviewStatus.CLAIMED and item.claimed_by != actor and not _claim_expired(item):
        raise AlreadyHandled(item.id, item.claimed_by, "claimed")
    if expected_version is not None and item.version != expected_version:
        raise AlreadyHandled(item.id, item.claimed_by or item.resolved_by, "changed")


@_serialised
def claim(db: Database, item_id: int, actor: str, expected_version: int | None = None) -> ReviewItem:
    """Hold an item while deciding. A claim by someone else (younger than ``CLAIM_TTL``) blocks the claim."""
    item = get_item(db, item_id)
    _check_open(item, actor, expected_version)
    now = now_iso()
    cur = db.execute(
        "UPDATE review_items SET status = 'claimed', claimed_by = ?, claimed_at = ?, updated_at = ?,"
        " version = version + 1 WHERE id = ? AND version = ?",
        [actor, now, now, item_id, item.version],
    )
    if cur.rowcount != 1:
        fresh = get_item(db, item_id)
        raise AlreadyHandled(item_id, fresh.claimed_by or fresh.resolved_by, fresh.status)
    add_event(db, item_id, actor, "claimed")
    return get_item(db, item_id)


@_serialised
def release(db: Database, item_id: int, actor: str) -> ReviewItem:
    item = get_item(db, item_id)
    if item.status != ReviewStatus.CLAIMED or item.claimed_by != actor:
        return item
    db.execute(
        "UPDATE review_items SET status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = ?,"
        " version = version + 1 WHERE id = ?",
        [now_iso(), item_id],
    )
    add_event(db, item_id, actor, "released")
    return get_item(db, item_id)


@_serialised
def resolve(
    db: Database, item_id: int, actor: str, decision: dict[str, Any], expected_version: int | None = None
) -> ReviewItem:
    """Close an item with a decision. The compare-and-set on ``version`` makes a concurrent second decision fail."""
    item = get_item(db, item_id)
    _check_open(item, actor, expected_version)
    now = now_iso()
    cur = db.execute(
        "UPDATE review_items SET status = 'resolved', resolved_by = ?, resolved_at = ?, decision = ?,"
        " updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status != 'resolved'",
        [actor, now, json.dumps(decision, sort_keys=True), now, item_id, item.version],
    )
    if cur.rowcount != 1:
        fresh = get_item(db, item_id)
        raise AlreadyHandled(item_id, fresh.resolved_by or fresh.claimed_by, fresh.status)
    add_event(db, item_id, actor, str(decision.get("action", "resolved")), detail=decision)
    return get_item(db, item_id)


@_serialised
def escalate(db: Database, item_id: int, actor: str, note: str | None = None,
             expected_version: int | None = None) -> ReviewItem:
    """Keep the item open, raise it to the top and route it to senior moderators."""
    item = get_item(db, item_id)
    _check_open(item, actor, expected_version)
    cur = db.execute(
        "UPDATE review_items SET status = 'pending', claimed_by = NULL, claimed_at = NULL, route = 'escalated',"
        " priority = MAX(priority, ?), updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
        [Priority.REPORTED + 10, now_iso(), item_id, item.version],
    )
    if cur.rowcount != 1:
        fresh = get_item(db, item_id)
        raise AlreadyHandled(item_id, fresh.resolved_by or fresh.claimed_by, fresh.status)
    add_event(db, item_id, actor, "escalate", note=note)
    return get_item(db, item_id)


def stale_items(db: Database, older_than: timedelta, remind_every: timedelta) -> list[ReviewItem]:
    """Open items pending longer than ``older_than`` and not reminded within ``remind_every``. Never dismissed."""
    now = datetime.now(UTC)
    cutoff = (now - older_than).isoformat()
    remind_cutoff = (now - remind_every).isoformat()
    sql = _SELECT + (
        " WHERE r.status != 'resolved' AND r.created_at < ? AND (r.reminded_at IS NULL OR r.reminded_at < ?)"
        " ORDER BY r.priority DESC, r.created_at ASC"
    )
    return [ReviewItem.from_row(r) for r in db.query(sql, [cutoff, remind_cutoff])]


def unacknowledged_emergencies(db: Database, older_than: timedelta) -> list[ReviewItem]:
    """Emergency items nobody has claimed or decided, pinged (first or last) longer than ``older_than`` ago.

    The first ping goes out when the item is published; ``reminded_at`` records each re-ping, so an item is
    pinged again every ``older_than`` until a moderator acts on it.
    """
    cutoff = (now() - older_than).isoformat()
    sql = _SELECT + (
        " WHERE r.status = ? AND r.priority >= ? AND COALESCE(r.reminded_at, r.created_at) < ?"
        " ORDER BY r.created_at ASC"
    )
    return [ReviewItem.from_row(r) for r in db.query(sql, [ReviewStatus.PENDING, int(Priority.EMERGENCY), cutoff])]


def mark_reminded(db: Database, item_ids: list[int]) -> None:
    now = now_iso()
    for item_id in item_ids:
        db.execute("UPDATE review_items SET reminded_at = ? WHERE id = ?", [now, item_id])


def set_external_id(db: Database, item_id: int, external_id: str) -> None:
    db.execute("UPDATE review_items SET external_id = ? WHERE id = ?", [external_id, item_id])


def item_for_external_id(db: Database, external_id: str) -> ReviewItem | None:
    """The case shown in the Discord message ``channel/message``, if it still exists."""
    rows = list(db.query(_SELECT + " WHERE r.external_id = ?", [external_id]))
    return ReviewItem.from_row(rows[0]) if rows else None
