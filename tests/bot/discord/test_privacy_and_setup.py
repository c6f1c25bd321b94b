"""Privacy on the Discord side (review cards redacted when a post goes, bulk and forum deletes seen, personal
replies never public because a DM failed or a restart happened), start-up checks, and the smaller items: the
bot's role mention, forum titles, the edit modal, who sees the moderator commands."""

from __future__ import annotations

import dataclasses
import logging

import discord
import pytest

from bot.app import TriageApp
from bot.cli.run import settings_lines, startup_failure_lines
from bot.discord.client import StartupError
from bot.pipeline import Post
from tests.bot.discord.conftest import settings_for, start_bot, stop_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.wire import (
    _in_channel,
    _reply_to,
    _review_message,
    answer_to,
    card_updated,
    eventually,
    one,
)

PERSONAL = "my calf has been shrinking for weeks since my cast came off and I'm worried about it"


def _card_edits(fake: FakeDiscord, card: dict):  # noqa: ANN202
    return lambda r: r.method == "PATCH" and r.path == f"/channels/{card['channel_id']}/messages/{card['id']}"


@pytest.mark.asyncio
async def test_a_deleted_post_leaves_no_excerpt_on_its_review_card(running):
    fake: FakeDiscord = running.fake
    card, _ = await _review_message(fake, PERSONAL)
    post = next(m for m in fake.messages.values() if m["content"] == PERSONAL)
    await fake.delete_message(post)
    edit = await fake.wait_for(_card_edits(fake, card))
    assert edit.ok and edit.json["embeds"][0]["description"] == "(deleted by the member)"


@pytest.mark.asyncio
async def test_the_retention_purge_takes_the_excerpt_off_review_cards(running):
    from data.settings_store import set_setting

    fake: FakeDiscord = running.fake
    card, case_id = await _review_message(fake, PERSONAL)
    service = running.bot.service
    await service.run(set_setting, service.db, str(fake.guild.id), "retention_days", 30)
    await service.run(lambda: service.db.execute(
        "UPDATE posts SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = "
        "(SELECT post_id FROM review_items WHERE id = ?)", [case_id]))
    assert await running.bot.review_posts.purge_expired_text() == 1
    edit = await fake.wait_for(_card_edits(fake, card))
    assert edit.ok and "calf" not in edit.json["embeds"][0]["description"]


@pytest.mark.asyncio
async def test_bulk_deletes_and_deleted_forum_posts_remove_the_text(running):
    fake: FakeDiscord = running.fake
    posts = [await fake.post(q) for q in ("What is sarcopenia?", "What is cachexia?")]
    for p in posts:
        await fake.wait_for(_reply_to(p))
    await fake.bulk_delete(posts)
    starter = await fake.new_forum_post("Weak grip", "why does grip strength drop with age?")
    await fake.wait_for(_in_channel(int(starter["channel_id"])))
    await fake.delete_thread(int(starter["channel_id"]))
    await eventually(lambda: one(running, "SELECT COUNT(*) FROM posts WHERE text IS NOT NULL"), (0,))
    assert await one(running, "SELECT COUNT(*) FROM posts WHERE status = 'deleted'") == (3,)


@pytest.mark.asyncio
async def test_forget_me_removes_the_case_from_the_review_card(running):
    fake: FakeDiscord = running.fake
    member = fake.guild.member_id
    card, _ = await _review_message(fake, PERSONAL)
    ask = await fake.slash("", command="forget-me", user_id=member)
    prompt = await answer_to(fake, ask)
    message = fake._message(fake.guild.answer_channel_id, fake.user(fake.bot_id, bot=True), "Continue?",
                            components=prompt["components"], flags=64)
    await fake.click(message, f"triage:forget:confirm:{member}", user_id=member)
    edit = await fake.wait_for(_card_edits(fake, card))
    assert edit.ok and "calf" not in str(edit.json) and edit.json.get("components") == []


@pytest.mark.asyncio
async def test_closed_dms_never_turn_a_personal_reply_public(running):
    from data.settings_store import set_setting

    fake: FakeDiscord = running.fake
    service = running.bot.service
    await service.run(set_setting, service.db, str(fake.guild.id), "personal_reply_mode", "dm")
    fake.dms_closed.add(fake.guild.member_id)
    post = await fake.post(PERSONAL)
    note = await fake.wait_for(_reply_to(post))
    assert note.ok and not note.json.get("embeds") and "direct messages are closed" in note.json["content"]
    card = await fake.wait_for(lambda r: _in_channel(fake.guild.mod_channel_id)(r) and "dm_closed" in str(r.json))
    assert card.ok
    assert await one(running, "SELECT status FROM replies ORDER BY id DESC LIMIT 1") == ("held",)


@pytest.mark.asyncio
async def test_recovery_respects_the_privacy_mode(fake: FakeDiscord, home):
    from data.settings_store import set_setting

    app = TriageApp.open(home / "triage.db")
    g = fake.guild
    set_setting(app.db, str(g.id), "personal_reply_mode", "dm")
    message = fake.posted_while_away(PERSONAL)
    app.pipeline.handle_post(Post(text=PERSONAL, face="discord", external_id=message["id"],
                                            author_id=str(g.member_id), channel_id=str(g.answer_channel_id),
                                            guild_id=str(g.id)))  # composed, then the bot crashed
    running = await start_bot(fake, app)
    try:
        note = await fake.wait_for(_reply_to(message))
        assert not note.json.get("embeds"), "recovery posted the personal reply in public"
        dm = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages")
                                 and r.json.get("embeds") and not r.json.get("message_reference"))
        assert dm.ok and int(dm.path.split("/")[2]) in fake._dm_channels.values()
    finally:
        await stop_bot(running)
        app.close()


