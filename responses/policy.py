"""The reply policy: from a prediction, red flags and passages to what the bot says and whether a human looks.

One rule per label, and safety rules above them all:

* emergency signs override the label: an urgent notice, no self-care passages, top-priority review;
* ``personal_symptoms`` always carries the doctor-referral notice first and always gets a moderator's look;
* ``research_help`` adds pointers for researching beside the passages;
* ``general_info`` answers from the passages;
* ``other`` gets no reply;
* below the label's confidence threshold, or when the top two labels are close, the reply is careful and the
  post is queued; when no passage matches well, the reply says so instead of pasting something unrelated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from classifier.labels import Label
from classifier.model import Prediction
from data.review import Priority
from responses.compose import Citation, Reply
from responses.notices import Notice, NoticeCode, notice, urgent_notice
from responses.retrieval import MIN_SCORE, PassageHit

__all__ = ["PolicySettings", "ReplyPlan", "plan_reply", "ReviewReason"]


class ReviewReason:
    EMERGENCY = "emergency"
    PERSONAL_SYMPTOMS = "personal_symptoms"
    LOW_CONFIDENCE = "low_confidence"
    CLOSE_CALL = "close_call"
    NO_MATCH = "no_match"


@dataclass(frozen=True)
class PolicySettings:
    region: str = "default"
    passages: int = 3
    min_score: float = MIN_SCORE
    margin: float = 0.1


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


def plan_reply(
    prediction: Prediction,
    *,
    threshold: float,
    passages: list[PassageHit],
    red_flag_kinds: list[str],
    personal_data: bool = False,
    settings: PolicySettings | None = None,
) -> ReplyPlan:
    settings = settings or PolicySettings()
    extra: list[Notice] = [notice(NoticeCode.PERSONAL_DATA)] if personal_data else []
    if red_flag_kinds:
        urgent = urgent_notice(settings.region, self_harm="self_harm" in red_flag_kinds)
        reasons = [ReviewReason.EMERGENCY] + [f"red_flag:{k}" for k in red_flag_kinds]
        return ReplyPlan(Reply(prediction.label, [urgent, *extra]), reasons, Priority.EMERGENCY)

    reasons: list[str] = []
    priority = 0
    confident = prediction.confidence >= threshold
    close = prediction.margin < settings.margin
    if not confident:
        reasons.append(ReviewReason.LOW_CONFIDENCE)
        priority = max(priority, Priority.LOW_CONFIDENCE)
    if close:
        reasons.append(ReviewReason.CLOSE_CALL)
        priority = max(priority, Priority.CLOSE_CALL)

    label = prediction.label
    if label is Label.OTHER:
        return ReplyPlan(None, reasons, priority)

    good = [p for p in passages if p.score >= settings.min_score][: settings.passages]
    notices: list[Notice] = []
    if label is Label.PERSONAL_SYMPTOMS:
        notices.append(notice(NoticeCode.DOCTOR_REFERRAL))
        reasons.insert(0, ReviewReason.PERSONAL_SYMPTOMS)
        priority = max(priority, Priority.PERSONAL)
    if not confident or close:
        notices.append(notice(NoticeCode.LOW_CONFIDENCE))
    if not good:
        notices.append(notice(NoticeCode.NO_MATCH))
        if ReviewReason.NO_MATCH not in reasons and label is not Label.RESEARCH_HELP:
            reasons.append(ReviewReason.NO_MATCH)
            priority = max(priority, Priority.CLOSE_CALL)
    if label is Label.RESEARCH_HELP:
        notices.append(notice(NoticeCode.RESEARCH_POINTERS))
    notices.extend(extra)
    intro = "Here is what our articles say:" if good else ""
    reply = Reply(label, notices, [Citation.from_hit(p) for p in good], intro=intro)
    return ReplyPlan(reply, reasons, priority)
