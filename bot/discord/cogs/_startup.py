"""Intake at start-up: finish what a crash interrupted, then catch up on what was posted while the bot was away
(Discord does not replay messages to a new login; only a RESUME replays)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.discord.ui.embeds import text_embed
from bot.discord.ui.items import feedback_view
from bot.recovery import Pending, RecoveryPlan, is_recent, plan_recovery
from classifier.labels import Label
from data import posts as post_store
from data import review

if TYPE_CHECKING:
    from bot.discord.cogs._delivery import DeliveryMixin

    _Base = DeliveryMixin
else:
    _Base = object

__all__ = ["StartupMixin", "CATCH_UP_LIMIT", "CATCH_UP_WINDOW"]

_log = logging.getLogger(__name__)
FACE = "discord"
#: At most this many messages are read per channel when catching up, and never older than the window.
CATCH_UP_LIMIT = 200
CATCH_UP_WINDOW = timedelta(days=1)


class StartupMixin(_Base):
    """Needs ``bot``, ``_in_scope``, ``_spawn``, ``answer``, ``answer_late`` and the delivery mixin."""

    _recovered: bool
    _catching_up: asyncio.Lock

    if TYPE_CHECKING:  # provided by the intake cog (Red's MixinMeta pattern, without an ABC at run time)
        def _in_scope(self, message: discord.Message) -> bool: ...
        def _spawn(self, coro: Coroutine[Any, Any, None]) -> None: ...
        async def answer(self, message: discord.Message) -> None: ...
        async def answer_late(self, message: discord.Message) -> None: ...

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Also after a new session (not after a RESUME, which replays what was missed)."""
        if not self._recovered:
            self._recovered = True
            await self.recover()
        await self.catch_up()

    async def recover(self) -> RecoveryPlan:
        """Answer what a crash or restart interrupted (recent posts), hand the rest to moderators."""
        service = self.bot.service
        plan = await service.run(plan_recovery, service.db, service.app.pipeline, FACE)
        for pending in plan.send:
            await self._deliver_pending(pending)
        for post_id in plan.queued:
            item = await service.run(review.open_item_for_post, service.db, post_id)
            if item is not None:
                await self.bot.review_posts.publish(item.id)
        return plan

    async def _deliver_pending(self, pending: Pending) -> None:
        post = pending.post
        if post.channel_id is None:
            return
        embed = text_embed(pending.reply_text)
        view = feedback_view(post.id)
        try:
            if pending.replaces:
                sent = await self._edit_reply(pending.replaces, embed, view)
            else:
                target = self.bot.get_partial_messageable(int(post.channel_id)).get_partial_message(
                    int(post.external_id))
                personal = pending.label == str(Label.PERSONAL_SYMPTOMS) and not pending.urgent
                mode = await self._privacy_mode(post.guild_id, personal)
                sent = await self._send(target, int(post.author_id or 0), embed, view, mode, post.id,
                                        pending.reply_id)
        except discord.HTTPException as exc:
            _log.warning("recovery: reply to post %s not delivered (%s %s); it stays composed", post.id,
                         exc.status, exc.code)
            return
        if sent is not None:
            await self._mark_sent(pending.reply_id, sent)

    async def catch_up(self) -> int:
        """Read what was posted while the bot was away: each listed channel's and active forum threads' history
        since the last post seen there (at most :data:`CATCH_UP_LIMIT` each, within :data:`CATCH_UP_WINDOW`).
        Recent posts are answered; older ones go to moderators instead of getting a late reply."""
        service = self.bot.service
        async with self._catching_up:
            seen_any = await service.run(post_store.last_seen_message, service.db, FACE)
            guild = self.bot.get_guild(self.bot.settings.guild_id)
            if seen_any is None or guild is None:
                return 0  # a fresh install: there is no "while away"
            floor = discord.utils.time_snowflake(discord.utils.utcnow() - CATCH_UP_WINDOW)
            channels: list[tuple[int, discord.abc.Messageable]] = [
                (cid, c) for cid in sorted(self.bot.settings.answer_channel_ids)
                if isinstance(c := guild.get_channel(cid), discord.abc.Messageable)]
            if self.bot.settings.forum_channel_ids:
                try:
                    channels += [(t.id, t) for t in await guild.active_threads()
                                 if t.parent_id in self.bot.settings.forum_channel_ids]
                except discord.HTTPException as exc:
                    _log.warning("catch-up: active threads not readable (%s %s)", exc.status, exc.code)
            found = 0
            for channel_id, channel in channels:
                last = await service.run(post_store.last_seen_message, service.db, FACE, str(channel_id))
                after = max(last or seen_any, floor)
                try:
                    async for message in channel.history(after=discord.Object(after), limit=CATCH_UP_LIMIT,
                                                         oldest_first=True):
                        if not self._in_scope(message):
                            continue
                        found += 1
                        late = not is_recent(message.created_at)
                        self._spawn(self.answer_late(message) if late else self.answer(message))
                except discord.HTTPException as exc:
                    _log.warning("catch-up: history of channel %s not readable (%s %s)", channel_id, exc.status,
                                 exc.code)
            if found:
                _log.info("catch-up: %d post(s) made while the bot was away", found)
            return found

