"""The store at a glance (``/triage stats``): posts, predictions by label, open review items, strong labels."""

from __future__ import annotations

from data import posts as post_store
from data import review
from data.labels import add_label
from data.stats import StoreCounts, store_counts


def _post(db, n: int, label: str | None = None) -> int:  # noqa: ANN001
    record, _new = post_store.record_post(db, face="cli", external_id=f"p{n}", text=f"post {n}")
    if label is not None:
        post_store.record_prediction(db, record.id, model_version="v1", label=label, confidence=0.8,
                                     probabilities={label: 0.8}, red_flags=[])
    return record.id


def test_an_empty_store_counts_nothing(fresh_db):
    assert store_counts(fresh_db) == StoreCounts(posts=0, by_label={}, pending=0, labels=0)


def test_counts_follow_what_the_store_holds(fresh_db):
    ids = [_post(fresh_db, 1, "other"), _post(fresh_db, 2, "general_info"), _post(fresh_db, 3, "general_info"),
           _post(fresh_db, 4)]
    open_item = review.enqueue(fresh_db, post_id=ids[0], reasons=["low_confidence"], priority=1)
    done = review.enqueue(fresh_db, post_id=ids[1], reasons=["low_confidence"], priority=1)
    review.resolve(fresh_db, done.id, "mod:1", {"action": "approve"})
    review.enqueue(fresh_db, post_id=ids[2], reasons=["report"], priority=5)
    add_label(fresh_db, text="post 2", label="general_info", source="moderator")
    add_label(fresh_db, text="post 3", label="other", source="member", strength="weak")
    counts = store_counts(fresh_db)
    assert counts == StoreCounts(posts=4, by_label={"general_info": 2, "other": 1}, pending=2, labels=1)
    assert list(counts.by_label) == ["general_info", "other"]  # most frequent first
    assert open_item.status == "pending"
