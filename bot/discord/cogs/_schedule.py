"""The review cog's background steps, run every five minutes: re-ping unclaimed emergencies, remind moderators
of stale cases, apply retention (post text, review-card excerpts, follow-up threads) and retrain once enough new
labels have come in. Each step is guarded, so one failing does not stop the others."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from data import review
from data.model_versions import labels_since_last_attempt, strong_label_count
from data.privacy import purge_expired

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["ScheduleMixin"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


class ScheduleMixin:
    """Needs the review cog's publishing helpers (``_guild_settings``, ``_destination``, ``_alert``, ``redact``)."""

    bot: TriageBot
    failed_steps: list[str]
    _labels_at_failed_retrain: int | None

    if TYPE_CHECKING:
        async def _guild_settings(self, *, urgent: bool = False) -> dict: ...
        async def _destination(self, item: review.ReviewItem, *, urgent: bool = False) -> tuple[int, int | None]: ...
        @staticmethod
        def _alert(item: review.ReviewItem, channel: Any, role_id: int | None
                   ) -> tuple[str | None, discord.AllowedMentions]: ...
        async def redact(self, external_ids: list[str], *, removed: bool = False) -> int: ...

    async def tick(self) -> list[str]:
        """One round of background work. Each step is guarded: a 403, a 5xx or "database is locked" in one step
        is logged and the others still run, and the loop lives on (``tasks.loop`` retries network errors only and
        would otherwise stop for good). Returns the names of the steps that failed."""
        failed = []
        steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ("emergency re-ping", self.reping_emergencies), ("reminders", self.remind_once),
            ("retention", self.purge_expired_text), ("retrain", self.maybe_retrain)]
        for name, step in steps:
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - logged, and the next step runs
                failed.append(name)
                _log.error("background step %s failed: %s", name, type(exc).__name__,
                           exc_info=not isinstance(exc, discord.HTTPException))
        self.failed_steps = failed  # for /triage diagnose
        return failed

    async def purge_expired_text(self) -> int:
        """Retention: blank post text older than the guild's retention period (labels kept for training stay),
        take the excerpt off the review cards of those posts, and delete their follow-up threads."""
        days = int((await self._guild_settings()).get("retention_days") or 0)
        if days <= 0:
            return 0
        report = await self.bot.service.run(purge_expired, self.bot.service.db, timedelta(days=days))
        if report.posts:
            _log.info("retention: text of %d post(s) older than %d days removed", report.posts, days)
            await self.redact(report.review_messages)
        await self.bot.followups.remove(report.followup_threads)  # follow-up threads of those posts, on Discord
        return report.posts

    async def reping_emergencies(self) -> int:
        """Ping the role again for every emergency nobody has claimed or decided within
        ``emergency_reping_minutes`` of its last ping (0: never), in the channel its card is in."""
        minutes = int((await self._guild_settings()).get("emergency_reping_minutes") or 0)
        if minutes <= 0:
            return 0
        db = self.bot.service.db
        waiting = await self.bot.service.run(review.unacknowledged_emergencies, db, timedelta(minutes=minutes))
        for item in waiting:
            channel_id, role_id = await self._destination(item)
            channel = self.bot.get_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                continue
            content, mentions = self._alert(item, channel, role_id)
            jump = f" {self._card_link(item)}" if item.external_id else ""
            await channel.send(f"{content} (still unclaimed after {minutes} min){jump}", allowed_mentions=mentions)
        await self.bot.service.run(review.mark_reminded, db, [i.id for i in waiting])
        return len(waiting)

    def _card_link(self, item: review.ReviewItem) -> str:
        guild_id = self.bot.settings.guild_id
        channel_id, message_id = (item.external_id or "0/0").split("/")
        return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"

    async def remind_once(self) -> int:
        db = self.bot.service.db
        gs = await self._guild_settings()
        minutes = int(gs.get("reminder_minutes") or 120)
        stale = await self.bot.service.run(review.stale_items, db, timedelta(minutes=minutes),
                                           timedelta(minutes=minutes))
        if not stale:
            return 0
        channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
        if isinstance(channel, discord.abc.Messageable):
            cases = ", ".join(f"#{i.id}" for i in stale[:30])
            await channel.send(f"⏰ {len(stale)} item(s) pending for over {minutes} minutes: {cases}",
                               allowed_mentions=NONE)
        await self.bot.service.run(review.mark_reminded, db, [i.id for i in stale])
        return len(stale)

    async def maybe_retrain(self) -> bool:
        """Retrain once enough new labels have come in since the last *attempt*: a rejected candidate (or too
        few labels to judge) waits for new labels instead of being retried every five minutes."""
        db = self.bot.service.db
        every = int((await self._guild_settings()).get("retrain_every_labels") or 0)
        if every <= 0 or self.bot.service.retraining:
            return False
        if await self.bot.service.run(labels_since_last_attempt, db) < every:
            return False
        total = await self.bot.service.run(strong_label_count, db)
        if self._labels_at_failed_retrain is not None and total - self._labels_at_failed_retrain < every:
            return False
        result = await self.bot.service.retrain("triage:schedule")
        self._labels_at_failed_retrain = None if result.promoted else total
        channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(f"Scheduled retrain: {'promoted' if result.promoted else 'kept current'} — "
                               f"{result.reason}"[:2000], allowed_mentions=NONE)
        return True
