"""The pipeline on the real shipped articles and the model trained from the shipped seed posts."""

from __future__ import annotations

import pytest

from bot.pipeline import InvalidPost, Post
from classifier.labels import Label
from data import posts as post_store
from data import review

# Every post below is a new phrasing: none is a seed post the model was trained on.


def test_research_question_about_space(app):
    out = app.pipeline.handle_post(Post(
        "For my physiology coursework I need two peer-reviewed studies on muscle loss in astronauts, where do I "
        "search?"))
    assert out.label is Label.RESEARCH_HELP
    assert "research_pointers" in out.notices
    assert "search to start from:" in out.reply_text and "astronauts" in out.reply_text.split("start from:")[1][:80]
    text = " ".join(p.text.lower() + " " + p.section.lower() for p in out.passages)
    assert any(word in text for word in ("weightless", "microgravity", "spaceflight", "astronaut"))


def test_personal_symptoms_gets_referral_and_queue(app):
    out = app.pipeline.handle_post(Post(
        "The muscles around my left eye and cheek have been shrinking for months, should I be worried?"))
    assert out.label is Label.PERSONAL_SYMPTOMS
    assert out.notices[0] == "doctor_referral"
    assert out.queued and "personal_symptoms" in out.review_reasons
    assert out.reply_text.startswith("**⚠️ Please talk to a doctor**")
    # the matching article's when-to-get-help section is quoted beside the answer
    assert any(p.section in {"When to see a doctor", "Warning signs during recovery"} for p in out.passages)
    assert "See a doctor if" in out.reply_text or "prompt medical attention" in out.reply_text


def test_general_question_gets_causes_section(app):
    out = app.pipeline.handle_post(Post("why do muscles shrink when you stop using them"))
    assert out.label is Label.GENERAL_INFO
    assert out.passages and "caus" in out.passages[0].section.lower()
    assert "doctor_referral" not in out.notices


def test_thanks_is_silent(app):
    out = app.pipeline.handle_post(Post("thank you all, that cleared things up for me"))
    assert out.label is Label.OTHER and out.reply is None and out.reply_text is None


def test_chatter_about_academic_life_is_silent(app):
    out = app.pipeline.handle_post(Post("congrats on passing your quals, drinks on friday!"))
    assert out.label is Label.OTHER and out.reply is None


def test_emergency_overrides_label_and_passages(app):
    out = app.pipeline.handle_post(Post("my dad's face is drooping on one side and he suddenly can't speak properly"))
    assert out.notices[0] == "urgent" and out.passages == [] and out.queued
    item = review.get_item(app.db, out.review_item_id)
    assert item.priority == review.Priority.EMERGENCY


def test_post_is_recorded_before_replying_and_duplicates_are_handled_once(app):
    first = app.pipeline.handle_post(Post("What is sarcopenia?", face="discord", external_id="m-1", author_id="u"))
    again = app.pipeline.handle_post(Post("What is sarcopenia?", face="discord", external_id="m-1", author_id="u"))
    assert again.duplicate and again.post_id == first.post_id
    assert app.db.execute("SELECT COUNT(*) FROM predictions WHERE post_id = ?", [first.post_id]).fetchone()[0] == 1


