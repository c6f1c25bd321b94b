"""Moderator decisions on review items: the same operations for the Discord buttons and the terminal.

Every decision is recorded on the item (who, when, what) and in the audit log, and approve / relabel store a
label with its source, which is how moderators teach the model. A second moderator acting on an item that
has already been handled gets :class:`data.errors.AlreadyHandled` naming who handled it.

Labels in bulk (import, export) and retraining with its check of suspicious labels live here too, so the
terminal, the slash commands and the scheduled retrain all do the same thing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

from sqlite_utils import Database

from classifier.examples import Example
from classifier.labels import Label, parse_label
from classifier.model import TriageModel
from classifier.registry import ModelRegistry
from classifier.retrain import RetrainResult, RetrainSettings, retrain, suspicious_labels
from data import posts as post_store
from data import review
from data.audit import audit
from data.clock import sha256_text
from data.db import write_transaction
from data.errors import NotFound, UnknownLabel
from data.labels import add_label, all_labels
from data.review import Priority, ReviewItem
from data.states import ReplyStatus

__all__ = ["Action", "Decision", "Moderator", "LabelImport", "RetrainOutcome", "decide", "label_post",
           "report_reply", "weak_label", "import_labels", "export_labels", "flag_suspicious_labels",
           "retrain_and_check"]


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


@dataclass(frozen=True)
class LabelImport:
    """What an import stored: new labels, and those whose text the store already had a label for."""

    imported: int
    already_stored: int


def import_labels(db: Database, examples: Iterable[Example], moderator: Moderator, *, source: str | None = None,
                  default_source: str = "import") -> LabelImport:
    """Store labelled posts from a file, skipping any text already labelled (by its sha256), in one transaction.

    Each label's source is ``source`` if given, else the row's own, else ``default_source``; the channel is the
    moderator's with ``:import`` (``cli:import``).
    """
    imported = already = 0
    with write_transaction(db):
        known = {r[0] for r in db.execute("SELECT text_sha256 FROM labels")}
        for ex in examples:
            digest = sha256_text(ex.text)
            if digest in known:
                already += 1
                continue
            add_label(db, text=ex.text, label=str(ex.label), source=source or ex.source or default_source,
                      moderator_id=moderator.id, channel_id=f"{moderator.channel}:import", external_id=ex.id)
            known.add(digest)
            imported += 1
    return LabelImport(imported=imported, already_stored=already)


def export_labels(db: Database, out: TextIO, fmt: str = "jsonl", *, include_weak: bool = False) -> int:
    """Write labels as JSONL or CSV (``text, label, id, source``); members' weak labels only if asked.

    :returns: how many labels were written.
    """
    if fmt not in {"jsonl", "csv"}:
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")
    rows = [r for r in all_labels(db) if include_weak or r.strength == "strong"]
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(["text", "label", "id", "source"])
        for r in rows:
            writer.writerow([r.text, r.label, r.id, r.source])
    else:
        for r in rows:
            out.write(json.dumps({"text": r.text, "label": r.label, "id": r.id, "source": r.source},
                                 ensure_ascii=False) + "\n")
    return len(rows)


def flag_suspicious_labels(db: Database) -> int:
    """Queue, for a second look, every post label the cross-validated model strongly disagrees with.

    :returns: how many labels were queued (labels without a stored post cannot be shown, so are not).
    """
    flagged = 0
    for rec, predicted, p in suspicious_labels(db):
        if rec.post_id is None:
            continue
        with write_transaction(db):
            review.enqueue(db, post_id=rec.post_id, reasons=[f"check_label:{rec.label}->{predicted}"],
                           priority=Priority.LABEL_CHECK, label=rec.label, confidence=p, kind="label_check")
        flagged += 1
    return flagged


@dataclass(frozen=True)
class RetrainOutcome:
    """A retrain's result and how many labels it queued for a second look."""

    result: RetrainResult
    labels_flagged: int = 0

    @property
    def promoted(self) -> bool:
        return self.result.promoted

    @property
    def reason(self) -> str:
        return self.result.reason

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict() | {"labels_flagged_for_check": self.labels_flagged}


def retrain_and_check(
    db: Database,
    registry: ModelRegistry,
    current: TriageModel | None,
    settings: RetrainSettings | None = None,
    *,
    actor: str = "cli",
    check_labels: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> RetrainOutcome:
    """Retrain (promoted only if not worse), then queue the labels the model strongly disagrees with.

    Every retrain goes through here: ``triage retrain``, ``/triage retrain`` and the scheduled retrain.
    """
    result = retrain(db, registry, current, settings, actor, on_step=on_step)
    flagged = flag_suspicious_labels(db) if check_labels else 0
    return RetrainOutcome(result, flagged)
