"""The one pipeline every face uses: record → red flags → classify → retrieve → compose → record → queue.

``Pipeline.handle_post(Post) -> Outcome`` is synchronous and CPU/DB bound: the terminal calls it directly, the
Discord face calls it through ``asyncio.to_thread``. A post is recorded before anything else happens, so a
crash later leaves a ``received`` post that start-up recovery answers or queues; the same post delivered twice
is handled once.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from classifier.labels import Label
from classifier.model import Prediction, TriageModel
from classifier.text import clean_text
from data import posts as post_store
from data import review
from data.content_gaps import record_content_gap
from data.db import write_transaction
from data.states import PostStatus, Route
from responses.compose import Reply, render_text
from responses.language import UNDETERMINED, detect_language, is_other_language
from responses.locales import notice_language
from responses.notices import NoticeCode
from responses.personal_data import personal_data_kinds
from responses.policy import (
    PolicySettings,
    ReplyPlan,
    ReviewReason,
    plan_reply,
    sample_for_audit,
    wants_passages,
)
from responses.red_flags import Tier
from responses.red_flags_intl import assess_in_language, cue_language
from responses.retrieval import PassageHit, Retriever
from responses.safety import SafetyAssessment, SafetyCheck
from responses.topic import key_terms, search_suggestion

__all__ = ["Post", "Outcome", "Analysis", "Pipeline", "ModelHolder", "InvalidPost", "MAX_POST_CHARS"]

_log = logging.getLogger(__name__)

#: Longest post stored; Discord caps messages at 4,000 characters, the terminal does not. Beyond this the
#: text is refused with a clear error rather than silently cut.
MAX_POST_CHARS = 200_000


class InvalidPost(ValueError):
    """The post cannot be handled (empty, or too long); the message is fit to show the member."""


@dataclass(frozen=True)
class Post:
    text: str
    face: str = "cli"
    external_id: str | None = None
    author_id: str | None = None
    channel_id: str | None = None
    guild_id: str | None = None
    thread_id: str | None = None


@dataclass
class Outcome:
    post_id: int
    label: Label
    confidence: float
    probabilities: dict[str, float]
    model_version: str
    passages: list[PassageHit]
    reply: Reply | None
    reply_text: str | None
    reply_id: int | None
    notices: list[str]
    queued: bool
    review_item_id: int | None
    review_reasons: list[str]
    red_flags: list[str]
    personal_data: list[str]
    duplicate: bool = False
    #: ``emergency``, ``urgent_care`` or None: the safety tier that decided the notice.
    urgent_tier: str | None = None
    #: the post's language as detected (``en``, ``es``, ``und`` when unsure, ...; None for a replayed post)
    language: str | None = None
    #: the language the reply's safety notices are written in
    notice_language: str = "en"

    @property
    def silent(self) -> bool:
        return self.reply is None

    def to_json(self) -> dict[str, Any]:
        """The shape ``triage ask --json`` prints."""
        return {
            "post_id": self.post_id,
            "label": str(self.label),
            "confidence": round(self.confidence, 4),
            "probabilities": self.probabilities,
            "model_version": self.model_version,
            "passages": [
                {"article": p.article_title, "article_slug": p.article_slug, "section": p.section, "text": p.text,
                 "score": p.score, "url": p.url}
                for p in self.passages
            ],
            "notices": self.notices,
            "reply": self.reply_text,
            "queued": self.queued,
            "review_item_id": self.review_item_id,
            "review_reasons": self.review_reasons,
            "red_flags": self.red_flags,
            "urgent_tier": self.urgent_tier,
            "personal_data": self.personal_data,
            "duplicate": self.duplicate,
            "language": self.language,
            "notice_language": self.notice_language,
        }


def _cited(passages: list[PassageHit], reply: Reply) -> list[PassageHit]:
    """The passages the reply quotes, in its order."""
    by_id = {p.passage_id: p for p in passages}
    return [by_id[c.passage_id] for c in reply.citations if c.passage_id in by_id]


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline decides about a text before writing anything."""

    prediction: Prediction
    safety: SafetyAssessment
    passages: list[PassageHit]
    plan: ReplyPlan
    personal_data: list[str]
    #: the post's language (``responses.language``), and the language of the reply's safety notices
    language: str = "en"
    notice_language: str = "en"

    @property
    def flags(self) -> list[str]:
        return self.safety.kinds

    @property
    def urgent_tier(self) -> str | None:
        return None if self.safety.tier is None else str(self.safety.tier)


