"""The state enums and the store's CHECK triggers agree, and a value outside them is refused."""

from __future__ import annotations

import sqlite3

import pytest

from data import posts as post_store
from data.migrations import _STATES_V1, _STATES_V2
from data.states import ALLOWED, PostStatus, ReplyStatus


def test_the_enums_are_exactly_what_the_store_allows():
    assert {key: tuple(member.value for member in enum) for key, enum in ALLOWED.items()} == {**_STATES_V1,
                                                                                              **_STATES_V2}


def test_a_state_outside_the_enum_is_refused_on_update_and_insert(fresh_db):
    record, _ = post_store.record_post(fresh_db, face="cli", external_id="s1", text="a post")
    post_store.set_post_status(fresh_db, record.id, PostStatus.ANSWERED)
    with pytest.raises(sqlite3.IntegrityError, match="posts.status"):
        post_store.set_post_status(fresh_db, record.id, "answred")
    assert post_store.get_post(fresh_db, record.id).status == PostStatus.ANSWERED
    with pytest.raises(sqlite3.IntegrityError, match="replies.status"):
        fresh_db.table("replies").insert({"post_id": record.id, "content": "x", "status": "mailed",
                                          "created_at": "now", "updated_at": "now"})


def test_every_reply_state_is_accepted(fresh_db):
    record, _ = post_store.record_post(fresh_db, face="cli", external_id="s2", text="a post")
    reply_id = post_store.record_reply(fresh_db, record.id, content="a reply", notices=[], passage_ids=[])
    for status in ReplyStatus:
        post_store.set_reply_status(fresh_db, reply_id, status)
