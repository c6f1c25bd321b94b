"""What the bot needs from the server, checked against what Discord says it has: one plain line per problem.

Used at start-up (``triage run`` prints each line) and reusable by a diagnose command. The lists here are the
single source for the README's Discord section (``tests/bot/discord/test_permissions.py`` keeps them in step).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord

from bot.settings import DiscordSettings

__all__ = ["Need", "INTENTS", "ANSWER_CHANNEL", "FORUM_CHANNEL", "MOD_CHANNEL", "MODLOG_CHANNEL", "MANAGE_GUILD",
           "PRIVATE_THREADS", "MANAGE_THREADS", "setup_problems", "guild_problems",
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
    ("auto_moderation_execution", "Auto Moderation Execution",
     "to see crisis messages Discord's AutoMod blocked or flagged (a blocked message never arrives otherwise)"),
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
PRIVATE_THREADS = Need("create_private_threads", "Create Private Threads",
                       "for the 'private thread' personal-reply mode")
#: closing a follow-up thread archives AND locks it, and retention deletes it: both need Manage Threads (the
#: creator may archive its own thread, never lock or delete it)
MANAGE_THREADS = Need("manage_threads", "Manage Threads",
                      "to lock closed follow-up threads and delete them after the retention period")
MODLOG_CHANNEL = (
    _VIEW,
    Need("send_messages", "Send Messages", "to write one line per moderator decision"),
)
#: guild-wide: AutoMod executions reach only a bot with Manage Server, and ``/triage automod`` edits the rules
MANAGE_GUILD = Need("manage_guild", "Manage Server",
                    "to receive AutoMod actions and keep the alert-only crisis rule (/triage automod)")
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


def guild_problems(bot: discord.Client, settings: DiscordSettings, config: Mapping[str, Any]) -> list[str]:
    """:func:`setup_problems` plus what the guild's stored set-up needs (``/triage setup``): the clinical
    channel and role, the mod-log channel, private threads, and Manage Server for AutoMod. One line each, with
    its fix."""
    problems = setup_problems(bot, settings)
    guild = bot.get_guild(settings.guild_id)
    if guild is None or guild.me is None:
        return problems
    clinical_id = config.get("clinical_channel_id")
    clinical = guild.get_channel(int(clinical_id)) if clinical_id else None
    if clinical_id and clinical is None:
        problems.append(f"clinical channel {clinical_id} not found (or the bot cannot see it): run /triage setup "
                        "clinical_channel:<channel>")
    elif clinical is not None:
        problems += _channel_problems(clinical, MOD_CHANNEL)
    role_id = config.get("clinical_role_id")
    where = clinical or guild.get_channel(settings.mod_channel_id)
    if role_id and where is not None:
        problem = role_ping_problem(where, int(role_id), "clinical role")
        if problem:
            problems.append(problem)
    log_id = config.get("mod_log_channel_id")
    log = guild.get_channel(int(log_id)) if log_id else None
    if log_id and log is None:
        problems.append(f"mod-log channel {log_id} not found (or the bot cannot see it): run /triage setup "
                        "mod_log_channel:<channel>")
    elif log is not None:
        problems += _channel_problems(log, MODLOG_CHANNEL)
    if config.get("personal_reply_mode") == "private_thread":
        for cid in sorted(settings.answer_channel_ids):
            channel = guild.get_channel(cid)
            if channel is None:
                continue
            have = channel.permissions_for(guild.me)
            for need, fix in ((PRIVATE_THREADS, "grant it, or /triage setup personal_reply_mode:dm"),
                              (MANAGE_THREADS, "grant it to the bot's role")):
                if not getattr(have, need.flag):
                    problems.append(f"missing permission: {need.label} in #{channel.name} ({channel.id}): "
                                    f"{need.why} ({fix})")
    if not guild.me.guild_permissions.manage_guild:
        problems.append(f"missing permission: {MANAGE_GUILD.label} (server-wide): {MANAGE_GUILD.why}; without it a "
                        "crisis message AutoMod blocks reaches nobody (grant it to the bot's role)")
    return problems
