"""Labelled posts: what moderators decided, what was imported, and weak labels members chose themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from data.clock import now_iso, sha256_text
from data.db import inserted_id

__all__ = ["LabelRecord", "add_label", "training_labels", "all_labels"]


@dataclass(frozen=True)
class LabelRecord:
    id: int
    text: str
    label: str
    strength: str
    source: str
    post_id: int | None
    moderator_id: str | None
    created_at: str


def add_label(
    db: Database,
    *,
    text: str,
    label: str,
    source: str,
    strength: str = "strong",
    post_id: int | None = None,
    moderator_id: str | None = None,
    channel_id: str | None = None,
    author_id: str | None = None,
    external_id: str | None = None,
) -> int:
    """Store one label. The latest strong label for a text wins at training time."""
    table = db.table("labels").insert(
        {
            "post_id": post_id,
            "text": text,
            "text_sha256": sha256_text(text),
            "label": label,
            "strength": strength,
            "source": source,
            "moderator_id": moderator_id,
            "channel_id": channel_id,
            "author_id": author_id,
            "external_id": external_id,
            "created_at": now_iso(),
        }
    )
    return inserted_id(table)


def _rows(db: Database, where: str = "", args: Iterable[Any] = ()) -> list[LabelRecord]:
    sql = "SELECT * FROM labels" + (f" WHERE {where}" if where else "") + " ORDER BY id"
    return [
        LabelRecord(
            id=r["id"], text=r["text"], label=r["label"], strength=r["strength"], source=r["source"],
            post_id=r["post_id"], moderator_id=r["moderator_id"], created_at=r["created_at"],
        )
        for r in db.query(sql, list(args))
    ]


def all_labels(db: Database) -> list[LabelRecord]:
    return _rows(db)


def training_labels(db: Database) -> list[LabelRecord]:
    """Strong labels, one per distinct text (the most recent decision wins); weak labels never train."""
    latest: dict[str, LabelRecord] = {}
    for rec in _rows(db, "strength = 'strong'"):
        latest[sha256_text(rec.text)] = rec
    return sorted(latest.values(), key=lambda r: r.id)

