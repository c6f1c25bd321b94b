"""Emergencies do not wait (not for pacing, not for queued posts); clicks meet Discord's 3-second deadline; the
background loop outlives its errors; an emergency ping really notifies the moderators' role."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import discord
import pytest

from bot.app import TriageApp
from bot.throttle import VirtualClock
from tests.bot.discord.conftest import start_bot, stop_bot
from tests.bot.discord.fake_discord import BOT_PERMISSIONS, FakeDiscord
from tests.bot.discord.wire import (
    _callback,
    _in_channel,
    _reply_to,
    _review_message,
    answer_to,
    card_updated,
    eventually,
    one,
)

pytestmark = pytest.mark.asyncio
EMERGENCY = "my dad's face is drooping on one side and he suddenly can't lift his arm"


def _alert(fake: FakeDiscord):  # noqa: ANN202
    return lambda r: _in_channel(fake.guild.mod_channel_id)(r) and "urgent" in (r.json.get("content") or "")


def _clog_store(running, jobs: int, seconds: float) -> list[asyncio.Future]:
    """Queue ``jobs`` slow jobs on the store's thread, as a burst of posts would."""
    return [asyncio.ensure_future(running.bot.service.run(time.sleep, seconds)) for _ in range(jobs)]


async def test_an_emergency_is_not_paced_behind_the_members_other_replies(fake: FakeDiscord, home):
    # Time stands still unless the test moves it: a reply that waits for pacing does not go out at all.
    app = TriageApp.open(home / "triage.db")
    clock = VirtualClock(auto=False)
    running = await start_bot(fake, app, clock=clock)
    try:
        first = await fake.post("What makes a muscle waste away over time?")
        await fake.wait_for(_reply_to(first))
        queued = [await fake.post(q) for q in ("What is sarcopenia?", "How is cachexia treated?")]
        await fake.settle(0.2)
        urgent = await fake.post(EMERGENCY)
        # (virtual time proves it skipped pacing; the real-time wait is only a bound for a loaded CI machine)
        reply = await fake.wait_for(_reply_to(urgent))
        assert "emergency" in str(reply.json).lower() and reply.vt == 0.0
        assert all(not fake.sent(_reply_to(q)) for q in queued)  # still waiting for the member's cooldown
        # Time moves in steps until both are out: on a loaded machine a queued post may reach its pacing wait only
        # after the first step, and a step wakes only the waits already registered.
        for _ in range(20):
            await clock.advance(60.0)
            if all(fake.sent(_reply_to(q)) for q in queued):
                break
            await fake.settle(0.25)
        later = [await fake.wait_for(_reply_to(q)) for q in queued]
        assert [r.vt for r in later] == sorted(r.vt for r in later) and later[0].vt >= 5.0
    finally:
        await stop_bot(running)
        app.close()


async def test_an_emergency_ping_jumps_the_queue_of_posts(running):
    fake: FakeDiscord = running.fake
    clog = _clog_store(running, jobs=20, seconds=0.05)  # 1 s of queued work
    loop = asyncio.get_running_loop()
    posted = loop.time()
    await fake.post(EMERGENCY)
    alert = await fake.wait_for(_alert(fake))
    assert alert.at - posted < 0.5, f"the ping left {alert.at - posted:.2f} s after the post"
    await asyncio.gather(*clog)


async def test_a_click_is_acknowledged_while_the_store_is_busy(running):
    fake: FakeDiscord = running.fake
    post = await fake.post("What is sarcopenia?")
    reply = await fake.wait_for(_reply_to(post))
    message = fake.messages[max(m for m, v in fake.messages.items() if v["channel_id"] == post["channel_id"]
                                and v["author"]["id"] == str(fake.bot_id))]
    assert message["embeds"] == reply.json["embeds"]
    post_id = (await one(running, "SELECT id FROM posts WHERE external_id = ?", [post["id"]]))[0]
    clog = _clog_store(running, jobs=24, seconds=0.05)  # 1.2 s behind: longer than a 1 s deadline
    fake.interaction_deadline = 1.0
    loop = asyncio.get_running_loop()
    started = loop.time()
    click = await fake.click(message, f"triage:fb:helpful:{post_id}", user_id=fake.guild.member_id)
    ack = await fake.wait_for(_callback(click))
    assert ack.ok and ack.at - started < 0.5
    said = await answer_to(fake, click)
    assert "Thanks" in said["content"]
    await asyncio.gather(*clog)


async def test_an_archived_thread_does_not_fail_the_decision(running):
    fake: FakeDiscord = running.fake
    starter = await fake.new_forum_post("Calf after a cast", "my calf is shrinking after six weeks in a cast, "
                                        "is that normal for me?")
    thread_id = int(starter["channel_id"])
    await fake.wait_for(_in_channel(thread_id))
    card = await fake.wait_for(lambda r: _in_channel(fake.guild.mod_channel_id)(r) and r.json.get("components"))
    case_id = next(int(c["custom_id"].rsplit(":", 1)[1]) for row in card.json["components"]
                   for c in row["components"] if c.get("custom_id", "").startswith("triage:rv:remove:"))
    message = next(m for m in fake.messages.values() if m["channel_id"] == str(fake.guild.mod_channel_id))
    await fake.archive_thread(thread_id)
    click = await fake.click(message, f"triage:rv:remove:{case_id}", user_id=fake.guild.moderator_id)
    said = await answer_to(fake, click)
    assert "archived" in said["content"]
    status = await one(running, "SELECT status FROM review_items WHERE id = ?", [case_id])
    assert status == ("resolved",)


