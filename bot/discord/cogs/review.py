"""The moderators' channel: every review item posted with persistent controls, decisions applied and shown,
urgent items announced with a role ping, and reminders for items pending too long (never auto-dismissed).

A click is acknowledged (deferred) before anything that can wait (the store, a Discord call that may hit a rate
limit), so it always meets Discord's 3-second deadline; the background loop survives any one step failing.
"""

from __future__ import annotations

import asyncio
import logging
import re
import weakref
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands, tasks

from bot.discord.cogs._schedule import ScheduleMixin
from bot.discord.modlog import write_mod_log
from bot.discord.permissions import can_notify_role
from bot.discord.ui.embeds import post_link, redacted_embed, review_embed
from bot.discord.ui.items import EDIT_MODAL_ID, review_view
from bot.moderation import Action, Moderator, decide
from data import posts as post_store
from data import review
from data.errors import AlreadyHandled, StoreError
from data.settings_store import guild_settings

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["ReviewCog"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()



def _holder(exc: AlreadyHandled) -> str:
    """Who handled or holds a case, as a mention when it was a Discord moderator."""
    who = exc.by.removeprefix("discord:") if exc.by else None
    return f"<@{who}>" if who and who.isdigit() else (exc.by or "another moderator")

class ReviewCog(ScheduleMixin, commands.Cog, name="Review"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        self._publishing: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._labels_at_failed_retrain: int | None = None
        self.failed_steps: list[str] = []

    async def cog_load(self) -> None:
        self.reminders.start()

    async def cog_unload(self) -> None:
        self.reminders.cancel()

    # ---- publishing ------------------------------------------------------------------------------------
    async def _guild_settings(self, *, urgent: bool = False) -> dict:
        """The guild's settings, read on the store's thread (the connection is never used from the loop)."""
        run = self.bot.service.run_urgent if urgent else self.bot.service.run
        return await run(guild_settings, self.bot.service.db, str(self.bot.settings.guild_id))

    async def _destination(self, item: review.ReviewItem, *, urgent: bool = False) -> tuple[int, int | None]:
        """Where an item goes: clinical items to the clinical channel/role when configured, else the mods'."""
        gs = await self._guild_settings(urgent=urgent)
        if item.route == "clinical" and gs.get("clinical_channel_id"):
            return int(gs["clinical_channel_id"]), gs.get("clinical_role_id") or self.bot.settings.mod_role_id
        return self.bot.settings.mod_channel_id, self.bot.settings.mod_role_id

    async def publish(self, item_id: int, *, urgent: bool = False) -> discord.Message | None:
        """Post (or re-post) an item in the moderators' channel. Urgent items ping the moderator role at once.

        One item is published by one call at a time, so two concurrent publishes never make two messages.
        ``urgent`` puts the store reads ahead of queued posts (an emergency must not wait behind a burst).
        """
        lock = self._publishing.get(item_id)
        if lock is None:
            lock = self._publishing[item_id] = asyncio.Lock()
        async with lock:
            return await self._publish(item_id, urgent=urgent)

    async def _publish(self, item_id: int, *, urgent: bool) -> discord.Message | None:
        run = self.bot.service.run_urgent if urgent else self.bot.service.run
        item = await run(review.get_item, self.bot.service.db, item_id)
        channel_id, role_id = await self._destination(item, urgent=urgent)
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            _log.error("moderators' channel %s not found; case %s stays in the queue", channel_id, item_id)
            return None
        if item.external_id:
            try:
                ch_id, msg_id = (int(x) for x in item.external_id.split("/"))
                existing = self.bot.get_partial_messageable(ch_id).get_partial_message(msg_id)
                return await existing.edit(embed=review_embed(item), view=_card_view(item),
                                           allowed_mentions=NONE)
            except (ValueError, discord.NotFound):
                pass  # the card was deleted: post a new one
        content, mentions = self._alert(item, channel, role_id)
        message = await channel.send(content=content, embed=review_embed(item), view=_card_view(item),
                                     allowed_mentions=mentions)
        await run(review.set_external_id, self.bot.service.db, item.id, f"{message.channel.id}/{message.id}")
        return message

    @staticmethod
    def _alert(item: review.ReviewItem, channel: Any, role_id: int | None) -> tuple[str | None, discord.AllowedMentions]:
        """The ping for an urgent item: only the role, and a warning in the log when Discord would not notify it
        (a role that is not mentionable, and no "Mention @everyone, @here and All Roles" permission)."""
        if item.priority < review.Priority.EMERGENCY:
            return None, NONE
        if not role_id:
            return f"Urgent: case #{item.id} needs attention now", NONE
        role = channel.guild.get_role(role_id) if isinstance(channel, discord.abc.GuildChannel) else None
        if role is not None and not can_notify_role(channel, role):
            _log.error("urgent case %s: role %s is not mentionable and the bot may not mention all roles; the "
                       "ping notifies nobody (see README, Discord permissions)", item.id, role_id)
        return (f"<@&{role_id}> urgent: case #{item.id} needs attention now",
                discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(role_id)]))

    async def redact(self, external_ids: list[str], *, removed: bool = False) -> int:
        """Replace the post excerpt on review cards whose post text is gone (deleted, forgotten, purged).

        ``removed``: the case itself was deleted (forget-me), so the card keeps no case details and no buttons.
        """
        done = 0
        for external_id in external_ids:
            try:
                ch_id, msg_id = (int(x) for x in external_id.split("/"))
            except ValueError:
                continue
            message = self.bot.get_partial_messageable(ch_id).get_partial_message(msg_id)
            try:
                if removed:
                    await message.edit(content=None, embed=redacted_embed(), view=None, allowed_mentions=NONE)
                else:
                    item = await self.bot.service.run(review.item_for_external_id, self.bot.service.db, external_id)
                    if item is None:
                        continue
                    await message.edit(embed=review_embed(item),
                                       view=None if item.status == "resolved" else _card_view(item),
                                       allowed_mentions=NONE)
                done += 1
            except discord.HTTPException as exc:
                _log.warning("could not redact review card %s (%s %s)", msg_id, exc.status, exc.code)
        return done

    # ---- decisions -------------------------------------------------------------------------------------
    async def apply(self, interaction: discord.Interaction, item_id: int, action: Action, *,
                    label: str | None = None, reply_text: str | None = None) -> None:
        """Record a moderator's decision, update the bot's reply if needed, and update the item's message.

        The click is deferred first: the decision waits on the store and may call Discord (which can rate limit),
        and Discord refuses any answer after 3 seconds.
        """
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True)
        service = self.bot.service
        moderator = Moderator(f"discord:{interaction.user.id}", f"discord:{interaction.channel_id}")
        try:
            result = await service.run_moderation(decide, item_id, action, moderator, label=label,
                                                  reply_text=reply_text)
        except AlreadyHandled as exc:
            await self._say(interaction, f"Case #{item_id} was already {exc.status} by {_holder(exc)}.")
            return
        except StoreError as exc:
            await self._say(interaction, f"Could not do that: {exc}")
            return
        problem = None
        if action in {Action.EDIT_REPLY, Action.REMOVE_REPLY}:
            problem = await self._apply_to_reply(result.item.post_id, action, reply_text)
        when = discord.utils.format_dt(discord.utils.utcnow(), "f")
        what = f"{action}" + (f" → {label}" if label else "")
        status = f"{what} by {interaction.user.mention} · {when}"
        embed = review_embed(result.item, status_line=status)
        view = None if result.item.status == "resolved" else _card_view(result.item)
        if interaction.message is not None:
            try:
                await interaction.edit_original_response(embed=embed, view=view, allowed_mentions=NONE)
            except discord.HTTPException as exc:
                _log.warning("case %s decided but its card could not be updated (%s %s)", item_id, exc.status,
                             exc.code)
        text = f"Case #{item_id}: {what}." + (f" {problem}" if problem else "")
        if interaction.message is None or problem:
            await self._say(interaction, text)
        await self.mod_log(item_id, what, interaction.user.id)
        self.bot.dispatch("case_decided", interaction, result.item)  # the Followups cog offers closing a thread
        if action is Action.ESCALATE:
            await self._escalation_ping(result.item, interaction.user.id)

    async def toggle_claim(self, interaction: discord.Interaction, item_id: int) -> None:
        """Claim a case (or release one's own claim). A claim held by someone else blocks the claim until it
        expires (``data.review.CLAIM_TTL``); the card shows who holds the case."""
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True)
        actor = f"discord:{interaction.user.id}"
        run = self.bot.service.run_moderation
        try:
            item = await run(review.get_item, item_id)
            if item.claim_active and item.claimed_by == actor:
                item, what = await run(review.release, item_id, actor), "release"
            else:
                item, what = await run(review.claim, item_id, actor), "claim"
        except AlreadyHandled as exc:
            await self._say(interaction, f"Case #{item_id} is already {exc.status} by {_holder(exc)}.")
            return
        except StoreError as exc:
            await self._say(interaction, f"Could not do that: {exc}")
            return
        if interaction.message is not None:
            try:
                await interaction.edit_original_response(embed=review_embed(item), view=_card_view(item),
                                                         allowed_mentions=NONE)
            except discord.HTTPException as exc:
                _log.warning("case %s %sed but its card was not updated (%s %s)", item_id, what, exc.status,
                             exc.code)
        await self.mod_log(item_id, what, interaction.user.id)

    async def mod_log(self, item_id: int, action: str, moderator_id: int) -> None:
        """One line per decision in the mod-log channel (case, action, moderator, time; never post text)."""
        await write_mod_log(self.bot, f"case #{item_id}", action, moderator_id)

    async def _escalation_ping(self, item: review.ReviewItem, moderator_id: int) -> None:
        """Escalate pings the clinical role (the moderators' role when there is none) in the clinical channel
        (the moderators' when there is none), with a link to the case's card."""
        cfg = self.bot.guild_config
        channel_id = int(cfg.get("clinical_channel_id") or self.bot.settings.mod_channel_id)
        role_id = cfg.get("clinical_role_id") or self.bot.settings.mod_role_id
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            _log.error("escalation of case %s: channel %s not found", item.id, channel_id)
            return
        card = ""
        if item.external_id and "/" in item.external_id:
            card = f": https://discord.com/channels/{self.bot.settings.guild_id}/{item.external_id}"
        lead = f"<@&{role_id}> " if role_id else ""
        mentions = discord.AllowedMentions(everyone=False, users=False,
                                           roles=[discord.Object(int(role_id))] if role_id else False)
        await channel.send(f"{lead}case #{item.id} escalated by <@{moderator_id}>{card}", allowed_mentions=mentions)

    async def _apply_to_reply(self, post_id: int, action: Action, text: str | None) -> str | None:
        """Edit or delete the bot's reply in Discord; a sentence for the moderator when Discord refused."""
        reply = await self.bot.service.run_moderation(post_store.latest_reply, post_id)
        if not reply or not reply.get("external_id"):
            return None
        try:
            channel_id, message_id = (int(x) for x in str(reply["external_id"]).split("/"))
        except ValueError:
            return None
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
        except discord.HTTPException as exc:
            _log.warning("reply %s for post %s could not be changed (%s %s)", message_id, post_id, exc.status,
                         exc.code)
            reason = "its thread is archived" if exc.code == 50083 else f"Discord refused ({exc.code})"
            return f"The decision is recorded, but the reply in Discord was not changed: {reason}."
        return None

    @staticmethod
    async def _say(interaction: discord.Interaction, text: str) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NONE)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)

    # ---- the edit-reply modal, stateless -------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Edit-reply submissions are handled from their custom id and values alone, so a modal opened before a
        restart (or more than 10 minutes ago) still works, and each moderator's modal is their own."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        match = re.fullmatch(EDIT_MODAL_ID, str(data.get("custom_id", "")))
        if match is None:
            return
        if not self.bot.is_moderator(interaction.user):
            await self._say(interaction, "Only moderators can do that.")
            return
        text = _modal_value(data.get("components") or [])
        await self.apply(interaction, int(match["item"]), Action.EDIT_REPLY, reply_text=text)

    # ---- reminders, retention and scheduled retraining (the steps are in ScheduleMixin) -----------------------
    @tasks.loop(minutes=5)
    async def reminders(self) -> None:
        await self.tick()

    @reminders.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()


def _card_view(item: review.ReviewItem) -> discord.ui.View:
    return review_view(item.id, jump_url=post_link(item), claimed=item.claim_active)


def _modal_value(rows: list[dict[str, Any]]) -> str:
    """The first text input's value in a modal submission (in an action row, or in a label component)."""
    for row in rows:
        for child in row.get("components") or ([row["component"]] if "component" in row else []):
            if "value" in child:
                return str(child["value"])
    return ""


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(ReviewCog(bot))
