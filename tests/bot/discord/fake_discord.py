"""A small fake Discord (REST + gateway over aiohttp on 127.0.0.1) for driving the real discord.py client.

It serves what the bot uses (login, one guild over the gateway, messages, history, threads, DMs, interaction
callbacks and follow-ups, command sync) and refuses what real Discord refuses, with Discord's own error codes:

- limits (50035): content 2,000; 10 embeds; embed title 256, description 4,096, 25 fields, field name 256 and
  value 1,024, footer 2,048, 6,000 in all; 5 action rows, 5 buttons a row (label 80) or one select menu;
  custom ids of 1-100 characters, unique in a message; select menus (string 3, user 5, role 6, mentionable 7,
  channel 8): placeholder 150, min_values 0-25, max_values 1-25, 1-25 options (label, value, description 100)
  for a string select only, ``channel_types`` for a channel select only, ``default_values`` of the select's
  kind within min/max; modals: title 45, 1-5 rows of one text input (label 45, value and lengths 4,000,
  placeholder 100);
- permissions, computed from the guild's roles and channel overwrites like Discord does: 50001 missing access
  (cannot view the channel, or the wrong guild), 50013 missing permissions (send, embed links, read history for a
  reply, create threads; lock, archive another's or delete a thread without Manage Threads); 10003 unknown
  channel; 10008 unknown message; 50005 editing another user's message; 50007 closed DMs; 160004 a thread
  already made from that message;
- threads as Discord's threads topic describes them: a message sent to an archived thread unarchives it unless
  the thread is locked (then 50083); editing or deleting messages in an archived thread is 50083; a locked thread
  refuses new or edited messages from a sender without Manage Threads (160005); editing an archived thread is
  50083 unless the edit unarchives it; THREAD_UPDATE / THREAD_DELETE follow each change;
- interactions: one initial response (a second is 40060), within :attr:`FakeDiscord.interaction_deadline`
  seconds (later is 10062), of a type the interaction allows (50035: a command cannot update a message, a
  modal submit cannot open a modal); follow-ups only after it (10015);
- what a member's client can do: :meth:`FakeDiscord.select` picks only values a menu offers (its options, or
  channels of its ``channel_types``, or roles) within its min/max and sends ``resolved`` like Discord;
  :meth:`FakeDiscord.submit_modal` submits only a modal the bot opened for that member, within its lengths;
- mentions: who a message the bot sends *would notify* is evaluated (a role only when it is mentionable or the
  bot may mention everyone, and only what ``allowed_mentions`` lets through); see :meth:`FakeDiscord.notified`.

The gateway keeps a session: events sent while the bot is disconnected are replayed after a RESUME (then
RESUMED); a new IDENTIFY starts a fresh session with no replay, as on Discord. Every REST request is recorded
(method, path, JSON body, real and virtual time) so tests assert on what really went over the wire.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

_last_id = [0]
P = discord.Permissions

#: What @everyone may do in the fake guild: read and write, nothing a moderator can.
_MEMBER_PERMISSIONS = P(view_channel=True, send_messages=True, read_message_history=True,
                        send_messages_in_threads=True, use_application_commands=True).value
#: What the bot's own (managed) role is granted by default: what the README asks for.
BOT_PERMISSIONS = P(view_channel=True, send_messages=True, send_messages_in_threads=True, embed_links=True,
                    read_message_history=True, create_public_threads=True, create_private_threads=True,
                    mention_everyone=True, manage_guild=True, manage_threads=True).value
MESSAGE_CONTENT_INTENT = 1 << 15


def snowflake() -> int:
    """A new Discord id for now: time-ordered and unique, as Discord's are."""
    _last_id[0] = max(_last_id[0] + 1, discord.utils.time_snowflake(datetime.now(UTC)))
    return _last_id[0]


def snowflake_at(when: datetime) -> int:
    """A Discord id for a moment in the past (ids are time-ordered)."""
    return discord.utils.time_snowflake(when, high=False) + (snowflake() % 4096)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json",
                        headers=headers)


def _error(status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, Any] | list[Any] | None
    #: uploaded attachments of a multipart request, by file name
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=lambda: asyncio.get_running_loop().time())
    vt: float = 0.0  # the time on the fake's (possibly virtual) clock
    status: int = 200
    error_code: int | None = None
    notified: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}

    @property
    def ok(self) -> bool:
        return self.status < 400


@dataclass
class FakeGuild:
    id: int = field(default_factory=snowflake)
    answer_channel_id: int = field(default_factory=snowflake)
    other_channel_id: int = field(default_factory=snowflake)
    forum_channel_id: int = field(default_factory=snowflake)
    mod_channel_id: int = field(default_factory=snowflake)
    mod_role_id: int = field(default_factory=snowflake)
    bot_role_id: int = field(default_factory=snowflake)
    moderator_id: int = field(default_factory=snowflake)
    member_id: int = field(default_factory=snowflake)
    #: a second moderator (claims are contested between two)
    moderator2_id: int = field(default_factory=snowflake)
    #: a clinical reviewers' role (not mentionable, as a new role) and the channels /triage setup can choose
    clinical_role_id: int = field(default_factory=snowflake)
    clinical_channel_id: int = field(default_factory=snowflake)
    modlog_channel_id: int = field(default_factory=snowflake)
    #: a member of the clinical role (no moderator permissions)
    clinician_id: int = field(default_factory=snowflake)
    #: the guild's ``preferred_locale`` (Discord's default for a guild is "en-US"; a Community guild's owner sets it)
    preferred_locale: str = "en-US"


#: select menus: string, user, role, mentionable, channel
SELECT_TYPES = {3: "string", 5: "user", 6: "role", 7: "mentionable", 8: "channel"}
#: which default value types each auto-populated select accepts
_DEFAULT_TYPES = {5: {"user"}, 6: {"role"}, 7: {"user", "role"}, 8: {"channel"}}


def _button_errors(button: dict[str, Any], where: str) -> dict[str, str]:
    errors = {}
    if len(button.get("label") or "") > 80:
        errors[f"{where}.label"] = "Must be 80 or fewer in length."
    style = button.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        errors[f"{where}.style"] = "Value must be one of {1, 2, 3, 4, 5, 6}."
    if style == 5 and (not button.get("url") or button.get("custom_id")):
        errors[f"{where}.url"] = "A link button has a url and no custom_id."
    return errors


