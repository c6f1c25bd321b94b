"""Members' posts in: new messages in the listed channels, new forum posts, mentions of the bot (or of its role);
edits and deletes of any post, cached or not. The pipeline runs off the event loop; replies are paced so a busy
member cannot flood a channel, except an emergency notice, which goes first: its post jumps the store's queue,
the moderators' ping leaves before the reply, and the reply takes no pacing turn.

Nothing is missed while the bot is down: at start-up it finishes what a crash interrupted (``bot.recovery``) and
reads each channel's history since the last post it saw (Discord does not replay messages to a new login).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.ui.embeds import reply_embed, text_embed
from bot.discord.ui.items import feedback_view
from bot.pipeline import InvalidPost, Outcome, Post
from bot.recovery import Pending, RecoveryPlan, hold_for_moderators, is_recent, plan_recovery
from classifier.labels import Label
from data import posts as post_store
from data import review
from data.privacy import review_messages_for_posts
from data.settings_store import guild_settings
from responses.personal_data import personal_data_kinds
from responses.red_flags import detect_red_flags, highest_tier

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["IntakeCog", "looks_urgent", "CATCH_UP_LIMIT", "CATCH_UP_WINDOW"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
FACE = "discord"
#: At most this many messages are read per channel when catching up, and never older than the window.
CATCH_UP_LIMIT = 200
CATCH_UP_WINDOW = timedelta(days=1)
DM_NOTE = ("I've sent you some information by direct message, because your post includes health details.")
DM_CLOSED_NOTE = ("I have some information for you, but your direct messages are closed, so a moderator will "
                  "follow up with you.")


def looks_urgent(text: str) -> bool:
    """The rule-based red-flag check (microseconds, no model, no store): decides which posts jump the queue."""
    return highest_tier(detect_red_flags(text)) is not None


def _mark_deleted(db, post_ids: list[int]) -> list[str]:  # noqa: ANN001 - sqlite_utils.Database
    """Drop the text of deleted posts; where their review cards are shown (to redact those copies)."""
    for post_id in post_ids:
        post_store.mark_post_deleted(db, post_id)
    return review_messages_for_posts(db, post_ids)


def _find_posts(db, external_ids: list[str]) -> list[int]:  # noqa: ANN001
    found = (post_store.find_post(db, FACE, e) for e in external_ids)
    return [p.id for p in found if p is not None and p.status != "deleted"]


class IntakeCog(commands.Cog, name="Intake"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()
        self._recovered = False
        self._catching_up = asyncio.Lock()

    async def cog_unload(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    # ---- start-up: recovery, then catch-up ---------------------------------------------------------------
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
        plan = await service.run(plan_recovery, service.db, service.app.require_pipeline(), FACE)
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
            channels: list[discord.abc.Messageable] = [
                c for cid in sorted(self.bot.settings.answer_channel_ids)
                if isinstance(c := guild.get_channel(cid), discord.abc.Messageable)]
            if self.bot.settings.forum_channel_ids:
                try:
                    channels += [t for t in await guild.active_threads()
                                 if t.parent_id in self.bot.settings.forum_channel_ids]
                except discord.HTTPException as exc:
                    _log.warning("catch-up: active threads not readable (%s %s)", exc.status, exc.code)
            found = 0
            for channel in channels:
                last = await service.run(post_store.last_seen_message, service.db, FACE, str(channel.id))
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
                    _log.warning("catch-up: history of channel %s not readable (%s %s)", channel.id, exc.status,
                                 exc.code)
            if found:
                _log.info("catch-up: %d post(s) made while the bot was away", found)
            return found

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
            outcome = await run(service.app.require_pipeline().process, record.id, text,
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
                                outcome.post_id, outcome.reply_id)

    async def _send(self, target: discord.Message | discord.PartialMessage, author_id: int, embed: discord.Embed,
                    view: discord.ui.View, mode: str, post_id: int, reply_id: int | None) -> discord.Message | None:
        """Deliver a reply where the privacy mode says. A personal reply is never posted in public because a DM
        failed: the member gets a short note with no health details and moderators get the case."""
        if mode == "dm":
            try:
                dm = await self.bot.create_dm(discord.Object(author_id))
                sent = await dm.send(embed=embed, view=view, allowed_mentions=NONE)
            except discord.Forbidden:
                _log.info("DMs closed for the author of post %s; the reply is held for moderators", post_id)
                await target.reply(DM_CLOSED_NOTE, mention_author=False, allowed_mentions=NONE)
                service = self.bot.service
                case = await service.run(hold_for_moderators, service.db, post_id, reply_id, "dm_closed",
                                         "triage:intake")
                await self.bot.review_posts.publish(case)
                return None
            await target.reply(DM_NOTE, mention_author=False, allowed_mentions=NONE)
            return sent
        channel = self.bot.get_channel(target.channel.id)
        if mode == "thread" and isinstance(channel, discord.TextChannel):
            try:
                thread = await target.create_thread(name="Information for your question", auto_archive_duration=1440)
            except discord.HTTPException as exc:
                if exc.code != 160004:  # 160004: a thread already exists for this post (its id is the post's)
                    _log.info("could not open a thread for post %s (%s); answering in place", post_id, exc.code)
                    return await target.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NONE)
                thread = self.bot.get_partial_messageable(target.id)
            return await thread.send(embed=embed, view=view, allowed_mentions=NONE)
        return await target.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NONE)

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


def _was_urgent(reply: dict) -> bool:
    return any(code in str(reply.get("notices") or "") for code in ("urgent", "urgent_care"))


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(IntakeCog(bot))
