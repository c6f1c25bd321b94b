"""The Discord client: resources are injected, extensions loaded and commands synced to one guild in setup_hook."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from bot.discord.permissions import intent_problems
from bot.discord.ui.items import DYNAMIC_ITEMS
from bot.service import TriageService
from bot.settings import DiscordSettings, with_stored
from bot.throttle import ReplyThrottle
from data.settings_store import guild_settings
from responses.locales import language_of_locale

__all__ = ["TriageBot", "build_intents", "EXTENSIONS", "StartupError"]

_log = logging.getLogger(__name__)
EXTENSIONS = ("bot.discord.cogs.intake", "bot.discord.cogs.review", "bot.discord.cogs.admin", "bot.discord.cogs.reports",
              "bot.discord.cogs.automod", "bot.discord.cogs.followups")


def build_intents() -> discord.Intents:
    """Only what the bot needs: guilds, guild messages, and message content (to read the posts it answers)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    # AutoMod executions (a blocked crisis message never reaches on_message); Discord sends them only to a bot
    # with Manage Server, and their content only with Message Content
    intents.auto_moderation_execution = True
    return intents


class StartupError(Exception):
    """The bot cannot start with this configuration; each line says what to fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class TriageBot(commands.Bot):
    def __init__(self, service: TriageService, settings: DiscordSettings, *, sync_commands: bool = True,
                 throttle: ReplyThrottle | None = None, report: Callable[[str], None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=build_intents(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None, **kwargs)
        self.service = service
        #: the environment's settings (the defaults); ``settings`` is them with the guild's stored set-up on top
        self.env_settings = settings
        self.settings = settings
        #: the guild's stored settings (``data.settings_store``), refreshed at start-up and by ``/triage setup``
        self.guild_config: dict[str, Any] = {}
        self.app_flags: discord.ApplicationFlags | None = None
        self.sync_commands = sync_commands
        self.throttle = throttle or ReplyThrottle(settings.channel_cooldown, settings.member_cooldown)
        #: where start-up problems go, one line each (``triage run`` prints them; the default logs them)
        self.report = report or (lambda line: _log.warning("set-up: %s", line))
        self.setup_report: list[str] = []

    async def setup_hook(self) -> None:
        info = await self.application_info()
        self.app_flags = info.flags
        problems = intent_problems(info.flags)
        if problems:
            raise StartupError(problems)
        await self.refresh_settings()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.sync_commands:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.Forbidden as exc:
                raise StartupError([f"TRIAGE_GUILD_ID={self.settings.guild_id}: Discord refused access to that "
                                    f"server ({exc.code} {exc.text}); invite the bot with the applications.commands "
                                    "scope, or check the id"]) from None
            _log.info("synced %d commands to guild %s", len(synced), self.settings.guild_id)

    async def refresh_settings(self) -> DiscordSettings:
        """Read the guild's stored settings (on the store's thread) and apply them over the environment's."""
        self.guild_config = await self.service.run(guild_settings, self.service.db, str(self.env_settings.guild_id))
        self.settings = with_stored(self.env_settings, self.guild_config)
        return self.settings

    # ---- the guild's Discord language (used for the notices when its ``language`` setting is ``auto``) ----------
    def note_guild_language(self, guild: discord.Guild) -> None:
        """Tell the core the guild's language as a plain code (``es-ES`` → ``es``): no Discord object crosses."""
        self.service.app.set_guild_language(str(guild.id), language_of_locale(str(guild.preferred_locale)))

    async def on_guild_available(self, guild: discord.Guild, /) -> None:
        self.note_guild_language(guild)

    async def on_guild_join(self, guild: discord.Guild, /) -> None:
        self.note_guild_language(guild)

    async def on_guild_update(self, _before: discord.Guild, after: discord.Guild, /) -> None:
        self.note_guild_language(after)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: the default would parse a post that starts with the bot's mention as a command
        and log its first word ("Command ... is not found"). The cogs' listeners still see every message."""
        return

    @property
    def review_posts(self):  # noqa: ANN201 - the Review cog
        return self.get_cog("Review")

    @property
    def followups(self):  # noqa: ANN201 - the Followups cog (private follow-up threads)
        return self.get_cog("Followups")

    def is_moderator(self, user: discord.abc.User) -> bool:
        """A moderator has the configured role or Manage Messages in the guild, checked at the moment of use."""
        if not isinstance(user, discord.Member):
            return False
        if self.settings.mod_role_id is not None and any(r.id == self.settings.mod_role_id for r in user.roles):
            return True
        return user.guild_permissions.manage_messages or user.guild_permissions.administrator

    async def close(self) -> None:
        await super().close()
        await self.service.close()

    async def on_ready(self) -> None:
        _log.info("connected as %s to %d guild(s)", self.user.id if self.user else "?", len(self.guilds))
        from bot.discord.cogs._setup import diagnosis  # the cogs import the client's types

        problems, _ = await diagnosis(self)
        for line in problems:
            if line not in self.setup_report:  # a new session repeats READY: say each problem once
                self.report(line)
        self.setup_report = problems

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        _log.exception("error in %s", event_method)
