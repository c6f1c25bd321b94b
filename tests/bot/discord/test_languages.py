"""The notices' language over the strict fake Discord: a guild whose Discord language is French (and no
``language`` setting) gets the French emergency notice, and German after the owner switches the server to German
(GUILD_UPDATE); a German post in an English guild gets the German referral and a review card saying why."""

from __future__ import annotations

import pytest

from bot.app import TriageApp
from tests.bot.discord.conftest import start_bot, stop_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.wire import _reply_to, _review_message

EMERGENCY = "my brother collapsed, he is not breathing and won't wake up"


def _text(request) -> str:  # noqa: ANN001 - a recorded request
    return " ".join(f"{e.get('title', '')} {e.get('description', '')} "
                    + " ".join(f"{f.get('name', '')} {f.get('value', '')}" for f in e.get("fields", []))
                    for e in request.json.get("embeds", []))


@pytest.mark.asyncio
async def test_a_french_server_without_a_language_setting_gets_french_notices(fake: FakeDiscord, home, bot_logs):
    fake.guild.preferred_locale = "fr"
    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    try:
        post = await fake.post(EMERGENCY)
        text = _text(await fake.wait_for(_reply_to(post)))
        assert "Il peut s'agir d'une urgence" in text and "appelez maintenant le numéro d'urgence" in text, text
        await fake.set_preferred_locale("de")  # the owner switches the server to German
        await fake.settle(0.2)
        again = await fake.post(EMERGENCY + " Please help")
        text = _text(await fake.wait_for(_reply_to(again)))
        assert "Das kann ein Notfall sein" in text, text
    finally:
        await stop_bot(running)
        app.close()


GERMAN = "Seit zwei Wochen habe ich ein Kribbeln in den Füßen und bin sehr müde, woran kann das liegen?"


@pytest.mark.asyncio
async def test_a_german_post_in_an_english_server_gets_the_german_referral_and_a_review_card(running):
    fake: FakeDiscord = running.fake
    card, _case = await _review_message(fake, GERMAN)
    post = next(m for m in fake.messages.values() if m["content"] == GERMAN)
    reply = await fake.wait_for(_reply_to(post))
    text = _text(reply)
    assert "Bitte sprich mit einer Ärztin oder einem Arzt" in text and "Ich kann nur auf Englisch antworten" in text
    assert reply.json["allowed_mentions"]["parse"] == []
    reasons = next(f["value"] for e in card["embeds"] for f in e.get("fields", []) if f["name"] == "Reasons")
    assert "non_english" in reasons and "language:de" in reasons
