"""What a server owner does from Discord, over the strict fake: ``/triage setup`` stored per guild and read back
by ``/triage settings``, ``/triage diagnose`` finding what is wrong (with the fix), ``/triage automod`` writing an
alert-only rule within AutoMod's limits, and an AutoMod block of a crisis message reaching the member and the
moderators."""

from __future__ import annotations

import discord
import pytest

from bot.discord.automod import CRISIS_KEYWORDS, RULE_NAME
from data.settings_store import guild_settings
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.wire import _in_channel, answer_to


def _opt(name: str, value: object, kind: int) -> dict:
    return {"name": name, "type": kind, "value": str(value) if kind in (7, 8) else value}


@pytest.mark.asyncio
async def test_setup_round_trip_is_stored_per_guild_and_shown_by_settings(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    payload = await fake.slash("setup", user_id=g.moderator_id, options=[
        _opt("clinical_role", g.clinical_role_id, 8), _opt("clinical_channel", g.clinical_channel_id, 7),
        _opt("mod_log_channel", g.modlog_channel_id, 7), _opt("forum_channel", g.forum_channel_id, 7),
        _opt("answer_channel", g.other_channel_id, 7), _opt("language", "es", 3),
        _opt("personal_reply_mode", "dm", 3), _opt("retention_days", 30, 4)])
    said = await answer_to(fake, payload)
    assert said["content"].startswith("Saved:"), said["content"]
    assert "Next steps:" in said["content"] and "/triage diagnose" in said["content"]
    stored = await running.bot.service.run(guild_settings, running.app.db, str(g.id))
    assert stored["clinical_role_id"] == g.clinical_role_id and stored["language"] == "es"
    assert stored["mod_log_channel_id"] == g.modlog_channel_id and stored["retention_days"] == 30
    assert sorted(stored["answer_channel_ids"]) == sorted([g.answer_channel_id, g.other_channel_id])
    # the environment stays the default for what was not set, and the bot uses the new channel at once
    assert stored["mod_channel_id"] is None
    assert g.other_channel_id in running.bot.settings.answer_channel_ids
    shown = await answer_to(fake, await fake.slash("settings", user_id=g.moderator_id))
    assert f"**clinical_role_id**: <@&{g.clinical_role_id}>" in shown["content"]
    assert "**mod_channel_id**: <#" in shown["content"] and "(environment)" in shown["content"]
    assert "**language**: es" in shown["content"]


@pytest.mark.asyncio
async def test_setup_is_for_moderators_only(running):
    fake: FakeDiscord = running.fake
    payload = await fake.slash("setup", user_id=fake.guild.member_id, options=[_opt("language", "es", 3)])
    said = await answer_to(fake, payload)
    assert "Only moderators" in said["content"]
    stored = await running.bot.service.run(guild_settings, running.app.db, str(fake.guild.id))
    assert stored["language"] == "auto"  # the default: the server's Discord language


@pytest.mark.asyncio
async def test_diagnose_finds_a_missing_permission_and_a_role_it_cannot_notify(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    await answer_to(fake, await fake.slash("setup", user_id=g.moderator_id, options=[
        _opt("clinical_role", g.clinical_role_id, 8), _opt("clinical_channel", g.clinical_channel_id, 7)]))
    # the owner takes away what the bot needs: embeds in the clinical channel, and mentioning every role
    fake.deny_bot(g.clinical_channel_id, discord.Permissions(embed_links=True))
    fake.set_role(g.bot_role_id, permissions=int(fake.roles[g.bot_role_id]["permissions"])
                  & ~discord.Permissions(mention_everyone=True).value)
    await fake.refresh_guild()
    said = await answer_to(fake, await fake.slash("diagnose", user_id=g.moderator_id))
    text = said["content"]
    assert "missing permission: Embed Links in #clinical" in text, text
    assert "role @Clinicians is not mentionable" in text and "make the role mentionable" in text, text
    assert "queue:" in text and "model served:" in text and "last retention purge:" in text


@pytest.mark.asyncio
async def test_diagnose_says_no_problems_on_a_good_setup(running):
    fake: FakeDiscord = running.fake
    said = await answer_to(fake, await fake.slash("diagnose", user_id=fake.guild.moderator_id))
    assert said["content"].startswith("**No problems found.**"), said["content"]


@pytest.mark.asyncio
async def test_automod_rule_is_alert_only_and_updated_not_duplicated(running):
    fake: FakeDiscord = running.fake
    for _ in range(2):
        said = await answer_to(fake, await fake.slash("automod", user_id=fake.guild.moderator_id))
        assert "never blocking" in said["content"], said["content"]
    assert len(fake.automod_rules) == 1
    rule = next(iter(fake.automod_rules.values()))
    assert rule["name"] == RULE_NAME and rule["trigger_type"] == 1
    assert {a["type"] for a in rule["actions"]} == {2}  # send_alert_message only: never block_message (1)
    assert len(rule["trigger_metadata"]["keyword_filter"]) == len(set(CRISIS_KEYWORDS))


@pytest.mark.asyncio
async def test_automod_block_of_a_crisis_message_dms_the_member_and_pings_moderators(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    text = "I took all my pills an hour ago and I want to die"
    first = await fake.automod_action(text, blocked=True, matched="want to die")
    # a second action of the same rule on the same message (say, a timeout): one notice, one ping
    await fake.automod_action(text, blocked=True, matched="want to die", rule_id=int(first["rule_id"]))
    dm = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages")
                             and int(r.path.split("/")[2]) in fake._dm_channels.values())
    assert dm.ok and "immediate danger" in dm.json["embeds"][0]["description"]
    ping = await fake.wait_for(lambda r: _in_channel(g.mod_channel_id)(r) and "AutoMod blocked" in
                               (r.json.get("content") or ""))
    assert fake.notified(ping)["roles"] == [g.mod_role_id]
    assert "pills" not in ping.json["content"]  # never the post text in the moderators' channel
    await fake.settle(0.2)
    assert len(fake.sent(lambda r: _in_channel(g.mod_channel_id)(r) and "AutoMod" in (r.json.get("content") or ""))) == 1


@pytest.mark.asyncio
async def test_automod_flag_of_an_ordinary_message_does_nothing(running):
    fake: FakeDiscord = running.fake
    await fake.automod_action("what does suicide prevention research say about apps", blocked=False,
                              matched="suicid")
    await fake.settle(0.3)
    assert not fake.sent(lambda r: "AutoMod" in (r.json.get("content") or ""))
