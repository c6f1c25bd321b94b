"""Members' posts in: new messages in the listed channels, new forum posts, mentions of the bot; edits and
deletes. The pipeline runs off the event loop; replies are paced so a busy member cannot flood a channel."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.ui.embeds import reply_embed
from bot.discord.ui.items import feedback_view
from bot.pipeline import InvalidPost, Outcome, Post
from bot.recovery import RecoveryPlan, plan_recovery
from classifier.labels import Label
from data import posts as post_store
from data import review
from data.settings_store import guild_settings
from responses.compose import trim

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["IntakeCog"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
FACE = "discord"


class IntakeCog(commands.Cog, name="Intake"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()
        self._recovered = False

    async def cog_unload(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    # ---- start-up recovery -----------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self._recovered:
            return
        self._recovered = True
        await self.recover()

    async def recover(self) -> RecoveryPlan:
        """Answer what a crash or restart interrupted (recent posts), hand the rest to moderators."""
        service = self.bot.service
        plan = await service.run(plan_recovery, service.db, service.app.pipeline, FACE)
        for pending in plan.send:
            post = pending.post
            if post.channel_id is None:
                continue
            target = self.bot.get_partial_messageable(int(post.channel_id)).get_partial_message(int(post.external_id))
            try:
                sent = await target.reply(content=trim(pending.reply_text, 2000), mention_author=False,
                                          allowed_mentions=NONE)
            except discord.HTTPException:
                _log.warning("recovery: could not deliver the reply to post %s; it stays composed", post.id)
                continue
            await service.run(post_store.set_reply_status, service.db, pending.reply_id, "sent",
                              external_id=f"{sent.channel.id}/{sent.id}")
        for post_id in plan.queued:
            item = await service.run(review.open_item_for_post, service.db, post_id)
            if item is not None:
                await self.bot.review_posts.publish(item.id)
        return plan

    # ---- which messages are ours -----------------------------------------------------------------------
    def _in_scope(self, message: discord.Message) -> bool:
        if message.guild is None or message.guild.id != self.bot.settings.guild_id:
            return False
        if message.author.bot or message.webhook_id is not None:
            return False
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return False
        channel = message.channel
        if channel.id in self.bot.settings.answer_channel_ids:
            return True
        parent_id = getattr(channel, "parent_id", None)
        if parent_id in self.bot.settings.forum_channel_ids and message.id == channel.id:
            return True  # the starter message of a new forum post (its id is the thread's id)
        if parent_id in self.bot.settings.answer_channel_ids:
            return self.bot.user is not None and self.bot.user in message.mentions
        return self.bot.user is not None and self.bot.user in message.mentions and not message.mention_everyone

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._in_scope(message):
            return
        self._spawn(self.answer(message))

    @commands.Cog.listener()
    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        if before.content == after.content or not self._in_scope(after):
            return
        self._spawn(self.reclassify(after))

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        service = self.bot.service
        record = await service.run(post_store.find_post, service.db, FACE, str(payload.message_id))
        if record is not None:
            await service.run(post_store.mark_post_deleted, service.db, record.id)
            _log.info("post %s deleted by its author; text removed", record.id)

    def _spawn(self, coro) -> None:  # noqa: ANN001 - a coroutine
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- answering -------------------------------------------------------------------------------------
    def _post(self, message: discord.Message) -> Post:
        text = message.content
        if self.bot.user is not None:
            text = text.replace(f"<@{self.bot.user.id}>", " ").replace(f"<@!{self.bot.user.id}>", " ")
        thread_id = str(message.channel.id) if isinstance(message.channel, discord.Thread) else None
        return Post(text=text, face=FACE, external_id=str(message.id), author_id=str(message.author.id),
                    channel_id=str(message.channel.id), guild_id=str(message.guild.id) if message.guild else None,
                    thread_id=thread_id)

    async def answer(self, message: discord.Message) -> None:
        try:
            outcome = await self.bot.service.handle(self._post(message))
        except InvalidPost:
            return  # an empty post (say, only an image or only a mention): nothing to answer
        except Exception:
            _log.exception("pipeline failed for message %s", message.id)
            return
        if outcome.duplicate:
            return
        await self.deliver(message, outcome)

    async def reclassify(self, message: discord.Message) -> None:
        service = self.bot.service
        record = await service.run(post_store.find_post, service.db, FACE, str(message.id))
        if record is None:
            await self.answer(message)
            return
        from responses.personal_data import personal_data_kinds

        text = self._post(message).text
        await service.run(post_store.update_post_text, service.db, record.id, text, sorted(personal_data_kinds(text)))
        try:
            outcome = await service.run(service.app.pipeline.process, record.id, text,
                                        str(message.guild.id) if message.guild else None)
        except Exception:
            _log.exception("re-classification failed for post %s", record.id)
            return
        _log.info("post %s re-classified after an edit: %s", record.id, outcome.label)
        if outcome.queued and outcome.review_item_id is not None:
            await self.bot.review_posts.publish(outcome.review_item_id)

    async def deliver(self, message: discord.Message, outcome: Outcome) -> None:
        """Send the reply (paced), remember where it went, and show moderators what needs them."""
        if outcome.reply is not None:
            async with self.bot.throttle.turn(message.channel.id, message.author.id):
                try:
                    sent = await self._send_reply(message, outcome)
                except discord.HTTPException:
                    _log.exception("reply to post %s failed; it stays composed for recovery", outcome.post_id)
                    sent = None
            if sent is not None and outcome.reply_id is not None:
                await self.bot.service.run(post_store.set_reply_status, self.bot.service.db, outcome.reply_id, "sent",
                                           external_id=f"{sent.channel.id}/{sent.id}")
        if outcome.queued and outcome.review_item_id is not None:
            try:
                await self.bot.review_posts.publish(outcome.review_item_id)
            except discord.HTTPException:
                _log.exception("could not post case %s to the moderators' channel", outcome.review_item_id)

    async def _send_reply(self, message: discord.Message, outcome: Outcome) -> discord.Message | None:
        assert outcome.reply is not None
        embed = reply_embed(outcome.reply)
        did_you_mean = None
        if "close_call" in outcome.review_reasons:
            ranked = sorted(outcome.probabilities.items(), key=lambda kv: -kv[1])[:2]
            did_you_mean = [Label(k) for k, _ in ranked]
        view = feedback_view(outcome.post_id, did_you_mean)
        mode = "public"
        if outcome.label is Label.PERSONAL_SYMPTOMS and not outcome.red_flags and message.guild is not None:
            gs = await self.bot.service.run(guild_settings, self.bot.service.db, str(message.guild.id))
            mode = gs.get("personal_reply_mode", "public")
        if mode == "dm":
            try:
                sent = await message.author.send(embed=embed, view=view, allowed_mentions=NONE)
                await message.reply("I've sent you some information by direct message, because your post "
                                    "includes health details.", mention_author=False, allowed_mentions=NONE)
                return sent
            except discord.Forbidden:
                _log.info("DMs closed for a member; answering post %s in public", outcome.post_id)
        if mode == "thread" and isinstance(message.channel, discord.TextChannel):
            try:
                thread = await message.create_thread(name="Information for your question", auto_archive_duration=1440)
                return await thread.send(embed=embed, view=view, allowed_mentions=NONE)
            except discord.HTTPException:
                _log.info("could not open a thread for post %s; answering in place", outcome.post_id)
        return await message.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NONE)


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(IntakeCog(bot))
