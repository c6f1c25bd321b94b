"""Start-up recovery: nothing a member posted is lost to a crash or a restart.

A post is recorded before anything else happens, and a reply is recorded before it is sent. So after a restart
the store shows exactly what was interrupted: posts still ``received`` (the pipeline never finished) and replies
still ``composed`` (never delivered). Recent ones are answered now; old ones would arrive out of context, so
they go to the moderators instead (the reply is held, not sent).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.pipeline import Pipeline
from data import posts as post_store
from data import review
from data.db import write_transaction
from data.states import PostStatus, ReplyStatus

__all__ = ["Pending", "RecoveryPlan", "plan_recovery", "RECENT"]

_log = logging.getLogger(__name__)
#: Posts younger than this are still answered after a restart; older ones go to moderators.
RECENT = timedelta(minutes=30)


@dataclass(frozen=True)
class Pending:
    post: post_store.PostRecord
    reply_id: int
    reply_text: str


@dataclass
class RecoveryPlan:
    send: list[Pending] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)  # post ids handed to moderators instead
    silent: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.send) + len(self.queued) + len(self.silent)


def _age(created_at: str, now: datetime) -> timedelta:
    created = datetime.fromisoformat(created_at)
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return now - created


def plan_recovery(db: Database, pipeline: Pipeline, face: str, *, now: datetime | None = None,
                  recent: timedelta = RECENT) -> RecoveryPlan:
    """Finish interrupted posts and decide, for each undelivered reply, whether to send it now or hold it."""
    now = now or datetime.now(UTC)
    plan = RecoveryPlan()
    for post in post_store.unanswered_posts(db, face):
        if post.text is None:
            post_store.set_post_status(db, post.id, PostStatus.DELETED)
            continue
        outcome = pipeline.process(post.id, post.text, post.guild_id)
        if outcome.reply is None:
            plan.silent.append(post.id)
    for post, reply in post_store.unsent_replies(db, face):
        if _age(post.created_at, now) <= recent:
            plan.send.append(Pending(post, int(reply["id"]), str(reply["content"])))
            continue
        with write_transaction(db):
            post_store.set_reply_status(db, int(reply["id"]), ReplyStatus.HELD)
            review.enqueue(db, post_id=post.id, reasons=["missed_while_offline"], priority=review.Priority.PERSONAL,
                           reply_id=int(reply["id"]), actor="triage:recovery")
        plan.queued.append(post.id)
    if plan.total:
        _log.info("recovery: %d repl(ies) to send, %d post(s) queued for moderators, %d silent",
                  len(plan.send), len(plan.queued), len(plan.silent))
    return plan
