"""A post in another language: the label is not trusted, nothing is quoted from the English articles, the
referral and "I can only answer in English" notices come in the post's language, and a moderator looks."""

from __future__ import annotations

import pytest

from classifier.labels import Label
from classifier.model import Prediction
from data.review import Priority
from responses.notices import NoticeCode
from responses.policy import PolicySettings, ReviewReason, plan_reply, wants_passages
from responses.red_flags import RedFlag, RedFlagKind, Tier
from responses.retrieval import PassageHit
from responses.safety import SafetyAssessment


def _prediction(label: Label, confidence: float = 0.9) -> Prediction:
    probs = {str(lab): (1 - confidence) / 3 for lab in Label} | {str(label): confidence}
    return Prediction(label, confidence, probs, "t")


HIT = PassageHit(1, "muscle-atrophy", "Muscle atrophy", "Treatment", "Exercise helps.", 0.9, "https://example.org")


@pytest.mark.parametrize("label", list(Label))
def test_any_label_gets_the_referral_in_the_posts_language_and_a_review(label):
    plan = plan_reply(_prediction(label), threshold=0.5, passages=[HIT], other_language="fr",
                      settings=PolicySettings(language="fr"))
    assert plan.reply is not None and plan.reply.citations == []
    assert plan.reply.notice_codes == [NoticeCode.DOCTOR_REFERRAL, NoticeCode.OTHER_LANGUAGE]
    assert plan.reply.notices[0].title == "Parlez-en à un médecin"
    assert plan.review_reasons == [ReviewReason.NON_ENGLISH, "language:fr"]
    assert plan.priority == Priority.OTHER_LANGUAGE


def test_an_emergency_in_another_language_gets_the_urgent_notice_first():
    safety = SafetyAssessment(flags=[RedFlag(RedFlagKind.UNCONSCIOUS, Tier.EMERGENCY, "no respira")])
    plan = plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[], safety=safety, other_language="es",
                      settings=PolicySettings(language="es", region="eu"))
    assert plan.reply.notice_codes == [NoticeCode.URGENT] and "llama al 112" in plan.reply.notices[0].text
    assert plan.review_reasons[0] == ReviewReason.EMERGENCY and ReviewReason.NON_ENGLISH in plan.review_reasons
    assert plan.priority == Priority.EMERGENCY


def test_urgent_care_and_a_watched_post_keep_their_priority():
    urgent = SafetyAssessment(flags=[RedFlag(RedFlagKind.CHEST_PAIN, Tier.URGENT_CARE, "dolor en el pecho")])
    plan = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[], safety=urgent,
                      other_language="de", settings=PolicySettings(language="de"))
    assert plan.reply.notice_codes[:2] == [NoticeCode.URGENT_CARE, NoticeCode.DOCTOR_REFERRAL]
    assert plan.priority == Priority.URGENT_CARE and ReviewReason.NON_ENGLISH in plan.review_reasons
    watched = plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[], other_language="es",
                         safety=SafetyAssessment(watch=True), personal_data=True,
                         settings=PolicySettings(language="es"))
    assert watched.priority == Priority.POSSIBLE_EMERGENCY
    assert watched.reply.notices[-1].title == "Datos personales en tu mensaje"


def test_no_search_for_a_post_in_another_language():
    assert not wants_passages(_prediction(Label.GENERAL_INFO), 0.5, SafetyAssessment(), PolicySettings(),
                              other_language="es")
    assert wants_passages(_prediction(Label.GENERAL_INFO), 0.5, SafetyAssessment(), PolicySettings())
