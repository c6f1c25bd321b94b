"""Private follow-up threads over the strict fake: closed with a reason from the thread's button and form (one
closing line pinging nobody, archived and locked, recorded with who and when, a mod-log line without post text),
refused to a member, closed by the clinical role with ``/followup close``, offered after the case is decided, and
removed by retention (the reason blanked, the row kept; a refused deletion kept listed and reported by
``/triage diagnose``)."""

from __future__ import annotations

import discord
import pytest

from data import followups
from data.settings_store import set_setting
from tests.bot.discord.fake_discord import FakeDiscord, Request
from tests.bot.discord.wire import _callback, _in_channel, _review_message, answer_to, eventually

PERSONAL = "my knee has been swelling up every evening for two weeks and I'm worried about it"
REASON = "Advice given; the member will see their GP this week"
NO_PINGS = {"roles": [], "users": [], "everyone": False}


async def _configure(running, **values: object) -> None:
    service = running.bot.service
    for key, value in values.items():
        await service.run(set_setting, service.db, str(running.fake.guild.id), key, value)
    await running.bot.refresh_settings()


async def _record(running, thread_id: int) -> followups.FollowupThread | None:
    return await running.bot.service.run(followups.find_followup, running.app.db, thread_id)


async def _open_followup(running) -> tuple[int, dict, int]:
    """A personal post answered in a private thread: the thread id, its Close control message, and the case."""
    fake: FakeDiscord = running.fake
    g = fake.guild
    await _configure(running, personal_reply_mode="private_thread", clinical_role_id=g.clinical_role_id,
                     mod_log_channel_id=g.modlog_channel_id)
    _, case_id = await _review_message(fake, PERSONAL)
    thread_id = next(t for t, th in fake.threads.items() if th["type"] == 12)
    control = await fake.wait_for(lambda r: _in_channel(thread_id)(r) and f"triage:fu:close:{thread_id}" in str(
        r.json.get("components")))
    assert control.ok and fake.notified(control) == NO_PINGS
    message = next(m for m in fake.messages.values() if f"triage:fu:close:{thread_id}" in str(m["components"]))
    found = await _record(running, thread_id)
    assert found is not None and found.is_open and found.review_item_id == case_id
    return thread_id, message, case_id


def _edited(thread_id: int):  # noqa: ANN202
    return lambda r: r.method == "PATCH" and r.path == f"/channels/{thread_id}"


@pytest.mark.asyncio
async def test_closing_with_a_reason_locks_the_thread_records_who_and_logs_one_line(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, control, case_id = await _open_followup(running)
    click = await fake.click(control, f"triage:fu:close:{thread_id}", user_id=g.moderator_id)
    form = await fake.wait_for(lambda r: _callback(click)(r) and r.json.get("type") == 9)
    assert form.ok and form.json["data"]["custom_id"] == f"triage:fu:reason:{thread_id}:{g.moderator_id}"
    # a second moderator opens the form too, before the first one sends theirs
    click2 = await fake.click(control, f"triage:fu:close:{thread_id}", user_id=g.moderator2_id)
    form2 = await fake.wait_for(lambda r: _callback(click2)(r) and r.json.get("type") == 9)
    submitted = await fake.submit_modal(form.json["data"]["custom_id"], {"triage:fu:reason": REASON},
                                        user_id=g.moderator_id, channel_id=thread_id)
    line = await fake.wait_for(lambda r: _in_channel(thread_id)(r) and "Follow-up closed" in r.json.get("content", ""))
    assert line.ok and REASON in line.json["content"] and f"<@{g.moderator_id}>" in line.json["content"]
    assert fake.notified(line) == NO_PINGS and "knee" not in line.json["content"]
    said = await answer_to(fake, submitted)
    assert said["content"].startswith("Follow-up closed") and said["flags"] & 64
    lock = await fake.wait_for(_edited(thread_id))
    assert lock.ok and lock.json == {"archived": True, "locked": True}
    assert fake.requests.index(line) < fake.requests.index(lock)  # the line goes in before the thread shuts
    meta = fake.threads[thread_id]["thread_metadata"]
    assert meta["archived"] is True and meta["locked"] is True
    record = await _record(running, thread_id)
    assert record is not None and record.state == "closed" and record.close_reason == REASON
    assert record.closed_by == f"discord:{g.moderator_id}" and record.closed_at
    log = await fake.wait_for(_in_channel(g.modlog_channel_id))
    subject, action, who, when = log.json["content"].split(" · ")
    assert (subject, action) == (f"case #{case_id}", "close follow-up") and str(g.moderator_id) in who
    assert when.startswith("<t:") and "knee" not in log.json["content"] and REASON not in log.json["content"]
    assert fake.notified(log) == NO_PINGS
    # the second moderator's form, sent after the first close, says who closed it and changes nothing
    again = await fake.submit_modal(form2.json["data"]["custom_id"], {"triage:fu:reason": "again"},
                                    user_id=g.moderator2_id, channel_id=thread_id)
    said = await answer_to(fake, again)
    assert f"already closed by <@{g.moderator_id}>" in said["content"]
    assert (await _record(running, thread_id)).close_reason == REASON  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_a_member_cannot_close_it(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, control, _ = await _open_followup(running)
    click = await fake.click(control, f"triage:fu:close:{thread_id}", user_id=g.member_id)
    said = await answer_to(fake, click)
    assert said["content"] == "Only moderators or the clinical team can close this follow-up." and said["flags"] & 64
    # (a member never gets the form, and Discord accepts a modal's submission only from the user it was shown to)
    command = await fake.slash("close", command="followup", user_id=g.member_id, channel_id=thread_id,
                               options=[{"name": "reason", "type": 3, "value": "done"}])
    assert "Only moderators" in (await answer_to(fake, command))["content"]
    assert not fake.sent(lambda r: _callback(click)(r) and r.json.get("type") == 9)  # no form for a member
    assert not fake.sent(_edited(thread_id)) and (await _record(running, thread_id)).is_open  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_the_clinical_role_closes_it_with_the_slash_command(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, _, _ = await _open_followup(running)
    command = await fake.slash("close", command="followup", user_id=g.clinician_id, channel_id=thread_id,
                               options=[{"name": "reason", "type": 3, "value": REASON}])
    assert (await answer_to(fake, command))["content"].startswith("Follow-up closed")
    assert (await fake.wait_for(_edited(thread_id))).json == {"archived": True, "locked": True}
    record = await _record(running, thread_id)
    assert record is not None and record.closed_by == f"discord:{g.clinician_id}"
    outside = await fake.slash("close", command="followup", user_id=g.moderator_id,
                               options=[{"name": "reason", "type": 3, "value": REASON}])
    assert "not a follow-up thread" in (await answer_to(fake, outside))["content"]


@pytest.mark.asyncio
async def test_deciding_the_case_offers_to_close_its_thread(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, _, case_id = await _open_followup(running)
    card = next(m for m in fake.messages.values() if m["channel_id"] == str(g.mod_channel_id) and m["components"])
    click = await fake.click(card, f"triage:rv:approve:{case_id}", user_id=g.moderator_id)

    def offer(r: Request) -> bool:
        return r.path.startswith(f"/webhooks/{fake.app_id}/{click['token']}") and \
            f"triage:fu:close:{thread_id}" in str(r.json.get("components"))

    offered = await fake.wait_for(offer)
    assert offered.ok and offered.json["flags"] & 64 and f"Case #{case_id}" in offered.json["content"]


@pytest.mark.asyncio
async def test_retention_deletes_an_old_thread_and_blanks_its_reason(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, _, case_id = await _open_followup(running)
    service = running.bot.service
    await service.run(followups.close_followup, service.db, thread_id, f"discord:{g.moderator_id}", REASON)
    await _configure(running, retention_days=30)
    await service.run(lambda: service.db.execute(
        "UPDATE posts SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = "
        "(SELECT post_id FROM review_items WHERE id = ?)", [case_id]))
    assert await running.bot.review_posts.purge_expired_text() == 1
    deleted = await fake.wait_for(lambda r: r.method == "DELETE" and r.path == f"/channels/{thread_id}")
    assert deleted.ok and thread_id not in fake.threads
    record = await _record(running, thread_id)
    assert record is not None and record.removed_at and record.purged_at and record.close_reason is None
    assert record.closed_by == f"discord:{g.moderator_id}"  # the row stays for counts
    assert await running.bot.review_posts.purge_expired_text() == 0
    assert len(fake.sent(lambda r: r.method == "DELETE" and r.path == f"/channels/{thread_id}")) == 1


@pytest.mark.asyncio
async def test_without_manage_threads_closing_only_archives_and_retention_keeps_the_thread_listed(running):
    fake: FakeDiscord = running.fake
    g = fake.guild
    thread_id, _, case_id = await _open_followup(running)
    granted = int(fake.roles[g.bot_role_id]["permissions"])
    fake.set_role(g.bot_role_id, permissions=granted & ~discord.Permissions(manage_threads=True).value)
    await fake.refresh_guild()
    command = await fake.slash("close", command="followup", user_id=g.moderator_id, channel_id=thread_id,
                               options=[{"name": "reason", "type": 3, "value": REASON}])
    warned = await fake.wait_for(lambda r: r.path.startswith(f"/webhooks/{fake.app_id}/{command['token']}")
                                 and "not locked" in (r.json.get("content") or ""))
    assert "Manage Threads" in warned.json["content"]
    refused, archived = fake.sent(_edited(thread_id))[:2]
    assert refused.error_code == 50013 and archived.ok and archived.json == {"archived": True}
    assert fake.threads[thread_id]["thread_metadata"]["locked"] is False
    # retention: Discord refuses the deletion; the text goes, the row stays listed, and diagnose says what to do
    service = running.bot.service
    await _configure(running, retention_days=30)
    await service.run(lambda: service.db.execute(
        "UPDATE posts SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = "
        "(SELECT post_id FROM review_items WHERE id = ?)", [case_id]))
    await running.bot.review_posts.tick()  # the background loop's round: it must survive the refusal
    assert running.bot.review_posts.failed_steps == []
    record = await _record(running, thread_id)
    assert record is not None and record.removed_at is None and record.close_reason is None
    assert record.removal_error and record.removal_error.startswith("50013") and thread_id in fake.threads
    said = await answer_to(fake, await fake.slash("diagnose", user_id=g.moderator_id))
    assert ("1 follow-up thread(s) past retention could not be removed: give the bot Manage Threads"
            in said["content"]), said["content"]
    assert "missing permission: Manage Threads in #ask-here" in said["content"]
    # once the owner grants it, the next round removes the thread
    fake.set_role(g.bot_role_id, permissions=granted)
    await fake.refresh_guild()
    await running.bot.review_posts.purge_expired_text()
    await eventually(lambda: _removed(running, thread_id), True)
    assert thread_id not in fake.threads


async def _removed(running, thread_id: int) -> bool:
    record = await _record(running, thread_id)
    return record is not None and record.removed_at is not None


@pytest.mark.asyncio
async def test_a_thread_deleted_on_discord_is_recorded_as_gone(running):
    fake: FakeDiscord = running.fake
    thread_id, _, case_id = await _open_followup(running)
    await fake.delete_thread(thread_id)
    await eventually(lambda: _removed(running, thread_id), True)
    offered = await running.bot.service.run(followups.open_followup_for_case, running.app.db, case_id)
    assert offered is None


@pytest.mark.asyncio
async def test_forget_me_deletes_the_members_follow_up_thread(running):
    fake: FakeDiscord = running.fake
    member = fake.guild.member_id
    thread_id, _, _ = await _open_followup(running)
    prompt = await answer_to(fake, await fake.slash("", command="forget-me", user_id=member))
    message = fake._message(fake.guild.answer_channel_id, fake.user(fake.bot_id, bot=True), "Continue?",
                            components=prompt["components"], flags=64)
    await fake.click(message, f"triage:forget:confirm:{member}", user_id=member)
    deleted = await fake.wait_for(lambda r: r.method == "DELETE" and r.path == f"/channels/{thread_id}")
    assert deleted.ok and thread_id not in fake.threads
    await eventually(lambda: _removed(running, thread_id), True)
