"""Start-up recovery: nothing a member posted is lost to a crash or a restart.

A post is recorded before anything else happens, and a reply is recorded before it is sent. So after a restart
the store shows exactly what was interrupted: posts still ``received`` (the pipeline never finished) and replies
still ``composed`` (never delivered). Recent ones are answered now; old ones would arrive out of context, so
they go to the moderators instead (the reply is held, not sent).

A composed reply to a post that already has a delivered reply comes from an edit (re-classification): it
*replaces* that reply (the face edits its message in place), whatever its age, and is never a second reply nor a
"missed while offline" case.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.pipeline import Pipeline
from data import posts as post_store
from data import review
from data.db import write_transaction
from data.states import PostStatus

__all__ = ["Pending", "RecoveryPlan", "plan_recovery", "hold_for_moderators", "is_recent", "RECENT"]

_log = logging.getLogger(__name__)
#: Posts younger than this are still answered after a restart; older ones go to moderators.
RECENT = timedelta(minutes=30)


@dataclass(frozen=True)
class Pending:
    post: post_store.PostRecord
    reply_id: int
    reply_text: str
    #: where the reply this one replaces was delivered (``channel/message``), for a reply after an edit
    replaces: str | None = None
    label: str | None = None
    #: the reply carries an emergency or urgent-care notice (always answered in place, never by DM)
    urgent: bool = False


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


def is_recent(created_at: str | datetime, now: datetime | None = None, recent: timedelta = RECENT) -> bool:
    """Still worth answering in place (a later answer arrives out of context and goes to moderators)."""
    now = now or datetime.now(UTC)
    if isinstance(created_at, datetime):
        created = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        return now - created <= recent
    return _age(created_at, now) <= recent


def hold_for_moderators(db: Database, post_id: int, reply_id: int | None, reason: str,
                        actor: str = "triage:recovery") -> int:
    """Keep a composed reply unsent and put the post in front of moderators instead; the case id."""
    with write_transaction(db):
        if reply_id is not None:
            post_store.set_reply_status(db, reply_id, "held")
        item = review.enqueue(db, post_id=post_id, reasons=[reason], priority=review.Priority.PERSONAL,
                              reply_id=reply_id, actor=actor)
    return item.id


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
        earlier = post_store.delivered_reply(db, post.id)
        label = (post_store.latest_prediction(db, post.id) or {}).get("label")
        urgent = bool({"urgent", "urgent_care"} & set(json.loads(reply.get("notices") or "[]")))
        if earlier is not None:
            plan.send.append(Pending(post, int(reply["id"]), str(reply["content"]), replaces=earlier["external_id"],
                                     label=label, urgent=urgent))
            continue
        if _age(post.created_at, now) <= recent:
            plan.send.append(Pending(post, int(reply["id"]), str(reply["content"]), label=label, urgent=urgent))
            continue
        hold_for_moderators(db, post.id, int(reply["id"]), "missed_while_offline")
        plan.queued.append(post.id)
    if plan.total:
        _log.info("recovery: %d repl(ies) to send, %d post(s) queued for moderators, %d silent",
                  len(plan.send), len(plan.queued), len(plan.silent))
    return plan
