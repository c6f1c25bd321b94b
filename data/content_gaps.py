"""Content gaps: posts the articles could not answer, recorded for moderators (one row per post)."""

from __future__ import annotations

from sqlite_utils import Database

from data.clock import now_iso

__all__ = ["record_content_gap", "list_content_gaps"]


def record_content_gap(db: Database, post_id: int, top_score: float) -> None:
    """Record (or refresh) that ``post_id`` got no passage above the abstain bar; ``top_score`` is in 0..1."""
    score = min(max(float(top_score), 0.0), 1.0)
    db.execute(
        "INSERT INTO content_gaps (post_id, top_score, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (post_id) DO UPDATE SET top_score = excluded.top_score",
        [post_id, score, now_iso()],
    )


def list_content_gaps(db: Database, limit: int = 100) -> list[dict[str, object]]:
    """The most recent content gaps, newest first."""
    return list(db.query("SELECT post_id, top_score, created_at FROM content_gaps ORDER BY created_at DESC, id DESC "
                         "LIMIT ?", [limit]))