def test_crash_mid_reply_leaves_a_received_post_and_loses_nothing(app, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("retriever crashed")

    monkeypatch.setattr(app.retriever, "search", boom)
    with pytest.raises(RuntimeError):
        app.pipeline.handle_post(Post("how quickly do muscles shrink after an injury?", face="discord", external_id="m-2"))
    pending = post_store.unanswered_posts(app.db)
    assert [p.external_id for p in pending] == ["m-2"] and pending[0].text == "how quickly do muscles shrink after an injury?"
    assert app.db.execute("SELECT COUNT(*) FROM predictions").fetchone()[0] == 0
    monkeypatch.undo()
    out = app.pipeline.process(pending[0].id, pending[0].text)
    assert out.reply_text and post_store.get_post(app.db, pending[0].id).status == "answered"


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u200b\u200b", "\x00\x01\x02"])
def test_empty_posts_are_refused_clearly(app, text):
    with pytest.raises(InvalidPost, match="empty"):
        app.pipeline.handle_post(Post(text))


def test_huge_post_gets_an_answer(app):
    out = app.pipeline.handle_post(Post("how quickly do muscles shrink after an injury? " * 4000))  # about 110 KB
    assert out.reply_text is not None and len(out.reply_text) <= 2000


def test_too_long_post_is_refused(app):
    with pytest.raises(InvalidPost, match="too long"):
        app.pipeline.handle_post(Post("a" * 300_000))


def test_mentions_never_reach_the_reply(app):
    out = app.pipeline.handle_post(Post("@everyone <@123> what causes muscle atrophy @here"))
    assert out.reply_text and "@everyone" not in out.reply_text and "<@123>" not in out.reply_text


def test_personal_data_is_flagged_and_suggested_for_removal(app):
    out = app.pipeline.handle_post(Post("my email is jane.doe@example.com and my leg muscles are wasting, help"))
    assert "email" in out.personal_data and "personal_data" in out.notices


def test_a_question_nothing_answers_is_said_so_and_recorded_as_a_content_gap(app, monkeypatch):
    from data.content_gaps import list_content_gaps

    monkeypatch.setattr(app.pipeline.retriever, "search", lambda *_a, **_k: [])  # the articles have nothing
    out = app.pipeline.handle_post(Post("What is the normal range for a ferritin blood test in adults?"))
    assert out.reply is not None and "no_match" in out.notices
    gaps = {g["post_id"]: g["top_score"] for g in list_content_gaps(app.db)}
    assert gaps.get(out.post_id) == 0.0


def test_a_model_change_made_by_another_process_is_served_within_the_check_interval(app, tiny_examples):
    """`triage retrain` or `rollback` in another process changes the current version in the store; a running
    bot or shell serves it at its next check (an injected clock, no sleeping)."""
    from bot.app import TriageApp
    from bot.pipeline import ModelHolder

    served = app.pipeline.models.get().version
    now = [0.0]
    holder = ModelHolder(app.pipeline.models.get(), follow=app.registry.load_if_changed, check_seconds=30,
                         clock=lambda: now[0])
    with TriageApp.open(app.db_path) as elsewhere:  # another process: its own connection to the same store
        candidate = elsewhere.registry.train_candidate(tiny_examples, n_seed=len(tiny_examples), n_labels=0)
        elsewhere.registry.promote(candidate.record.version)
    now[0] = 29.0
    assert holder.get().version == served  # not checked yet
    now[0] = 30.0
    assert holder.get().version == candidate.record.version
    assert not holder.refresh()  # nothing new since


def test_the_app_closes_its_store_however_the_block_ends(home):
    from bot.app import TriageApp

    with pytest.raises(RuntimeError), TriageApp.open(home / "triage.db") as app:
        raise RuntimeError("boom")
    with pytest.raises(Exception, match="closed"):
        app.db.execute("SELECT 1")


def test_audit_sample_queues_a_confident_post_at_the_lowest_priority(app):
    import random

    from data.settings_store import DEFAULT_SCOPE, set_setting

    set_setting(app.db, DEFAULT_SCOPE, "audit_sample_percent", 100.0)
    app.pipeline.rng = random.Random(3)
    out = app.pipeline.handle_post(Post("why do muscles shrink when you stop using them"))
    assert out.label is Label.GENERAL_INFO and out.reply is not None
    assert out.queued and out.review_reasons == ["audit"]
    item = review.get_item(app.db, out.review_item_id)
    assert item.priority == review.Priority.AUDIT and item.reasons == ["audit"] and item.model_version

    set_setting(app.db, DEFAULT_SCOPE, "audit_sample_percent", 0.0)
    again = app.pipeline.handle_post(Post("how do muscles waste away when a limb is in a cast"))
    assert not again.queued
