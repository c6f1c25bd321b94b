"""The reply policy: from a prediction, red flags and passages to what the bot says and whether a human looks.

One rule per label, and safety rules above them all (whatever the label, ``other`` included):

* emergency signs override the label: an urgent notice, no self-care passages, top-priority review;
* urgent-care signs put a "see a doctor today" notice first and queue the post at high priority;
* a watched post (self-harm or overdose words, or a safety score just under its bar) is queued at high
  priority, whatever else happens to it;
* ``personal_symptoms`` always carries the doctor-referral notice first and always gets a moderator's look;
  a reply under another label carries it too when the personal-symptoms probability reaches
  :data:`REFERRAL_FLOOR` (a general answer to what may be someone's own case costs nothing to caveat);
* ``research_help`` adds pointers for researching beside the passages, with an example search built from the
  post's own key terms;
* a ``personal_symptoms`` reply quotes the matching article's "When to see a doctor" / "Warning signs" section
  second, when the article has one;
* ``general_info`` answers from the passages;
* ``other`` gets no reply;
* a post in another language (``responses.language``) is not judged by the English classifier or answered from
  the English articles: it gets the doctor-referral notice and an "I can only answer in English" notice in its
  own language (or the guild's), and is queued with reasons ``non_english`` and ``language:<code>`` at
  :attr:`~data.review.Priority.OTHER_LANGUAGE` (the safety rules above still apply first);
* below the label's confidence threshold, or when the top two labels are close, the reply is careful and the
  post is queued. For ``other`` that means no reply but a moderator's look, unless the personal-symptoms
  probability reaches :data:`REFERRAL_FLOOR`: someone who may need help gets a careful reply with the referral
  notice rather than silence (:func:`answers_unsure_other`); when no passage matches well, the reply says so instead of pasting something unrelated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from enum import StrEnum

from classifier.labels import Label
from classifier.model import Prediction
from data.review import Priority
from responses.compose import Citation, CitationKind, Reply
from responses.notices import Notice, NoticeCode, notice, research_notice, urgent_care_notice, urgent_notice
from responses.red_flags import Tier
from responses.retrieval import MIN_SCORE, PassageHit
from responses.safety import SafetyAssessment

__all__ = ["PolicySettings", "ReplyPlan", "plan_reply", "ReviewReason", "REFERRAL_FLOOR", "wants_passages",
           "answers_unsure_other", "sample_for_audit"]


class ReviewReason(StrEnum):
    EMERGENCY = "emergency"
    URGENT_CARE = "urgent_care"
    POSSIBLE_EMERGENCY = "possible_emergency"
    PERSONAL_SYMPTOMS = "personal_symptoms"
    LOW_CONFIDENCE = "low_confidence"
    CLOSE_CALL = "close_call"
    NO_MATCH = "no_match"
    AUDIT = "audit"
    #: written in a language the classifier and the articles do not read
    NON_ENGLISH = "non_english"


#: The personal-symptoms probability from which any reply carries the doctor-referral notice. A product choice,
#: not a calibrated threshold: the classifier's probabilities on real posts are less sure than on the seed posts
#: it learns from, and a missed referral costs more than an extra one (bench/bench_real_posts.py reports both
#: sides: personal posts covered, and general questions that get the notice too).
REFERRAL_FLOOR = 0.10
#: A passage scoring under this share of the best one's score is dropped from the reply rather than shown as
#: filler (scores are the retriever's 0..1 probabilities).
RELATIVE_FLOOR = 0.6


@dataclass(frozen=True)
class PolicySettings:
    region: str = "default"
    #: the language of the safety notices (``responses.locales.LANGUAGES``): the guild's, or the post's own when
    #: it is written in one of them; the classifier stays English
    language: str = "en"
    passages: int = 3
    min_score: float = MIN_SCORE
    margin: float = 0.1
    referral_floor: float = REFERRAL_FLOOR
    #: share (0-1) of confidently handled posts queued for a moderator's check at the lowest priority; the
    #: store's ``audit_sample_percent`` setting feeds it (off here, so a bare pipeline is deterministic)
    audit_rate: float = 0.0


@dataclass(frozen=True)
class ReplyPlan:
    reply: Reply | None
    review_reasons: list[str] = field(default_factory=list)
    priority: int = 0

    @property
    def silent(self) -> bool:
        return self.reply is None

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)


def answers_unsure_other(prediction: Prediction, threshold: float, settings: PolicySettings) -> bool:
    """An unsure ``other`` that may be someone's own health problem is answered carefully, not left silent."""
    unsure = prediction.confidence < threshold or prediction.margin < settings.margin
    personal = prediction.probabilities.get(str(Label.PERSONAL_SYMPTOMS), 0.0)
    return prediction.label is Label.OTHER and unsure and personal >= settings.referral_floor


def wants_passages(prediction: Prediction, threshold: float, safety: SafetyAssessment,
                   settings: PolicySettings, other_language: str | None = None) -> bool:
    """Whether the reply can cite passages (so the pipeline searches only when it will use the hits)."""
    if safety.tier is Tier.EMERGENCY or other_language:
        return False
    return prediction.label is not Label.OTHER or answers_unsure_other(prediction, threshold, settings)


