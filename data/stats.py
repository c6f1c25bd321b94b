"""Read-only queries behind the moderators' report: what was predicted, decided, fed back and queued, and when.

:func:`store_counts` is the store at a glance (``/triage stats``); every other function takes a half-open period ``[since, until)`` of ISO timestamps (UTC, as the store writes them) and
returns small frozen dataclasses; the figures are computed above this layer (``bot.reports``). Post text leaves
this module only in :func:`content_gap_posts`, for clustering and masked examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from data.states import ReviewStatus

__all__ = [
    "StoreCounts",
    "store_counts",
    "PredictionRow",
    "DecisionRow",
    "ReviewTiming",
    "FeedbackRow",
    "GapPost",
    "predictions",
    "post_texts",
    "decisions",
    "review_timings",
    "feedback",
    "content_gap_posts",
    "model_thresholds",
    "training_mix",
    "MODERATOR_ACTIONS",
]

#: Review events that are a moderator acting on an item (not the bot queueing it, nor a member's feedback).
MODERATOR_ACTIONS = ("claimed", "released", "approve", "relabel", "edit_reply", "remove_reply", "escalate",
                     "dismiss")


@dataclass(frozen=True)
class PredictionRow:
    """The latest prediction for one post received in the period."""

    post_id: int
    created_at: str
    model_version: str
    label: str
    confidence: float


@dataclass(frozen=True)
class DecisionRow:
    """A resolved review item whose decision named a label (approve or relabel)."""

    item_id: int
    post_id: int
    created_at: str
    predicted: str
    decided: str
    model_version: str | None
    reasons: tuple[str, ...]
    reply_notices: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReviewTiming:
    """One review item with when it was queued, first acted on by a moderator, and resolved."""

    item_id: int
    priority: int
    reasons: tuple[str, ...]
    created_at: str
    first_action_at: str | None
    resolved_at: str | None


@dataclass(frozen=True)
class FeedbackRow:
    """A member pressed a feedback button: ``helpful``, ``not_helpful`` or ``report``."""

    at: str
    kind: str
    post_id: int | None


@dataclass(frozen=True)
class GapPost:
    """A post the articles did not answer: ``no_match`` (its best passage scored below the bar) or
    ``not_helpful`` (a member said the answer did not help)."""

    post_id: int
    created_at: str
    text: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StoreCounts:
    """The whole store at a glance: posts, predictions by label (most frequent first), open review items and
    strong labels."""

    posts: int
    by_label: dict[str, int]
    pending: int
    labels: int


def store_counts(db: Database) -> StoreCounts:
    by_label = {r["label"]: r["n"] for r in db.query(
        "SELECT label, COUNT(*) AS n FROM predictions GROUP BY label ORDER BY n DESC, label")}
    pending = db.execute("SELECT COUNT(*) FROM review_items WHERE status != ?", [ReviewStatus.RESOLVED]).fetchone()[0]
    posts = db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    labels = db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong'").fetchone()[0]
    return StoreCounts(posts=int(posts), by_label=by_label, pending=int(pending), labels=int(labels))


def _rows(db: Database, sql: str, args: list[Any]) -> Iterator[dict[str, Any]]:
    return db.query(sql, args)


def predictions(db: Database, since: str, until: str) -> list[PredictionRow]:
    """The latest prediction of each post received in the period, oldest post first."""
    sql = """
        SELECT p.id AS post_id, p.created_at, pr.model_version, pr.label, pr.confidence
        FROM posts p JOIN predictions pr ON pr.id = (SELECT MAX(id) FROM predictions WHERE post_id = p.id)
        WHERE p.created_at >= ? AND p.created_at < ? ORDER BY p.created_at, p.id
    """
    return [PredictionRow(r["post_id"], r["created_at"], r["model_version"], r["label"], float(r["confidence"]))
            for r in _rows(db, sql, [since, until])]


def post_texts(db: Database, since: str, until: str) -> dict[int, str]:
    """Text of the posts received in the period that still have it (retention blanks old text)."""
    sql = "SELECT id, text FROM posts WHERE created_at >= ? AND created_at < ? AND text IS NOT NULL"
    return {r["id"]: r["text"] for r in _rows(db, sql, [since, until])}


def decisions(db: Database, since: str, until: str) -> list[DecisionRow]:
    """Resolved items queued in the period whose decision named a label, with the notices of the post's reply."""
    sql = """
        SELECT r.id, r.post_id, r.created_at, r.label, r.model_version, r.reasons, r.decision,
               (SELECT notices FROM replies WHERE post_id = r.post_id ORDER BY id DESC LIMIT 1) AS notices
        FROM review_items r
        WHERE r.status = 'resolved' AND r.decision IS NOT NULL AND r.label IS NOT NULL
          AND r.created_at >= ? AND r.created_at < ?
        ORDER BY r.created_at, r.id
    """
    out = []
    for r in _rows(db, sql, [since, until]):
        decision = json.loads(r["decision"])
        if decision.get("action") not in {"approve", "relabel"} or not decision.get("label"):
            continue
        out.append(DecisionRow(
            item_id=r["id"], post_id=r["post_id"], created_at=r["created_at"], predicted=r["label"],
            decided=str(decision["label"]), model_version=r["model_version"],
            reasons=tuple(json.loads(r["reasons"] or "[]")), reply_notices=tuple(json.loads(r["notices"] or "[]")),
        ))
    return out