def _select_errors(select: dict[str, Any], where: str) -> dict[str, str]:
    """Discord's limits for one select menu (message components reference: select menus)."""
    errors = {}
    kind = select["type"]
    if len(select.get("placeholder") or "") > 150:
        errors[f"{where}.placeholder"] = "Must be 150 or fewer in length."
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= low <= 25:
        errors[f"{where}.min_values"] = "Must be between 0 and 25."
    if not 1 <= high <= 25:
        errors[f"{where}.max_values"] = "Must be between 1 and 25."
    if low > high:
        errors[f"{where}.min_values"] = "Must be less than or equal to max_values."
    options = select.get("options")
    if kind == 3:
        if not options or len(options) > 25:
            errors[f"{where}.options"] = "Must be between 1 and 25 in length."
        for k, option in enumerate(options or []):
            for name in ("label", "value"):
                if not 1 <= len(option.get(name) or "") <= 100:
                    errors[f"{where}.options.{k}.{name}"] = "Must be between 1 and 100 in length."
            if len(option.get("description") or "") > 100:
                errors[f"{where}.options.{k}.description"] = "Must be 100 or fewer in length."
        values = [o.get("value") for o in options or []]
        if len(set(values)) != len(values):
            errors[f"{where}.options"] = "Option values must be unique."
        if sum(1 for o in options or [] if o.get("default")) > high:
            errors[f"{where}.options"] = "More default options than max_values."
    elif options:
        errors[f"{where}.options"] = "Only a string select has options."
    if select.get("channel_types") and kind != 8:
        errors[f"{where}.channel_types"] = "Only a channel select has channel_types."
    defaults = select.get("default_values")
    if defaults is not None:
        if kind == 3:
            errors[f"{where}.default_values"] = "A string select marks defaults on its options."
        elif not low <= len(defaults) <= high:
            errors[f"{where}.default_values"] = "The number of default values must be within min and max values."
        elif any(d.get("type") not in _DEFAULT_TYPES[kind] or not str(d.get("id", "")).isdigit() for d in defaults):
            errors[f"{where}.default_values"] = "Default values must be ids of this select's kind."
    return errors


def validate_modal(data: dict[str, Any]) -> dict[str, Any]:
    """Discord's limits for a modal (interaction response type 9): the ``errors`` of a 50035, empty when valid."""
    errors: dict[str, Any] = {}
    if not 1 <= len(data.get("custom_id") or "") <= 100:
        errors["data.custom_id"] = "Must be between 1 and 100 in length."
    if not 1 <= len(data.get("title") or "") <= 45:
        errors["data.title"] = "Must be between 1 and 45 in length."
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        errors["data.components"] = "Must be between 1 and 5 in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        where = f"data.components.{i}"
        if row.get("type") != 1 or len(children) != 1 or children[0].get("type") != 4:
            errors[where] = "A modal row holds exactly one text input."
            continue
        field_ = children[0]
        cid = field_.get("custom_id") or ""
        if not 1 <= len(cid) <= 100 or cid in seen:
            errors[f"{where}.custom_id"] = "Must be 1-100 in length and unique in the modal."
        seen.add(cid)
        if not 1 <= len(field_.get("label") or "") <= 45:
            errors[f"{where}.label"] = "Must be between 1 and 45 in length."
        if field_.get("style") not in (1, 2):
            errors[f"{where}.style"] = "Value must be one of {1, 2}."
        low, high = field_.get("min_length", 0), field_.get("max_length", 4000)
        if not 0 <= low <= 4000 or not 1 <= high <= 4000 or low > high:
            errors[f"{where}.min_length"] = "Lengths must be 0-4000 (min) and 1-4000 (max), min <= max."
        if len(field_.get("placeholder") or "") > 100:
            errors[f"{where}.placeholder"] = "Must be 100 or fewer in length."
        if len(field_.get("value") or "") > min(high, 4000):
            errors[f"{where}.value"] = "Must be no longer than max_length."
    return errors


#: the initial responses each interaction type allows (a command cannot update a message; a modal submit
#: cannot open another modal: Discord answers 50035 "In type: Value must be one of ...")
_RESPONSE_TYPES = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 5: {4, 5, 6, 7}}


def validate_message(body: dict[str, Any]) -> dict[str, Any]:
    """Discord's form-body limits for a message: the ``errors`` of a 50035, empty when the body is valid."""
    errors: dict[str, Any] = {}
    content = body.get("content") or ""
    if len(content) > 2000:
        errors["content"] = "Must be 2000 or fewer in length."
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "Must be 10 or fewer in length."
    for i, embed in enumerate(embeds):
        total = 0
        for key, limit in (("title", 256), ("description", 4096)):
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                errors[f"embeds.{i}.{key}"] = f"Must be {limit} or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
        for j, f in enumerate(fields):
            total += len(f.get("name") or "") + len(f.get("value") or "")
            if not f.get("name") or len(f["name"]) > 256:
                errors[f"embeds.{i}.fields.{j}.name"] = "Must be between 1 and 256 in length."
            if not f.get("value") or len(f["value"]) > 1024:
                errors[f"embeds.{i}.fields.{j}.value"] = "Must be between 1 and 1024 in length."
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        total += len(footer) + len(author)
        if len(footer) > 2048:
            errors[f"embeds.{i}.footer.text"] = "Must be 2048 or fewer in length."
        if total > 6000:
            errors[f"embeds.{i}"] = "Embed size exceeds maximum size of 6000"
    rows = body.get("components") or []
    if len(rows) > 5:
        errors["components"] = "Must be 5 or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if not 1 <= len(children) <= 5 or (any(c.get("type") in SELECT_TYPES for c in children)
                                           and len(children) > 1):
            errors[f"components.{i}.components"] = "An action row holds 1-5 buttons or one select."
        for j, child in enumerate(children):
            where = f"components.{i}.components.{j}"
            cid = child.get("custom_id")
            if cid is None and child.get("style") != 5:
                errors[f"{where}.custom_id"] = "This field is required"
            elif cid is not None and not 1 <= len(cid) <= 100:
                errors[f"{where}.custom_id"] = "Must be between 1 and 100 in length."
            elif cid is not None and cid in seen:
                errors[f"{where}.custom_id"] = "Component custom id cannot be duplicated"
            if cid is not None:
                seen.add(cid)
            if child.get("type") == 2:
                errors.update(_button_errors(child, where))
            elif child.get("type") in SELECT_TYPES:
                errors.update(_select_errors(child, where))
            elif child.get("type") not in (None, 2):
                errors[f"{where}.type"] = "This component type is not allowed in a message action row."
    if not content and not embeds and not rows and body.get("flags", 0) & 64 == 0 and "content" in body:
        errors["content"] = "Cannot send an empty message"
    return errors


