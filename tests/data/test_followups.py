"""Follow-up threads in the store: opened, closed once with a reason (who and when audited, never the reason),
purged by retention with the row kept, and listed until Discord lets the bot delete them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from data import followups, review
from data import posts as post_store
from data.errors import FollowupClosed, NotFound, ReasonRequired
from data.privacy import forget_member, purge_expired
from data.states import FollowupState


def _post(db, n: int, *, days_old: int = 0, author: str = "m1") -> int:
    record, _ = post_store.record_post(db, face="discord", external_id=f"p{n}", text=f"my knee hurts, post {n}",
                                       author_id=author)
    if days_old:
        when = (datetime.now(UTC) - timedelta(days=days_old)).isoformat()
        db.execute("UPDATE posts SET created_at = ? WHERE id = ?", [when, record.id])
    return record.id


def test_opening_links_the_posts_case_and_is_recorded_once(fresh_db):
    post_id = _post(fresh_db, 1)
    case = review.enqueue(fresh_db, post_id=post_id, reasons=["personal"], priority=40)
    first = followups.record_opened(fresh_db, 111, guild_id="9", post_id=post_id)
    again = followups.record_opened(fresh_db, "111", guild_id="9", post_id=post_id)
    assert first == again and first.review_item_id == case.id and first.is_open
    assert followups.open_followup_for_case(fresh_db, case.id) == first
    later = review.enqueue(fresh_db, post_id=post_id, reasons=["reported"], priority=60)
    assert followups.open_followup_for_case(fresh_db, later.id) == first  # a later case about the same post


def test_closing_needs_a_reason_happens_once_and_audits_no_reason_text(fresh_db):
    post_id = _post(fresh_db, 1)
    followups.record_opened(fresh_db, 5, guild_id="9", post_id=post_id)
    with pytest.raises(ReasonRequired):
        followups.close_followup(fresh_db, 5, "discord:1", "   ")
    closed = followups.close_followup(fresh_db, 5, "discord:1", "  advice given,\n  knee   checked by GP ")
    assert closed.state is FollowupState.CLOSED and closed.closed_by == "discord:1" and closed.closed_at
    assert closed.close_reason == "advice given, knee checked by GP"
    with pytest.raises(FollowupClosed) as again:
        followups.close_followup(fresh_db, 5, "discord:2", "twice")
    assert again.value.by == "discord:1" and not again.value.removed
    with pytest.raises(NotFound):
        followups.close_followup(fresh_db, 6, "discord:1", "not a follow-up")
    audit = fresh_db.execute("SELECT actor, detail FROM audit_log WHERE action = 'followup.close'").fetchall()
    assert [a for a, _ in audit] == ["discord:1"] and "knee" not in audit[0][1]
    assert json.loads(audit[0][1])["post"] == post_id


def test_an_unknown_state_is_refused(fresh_db):
    followups.record_opened(fresh_db, 7, guild_id="9", post_id=_post(fresh_db, 1))
    with pytest.raises(sqlite3.IntegrityError, match="followup_threads.state"):
        fresh_db.execute("UPDATE followup_threads SET state = 'archived' WHERE thread_id = '7'")


def test_retention_blanks_the_reason_keeps_the_row_and_lists_the_thread_until_removed(fresh_db):
    old = followups.record_opened(fresh_db, 21, guild_id="9", post_id=_post(fresh_db, 1, days_old=200))
    followups.close_followup(fresh_db, 21, "discord:1", "knee pain settled")
    still_open = followups.record_opened(fresh_db, 22, guild_id="9", post_id=_post(fresh_db, 2, days_old=200))
    recent = followups.record_opened(fresh_db, 23, guild_id="9", post_id=_post(fresh_db, 3))
    report = purge_expired(fresh_db, timedelta(days=90))
    assert report.followups == 2 and report.followup_threads == ["21", "22"]
    purged = followups.get_followup(fresh_db, old.thread_id)
    assert purged.close_reason is None and purged.purged_at and purged.closed_by == "discord:1"
    retired = followups.get_followup(fresh_db, still_open.thread_id)
    assert retired.state is FollowupState.CLOSED and retired.closed_by == followups.RETENTION_ACTOR
    assert followups.get_followup(fresh_db, recent.thread_id).is_open
    followups.mark_removal_failed(fresh_db, 21, "50013 Missing Permissions")
    followups.mark_removed(fresh_db, 22)
    assert followups.removal_failures(fresh_db) == 1
    again = purge_expired(fresh_db, timedelta(days=90))  # the refused one is offered again, nothing re-purged
    assert again.followups == 0 and again.followup_threads == ["21"]
    followups.mark_removed(fresh_db, 21)
    assert followups.removal_failures(fresh_db) == 0 and followups.due_for_removal(fresh_db) == []
    assert fresh_db.execute("SELECT COUNT(*) FROM followup_threads").fetchone()[0] == 3
    with pytest.raises(FollowupClosed) as gone:
        followups.close_followup(fresh_db, 21, "discord:1", "late")
    assert gone.value.removed


def test_forget_me_purges_the_members_threads_at_once(fresh_db):
    mine = followups.record_opened(fresh_db, 31, guild_id="9", post_id=_post(fresh_db, 1, author="m1"))
    followups.close_followup(fresh_db, 31, "discord:1", "knee pain settled")
    other = followups.record_opened(fresh_db, 32, guild_id="9", post_id=_post(fresh_db, 2, author="m2"))
    report = forget_member(fresh_db, "m1", "member:m1")
    assert report.followup_threads == ["31"]
    gone = followups.get_followup(fresh_db, mine.thread_id)
    assert gone.close_reason is None and gone.post_id is None and gone.purged_at
    assert followups.get_followup(fresh_db, other.thread_id).is_open
