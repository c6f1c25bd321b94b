"""The moderators' channel: every review item posted with persistent controls, decisions applied and shown,
urgent items announced with a role ping, and reminders for items pending too long (never auto-dismissed)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord.ext import commands, tasks

from bot.discord.ui.embeds import review_embed
from bot.discord.ui.items import review_view
from bot.moderation import Action, Moderator, decide
from classifier.retrain import labels_since_current
from data import posts as post_store
from data import review
from data.errors import AlreadyHandled, StoreError
from data.privacy import purge_old_text
from data.settings_store import guild_settings

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["ReviewCog"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


class ReviewCog(commands.Cog, name="Review"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.reminders.start()

    async def cog_unload(self) -> None:
        self.reminders.cancel()

    # ---- publishing ------------------------------------------------------------------------------------
    async def _guild_settings(self) -> dict:
        """The guild's settings, read on the store's thread (the connection is never used from the loop)."""
        return await self.bot.service.run(guild_settings, self.bot.service.db, str(self.bot.settings.guild_id))

    async def _destination(self, item: review.ReviewItem) -> tuple[int, int | None]:
        """Where an item goes: clinical items to the clinical channel/role when configured, else the mods'."""
        gs = await self._guild_settings()
        if item.route == "clinical" and gs.get("clinical_channel_id"):
            return int(gs["clinical_channel_id"]), gs.get("clinical_role_id") or self.bot.settings.mod_role_id
        return self.bot.settings.mod_channel_id, self.bot.settings.mod_role_id

    async def publish(self, item_id: int) -> discord.Message | None:
        """Post (or re-post) an item in the moderators' channel. Urgent items ping the moderator role at once."""
        item = await self.bot.service.run(review.get_item, self.bot.service.db, item_id)
        channel_id, role_id = await self._destination(item)
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            _log.error("moderators' channel %s not found; case %s stays in the queue", channel_id, item_id)
            return None
        urgent = item.priority >= review.Priority.EMERGENCY
        content = None
        mentions = NONE
        if urgent and role_id:
            content = f"<@&{role_id}> urgent: case #{item.id} needs attention now"
            mentions = discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(role_id)])
        elif urgent:
            content = f"Urgent: case #{item.id} needs attention now"
        if item.external_id:
            try:
                ch_id, msg_id = (int(x) for x in item.external_id.split("/"))
                existing = self.bot.get_partial_messageable(ch_id).get_partial_message(msg_id)
                return await existing.edit(embed=review_embed(item), view=review_view(item.id),
                                           allowed_mentions=NONE)
            except (ValueError, discord.NotFound):
                pass
        message = await channel.send(content=content, embed=review_embed(item), view=review_view(item.id),
                                     allowed_mentions=mentions)
        await self.bot.service.run(review.set_external_id, self.bot.service.db, item.id,
                                   f"{message.channel.id}/{message.id}")
        return message

    # ---- decisions -------------------------------------------------------------------------------------
    async def apply(self, interaction: discord.Interaction, item_id: int, action: Action, *,
                    label: str | None = None, reply_text: str | None = None) -> None:
        """Record a moderator's decision, update the bot's reply if needed, and update the item's message."""
        service = self.bot.service
        moderator = Moderator(f"discord:{interaction.user.id}", f"discord:{interaction.channel_id}")
        try:
            result = await service.run_moderation(decide, item_id, action, moderator, label=label,
                                                  reply_text=reply_text)
        except AlreadyHandled as exc:
            who = exc.by.removeprefix("discord:") if exc.by else None
            by = f"<@{who}>" if who and who.isdigit() else (exc.by or "another moderator")
            await self._say(interaction, f"Case #{item_id} was already {exc.status} by {by}.")
            return
        except StoreError as exc:
            await self._say(interaction, f"Could not do that: {exc}")
            return
        if action in {Action.EDIT_REPLY, Action.REMOVE_REPLY}:
            await self._apply_to_reply(result.item.post_id, action, reply_text)
        when = discord.utils.format_dt(discord.utils.utcnow(), "f")
        what = f"{action}" + (f" → {label}" if label else "")
        status = f"{what} by {interaction.user.mention} · {when}"
        embed = review_embed(result.item, status_line=status)
        view = review_view(item_id, resolved=result.item.status == "resolved")
        if interaction.response.is_done():
            await interaction.followup.send(f"Case #{item_id}: {what}.", ephemeral=True, allowed_mentions=NONE)
            if interaction.message is not None:
                await interaction.message.edit(embed=embed, view=view, allowed_mentions=NONE)
        elif interaction.message is not None:
            await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=NONE)
        else:
            await interaction.response.send_message(f"Case #{item_id}: {what}.", ephemeral=True,
                                                    allowed_mentions=NONE)

    async def _apply_to_reply(self, post_id: int, action: Action, text: str | None) -> None:
        reply = await self.bot.service.run(post_store.latest_reply, self.bot.service.db, post_id)
        if not reply or not reply.get("external_id"):
            return
        try:
            channel_id, message_id = (int(x) for x in str(reply["external_id"]).split("/"))
        except ValueError:
            return
        message = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            if action is Action.REMOVE_REPLY:
                await message.delete()
            elif text:
                embed = discord.Embed(description=text[:4096], colour=discord.Colour.blurple())
                embed.set_footer(text="Edited by a moderator.")
                await message.edit(content=None, embed=embed, allowed_mentions=NONE)
        except discord.NotFound:
            _log.info("reply %s for post %s no longer exists", message_id, post_id)

    @staticmethod
    async def _say(interaction: discord.Interaction, text: str) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NONE)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)

    # ---- reminders and scheduled retraining ------------------------------------------------------------------
    @tasks.loop(minutes=5)
    async def reminders(self) -> None:
        await self.remind_once()
        await self.purge_expired_text()
        await self.maybe_retrain()

    async def purge_expired_text(self) -> int:
        """Retention: blank post text older than the guild's retention period (labels kept for training stay)."""
        days = int((await self._guild_settings()).get("retention_days") or 0)
        if days <= 0:
            return 0
        count = await self.bot.service.run(purge_old_text, self.bot.service.db, timedelta(days=days))
        if count:
            _log.info("retention: text of %d post(s) older than %d days removed", count, days)
        return count

    @reminders.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

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

    async def maybe_retrain(self) -> None:
        db = self.bot.service.db
        every = int((await self._guild_settings()).get("retrain_every_labels") or 0)
        if every <= 0 or self.bot.service.retraining:
            return
        if await self.bot.service.run(labels_since_current, db) < every:
            return
        result = await self.bot.service.retrain("triage:schedule")
        channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(f"Scheduled retrain: {'promoted' if result.promoted else 'kept current'} — "
                               f"{result.reason}"[:2000], allowed_mentions=NONE)


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(ReviewCog(bot))
