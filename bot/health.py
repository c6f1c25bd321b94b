"""The store's side of a diagnosis: queue backlog, the oldest unclaimed emergency, the model served against the
current one, the last retention purge, and follow-up threads retention could not remove. Plain data and one line
per problem, each with its fix; the Discord face adds what Discord says about permissions
(``bot.discord.permissions``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from data.clock import now
from data.followups import removal_failures
from data.model_versions import current_version
from data.review import Priority

__all__ = ["StoreHealth", "store_health", "health_problems", "health_summary", "BACKLOG_LIMIT"]

#: more pending cases than this is a backlog worth a line
BACKLOG_LIMIT = 50


@dataclass(frozen=True)
class StoreHealth:
    pending: int
    oldest_emergency_id: int | None
    oldest_emergency_at: str | None
    current_version: str | None
    last_purge_at: str | None
    #: follow-up threads past retention that Discord refused to delete (the bot lacks Manage Threads)
    followups_unremoved: int = 0


def store_health(db: Database) -> StoreHealth:
    pending = db.execute("SELECT COUNT(*) FROM review_items WHERE status != 'resolved'").fetchone()[0]
    row = db.execute("SELECT id, created_at FROM review_items WHERE status = 'pending' AND priority >= ?"
                     " ORDER BY created_at, id LIMIT 1", [int(Priority.EMERGENCY)]).fetchone()
    current = current_version(db)
    purge = db.execute("SELECT MAX(at) FROM audit_log WHERE action = 'retention.purge'").fetchone()[0]
    return StoreHealth(int(pending), row[0] if row else None, row[1] if row else None,
                       current.version if current else None, purge, removal_failures(db))


def _minutes_since(iso: str) -> float:
    return (now() - datetime.fromisoformat(iso)).total_seconds() / 60


def health_problems(h: StoreHealth, *, served_version: str | None, reping_minutes: int,
                    failed_steps: list[str] | tuple[str, ...] = ()) -> list[str]:
    """One line per problem, each ending with what to do about it."""
    out = []
    if h.pending > BACKLOG_LIMIT:
        out.append(f"queue backlog: {h.pending} cases open; work the oldest first (/triage queue) or add moderators")
    if h.oldest_emergency_id is not None and h.oldest_emergency_at is not None:
        waited = _minutes_since(h.oldest_emergency_at)
        if waited >= max(reping_minutes, 1):
            out.append(f"emergency case #{h.oldest_emergency_id} unclaimed for {waited:.0f} min: open its card in "
                       "the moderators' channel and press Claim")
    if served_version and h.current_version and served_version != h.current_version:
        out.append(f"model: serving {served_version} but the current version is {h.current_version}; restart the "
                   "bot (or wait for it to follow the registry)")
    if "retention" in failed_steps:
        out.append("retention: the last purge failed; check the bot's log for 'background step retention failed' "
                   "(post text older than the retention period is still stored)")
    if h.followups_unremoved:
        out.append(f"retention: {h.followups_unremoved} follow-up thread(s) past retention could not be removed: "
                   "give the bot Manage Threads (they are deleted at the next purge)")
    return out


def health_summary(h: StoreHealth, *, served_version: str | None) -> list[str]:
    """The facts, problem or not (``/triage diagnose`` shows them under the problems)."""
    emergency = (f"#{h.oldest_emergency_id} since {h.oldest_emergency_at[:16]}" if h.oldest_emergency_id
                 and h.oldest_emergency_at else "none")
    return [f"queue: {h.pending} open · oldest unclaimed emergency: {emergency}",
            f"model served: {served_version or 'not loaded'} · current: {h.current_version or 'none'}",
            f"last retention purge: {h.last_purge_at[:16] if h.last_purge_at else 'none yet'}"]
