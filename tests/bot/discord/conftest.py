"""Fixtures that run the real discord.py client against the fake Discord on 127.0.0.1.

The bot runs with the default reply pacing (1.5 s a channel, 5 s a member) on a virtual clock: the throttle's
waits are real waits in the bot's own time, checked by tests, but take no wall-clock time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import pytest_asyncio
import yarl

from bot.app import TriageApp
from bot.discord.client import TriageBot
from bot.service import TriageService
from bot.settings import DiscordSettings, Secret
from bot.throttle import ReplyThrottle, VirtualClock
from tests.bot.discord.fake_discord import FakeDiscord

TOKEN = "fake.discord-token.for-tests-0123456789"


@dataclass
class Running:
    fake: FakeDiscord
    bot: TriageBot
    app: TriageApp
    task: asyncio.Task[None]


def settings_for(fake: FakeDiscord) -> DiscordSettings:
    g = fake.guild
    return DiscordSettings(token=Secret(TOKEN), guild_id=g.id, answer_channel_ids=frozenset({g.answer_channel_id}),
                           forum_channel_ids=frozenset({g.forum_channel_id}), mod_channel_id=g.mod_channel_id,
                           mod_role_id=g.mod_role_id)  # default pacing


async def start_bot(fake: FakeDiscord, app: TriageApp, *, clock: VirtualClock | None = None,
                    report: list[str] | None = None, settings: DiscordSettings | None = None) -> Running:
    fake._identified.clear()
    settings = settings or settings_for(fake)
    clock = clock or VirtualClock()
    fake.clock = clock
    throttle = ReplyThrottle(settings.channel_cooldown, settings.member_cooldown, clock=clock, sleep=clock.sleep)
    bot = TriageBot(TriageService(app), settings, throttle=throttle,
                    report=None if report is None else report.append)
    bot._connection.guild_ready_timeout = 0.05
    ready = asyncio.Event()

    async def on_ready() -> None:
        ready.set()

    bot.add_listener(on_ready, "on_ready")
    task = asyncio.create_task(bot.start(TOKEN))
    done, _ = await asyncio.wait({task, asyncio.create_task(ready.wait())}, timeout=15,
                                 return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # raise what went wrong at start-up
    assert ready.is_set(), "the bot did not become ready"
    return Running(fake, bot, app, task)


async def stop_bot(running: Running) -> None:
    await running.bot.close()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(running.task, 5)
    running.fake.forget_session()  # a stopped bot logs in anew: nothing is replayed to it


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    server = FakeDiscord()
    await server.start()
    server.redirect()
    try:
        yield server
    finally:
        await server.stop()
        discord.http.Route.BASE = saved[0]
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(str(saved[1]))


@pytest.fixture
def bot_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest_asyncio.fixture
async def running(fake: FakeDiscord, home, bot_logs) -> AsyncIterator[Running]:  # noqa: ANN001 - path fixture
    app = TriageApp.open(home / "triage.db")
    live = await start_bot(fake, app)
    try:
        yield live
    finally:
        await stop_bot(live)
        app.close()
