"""Slash commands under ``/triage`` and the "Label post" message command, for moderators; ``/forget-me`` for
every member. The moderator commands are hidden from members in Discord's client (``default_member_permissions``:
Manage Messages; a server can widen that in Integrations) and still checked at the moment of use. Every command
that reads the store is deferred first, so a busy store never makes it miss Discord's 3-second deadline."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.cogs._setup import SetupMixin
from bot.discord.ui.items import forget_view
from bot.discord.ui.respond import answer_privately, defer_privately
from bot.moderation import Moderator, label_post
from classifier.labels import ALL_LABELS
from data import model_versions, review
from data import posts as post_store
from data.errors import StoreError
from data.review import ReviewFilter
from data.settings_store import set_setting
from data.stats import store_counts

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["AdminCog"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
LABEL_CHOICES = [app_commands.Choice(name=str(label), value=str(label)) for label in ALL_LABELS]




@app_commands.default_permissions(manage_messages=True)
class AdminCog(SetupMixin, commands.GroupCog, group_name="triage", group_description="Triage moderation"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        super().__init__()
        self.label_menu = app_commands.ContextMenu(name="Label post", callback=self.label_post_menu)
        self.label_menu.default_permissions = discord.Permissions(manage_messages=True)
        self.bot.tree.add_command(self.label_menu, guild=discord.Object(bot.settings.guild_id))

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.label_menu.name, type=self.label_menu.type,
                                     guild=discord.Object(self.bot.settings.guild_id))

    # every command checks at the moment of use (a server may have shown the commands to more people)
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.bot.is_moderator(interaction.user):
            return True
        await interaction.response.send_message("Only moderators can use this command.", ephemeral=True)
        return False

    async def cog_app_command_error(self, interaction: discord.Interaction,
                                    error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            return
        original = getattr(error, "original", error)
        _log.error("command %s failed for user %s: %s", getattr(interaction.command, "name", "?"),
                   interaction.user.id, type(original).__name__)
        text = f"Sorry, that did not work: {original}" if isinstance(original, StoreError) else \
            "Sorry, something went wrong; the moderators can check the bot's log."
        await answer_privately(interaction, text)

    @app_commands.command(name="queue", description="Pending review items, most urgent and oldest first")
    @app_commands.describe(limit="How many items to show (1-25)")
    async def queue(self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, 25] = 10) -> None:
        await defer_privately(interaction)
        items = await self.bot.service.run_moderation(review.list_items,
                                                      ReviewFilter(status=["pending", "claimed"], limit=limit))
        if not items:
            await answer_privately(interaction, "The queue is empty.")
            return
        lines = [f"**#{i.id}** p{i.priority} · {i.label or '-'} · {', '.join(i.reasons)[:80]}" for i in items]
        await answer_privately(interaction, "\n".join(lines)[:2000])

    @app_commands.command(name="label", description="Label a stored post by its message id")
    @app_commands.describe(message_id="The Discord message id of the post", label="The right label for it")
    @app_commands.choices(label=LABEL_CHOICES)
    async def label(self, interaction: discord.Interaction, message_id: str,
                    label: app_commands.Choice[str]) -> None:
        await self._label(interaction, message_id, label.value)

    async def _label(self, interaction: discord.Interaction, message_id: str, label: str) -> None:
        await defer_privately(interaction)
        service = self.bot.service
        record = await service.run_moderation(post_store.find_post, "discord", message_id.strip())
        if record is None:
            await answer_privately(interaction, "I have no stored post with that message id.")
            return
        moderator = Moderator(f"discord:{interaction.user.id}", f"discord:{interaction.channel_id}")
        await service.run_moderation(label_post, record.id, label, moderator)
        await answer_privately(interaction, f"Labelled post {record.id} as {label}.")

    async def label_post_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        if not self.bot.is_moderator(interaction.user):
            await interaction.response.send_message("Only moderators can label posts.", ephemeral=True)
            return
        view = discord.ui.View(timeout=120)
        view.add_item(_LabelChoice(self, str(message.id)))
        await interaction.response.send_message("Which label?", view=view, ephemeral=True)

    @app_commands.command(name="stats", description="Posts, labels and the queue at a glance")
    async def stats(self, interaction: discord.Interaction) -> None:
        await defer_privately(interaction)
        s = await self.bot.service.run_moderation(store_counts)
        by_label = ", ".join(f"{k}: {v}" for k, v in s.by_label.items()) or "none yet"
        await answer_privately(interaction,
                      f"Posts: {s.posts} · pending review: {s.pending} · labels: {s.labels}\nBy label: {by_label}")

    @app_commands.command(name="report", description="Charts of live quality, drift, content gaps and service")
    async def report(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        posted = await self.bot.get_cog("Reports").post_report()  # type: ignore[union-attr]
        await interaction.followup.send("Posted the report in the moderators' channel." if posted else
                                        "The moderators' channel was not found.", ephemeral=True)

    @app_commands.command(name="model", description="The current model version and its metrics")
    async def model(self, interaction: discord.Interaction) -> None:
        await defer_privately(interaction)
        current = await self.bot.service.run_moderation(model_versions.current_version)
        if current is None:
            await answer_privately(interaction, "No model yet.")
            return
        m = current.metrics
        text = (f"Model **{current.version}** (trained {current.created_at[:16]}, {current.n_seed} seed posts + "
                f"{current.n_labels} labels, sha256 {current.sha256[:12]})\n"
                f"held-out macro-F1: {m.get('candidate_macro_f1', 'n/a')} · personal-symptoms recall: "
                f"{m.get('candidate_personal_recall', 'n/a')}")
        await answer_privately(interaction, text)

    @app_commands.command(name="retrain", description="Retrain from moderator labels (promoted only if not worse)")
    async def retrain(self, interaction: discord.Interaction) -> None:
        if self.bot.service.retraining:
            await interaction.response.send_message("A retrain is already running.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.service.retrain(f"discord:{interaction.user.id}")
        verdict = "Promoted" if result.promoted else "Kept the current model"
        await interaction.followup.send(f"{verdict}: {result.reason}"[:2000], ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="privacy", description="How to answer personal-symptoms posts")
    @app_commands.describe(mode="public: in the channel; thread: in a new thread; private_thread: a private thread "
                                "with the member and the clinical role; dm: by direct message")
    @app_commands.choices(mode=[app_commands.Choice(name=m, value=m)
                                for m in ("public", "thread", "private_thread", "dm")])
    async def privacy(self, interaction: discord.Interaction, mode: app_commands.Choice[str]) -> None:
        await defer_privately(interaction)
        await self.bot.service.run_moderation(set_setting, str(self.bot.settings.guild_id),
                                              "personal_reply_mode", mode.value, f"discord:{interaction.user.id}")
        await answer_privately(interaction, f"Personal-symptoms posts will be answered: {mode.value}.")


class _LabelChoice(discord.ui.Select[discord.ui.View]):
    """The "Label post" menu's short-lived choice of label for one message."""

    def __init__(self, cog: AdminCog, message_id: str) -> None:
        super().__init__(placeholder="Label this post as…",
                         options=[discord.SelectOption(label=str(lab), value=str(lab)) for lab in ALL_LABELS])
        self.cog = cog
        self.message_id = message_id

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.cog._label(interaction, self.message_id, self.values[0])


class MemberCog(commands.Cog, name="Member"):
    """Commands every member sees: ``/forget-me`` (outside ``/triage``, which is hidden from members)."""

    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot

    @app_commands.command(name="forget-me", description="Delete everything Triage stored about you")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "This deletes your posts, the bot's predictions and replies about them, and any labels made from them. "
            "Continue?", view=forget_view(interaction.user.id), ephemeral=True)


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(AdminCog(bot))
    await bot.add_cog(MemberCog(bot))
