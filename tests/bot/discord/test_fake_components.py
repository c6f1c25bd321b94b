"""The fake refuses select menus, modals and interaction responses that Discord refuses, and picks menu values
only as a member's client can (so the wizard's tests passing means Discord would take its payloads)."""

from __future__ import annotations

import aiohttp
import pytest

from tests.bot.discord.fake_discord import FakeDiscord, validate_message, validate_modal


def _row(*children: dict) -> dict:
    return {"type": 1, "components": list(children)}


def _string(n: int = 2, **extra) -> dict:
    return {"type": 3, "custom_id": "s", "options": [{"label": f"o{i}", "value": f"v{i}"} for i in range(n)],
            **extra}


def _channels(**extra) -> dict:
    return {"type": 8, "custom_id": "c", "channel_types": [0], "min_values": 0, "max_values": 2, **extra}


@pytest.mark.parametrize(("components", "field"), [
    ([_row(_string(26))], "components.0.components.0.options"),
    ([_row(_string(0))], "components.0.components.0.options"),
    ([_row(_string(), {"type": 2, "style": 1, "custom_id": "b", "label": "x"})], "components.0.components"),
    ([_row(_channels(), {"type": 2, "style": 1, "custom_id": "b", "label": "x"})], "components.0.components"),
    ([_row(_string(placeholder="p" * 151))], "components.0.components.0.placeholder"),
    ([_row(_string(max_values=26))], "components.0.components.0.max_values"),
    ([_row(_string(min_values=3, max_values=2))], "components.0.components.0.min_values"),
    ([_row({"type": 3, "custom_id": "s", "options": [{"label": "x" * 101, "value": "v"}]})],
     "components.0.components.0.options.0.label"),
    ([_row({"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "v"}, {"label": "b", "value": "v"}]})],
     "components.0.components.0.options"),
    ([_row({"type": 6, "custom_id": "r", "options": [{"label": "a", "value": "v"}]})],
     "components.0.components.0.options"),
    ([_row({"type": 6, "custom_id": "r", "channel_types": [0]})], "components.0.components.0.channel_types"),
    ([_row(_channels(default_values=[{"id": 1, "type": "channel"}] * 3))],
     "components.0.components.0.default_values"),
    ([_row(_channels(default_values=[{"id": 1, "type": "role"}]))], "components.0.components.0.default_values"),
    ([_row({"type": 2, "style": 1, "custom_id": "b", "label": "x" * 81})], "components.0.components.0.label"),
    ([_row({"type": 4, "custom_id": "t", "style": 1, "label": "x"})], "components.0.components.0.type"),
])
def test_select_and_button_limits_are_refused(components, field):
    assert field in validate_message({"components": components})


def test_selects_within_the_limits_pass():
    assert validate_message({"components": [
        _row(_string(25, placeholder="p" * 150, max_values=25)),
        _row(_channels(default_values=[{"id": 1, "type": "channel"}, {"id": 2, "type": "channel"}])),
        _row({"type": 6, "custom_id": "r", "min_values": 0, "max_values": 1, "default_values": []}),
        _row(*[{"type": 2, "style": 2, "custom_id": f"b{i}", "label": "x" * 80} for i in range(5)]),
    ]}) == {}


def _text(cid: str = "t", **extra) -> dict:
    return _row({"type": 4, "custom_id": cid, "style": 1, "label": "Days", **extra})


@pytest.mark.parametrize(("data", "field"), [
    ({"custom_id": "m", "title": "t" * 46, "components": [_text()]}, "data.title"),
    ({"custom_id": "m", "title": "t", "components": [_text(f"t{i}") for i in range(6)]}, "data.components"),
    ({"custom_id": "m", "title": "t", "components": []}, "data.components"),
    ({"custom_id": "m", "title": "t", "components": [_text(label="l" * 46)]}, "data.components.0.label"),
    ({"custom_id": "m", "title": "t", "components": [_text(max_length=4001)]}, "data.components.0.min_length"),
    ({"custom_id": "m", "title": "t", "components": [_text(), _text()]}, "data.components.1.custom_id"),
    ({"custom_id": "m", "title": "t", "components": [_row(_string())]}, "data.components.0"),
    ({"custom_id": "", "title": "t", "components": [_text()]}, "data.custom_id"),
])
def test_modal_limits_are_refused(data, field):
    assert field in validate_modal(data)


def test_a_modal_within_the_limits_passes():
    assert validate_modal({"custom_id": "m" * 100, "title": "t" * 45,
                           "components": [_text(f"t{i}", max_length=10, value="90") for i in range(5)]}) == {}


async def _callback(fake: FakeDiscord, payload: dict, body: dict) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.post(
            f"http://127.0.0.1:{fake.port}/api/v10/interactions/{payload['id']}/{payload['token']}/callback",
            json=body) as response:
        return response.status, await response.json()


@pytest.mark.asyncio
async def test_each_interaction_takes_only_the_responses_discord_allows(fake: FakeDiscord):
    g = fake.guild
    command = fake._interaction(2, {"name": "triage"}, g.moderator_id, g.answer_channel_id)
    status, error = await _callback(fake, command, {"type": 7, "data": {"content": "x"}})
    assert (status, error["code"]) == (400, 50035) and "type" in error["errors"]
    modal = {"type": 9, "data": {"custom_id": "m", "title": "t", "components": [_text()]}}
    submit = fake._interaction(5, {"custom_id": "m", "components": []}, g.moderator_id, g.answer_channel_id)
    assert (await _callback(fake, submit, modal))[0] == 400  # a modal cannot answer a modal
    assert (await _callback(fake, submit, {"type": 7, "data": {"content": "x"}}))[0] == 400  # no message to update
    click = fake._interaction(3, {"custom_id": "x", "component_type": 2}, g.moderator_id, g.answer_channel_id,
                              message=fake.posted_while_away("hi"))
    assert (await _callback(fake, click, modal))[0] == 200
    assert ("m", g.moderator_id) in fake.modals_shown


@pytest.mark.asyncio
async def test_a_members_client_picks_only_what_a_menu_offers(fake: FakeDiscord):
    g = fake.guild
    message = fake.posted_while_away("menus")
    message["components"] = [_row(_string(3)), _row(_channels()),
                             _row({"type": 6, "custom_id": "r", "min_values": 0, "max_values": 1}),
                             _row({**_string(2), "custom_id": "off", "disabled": True})]
    with pytest.raises(AssertionError, match="not among the options"):
        await fake.select(message, "s", ["nope"], user_id=g.member_id)
    with pytest.raises(AssertionError, match="outside"):
        await fake.select(message, "s", ["v0", "v1"], user_id=g.member_id)
    with pytest.raises(AssertionError, match="is not of"):
        await fake.select(message, "c", [g.forum_channel_id], user_id=g.member_id)
    with pytest.raises(AssertionError, match="disabled"):
        await fake.select(message, "off", ["v0"], user_id=g.member_id)
    with pytest.raises(AssertionError, match="not in the guild"):
        await fake.select(message, "r", [12345], user_id=g.member_id)
    picked = await fake.select(message, "c", [g.answer_channel_id, g.other_channel_id], user_id=g.member_id)
    data = picked["data"]
    assert data["component_type"] == 8 and data["values"] == [str(g.answer_channel_id), str(g.other_channel_id)]
    assert set(data["resolved"]["channels"]) == {str(g.answer_channel_id), str(g.other_channel_id)}
    role = (await fake.select(message, "r", [g.mod_role_id], user_id=g.member_id))["data"]
    assert role["component_type"] == 6 and role["resolved"]["roles"][str(g.mod_role_id)]["name"] == "Moderators"
    assert "resolved" not in (await fake.select(message, "s", ["v2"], user_id=g.member_id))["data"]


@pytest.mark.asyncio
async def test_only_a_modal_the_bot_opened_can_be_submitted_within_its_lengths(fake: FakeDiscord):
    g = fake.guild
    with pytest.raises(AssertionError, match="never opened"):
        await fake.submit_modal("m", {"t": "1"}, user_id=g.moderator_id, channel_id=g.answer_channel_id)
    click = fake._interaction(3, {"custom_id": "x", "component_type": 2}, g.moderator_id, g.answer_channel_id,
                              message=fake.posted_while_away("hi"))
    await _callback(fake, click, {"type": 9, "data": {"custom_id": "m", "title": "t",
                                                      "components": [_text(max_length=3, required=True)]}})
    with pytest.raises(AssertionError, match="never opened"):  # another member cannot submit it
        await fake.submit_modal("m", {"t": "1"}, user_id=g.moderator2_id, channel_id=g.answer_channel_id)
    with pytest.raises(AssertionError, match="outside the input's lengths"):
        await fake.submit_modal("m", {"t": "1234"}, user_id=g.moderator_id, channel_id=g.answer_channel_id)
    with pytest.raises(AssertionError, match="required"):
        await fake.submit_modal("m", {}, user_id=g.moderator_id, channel_id=g.answer_channel_id)
    submitted = await fake.submit_modal("m", {"t": "123"}, user_id=g.moderator_id, channel_id=g.answer_channel_id)
    assert submitted["data"]["components"][0]["components"][0]["value"] == "123"
