"""The moderators' workflow over the strict fake: a link to the post on every card, Claim contested by two
moderators (who holds the case is on the card), Escalate pinging the clinical role in the clinical channel, a
mod-log line per decision without post text, and a Spanish guild's safety notice."""

from __future__ import annotations

import pytest

from data.settings_store import set_setting
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.wire import _in_channel, _reply_to, _review_message, answer_to, card_updated, get_case

PERSONAL = "my knee has been swelling up every evening for two weeks and I'm worried about it"


async def _configure(running, **values: object) -> None:
    service = running.bot.service
    for key, value in values.items():
        await service.run(set_setting, service.db, str(running.fake.guild.id), key, value)
    await running.bot.refresh_settings()


def _components(message: dict) -> list[dict]:
    return [c for row in message.get("components", []) for c in row["components"]]


@pytest.mark.asyncio
async def test_every_card_links_to_its_post(running):
    fake: FakeDiscord = running.fake
    card, _ = await _review_message(fake, PERSONAL)
    post = next(m for m in fake.messages.values() if m["content"] == PERSONAL)
    links = [c["url"] for c in _components(card) if c.get("style") == 5]
    assert links == [f"https://discord.com/channels/{fake.guild.id}/{post['channel_id']}/{post['id']}"]


@pytest.mark.asyncio
async def test_claim_by_two_moderators_one_holds_the_case(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    await _configure(running, mod_log_channel_id=g.modlog_channel_id)
    card, case_id = await _review_message(fake, PERSONAL)
    first = await fake.click(card, f"triage:rv:claim:{case_id}", user_id=g.moderator_id)
    await card_updated(fake, first)
    stored = fake.messages[int(card["id"])]
    status = next(f["value"] for f in stored["embeds"][0]["fields"] if f["name"] == "Status")
    assert f"claimed by <@{g.moderator_id}>" in status
    assert any(c.get("label") == "Release" for c in _components(stored))
    second = await fake.click(stored, f"triage:rv:claim:{case_id}", user_id=g.moderator2_id)
    said = await answer_to(fake, second)
    assert f"already claimed by <@{g.moderator_id}>" in said["content"]
    # the second moderator cannot decide it either while the claim holds
    decide = await fake.click(stored, f"triage:rv:approve:{case_id}", user_id=g.moderator2_id)
    said = await answer_to(fake, decide)
    assert "already claimed" in said["content"]
    assert (await get_case(running, case_id)).claimed_by == f"discord:{g.moderator_id}"
    # the holder releases it; then the other moderator can claim
    release = await fake.click(stored, f"triage:rv:claim:{case_id}", user_id=g.moderator_id)
    await card_updated(fake, release)
    again = await fake.click(fake.messages[int(card["id"])], f"triage:rv:claim:{case_id}", user_id=g.moderator2_id)
    await card_updated(fake, again)
    assert (await get_case(running, case_id)).claimed_by == f"discord:{g.moderator2_id}"
    # the mod-log line follows the card update: wait for the third one to arrive
    third = await fake.wait_for(lambda r: _in_channel(g.modlog_channel_id)(r)
                                and len(fake.sent(_in_channel(g.modlog_channel_id))) >= 3)
    assert third.ok
    lines = [r.json["content"] for r in fake.sent(_in_channel(g.modlog_channel_id))]
    assert [line.split(" · ")[1] for line in lines] == ["claim", "release", "claim"]


@pytest.mark.asyncio
async def test_escalate_pings_the_clinical_role_and_logs_one_line_without_post_text(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    fake.set_role(g.clinical_role_id, mentionable=True)
    await fake.refresh_guild()
    card, case_id = await _review_message(fake, PERSONAL)  # before the clinical channel (cases would go there)
    await _configure(running, clinical_role_id=g.clinical_role_id, clinical_channel_id=g.clinical_channel_id,
                     mod_log_channel_id=g.modlog_channel_id)
    click = await fake.click(card, f"triage:rv:escalate:{case_id}", user_id=g.moderator_id)
    ping = await fake.wait_for(lambda r: _in_channel(g.clinical_channel_id)(r) and "escalated" in r.json["content"])
    assert fake.notified(ping)["roles"] == [g.clinical_role_id] and fake.notified(ping)["users"] == []
    assert f"case #{case_id}" in ping.json["content"] and card["id"] in ping.json["content"]
    await card_updated(fake, click)
    line = await fake.wait_for(_in_channel(g.modlog_channel_id))
    case, action, moderator, when = line.json["content"].split(" · ")
    assert (case, action) == (f"case #{case_id}", "escalate") and str(g.moderator_id) in moderator
    assert when.startswith("<t:") and "knee" not in line.json["content"]
    assert fake.notified(line) == {"roles": [], "users": [], "everyone": False}


@pytest.mark.asyncio
async def test_escalate_without_a_clinical_role_pings_the_moderators(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    card, case_id = await _review_message(fake, PERSONAL)
    await fake.click(card, f"triage:rv:escalate:{case_id}", user_id=g.moderator_id)
    ping = await fake.wait_for(lambda r: _in_channel(g.mod_channel_id)(r) and "escalated" in
                               (r.json.get("content") or ""))
    assert fake.notified(ping)["roles"] == [g.mod_role_id]  # the README's permissions let the bot mention it


@pytest.mark.asyncio
async def test_a_spanish_guild_gets_the_emergency_notice_in_spanish(running):
    fake: FakeDiscord = running.fake
    await _configure(running, language="es", region="eu")
    post = await fake.post("my dad has crushing chest pain spreading to his left arm and he is sweating")
    reply = await fake.wait_for(_reply_to(post))
    text = reply.json["embeds"][0]["description"] + " ".join(
        f.get("value", "") for e in reply.json["embeds"] for f in e.get("fields", []))
    assert "Lo que describes puede ser una urgencia médica" in text and "llama al 112" in text, text


@pytest.mark.asyncio
async def test_private_thread_mode_answers_in_a_private_thread_with_the_member_and_the_clinical_role(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    await _configure(running, personal_reply_mode="private_thread", clinical_role_id=g.clinical_role_id)
    await fake.post(PERSONAL)
    made = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{g.answer_channel_id}/threads")
    assert made.ok and made.json["type"] == 12 and made.json["invitable"] is False
    thread_id = next(t for t, th in fake.threads.items() if th["type"] == 12)
    reply = await fake.wait_for(_in_channel(thread_id))
    assert fake.notified(reply)["users"] == [g.member_id]
    # the clinical role is added by the mention (Discord adds a mentioned role's members to a private thread)
    assert f"<@&{g.clinical_role_id}>" in reply.json["content"]
    assert not fake.sent(lambda r: _in_channel(g.answer_channel_id)(r) and r.json.get("embeds"))
