"""The fake refuses what Discord refuses (so a wire test that passes means Discord would accept it too)."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from tests.bot.discord.fake_discord import FakeDiscord, validate_message


@pytest.mark.parametrize(("body", "field"), [
    ({"content": "x" * 2001}, "content"),
    ({"embeds": [{"description": "x" * 4097}]}, "embeds.0.description"),
    ({"embeds": [{"title": "x" * 257}]}, "embeds.0.title"),
    ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds.0.fields"),
    ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value"),
    ({"embeds": [{"description": "x" * 4000, "fields": [{"name": "n", "value": "v" * 1000}] * 3}]}, "embeds.0"),
    ({"components": [{"type": 1, "components": [{"type": 2, "custom_id": str(i)}]} for i in range(6)]},
     "components"),
    ({"components": [{"type": 1, "components": [{"type": 2, "custom_id": str(i)} for i in range(6)]}]},
     "components.0.components"),
    ({"components": [{"type": 1, "components": [{"type": 2, "custom_id": "x" * 101}]}]},
     "components.0.components.0.custom_id"),
    ({"components": [{"type": 1, "components": [{"type": 2, "custom_id": "a"}, {"type": 2, "custom_id": "a"}]}]},
     "components.0.components.1.custom_id"),
])
def test_limits_are_refused(body, field):
    assert field in validate_message(body)


def test_a_message_within_the_limits_passes():
    assert validate_message({"content": "x" * 2000, "embeds": [{"title": "t", "description": "d" * 4096}]}) == {}


async def _post(fake: FakeDiscord, path: str, body: dict) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.post(
            f"http://127.0.0.1:{fake.port}/api/v10{path}", json=body) as response:
        return response.status, await response.json()


@pytest.mark.asyncio
async def test_permissions_mentions_and_threads_follow_discords_rules(fake: FakeDiscord):
    g = fake.guild
    channel = f"/channels/{g.mod_channel_id}/messages"
    ping = {"content": f"<@&{g.mod_role_id}> look", "allowed_mentions": {"parse": [], "roles": [str(g.mod_role_id)]}}
    assert (await _post(fake, channel, ping))[0] == 200
    assert fake.requests[-1].notified["roles"] == [g.mod_role_id]  # the bot may mention all roles

    fake.set_role(g.bot_role_id, permissions=discord.Permissions(view_channel=True, send_messages=True).value)
    await _post(fake, channel, ping)
    assert fake.requests[-1].notified["roles"] == []  # a new role is not mentionable
    fake.set_role(g.mod_role_id, mentionable=True)
    await _post(fake, channel, {**ping, "allowed_mentions": {"parse": []}})
    assert fake.requests[-1].notified["roles"] == []  # allowed_mentions only narrows
    await _post(fake, channel, ping)
    assert fake.requests[-1].notified["roles"] == [g.mod_role_id]

    status, error = await _post(fake, channel, {"embeds": [{"description": "no embed links"}]})
    assert (status, error["code"]) == (403, 50013)
    fake.deny_bot(g.other_channel_id, discord.Permissions(view_channel=True))
    status, error = await _post(fake, f"/channels/{g.other_channel_id}/messages", {"content": "hi"})
    assert (status, error["code"]) == (403, 50001)

    message = fake.posted_while_away("a post")
    thread_path = f"/channels/{g.answer_channel_id}/messages/{message['id']}/threads"
    fake.set_role(g.bot_role_id, permissions=discord.Permissions.all().value)
    assert (await _post(fake, thread_path, {"name": "t"}))[0] == 200
    status, error = await _post(fake, thread_path, {"name": "t"})
    assert (status, error["code"]) == (400, 160004)
    # a message unarchives an archived thread (Discord's threads topic), unless the thread is locked
    await fake.archive_thread(int(message["id"]))
    assert (await _post(fake, f"/channels/{message['id']}/messages", {"content": "late"}))[0] == 200
    assert fake.threads[int(message["id"])]["thread_metadata"]["archived"] is False
    await fake.archive_thread(int(message["id"]), locked=True)
    status, error = await _post(fake, f"/channels/{message['id']}/messages", {"content": "late"})
    assert (status, error["code"]) == (400, 50083)


async def _call(fake: FakeDiscord, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.request(
            method, f"http://127.0.0.1:{fake.port}/api/v10{path}", json=body) as response:
        return response.status, await response.json()


@pytest.mark.asyncio
async def test_locking_and_deleting_threads_need_manage_threads(fake: FakeDiscord):
    g = fake.guild
    status, thread = await _call(fake, "POST", f"/channels/{g.answer_channel_id}/threads",
                                 {"name": "follow-up", "type": 12, "invitable": False})
    assert status == 200
    path = f"/channels/{thread['id']}"
    without = int(fake.roles[g.bot_role_id]["permissions"]) & ~discord.Permissions(manage_threads=True).value
    fake.set_role(g.bot_role_id, permissions=without)
    status, error = await _call(fake, "PATCH", path, {"archived": True, "locked": True})
    assert (status, error["code"]) == (403, 50013)
    assert (await _call(fake, "DELETE", path))[1]["code"] == 50013
    status, body = await _call(fake, "PATCH", path, {"archived": True})  # its creator may archive it
    assert status == 200 and body["thread_metadata"]["archived"] is True
    status, error = await _call(fake, "PATCH", path, {"name": "renamed"})
    assert (status, error["code"]) == (400, 50083)  # an archived thread is edited only by unarchiving it
    fake.set_role(g.bot_role_id, permissions=without | discord.Permissions(manage_threads=True).value)
    status, body = await _call(fake, "PATCH", path, {"archived": False, "locked": True})
    assert status == 200 and body["thread_metadata"]["locked"] is True
    fake.set_role(g.bot_role_id, permissions=without)
    status, error = await _call(fake, "POST", f"{path}/messages", {"content": "in a locked thread"})
    assert (status, error["code"]) == (403, 160005)
    fake.set_role(g.bot_role_id, permissions=without | discord.Permissions(manage_threads=True).value)
    assert (await _call(fake, "DELETE", path))[0] == 200
    assert (await _call(fake, "DELETE", path))[1]["code"] == 10003
    assert (await _call(fake, "PATCH", path, {"archived": True}))[1]["code"] == 10003


@pytest.mark.asyncio
async def test_interactions_unknown_messages_and_closed_dms(fake: FakeDiscord):
    g = fake.guild
    payload = fake._interaction(3, {"custom_id": "x", "component_type": 2}, g.member_id, g.answer_channel_id)
    callback = f"/interactions/{payload['id']}/{payload['token']}/callback"
    assert (await _post(fake, callback, {"type": 6}))[0] == 200
    status, error = await _post(fake, callback, {"type": 4, "data": {"content": "again"}})
    assert (status, error["code"]) == (400, 40060)
    late = fake._interaction(3, {"custom_id": "x", "component_type": 2}, g.member_id, g.answer_channel_id)
    fake.interaction_deadline = 0.0
    status, error = await _post(fake, f"/interactions/{late['id']}/{late['token']}/callback", {"type": 6})
    assert (status, error["code"]) == (404, 10062)
    unanswered = fake._interaction(3, {"custom_id": "x", "component_type": 2}, g.member_id, g.answer_channel_id)
    status, error = await _post(fake, f"/webhooks/{fake.app_id}/{unanswered['token']}", {"content": "hi"})
    assert (status, error["code"]) == (404, 10015)

    async with aiohttp.ClientSession() as session, session.patch(
            f"http://127.0.0.1:{fake.port}/api/v10/channels/{g.answer_channel_id}/messages/123",
            json={"content": "x"}) as response:
        assert (response.status, (await response.json())["code"]) == (404, 10008)
    fake.dms_closed.add(g.member_id)
    _, dm = await _post(fake, "/users/@me/channels", {"recipient_id": str(g.member_id)})
    status, error = await _post(fake, f"/channels/{dm['id']}/messages", {"content": "hello"})
    assert (status, error["code"]) == (403, 50007)
