"""Members' posts in: new messages in the listed channels, new forum posts, mentions of the bot (or of its role);
edits and deletes of any post, cached or not. The pipeline runs off the event loop; replies are paced so a busy
member cannot flood a channel, except an emergency notice, which goes first: its post jumps the store's queue,
the moderators' ping leaves before the reply, and the reply takes no pacing turn.

Nothing is missed while the bot is down: at start-up it finishes what a crash interrupted (``bot.recovery``) and
reads each channel's history since the last post it saw (``_startup``). Sending is in ``_delivery``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.cogs._delivery import DeliveryMixin
from bot.discord.cogs._startup import CATCH_UP_LIMIT, CATCH_UP_WINDOW, StartupMixin
from bot.discord.ui.embeds import reply_embed
from bot.pipeline import InvalidPost, Post
from bot.recovery import hold_for_moderators, is_recent
from data import posts as post_store
from data.privacy import review_messages_for_posts
from responses.language import ENGLISH, detect_language
from responses.personal_data import personal_data_kinds
from responses.red_flags import detect_red_flags, highest_tier
from responses.red_flags_intl import detect_foreign_red_flags

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["IntakeCog", "looks_urgent", "CATCH_UP_LIMIT", "CATCH_UP_WINDOW"]

_log = logging.getLogger(__name__)
FACE = "discord"


def looks_urgent(text: str) -> bool:
    """The rule-based red-flag check, with the other languages' emergency cues for a post that is not plainly
    English (well under a millisecond, no model, no store): decides which posts jump the queue."""
    if highest_tier(detect_red_flags(text)) is not None:
        return True
    return detect_language(text).code != ENGLISH and bool(detect_foreign_red_flags(text))


def _mark_deleted(db, post_ids: list[int]) -> list[str]:  # noqa: ANN001 - sqlite_utils.Database
    """Drop the text of deleted posts; where their review cards are shown (to redact those copies)."""
    for post_id in post_ids:
        post_store.mark_post_deleted(db, post_id)
    return review_messages_for_posts(db, post_ids)


def _find_posts(db, external_ids: list[str]) -> list[int]:  # noqa: ANN001
    found = (post_store.find_post(db, FACE, e) for e in external_ids)
    return [p.id for p in found if p is not None and p.status != "deleted"]


class IntakeCog(StartupMixin, DeliveryMixin, commands.Cog, name="Intake"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()
        self._recovered = False
        self._catching_up = asyncio.Lock()

    async def cog_unload(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    # ---- which messages are ours -----------------------------------------------------------------------
    def _mentions_me(self, message: discord.Message) -> bool:
        if self.bot.user is not None and self.bot.user in message.mentions:
            return True
        own_role = message.guild.self_role if message.guild is not None else None
        return own_role is not None and own_role in message.role_mentions

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
            return self._mentions_me(message)
        return self._mentions_me(message) and not message.mention_everyone

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._in_scope(message):
            return
        self._spawn(self.answer(message))

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Every edit, cached or not (``on_message_edit`` only fires for the few messages still in the cache)."""
        message = payload.message
        if message is None or not self._in_scope(message):
            return
        self._spawn(self.reclassify(message))

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self._forget([str(payload.message_id)])

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        await self._forget([str(i) for i in payload.message_ids])

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        """A deleted forum post arrives as one THREAD_DELETE, with no per-message deletes."""
        service = self.bot.service
        post_ids = await service.run(post_store.posts_in_thread, service.db, FACE, str(payload.thread_id))
        await self._forget_posts(post_ids)

    async def _forget(self, external_ids: list[str]) -> None:
        service = self.bot.service
        post_ids = await service.run(_find_posts, service.db, external_ids)
        await self._forget_posts(post_ids)

    async def _forget_posts(self, post_ids: list[int]) -> None:
        if not post_ids:
            return
        service = self.bot.service
        cards = await service.run(_mark_deleted, service.db, post_ids)
        _log.info("%d post(s) deleted by their authors; text removed: %s", len(post_ids), post_ids[:20])
        await self.bot.review_posts.redact(cards)

    def _spawn(self, coro) -> None:  # noqa: ANN001 - a coroutine
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- answering -------------------------------------------------------------------------------------
    def _post(self, message: discord.Message) -> Post:
        text = message.content
        if self.bot.user is not None:
            text = text.replace(f"<@{self.bot.user.id}>", " ").replace(f"<@!{self.bot.user.id}>", " ")
        own_role = message.guild.self_role if message.guild is not None else None
        if own_role is not None:
            text = text.replace(f"<@&{own_role.id}>", " ")
        channel = message.channel
        if isinstance(channel, discord.Thread) and channel.parent_id in self.bot.settings.forum_channel_ids \
                and message.id == channel.id and channel.name:
            text = f"{channel.name}\n{text}"  # a forum post's title is part of the question
        thread_id = str(channel.id) if isinstance(channel, discord.Thread) else None
        return Post(text=text, face=FACE, external_id=str(message.id), author_id=str(message.author.id),
                    channel_id=str(channel.id), guild_id=str(message.guild.id) if message.guild else None,
                    thread_id=thread_id)

    async def answer(self, message: discord.Message) -> None:
        post = self._post(message)
        urgent = looks_urgent(post.text)
        try:
            outcome = await self.bot.service.handle(post, urgent=urgent)
        except InvalidPost:
            return  # an empty post (say, only an image or only a mention): nothing to answer
        except Exception:
            _log.exception("pipeline failed for message %s", message.id)
            return
        if outcome.duplicate:
            return
        await self.deliver(message, outcome)

    async def answer_late(self, message: discord.Message) -> None:
        """A post found in history too long after it was made: recorded and classified, and shown to
        moderators with the reply held (a late reply would arrive out of context)."""
        service = self.bot.service
        try:
            outcome = await service.handle(self._post(message))
        except InvalidPost:
            return
        if outcome.duplicate or (outcome.reply_id is None and not outcome.queued):
            return
        case = await service.run(hold_for_moderators, service.db, outcome.post_id, outcome.reply_id,
                                 "missed_while_offline", "triage:catch-up")
        await self.bot.review_posts.publish(case, urgent=outcome.urgent_tier is not None)

    async def reclassify(self, message: discord.Message) -> None:
        """An edited post: classified again, and the member's reply updated in place (never a second reply,
        except a new emergency notice, which is sent as a new reply so the member sees it)."""
        service = self.bot.service
        record = await service.run(post_store.find_post, service.db, FACE, str(message.id))
        if record is None:
            if is_recent(message.created_at):
                await self.answer(message)  # an edit that brings an older message into scope (a mention added)
            return
        text = self._post(message).text
        if record.text is None or record.text == text:
            return  # deleted or purged, or not a text change (a link preview, a pin)
        urgent = looks_urgent(text)
        run = service.run_urgent if urgent else service.run
        await run(post_store.update_post_text, service.db, record.id, text, sorted(personal_data_kinds(text)))
        try:
            outcome = await run(service.app.pipeline.process, record.id, text,
                                str(message.guild.id) if message.guild else None)
        except InvalidPost:
            return
        except Exception:
            _log.exception("re-classification failed for post %s", record.id)
            return
        _log.info("post %s re-classified after an edit: %s", record.id, outcome.label)
        previous = await service.run(post_store.delivered_reply, service.db, record.id)
        if outcome.reply is None or previous is None or (outcome.urgent_tier and not _was_urgent(previous)):
            await self.deliver(message, outcome)
            return
        try:
            sent = await self._edit_reply(str(previous["external_id"]), reply_embed(outcome.reply),
                                          self._view(outcome))
        except discord.HTTPException as exc:
            _log.warning("reply for post %s not updated after an edit (%s %s); it stays composed", record.id,
                         exc.status, exc.code)
            return
        if sent is None:  # the old reply was deleted: this one is the member's only reply
            await self.deliver(message, outcome)
            return
        if outcome.reply_id is not None:
            await service.run(post_store.set_reply_status, service.db, int(previous["id"]), "replaced")
            await self._mark_sent(outcome.reply_id, sent)
        if outcome.queued and outcome.review_item_id is not None:
            await self.bot.review_posts.publish(outcome.review_item_id, urgent=urgent)

def _was_urgent(reply: dict) -> bool:
    return any(code in str(reply.get("notices") or "") for code in ("urgent", "urgent_care"))


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(IntakeCog(bot))
