"""Posts in other languages through the whole pipeline (the shipped model and articles), and the notices'
language chosen by the guild's setting, then its Discord language, then English; the terminal face shows the
detected language and follows ``triage settings set language``. Posts written for this test."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.pipeline import Post
from data import review
from data.settings_store import set_setting
from data.states import Route

PERSONAL = {
    "es": ("Desde hace un mes se me duermen las manos por la noche y me preocupa mucho, ¿qué puede ser?",
           "Habla con un médico", "Solo puedo responder en inglés"),
    "fr": ("Depuis un mois j'ai les mains qui s'engourdissent la nuit et ça m'inquiète, qu'est-ce que ça peut être ?",
           "Parlez-en à un médecin", "Je ne peux répondre qu'en anglais"),
    "de": ("Seit einem Monat schlafen mir nachts die Hände ein und das macht mir Sorgen, was kann das sein?",
           "Bitte sprich mit einer Ärztin oder einem Arzt", "Ich kann nur auf Englisch antworten"),
}


@pytest.mark.parametrize("language", sorted(PERSONAL))
def test_a_personal_post_in_another_language_gets_the_referral_in_it_and_goes_to_moderators(app, language):
    text, referral, only_english = PERSONAL[language]
    out = app.pipeline.handle_post(Post(text))
    assert out.language == language and out.notice_language == language
    assert out.notices == ["doctor_referral", "other_language"] and out.passages == []
    assert out.reply_text.startswith(f"**⚠️ {referral}**") and only_english in out.reply_text
    assert out.queued and out.review_reasons == ["non_english", f"language:{language}"]
    item = review.get_item(app.db, out.review_item_id)
    assert item.priority == review.Priority.OTHER_LANGUAGE and item.route == Route.GENERAL
    assert sorted(item.reasons) == [f"language:{language}", "non_english"]
    assert out.to_json()["language"] == language


def test_an_emergency_in_spanish_is_caught_and_answered_in_spanish(app):
    out = app.pipeline.handle_post(Post("mi padre no respira"))
    assert out.urgent_tier == "emergency" and out.notices == ["urgent"]
    assert out.reply_text.startswith("**⚠️ Esto puede ser una urgencia**")
    assert "emergency" in out.review_reasons and "non_english" in out.review_reasons
    assert review.get_item(app.db, out.review_item_id).priority == review.Priority.EMERGENCY


def test_the_posts_language_wins_over_the_guilds(app):
    set_setting(app.db, "g-fr", "language", "fr")
    out = app.pipeline.handle_post(Post(PERSONAL["de"][0], guild_id="g-fr", external_id="de-in-fr"))
    assert out.notice_language == "de" and PERSONAL["de"][1] in out.reply_text


EMERGENCY = "my husband is clutching his chest and sweating, his left arm hurts"


def test_an_english_post_follows_the_setting_then_the_guilds_discord_language(app):
    app.set_guild_language("g-de", "de")
    auto = app.pipeline.handle_post(Post(EMERGENCY, guild_id="g-de", external_id="1"))
    assert auto.language == "en" and auto.notice_language == "de" and "Das kann ein Notfall sein" in auto.reply_text
    assert "non_english" not in auto.review_reasons
    set_setting(app.db, "g-de", "language", "en")
    chosen = app.pipeline.handle_post(Post(EMERGENCY + ".", guild_id="g-de", external_id="2"))
    assert chosen.notice_language == "en" and "This may be an emergency" in chosen.reply_text
    app.set_guild_language("g-pt", "pt")  # a Discord language without notices
    assert app.pipeline.handle_post(Post(EMERGENCY, guild_id="g-pt", external_id="3")).notice_language == "en"


def _ask(home, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"TRIAGE_HOME": str(home)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_terminal_shows_the_language_and_follows_the_setting(home):
    out = _ask(home, "settings", "set", "language", "fr")
    assert "language = fr" in out
    answer = _json(_ask(home, "ask", "--json", EMERGENCY))
    assert answer["language"] == "en" and answer["notice_language"] == "fr"
    assert "Il peut s'agir d'une urgence" in answer["reply"]
    spanish = _json(_ask(home, "ask", "--json", PERSONAL["es"][0]))
    assert spanish["language"] == "es" and "non_english" in spanish["review_reasons"]
    plain = _ask(home, "ask", PERSONAL["de"][0])
    assert "language: de" in plain


def _json(out: str) -> dict:
    return json.loads(out[out.index("{"):])
