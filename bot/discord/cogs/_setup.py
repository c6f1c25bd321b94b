"""``/triage setup``, ``/triage settings``, ``/triage diagnose`` and ``/triage automod``: a server owner sets the
bot up from Discord. Values are stored per guild (``data.settings_store``, the same keys as ``triage settings``
on the terminal); the environment's values stay the defaults. Mixed into the ``/triage`` group cog.

``/triage setup`` with no options opens the guided wizard (``bot.discord.ui.setup_wizard``); with options, each
one given is saved at once. Both store through :func:`_store` (one transaction) and show the diagnosis."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.automod import CRISIS_KEYWORDS, MAX_KEYWORD_RULES, RULE_NAME, check_keywords
from bot.discord.permissions import MANAGE_GUILD, guild_problems, intent_problems
from bot.discord.ui.setup_wizard import WIZARD_TIMEOUT, SetupWizard, open_setup_wizard
from bot.health import health_problems, health_summary, store_health
from bot.setup_draft import SetupDraft, effective_settings
from bot.setup_draft import shown as _shown
from data.settings_store import DEFAULTS, RANGES, set_settings
from responses.notices import LANGUAGE_SETTINGS, REGIONS

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["SetupMixin", "diagnosis"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
_MODES = ("public", "thread", "private_thread", "dm")


def _choices(values: tuple[str, ...]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=v, value=v) for v in values]


def _range(key: str) -> Any:
    """An option bounded by the store's own range for ``key`` (``settings_store.RANGES``)."""
    low, high = RANGES[key]
    return app_commands.Range[int, int(low), int(high)]


if TYPE_CHECKING:  # type checkers see plain ints; discord.py reads the bounds
    from typing import TypeAlias

    RetentionDays: TypeAlias = int
    ReminderMinutes: TypeAlias = int
    RepingMinutes: TypeAlias = int
    RetrainEvery: TypeAlias = int
else:
    RetentionDays = _range("retention_days")
    ReminderMinutes = _range("reminder_minutes")
    RepingMinutes = _range("emergency_reping_minutes")
    RetrainEvery = _range("retrain_every_labels")


def _saved(values: dict[str, Any]) -> str:
    return ("Saved: " + ", ".join(f"{k} = {_shown(k, v)}" for k, v in values.items())) if values else \
        "Nothing changed."


def _diagnosis_text(problems: list[str], facts: list[str]) -> str:
    head = (f"**{len(problems)} problem(s)**, each with its fix:\n" + "\n".join(f"• {p}" for p in problems)
            if problems else "**No problems found.**")
    return head + "\n\n" + "\n".join(facts)


def _clip(text: str) -> str:
    return text if len(text) <= 2000 else text[:1990] + "\n…"


async def diagnosis(bot: TriageBot) -> tuple[list[str], list[str]]:
    """(problems, facts): what Discord says about the set-up, then the store's side (backlog, oldest emergency,
    model served vs current, last retention purge). Used by ``/triage diagnose`` and at start-up."""
    problems = intent_problems(bot.app_flags) + guild_problems(bot, bot.settings, bot.guild_config)
    health = await bot.service.run(store_health, bot.service.db)
    holder = bot.service.app.loaded_models
    served = holder.get().version if holder is not None else None
    review = bot.get_cog("Review")
    failed = list(getattr(review, "failed_steps", []))
    problems += health_problems(health, served_version=served, failed_steps=failed,
                                reping_minutes=int(bot.guild_config.get("emergency_reping_minutes") or 0))
    return problems, health_summary(health, served_version=served)