def plan_reply(
    prediction: Prediction,
    *,
    threshold: float,
    passages: list[PassageHit],
    safety: SafetyAssessment | None = None,
    personal_data: bool = False,
    settings: PolicySettings | None = None,
    query: str = "",
    care: PassageHit | None = None,
    topic: str = "",
    other_language: str | None = None,
) -> ReplyPlan:
    """What to say about a post and whether a moderator looks.

    :param query: the post's text, to find the sentence of each passage that answers it (kept in the excerpt).
    :param care: the matching article's "When to see a doctor" / "Warning signs" passage, quoted for personal
        posts beside the answer (see ``Retriever.care_passage``).
    :param topic: an example search built from the post's key terms, for the research pointers
        (``responses.topic.search_suggestion``).
    :param other_language: the post's language when it is confidently not English (``responses.language``):
        the label is not trusted and nothing is quoted from the articles.
    """
    settings = settings or PolicySettings()
    safety = safety or SafetyAssessment()
    extra: list[Notice] = [notice(NoticeCode.PERSONAL_DATA, settings.language)] if personal_data else []
    flag_reasons = [f"red_flag:{k}" for k in safety.kinds]
    # the language too, so a moderator knows who can read the post
    language_reasons = [ReviewReason.NON_ENGLISH, f"language:{other_language}"] if other_language else []
    if safety.tier is Tier.EMERGENCY:
        urgent = urgent_notice(settings.region, self_harm=safety.self_harm,
                               kind=safety.first_kind(Tier.EMERGENCY), language=settings.language)
        return ReplyPlan(Reply(prediction.label, [urgent, *extra]),
                         [ReviewReason.EMERGENCY, *flag_reasons, *language_reasons], Priority.EMERGENCY)

    reasons: list[str] = []
    priority = 0
    first: list[Notice] = []
    if safety.tier is Tier.URGENT_CARE:
        first.append(urgent_care_notice(settings.region, self_harm=safety.self_harm,
                                        language=settings.language))
        reasons += [ReviewReason.URGENT_CARE, *flag_reasons]
        priority = Priority.URGENT_CARE
    elif safety.watch:
        reasons.append(ReviewReason.POSSIBLE_EMERGENCY)
        priority = Priority.POSSIBLE_EMERGENCY
    if other_language:
        return _other_language_plan(prediction.label, first, extra, [*reasons, *language_reasons],
                                    max(priority, Priority.OTHER_LANGUAGE), settings.language)
    confident = prediction.confidence >= threshold
    close = prediction.margin < settings.margin
    if not confident:
        reasons.append(ReviewReason.LOW_CONFIDENCE)
        priority = max(priority, Priority.LOW_CONFIDENCE)
    if close:
        reasons.append(ReviewReason.CLOSE_CALL)
        priority = max(priority, Priority.CLOSE_CALL)

    label = prediction.label
    if label is Label.OTHER and not answers_unsure_other(prediction, threshold, settings):
        return ReplyPlan(Reply(label, [*first, *extra]) if first else None, reasons, priority)

    good = [p for p in passages if p.score >= settings.min_score][: settings.passages]
    if good:  # passages far below the best are filler, not answers
        good = [p for p in good if p.score >= RELATIVE_FLOOR * good[0].score]
    notices: list[Notice] = list(first)
    if label is Label.PERSONAL_SYMPTOMS:
        notices.append(notice(NoticeCode.DOCTOR_REFERRAL, settings.language))
        reasons.insert(0, ReviewReason.PERSONAL_SYMPTOMS)
        priority = max(priority, Priority.PERSONAL)
    elif prediction.probabilities.get(str(Label.PERSONAL_SYMPTOMS), 0.0) >= settings.referral_floor:
        notices.append(notice(NoticeCode.DOCTOR_REFERRAL, settings.language))
        if label is Label.OTHER:
            priority = max(priority, Priority.PERSONAL)
    if not confident or close:
        notices.append(notice(NoticeCode.LOW_CONFIDENCE))
    if not good:
        notices.append(notice(NoticeCode.NO_MATCH))
        if ReviewReason.NO_MATCH not in reasons and label is not Label.RESEARCH_HELP:
            reasons.append(ReviewReason.NO_MATCH)
            priority = max(priority, Priority.CLOSE_CALL)
    if label is Label.RESEARCH_HELP:
        notices.append(research_notice(topic))
    notices.extend(extra)
    intro = "Here is what our articles say:" if good else ""
    citations = [Citation.from_hit(p, query) for p in good]
    if (label is Label.PERSONAL_SYMPTOMS and good and care is not None
            and all(c.passage_id != care.passage_id for c in citations)):
        # second, so that it is not the one left out when the message runs short
        citations.insert(1, Citation.from_hit(care, query, kind=CitationKind.CARE))
        citations = citations[: max(settings.passages, 2)]
    reply = Reply(label, notices, citations, intro=intro)
    return ReplyPlan(reply, reasons, priority)


def _other_language_plan(label: Label, first: list[Notice], extra: list[Notice], reasons: list[str], priority: int,
                         language: str) -> ReplyPlan:
    """A post the bot cannot read: whatever it is about, the referral notice (it may be someone's own health
    problem), a word that only English posts are answered, and a moderator's look."""
    notices = [*first, notice(NoticeCode.DOCTOR_REFERRAL, language), notice(NoticeCode.OTHER_LANGUAGE, language),
               *extra]
    return ReplyPlan(Reply(label, notices), reasons, priority)


def sample_for_audit(plan: ReplyPlan, rate: float, rng: random.Random) -> ReplyPlan:
    """Queue a random share of the posts no rule queued, at the lowest priority with reason ``audit``.

    Moderators' decisions on queued posts alone measure precision on the uncertain posts only; this sample of
    confidently handled ones (replied to or left silent) makes the live estimate fair. ``rng`` is drawn from
    only for posts that could be sampled, so a seeded generator gives the same picks for the same posts.
    """
    if plan.needs_review or rate <= 0.0:
        return plan
    if rng.random() >= rate:
        return plan
    return replace(plan, review_reasons=[ReviewReason.AUDIT], priority=Priority.AUDIT)
