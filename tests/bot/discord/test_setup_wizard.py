"""The guided ``/triage setup`` over the strict fake: a moderator walks the six steps with channel, role and
string menus and a form, and Save stores everything at once and shows the diagnosis; Cancel, someone else's
clicks, bad numbers and the timeout store nothing. Every message and modal the wizard sends passes the fake's
checks of Discord's limits (rows, options, labels, custom ids)."""

from __future__ import annotations

import copy

import discord
import pytest

from data.settings_store import guild_settings
from tests.bot.discord.fake_discord import SELECT_TYPES, FakeDiscord
from tests.bot.discord.wire import _callback, answer_to, one


def _cid(message: dict, name: str) -> str:
    """The custom id of the wizard's control ``name`` (ids end with it; the prefix carries the wizard)."""
    ids = [c["custom_id"] for row in message["components"] for c in row["components"] if "custom_id" in c]
    return next(i for i in ids if i.endswith(f":{name}"))


async def _answered(fake: FakeDiscord, payload: dict, kind: int | None = 7) -> dict:
    """Wait for the bot's answer to ``payload`` and return the wizard message as it now is."""
    request = await fake.wait_for(_callback(payload))
    assert request.ok, (request.status, request.error_code, request.json)
    if kind is not None:
        assert request.json["type"] == kind, request.json
    return fake.response_message(payload)


async def _open(fake: FakeDiscord, user_id: int) -> tuple[dict, dict]:
    payload = await fake.slash("setup", user_id=user_id)
    message = await _answered(fake, payload, kind=4)
    assert message["flags"] & 64, "the wizard is ephemeral"
    return payload, message


async def _click(fake: FakeDiscord, message: dict, name: str, user_id: int, kind: int | None = 7) -> dict:
    return await _answered(fake, await fake.click(message, _cid(message, name), user_id=user_id), kind)


async def _pick(fake: FakeDiscord, message: dict, name: str, values: list, user_id: int) -> dict:
    return await _answered(fake, await fake.select(message, _cid(message, name), values, user_id=user_id))


async def _guild_rows(running) -> int:
    return (await one(running, "SELECT COUNT(*) FROM settings WHERE scope = ?", [str(running.fake.guild.id)]))[0]


def _selects(message: dict) -> dict[str, dict]:
    return {c["custom_id"].rsplit(":", 1)[1]: c for row in message["components"] for c in row["components"]
            if c["type"] in SELECT_TYPES}


