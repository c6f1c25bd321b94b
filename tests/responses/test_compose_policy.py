from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.labels import Label
from classifier.model import Prediction
from data.review import Priority
from responses.compose import MESSAGE_LIMIT, Citation, Reply, neutralise_mentions, render_text, trim
from responses.notices import NoticeCode, notice, urgent_notice
from responses.policy import REFERRAL_FLOOR, PolicySettings, plan_reply
from responses.red_flags import RedFlag, RedFlagKind, Tier
from responses.retrieval import PassageHit
from responses.safety import SafetyAssessment


def _prediction(label: Label, confidence: float = 0.9) -> Prediction:
    rest = (1 - confidence) / 3
    probs = {str(lab): rest for lab in Label}
    probs[str(label)] = confidence
    return Prediction(label, confidence, probs, "t")


def _hit(text: str = "Exercise helps rebuild muscle.", score: float = 0.5) -> PassageHit:
    return PassageHit(1, "muscle-atrophy", "Muscle atrophy", "Treatment", text, score, "https://example.org")


def test_personal_symptoms_gets_referral_first_and_is_queued():
    plan = plan_reply(_prediction(Label.PERSONAL_SYMPTOMS), threshold=0.5, passages=[_hit()])
    assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.DOCTOR_REFERRAL
    assert "personal_symptoms" in plan.review_reasons
    assert render_text(plan.reply).startswith("**⚠️ Please talk to a doctor**")


def test_research_help_adds_pointers_and_general_info_does_not():
    research = plan_reply(_prediction(Label.RESEARCH_HELP), threshold=0.5, passages=[_hit()])
    general = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit()])
    assert research.reply.has(NoticeCode.RESEARCH_POINTERS)
    assert not general.reply.has(NoticeCode.RESEARCH_POINTERS) and not general.needs_review


def test_other_is_silent():
    assert plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[]).silent


def test_low_confidence_is_careful_and_queued():
    plan = plan_reply(_prediction(Label.GENERAL_INFO, 0.4), threshold=0.5, passages=[_hit()])
    assert plan.reply.has(NoticeCode.LOW_CONFIDENCE) and "low_confidence" in plan.review_reasons


def test_no_good_passage_says_so_instead_of_guessing():
    plan = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit(score=0.01)])
    assert plan.reply.has(NoticeCode.NO_MATCH) and plan.reply.citations == []


def _flagged(kind: RedFlagKind, tier: Tier) -> SafetyAssessment:
    return SafetyAssessment(flags=[RedFlag(kind, tier, "words")])


def test_red_flag_overrides_everything():
    plan = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit()],
                      safety=_flagged(RedFlagKind.STROKE, Tier.EMERGENCY), settings=PolicySettings(region="uk"))
    assert plan.reply.notices[0].code is NoticeCode.URGENT and "999" in plan.reply.notices[0].text
    assert "Note the time" in plan.reply.notices[0].text
    assert plan.reply.citations == [] and plan.priority == 100


@pytest.mark.parametrize("label", list(Label))
def test_an_emergency_in_a_post_labelled_anything_gets_the_notice_and_a_review(label):
    plan = plan_reply(_prediction(label), threshold=0.5, passages=[],
                      safety=_flagged(RedFlagKind.SELF_HARM, Tier.EMERGENCY))
    assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.URGENT
    assert "findahelpline" in plan.reply.notices[0].text and plan.priority == Priority.EMERGENCY


def test_urgent_care_puts_see_a_doctor_today_first_and_queues_high_even_for_other():
    plan = plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[],
                      safety=_flagged(RedFlagKind.FAINTING, Tier.URGENT_CARE), settings=PolicySettings(region="uk"))
    assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.URGENT_CARE
    assert "NHS 111" in plan.reply.notices[0].text
    assert plan.priority == Priority.URGENT_CARE and "urgent_care" in plan.review_reasons
    personal = plan_reply(_prediction(Label.PERSONAL_SYMPTOMS), threshold=0.5, passages=[_hit()],
                          safety=_flagged(RedFlagKind.CHEST_PAIN, Tier.URGENT_CARE))
    assert personal.reply.notice_codes[:2] == ["urgent_care", "doctor_referral"]


def test_a_watched_post_is_queued_at_high_priority_even_when_silent():
    plan = plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[], safety=SafetyAssessment(watch=True))
    assert plan.silent and "possible_emergency" in plan.review_reasons
    assert plan.priority == Priority.POSSIBLE_EMERGENCY


def test_an_unsure_other_is_queued_not_dropped():
    prediction = Prediction(Label.OTHER, 0.5, {"other": 0.5, "general_info": 0.45, "personal_symptoms": 0.03,
                                               "research_help": 0.02}, "t")
    plan = plan_reply(prediction, threshold=0.6, passages=[])
    assert plan.silent and plan.needs_review