def review_timings(db: Database, since: str, until: str) -> list[ReviewTiming]:
    """Items open at some time in the period (queued before ``until``, not resolved before ``since``)."""
    actions = ", ".join("?" for _ in MODERATOR_ACTIONS)
    sql = f"""
        SELECT r.id, r.priority, r.reasons, r.created_at, r.resolved_at,
               (SELECT MIN(e.at) FROM review_events e
                WHERE e.review_item_id = r.id AND e.action IN ({actions})) AS first_action_at
        FROM review_items r
        WHERE r.created_at < ? AND (r.resolved_at IS NULL OR r.resolved_at >= ?)
        ORDER BY r.created_at, r.id
    """
    return [ReviewTiming(r["id"], r["priority"], tuple(json.loads(r["reasons"] or "[]")), r["created_at"],
                         r["first_action_at"], r["resolved_at"])
            for r in _rows(db, sql, [*MODERATOR_ACTIONS, until, since])]


def feedback(db: Database, since: str, until: str) -> list[FeedbackRow]:
    """Members' feedback button presses in the period (recorded in the audit log)."""
    sql = """
        SELECT at, action, subject_id FROM audit_log
        WHERE action IN ('feedback.helpful', 'feedback.not_helpful', 'feedback.report') AND at >= ? AND at < ?
        ORDER BY at, id
    """
    return [FeedbackRow(r["at"], r["action"].removeprefix("feedback."),
                        int(r["subject_id"]) if r["subject_id"] and r["subject_id"].isdigit() else None)
            for r in _rows(db, sql, [since, until])]


def content_gap_posts(db: Database, since: str, until: str) -> list[GapPost]:
    """Posts received in the period that the articles did not answer, with their text.

    The one place that decides what a content gap is: the pipeline recorded the post in ``content_gaps`` (the
    retriever's best passage scored below the abstain bar), or its latest reply carried the ``no_match`` notice
    (the same sign, for posts answered before that table existed), or a member pressed "Not helpful" on the
    answer. Posts whose text was deleted or purged are left out.
    """
    sql = """
        WITH no_match AS (
            SELECT post_id FROM content_gaps
            UNION
            SELECT rp.post_id FROM replies rp
            JOIN (SELECT post_id, MAX(id) AS id FROM replies GROUP BY post_id) latest ON latest.id = rp.id
            WHERE EXISTS (SELECT 1 FROM json_each(rp.notices) WHERE value = 'no_match')),
        not_helpful AS (
            SELECT CAST(subject_id AS INTEGER) AS post_id FROM audit_log
            WHERE action = 'feedback.not_helpful' AND subject_type = 'post')
        SELECT p.id, p.created_at, p.text, p.id IN no_match AS no_match, p.id IN not_helpful AS not_helpful
        FROM posts p
        WHERE p.created_at >= ? AND p.created_at < ? AND p.text IS NOT NULL
          AND (p.id IN no_match OR p.id IN not_helpful)
        ORDER BY p.created_at, p.id
    """
    out = []
    for r in _rows(db, sql, [since, until]):
        reasons = tuple(name for name in ("no_match", "not_helpful") if r[name])
        if reasons:
            out.append(GapPost(r["id"], r["created_at"], r["text"], reasons))
    return out


def model_thresholds(db: Database) -> dict[str, dict[str, float]]:
    """Each model version's per-label confidence thresholds."""
    return {r["version"]: json.loads(r["thresholds"] or "{}")
            for r in db.query("SELECT version, thresholds FROM model_versions")}


def training_mix(db: Database, version: str) -> dict[str, int] | None:
    """How many training examples of each label ``version`` learned from, when it was recorded at training."""
    row = db.execute("SELECT metrics FROM model_versions WHERE version = ?", [version]).fetchone()
    if row is None:
        return None
    counts = json.loads(row[0] or "{}").get("label_counts")
    return {str(k): int(v) for k, v in counts.items()} if counts else None
