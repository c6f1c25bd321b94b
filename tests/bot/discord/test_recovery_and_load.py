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
    for message_id, text in ((9001, "What causes sarcopenia?"), (9002, "How is muscle atrophy treated?"),
                             (9003, "What is cachexia?")):
        fake.posted_while_away(text, message_id=message_id)  # the posts exist on Discord (a reply needs them)

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


async def test_a_burst_of_posts_from_50_members_is_all_answered_at_the_default_pace(fake: FakeDiscord, home):
    """300 posts from 50 members as fast as the gateway delivers them, with the default pacing (1.5 s a channel,
    5 s a member) on the bot's virtual clock: every post is recorded and answered, no two replies in the channel
    are closer than 1.5 s and no member gets two within 5 s, and a moderator's click in the middle of it is
    acknowledged at once. (bench/bench_discord.py runs the 1,000-post version and measures the click times.)"""
    app = TriageApp.open(home / "triage.db")
    running = await start_bot(fake, app)
    g = fake.guild
    members = [g.member_id + 10_000 + i for i in range(50)]
    questions = ["What makes a muscle waste away over time?", "how much protein do older adults need", "thanks!!",
                 "my calf is smaller after the cast", "any sources on spaceflight muscle loss for my essay?",
                 "What is sarcopenia?", "lol same", "How is cachexia treated?"]
    n = 300
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for i in range(n):
            await fake.post(f"{questions[i % len(questions)]} (#{i})", author_id=members[i % 50])
            if i % 100 == 0:
                await asyncio.sleep(0)  # a minute's worth of posts arrives as fast as the loop takes them

        # A moderator's click in the middle of the burst is acknowledged promptly.
        review_msg = await fake.wait_for(
            lambda r: r.method == "POST" and r.path == f"/channels/{g.mod_channel_id}/messages", timeout=60)
        case_id = next(int(c["custom_id"].rsplit(":", 1)[1]) for row in review_msg.json["components"]
                       for c in row["components"] if c.get("custom_id", "").startswith("triage:rv:approve:"))
        message = next(m for m in fake.messages.values() if m["channel_id"] == str(g.mod_channel_id))
        clicked_at = asyncio.get_running_loop().time()
        click = await fake.click(message, f"triage:rv:approve:{case_id}", user_id=g.moderator_id)
        answer = await fake.wait_for(lambda r: r.path.startswith(f"/interactions/{click['id']}/"), timeout=30)
        assert answer.ok and answer.at - clicked_at < 1.0, "a moderator's button waited behind the burst"

        async def handled() -> int:
            return await running.bot.service.run(
                lambda: app.db.execute("SELECT COUNT(*) FROM posts WHERE status != 'received'").fetchone()[0])

        deadline = asyncio.get_running_loop().time() + 120
        while (done := await handled()) < n:
            assert asyncio.get_running_loop().time() < deadline, f"only {done} of {n} posts handled"
            await asyncio.sleep(0.1)
        total = await running.bot.service.run(lambda: app.db.execute("SELECT COUNT(*) FROM posts").fetchone()[0])
        assert total == n

        answered = await running.bot.service.run(
            lambda: app.db.execute("SELECT COUNT(*) FROM posts WHERE status = 'answered'").fetchone()[0])
        deadline = asyncio.get_running_loop().time() + 60
        while len(replies := [r for r in fake.requests if _is_reply(r, g.answer_channel_id)]) < answered:
            assert asyncio.get_running_loop().time() < deadline, f"{len(replies)} of {answered} replies sent"
            await asyncio.sleep(0.1)
        assert all(r.ok for r in replies)
        times = sorted(r.vt for r in replies)
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 1.5 - 1e-9, f"two replies {min(gaps):.3f} s apart in one channel"
        author = {str(m["id"]): m["author"]["id"] for m in fake.messages.values()}
        per_member: dict[str, list[float]] = {}
        for r in replies:
            per_member.setdefault(author[str(r.json["message_reference"]["message_id"])], []).append(r.vt)
        closest = min(b - a for ts in per_member.values() for a, b in zip(sorted(ts), sorted(ts)[1:], strict=False))
        assert closest >= 5.0 - 1e-9, f"a member got two replies {closest:.3f} s apart"
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        assert grown_mb < 300, f"memory grew by {grown_mb:.0f} MB during the burst"
    finally:
        await stop_bot(running)
        app.close()


def _is_reply(request: Request, channel_id: int) -> bool:
    return (request.method == "POST" and request.path == f"/channels/{channel_id}/messages"
            and bool(request.json.get("message_reference")))
