"""The mod-log channel: one line per moderator decision (what, action, moderator, time; never post text)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["write_mod_log"]

_log = logging.getLogger(__name__)


async def write_mod_log(bot: TriageBot, subject: str, action: str, moderator_id: int) -> None:
    """``subject · action · <@moderator> (id) · time`` in the guild's mod-log channel, pinging nobody; nothing
    when no mod-log channel is set. A refusal is logged, never raised (the decision stands)."""
    channel_id = bot.guild_config.get("mod_log_channel_id")
    channel = bot.get_channel(int(channel_id)) if channel_id else None
    if not isinstance(channel, discord.abc.Messageable):
        return
    when = discord.utils.format_dt(discord.utils.utcnow(), "f")
    try:
        await channel.send(f"{subject} · {action} · <@{moderator_id}> ({moderator_id}) · {when}",
                           allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as exc:
        _log.warning("mod-log line for %s not written (%s %s)", subject, exc.status, exc.code)
