"""The real discord.py client against the fake Discord: what the bot really sends."""

from __future__ import annotations

import asyncio
import copy

import pytest

from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.wire import (
    _callback,
    _custom_ids,
    _in_channel,
    _reply_to,
    _review_message,
    answer_to,
    card_updated,
    eventually,
    get_case,
    one,
)

pytestmark = pytest.mark.asyncio


async def test_reply_with_passages_and_no_mentions(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("What causes muscle atrophy? @everyone")
    request = await fake.wait_for(_reply_to(post))
    body = request.json
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False} or body["allowed_mentions"]["parse"] == []
    embed = body["embeds"][0]
    assert "Muscle atrophy" in str(embed) and "Causes" in str(embed)
    assert len(embed.get("description", "")) <= 4096
    custom_ids = [c["custom_id"] for row in body["components"] for c in row["components"]]
    assert any(cid.startswith("triage:fb:helpful:") for cid in custom_ids)
    assert any(cid.startswith("triage:fb:report:") for cid in custom_ids)


async def test_silent_in_unlisted_channels_and_for_chit_chat(running):
    fake: FakeDiscord = running.fake
    await fake.post("why do muscles shrink when you stop using them", channel_id=fake.guild.other_channel_id)
    thanks = await fake.post("thank you all, that cleared things up for me")
    await fake.settle(1.0)
    assert fake.sent(_in_channel(fake.guild.other_channel_id)) == []
    assert fake.sent(_reply_to(thanks)) == []
    stored = (await one(running, "SELECT COUNT(*) FROM posts"))[0]
    assert stored == 1  # the thanks is recorded (and silent); the unlisted channel is not read at all


async def test_mentioning_the_bot_anywhere_gets_an_answer(running):
    fake: FakeDiscord = running.fake
    post = await fake.post(f"<@{fake.bot_id}> what is sarcopenia?", channel_id=fake.guild.other_channel_id,
                           mentions=[fake.bot_id])
    request = await fake.wait_for(_reply_to(post))
    assert "Sarcopenia" in str(request.json["embeds"])


async def test_forum_post_is_answered_in_its_thread(running):
    fake: FakeDiscord = running.fake
    starter = await fake.new_forum_post("Muscle loss in space", "For my school project, why do astronauts lose "
                                        "muscle in weightlessness and where can I find sources?")
    request = await fake.wait_for(_in_channel(int(starter["channel_id"])))
    assert "spaceflight" in str(request.json["embeds"]).lower() or "weightless" in str(request.json["embeds"]).lower()


