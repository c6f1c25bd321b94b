"""Moderator decisions on review items: the same operations for the Discord buttons and the terminal.

Every decision is recorded on the item (who, when, what) and in the audit log, and approve / relabel store a
label with its source, which is how moderators teach the model. A second moderator acting on an item that
has already been handled gets :class:`data.errors.AlreadyHandled` naming who handled it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from classifier.labels import Label, parse_label
from data import posts as post_store
from data import review
from data.audit import audit
from data.db import write_transaction
from data.errors import NotFound, UnknownLabel
from data.labels import add_label
from data.review import ReviewItem
from data.states import ReplyStatus

__all__ = ["Action", "Decision", "Moderator", "decide", "label_post", "report_reply", "weak_label"]


class Action(StrEnum):
    APPROVE = "approve"
    RELABEL = "relabel"
    EDIT_REPLY = "edit_reply"
    REMOVE_REPLY = "remove_reply"
    ESCALATE = "escalate"
    DISMISS = "dismiss"


@dataclass(frozen=True)
class Moderator:
    """Who acts, and from where (``discord:<channel id>``, ``cli``)."""

    id: str
    channel: str = "cli"

    @property
    def actor(self) -> str:
        return self.id


@dataclass(frozen=True)
class Decision:
    item: ReviewItem
    action: Action
    label_id: int | None = None
    new_reply: str | None = None


def _label_text(db: Database, item: ReviewItem) -> str:
    record = post_store.get_post(db, item.post_id)
    if record.text is None:
        raise NotFound(f"case #{item.id}: the post's text was deleted, so it cannot become a label")
    return record.text


def decide(
    db: Database,
    item_id: int,
    action: Action | str,
    moderator: Moderator,
    *,
    label: Label | str | None = None,
    reply_text: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Apply one decision atomically: the item, its history, the label, the reply and the audit log together."""
    action = Action(action)
    with write_transaction(db):
        item = review.get_item(db, item_id)
        if action is Action.ESCALATE:
            updated = review.escalate(db, item_id, moderator.actor, note, expected_version=expected_version)
            audit(db, moderator.actor, "review.escalate", "review_item", item_id, channel=moderator.channel)
            return Decision(updated, action)
        detail: dict[str, object] = {"action": str(action), "channel": moderator.channel}
        label_id = None
        if action in {Action.APPROVE, Action.RELABEL}:
            if action is Action.RELABEL and label is None:
                raise UnknownLabel("relabel needs a label")
            try:
                chosen = parse_label(str(label)) if label is not None else Label(item.label or "")
            except ValueError as exc:
                raise UnknownLabel(str(exc)) from None
            detail["label"] = str(chosen)
            detail["previous_label"] = item.label
        if action is Action.EDIT_REPLY:
            if not reply_text or not reply_text.strip():
                raise UnknownLabel("an edited reply cannot be empty")
            detail["edited"] = True
        if note:
            detail["note"] = note
        updated = review.resolve(db, item_id, moderator.actor, detail, expected_version=expected_version)
        if "label" in detail:
            record = post_store.get_post(db, item.post_id)
            label_id = add_label(
                db, text=_label_text(db, item), label=str(detail["label"]), source="moderator",
                post_id=item.post_id, moderator_id=moderator.id, channel_id=moderator.channel,
                author_id=record.author_id,
            )
        if action is Action.EDIT_REPLY and item.reply_id is not None:
            post_store.set_reply_status(db, item.reply_id, ReplyStatus.EDITED, content=reply_text)
        if action is Action.REMOVE_REPLY and item.reply_id is not None:
            post_store.set_reply_status(db, item.reply_id, ReplyStatus.REMOVED)
        audit(db, moderator.actor, f"review.{action}", "review_item", item_id, channel=moderator.channel,
              label=detail.get("label"))
        return Decision(updated, action, label_id=label_id, new_reply=reply_text)


def label_post(db: Database, post_id: int, label: Label | str, moderator: Moderator) -> int:
    """Label a post directly (``triage label``, the "Label post" context menu); open items for it are resolved."""
    try:
        chosen = parse_label(str(label))
    except ValueError as exc:
        raise UnknownLabel(str(exc)) from None
    with write_transaction(db):
        record = post_store.get_post(db, post_id)
        if record.text is None:
            raise NotFound(f"post {post_id}: its text was deleted, so it cannot become a label")
        label_id = add_label(db, text=record.text, label=str(chosen), source="moderator", post_id=post_id,
                             moderator_id=moderator.id, channel_id=moderator.channel, author_id=record.author_id)
        item = review.open_item_for_post(db, post_id)
        if item is not None:
            review.resolve(db, item.id, moderator.actor, {"action": "relabel", "label": str(chosen),
                                                          "channel": moderator.channel, "via": "label"})
        audit(db, moderator.actor, "label.add", "post", post_id, label=str(chosen), channel=moderator.channel)
    return label_id


NOT_HELPFUL_REASONS = ("wrong_article", "not_my_question", "need_a_doctor", "other")


def report_reply(db: Database, post_id: int, member_id: str, kind: str, reason: str | None = None) -> ReviewItem:
    """A member marked a reply "Not helpful" (with a reason) or reported it: a queue item, never a label."""
    from data.review import Priority

    if kind not in {"not_helpful", "report"}:
        raise ValueError(f"unknown feedback kind {kind!r}")
    with write_transaction(db):
        reply = post_store.latest_reply(db, post_id)
        pred = post_store.latest_prediction(db, post_id)
        reasons = [f"{kind}:{reason}" if reason else kind]
        priority = Priority.REPORTED if kind == "report" or reason == "need_a_doctor" else Priority.LOW_CONFIDENCE
        item = review.enqueue(
            db, post_id=post_id, reasons=reasons, priority=priority, reply_id=None if reply is None else reply["id"],
            label=None if pred is None else pred["label"], confidence=None if pred is None else pred["confidence"],
            model_version=None if pred is None else pred["model_version"], reporter_id=member_id,
            actor=f"member:{member_id}",
        )
        audit(db, f"member:{member_id}", f"feedback.{kind}", "post", post_id, reason=reason)
    return item


def weak_label(db: Database, post_id: int, label: Label | str, member_id: str) -> int:
    """The poster picked "Did you mean ...?": stored as a weak label (never trains) until a moderator confirms it."""
    chosen = parse_label(str(label))
    with write_transaction(db):
        record = post_store.get_post(db, post_id)
        if record.author_id != member_id:
            raise NotFound(f"post {post_id} is not yours to label")
        label_id = add_label(db, text=record.text or "", label=str(chosen), source="member", strength="weak",
                             post_id=post_id, author_id=member_id)
        item = review.open_item_for_post(db, post_id)
        if item is not None:
            review.add_event(db, item.id, f"member:{member_id}", "weak_label", label=str(chosen))
        audit(db, f"member:{member_id}", "label.weak", "post", post_id, label=str(chosen))
    return label_id
