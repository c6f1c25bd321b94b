"""Nothing lost: a crash between recording and replying is recovered at start-up; a burst of posts is all recorded
and answered at a pace the channel and Discord can take, while moderators' buttons stay responsive."""

from __future__ import annotations

import asyncio
import resource
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import TriageApp
from bot.pipeline import Post
from data import posts as post_store
from tests.bot.discord.conftest import start_bot, stop_bot
from tests.bot.discord.fake_discord import FakeDiscord, Request

pytestmark = pytest.mark.asyncio


def _reply_to(message_id: str):  # noqa: ANN202
    return lambda r: (r.method == "POST" and r.path.endswith("/messages")
                      and str((r.json.get("message_reference") or {}).get("message_id")) == message_id)


async def test_posts_interrupted_by_a_crash_are_recovered_at_start_up(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    g = fake.guild
    # A crash right after recording: the post is 'received', nothing else happened.
    recent, _ = post_store.record_post(app.db, face="discord", external_id="9001", text="What causes sarcopenia?",
                                       author_id=str(g.member_id), channel_id=str(g.answer_channel_id),
                                       guild_id=str(g.id))
    # A crash after composing but before sending: the reply is 'composed'.
    composed = app.pipeline.handle_post(Post(
        text="How is muscle atrophy treated?", face="discord", external_id="9002", author_id=str(g.member_id),
        channel_id=str(g.answer_channel_id), guild_id=str(g.id)))
    # The same, but two hours ago: too late to answer in context, so it goes to the moderators.
    old = app.pipeline.handle_post(Post(
        text="What is cachexia?", face="discord", external_id="9003", author_id=str(g.member_id),
        channel_id=str(g.answer_channel_id), guild_id=str(g.id)))
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    app.db.execute("UPDATE posts SET created_at = ? WHERE id = ?", [two_hours_ago, old.post_id])

    running = await start_bot(fake, app)
    try:
        await fake.wait_for(_reply_to("9001"))
        await fake.wait_for(_reply_to("9002"))
        alert = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{g.mod_channel_id}/messages")
        assert "missed_while_offline" in str(alert.json["embeds"]) or alert.json["embeds"]
        await fake.settle(0.5)
        assert fake.sent(_reply_to("9003")) == []

        def states() -> tuple:
            rows = app.db.execute("SELECT p.external_id, p.status, r.status FROM posts p LEFT JOIN replies r"
                                  " ON r.post_id = p.id ORDER BY p.external_id").fetchall()
            return tuple(rows)

        rows = await running.bot.service.run(states)
        assert rows == (("9001", "answered", "sent"), ("9002", "answered", "sent"), ("9003", "answered", "held"))
        assert recent.id and composed.reply_id
    finally:
        await stop_bot(running)
        app.close()


async def test_a_burst_of_1000_posts_from_50_members(fake: FakeDiscord, home):
    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    channel_cooldown = 0.02
    running.bot.throttle.channel_interval = channel_cooldown
    running.bot.throttle.member_interval = 0.0
    g = fake.guild
    members = [g.member_id + 10_000 + i for i in range(50)]
    questions = ["What causes muscle atrophy?", "how much protein do older adults need", "thanks!!",
                 "my calf is smaller after the cast", "any sources on spaceflight muscle loss for my essay?",
                 "What is sarcopenia?", "lol same", "How is cachexia treated?"]
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sent_ids = []
        for i in range(1000):
            message = await fake.post(f"{questions[i % len(questions)]} (#{i})", author_id=members[i % 50])
            sent_ids.append(message["id"])
            if i % 100 == 0:
                await asyncio.sleep(0)  # a minute's worth of posts arrives as fast as the loop takes them

        # A moderator's click in the middle of the burst is answered promptly.
        review_msg = await fake.wait_for(
            lambda r: r.method == "POST" and r.path == f"/channels/{g.mod_channel_id}/messages", timeout=60)
        case_id = next(int(c["custom_id"].rsplit(":", 1)[1]) for row in review_msg.json["components"]
                       for c in row["components"] if c.get("custom_id", "").startswith("triage:rv:approve:"))
        message = next(m for m in fake.messages.values() if m["channel_id"] == str(g.mod_channel_id))
        clicked_at = asyncio.get_running_loop().time()
        click = await fake.click(message, f"triage:rv:approve:{case_id}", user_id=g.moderator_id)
        answer = await fake.wait_for(lambda r: r.path.startswith(f"/interactions/{click['id']}/"), timeout=30)
        assert answer.at - clicked_at < 3.0, "a moderator's button waited behind the burst"

        async def recorded() -> int:
            return await running.bot.service.run(
                lambda: app.db.execute("SELECT COUNT(*) FROM posts WHERE status != 'received'").fetchone()[0])

        deadline = asyncio.get_running_loop().time() + 240
        while (done := await recorded()) < 1000:
            assert asyncio.get_running_loop().time() < deadline, f"only {done} of 1000 posts handled"
            await asyncio.sleep(0.2)
        total = await running.bot.service.run(lambda: app.db.execute("SELECT COUNT(*) FROM posts").fetchone()[0])
        assert total == 1000

        answered = await running.bot.service.run(
            lambda: app.db.execute("SELECT COUNT(*) FROM posts WHERE status = 'answered'").fetchone()[0])
        deadline = asyncio.get_running_loop().time() + 120
        while len(replies := [r for r in fake.requests if _is_reply(r, g.answer_channel_id)]) < answered:
            assert asyncio.get_running_loop().time() < deadline, f"{len(replies)} of {answered} replies sent"
            await asyncio.sleep(0.2)
        times = [r.at for r in replies]
        busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
        assert busiest <= 1 / channel_cooldown + 2, f"{busiest} replies in one second in one channel"
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        assert grown_mb < 300, f"memory grew by {grown_mb:.0f} MB during the burst"
    finally:
        await stop_bot(running)
        app.close()


def _is_reply(request: Request, channel_id: int) -> bool:
    return (request.method == "POST" and request.path == f"/channels/{channel_id}/messages"
            and bool(request.json.get("message_reference")))