class FakeDiscord:
    """Start with ``await fake.start()``; point discord.py at it with :meth:`redirect`."""

    def __init__(self) -> None:
        self.app_id = snowflake()
        self.bot_id = self.app_id
        self.guild = FakeGuild()
        self.requests: list[Request] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        #: role id -> role payload; the moderators' role is NOT mentionable (Discord's default for a new role)
        self.roles: dict[int, dict[str, Any]] = {}
        self.overwrites: dict[int, list[dict[str, Any]]] = {}
        self.dms_closed: set[int] = set()
        self.message_content_enabled = True
        self.require_sharding = False
        #: seconds an interaction may wait for its initial response (Discord: 3)
        self.interaction_deadline = 3.0
        #: the clock Request.vt reads; tests with a virtual throttle clock set it to that clock
        self.clock: Callable[[], float] | None = None
        self._interactions: dict[str, dict[str, Any]] = {}
        self._threads_from_messages: set[int] = set()
        self._dm_channels: dict[int, int] = {}
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._session: str | None = None
        self._buffer: list[dict[str, Any]] = []
        self._identified = asyncio.Event()
        self.resumed = 0
        self.identified = 0
        self._rate_limit_next: list[Callable[[Request], bool]] = []
        self._fail_next: list[tuple[Callable[[Request], bool], int, int, str]] = []
        #: gateway events a REST call caused (THREAD_UPDATE, THREAD_DELETE), sent once its response is ready
        self._events_after: list[tuple[str, dict[str, Any]]] = []
        self._runner: web.AppRunner | None = None
        #: AutoMod rules by id (GET/POST/PATCH /guilds/{id}/auto-moderation/rules)
        self.automod_rules: dict[int, dict[str, Any]] = {}
        #: the modals the bot opened (response type 9), by (custom id, user): what a client may submit
        self.modals_shown: dict[tuple[str, int], dict[str, Any]] = {}
        self.port = 0
        self._setup_roles()

    def _setup_roles(self) -> None:
        g = self.guild

        def role(rid: int, name: str, perms: int, position: int, **extra: Any) -> dict[str, Any]:
            return {"id": str(rid), "name": name, "permissions": str(perms), "position": position, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0, **extra}

        self.roles = {
            g.id: role(g.id, "@everyone", _MEMBER_PERMISSIONS, 0),
            g.mod_role_id: role(g.mod_role_id, "Moderators", 0, 1),
            g.clinical_role_id: role(g.clinical_role_id, "Clinicians", 0, 1),
            g.bot_role_id: role(g.bot_role_id, "Triage", BOT_PERMISSIONS, 2, managed=True,
                                tags={"bot_id": str(self.bot_id)}),
        }

    # ---- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gw", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def redirect(self) -> None:
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{self.port}/gw")

    # ---- the guild's set-up, as moderators would change it -------------------------------------------------
    def set_role(self, role_id: int, *, mentionable: bool | None = None, permissions: int | None = None) -> None:
        role = self.roles[role_id]
        if mentionable is not None:
            role["mentionable"] = mentionable
        if permissions is not None:
            role["permissions"] = str(permissions)

    async def refresh_guild(self) -> None:
        """Tell the bot about set-up changes made while it runs, as Discord does: GUILD_ROLE_UPDATE per role and
        CHANNEL_UPDATE per channel (with its overwrites)."""
        for role in self.roles.values():
            await self._dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(self.guild.id), "role": role})
        for channel in self.channels():
            await self._dispatch("CHANNEL_UPDATE", channel)

    async def set_preferred_locale(self, locale: str) -> None:
        """The owner changes the server's language: Discord sends GUILD_UPDATE with the guild object (no members,
        channels or threads in it)."""
        self.guild.preferred_locale = locale
        payload = {k: v for k, v in self._guild_create().items()
                   if k not in {"members", "channels", "threads", "voice_states", "presences", "member_count",
                                "large", "joined_at", "stage_instances", "guild_scheduled_events", "unavailable"}}
        await self._dispatch("GUILD_UPDATE", payload)

    def deny_bot(self, channel_id: int, permissions: discord.Permissions) -> None:
        """A channel overwrite that denies the bot's role ``permissions`` in ``channel_id``."""
        self.overwrites.setdefault(channel_id, []).append(
            {"id": str(self.guild.bot_role_id), "type": 0, "allow": "0", "deny": str(permissions.value)})

    def bot_permissions(self, channel_id: int) -> discord.Permissions:
        """Discord's algorithm: @everyone and role permissions, then channel overwrites (everyone, roles, member)."""
        if channel_id in self.threads:
            channel_id = int(self.threads[channel_id]["parent_id"])
        g = self.guild
        my_roles = [g.bot_role_id]
        base = int(self.roles[g.id]["permissions"])
        for rid in my_roles:
            base |= int(self.roles[rid]["permissions"])
        if base & P(administrator=True).value:
            return P.all()
        overwrites = self.overwrites.get(channel_id, [])
        for ow in overwrites:
            if ow["id"] == str(g.id):
                base = (base & ~int(ow["deny"])) | int(ow["allow"])
        allow = deny = 0
        for ow in overwrites:
            if ow["type"] == 0 and int(ow["id"]) in my_roles:
                allow |= int(ow["allow"])
                deny |= int(ow["deny"])
        base = (base & ~deny) | allow
        for ow in overwrites:
            if ow["type"] == 1 and int(ow["id"]) == self.bot_id:
                base = (base & ~int(ow["deny"])) | int(ow["allow"])
        return P(base)

    # ---- payloads ----------------------------------------------------------------------------------------
    def user(self, user_id: int, name: str | None = None, bot: bool = False) -> dict[str, Any]:
        return {"id": str(user_id), "username": name or f"user{user_id % 10000}", "discriminator": "0",
                "global_name": None, "avatar": None, "bot": bot}

    def member(self, user_id: int, roles: list[int] | None = None, permissions: int = 0) -> dict[str, Any]:
        if user_id == self.bot_id and roles is None:
            roles = [self.guild.bot_role_id]
        return {"user": self.user(user_id, bot=user_id == self.bot_id), "roles": [str(r) for r in roles or []],
                "joined_at": _now(), "deaf": False, "mute": False, "flags": 0, "nick": None,
                "permissions": str(permissions)}

    def _channel(self, cid: int, name: str, kind: int) -> dict[str, Any]:
        return {"id": str(cid), "name": name, "type": kind, "position": 0,
                "permission_overwrites": self.overwrites.get(cid, []), "guild_id": str(self.guild.id),
                "parent_id": None, "nsfw": False, "topic": None, "available_tags": [], "flags": 0,
                "last_message_id": None, "rate_limit_per_user": 0}

    def channels(self) -> list[dict[str, Any]]:
        g = self.guild
        return [self._channel(g.answer_channel_id, "ask-here", 0), self._channel(g.other_channel_id, "off-topic", 0),
                self._channel(g.forum_channel_id, "questions-forum", 15),
                self._channel(g.mod_channel_id, "mod-queue", 0), self._channel(g.clinical_channel_id, "clinical", 0),
                self._channel(g.modlog_channel_id, "mod-log", 0)]

    def _guild_create(self) -> dict[str, Any]:
        g = self.guild
        members = [self.member(self.bot_id), self.member(g.moderator_id, [g.mod_role_id]), self.member(g.member_id),
                   self.member(g.moderator2_id, [g.mod_role_id]), self.member(g.clinician_id, [g.clinical_role_id])]
        return {
            "id": str(g.id), "name": "Health community", "icon": None, "owner_id": str(g.moderator_id),
            "roles": list(self.roles.values()), "emojis": [], "stickers": [], "features": [],
            "member_count": len(members), "members": members, "channels": self.channels(),
            "threads": [t for t in self.threads.values() if not t["thread_metadata"]["archived"]],
            "voice_states": [], "presences": [], "large": False, "unavailable": False,
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "premium_tier": 0, "preferred_locale": g.preferred_locale, "nsfw_level": 0,
            "system_channel_flags": 0, "joined_at": _now(), "stage_instances": [], "guild_scheduled_events": [],
        }

    def _message(self, channel_id: int, author: dict[str, Any], content: str = "", **extra: Any) -> dict[str, Any]:
        mid = extra.pop("id", None) or snowflake()
        message = {
            "id": str(mid), "channel_id": str(channel_id), "guild_id": str(self.guild.id),
            "author": author, "content": content,
            "timestamp": discord.utils.snowflake_time(int(mid)).isoformat(), "edited_timestamp": None,
            "tts": False, "mention_everyone": "@everyone" in content, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": [],
        }
        message.update(extra)
        return message

    # ---- gateway -----------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 40_000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            op = payload["op"]
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(ws, payload["d"])
            elif op == 6:
                await self._resume(ws, payload["d"])
        if self._ws is ws:
            self._ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if self.require_sharding:
            await ws.close(code=4011, message=b"Sharding required.")
            return
        if int(data.get("intents", 0)) & MESSAGE_CONTENT_INTENT and not self.message_content_enabled:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identified += 1
        self._ws = ws
        self._session = f"fake-session-{snowflake()}"
        self._buffer = []
        self._seq = 0
        await self._dispatch("READY", {
            "v": 10, "user": self.user(self.bot_id, "Triage", bot=True), "session_id": self._session,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gw",
            "guilds": [{"id": str(self.guild.id), "unavailable": True}],
            "application": {"id": str(self.app_id), "flags": 1 << 18 if self.message_content_enabled else 0},
        })
        await self._dispatch("GUILD_CREATE", self._guild_create())
        self._identified.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("session_id") != self._session:
            await ws.send_str(json.dumps({"op": 9, "d": False}))  # invalid session: identify again
            return
        self.resumed += 1
        self._ws = ws
        after = int(data.get("seq") or 0)
        for frame in [f for f in self._buffer if f["s"] > after]:
            await ws.send_str(json.dumps(frame))
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event; while the bot is disconnected it is kept for a RESUME (and lost to a new session)."""
        if self._session is None:
            return  # nobody has ever connected: the event goes nowhere (history still has the messages)
        self._seq += 1
        frame = {"op": 0, "t": event, "s": self._seq, "d": data}
        self._buffer.append(frame)
        del self._buffer[:-2000]
        if self._ws is not None and not self._ws.closed:
            await self._ws.send_str(json.dumps(frame))

    async def disconnect(self, code: int = 4000) -> None:
        """Drop the gateway connection (the session stays resumable unless the bot logs in anew)."""
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close(code=code)

    def forget_session(self) -> None:
        """The bot went away for good (it was stopped): what happens now is not replayed to its next login."""
        self._session = None
        self._buffer = []
        self._ws = None

    async def wait_identified(self, timeout: float = 10) -> None:
        await asyncio.wait_for(self._identified.wait(), timeout)

    # ---- what members and moderators do ---------------------------------------------------------------
    async def post(self, content: str, *, channel_id: int | None = None, author_id: int | None = None,
                   mentions: list[int] | None = None, message_id: int | None = None,
                   mention_roles: list[int] | None = None) -> dict[str, Any]:
        """A member posts a message; returns the MESSAGE_CREATE payload."""
        author_id = author_id or self.guild.member_id
        message = self._message(channel_id or self.guild.answer_channel_id, self.user(author_id), content,
                                member={k: v for k, v in self.member(author_id).items() if k != "user"},
                                mentions=[self.user(m, bot=m == self.bot_id) for m in mentions or []],
                                mention_roles=[str(r) for r in mention_roles or []],
                                **({"id": message_id} if message_id else {}))
        self.messages[int(message["id"])] = message
        await self._dispatch("MESSAGE_CREATE", message)
        return message

    def posted_while_away(self, content: str, *, message_id: int | None = None, channel_id: int | None = None,
                          author_id: int | None = None) -> dict[str, Any]:
        """A message that exists in the channel's history but was never delivered to the bot."""
        author_id = author_id or self.guild.member_id
        message = self._message(channel_id or self.guild.answer_channel_id, self.user(author_id), content,
                                member={k: v for k, v in self.member(author_id).items() if k != "user"},
                                **({"id": message_id} if message_id else {}))
        self.messages[int(message["id"])] = message
        return message

    def _forum_thread(self, thread_id: int, title: str) -> dict[str, Any]:
        return {"id": str(thread_id), "guild_id": str(self.guild.id), "parent_id": str(self.guild.forum_channel_id),
                  "owner_id": str(self.guild.member_id), "name": title, "type": 11, "last_message_id": None,
                  "message_count": 0, "member_count": 1, "rate_limit_per_user": 0, "flags": 0, "applied_tags": [],
                  "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": _now(),
                                      "locked": False}, "newly_created": True}

    async def new_forum_post(self, title: str, content: str, *, thread_id: int | None = None) -> dict[str, Any]:
        """A member opens a forum post: THREAD_CREATE, then its starter message (same id as the thread)."""
        thread_id = thread_id or snowflake()
        thread = self.threads[thread_id] = self._forum_thread(thread_id, title)
        await self._dispatch("THREAD_CREATE", thread)
        return await self.post(content, channel_id=thread_id, message_id=thread_id)

    def forum_post_while_away(self, title: str, content: str) -> dict[str, Any]:
        """A forum post opened while the bot was not connected: only the thread list and history show it."""
        thread_id = snowflake()
        self.threads[thread_id] = self._forum_thread(thread_id, title)
        return self.posted_while_away(content, channel_id=thread_id, message_id=thread_id)

    async def archive_thread(self, thread_id: int, *, locked: bool = False) -> None:
        """A thread archived (after inactivity, or by a moderator, who may lock it too)."""
        thread = self.threads[thread_id]
        thread["thread_metadata"]["archived"] = True
        thread["thread_metadata"]["locked"] = locked or thread["thread_metadata"].get("locked", False)
        await self._dispatch("THREAD_UPDATE", {k: v for k, v in thread.items() if k != "newly_created"})

    async def delete_thread(self, thread_id: int) -> None:
        """A forum post deleted: one THREAD_DELETE, no per-message deletes (as on Discord)."""
        thread = self.threads.pop(thread_id)
        for mid in [m for m, msg in self.messages.items() if msg["channel_id"] == str(thread_id)]:
            del self.messages[mid]
        await self._dispatch("THREAD_DELETE", {"id": str(thread_id), "guild_id": str(self.guild.id),
                                               "parent_id": thread["parent_id"], "type": thread["type"]})

    async def edit(self, message: dict[str, Any], content: str) -> dict[str, Any]:
        """A member edits a post: MESSAGE_UPDATE with the full message (cached by the bot or not)."""
        stored = self.messages.get(int(message["id"]), message)
        stored.update(content=content, edited_timestamp=_now())
        await self._dispatch("MESSAGE_UPDATE", stored)
        return stored

    async def delete_message(self, message: dict[str, Any]) -> None:
        self.messages.pop(int(message["id"]), None)
        await self._dispatch("MESSAGE_DELETE", {"id": message["id"], "channel_id": message["channel_id"],
                                                "guild_id": str(self.guild.id)})

    async def bulk_delete(self, messages: list[dict[str, Any]]) -> None:
        """A moderator purges messages: one MESSAGE_DELETE_BULK (no per-message deletes)."""
        for m in messages:
            self.messages.pop(int(m["id"]), None)
        await self._dispatch("MESSAGE_DELETE_BULK", {"ids": [m["id"] for m in messages],
                                                     "channel_id": messages[0]["channel_id"],
                                                     "guild_id": str(self.guild.id)})

    def _interaction(self, kind: int, data: dict[str, Any], user_id: int, channel_id: int,
                     message: dict[str, Any] | None = None) -> dict[str, Any]:
        is_mod = user_id in (self.guild.moderator_id, self.guild.moderator2_id)
        roles = [self.guild.mod_role_id] if is_mod else [self.guild.clinical_role_id] \
            if user_id == self.guild.clinician_id else []
        perms = _MEMBER_PERMISSIONS | (P(manage_messages=True).value if is_mod else 0)
        payload = {
            "id": str(snowflake()), "application_id": str(self.app_id), "type": kind, "token": f"tok{snowflake()}",
            "version": 1, "attachment_size_limit": 8_000_000, "guild_id": str(self.guild.id),
            "channel_id": str(channel_id),
            "channel": dict(self.threads[channel_id]) if channel_id in self.threads else
            {"id": str(channel_id), "type": 0, "guild_id": str(self.guild.id)},
            "member": self.member(user_id, roles, perms), "data": data, "locale": "en-US", "guild_locale": "en-US",
            "app_permissions": str(self.bot_permissions(channel_id).value), "entitlements": [],
            "authorizing_integration_owners": {}, "context": 0,
        }
        if message is not None:
            payload["message"] = message
        self._interactions[payload["id"]] = {"at": asyncio.get_running_loop().time(), "token": payload["token"],
                                             "responded": False, "message": message, "type": None, "kind": kind,
                                             "user": user_id}
        return payload

    async def click(self, message: dict[str, Any], custom_id: str, *, user_id: int, values: list[str] | None = None
                    ) -> dict[str, Any]:
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3 if values is not None else 2}
        if values is not None:
            data["values"] = values
        payload = self._interaction(3, data, user_id, int(message["channel_id"]), message)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    async def select(self, message: dict[str, Any], custom_id: str, values: list[str] | list[int], *,
                     user_id: int) -> dict[str, Any]:
        """A member picks ``values`` in the select menu ``custom_id`` of ``message``, as their client would: only
        what the menu offers (a string select's option values, channels of a channel select's ``channel_types``,
        the guild's roles), within min/max, on an enabled menu. Channel and role picks carry Discord's
        ``resolved`` objects. A pick a client could not make fails the test (AssertionError)."""
        picked = [str(v) for v in values]
        menu = next((c for row in message.get("components") or [] for c in row.get("components") or []
                     if c.get("custom_id") == custom_id), None)
        assert menu is not None, f"no component {custom_id!r} in the message"
        kind = menu.get("type")
        assert kind in SELECT_TYPES, f"{custom_id!r} is not a select menu (type {kind})"
        assert not menu.get("disabled"), f"{custom_id!r} is disabled"
        assert menu.get("min_values", 1) <= len(picked) <= menu.get("max_values", 1), \
            f"{len(picked)} value(s) outside {menu.get('min_values', 1)}-{menu.get('max_values', 1)}"
        assert len(set(picked)) == len(picked), "a value picked twice"
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind, "values": picked}
        if kind == 3:
            offered = {o["value"] for o in menu.get("options") or []}
            assert set(picked) <= offered, f"{set(picked) - offered} not among the options"
        elif kind == 8:
            types = set(menu.get("channel_types") or [])
            channels = {c["id"]: c for c in self.channels()}
            for v in picked:
                assert v in channels, f"channel {v} is not in the guild"
                assert not types or channels[v]["type"] in types, f"channel {v} is not of {sorted(types)}"
            data["resolved"] = self.resolved([{"type": 7, "value": v} for v in picked])
        elif kind == 6:
            assert all(int(v) in self.roles for v in picked), "a role that is not in the guild"
            data["resolved"] = self.resolved([{"type": 8, "value": v} for v in picked])
        else:
            raise AssertionError(f"the fake does not pick users (select type {kind})")
        payload = self._interaction(3, data, user_id, int(message["channel_id"]), message)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    async def submit_modal(self, custom_id: str, values: dict[str, str], *, user_id: int, channel_id: int,
                           message: dict[str, Any] | None = None) -> dict[str, Any]:
        """A moderator submits a modal: text inputs come back as ``{custom_id: value}``. Only a modal the bot
        opened for this user can be submitted, with every required input filled within its lengths (the client
        enforces them); anything else fails the test (AssertionError)."""
        shown = self.modals_shown.get((custom_id, user_id))
        assert shown is not None, f"the bot never opened modal {custom_id!r} for user {user_id}"
        inputs = {row["components"][0]["custom_id"]: row["components"][0] for row in shown["components"]}
        assert set(values) <= set(inputs), f"{set(values) - set(inputs)} not in the modal"
        for key, field_ in inputs.items():
            text = values.get(key, "")
            if field_.get("required", True):
                assert text, f"{key!r} is required"
            if text:
                assert field_.get("min_length", 0) <= len(text) <= field_.get("max_length", 4000), \
                    f"{key!r}: {len(text)} characters outside the input's lengths"
        data = {"custom_id": custom_id, "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]} for k, v in values.items()]}
        payload = self._interaction(5, data, user_id, channel_id, message)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    def response_message(self, payload: dict[str, Any]) -> dict[str, Any] | None:
        """The message answering an interaction as it is now: the one its first response created, else the one
        its component (or modal) sits on."""
        state = self._interactions[payload["id"]]
        message = state.get("response") or state["message"]
        return None if message is None else self.messages.get(int(message["id"]), message)

    def resolved(self, options: list[dict[str, Any]]) -> dict[str, Any]:
        """Discord's ``resolved`` map for channel (type 7) and role (type 8) options: the objects the ids name."""
        out: dict[str, Any] = {}
        for option in options:
            if option.get("type") == 7:
                channel = next(c for c in self.channels() if c["id"] == str(option["value"]))
                out.setdefault("channels", {})[str(option["value"])] = {
                    "id": channel["id"], "name": channel["name"], "type": channel["type"],
                    "permissions": str(self.bot_permissions(int(channel["id"])).value), "parent_id": None}
            elif option.get("type") == 8:
                out.setdefault("roles", {})[str(option["value"])] = self.roles[int(option["value"])]
        return out

    async def slash(self, subcommand: str, *, user_id: int, options: list[dict[str, Any]] | None = None,
                    command: str = "triage", channel_id: int | None = None) -> dict[str, Any]:
        if subcommand:
            data = {"id": str(snowflake()), "name": command, "type": 1, "guild_id": str(self.guild.id),
                    "options": [{"name": subcommand, "type": 1, "options": options or []}]}
        else:
            data = {"id": str(snowflake()), "name": command, "type": 1, "guild_id": str(self.guild.id),
                    "options": options or []}
        resolved = self.resolved(options or [])
        if resolved:
            data["resolved"] = resolved
        payload = self._interaction(2, data, user_id, channel_id or self.guild.answer_channel_id)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    async def automod_action(self, content: str, *, blocked: bool, user_id: int | None = None,
                             rule_id: int | None = None, matched: str = "") -> dict[str, Any]:
        """AutoMod acted on a member's message: AUTO_MODERATION_ACTION_EXECUTION (sent only to a bot with Manage
        Server; ``content`` only with Message Content; no ``message_id`` when the message was blocked, and a
        blocked message never produces MESSAGE_CREATE)."""
        if not self.bot_permissions(self.guild.answer_channel_id).manage_guild:
            return {}
        action = {"type": 1, "metadata": {}} if blocked else {
            "type": 2, "metadata": {"channel_id": str(self.guild.mod_channel_id)}}
        payload: dict[str, Any] = {
            "guild_id": str(self.guild.id), "action": action, "rule_id": str(rule_id or snowflake()),
            "rule_trigger_type": 1, "user_id": str(user_id or self.guild.member_id),
            "channel_id": str(self.guild.answer_channel_id),
            "content": content if self.message_content_enabled else "",
            "matched_keyword": matched or None, "matched_content": matched or None,
        }
        if not blocked:
            message = await self.post(content)
            payload["message_id"] = message["id"]
        await self._dispatch("AUTO_MODERATION_ACTION_EXECUTION", payload)
        return payload

    def _automod(self, method: str, parts: list[str], body: dict[str, Any]) -> web.Response:
        """The AutoMod rules endpoints, with Discord's limits: Manage Server; a keyword rule holds at most 1,000
        keywords of at most 60 characters and 10 regex patterns of at most 260; at most 6 keyword rules."""
        if not self.bot_permissions(self.guild.answer_channel_id).manage_guild:
            raise _Refused(403, 50013, "Missing Permissions")
        if method == "GET" and len(parts) == 4:
            return _json(list(self.automod_rules.values()))
        errors: dict[str, Any] = {}
        meta = body.get("trigger_metadata") or {}
        keywords = meta.get("keyword_filter") or []
        if len(keywords) > 1000:
            errors["trigger_metadata.keyword_filter"] = "Must be 1000 or fewer in length."
        if any(len(k) > 60 for k in keywords):
            errors["trigger_metadata.keyword_filter"] = "Each keyword must be 60 or fewer in length."
        regexes = meta.get("regex_patterns") or []
        if len(regexes) > 10 or any(len(r) > 260 for r in regexes):
            errors["trigger_metadata.regex_patterns"] = "At most 10 patterns of 260 or fewer characters."
        for action in body.get("actions") or []:
            message = (action.get("metadata") or {}).get("custom_message") or ""
            if len(message) > 150:
                errors["actions.metadata.custom_message"] = "Must be 150 or fewer in length."
        if method == "POST":
            if not body.get("name"):
                errors["name"] = "This field is required"
            keyword_rules = [r for r in self.automod_rules.values() if r["trigger_type"] == 1]
            if body.get("trigger_type") == 1 and len(keyword_rules) >= 6:
                errors["trigger_type"] = "AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED"
        if errors:
            raise _Refused(400, 50035, "Invalid Form Body", errors)
        if method == "POST":
            rid = snowflake()
            rule = {"id": str(rid), "guild_id": str(self.guild.id), "creator_id": str(self.bot_id),
                    "exempt_roles": [], "exempt_channels": [], "enabled": True, "event_type": 1, **body}
            self.automod_rules[rid] = rule
            return _json(rule)
        if method == "PATCH" and len(parts) == 5:
            rule = self.automod_rules.get(int(parts[4]))
            if rule is None:
                raise _Refused(404, 10066, "Unknown auto moderation rule")
            rule.update(body)
            return _json(rule)
        return _error(404, 0, f"fake discord has no route {method} automod")

    def rate_limit_next(self, predicate: Callable[[Request], bool]) -> None:
        """The next request matching ``predicate`` gets a 429 (with a ``Via`` header, so discord.py retries)."""
        self._rate_limit_next.append(predicate)

    def fail_next(self, predicate: Callable[[Request], bool], status: int, code: int, message: str = "error") -> None:
        """The next request matching ``predicate`` fails with ``status`` and Discord error ``code``."""
        self._fail_next.append((predicate, status, code, message))

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 20) -> Request:
        """The first recorded request matching ``predicate``, waiting for it to arrive."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = next((r for r in self.requests if predicate(r)), None)
            if found is not None:
                return found
            if asyncio.get_running_loop().time() > deadline:
                seen = [f"{r.method} {r.path} {r.status}" for r in self.requests[-8:]]
                raise AssertionError(f"no matching request within {timeout}s; {len(self.requests)} requests, "
                                     f"the last: {seen}")
            await asyncio.sleep(0.01)

    async def settle(self, seconds: float = 0.5) -> None:
        """Give the bot time to act (for asserting that it did NOT send something)."""
        await asyncio.sleep(seconds)

    def sent(self, predicate: Callable[[Request], bool]) -> list[Request]:
        return [r for r in self.requests if predicate(r)]

    def notified(self, request: Request) -> dict[str, Any]:
        """Who a message the bot sent notified: ``{"roles": [...], "users": [...], "everyone": bool}``."""
        return request.notified

    # ---- REST --------------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, bytes] = {}
        if request.can_read_body:
            if request.content_type == "multipart/form-data":
                reader = await request.post()
                body = json.loads(reader.get("payload_json", "{}"))  # type: ignore[arg-type]
                files = {f.filename: f.file.read() for f in reader.values() if isinstance(f, web.FileField)}
            else:
                raw = await request.read()
                body = json.loads(raw) if raw else None
        record = Request(request.method, path, body, files, vt=self.clock() if self.clock else 0.0,
                         query=dict(request.query))
        for i, predicate in enumerate(self._rate_limit_next):
            if predicate(record):
                del self._rate_limit_next[i]
                self.requests.append(Request(request.method, path + " [429]", body, status=429))
                return _json({"message": "You are being rate limited.", "retry_after": 0.2, "global": False},
                             status=429, headers={"Via": "1.1 google", "X-RateLimit-Limit": "5",
                                                  "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.2",
                                                  "X-RateLimit-Bucket": "fake"})
        for i, (predicate, status, code, message) in enumerate(self._fail_next):
            if predicate(record):
                del self._fail_next[i]
                record.status, record.error_code = status, code
                self.requests.append(record)
                return _error(status, code, message)
        self._events_after = []
        try:
            response = self._route(request.method, path, record)
        except _Refused as refusal:
            response = _error(refusal.status, refusal.code, refusal.message, refusal.errors)
            record.status, record.error_code = refusal.status, refusal.code
        self.requests.append(record)
        for event, data in self._events_after:
            await self._dispatch(event, data)
        return response

    # -- checks shared by the routes --
    def _check_channel(self, channel_id: int, needed: discord.Permissions) -> None:
        known = {c["id"] for c in self.channels()} | {str(t) for t in self.threads}
        if str(channel_id) not in known and channel_id not in self._dm_channels.values():
            raise _Refused(404, 10003, "Unknown Channel")
        if channel_id in self._dm_channels.values():
            return
        have = self.bot_permissions(channel_id)
        if not have.view_channel:
            raise _Refused(403, 50001, "Missing Access")
        missing = needed.value & ~have.value
        if missing:
            raise _Refused(403, 50013, "Missing Permissions")

    def _check_thread_open(self, channel_id: int, *, sending: bool = False, deleting: bool = False) -> None:
        """Archived and locked threads, as Discord's threads topic says: sending a message unarchives a thread
        unless it is locked; nothing else happens in an archived thread (50083); a locked thread takes new or
        edited messages only from a sender with Manage Threads (160005; Discord does not document the status)."""
        thread = self.threads.get(channel_id)
        if thread is None:
            return
        meta = thread["thread_metadata"]
        if meta["archived"]:
            if not (sending and not meta.get("locked")):
                raise _Refused(400, 50083, "Thread is archived")
            meta["archived"] = False
            self._events_after.append(("THREAD_UPDATE", self._thread_payload(thread)))
        if meta.get("locked") and not deleting and not self.bot_permissions(channel_id).manage_threads:
            raise _Refused(403, 160005, "Thread is locked")

    @staticmethod
    def _thread_payload(thread: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in thread.items() if k != "newly_created"}

    def _edit_channel(self, channel_id: int, body: dict[str, Any]) -> web.Response:
        """PATCH /channels/{id} for a thread (Discord's Modify Channel, thread parameters): locking needs Manage
        Threads; archiving or renaming needs Manage Threads or being the thread's creator; an archived thread can
        only be edited by an edit that unarchives it (50083)."""
        thread = self.threads.get(channel_id)
        if thread is None:
            if not any(c["id"] == str(channel_id) for c in self.channels()):
                raise _Refused(404, 10003, "Unknown Channel")
            self._check_channel(channel_id, P(manage_channels=True))
            return _error(404, 0, "fake discord edits threads only")
        self._check_channel(channel_id, P.none())
        meta = thread["thread_metadata"]
        if meta["archived"] and body.get("archived") is not False:
            raise _Refused(400, 50083, "Thread is archived")
        creator = thread["owner_id"] == str(self.bot_id)
        manage = "locked" in body or "rate_limit_per_user" in body
        if not creator and any(k in body for k in ("name", "auto_archive_duration")):
            manage = True
        if not creator and (body.get("archived") is True or (body.get("archived") is False and meta.get("locked"))):
            manage = True
        if manage:
            self._check_channel(channel_id, P(manage_threads=True))
        for key in ("archived", "locked", "auto_archive_duration"):
            if key in body:
                meta[key] = body[key]
        if "archived" in body:
            meta["archive_timestamp"] = _now()
        if "name" in body:
            thread["name"] = body["name"]
        self._events_after.append(("THREAD_UPDATE", self._thread_payload(thread)))
        return _json(self._thread_payload(thread))

    def _delete_channel(self, channel_id: int) -> web.Response:
        """DELETE /channels/{id}: a thread needs Manage Threads (its creator too), a channel Manage Channels."""
        thread = self.threads.get(channel_id)
        if thread is None:
            if not any(c["id"] == str(channel_id) for c in self.channels()):
                raise _Refused(404, 10003, "Unknown Channel")
            self._check_channel(channel_id, P(manage_channels=True))
            return _error(404, 0, "fake discord deletes threads only")
        self._check_channel(channel_id, P(manage_threads=True))
        del self.threads[channel_id]
        for mid in [m for m, msg in self.messages.items() if msg["channel_id"] == str(channel_id)]:
            del self.messages[mid]
        self._events_after.append(("THREAD_DELETE", {"id": str(channel_id), "guild_id": str(self.guild.id),
                                                     "parent_id": thread["parent_id"], "type": thread["type"]}))
        return _json(self._thread_payload(thread))

    @staticmethod
    def _check_form(body: dict[str, Any]) -> None:
        errors = validate_message(body)
        if errors:
            raise _Refused(400, 50035, "Invalid Form Body", errors)

    def _evaluate_mentions(self, channel_id: int | None, body: dict[str, Any]) -> dict[str, Any]:
        """Who would be notified: parsed from content, narrowed by allowed_mentions, limited by Discord's rules."""
        content = body.get("content") or ""
        allowed = body.get("allowed_mentions")
        may_everyone = channel_id is not None and self.bot_permissions(channel_id).mention_everyone

        def let_through(kind: str, ident: str) -> bool:
            if allowed is None:
                return True
            return kind in allowed.get("parse", []) or ident in [str(x) for x in allowed.get(kind, [])]

        roles = []
        for rid in dict.fromkeys(re.findall(r"<@&(\d+)>", content)):
            role = self.roles.get(int(rid))
            if role and let_through("roles", rid) and (role["mentionable"] or may_everyone):
                roles.append(int(rid))
        users = [int(u) for u in dict.fromkeys(re.findall(r"<@!?(\d+)>", content)) if let_through("users", u)]
        everyone = (("@everyone" in content or "@here" in content) and bool(may_everyone)
                    and (allowed is None or "everyone" in allowed.get("parse", [])))
        return {"roles": roles, "users": users, "everyone": everyone}

    def _bot_message(self, channel_id: int, body: dict[str, Any], record: Request, **extra: Any) -> dict[str, Any]:
        record.notified = self._evaluate_mentions(channel_id, body)
        message = self._message(channel_id, self.user(self.bot_id, "Triage", bot=True), body.get("content") or "",
                                embeds=body.get("embeds", []), components=body.get("components", []),
                                mention_roles=[str(r) for r in record.notified["roles"]],
                                mention_everyone=record.notified["everyone"],
                                flags=body.get("flags", 0), **extra)
        self.messages[int(message["id"])] = message
        return message

    def _route(self, method: str, path: str, record: Request) -> web.Response:  # noqa: C901 - a router
        parts = path.strip("/").split("/")
        body = record.json
        bot_author = self.user(self.bot_id, "Triage", bot=True)
        if path == "/users/@me" and method == "GET":
            return _json(bot_author)
        if path == "/oauth2/applications/@me":
            return _json({"id": str(self.app_id), "name": "Triage", "description": "", "icon": None,
                          "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
                          "owner": self.user(self.guild.moderator_id),
                          "flags": 1 << 18 if self.message_content_enabled else 0})
        if path in ("/gateway", "/gateway/bot") and method == "GET":
            gateway = {"url": f"ws://127.0.0.1:{self.port}/gw"}
            if path == "/gateway/bot":
                gateway.update(shards=2 if self.require_sharding else 1, session_start_limit={
                    "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1})
            return _json(gateway)
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            if len(parts) == 5 and parts[2] == "guilds" and parts[3] != str(self.guild.id):
                raise _Refused(403, 50001, "Missing Access")
            commands = record.body if isinstance(record.body, list) else []
            return _json([{"description": "", **c, "id": str(snowflake()), "application_id": str(self.app_id),
                           "version": "1"} for c in commands])
        if parts[0] == "guilds" and parts[1] != str(self.guild.id):
            raise _Refused(403, 50001, "Missing Access")
        if parts[0] == "guilds" and len(parts) >= 4 and parts[2:4] == ["auto-moderation", "rules"]:
            return self._automod(method, parts, body)
        if parts[0] == "guilds" and parts[2:] == ["threads", "active"] and method == "GET":
            return _json({"threads": [t for t in self.threads.values() if not t["thread_metadata"]["archived"]],
                          "members": []})
        if parts[0] == "channels" and len(parts) == 2 and method == "GET":
            cid = int(parts[1])
            channel = self.threads.get(cid) or next((c for c in self.channels() if c["id"] == parts[1]), None)
            if channel is None:
                raise _Refused(404, 10003, "Unknown Channel")
            self._check_channel(cid, P.none())
            return _json(channel)
        if parts[0] == "channels" and len(parts) == 2 and method == "PATCH":
            return self._edit_channel(int(parts[1]), body)
        if parts[0] == "channels" and len(parts) == 2 and method == "DELETE":
            return self._delete_channel(int(parts[1]))
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages" and method == "GET":
            return self._history(int(parts[1]), record)
        if parts[0] == "channels" and len(parts) == 4 and parts[2] == "messages" and method == "GET":
            self._check_channel(int(parts[1]), P(read_message_history=True))
            message = self.messages.get(int(parts[3]))
            if message is None or message["channel_id"] != parts[1]:
                raise _Refused(404, 10008, "Unknown Message")
            return _json(message)
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages" and method == "POST":
            cid = int(parts[1])
            needed = P(send_messages_in_threads=True) if cid in self.threads else P(send_messages=True)
            if body.get("embeds"):
                needed |= P(embed_links=True)
            if body.get("message_reference"):
                needed |= P(read_message_history=True)
                if int(body["message_reference"]["message_id"]) not in self.messages and \
                        body["message_reference"].get("fail_if_not_exists", True):
                    raise _Refused(400, 50035, "Invalid Form Body",
                                   {"message_reference": "Unknown message"})
            if cid in self._dm_channels.values():
                recipient = next(u for u, c in self._dm_channels.items() if c == cid)
                if recipient in self.dms_closed:
                    raise _Refused(403, 50007, "Cannot send messages to this user")
            self._check_channel(cid, needed)
            self._check_form(body)
            self._check_thread_open(cid, sending=True)
            extra = {"message_reference": body["message_reference"]} if body.get("message_reference") else {}
            return _json(self._bot_message(cid, body, record, **extra))
        if parts[0] == "channels" and len(parts) == 4 and parts[2] == "messages" and method in ("PATCH", "DELETE"):
            cid, mid = int(parts[1]), int(parts[3])
            self._check_channel(cid, P.none())
            message = self.messages.get(mid)
            if message is None or message["channel_id"] != parts[1]:
                raise _Refused(404, 10008, "Unknown Message")
            self._check_thread_open(cid, deleting=method == "DELETE")
            mine = message["author"]["id"] == str(self.bot_id)
            if method == "DELETE":
                if not mine:
                    self._check_channel(cid, P(manage_messages=True))
                del self.messages[mid]
                return web.Response(status=204)
            if not mine:
                raise _Refused(403, 50005, "Cannot edit a message authored by another user")
            if body.get("embeds"):
                self._check_channel(cid, P(embed_links=True))
            merged = {k: message.get(k) for k in ("content", "embeds", "components")}
            merged.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            self._check_form(merged)
            message.update(merged)
            message["edited_timestamp"] = _now()
            return _json(message)
        if parts[0] == "channels" and parts[-1] == "threads" and method == "POST":
            cid = int(parts[1])
            private = len(parts) == 3 and body.get("type") == 12
            self._check_channel(cid, P(create_private_threads=True) if private else P(create_public_threads=True))
            if len(parts) == 5:  # a thread from a message
                mid = int(parts[3])
                if mid not in self.messages:
                    raise _Refused(404, 10008, "Unknown Message")
                if mid in self._threads_from_messages:
                    raise _Refused(400, 160004, "A thread has already been created for this message")
                self._threads_from_messages.add(mid)
                thread_id = mid
            else:
                thread_id = snowflake()
            thread = {"id": str(thread_id), "guild_id": str(self.guild.id), "parent_id": parts[1],
                      "type": 12 if private else 11, "invitable": body.get("invitable", True) if private else None,
                      "name": body.get("name", "thread"), "owner_id": str(self.bot_id), "flags": 0,
                      "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                          "archive_timestamp": _now(), "locked": False},
                      "rate_limit_per_user": 0, "message_count": 0, "member_count": 1}
            self.threads[thread_id] = thread
            return _json(thread)
        if path == "/users/@me/channels" and method == "POST":
            recipient = int(body["recipient_id"])
            cid = self._dm_channels.setdefault(recipient, snowflake())
            return _json({"id": str(cid), "type": 1, "recipients": [self.user(recipient)], "last_message_id": None})
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._interaction_callback(parts[1], parts[2], body, record)
        if parts[0] == "webhooks":
            return self._webhook(method, parts, body, record)
        return _error(404, 0, f"fake discord has no route {method} {path}")

    def _history(self, channel_id: int, record: Request) -> web.Response:
        self._check_channel(channel_id, P(read_message_history=True))
        limit = min(int(record.query.get("limit", 50)), 100)
        ids = sorted(m for m, msg in self.messages.items() if msg["channel_id"] == str(channel_id))
        if "after" in record.query:
            chosen = [m for m in ids if m > int(record.query["after"])][:limit]
        elif "before" in record.query:
            chosen = [m for m in ids if m < int(record.query["before"])][-limit:]
        else:
            chosen = ids[-limit:]
        return _json([self.messages[m] for m in sorted(chosen, reverse=True)])  # newest first, as Discord

    def _interaction_callback(self, interaction_id: str, token: str, body: dict[str, Any],
                              record: Request) -> web.Response:
        state = self._interactions.get(interaction_id)
        late = state is not None and asyncio.get_running_loop().time() - state["at"] > self.interaction_deadline
        if state is None or state["token"] != token or late:
            raise _Refused(404, 10062, "Unknown interaction")
        if state["responded"]:
            raise _Refused(400, 40060, "Interaction has already been acknowledged.")
        kind = body.get("type")
        data = body.get("data") or {}
        allowed = _RESPONSE_TYPES.get(state.get("kind", 3), set())
        # a modal opened by a slash command has no message to update
        if kind not in allowed or (kind in (6, 7) and state.get("kind") == 5 and state["message"] is None):
            raise _Refused(400, 50035, "Invalid Form Body",
                           {"type": f"Value must be one of {sorted(allowed)} for this interaction."})
        if kind in (4, 7):
            self._check_form(data)
        if kind == 9:
            errors = validate_modal(data)
            if errors:
                raise _Refused(400, 50035, "Invalid Form Body", errors)
            self.modals_shown[(data["custom_id"], state["user"])] = data
        state["responded"] = True
        state["type"] = kind
        if kind == 7 and state["message"] is not None:
            stored = self.messages.get(int(state["message"]["id"]))
            if stored is not None:
                stored.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
        if kind == 4:
            state["response"] = self._bot_message(self.guild.answer_channel_id, data, record)
        return _json({"interaction": {"id": interaction_id, "type": kind}})

    def _webhook(self, method: str, parts: list[str], body: dict[str, Any], record: Request) -> web.Response:
        token = parts[2] if len(parts) > 2 else ""
        state = next((s for s in self._interactions.values() if s["token"] == token), None)
        if state is None or not state["responded"]:
            raise _Refused(404, 10015, "Unknown Webhook")
        if method == "PATCH" and parts[-1] == "@original":
            self._check_form(body)
            target = state.get("response") or state["message"]
            if state["type"] in (6, 7) and state["message"] is not None:
                target = self.messages.get(int(state["message"]["id"]), state["message"])
            if target is None:
                raise _Refused(404, 10008, "Unknown Message")
            target.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            return _json(target)
        if method == "POST":
            self._check_form(body)
            return _json(self._bot_message(self.guild.answer_channel_id, body, record))
        return web.Response(status=204)


class _Refused(Exception):
    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors
