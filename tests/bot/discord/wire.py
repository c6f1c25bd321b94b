"""Helpers for wire tests: what the bot sent, what a member or moderator was told, the store's view."""

from __future__ import annotations

import asyncio

from tests.bot.discord.fake_discord import FakeDiscord, Request


def _reply_to(message: dict) -> callable:
    def match(r: Request) -> bool:
        return (r.method == "POST" and r.path.endswith("/messages")
                and str((r.json.get("message_reference") or {}).get("message_id")) == message["id"])
    return match


async def one(running, sql: str, args: list | tuple = ()) -> tuple:
    """A query on the store's own thread (the bot uses the connection from exactly one thread)."""
    return await running.bot.service.run(lambda: running.app.db.execute(sql, list(args)).fetchone())


async def get_case(running, item_id: int):
    from data import review

    return await running.bot.service.run(review.get_item, running.app.db, item_id)


async def eventually(query, expected, timeout: float = 10.0) -> None:
    """Poll ``query`` (an async callable) until it returns ``expected``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (got := await query()) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"still {got!r}, expected {expected!r}"
        await asyncio.sleep(0.05)


def _custom_ids(body: dict) -> list[str]:
    return [c["custom_id"] for row in body.get("components", []) for c in row["components"] if "custom_id" in c]


def _callback(payload: dict) -> callable:
    return lambda r: r.method == "POST" and r.path == f"/interactions/{payload['id']}/{payload['token']}/callback"


async def card_updated(fake: FakeDiscord, payload: dict) -> Request:
    """The review card updated after a moderator's (deferred) click: the decision is recorded by then."""
    request = await fake.wait_for(lambda r: r.method == "PATCH"
                                  and r.path.endswith(f"{payload['token']}/messages/@original"))
    assert request.ok, (request.status, request.error_code)
    return request


async def answer_to(fake: FakeDiscord, payload: dict) -> dict:
    """What the member or moderator was told: the first response's message, or the follow-up after a defer."""
    def said(r: Request) -> bool:
        if _callback(payload)(r) and r.json.get("type") in (4, 7):
            return "content" in r.json.get("data", {})
        return (r.method in ("POST", "PATCH") and r.path.startswith(f"/webhooks/{fake.app_id}/{payload['token']}")
                and r.json.get("content") is not None)

    request = await fake.wait_for(said)
    assert request.ok, (request.path, request.status, request.error_code)
    return request.json.get("data", request.json)


async def _review_message(fake: FakeDiscord, text: str) -> tuple[dict, int]:
    """Post a personal-symptoms question and return the moderators'-channel message for it and its case id.

    Matched by the post's text in the review embed: an earlier post's review message may arrive at any moment.
    """
    def about_this_post(body: dict) -> bool:
        return any(text in (embed.get("description") or "") for embed in body.get("embeds") or [])

    await fake.post(text)
    request = await fake.wait_for(lambda r: _in_channel(fake.guild.mod_channel_id)(r) and _custom_ids(r.json)
                                  and about_this_post(r.json))
    case_id = next(int(cid.rsplit(":", 1)[1]) for cid in _custom_ids(request.json) if cid.startswith("triage:rv:"))
    message = next(m for m in reversed(list(fake.messages.values()))
                   if m["channel_id"] == str(fake.guild.mod_channel_id) and about_this_post(m))
    return message, case_id


def _in_channel(channel_id: int) -> callable:
    return lambda r: r.method == "POST" and r.path == f"/channels/{channel_id}/messages"