class SetupMixin(commands.Cog):
    bot: TriageBot

    #: seconds without a click before the setup wizard closes
    wizard_timeout: float = WIZARD_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: each moderator's open wizard: a newer ``/triage setup`` closes theirs, so an old one cannot Save over it
        self.setup_wizards: dict[int, SetupWizard] = {}

    @app_commands.command(name="setup", description="Set the bot up: no options opens a step-by-step wizard; "
                                                    "each option given is saved at once")
    @app_commands.describe(
        answer_channel="A channel where the bot answers posts (adds it)",
        forum_channel="A forum whose new posts the bot answers (adds it)",
        remove_channel="Stop answering in this channel or forum",
        mod_channel="Where review cases go", mod_role="The moderators' role (pinged for urgent cases)",
        clinical_channel="Where clinical cases and escalations go", clinical_role="The clinical reviewers' role",
        mod_log_channel="One line per moderator decision (no post text)",
        region="Emergency numbers for this region", language="Language of the safety notices (auto: the server's Discord language)",
        personal_reply_mode="How to answer posts about a member's own health",
        retention_days="Days post text is kept (0: forever)", reminder_minutes="Remind about cases pending this long",
        emergency_reping_minutes="Ping an unclaimed emergency again after this long (0: never)",
        retrain_every_labels="Retrain after this many new labels (0: never)",
        weekly_report="Post the moderators' report every week")
    @app_commands.choices(region=_choices(REGIONS), language=_choices(LANGUAGE_SETTINGS),
                          personal_reply_mode=_choices(_MODES))
    async def setup(self, interaction: discord.Interaction, answer_channel: discord.TextChannel | None = None,
                    forum_channel: discord.ForumChannel | None = None,
                    remove_channel: discord.TextChannel | discord.ForumChannel | None = None,
                    mod_channel: discord.TextChannel | None = None, mod_role: discord.Role | None = None,
                    clinical_channel: discord.TextChannel | None = None, clinical_role: discord.Role | None = None,
                    mod_log_channel: discord.TextChannel | None = None,
                    region: app_commands.Choice[str] | None = None,
                    language: app_commands.Choice[str] | None = None,
                    personal_reply_mode: app_commands.Choice[str] | None = None,
                    retention_days: RetentionDays | None = None,
                    reminder_minutes: ReminderMinutes | None = None,
                    emergency_reping_minutes: RepingMinutes | None = None,
                    retrain_every_labels: RetrainEvery | None = None,
                    weekly_report: bool | None = None) -> None:
        given = (answer_channel, forum_channel, remove_channel, mod_channel, mod_role, clinical_channel,
                 clinical_role, mod_log_channel, region, language, personal_reply_mode, retention_days,
                 reminder_minutes, emergency_reping_minutes, retrain_every_labels, weekly_report)
        if all(option is None for option in given):
            await self._open_wizard(interaction)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = self.bot
        answers = set(bot.settings.answer_channel_ids)
        forums = set(bot.settings.forum_channel_ids)
        values: dict[str, Any] = {}
        if answer_channel is not None:
            answers.add(answer_channel.id)
        if forum_channel is not None:
            forums.add(forum_channel.id)
        if remove_channel is not None:
            answers.discard(remove_channel.id)
            forums.discard(remove_channel.id)
        if answers != set(bot.settings.answer_channel_ids):
            values["answer_channel_ids"] = sorted(answers)
        if forums != set(bot.settings.forum_channel_ids):
            values["forum_channel_ids"] = sorted(forums)
        for key, obj in (("mod_channel_id", mod_channel), ("mod_role_id", mod_role),
                         ("clinical_channel_id", clinical_channel), ("clinical_role_id", clinical_role),
                         ("mod_log_channel_id", mod_log_channel)):
            if obj is not None:
                values[key] = obj.id
        for key, choice in (("region", region), ("language", language), ("personal_reply_mode", personal_reply_mode)):
            if choice is not None:
                values[key] = choice.value
        for key, number in (("retention_days", retention_days), ("reminder_minutes", reminder_minutes),
                            ("emergency_reping_minutes", emergency_reping_minutes),
                            ("retrain_every_labels", retrain_every_labels), ("weekly_digest", weekly_report)):
            if number is not None:
                values[key] = number
        await self._store(interaction, values)
        await interaction.followup.send(f"{_saved(values)}\n\n{self._next_steps()}"[:2000], ephemeral=True,
                                        allowed_mentions=NONE)

    async def _store(self, interaction: discord.Interaction, values: dict[str, Any]) -> None:
        """Every value in one transaction (the store's checks refuse all of them or none), then the bot uses
        them at once."""
        if values:
            await self.bot.service.run_moderation(set_settings, str(self.bot.settings.guild_id), values,
                                                  f"discord:{interaction.user.id}")
            _log.info("setup: user %s set %s", interaction.user.id, ", ".join(sorted(values)))
        await self.bot.refresh_settings()

    def _draft(self) -> SetupDraft:
        s = self.bot.settings
        values, from_env = effective_settings(self.bot.guild_config, answer_channel_ids=s.answer_channel_ids,
                                              forum_channel_ids=s.forum_channel_ids,
                                              mod_channel_id=s.mod_channel_id, mod_role_id=s.mod_role_id)
        return SetupDraft(values, from_env)

    async def _open_wizard(self, interaction: discord.Interaction) -> None:
        # The wizard must be the first answer (within Discord's 3 s): read the store briefly, else show the
        # settings the bot already holds (refreshed at start-up and after every set-up).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.bot.refresh_settings(), 1.0)
        wizard = await open_setup_wizard(interaction, self._draft(), self._save_from_wizard,
                                         timeout=self.wizard_timeout)
        older = self.setup_wizards.get(interaction.user.id)
        self.setup_wizards[interaction.user.id] = wizard
        if older is not None:
            await older.close("replaced", "This set-up wizard was replaced by a newer `/triage setup`: nothing was "
                                          "stored from it.")

    async def _save_from_wizard(self, interaction: discord.Interaction, values: dict[str, Any]) -> str:
        """The wizard's Save: store, then run ``/triage diagnose``'s checks on the new set-up."""
        await self._store(interaction, values)
        problems, facts = await diagnosis(self.bot)
        return _clip(f"{_saved(values)}\n\n{_diagnosis_text(problems, facts)}")

    def _next_steps(self) -> str:
        """The guided part: what is still missing, one command each, then the diagnosis to run."""
        s, cfg = self.bot.settings, self.bot.guild_config
        steps = []
        if not s.answer_channel_ids and not s.forum_channel_ids:
            steps.append("• Choose where the bot answers: `/triage setup answer_channel:` (or `forum_channel:`)")
        if self.bot.get_channel(s.mod_channel_id) is None:
            steps.append("• Choose the moderators' channel: `/triage setup mod_channel:`")
        if s.mod_role_id is None:
            steps.append("• Choose the moderators' role (pinged for emergencies): `/triage setup mod_role:`")
        if not cfg.get("clinical_role_id"):
            steps.append("• Optional: a clinical reviewers' role and channel: `/triage setup clinical_role: "
                         "clinical_channel:`")
        if not cfg.get("mod_log_channel_id"):
            steps.append("• Optional: a mod-log channel: `/triage setup mod_log_channel:`")
        steps.append("• Then check everything: `/triage diagnose`; see all values: `/triage settings`")
        return "Next steps:\n" + "\n".join(steps)

    @app_commands.command(name="settings", description="This server's settings, as the bot uses them")
    async def settings(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.bot.refresh_settings()
        draft = self._draft()
        lines = []
        for key in DEFAULTS:
            origin = " (environment)" if key in draft.from_environment else ""
            lines.append(f"**{key}**: {_shown(key, draft.current.get(key))}{origin}")
        await interaction.followup.send("\n".join(lines)[:2000], ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="diagnose", description="Check permissions, roles, the queue and the model")
    async def diagnose(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems, facts = await diagnosis(self.bot)
        await interaction.followup.send(_clip(_diagnosis_text(problems, facts)), ephemeral=True,
                                        allowed_mentions=NONE)

    @app_commands.command(name="automod", description="Create or update an alert-only AutoMod rule for crisis phrases")
    async def automod(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild = interaction.guild
        if guild is None or guild.me is None or not guild.me.guild_permissions.manage_guild:
            await interaction.followup.send(f"I need the **{MANAGE_GUILD.label}** permission to manage AutoMod "
                                            "rules: grant it to my role, then run this again.", ephemeral=True)
            return
        keywords = check_keywords(CRISIS_KEYWORDS)
        trigger = discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword, keyword_filter=keywords)
        # alert only, never block: a person in crisis must not be silenced
        actions = [discord.AutoModRuleAction(channel_id=self.bot.settings.mod_channel_id)]
        rules = await guild.fetch_automod_rules()
        mine = next((r for r in rules if r.name == RULE_NAME), None)
        reason = f"/triage automod by {interaction.user.id}"
        if mine is not None:
            await mine.edit(trigger=trigger, actions=actions, enabled=True, reason=reason)
            verb = "Updated"
        else:
            keyword_rules = [r for r in rules if r.trigger.type is discord.AutoModRuleTriggerType.keyword]
            if len(keyword_rules) >= MAX_KEYWORD_RULES:
                await interaction.followup.send(f"This server already has {len(keyword_rules)} keyword rules, "
                                                f"AutoMod's limit: remove one, then run this again.", ephemeral=True)
                return
            await guild.create_automod_rule(name=RULE_NAME, event_type=discord.AutoModRuleEventType.message_send,
                                            trigger=trigger, actions=actions, enabled=True, reason=reason)
            verb = "Created"
        await interaction.followup.send(
            f"{verb} the AutoMod rule “{RULE_NAME}”: {len(keywords)} crisis phrases, alerts in "
            f"<#{self.bot.settings.mod_channel_id}>, never blocking. I check every alert for an emergency.",
            ephemeral=True, allowed_mentions=NONE)