@pytest.mark.asyncio
async def test_a_post_starting_with_the_bots_mention_is_not_logged(running, bot_logs):
    fake: FakeDiscord = running.fake
    post = await fake.post(f"<@{fake.bot_id}> diabetic feet keep going numb, what causes that?",
                           channel_id=fake.guild.other_channel_id, mentions=[fake.bot_id])
    await fake.wait_for(_reply_to(post))
    # what `triage run` logs (INFO and up; discord.py's DEBUG gateway dumps are off in production)
    formatter = logging.Formatter()
    logged = "\n".join(formatter.format(r) for r in bot_logs.records if r.levelno >= logging.INFO)
    assert "diabetic" not in logged and "is not found" not in logged


@pytest.mark.asyncio
async def test_mentioning_the_bots_role_gets_an_answer(running):
    fake: FakeDiscord = running.fake
    post = await fake.post(f"<@&{fake.guild.bot_role_id}> what is sarcopenia?", channel_id=fake.guild.other_channel_id,
                           mention_roles=[fake.guild.bot_role_id])
    reply = await fake.wait_for(_reply_to(post))
    assert "Sarcopenia" in str(reply.json["embeds"])


@pytest.mark.asyncio
async def test_a_forum_posts_title_is_part_of_the_question(running):
    fake: FakeDiscord = running.fake
    starter = await fake.new_forum_post("Sarcopenia in my nan", "is it reversible?")
    await fake.wait_for(_in_channel(int(starter["channel_id"])))
    text = await one(running, "SELECT text FROM posts WHERE external_id = ?", [starter["id"]])
    assert text == ("Sarcopenia in my nan\nis it reversible?",)


@pytest.mark.asyncio
async def test_the_edit_modal_is_each_moderators_own_and_survives_a_restart(running):
    fake: FakeDiscord = running.fake
    card, case_id = await _review_message(fake, PERSONAL)
    opened = await fake.click(card, f"triage:rv:edit:{case_id}", user_id=fake.guild.moderator_id)
    modal = await fake.wait_for(lambda r: r.path.startswith(f"/interactions/{opened['id']}/"))
    custom_id = modal.json["data"]["custom_id"]
    assert modal.ok and custom_id == f"triage:edit:{case_id}:{fake.guild.moderator_id}"
    await stop_bot(running)
    restarted = await start_bot(fake, running.app)
    try:
        submitted = await fake.submit_modal(custom_id, {"triage:edit:text": "Please see a doctor about this."},
                                            user_id=fake.guild.moderator_id, channel_id=fake.guild.mod_channel_id,
                                            message=card)
        await card_updated(fake, submitted)
        status = await one(restarted, "SELECT status, content FROM replies ORDER BY id DESC LIMIT 1")
        assert status == ("edited", "Please see a doctor about this.")
    finally:
        await stop_bot(restarted)


@pytest.mark.asyncio
async def test_moderator_commands_are_hidden_from_members(running):
    fake: FakeDiscord = running.fake
    sync = next(r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands"))
    commands = {c["name"]: c for c in sync.body}
    manage = str(discord.Permissions(manage_messages=True).value)
    assert str(commands["triage"]["default_member_permissions"]) == manage
    assert str(commands["Label post"]["default_member_permissions"]) == manage
    assert commands["forget-me"].get("default_member_permissions") is None


@pytest.mark.asyncio
async def test_start_up_lists_each_missing_permission(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    fake.deny_bot(fake.guild.answer_channel_id, discord.Permissions(embed_links=True, read_message_history=True))
    report: list[str] = []
    running = await start_bot(fake, app, report=report)
    try:
        assert any("Embed Links in #ask-here" in line for line in report), report
        assert any("Read Message History in #ask-here" in line for line in report), report
        assert len(report) == 2
    finally:
        await stop_bot(running)
        app.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("problem", ["wrong_guild", "no_message_content", "sharding"])
async def test_start_up_failures_are_one_clear_line(fake: FakeDiscord, home, problem):
    app = TriageApp.open(home / "triage.db")
    settings = None
    if problem == "wrong_guild":  # TRIAGE_GUILD_ID is not a server the bot is in
        settings = dataclasses.replace(settings_for(fake), guild_id=fake.guild.id + 1)
    elif problem == "no_message_content":
        fake.message_content_enabled = False
    else:
        fake.require_sharding = True
    try:
        with pytest.raises(BaseException) as caught:  # noqa: PT011 - the kind is what is checked below
            running = await start_bot(fake, app, settings=settings)
            await stop_bot(running)
        lines = startup_failure_lines(caught.value)
        assert lines is not None and len(lines) == 1, caught.value
        expected = {"wrong_guild": "50001", "no_message_content": "Message Content", "sharding": "sharding"}[problem]
        assert expected in lines[0]
        if problem != "sharding":
            assert isinstance(caught.value, StartupError)
    finally:
        app.close()


def test_an_unconfigured_bot_is_one_line():
    lines = settings_lines(["DISCORD_TOKEN is not set: create a bot", "TRIAGE_GUILD_ID is not set",
                            "TRIAGE_MOD_CHANNEL_ID is not set"])
    assert lines == ["DISCORD_TOKEN, TRIAGE_GUILD_ID and TRIAGE_MOD_CHANNEL_ID are not set: the Discord bot "
                     "needs a token and its server's ids (see README, 'Running the Discord bot')"]
    assert settings_lines(["TRIAGE_GUILD_ID: 'x' is not a Discord id"]) == ["TRIAGE_GUILD_ID: 'x' is not a Discord id"]
