from __future__ import annotations

import threading

import pytest

from data import posts, review
from data.errors import AlreadyHandled
from data.review import Priority, ReviewFilter


def _post(db, n=1):
    record, _ = posts.record_post(db, face="test", external_id=f"m{n}", text=f"post {n}", author_id="u1")
    return record.id


def test_queue_orders_by_priority_then_age(fresh_db):
    low = review.enqueue(fresh_db, post_id=_post(fresh_db, 1), reasons=["low_confidence"],
                         priority=Priority.LOW_CONFIDENCE)
    urgent = review.enqueue(fresh_db, post_id=_post(fresh_db, 2), reasons=["emergency"], priority=Priority.EMERGENCY)
    personal = review.enqueue(fresh_db, post_id=_post(fresh_db, 3), reasons=["personal_symptoms"],
                              priority=Priority.PERSONAL)
    assert [i.id for i in review.list_items(fresh_db)] == [urgent.id, personal.id, low.id]


def test_enqueue_twice_for_one_post_merges_reasons(fresh_db):
    pid = _post(fresh_db)
    a = review.enqueue(fresh_db, post_id=pid, reasons=["personal_symptoms"], priority=Priority.PERSONAL)
    b = review.enqueue(fresh_db, post_id=pid, reasons=["reported"], priority=Priority.REPORTED)
    assert a.id == b.id
    assert set(b.reasons) == {"personal_symptoms", "reported"} and b.priority == Priority.REPORTED


def test_second_decision_on_same_version_fails_with_who_won(fresh_db):
    item = review.enqueue(fresh_db, post_id=_post(fresh_db), reasons=["x"], priority=1)
    review.resolve(fresh_db, item.id, "mod:alice", {"action": "approve"}, expected_version=item.version)
    with pytest.raises(AlreadyHandled) as err:
        review.resolve(fresh_db, item.id, "mod:bob", {"action": "dismiss"}, expected_version=item.version)
    assert "mod:alice" in str(err.value)
    actions = [e["action"] for e in review.history(fresh_db, item.id)]
    assert actions == ["queued", "approve"]


def test_claim_blocks_other_moderators(fresh_db):
    item = review.enqueue(fresh_db, post_id=_post(fresh_db), reasons=["x"], priority=1)
    review.claim(fresh_db, item.id, "mod:alice")
    with pytest.raises(AlreadyHandled, match="claimed by mod:alice"):
        review.resolve(fresh_db, item.id, "mod:bob", {"action": "approve"})
    done = review.resolve(fresh_db, item.id, "mod:alice", {"action": "approve"})
    assert done.status == "resolved" and done.resolved_by == "mod:alice"


def test_concurrent_decisions_exactly_one_wins(file_db):
    item = review.enqueue(file_db, post_id=_post(file_db), reasons=["x"], priority=1)
    results: list[str] = []
    barrier = threading.Barrier(8)

    def decide(n: int) -> None:
        barrier.wait()
        try:
            review.resolve(file_db, item.id, f"mod:{n}", {"action": "approve"}, expected_version=item.version)
            results.append("won")
        except AlreadyHandled:
            results.append("lost")

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 1 and results.count("lost") == 7


def test_filters(fresh_db):
    a = review.enqueue(fresh_db, post_id=_post(fresh_db, 1), reasons=["x"], priority=1, label="general_info",
                       confidence=0.3, model_version="v1")
    review.enqueue(fresh_db, post_id=_post(fresh_db, 2), reasons=["x"], priority=1, label="personal_symptoms",
                   confidence=0.9, model_version="v2")
    assert [i.id for i in review.list_items(fresh_db, ReviewFilter(label="general_info"))] == [a.id]
    assert [i.id for i in review.list_items(fresh_db, ReviewFilter(max_confidence=0.5))] == [a.id]
    assert [i.id for i in review.list_items(fresh_db, ReviewFilter(model_version="v1"))] == [a.id]
    assert review.list_items(fresh_db, ReviewFilter(status=["resolved"])) == []


def test_concurrent_decisions_from_separate_connections_exactly_one_wins(tmp_path):
    """Two processes (say the bot and `triage review`) deciding the same case: the version check picks one."""
    from data.db import open_db

    path = tmp_path / "shared.db"
    setup = open_db(path)
    item = review.enqueue(setup, post_id=_post(setup), reasons=["x"], priority=1)
    setup.close()
    results: list[str] = []
    barrier = threading.Barrier(4)

    def decide(n: int) -> None:
        db = open_db(path)
        barrier.wait()
        try:
            review.resolve(db, item.id, f"mod:{n}", {"action": "approve"}, expected_version=item.version)
            results.append("won")
        except AlreadyHandled:
            results.append("lost")
        finally:
            db.close()

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost", "lost", "lost", "won"]
