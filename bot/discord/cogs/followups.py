"""Private follow-up threads (the ``private_thread`` personal-reply mode) after the bot has answered in one:
recorded with a *Close follow-up* button, closed with a reason, and deleted by retention.

Closing (the button's reason form, ``/followup close reason:`` inside the thread, or the offer a moderator gets
after deciding the thread's case) records who, when and why; posts one closing line in the thread (who and the
reason, pinging nobody); archives AND locks the thread, so the member cannot reopen it by posting (locking needs
Manage Threads: without it the thread is only archived, and the closer is told); and writes a mod-log line. Only
moderators and the clinical role may close. Retention (the Review cog's background step) hands over the threads
whose post is past the retention period: each is deleted on Discord, or kept listed when Discord refuses, for
``/triage diagnose``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.modlog import write_mod_log
from bot.discord.ui.followup import (
    CLOSE_MODAL_ID,
    REFUSAL,
    CloseFollowupButton,
    close_view,
    may_close,
    reason_from,
)
from bot.discord.ui.respond import answer_privately, defer_privately
from data import followups
from data.errors import FollowupClosed, NotFound, ReasonRequired, StoreError
from data.followups import MAX_REASON, FollowupThread

if TYPE_CHECKING:
    from bot.discord.client import TriageBot
    from data.review import ReviewItem

__all__ = ["FollowupsCog", "CONTROL_NOTE", "NotAThread"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
CONTROL_NOTE = "A moderator or the clinical team will close this thread when the follow-up is done."


class NotAThread(Exception):
    """A follow-up record names a channel that is not a thread (nothing the bot should archive or delete)."""


@app_commands.default_permissions(manage_messages=True)
class FollowupsCog(commands.GroupCog, name="Followups", group_name="followup",
                   group_description="Private follow-up threads"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(CloseFollowupButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(CloseFollowupButton)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if may_close(self.bot, interaction.user):
            return True
        await answer_privately(interaction, REFUSAL)
        return False

    async def cog_app_command_error(self, interaction: discord.Interaction,
                                    error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            return
        _log.error("follow-up command failed for user %s: %s", interaction.user.id,
                   type(getattr(error, "original", error)).__name__)
        await answer_privately(interaction, "Sorry, something went wrong; the moderators can check the bot's log.")

    # ---- opening ---------------------------------------------------------------------------------------------
    async def opened(self, thread: discord.Thread, post_id: int) -> None:
        """Remember a follow-up thread the bot has answered in, and post its Close button. Never raises: the
        member already has their answer, and a failure here must not send it again by DM."""
        try:
            await self.bot.service.run(followups.record_opened, self.bot.service.db, thread.id,
                                       guild_id=str(thread.guild.id), post_id=post_id)
            await thread.send(CONTROL_NOTE, view=close_view(thread.id), allowed_mentions=NONE)
        except Exception as exc:  # noqa: BLE001 - logged; the reply itself was delivered
            _log.error("follow-up thread %s for post %s not fully set up: %s", thread.id, post_id,
                       type(exc).__name__)

    # ---- closing ---------------------------------------------------------------------------------------------
    @app_commands.command(name="close", description="Close this private follow-up thread, with a reason")
    @app_commands.describe(reason="Why it is closed (shown in the thread; no need to repeat health details)")
    async def close_command(self, interaction: discord.Interaction,
                            reason: app_commands.Range[str, 3, MAX_REASON]) -> None:
        if interaction.channel_id is None:
            await answer_privately(interaction, "Run this inside the follow-up thread.")
            return
        await self.close(interaction, interaction.channel_id, reason)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Reason-form submissions are handled from their custom id and values alone (a form opened before a
        restart still works), and the closer's right is checked again at submission."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        match = re.fullmatch(CLOSE_MODAL_ID, str(data.get("custom_id", "")))
        if match is None:
            return
        if not may_close(self.bot, interaction.user):
            await answer_privately(interaction, REFUSAL)
            return
        await self.close(interaction, int(match["thread"]), reason_from(data.get("components") or []))

    async def close(self, interaction: discord.Interaction, thread_id: int, reason: str) -> None:
        """Record the close, then show it on Discord: the closing line, the closer's answer, archive and lock,
        the mod-log line. The answer goes before the archive (nothing more can be said in an archived thread)."""
        await defer_privately(interaction)
        actor = f"discord:{interaction.user.id}"
        try:
            record = await self.bot.service.run_moderation(followups.close_followup, str(thread_id), actor, reason)
        except ReasonRequired:
            await answer_privately(interaction, "A reason is needed to close a follow-up.")
            return
        except FollowupClosed as exc:
            await answer_privately(interaction, _already_closed(exc))
            return
        except NotFound:
            await answer_privately(interaction, "This is not a follow-up thread: run the command inside the private "
                                                "thread, or use its Close follow-up button.")
            return
        except StoreError as exc:
            await answer_privately(interaction, f"Could not do that: {exc}")
            return
        gone = not await self._closing_line(thread_id, interaction.user.id, record.close_reason or "")
        if gone:
            await self.bot.service.run_moderation(followups.mark_removed, str(thread_id), actor)
            await answer_privately(interaction, "The follow-up is recorded as closed, but its thread no longer exists "
                                                "on Discord.")
        else:
            await answer_privately(interaction, f"Follow-up closed. Reason: {record.close_reason}")
            problem = await self._archive_and_lock(thread_id, interaction.user.id)
            if problem:
                await answer_privately(interaction, problem)
        await self._mod_log(record, interaction.user.id)
        _log.info("follow-up thread %s closed by user %s", thread_id, interaction.user.id)

    async def _closing_line(self, thread_id: int, user_id: int, reason: str) -> bool:
        """One line in the thread (who, and the reason; pinging nobody). False when the thread is gone."""
        try:
            await self.bot.get_partial_messageable(thread_id).send(
                f"🔒 Follow-up closed by <@{user_id}>. Reason: {reason}"[:2000], allowed_mentions=NONE)
        except discord.NotFound:
            return False
        except discord.HTTPException as exc:  # e.g. already archived and locked (50083): it is closed anyway
            _log.warning("closing line for follow-up %s not sent (%s %s)", thread_id, exc.status, exc.code)
        return True

    async def _archive_and_lock(self, thread_id: int, user_id: int) -> str | None:
        """Archive and lock; with no Manage Threads, archive only (the bot made the thread). A sentence for the
        closer when Discord refused part of it."""
        why = f"follow-up closed by {user_id}"
        try:
            thread = await self._thread(thread_id)
        except (discord.NotFound, NotAThread):
            return "Its thread no longer exists on Discord."
        except discord.HTTPException as exc:
            return f"Discord refused to show the thread to the bot ({exc.code}), so it was not archived."
        if thread.archived and thread.locked:
            return None  # shut already (a moderator did it by hand)
        try:
            await thread.edit(archived=True, locked=True, reason=why)
            return None
        except discord.NotFound:
            return "Its thread no longer exists on Discord."
        except discord.Forbidden:
            _log.warning("follow-up %s: no Manage Threads; archived without the lock", thread_id)
        except discord.HTTPException as exc:
            if exc.code == 50083:
                return "Its thread was already archived, so it was not locked."
            _log.warning("follow-up %s not archived (%s %s)", thread_id, exc.status, exc.code)
            return f"Discord refused to archive the thread ({exc.code})."
        try:
            await thread.edit(archived=True, reason=why)
        except discord.HTTPException as exc:
            return f"Discord refused to archive the thread ({exc.code}): give the bot Manage Threads."
        return ("The thread is archived but not locked (the bot lacks Manage Threads), so the member can reopen it "
                "by posting: give the bot Manage Threads.")

    async def _thread(self, thread_id: int) -> discord.Thread:
        """The thread from the cache, else from Discord (an archived thread is not cached after a restart).

        :raises discord.NotFound: it no longer exists. :raises NotAThread: the id names another kind of channel.
        """
        cached = self.bot.get_channel(thread_id)
        if isinstance(cached, discord.Thread):
            return cached
        fetched = await self.bot.fetch_channel(thread_id)
        if not isinstance(fetched, discord.Thread):
            raise NotAThread(thread_id)
        return fetched

    async def _mod_log(self, record: FollowupThread, moderator_id: int) -> None:
        subject = f"case #{record.review_item_id}" if record.review_item_id else f"follow-up thread {record.thread_id}"
        await write_mod_log(self.bot, subject, "close follow-up", moderator_id)

    @commands.Cog.listener()
    async def on_case_decided(self, interaction: discord.Interaction, item: ReviewItem) -> None:
        """After a case is resolved, offer its open follow-up thread's Close button (the reason is still asked)."""
        if item.status != "resolved":
            return
        found = await self.bot.service.run_moderation(followups.open_followup_for_case, item.id)
        if found is None:
            return
        try:
            await interaction.followup.send(f"Case #{item.id} has an open follow-up thread (<#{found.thread_id}>). "
                                            "Close it with a reason?", view=close_view(int(found.thread_id)),
                                            ephemeral=True, allowed_mentions=NONE)
        except discord.HTTPException as exc:
            _log.warning("close offer for case %s not sent (%s %s)", item.id, exc.status, exc.code)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        """A follow-up thread deleted on Discord (not by retention, which records its own) is recorded as gone."""
        found = await self.bot.service.run(followups.find_followup, self.bot.service.db, payload.thread_id)
        if found is not None and found.removed_at is None and found.purged_at is None:
            await self.bot.service.run(followups.mark_removed, self.bot.service.db, payload.thread_id,
                                       "discord:thread-deleted")

    # ---- retention ------------------------------------------------------------------------------------------
    async def remove(self, thread_ids: list[str]) -> int:
        """Delete follow-up threads past retention on Discord (their text in the store is already purged). A
        thread already gone counts as removed; a refusal is recorded (``/triage diagnose`` reports it) and the
        next run tries again. Returns how many were removed; never raises for Discord's answers."""
        removed = 0
        for thread_id in thread_ids:
            try:
                await (await self._thread(int(thread_id))).delete(reason="retention period over")
            except discord.NotFound:
                pass  # deleted already (by someone, or its channel): nothing left to remove
            except NotAThread:
                await self.bot.service.run(followups.mark_removal_failed, self.bot.service.db, thread_id,
                                           "not a thread")
                continue
            except discord.HTTPException as exc:
                _log.warning("retention: follow-up thread %s not deleted (%s %s)", thread_id, exc.status, exc.code)
                await self.bot.service.run(followups.mark_removal_failed, self.bot.service.db, thread_id,
                                           f"{exc.code} {exc.text}")
                continue
            await self.bot.service.run(followups.mark_removed, self.bot.service.db, thread_id)
            removed += 1
        if thread_ids:
            _log.info("retention: %d of %d follow-up thread(s) removed", removed, len(thread_ids))
        return removed


def _already_closed(exc: FollowupClosed) -> str:
    if exc.removed:
        return "This follow-up thread was already removed (deleted, or past the retention period)."
    who = exc.by.removeprefix("discord:") if exc.by else None
    by = f"<@{who}>" if who and who.isdigit() else ("retention" if exc.by == followups.RETENTION_ACTOR
                                                     else exc.by or "someone")
    return f"This follow-up was already closed by {by}."


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(FollowupsCog(bot))