@pytest.mark.asyncio
async def test_wizard_round_trip_stores_everything_on_save_and_shows_the_diagnosis(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    mod = g.moderator_id
    # the quick options' bounds are the store's (the wizard's form and `triage settings set` use the same)
    sync = next(r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands"))
    setup = next(o for o in next(c for c in sync.body if c["name"] == "triage")["options"] if o["name"] == "setup")
    bounds = {o["name"]: (o.get("min_value"), o.get("max_value")) for o in setup["options"]}
    assert bounds["retention_days"] == (0, 3650) and bounds["reminder_minutes"] == (5, 10080)
    assert bounds["emergency_reping_minutes"] == (0, 1440) and bounds["retrain_every_labels"] == (0, 100000)

    _, msg = await _open(fake, mod)
    assert "step 1 of 6" in msg["content"] and f"<#{g.answer_channel_id}> *(environment)*" in msg["content"]
    menus = _selects(msg)
    assert menus["answer_channel_ids"]["type"] == 8 and menus["answer_channel_ids"]["channel_types"] == [0, 5]
    assert menus["answer_channel_ids"]["default_values"] == [{"id": g.answer_channel_id, "type": "channel"}]
    assert menus["forum_channel_ids"]["channel_types"] == [15]

    msg = await _pick(fake, msg, "answer_channel_ids", [g.answer_channel_id, g.other_channel_id], mod)
    assert "*(not saved yet)*" in msg["content"] and f"<#{g.other_channel_id}>" in msg["content"]
    msg = await _click(fake, msg, "next", mod)
    assert "step 2 of 6" in msg["content"] and _selects(msg)["mod_role_id"]["type"] == 6
    msg = await _pick(fake, msg, "mod_log_channel_id", [g.modlog_channel_id], mod)
    msg = await _click(fake, msg, "next", mod)
    msg = await _pick(fake, msg, "clinical_channel_id", [g.clinical_channel_id], mod)
    msg = await _pick(fake, msg, "clinical_role_id", [g.clinical_role_id], mod)
    msg = await _click(fake, msg, "next", mod)
    assert "step 4 of 6" in msg["content"]
    assert {o["value"] for o in _selects(msg)["language"]["options"]} >= {"en", "es"}
    for name, value in (("region", "uk"), ("language", "es"), ("personal_reply_mode", "dm")):
        msg = await _pick(fake, msg, name, [value], mod)
    msg = await _click(fake, msg, "next", mod)

    opened = await fake.click(msg, _cid(msg, "numbers"), user_id=mod)
    modal = await fake.wait_for(_callback(opened))
    assert modal.ok and modal.json["type"] == 9, (modal.status, modal.json)
    fields = {row["components"][0]["custom_id"]: row["components"][0] for row in modal.json["data"]["components"]}
    assert fields["retention_days"]["value"] == "90"  # filled with what is in effect
    submitted = await fake.submit_modal(modal.json["data"]["custom_id"], {
        "retention_days": "30", "reminder_minutes": "60", "emergency_reping_minutes": "15",
        "retrain_every_labels": "50"}, user_id=mod, channel_id=int(msg["channel_id"]), message=msg)
    msg = await _answered(fake, submitted)
    assert "30 *(not saved yet)*" in msg["content"]
    msg = await _click(fake, msg, "weekly", mod)
    assert any(c.get("label") == "Weekly report: on" for row in msg["components"] for c in row["components"])
    assert await _guild_rows(running) == 0, "nothing is stored before Save"

    msg = await _click(fake, msg, "next", mod)
    assert "step 6 of 6" in msg["content"] and "12 change(s) to save" in msg["content"], msg["content"]
    # the owner takes Send Messages away in the mod-log channel before saving: the diagnosis must say so
    fake.deny_bot(g.modlog_channel_id, discord.Permissions(send_messages=True))
    await fake.refresh_guild()
    save = await fake.click(msg, _cid(msg, "save"), user_id=mod)
    said = await answer_to(fake, save)
    text = said["content"]
    assert text.startswith("Saved:") and said["components"] == [], text
    assert "missing permission: Send Messages in #mod-log" in text and "queue:" in text, text

    stored = await running.bot.service.run(guild_settings, running.app.db, str(g.id))
    assert sorted(stored["answer_channel_ids"]) == sorted([g.answer_channel_id, g.other_channel_id])
    assert stored["forum_channel_ids"] is None and stored["mod_channel_id"] is None  # untouched: environment
    assert (stored["clinical_channel_id"], stored["clinical_role_id"]) == (g.clinical_channel_id, g.clinical_role_id)
    assert stored["mod_log_channel_id"] == g.modlog_channel_id
    assert (stored["region"], stored["language"], stored["personal_reply_mode"]) == ("uk", "es", "dm")
    assert (stored["retention_days"], stored["reminder_minutes"], stored["emergency_reping_minutes"],
            stored["retrain_every_labels"], stored["weekly_digest"]) == (30, 60, 15, 50, True)
    by = await one(running, "SELECT COUNT(DISTINCT updated_at), MIN(updated_by) FROM settings WHERE scope = ?",
                   [str(g.id)])
    assert by == (1, f"discord:{mod}"), "one save, by the moderator"
    assert g.other_channel_id in running.bot.settings.answer_channel_ids  # in use at once

    shown = await answer_to(fake, await fake.slash("settings", user_id=mod))
    assert f"**clinical_role_id**: <@&{g.clinical_role_id}>" in shown["content"]
    assert "**language**: es" in shown["content"] and "**retention_days**: 30" in shown["content"]


@pytest.mark.asyncio
async def test_cancel_stores_nothing(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    _, msg = await _open(fake, g.moderator_id)
    msg = await _pick(fake, msg, "answer_channel_ids", [g.other_channel_id], g.moderator_id)
    msg = await _click(fake, msg, "next", g.moderator_id)
    msg = await _click(fake, msg, "cancel", g.moderator_id)
    assert msg["content"] == "Set-up cancelled: nothing was stored." and msg["components"] == []
    # a moderator has one wizard at a time: a newer one closes the older, which can then save nothing
    _, older = await _open(fake, g.moderator_id)
    older = await _pick(fake, older, "answer_channel_ids", [g.other_channel_id], g.moderator_id)
    older_next = _cid(older, "next")
    _, newer = await _open(fake, g.moderator_id)
    replaced = await fake.wait_for(lambda r: r.method == "PATCH" and "replaced" in (r.json.get("content") or ""))
    assert replaced.ok and fake.messages[int(older["id"])]["components"] == []
    assert _cid(newer, "next") != older_next  # each wizard's controls are its own
    assert await _guild_rows(running) == 0
    assert running.bot.settings.answer_channel_ids == {g.answer_channel_id}


@pytest.mark.asyncio
async def test_only_the_moderator_who_opened_it_can_use_the_wizard(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    refused = await answer_to(fake, await fake.slash("setup", user_id=g.member_id))
    assert "Only moderators" in refused["content"]

    _, msg = await _open(fake, g.moderator_id)
    for intruder in (g.moderator2_id, g.member_id):
        pick = await fake.select(msg, _cid(msg, "answer_channel_ids"), [g.other_channel_id], user_id=intruder)
        said = await answer_to(fake, pick)
        assert f"belongs to <@{g.moderator_id}>" in said["content"] and "/triage setup" in said["content"]
        request = await fake.wait_for(_callback(pick))
        assert request.json["data"]["flags"] & 64, "the refusal is ephemeral"
    assert "not saved yet" not in fake.messages[int(msg["id"])]["content"]
    # the owner's wizard is untouched: saving it stores nothing
    for _ in range(5):
        msg = await _click(fake, msg, "next", g.moderator_id)
    said = await answer_to(fake, await fake.click(msg, _cid(msg, "save"), user_id=g.moderator_id))
    assert said["content"].startswith("Nothing changed."), said["content"]
    assert await _guild_rows(running) == 0


@pytest.mark.asyncio
async def test_bad_numbers_get_a_clear_error_and_store_nothing(running):
    fake: FakeDiscord = running.fake
    mod = fake.guild.moderator_id
    _, msg = await _open(fake, mod)
    for _ in range(2):
        msg = await _click(fake, msg, "next", mod)
    # Skip leaves the clinical team as it is in effect, dropping a pick made on that step
    msg = await _pick(fake, msg, "clinical_role_id", [fake.guild.clinical_role_id], mod)
    msg = await _click(fake, msg, "skip", mod)
    msg = await _click(fake, msg, "back", mod)
    assert "step 3 of 6" in msg["content"] and "not saved yet" not in msg["content"]
    assert "default_values" not in _selects(msg)["clinical_role_id"]
    for _ in range(2):
        msg = await _click(fake, msg, "next", mod)
    assert "step 5 of 6" in msg["content"]
    opened = await fake.click(msg, _cid(msg, "numbers"), user_id=mod)
    modal = (await fake.wait_for(_callback(opened))).json["data"]
    submitted = await fake.submit_modal(modal["custom_id"], {
        "retention_days": "ninety", "reminder_minutes": "2", "emergency_reping_minutes": "15",
        "retrain_every_labels": "-1"}, user_id=mod, channel_id=int(msg["channel_id"]), message=msg)
    msg = await _answered(fake, submitted)
    text = msg["content"]
    assert "**Not changed**" in text, text
    assert "retention_days takes a whole number, not 'ninety'" in text
    assert "reminder_minutes must be between 5 and 10080" in text
    assert "retrain_every_labels must be between 0 and 100000" in text
    assert "not saved yet" not in text  # not even the good value (15) was taken
    msg = await _click(fake, msg, "next", mod)
    said = await answer_to(fake, await fake.click(msg, _cid(msg, "save"), user_id=mod))
    assert said["content"].startswith("Nothing changed.")
    assert await _guild_rows(running) == 0


@pytest.mark.asyncio
async def test_a_timed_out_wizard_says_so_and_stores_nothing(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    _, msg = await _open(fake, g.moderator_id)
    msg = await _pick(fake, msg, "answer_channel_ids", [g.other_channel_id], g.moderator_id)
    # shorten this wizard's 10 minutes; its next redraw restarts the clock (after the bot has answered)
    running.bot.get_cog("AdminCog").setup_wizards[g.moderator_id].timeout = 0.3
    msg = await _click(fake, msg, "next", g.moderator_id)
    stale = copy.deepcopy(msg)  # what a client that missed the update still shows
    timed_out = await fake.wait_for(lambda r: r.method == "PATCH" and r.path.endswith("/messages/@original")
                                    and "timed out" in (r.json.get("content") or ""), timeout=5)
    assert timed_out.ok and timed_out.json["components"] == []
    assert "nothing was stored" in timed_out.json["content"]
    assert fake.messages[int(msg["id"])]["components"] == []
    # a click from a stale client (the old message) reaches nobody: no answer, nothing stored
    late = await fake.click(stale, _cid(stale, "next"), user_id=g.moderator_id)
    await fake.settle(0.2)
    assert not fake.sent(_callback(late))
    assert await _guild_rows(running) == 0


@pytest.mark.asyncio
async def test_every_step_and_the_form_fit_discords_limits_even_with_many_channels():
    from bot.discord.ui.setup_wizard import NumbersModal, SetupWizard
    from bot.setup_draft import STEPS, SetupDraft, effective_settings
    from tests.bot.discord.fake_discord import validate_message, validate_modal

    many = range(10**18, 10**18 + 40)  # more channels than a menu may preselect
    values, env = effective_settings({}, answer_channel_ids=many, forum_channel_ids=many, mod_channel_id=10**18,
                                     mod_role_id=10**18)
    draft = SetupDraft(values, env)
    draft.set("answer_channel_ids", list(range(2 * 10**18, 2 * 10**18 + 30)))

    async def save(interaction, changes):  # noqa: ANN001, ANN202 - never called here
        raise AssertionError

    wizard = SetupWizard(owner_id=1, draft=draft, save=save, nonce=str(2**63 - 1))
    for step in range(len(STEPS)):
        wizard.step = step
        wizard._render_items()
        body = {"content": wizard.content(), "components": wizard.to_components(), "flags": 64}
        assert validate_message(body) == {}, (STEPS[step], validate_message(body))
    assert validate_modal(NumbersModal(wizard).to_dict()) == {}
    wizard.stop()


@pytest.mark.asyncio
async def test_a_store_that_refuses_the_save_keeps_the_wizard_open_with_nothing_stored(running, monkeypatch):
    from bot.discord.cogs import _setup
    from data.errors import StoreError

    fake: FakeDiscord = running.fake
    mod = fake.guild.moderator_id
    _, msg = await _open(fake, mod)
    msg = await _pick(fake, msg, "answer_channel_ids", [fake.guild.other_channel_id], mod)
    for _ in range(5):
        msg = await _click(fake, msg, "next", mod)

    def busy(*args):  # noqa: ANN002, ANN202
        raise StoreError("the store is busy")

    monkeypatch.setattr(_setup, "set_settings", busy)
    said = await answer_to(fake, await fake.click(msg, _cid(msg, "save"), user_id=mod))
    assert "**Not saved:** the store is busy" in said["content"] and said["components"], said["content"]
    assert await _guild_rows(running) == 0
    monkeypatch.undo()
    msg = fake.messages[int(msg["id"])]
    said = await answer_to(fake, await fake.click(msg, _cid(msg, "save"), user_id=mod))
    assert said["content"].startswith("Saved: answer_channel_ids"), said["content"]
    assert await _guild_rows(running) == 1
