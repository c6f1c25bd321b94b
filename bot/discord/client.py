"""The Discord client: resources are injected, extensions loaded and commands synced to one guild in setup_hook."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.discord.ui.items import DYNAMIC_ITEMS
from bot.service import TriageService
from bot.settings import DiscordSettings
from bot.throttle import ReplyThrottle

__all__ = ["TriageBot", "build_intents", "EXTENSIONS"]

_log = logging.getLogger(__name__)
EXTENSIONS = ("bot.discord.cogs.intake", "bot.discord.cogs.review", "bot.discord.cogs.admin", "bot.discord.cogs.reports")


def build_intents() -> discord.Intents:
    """Only what the bot needs: guilds, guild messages, and message content (to read the posts it answers)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    return intents


class TriageBot(commands.Bot):
    def __init__(self, service: TriageService, settings: DiscordSettings, *, sync_commands: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=build_intents(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None, **kwargs)
        self.service = service
        self.settings = settings
        self.sync_commands = sync_commands
        self.throttle = ReplyThrottle(settings.channel_cooldown, settings.member_cooldown)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.sync_commands:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            _log.info("synced %d commands to guild %s", len(synced), self.settings.guild_id)

    @property
    def review_posts(self):  # noqa: ANN201 - the Review cog
        return self.get_cog("Review")

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

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        _log.exception("error in %s", event_method)
