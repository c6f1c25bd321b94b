"""Edits reach the bot (cached or not) and update the member's one reply; a restart in the middle of an edit sends
no second reply; posts made while the bot was down are found in history; a dropped connection resumes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import discord
import pytest

from bot.app import TriageApp
from tests.bot.discord.conftest import start_bot, stop_bot
from tests.bot.discord.fake_discord import FakeDiscord, snowflake_at
from tests.bot.discord.wire import _in_channel, _reply_to, eventually, one

pytestmark = pytest.mark.asyncio


def _replies_to(fake: FakeDiscord, message: dict) -> list:
    return [r for r in fake.sent(_reply_to(message)) if r.ok]


def _edits_of(fake: FakeDiscord, channel_id: str, message_id: str):  # noqa: ANN202
    return lambda r: r.method == "PATCH" and r.path == f"/channels/{channel_id}/messages/{message_id}"


async def _message_replying_to(fake: FakeDiscord, post: dict, timeout: float = 10.0) -> dict:
    """The bot's message that replies to ``post`` (stored by the fake once the request is answered)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = [m for m in fake.messages.values()
                 if str((m.get("message_reference") or {}).get("message_id")) == str(post["id"])]
        if found:
            return found[-1]
        assert asyncio.get_running_loop().time() < deadline, "no stored reply to the post"
        await asyncio.sleep(0.01)


async def test_an_edit_of_an_uncached_post_updates_the_one_reply_in_place(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("What is sarcopenia? call me on 07700 900123")
    reply = await fake.wait_for(_reply_to(post))
    bot_message = await _message_replying_to(fake, post)
    running.bot._connection._messages.clear()  # as after a restart: on_message_edit would never fire
    await fake.edit(post, "What is cachexia?")
    edited = await fake.wait_for(_edits_of(fake, post["channel_id"], bot_message["id"]))
    assert edited.ok and "Sarcopenia" in str(reply.json["embeds"])
    assert "cachexia" in str(edited.json["embeds"]).lower() and edited.json["embeds"] != reply.json["embeds"]
    await eventually(lambda: one(running, "SELECT text, personal_data FROM posts WHERE external_id = ?",
                                 [post["id"]]), ("What is cachexia?", "[]"))
    def replies() -> list:
        return running.app.db.execute(
            "SELECT status, external_id FROM replies WHERE post_id = (SELECT id FROM posts WHERE external_id = ?)"
            " ORDER BY id", [post["id"]]).fetchall()

    async def statuses() -> list[str]:  # the bot records "sent" once Discord has answered the edit
        return [r[0] for r in await running.bot.service.run(replies)]

    await eventually(statuses, ["replaced", "sent"])
    rows = await running.bot.service.run(replies)
    assert rows[0][1] == rows[1][1]
    await fake.settle(0.3)
    assert len(_replies_to(fake, post)) == 1


async def test_an_edit_that_adds_an_emergency_shows_the_member_the_notice(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("how much protein do older adults need")
    await fake.wait_for(_reply_to(post))
    await fake.edit(post, "how much protein do older adults need? also my dad's face is drooping on one side "
                          "and he suddenly can't lift his arm")
    await eventually(lambda: _count(fake, post), 2)
    urgent = _replies_to(fake, post)[-1]
    assert "emergency" in str(urgent.json).lower()


async def _count(fake: FakeDiscord, post: dict) -> int:
    return len(_replies_to(fake, post))


async def test_a_restart_in_the_middle_of_an_edit_sends_no_second_reply(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    try:
        post = await fake.post("What makes a muscle waste away over time?")
        await fake.wait_for(_reply_to(post))
        bot_message = next(m for m in reversed(list(fake.messages.values())) if m.get("message_reference"))
        edit_path = _edits_of(fake, post["channel_id"], bot_message["id"])
        fake.fail_next(edit_path, 403, 50013, "Missing Permissions")  # the edited reply is not delivered...
        await fake.edit(post, "What is sarcopenia?")
        await fake.wait_for(lambda r: edit_path(r) and not r.ok)
        await stop_bot(running)  # ...and the bot stops before it could be
        running = await start_bot(fake, app)
        fixed = await fake.wait_for(lambda r: edit_path(r) and r.ok)
        assert "Sarcopenia" in str(fixed.json["embeds"]) or fixed.json["embeds"]
        await fake.settle(0.3)
        assert len(_replies_to(fake, post)) == 1
        cases = await one(running, "SELECT COUNT(*) FROM review_items WHERE reasons LIKE '%missed_while_offline%'")
        assert cases == (0,)
    finally:
        await stop_bot(running)
        app.close()


async def test_posts_made_while_the_bot_was_down_are_answered_or_handed_to_moderators(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    try:
        now = discord.utils.utcnow()
        seen = await fake.post("What is sarcopenia?", message_id=snowflake_at(now - timedelta(hours=3)))
        await fake.wait_for(_reply_to(seen))
        await stop_bot(running)  # down for three hours
        old = fake.posted_while_away("What makes a muscle waste away over time?",
                                     message_id=snowflake_at(now - timedelta(hours=2)))
        recent = [fake.posted_while_away(q) for q in ("How is cachexia treated?", "What is sarcopenia exactly?")]
        fake.posted_while_away("thanks all", channel_id=fake.guild.other_channel_id)  # not a listed channel
        forum = fake.forum_post_while_away("Sarcopenia", "is it reversible at 80?")
        running = await start_bot(fake, app)
        for message in recent:
            await fake.wait_for(_reply_to(message))
        await fake.wait_for(_in_channel(int(forum["channel_id"])))
        card = await fake.wait_for(lambda r: _in_channel(fake.guild.mod_channel_id)(r)
                                   and "missed_while_offline" in str(r.json.get("embeds")))
        assert card.ok
        await fake.settle(0.3)
        assert fake.sent(_reply_to(old)) == []
        history = [r for r in fake.requests if r.method == "GET" and r.path.endswith("/messages")]
        assert {r.path for r in history} == {f"/channels/{fake.guild.answer_channel_id}/messages",
                                             f"/channels/{forum['channel_id']}/messages"}
        stored = await one(running, "SELECT COUNT(*) FROM posts")
        assert stored == (5,)
    finally:
        await stop_bot(running)
        app.close()


async def test_a_dropped_connection_resumes_and_replays_what_was_missed(running):
    fake: FakeDiscord = running.fake
    await fake.disconnect(code=4000)
    missed = await fake.post("What is cachexia?")  # sent while the bot is away: kept for the RESUME
    reply = await fake.wait_for(_reply_to(missed), timeout=20)
    assert reply.ok and fake.resumed == 1 and fake.identified == 1


async def test_the_gateway_bot_endpoint_is_served(fake: FakeDiscord):
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{fake.port}/api/v10/gateway/bot") as response:
        body = await response.json()
    assert body["shards"] == 1 and body["url"].startswith("ws://") and body["session_start_limit"]["remaining"]