def test_an_unsure_other_that_may_be_personal_gets_a_careful_reply_with_the_referral():
    prediction = Prediction(Label.OTHER, 0.5, {"other": 0.5, "personal_symptoms": 0.3, "general_info": 0.1,
                                               "research_help": 0.1}, "t")
    plan = plan_reply(prediction, threshold=0.6, passages=[_hit()])
    assert plan.reply is not None and plan.reply.notice_codes[:2] == ["doctor_referral", "low_confidence"]
    assert plan.needs_review and plan.priority == Priority.PERSONAL
    confident = plan_reply(Prediction(Label.OTHER, 0.8, prediction.probabilities | {"other": 0.8}, "t"),
                           threshold=0.6, passages=[_hit()])
    assert confident.silent


def test_self_harm_notice_has_a_crisis_line():
    assert "988" in urgent_notice("us", self_harm=True).text
    assert "findahelpline" in urgent_notice("default", self_harm=True).text


@settings(max_examples=60, deadline=None)
@given(label=st.sampled_from(list(Label)), confidence=st.floats(0.26, 1.0),
       texts=st.lists(st.text(min_size=0, max_size=3000), max_size=5), threshold=st.floats(0, 1))
def test_personal_symptoms_always_carries_referral(label, confidence, texts, threshold):
    hits = [_hit(t or "x", 0.5) for t in texts]
    plan = plan_reply(_prediction(label, confidence), threshold=threshold, passages=hits)
    if label is Label.PERSONAL_SYMPTOMS:
        assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.DOCTOR_REFERRAL
        assert "Please talk to a doctor" in render_text(plan.reply)
    elif label is Label.OTHER:
        unsure = confidence < threshold or plan_margin(label, confidence) < 0.1
        personal = _prediction(label, confidence).probabilities[str(Label.PERSONAL_SYMPTOMS)]
        assert plan.needs_review == unsure
        # an unsure "other" that may be someone's own problem gets a careful reply with the referral notice
        assert (plan.reply is not None) == (unsure and personal >= REFERRAL_FLOOR)
        if plan.reply is not None:
            assert plan.reply.has(NoticeCode.DOCTOR_REFERRAL) and plan.reply.has(NoticeCode.LOW_CONFIDENCE)
    else:
        personal = _prediction(label, confidence).probabilities[str(Label.PERSONAL_SYMPTOMS)]
        assert plan.reply is not None
        assert plan.reply.has(NoticeCode.DOCTOR_REFERRAL) == (personal >= REFERRAL_FLOOR)


def plan_margin(label: Label, confidence: float) -> float:
    return _prediction(label, confidence).margin


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.text(max_size=5000), max_size=6), limit=st.integers(200, 4096))
def test_render_text_stays_within_limits_and_never_pings(texts, limit):
    citations = [Citation("A" * 50, "S", "https://x.org", t + " @everyone <@123> <@&456>", 0.5, i)
                 for i, t in enumerate(texts)]
    reply = Reply(Label.GENERAL_INFO, [notice(NoticeCode.DOCTOR_REFERRAL)], citations, intro="Here:")
    out = render_text(reply, limit=limit)
    assert len(out) <= limit
    assert "@everyone" not in out and "<@123>" not in out and "<@&456>" not in out


def test_trim_cuts_at_a_boundary():
    text = "First sentence here. Second sentence is longer than the rest of them all."
    assert trim(text, 30) == "First sentence here. …"
    assert len(trim("x" * 100, 10)) <= 10
    assert neutralise_mentions("hi @here") != "hi @here"
    assert len(render_text(Reply(Label.GENERAL_INFO), limit=MESSAGE_LIMIT)) == 0


def test_a_personal_post_quotes_the_articles_when_to_see_a_doctor_section_second():
    care = PassageHit(9, "muscle-atrophy", "Muscle atrophy", "When to see a doctor",
                      "Ask a doctor about wasting that spreads.", 0.5, None)
    hits = [_hit(), PassageHit(2, "muscle-atrophy", "Muscle atrophy", "Causes", "Disuse shrinks muscle.", 0.45, None)]
    plan = plan_reply(_prediction(Label.PERSONAL_SYMPTOMS), threshold=0.5, passages=hits, care=care)
    assert [c.section for c in plan.reply.citations] == ["Treatment", "When to see a doctor", "Causes"]
    assert plan.reply.citations[1].kind == "care"
    general = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=hits, care=care)
    assert "When to see a doctor" not in [c.section for c in general.reply.citations]
    nothing = plan_reply(_prediction(Label.PERSONAL_SYMPTOMS), threshold=0.5, passages=[_hit(score=0.01)], care=care)
    assert nothing.reply.citations == []  # no matching article, so no article's warning section either


def test_research_pointers_suggest_a_search_from_the_posts_topic():
    plan = plan_reply(_prediction(Label.RESEARCH_HELP), threshold=0.5, passages=[_hit()],
                      topic='"kidney stones" AND citrate')
    pointers = next(n for n in plan.reply.notices if n.code is NoticeCode.RESEARCH_POINTERS)
    assert '"kidney stones" AND citrate' in pointers.text and "microgravity" not in pointers.text
    assert "microgravity" not in notice(NoticeCode.RESEARCH_POINTERS).text
