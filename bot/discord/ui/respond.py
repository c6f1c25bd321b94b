"""Answering an interaction privately, whether or not it was deferred first (one place for every cog and item)."""

from __future__ import annotations

import discord

__all__ = ["NONE", "answer_privately", "defer_privately"]

NONE = discord.AllowedMentions.none()


async def answer_privately(interaction: discord.Interaction, text: str) -> None:
    """The answer only the clicking member sees: a follow-up after a defer, else the first response."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NONE)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)


async def defer_privately(interaction: discord.Interaction) -> None:
    """Acknowledge at once (an ephemeral "thinking…"), before any work that may wait: Discord refuses any first
    answer after 3 seconds, and the store may be busy with a burst of posts."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