async def test_personal_post_gets_referral_and_a_review_item_with_controls(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("I have been suffering from facial muscle atrophy and my cheek keeps getting hollower")
    reply = await fake.wait_for(_reply_to(post))
    assert "doctor" in str(reply.json["embeds"]).lower()
    message, case_id = await _review_message(fake, "my calf is shrinking after six weeks in a cast, is that normal?")
    ids = _custom_ids(message)
    assert {f"triage:rv:approve:{case_id}", f"triage:rv:edit:{case_id}", f"triage:rl:{case_id}"} <= set(ids)
    mod_request = next(r for r in fake.sent(_in_channel(fake.guild.mod_channel_id)))
    assert mod_request.json["allowed_mentions"]["parse"] == []


async def test_moderator_click_is_recorded_and_non_moderator_refused(running):
    fake: FakeDiscord = running.fake

    message, case_id = await _review_message(fake, "my legs have felt weak for months and my thighs look thinner")
    stale = copy.deepcopy(message)  # a second moderator's screen, still showing the buttons
    refused = await fake.click(message, f"triage:rv:approve:{case_id}", user_id=fake.guild.member_id)
    answer = await answer_to(fake, refused)
    assert answer["flags"] & 64 and "moderators" in answer["content"]
    assert (await get_case(running, case_id)).status != "resolved"

    clicked = await fake.click(message, f"triage:rv:approve:{case_id}", user_id=fake.guild.moderator_id)
    update = await fake.wait_for(_callback(clicked))
    assert update.json["type"] == 6  # acknowledged at once (deferred), then the card is updated in place
    edited = await card_updated(fake, clicked)
    assert "approve" in str(edited.json["embeds"])
    assert fake.messages[int(message["id"])]["components"] == []  # resolved: no buttons left
    item = (await get_case(running, case_id))
    assert item.status == "resolved" and item.resolved_by == f"discord:{fake.guild.moderator_id}"
    assert item.resolved_at

    again = await fake.click(stale, f"triage:rv:approve:{case_id}", user_id=fake.guild.moderator_id)
    second = await answer_to(fake, again)
    assert "already" in second["content"]


async def test_relabel_select_records_a_label(running):
    fake: FakeDiscord = running.fake
    message, case_id = await _review_message(fake, "my arm is thinner since my stroke last year, what helps?")
    clicked = await fake.click(message, f"triage:rl:{case_id}", user_id=fake.guild.moderator_id,
                               values=["general_info"])
    await card_updated(fake, clicked)
    row = (await one(running, "SELECT label, moderator_id FROM labels ORDER BY id DESC LIMIT 1"))
    assert row == ("general_info", f"discord:{fake.guild.moderator_id}")


async def test_buttons_still_work_after_a_restart(running):
    from data import review
    from tests.bot.discord.conftest import start_bot, stop_bot

    fake: FakeDiscord = running.fake
    message, case_id = await _review_message(fake, "my grip has been getting weaker and I keep dropping cups")
    await stop_bot(running)
    restarted = await start_bot(fake, running.app)
    try:
        clicked = await fake.click(message, f"triage:rv:escalate:{case_id}", user_id=fake.guild.moderator_id)
        await card_updated(fake, clicked)
        item = await get_case(restarted, case_id)
        assert item.route == "escalated" and item.priority > review.Priority.PERSONAL
        actor = await one(restarted, "SELECT actor FROM review_events WHERE review_item_id = ? AND action = 'escalate'",
                          [case_id])
        assert actor == (f"discord:{fake.guild.moderator_id}",)
    finally:
        await stop_bot(restarted)


async def test_slash_command_for_moderators_only(running):
    fake: FakeDiscord = running.fake
    await _review_message(fake, "I've had numbness in both feet for months and I'm diabetic")
    queue = await fake.slash("queue", user_id=fake.guild.moderator_id)
    answer = await answer_to(fake, queue)
    assert "#" in answer["content"]
    refused = await fake.slash("stats", user_id=fake.guild.member_id)
    no = await answer_to(fake, refused)
    assert no["flags"] & 64 and "Only moderators" in no["content"]


async def test_rate_limit_is_survived_without_losing_the_reply(running):
    fake: FakeDiscord = running.fake
    fake.rate_limit_next(_in_channel(fake.guild.answer_channel_id))
    post = await fake.post("how do doctors test an older person for sarcopenia?")
    await fake.wait_for(_reply_to(post))
    assert any(r.path.endswith("[429]") for r in fake.requests)
    await eventually(lambda: one(running, "SELECT status FROM replies ORDER BY id DESC LIMIT 1"), ("sent",))


async def test_emergency_pings_the_moderator_role_only(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("my dad's face is drooping on one side and he suddenly can't lift his arm")
    reply = await fake.wait_for(_reply_to(post))
    assert "emergency" in str(reply.json).lower()
    alert = await fake.wait_for(lambda r: _in_channel(fake.guild.mod_channel_id)(r) and r.json.get("content"))
    assert f"<@&{fake.guild.mod_role_id}>" in alert.json["content"]
    assert alert.json["allowed_mentions"]["roles"] == [str(fake.guild.mod_role_id)] or \
        alert.json["allowed_mentions"]["roles"] == [fake.guild.mod_role_id]
    assert "everyone" not in alert.json["allowed_mentions"].get("parse", [])


async def test_deleted_post_loses_its_text(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("What is cachexia?")
    await fake.wait_for(_reply_to(post))
    await fake.delete_message(post)
    for _ in range(100):
        row = running.app.db.execute("SELECT status, text FROM posts WHERE external_id = ?", [post["id"]]).fetchone()
        if row[0] == "deleted":
            break
        await asyncio.sleep(0.05)
    assert row[0] == "deleted" and not row[1]


async def test_forget_me_removes_the_members_data(running):
    fake: FakeDiscord = running.fake
    member = fake.guild.member_id
    post = await fake.post("my knee gives way since my ACL injury and the thigh is thinner")
    await fake.wait_for(_reply_to(post))
    ask = await fake.slash("", command="forget-me", user_id=member)
    prompt = await fake.wait_for(_callback(ask))
    components = prompt.json["data"]["components"]
    assert f"triage:forget:confirm:{member}" in _custom_ids(prompt.json["data"])
    message = fake._message(fake.guild.answer_channel_id, fake.user(fake.bot_id, bot=True), "Continue?",
                            components=components, flags=64)
    other = await fake.click(message, f"triage:forget:confirm:{member}", user_id=fake.guild.moderator_id)
    await fake.wait_for(_callback(other))
    assert (await one(running, "SELECT COUNT(*) FROM posts WHERE author_id = ?", [str(member)]))[0] > 0
    confirm = await fake.click(message, f"triage:forget:confirm:{member}", user_id=member)
    done = await answer_to(fake, confirm)
    assert "deleted" in done["content"]
    assert (await one(running, "SELECT COUNT(*) FROM posts WHERE author_id = ?", [str(member)]))[0] == 0


async def test_token_and_post_text_never_reach_the_logs(running, bot_logs):
    from tests.bot.discord.conftest import TOKEN

    fake: FakeDiscord = running.fake
    secret_text = "my zebra-striped calf muscle is shrinking since the cast"
    post = await fake.post(secret_text)
    await fake.wait_for(_reply_to(post))
    queue = await fake.slash("queue", user_id=fake.guild.moderator_id)
    await fake.wait_for(_callback(queue))
    ours = [r for r in bot_logs.records if r.name.startswith(("bot", "classifier", "responses", "data"))]
    assert ours, "the bot logged nothing at all"
    everything = "\n".join(r.getMessage() for r in bot_logs.records)
    assert TOKEN not in everything
    assert "zebra-striped" not in "\n".join(r.getMessage() for r in ours)
