"""Delivering replies: paced (an urgent one not), where the privacy mode says, replaced in place after an edit,
and remembered in the store; review cases published to moderators (an urgent one first)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.discord.ui.embeds import reply_embed
from bot.discord.ui.items import feedback_view
from bot.pipeline import Outcome
from bot.recovery import hold_for_moderators
from classifier.labels import Label
from data import posts as post_store
from data.settings_store import guild_settings
from responses.notices import note

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["DeliveryMixin", "DM_NOTE", "DM_CLOSED_NOTE"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
#: The notes beside a reply sent privately, in English; a reply's own are in its notices' language (``note``).
DM_NOTE = note("dm.note")
DM_CLOSED_NOTE = note("dm.closed")


class DeliveryMixin:
    bot: TriageBot

    async def deliver(self, message: discord.Message, outcome: Outcome) -> None:
        """Send the reply (paced), remember where it went, and show moderators what needs them. For an urgent
        post the moderators' ping goes first and the reply takes no pacing turn."""
        urgent = outcome.urgent_tier is not None
        if urgent:
            await self._publish(outcome, urgent=True)
        if outcome.reply is not None:
            async with self.bot.throttle.turn(message.channel.id, message.author.id, urgent=urgent):
                try:
                    sent = await self._send_reply(message, outcome)
                except discord.HTTPException as exc:
                    _log.error("reply to post %s failed (%s %s); it stays composed for recovery", outcome.post_id,
                               exc.status, exc.code)
                    sent = None
            if sent is not None and outcome.reply_id is not None:
                await self._mark_sent(outcome.reply_id, sent)
        if not urgent:
            await self._publish(outcome)

    async def _publish(self, outcome: Outcome, *, urgent: bool = False) -> None:
        if not outcome.queued or outcome.review_item_id is None:
            return
        try:
            await self.bot.review_posts.publish(outcome.review_item_id, urgent=urgent)
        except discord.HTTPException as exc:
            _log.error("could not post case %s to the moderators' channel (%s %s)", outcome.review_item_id,
                       exc.status, exc.code)

    async def _mark_sent(self, reply_id: int, sent: discord.Message) -> None:
        service = self.bot.service
        await service.run(post_store.set_reply_status, service.db, reply_id, "sent",
                          external_id=f"{sent.channel.id}/{sent.id}")

    @staticmethod
    def _view(outcome: Outcome) -> discord.ui.View:
        did_you_mean = None
        if "close_call" in outcome.review_reasons:
            ranked = sorted(outcome.probabilities.items(), key=lambda kv: -kv[1])[:2]
            did_you_mean = [Label(k) for k, _ in ranked]
        return feedback_view(outcome.post_id, did_you_mean)

    async def _privacy_mode(self, guild_id: str | None, personal: bool) -> str:
        if not personal or guild_id is None:
            return "public"
        gs = await self.bot.service.run(guild_settings, self.bot.service.db, guild_id)
        return str(gs.get("personal_reply_mode", "public"))

    async def _send_reply(self, message: discord.Message, outcome: Outcome) -> discord.Message | None:
        assert outcome.reply is not None
        personal = outcome.label is Label.PERSONAL_SYMPTOMS and not outcome.red_flags
        mode = await self._privacy_mode(str(message.guild.id) if message.guild else None, personal)
        return await self._send(message, message.author.id, reply_embed(outcome.reply), self._view(outcome), mode,
                                outcome.post_id, outcome.reply_id, language=outcome.notice_language)

    async def _send(self, target: discord.Message | discord.PartialMessage, author_id: int, embed: discord.Embed,
                    view: discord.ui.View, mode: str, post_id: int, reply_id: int | None,
                    language: str = "en") -> discord.Message | None:
        """Deliver a reply where the privacy mode says. A personal reply is never posted in public because a DM
        failed: the member gets a short note with no health details and moderators get the case. The notes are
        in ``language``, the reply's notices' language."""
        channel = self.bot.get_channel(target.channel.id)
        if mode == "private_thread":
            if isinstance(channel, discord.TextChannel):
                sent = await self._send_private(channel, author_id, embed, view, post_id)
                if sent is not None:
                    return sent
            mode = "dm"  # never public because a private thread could not be opened
        if mode == "dm":
            try:
                dm = await self.bot.create_dm(discord.Object(author_id))
                sent = await dm.send(embed=embed, view=view, allowed_mentions=NONE)
            except discord.Forbidden:
                _log.info("DMs closed for the author of post %s; the reply is held for moderators", post_id)
                await target.reply(note("dm.closed", language), mention_author=False, allowed_mentions=NONE)
                service = self.bot.service
                case = await service.run(hold_for_moderators, service.db, post_id, reply_id, "dm_closed",
                                         "triage:intake")
                await self.bot.review_posts.publish(case)
                return None
            await target.reply(note("dm.note", language), mention_author=False, allowed_mentions=NONE)
            return sent
        if mode == "thread" and isinstance(channel, discord.TextChannel):
            thread: discord.abc.Messageable
            try:
                thread = await target.create_thread(name=note("thread.name", language), auto_archive_duration=1440)
            except discord.HTTPException as exc:
                if exc.code != 160004:  # 160004: a thread already exists for this post (its id is the post's)
                    _log.info("could not open a thread for post %s (%s); answering in place", post_id, exc.code)
                    return await target.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NONE)
                thread = self.bot.get_partial_messageable(target.id)
            return await thread.send(embed=embed, view=view, allowed_mentions=NONE)
        return await target.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NONE)

    async def _send_private(self, channel: discord.TextChannel, author_id: int, embed: discord.Embed,
                            view: discord.ui.View, post_id: int) -> discord.Message | None:
        """A private thread with the member and the clinical role (the moderators' when none): mentioning them
        in it adds them, and only they (and moderators) can see it. None when Discord refused."""
        role_id = self.bot.guild_config.get("clinical_role_id") or self.bot.settings.mod_role_id
        try:
            thread = await channel.create_thread(name="Information for your question", invitable=False,
                                                 type=discord.ChannelType.private_thread, auto_archive_duration=1440)
            content = f"<@{author_id}>" + (f" <@&{role_id}>" if role_id else "")
            mentions = discord.AllowedMentions(everyone=False, users=[discord.Object(author_id)],
                                               roles=[discord.Object(int(role_id))] if role_id else False)
            sent = await thread.send(content=content, embed=embed, view=view, allowed_mentions=mentions)
        except discord.HTTPException as exc:
            _log.info("no private thread for post %s (%s %s); answering by DM", post_id, exc.status, exc.code)
            return None
        await self.bot.followups.opened(thread, post_id)  # recorded, with its Close button; never raises
        return sent

    async def _edit_reply(self, external_id: str, embed: discord.Embed, view: discord.ui.View
                          ) -> discord.Message | None:
        """Replace a delivered reply in place; None when it is gone (then nothing is sent)."""
        try:
            channel_id, message_id = (int(x) for x in external_id.split("/"))
        except ValueError:
            return None
        message = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            return await message.edit(embed=embed, view=view, allowed_mentions=NONE)
        except discord.NotFound:
            _log.info("reply %s was deleted; not replaced", message_id)
            return None