class ModelHolder:
    """Holds the serving model; a retrain swaps it in one assignment, so a post never sees half a model.

    With ``follow``, the holder also picks up a model change made elsewhere (``triage retrain`` or ``rollback``
    in another process): at most every ``check_seconds`` it asks ``follow(served_version)``, which returns the
    new current model, or None when the served one is still current.
    """

    def __init__(self, model: TriageModel, *, follow: Callable[[str], TriageModel | None] | None = None,
                 check_seconds: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._model = model
        self._lock = threading.Lock()
        self._follow = follow
        self._check_seconds = check_seconds
        self._clock = clock
        self._checked_at = clock()

    def get(self) -> TriageModel:
        if self._follow is not None and self._clock() - self._checked_at >= self._check_seconds:
            self.refresh()
        return self._model

    def refresh(self) -> bool:
        """Serve the current version now if it changed elsewhere; True when a new model was swapped in."""
        if self._follow is None:
            return False
        self._checked_at = self._clock()
        try:
            newer = self._follow(self._model.version)
        except Exception:  # a refused or missing file: keep serving what we have, loudly
            _log.exception("could not load the new current model; still serving %s", self._model.version)
            return False
        if newer is None:
            return False
        old = self.swap(newer)
        _log.info("model changed elsewhere: now serving %s (was %s)", newer.version, old.version)
        return True

    def swap(self, model: TriageModel) -> TriageModel:
        with self._lock:
            old, self._model = self._model, model
        return old


class Pipeline:
    def __init__(
        self,
        db: Database,
        models: ModelHolder,
        retriever: Retriever,
        settings: PolicySettings | None = None,
        settings_for: Callable[[str | None], PolicySettings] | None = None,
        safety: SafetyCheck | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """``rng`` draws the audit sample (:func:`responses.policy.sample_for_audit`); tests pass a seeded one."""
        self.db = db
        self.models = models
        self.retriever = retriever
        self.settings = settings or PolicySettings()
        self._settings_for = settings_for
        self.safety = safety or SafetyCheck.rules_only()
        self.rng = rng or random.Random()  # noqa: S311 - a sample for quality checks, not a secret

    def policy_for(self, guild_id: str | None) -> PolicySettings:
        return self._settings_for(guild_id) if self._settings_for else self.settings

    # ---- steps -------------------------------------------------------------------------------------
    @staticmethod
    def validate(text: str) -> str:
        if text is None or not clean_text(text, limit=1000):
            raise InvalidPost("the post is empty: there is nothing to answer")
        if len(text) > MAX_POST_CHARS:
            raise InvalidPost(f"the post is too long ({len(text):,} characters; the limit is {MAX_POST_CHARS:,})")
        return text

    def record(self, post: Post) -> tuple[post_store.PostRecord, bool]:
        text = self.validate(post.text)
        pd = sorted(personal_data_kinds(text))
        with write_transaction(self.db):
            return post_store.record_post(
                self.db, face=post.face, external_id=post.external_id or uuid.uuid4().hex, text=text,
                author_id=post.author_id, channel_id=post.channel_id, guild_id=post.guild_id,
                thread_id=post.thread_id, personal_data=pd,
            )

    def analyse(self, text: str, guild_id: str | None = None) -> Analysis:
        """Everything that needs no writes: safety check, prediction, passages and the reply plan."""
        model = self.models.get()
        settings = self.policy_for(guild_id)
        language = detect_language(text).code
        safety = assess_in_language(self.safety, text, language)
        if language == UNDETERMINED:  # a short post whose emergency was described in another language
            language = cue_language(safety.flags) or UNDETERMINED
        other = language if is_other_language(language) else None
        notices_in = notice_language(settings.language, post_language=other)
        prediction = model.predict(text)
        pd = sorted(personal_data_kinds(text))
        policy = PolicySettings(region=settings.region, language=notices_in, passages=settings.passages,
                                min_score=settings.min_score, margin=model.margin,
                                referral_floor=settings.referral_floor)
        threshold = model.threshold_for(prediction.label)
        passages: list[PassageHit] = []
        care: PassageHit | None = None
        query = clean_text(text, limit=1000)
        if wants_passages(prediction, threshold, safety, policy, other_language=other):
            passages = self.retriever.search(query, k=settings.passages)
            if prediction.label is Label.PERSONAL_SYMPTOMS:
                care = self.retriever.care_passage(p for p in passages if p.score >= policy.min_score)
        topic = ""
        if prediction.label is Label.RESEARCH_HELP and other is None:
            topic = search_suggestion(key_terms(query, self.retriever.term_rarity))
        plan = plan_reply(prediction, threshold=threshold, passages=passages, safety=safety,
                          personal_data=bool(pd), settings=policy, query=query, care=care, topic=topic,
                          other_language=other)
        if plan.reply is not None and care is not None:
            passages = [*passages, care]
        return Analysis(prediction, safety, passages, plan, pd, language=language, notice_language=notices_in)

    def handle_post(self, post: Post) -> Outcome:
        record, new = self.record(post)
        if not new and record.status != "received":
            return self.replay(record.id)
        return self.process(record.id, record.text or post.text, guild_id=post.guild_id)

    def process(self, post_id: int, text: str, guild_id: str | None = None) -> Outcome:
        analysis = self.analyse(text, guild_id)
        prediction, flags, passages, pd = (analysis.prediction, analysis.flags, analysis.passages,
                                           analysis.personal_data)
        # the audit sample is drawn here, not in analyse(): it measures the policy, it is not part of it
        plan = sample_for_audit(analysis.plan, self.policy_for(guild_id).audit_rate, self.rng)
        reply_text = render_text(plan.reply) if plan.reply is not None else None
        reply_id = None
        item = None
        with write_transaction(self.db):
            post_store.record_prediction(
                self.db, post_id, model_version=prediction.model_version, label=str(prediction.label),
                confidence=prediction.confidence, probabilities=prediction.probabilities, red_flags=flags,
            )
            if plan.reply is not None and reply_text is not None:
                reply_id = post_store.record_reply(
                    self.db, post_id, content=reply_text, notices=plan.reply.notice_codes,
                    passage_ids=[c.passage_id for c in plan.reply.citations],
                )
            if plan.needs_review:
                item = review.enqueue(
                    self.db, post_id=post_id, reasons=plan.review_reasons, priority=plan.priority,
                    reply_id=reply_id, label=str(prediction.label), confidence=prediction.confidence,
                    model_version=prediction.model_version,
                    route=_route_for(prediction.label, analysis.urgent_tier, plan.review_reasons),
                )
            if plan.reply is not None and plan.reply.has(NoticeCode.NO_MATCH):
                record_content_gap(self.db, post_id, passages[0].score if passages else 0.0)
            post_store.set_post_status(self.db, post_id, PostStatus.ANSWERED if plan.reply is not None else PostStatus.SILENT)
        _log.info("post %s: label=%s conf=%.2f flags=%s queued=%s", post_id, prediction.label,
                  prediction.confidence, ",".join(flags) or "-", item is not None)
        return Outcome(
            post_id=post_id, label=prediction.label, confidence=prediction.confidence,
            probabilities=prediction.probabilities, model_version=prediction.model_version,
            passages=[] if plan.reply is None else _cited(passages, plan.reply),
            reply=plan.reply, reply_text=reply_text, reply_id=reply_id,
            notices=[] if plan.reply is None else plan.reply.notice_codes,
            queued=item is not None, review_item_id=None if item is None else item.id,
            review_reasons=plan.review_reasons, red_flags=flags, personal_data=pd,
            urgent_tier=analysis.urgent_tier, language=analysis.language, notice_language=analysis.notice_language,
        )

    def replay(self, post_id: int) -> Outcome:
        """The stored outcome of a post handled before (a duplicate delivery): nothing is done twice."""
        record = post_store.get_post(self.db, post_id)
        pred = post_store.latest_prediction(self.db, post_id) or {}
        reply = post_store.latest_reply(self.db, post_id)
        item = review.open_item_for_post(self.db, post_id)
        return Outcome(
            post_id=post_id, label=Label(pred.get("label", Label.OTHER)), confidence=pred.get("confidence", 0.0),
            probabilities=json.loads(pred.get("probabilities", "{}")), model_version=pred.get("model_version", ""),
            passages=[], reply=None, reply_text=None if reply is None else reply["content"],
            reply_id=None if reply is None else reply["id"],
            notices=[] if reply is None else json.loads(reply["notices"]), queued=item is not None,
            review_item_id=None if item is None else item.id, review_reasons=[] if item is None else item.reasons,
            red_flags=json.loads(pred.get("red_flags", "[]")), personal_data=record.personal_data, duplicate=True,
            urgent_tier=_tier_from_notices([] if reply is None else json.loads(reply["notices"])),
        )


def _tier_from_notices(codes: list[str]) -> str | None:
    if "urgent" in codes:
        return str(Tier.EMERGENCY)
    if "urgent_care" in codes:
        return str(Tier.URGENT_CARE)
    return None


def _route_for(label: Label, tier: str | None, reasons: list[str]) -> Route:
    if tier is not None or ReviewReason.POSSIBLE_EMERGENCY in reasons:
        return Route.URGENT
    if ReviewReason.NON_ENGLISH in reasons:  # the label of a post the classifier cannot read means nothing
        return Route.GENERAL
    if label is Label.PERSONAL_SYMPTOMS:
        return Route.CLINICAL
    return Route.GENERAL

