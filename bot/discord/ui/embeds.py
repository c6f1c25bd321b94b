"""Turning replies and review items into embeds that always fit Discord's limits."""

from __future__ import annotations

import discord

from data.review import ReviewItem
from responses.compose import Reply, neutralise_mentions, trim
from responses.notices import NoticeCode
from responses.personal_data import mask_personal_data

__all__ = ["reply_embed", "review_embed", "redacted_embed", "text_embed", "LIMITS", "post_link"]

LIMITS = {"title": 256, "description": 4096, "field_name": 256, "field_value": 1024, "footer": 2048,
          "total": 6000, "fields": 25, "content": 2000}

_COLOURS = {
    NoticeCode.URGENT: discord.Colour.red(),
    NoticeCode.URGENT_CARE: discord.Colour.dark_orange(),
    NoticeCode.DOCTOR_REFERRAL: discord.Colour.orange(),
}


def reply_embed(reply: Reply) -> discord.Embed:
    """Notices on top (description), then one field per cited passage with article › section and link."""
    notices = "\n\n".join(f"**{'⚠️ ' if n.code in _COLOURS else ''}{n.title}**\n{n.text}" for n in reply.notices)
    colour = next((_COLOURS[n.code] for n in reply.notices if n.code in _COLOURS), discord.Colour.blurple())
    embed = discord.Embed(description=trim(notices, LIMITS["description"]) or None, colour=colour)
    if reply.citations:
        embed.title = "From our articles"
    budget = LIMITS["total"] - len(embed) - 120
    for citation in reply.citations[: LIMITS["fields"]]:
        name = trim(f"{citation.article} › {citation.section}", LIMITS["field_name"])
        link = f"\n[Read the article]({citation.url})" if citation.url else ""
        room = min(LIMITS["field_value"] - len(link), budget - len(name) - len(link))
        if room < 80:
            break
        value = trim(neutralise_mentions(citation.text), room) + link
        embed.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
    embed.set_footer(text="General information from community articles, not medical advice.")
    return embed


def review_embed(item: ReviewItem, *, status_line: str | None = None) -> discord.Embed:
    """A review item for the moderators' channel: masked post excerpt, prediction, reasons, the reply sent."""
    urgent = item.priority >= 100
    colour = discord.Colour.red() if urgent else discord.Colour.orange() if item.status != "resolved" else \
        discord.Colour.dark_grey()
    conf = "-" if item.confidence is None else f"{item.confidence:.0%}"
    embed = discord.Embed(
        title=trim(f"{'🚨 ' if urgent else ''}Case #{item.id} · {item.kind.replace('_', ' ')}", LIMITS["title"]),
        colour=colour,
        description=trim(neutralise_mentions(mask_personal_data(item.post_text or "(deleted by the member)")), 1500),
    )
    embed.add_field(name="Prediction", value=f"{item.label or '-'} ({conf})", inline=True)
    embed.add_field(name="Priority", value=str(item.priority), inline=True)
    embed.add_field(name="Reasons", value=trim(", ".join(item.reasons) or "-", 1024), inline=False)
    if item.reply_content:
        embed.add_field(name="Reply sent", value=trim(neutralise_mentions(item.reply_content), 1000), inline=False)
    if item.personal_data:
        embed.add_field(name="Personal data detected", value=", ".join(item.personal_data), inline=False)
    status = status_line or item.status
    if item.claim_active and item.claimed_by:
        holder = item.claimed_by.removeprefix("discord:")
        status += f" · claimed by {'<@' + holder + '>' if holder.isdigit() else holder}"
    embed.add_field(name="Status", value=trim(status, 1024), inline=False)
    embed.set_footer(text=f"post {item.post_id} · model {item.model_version or '-'} · version {item.version}")
    return embed


def redacted_embed() -> discord.Embed:
    """What is left of a review card after the member asked Triage to forget them: nothing about the post."""
    return discord.Embed(title="Case removed", colour=discord.Colour.dark_grey(),
                         description="The member asked Triage to delete their data; this case and its text are gone.")


def text_embed(text: str) -> discord.Embed:
    """A stored reply's text as an embed (recovery has the text the member should get, not the passages)."""
    embed = discord.Embed(description=trim(neutralise_mentions(text), LIMITS["description"]) or None,
                          colour=discord.Colour.blurple())
    embed.set_footer(text="General information from community articles, not medical advice.")
    return embed


def post_link(item: ReviewItem) -> str | None:
    """A link to the post in Discord, when the case is about a Discord post."""
    parts = (item.post_guild_id, item.post_channel_id, item.post_external_id)
    if item.post_face != "discord" or not all(p and p.isdigit() for p in parts):
        return None
    return "https://discord.com/channels/{}/{}/{}".format(*parts)