async def test_the_background_loop_survives_a_failing_step(running):
    cog = running.bot.review_posts
    purged = []

    async def locked() -> int:
        raise sqlite3.OperationalError("database is locked")

    async def purge() -> int:
        purged.append(1)
        return 0

    cog.remind_once = locked
    cog.purge_expired_text = purge
    cog.reminders.change_interval(seconds=0.02)
    cog.reminders.restart()
    for _ in range(200):
        if len(purged) >= 3:
            break
        await asyncio.sleep(0.01)
    assert len(purged) >= 3 and cog.reminders.is_running()


async def test_a_rejected_retrain_is_not_retried_until_new_labels_arrive(running, monkeypatch):
    from classifier.retrain import RetrainResult
    from data.labels import add_label
    from data.settings_store import set_setting

    service = running.bot.service
    cog = running.bot.review_posts
    cog.reminders.cancel()  # the test makes the scheduled calls itself
    while cog.reminders.is_running():
        await asyncio.sleep(0.01)
    calls = []

    async def retrain(actor: str) -> RetrainResult:
        calls.append(actor)
        return RetrainResult(False, "the candidate was worse", "v2", "v1", 10, 2, 1, 1)

    monkeypatch.setattr(service, "retrain", retrain)
    await service.run(set_setting, service.db, str(running.fake.guild.id), "retrain_every_labels", 1)
    await service.run(add_label, service.db, text="is sarcopenia reversible", label="general_info",
                      source="moderator")
    assert await cog.maybe_retrain() is True
    assert await cog.maybe_retrain() is False and len(calls) == 1
    await service.run(add_label, service.db, text="what is cachexia", label="general_info", source="moderator")
    assert await cog.maybe_retrain() is True and len(calls) == 2


async def test_emergency_ping_notifies_the_role_and_start_up_says_when_it_cannot(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    g = fake.guild
    fake.set_role(g.bot_role_id, permissions=BOT_PERMISSIONS & ~discord.Permissions(mention_everyone=True).value)
    report: list[str] = []
    running = await start_bot(fake, app, report=report)
    try:
        assert any("Mention @everyone" in line and "not mentionable" in line for line in report), report
        await fake.post(EMERGENCY)
        alert = await fake.wait_for(_alert(fake))
        assert fake.notified(alert)["roles"] == []  # as Discord would: the ping notifies nobody
        fake.set_role(g.mod_role_id, mentionable=True)
        await stop_bot(running)
        report.clear()
        running = await start_bot(fake, app, report=report)
        assert not any("Mention @everyone" in line for line in report), report
        await fake.post("my mum suddenly cannot speak properly and her face is drooping")
        second = await fake.wait_for(lambda r: _alert(fake)(r) and r is not alert)
        assert fake.notified(second)["roles"] == [g.mod_role_id]
    finally:
        await stop_bot(running)
        app.close()


async def test_with_the_readme_permissions_the_ping_notifies_and_nothing_is_reported(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    report: list[str] = []
    running = await start_bot(fake, app, report=report)
    try:
        assert report == []
        await fake.post(EMERGENCY)
        alert = await fake.wait_for(_alert(fake))
        assert fake.notified(alert)["roles"] == [fake.guild.mod_role_id]
        assert fake.notified(alert)["users"] == [] and not fake.notified(alert)["everyone"]
    finally:
        await stop_bot(running)
        app.close()


async def test_review_case_is_published_once_under_concurrent_publishes(running):
    fake: FakeDiscord = running.fake
    message, case_id = await _review_message(fake, "my thigh is thinner since my knee surgery, should I worry?")
    # the bot records where the card went after Discord answers; wait for it, or it would undo the reset below
    await eventually(lambda: one(running, "SELECT external_id IS NOT NULL FROM review_items WHERE id = ?",
                                 [case_id]), (1,))
    await running.bot.service.run(lambda: running.app.db.execute(
        "UPDATE review_items SET external_id = NULL WHERE id = ?", [case_id]))
    before = len(fake.sent(_in_channel(fake.guild.mod_channel_id)))
    await asyncio.gather(*(running.bot.review_posts.publish(case_id) for _ in range(3)))
    new = fake.sent(_in_channel(fake.guild.mod_channel_id))[before:]
    assert len(new) == 1


async def test_an_unclaimed_emergency_is_pinged_again_until_a_moderator_claims_it(fake: FakeDiscord, home):
    from datetime import UTC, datetime, timedelta

    from data.clock import use_clock

    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    try:
        cog = running.bot.review_posts
        await fake.post(EMERGENCY)
        alert = await fake.wait_for(_alert(fake))
        case_id = int(alert.json["content"].split("#")[1].split()[0])
        assert await cog.reping_emergencies() == 0  # the default 10 minutes have not passed
        later = datetime.now(UTC) + timedelta(minutes=11)
        with use_clock(lambda: later):
            assert await cog.reping_emergencies() == 1
            assert await cog.reping_emergencies() == 0  # not again until another 10 minutes pass
        again = await fake.wait_for(lambda r: _alert(fake)(r) and "still unclaimed" in r.json["content"])
        assert fake.notified(again)["roles"] == [fake.guild.mod_role_id] and f"#{case_id}" in again.json["content"]
        card = next(m for m in fake.messages.values() if m.get("embeds") and f"#{case_id}" in str(m["embeds"]))
        claim = await fake.click(card, f"triage:rv:claim:{case_id}", user_id=fake.guild.moderator_id)
        await card_updated(fake, claim)
        with use_clock(lambda: later + timedelta(minutes=30)):
            assert await cog.reping_emergencies() == 0  # claimed: acknowledged
    finally:
        await stop_bot(running)
        app.close()
