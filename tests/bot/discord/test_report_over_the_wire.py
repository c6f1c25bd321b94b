"""``/triage report`` and the weekly digest over the fake Discord: the charts arrive as PNG attachments."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.reports.charts import CHARTS, HEIGHT, WIDTH
from data.settings_store import set_setting
from tests.bot.discord.fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio


def _report_upload(fake: FakeDiscord):
    return lambda r: (r.method == "POST" and r.path == f"/channels/{fake.guild.mod_channel_id}/messages"
                      and bool(r.files))


async def test_report_command_uploads_every_chart_to_the_moderators_channel(running):
    fake: FakeDiscord = running.fake
    await fake.slash("report", user_id=fake.guild.moderator_id)
    request = await fake.wait_for(_report_upload(fake))
    assert sorted(request.files) == sorted(f"{name}.png" for name in CHARTS)
    for name, png in request.files.items():
        assert Image.open(io.BytesIO(png)).size == (WIDTH, HEIGHT), name
    body = request.json
    assert body["content"].startswith("**Triage report**") and len(body["content"]) <= 2000
    assert body["allowed_mentions"]["parse"] == []


async def test_weekly_digest_is_posted_once_a_week_when_the_setting_is_on(running):
    fake: FakeDiscord = running.fake
    cog = running.bot.get_cog("Reports")
    cog.hourly.cancel()  # the schedule's own first run must not race the ticks below
    assert await cog.tick() == (False, False)  # setting off, nothing drifted
    guild = str(fake.guild.id)
    await running.bot.service.run(set_setting, running.app.db, guild, "weekly_digest", True)
    assert (await cog.tick())[0] is True
    await fake.wait_for(_report_upload(fake))
    assert (await cog.tick())[0] is False  # posted less than a week ago
    assert len(fake.sent(_report_upload(fake))) == 1
