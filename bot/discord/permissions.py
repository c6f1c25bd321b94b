"""What the bot needs from the server, checked against what Discord says it has: one plain line per problem.

Used at start-up (``triage run`` prints each line) and reusable by a diagnose command. The lists here are the
single source for the README's Discord section (``tests/bot/discord/test_permissions.py`` keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.settings import DiscordSettings

__all__ = ["Need", "INTENTS", "ANSWER_CHANNEL", "FORUM_CHANNEL", "MOD_CHANNEL", "setup_problems",
           "intent_problems", "role_ping_problem", "can_notify_role"]


@dataclass(frozen=True)
class Need:
    """A permission the bot needs, its name as Discord's server settings show it, and why."""

    flag: str
    label: str
    why: str


#: Gateway intents: (discord.py flag, portal name, why). Message Content is privileged: it must be switched on
#: in the developer portal (Bot > Privileged Gateway Intents), or Discord closes the connection (4014).
INTENTS = (
    ("guilds", "Guilds", "to see the server, its channels and roles"),
    ("guild_messages", "Guild Messages", "to receive members' posts, edits and deletes"),
    ("message_content", "Message Content (privileged)", "to read the text of the posts it answers"),
)

_VIEW = Need("view_channel", "View Channels", "to see the channel at all")
_HISTORY = Need("read_message_history", "Read Message History",
                "to reply to a post and to catch up on posts made while it was offline")
_EMBEDS = Need("embed_links", "Embed Links", "every reply and review card is an embed")

ANSWER_CHANNEL = (
    _VIEW,
    Need("send_messages", "Send Messages", "to answer posts"),
    _EMBEDS,
    _HISTORY,
    Need("create_public_threads", "Create Public Threads", "for the 'thread' privacy mode"),
    Need("send_messages_in_threads", "Send Messages in Threads", "to answer in threads"),
)
FORUM_CHANNEL = (
    _VIEW,
    Need("send_messages_in_threads", "Send Messages in Threads", "to answer forum posts"),
    _EMBEDS,
    _HISTORY,
)
MOD_CHANNEL = (
    _VIEW,
    Need("send_messages", "Send Messages", "to post review cases"),
    _EMBEDS,
    _HISTORY,
)
MENTION_EVERYONE = Need("mention_everyone", "Mention @everyone, @here and All Roles",
                        "to ping the moderators' role when it is not mentionable")


def intent_problems(application_flags: discord.ApplicationFlags | None) -> list[str]:
    """The privileged intents the application has not been granted in the developer portal."""
    if application_flags is None:
        return []
    if application_flags.gateway_message_content or application_flags.gateway_message_content_limited:
        return []
    return ["missing intent: Message Content is not enabled for this bot (developer portal > Bot > Privileged "
            "Gateway Intents); the bot cannot read posts without it"]


def can_notify_role(channel: discord.abc.GuildChannel, role: discord.Role) -> bool:
    """Discord notifies a role mention only when the role is mentionable or the sender may mention everyone;
    ``allowed_mentions`` can narrow that, never widen it."""
    return role.mentionable or channel.permissions_for(channel.guild.me).mention_everyone


def role_ping_problem(channel: discord.abc.GuildChannel | None, role_id: int | None, what: str) -> str | None:
    if channel is None or role_id is None:
        return None
    role = channel.guild.get_role(role_id)
    if role is None:
        return f"{what}: role {role_id} not found in the server; urgent cases would ping nobody"
    if not can_notify_role(channel, role):
        return (f"missing permission: {MENTION_EVERYONE.label} in #{channel.name} ({channel.id}), and role "
                f"@{role.name} is not mentionable: urgent cases would notify nobody (grant the permission or make "
                "the role mentionable)")
    return None


def _channel_problems(channel: discord.abc.GuildChannel, needs: tuple[Need, ...]) -> list[str]:
    have = channel.permissions_for(channel.guild.me)
    out = []
    for need in needs:
        if not getattr(have, need.flag):
            out.append(f"missing permission: {need.label} in #{channel.name} ({channel.id}): {need.why}")
    return out


def setup_problems(bot: discord.Client, settings: DiscordSettings) -> list[str]:
    """Every problem with the server set-up that Discord lets the bot see, one line each (empty when fine)."""
    guild = bot.get_guild(settings.guild_id)
    if guild is None:
        return [f"TRIAGE_GUILD_ID={settings.guild_id}: the bot is not in that server (invite it, or check the id)"]
    if guild.me is None:
        return [f"TRIAGE_GUILD_ID={settings.guild_id}: the bot's membership is not visible yet"]
    problems: list[str] = []
    wanted: list[tuple[int, tuple[Need, ...], str]] = [(cid, ANSWER_CHANNEL, "TRIAGE_CHANNEL_IDS") for cid in sorted(settings.answer_channel_ids)]
    wanted += [(cid, FORUM_CHANNEL, "TRIAGE_FORUM_IDS") for cid in sorted(settings.forum_channel_ids)]
    wanted.append((settings.mod_channel_id, MOD_CHANNEL, "TRIAGE_MOD_CHANNEL_ID"))
    for channel_id, needs, name in wanted:
        channel = guild.get_channel(channel_id)
        if channel is None:
            problems.append(f"{name}: channel {channel_id} not found in the server (or the bot cannot see it)")
            continue
        problems += _channel_problems(channel, needs)
    mod_channel = guild.get_channel(settings.mod_channel_id)
    if settings.mod_role_id is not None and mod_channel is not None:
        problem = role_ping_problem(mod_channel, settings.mod_role_id, "TRIAGE_MOD_ROLE_ID")
        if problem:
            problems.append(problem)
    return problems
