from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.labels import Label
from classifier.model import Prediction
from responses.compose import MESSAGE_LIMIT, Citation, Reply, neutralise_mentions, render_text, trim
from responses.notices import NoticeCode, notice, urgent_notice
from responses.policy import PolicySettings, plan_reply
from responses.retrieval import PassageHit


def _prediction(label: Label, confidence: float = 0.9) -> Prediction:
    rest = (1 - confidence) / 3
    probs = {str(lab): rest for lab in Label}
    probs[str(label)] = confidence
    return Prediction(label, confidence, probs, "t")


def _hit(text: str = "Exercise helps rebuild muscle.", score: float = 0.5) -> PassageHit:
    return PassageHit(1, "muscle-atrophy", "Muscle atrophy", "Treatment", text, score, "https://example.org")


def test_personal_symptoms_gets_referral_first_and_is_queued():
    plan = plan_reply(_prediction(Label.PERSONAL_SYMPTOMS), threshold=0.5, passages=[_hit()], red_flag_kinds=[])
    assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.DOCTOR_REFERRAL
    assert "personal_symptoms" in plan.review_reasons
    assert render_text(plan.reply).startswith("**⚠️ Please talk to a doctor**")


def test_research_help_adds_pointers_and_general_info_does_not():
    research = plan_reply(_prediction(Label.RESEARCH_HELP), threshold=0.5, passages=[_hit()], red_flag_kinds=[])
    general = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit()], red_flag_kinds=[])
    assert research.reply.has(NoticeCode.RESEARCH_POINTERS)
    assert not general.reply.has(NoticeCode.RESEARCH_POINTERS) and not general.needs_review


def test_other_is_silent():
    assert plan_reply(_prediction(Label.OTHER), threshold=0.5, passages=[], red_flag_kinds=[]).silent


def test_low_confidence_is_careful_and_queued():
    plan = plan_reply(_prediction(Label.GENERAL_INFO, 0.4), threshold=0.5, passages=[_hit()], red_flag_kinds=[])
    assert plan.reply.has(NoticeCode.LOW_CONFIDENCE) and "low_confidence" in plan.review_reasons


def test_no_good_passage_says_so_instead_of_guessing():
    plan = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit(score=0.01)], red_flag_kinds=[])
    assert plan.reply.has(NoticeCode.NO_MATCH) and plan.reply.citations == []


def test_red_flag_overrides_everything():
    plan = plan_reply(_prediction(Label.GENERAL_INFO), threshold=0.5, passages=[_hit()], red_flag_kinds=["stroke"],
                      settings=PolicySettings(region="uk"))
    assert plan.reply.notices[0].code is NoticeCode.URGENT and "999" in plan.reply.notices[0].text
    assert plan.reply.citations == [] and plan.priority == 100


def test_self_harm_notice_has_a_crisis_line():
    assert "988" in urgent_notice("us", self_harm=True).text
    assert "findahelpline" in urgent_notice("default", self_harm=True).text


@settings(max_examples=60, deadline=None)
@given(label=st.sampled_from(list(Label)), confidence=st.floats(0.26, 1.0),
       texts=st.lists(st.text(min_size=0, max_size=3000), max_size=5), threshold=st.floats(0, 1))
def test_personal_symptoms_always_carries_referral(label, confidence, texts, threshold):
    hits = [_hit(t or "x", 0.5) for t in texts]
    plan = plan_reply(_prediction(label, confidence), threshold=threshold, passages=hits, red_flag_kinds=[])
    if label is Label.PERSONAL_SYMPTOMS:
        assert plan.reply is not None and plan.reply.notices[0].code is NoticeCode.DOCTOR_REFERRAL
        assert "Please talk to a doctor" in render_text(plan.reply)


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
