"""A small fake Discord (REST + gateway over aiohttp on 127.0.0.1) for driving the real discord.py client.

It serves exactly what the bot uses: login, one guild over the gateway, messages, threads, DMs, interaction
callbacks and follow-ups, command sync. Every request the bot makes is recorded (method, path, JSON body), so
tests assert on what really went over the wire — ``allowed_mentions``, components, embeds. Tests can inject a
429 rate limit for the next matching request.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

_ids = itertools.count(1_100_000_000_000_000_000)


#: What @everyone may do in the fake guild: read and write, nothing a moderator can.
_MEMBER_PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True,
                                          send_messages_in_threads=True, use_application_commands=True).value


def snowflake() -> int:
    return next(_ids)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json",
                        headers=headers)


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

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class FakeGuild:
    id: int = field(default_factory=snowflake)
    answer_channel_id: int = field(default_factory=snowflake)
    other_channel_id: int = field(default_factory=snowflake)
    forum_channel_id: int = field(default_factory=snowflake)
    mod_channel_id: int = field(default_factory=snowflake)
    mod_role_id: int = field(default_factory=snowflake)
    moderator_id: int = field(default_factory=snowflake)
    member_id: int = field(default_factory=snowflake)


class FakeDiscord:
    """Start with ``await fake.start()``; point discord.py at it with :meth:`redirect`."""

    def __init__(self) -> None:
        self.app_id = snowflake()
        self.bot_id = self.app_id
        self.guild = FakeGuild()
        self.requests: list[Request] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.threads: list[dict[str, Any]] = []
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._identified = asyncio.Event()
        self._rate_limit_next: list[Callable[[Request], bool]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

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

    # ---- payloads ----------------------------------------------------------------------------------------
    def user(self, user_id: int, name: str | None = None, bot: bool = False) -> dict[str, Any]:
        return {"id": str(user_id), "username": name or f"user{user_id % 10000}", "discriminator": "0",
                "global_name": None, "avatar": None, "bot": bot}

    def member(self, user_id: int, roles: list[int] | None = None, permissions: int = 0) -> dict[str, Any]:
        return {"user": self.user(user_id, bot=user_id == self.bot_id), "roles": [str(r) for r in roles or []],
                "joined_at": _now(), "deaf": False, "mute": False, "flags": 0, "nick": None,
                "permissions": str(permissions)}

    def _guild_create(self) -> dict[str, Any]:
        g = self.guild
        everyone = {"id": str(g.id), "name": "@everyone", "permissions": str(_MEMBER_PERMISSIONS),
                    "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False}
        mod = {"id": str(g.mod_role_id), "name": "Moderators", "permissions": "0", "position": 1, "color": 0,
               "hoist": False, "managed": False, "mentionable": True}

        def channel(cid: int, name: str, kind: int) -> dict[str, Any]:
            return {"id": str(cid), "name": name, "type": kind, "position": 0, "permission_overwrites": [],
                    "guild_id": str(g.id), "parent_id": None, "nsfw": False, "topic": None,
                    "available_tags": [], "flags": 0}

        members = [self.member(self.bot_id), self.member(g.moderator_id, [g.mod_role_id]), self.member(g.member_id)]
        return {
            "id": str(g.id), "name": "Health community", "icon": None, "owner_id": str(g.moderator_id),
            "roles": [everyone, mod], "emojis": [], "stickers": [], "features": [], "member_count": len(members),
            "members": members, "channels": [
                channel(g.answer_channel_id, "ask-here", 0), channel(g.other_channel_id, "off-topic", 0),
                channel(g.forum_channel_id, "questions-forum", 15), channel(g.mod_channel_id, "mod-queue", 0),
            ],
            "threads": [], "voice_states": [], "presences": [], "large": False, "unavailable": False,
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "premium_tier": 0, "preferred_locale": "en-US", "nsfw_level": 0,
            "system_channel_flags": 0, "joined_at": _now(), "stage_instances": [], "guild_scheduled_events": [],
        }

    def _message(self, channel_id: int, author: dict[str, Any], content: str = "", **extra: Any) -> dict[str, Any]:
        message = {
            "id": str(extra.pop("id", snowflake())), "channel_id": str(channel_id), "guild_id": str(self.guild.id),
            "author": author, "content": content, "timestamp": _now(), "edited_timestamp": None, "tts": False,
            "mention_everyone": "@everyone" in content, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": [],
        }
        message.update(extra)
        return message

    # ---- gateway -----------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 40_000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] in (2, 6):  # IDENTIFY or RESUME: start a fresh session
                await self._dispatch("READY", {
                    "v": 10, "user": self.user(self.bot_id, "Triage", bot=True), "session_id": "fake-session",
                    "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gw",
                    "guilds": [{"id": str(self.guild.id), "unavailable": True}],
                    "application": {"id": str(self.app_id), "flags": 0},
                })
                await self._dispatch("GUILD_CREATE", self._guild_create())
                self._identified.set()
        return ws

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def wait_identified(self, timeout: float = 10) -> None:
        await asyncio.wait_for(self._identified.wait(), timeout)

    # ---- what tests do -------------------------------------------------------------------------------------
    async def post(self, content: str, *, channel_id: int | None = None, author_id: int | None = None,
                   mentions: list[int] | None = None, message_id: int | None = None) -> dict[str, Any]:
        """A member posts a message; returns the MESSAGE_CREATE payload."""
        author_id = author_id or self.guild.member_id
        message = self._message(channel_id or self.guild.answer_channel_id, self.user(author_id), content,
                                member={k: v for k, v in self.member(author_id).items() if k != "user"},
                                mentions=[self.user(m, bot=m == self.bot_id) for m in mentions or []],
                                **({"id": message_id} if message_id else {}))
        self.messages[int(message["id"])] = message
        await self._dispatch("MESSAGE_CREATE", message)
        return message

    async def new_forum_post(self, title: str, content: str) -> dict[str, Any]:
        """A member opens a forum post: THREAD_CREATE, then its starter message (same id as the thread)."""
        thread_id = snowflake()
        thread = {"id": str(thread_id), "guild_id": str(self.guild.id), "parent_id": str(self.guild.forum_channel_id),
                  "owner_id": str(self.guild.member_id), "name": title, "type": 11, "last_message_id": None,
                  "message_count": 0, "member_count": 1, "rate_limit_per_user": 0, "flags": 0, "applied_tags": [],
                  "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": _now(),
                                      "locked": False}, "newly_created": True}
        await self._dispatch("THREAD_CREATE", thread)
        return await self.post(content, channel_id=thread_id, message_id=thread_id)

    async def delete_message(self, message: dict[str, Any]) -> None:
        await self._dispatch("MESSAGE_DELETE", {"id": message["id"], "channel_id": message["channel_id"],
                                                "guild_id": str(self.guild.id)})

    def _interaction(self, kind: int, data: dict[str, Any], user_id: int, channel_id: int,
                     message: dict[str, Any] | None = None) -> dict[str, Any]:
        is_mod = user_id == self.guild.moderator_id
        roles = [self.guild.mod_role_id] if is_mod else []
        perms = _MEMBER_PERMISSIONS | (discord.Permissions(manage_messages=True).value if is_mod else 0)
        payload = {
            "id": str(snowflake()), "application_id": str(self.app_id), "type": kind, "token": f"tok{snowflake()}",
            "version": 1, "attachment_size_limit": 8_000_000, "guild_id": str(self.guild.id),
            "channel_id": str(channel_id), "channel": {"id": str(channel_id), "type": 0, "guild_id": str(self.guild.id)},
            "member": self.member(user_id, roles, perms), "data": data, "locale": "en-US", "guild_locale": "en-US",
            "app_permissions": str(perms), "entitlements": [], "authorizing_integration_owners": {},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def click(self, message: dict[str, Any], custom_id: str, *, user_id: int, values: list[str] | None = None
                    ) -> dict[str, Any]:
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3 if values is not None else 2}
        if values is not None:
            data["values"] = values
        payload = self._interaction(3, data, user_id, int(message["channel_id"]), message)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    async def slash(self, subcommand: str, *, user_id: int, options: list[dict[str, Any]] | None = None
                    ) -> dict[str, Any]:
        data = {"id": str(snowflake()), "name": "triage", "type": 1, "guild_id": str(self.guild.id),
                "options": [{"name": subcommand, "type": 1, "options": options or []}]}
        payload = self._interaction(2, data, user_id, self.guild.answer_channel_id)
        await self._dispatch("INTERACTION_CREATE", payload)
        return payload

    def rate_limit_next(self, predicate: Callable[[Request], bool]) -> None:
        """The next request matching ``predicate`` gets a 429 (with a ``Via`` header, so discord.py retries)."""
        self._rate_limit_next.append(predicate)

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 20) -> Request:
        """The first recorded request matching ``predicate``, waiting for it to arrive."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = next((r for r in self.requests if predicate(r)), None)
            if found is not None:
                return found
            if asyncio.get_running_loop().time() > deadline:
                seen = [f"{r.method} {r.path}" for r in self.requests[-8:]]
                raise AssertionError(f"no matching request within {timeout}s; {len(self.requests)} requests, "
                                     f"the last: {seen}")
            await asyncio.sleep(0.02)

    async def settle(self, seconds: float = 0.5) -> None:
        """Give the bot time to act (for asserting that it did NOT send something)."""
        await asyncio.sleep(seconds)

    def sent(self, predicate: Callable[[Request], bool]) -> list[Request]:
        return [r for r in self.requests if predicate(r)]

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
        record = Request(request.method, path, body, files)
        for i, predicate in enumerate(self._rate_limit_next):
            if predicate(record):
                del self._rate_limit_next[i]
                self.requests.append(Request(request.method, path + " [429]", body))
                return _json({"message": "You are being rate limited.", "retry_after": 0.2, "global": False},
                             status=429, headers={"Via": "1.1 google", "X-RateLimit-Limit": "5",
                                                  "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.2",
                                                  "X-RateLimit-Bucket": "fake"})
        response = self._route(request.method, path, record)
        self.requests.append(record)
        return response

    def _route(self, method: str, path: str, record: Request) -> web.Response:  # noqa: C901 - a router
        parts = path.strip("/").split("/")
        body = record.json
        bot_author = self.user(self.bot_id, "Triage", bot=True)
        if path == "/users/@me" and method == "GET":
            return _json(bot_author)
        if path == "/oauth2/applications/@me":
            return _json({"id": str(self.app_id), "name": "Triage", "description": "", "icon": None,
                          "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
                          "owner": self.user(self.guild.moderator_id), "flags": 0})
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            commands = record.body if isinstance(record.body, list) else []
            return _json([{"description": "", **c, "id": str(snowflake()), "application_id": str(self.app_id), "version": "1"}
                          for c in commands])
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages" and method == "POST":
            message = self._message(int(parts[1]), bot_author, body.get("content") or "",
                                    embeds=body.get("embeds", []), components=body.get("components", []))
            self.messages[int(message["id"])] = message
            return _json(message)
        if parts[0] == "channels" and len(parts) == 4 and parts[2] == "messages" and method == "PATCH":
            message = self.messages.get(int(parts[3])) or self._message(int(parts[1]), bot_author, id=int(parts[3]))
            message.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            message["edited_timestamp"] = _now()
            self.messages[int(parts[3])] = message
            return _json(message)
        if parts[0] == "channels" and method == "DELETE":
            return web.Response(status=204)
        if parts[0] == "channels" and parts[-1] == "threads" and method == "POST":
            thread = {"id": str(snowflake()), "guild_id": str(self.guild.id), "parent_id": parts[1], "type": 11,
                      "name": body.get("name", "thread"), "owner_id": str(self.bot_id), "flags": 0,
                      "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                          "archive_timestamp": _now(), "locked": False},
                      "rate_limit_per_user": 0, "message_count": 0, "member_count": 1}
            self.threads.append(thread)
            return _json(thread)
        if path == "/users/@me/channels" and method == "POST":
            return _json({"id": str(snowflake()), "type": 1, "recipients": [self.user(int(body["recipient_id"]))],
                          "last_message_id": None})
        if parts[0] == "interactions" and parts[-1] == "callback":
            return _json({"interaction": {"id": parts[1], "type": body.get("type", 4)}})
        if parts[0] == "webhooks":
            message = self._message(self.guild.answer_channel_id, bot_author, body.get("content") or "",
                                    embeds=body.get("embeds", []), components=body.get("components", []))
            return _json(message)
        return _json({"message": f"fake discord has no route {method} {path}", "code": 0}, status=404)
