"""The report in the moderators' channel: charts on request (``/triage report``), a weekly digest when the
``weekly_digest`` setting is on, and a drift alert the first time a week crosses a bar.

The figures are computed on the moderation thread with its own connection (and its own retriever over the cached
index), the charts in a worker thread: nothing here blocks the event loop or the store thread members' posts use.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands, tasks
from sqlite_utils import Database

from bot.reports.build import build_report
from bot.reports.charts import render_charts
from bot.reports.digest import alert_text, digest_text
from bot.reports.sources import report_options
from bot.reports.timeutil import parse_ts
from data.audit import audit
from data.clock import now
from data.settings_store import guild_settings

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["ReportsCog", "DIGEST_EVERY"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
DIGEST_EVERY = timedelta(days=7)


def _last(db: Database, action: str, subject_id: str | None = None) -> str | None:
    """When the audit log last recorded ``action`` (for ``subject_id``), if ever."""
    sql = "SELECT MAX(at) FROM audit_log WHERE action = ?"
    args: list[Any] = [action]
    if subject_id is not None:
        sql += " AND subject_id = ?"
        args.append(subject_id)
    return db.execute(sql, args).fetchone()[0]


class ReportsCog(commands.Cog, name="Reports"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.hourly.start()

    async def cog_unload(self) -> None:
        self.hourly.cancel()

    def _build(self, db: Database) -> dict[str, Any]:
        return build_report(db, None, now(), report_options(self.bot.service.app, db))

    async def report(self) -> dict[str, Any]:
        """The report over the default period (the last eight weeks), built on the moderation thread."""
        return await self.bot.service.run_moderation(self._build)

    async def post_report(self, figures: dict[str, Any] | None = None) -> discord.Message | None:
        """The digest text and every chart as PNG attachments in the moderators' channel (no pings)."""
        channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            _log.error("moderators' channel %s not found; report not posted", self.bot.settings.mod_channel_id)
            return None
        figures = figures or await self.report()
        charts = await asyncio.to_thread(render_charts, figures)
        files = [discord.File(io.BytesIO(png), filename=f"{name}.png") for name, png in charts.items()]
        return await channel.send(digest_text(figures), files=files, allowed_mentions=NONE)

    @tasks.loop(hours=1)
    async def hourly(self) -> None:
        if self.hourly.current_loop == 0:  # not at start-up: a restart is no reason to post, the next hour will do
            return
        try:
            await self.tick()
        except Exception:  # a failed report must not end the loop for good (tasks retry network errors only)
            _log.exception("scheduled report failed")

    @hourly.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self) -> tuple[bool, bool]:
        """Post the weekly digest when due, and a drift alert for a week not announced yet: (digest, alert)."""
        service = self.bot.service
        gs = await service.run_moderation(guild_settings, str(self.bot.settings.guild_id))
        last_digest = await service.run_moderation(_last, "report.digest")
        digest_due = bool(gs.get("weekly_digest")) and (
            last_digest is None or now() - parse_ts(last_digest) >= DIGEST_EVERY)
        figures = await self.report()
        week = max((a["week"] for a in figures["drift"]["alerts"]), default=None)
        alert_due = week is not None and await service.run_moderation(_last, "report.drift_alert", week) is None
        if digest_due and await self.post_report(figures) is not None:  # (the digest carries any alert)
            await service.run_moderation(audit, "triage", "report.digest")
        elif alert_due:
            channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
            if isinstance(channel, discord.abc.Messageable):
                await channel.send(alert_text(figures), allowed_mentions=NONE)
        if alert_due:
            await service.run_moderation(audit, "triage", "report.drift_alert", "week", week)
        return digest_due, alert_due


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(ReportsCog(bot))
