"""The audit sample: a random share of confidently handled posts goes to moderators at the lowest priority."""

from __future__ import annotations

import random

import pytest

from classifier.labels import Label
from data.review import Priority
from responses.compose import Reply
from responses.policy import ReplyPlan, ReviewReason, sample_for_audit


class FixedDraw(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value
        self.draws = 0

    def random(self) -> float:
        self.draws += 1
        return self.value


CONFIDENT = ReplyPlan(Reply(Label.GENERAL_INFO, []))
QUEUED = ReplyPlan(Reply(Label.GENERAL_INFO, []), [ReviewReason.LOW_CONFIDENCE], Priority.LOW_CONFIDENCE)
SILENT = ReplyPlan(None)


@pytest.mark.parametrize(("plan", "rate", "draw", "audited", "draws"), [
    (CONFIDENT, 0.03, 0.029, True, 1),    # drawn under the rate: audited
    (CONFIDENT, 0.03, 0.03, False, 1),    # at the rate: not
    (SILENT, 0.03, 0.0, True, 1),         # a silent post is handled confidently too
    (QUEUED, 0.03, 0.0, False, 0),        # already queued by a rule: untouched, no draw
    (CONFIDENT, 0.0, 0.0, False, 0),      # sample off: no draw
])
def test_sample_for_audit(plan, rate, draw, audited, draws):
    rng = FixedDraw(draw)
    out = sample_for_audit(plan, rate, rng)
    assert rng.draws == draws
    if audited:
        assert out.review_reasons == [ReviewReason.AUDIT] and out.priority == Priority.AUDIT == 0
        assert out.reply is plan.reply
    else:
        assert out == plan


def test_seeded_rng_gives_the_expected_share():
    rng = random.Random(7)
    picked = sum(sample_for_audit(CONFIDENT, 0.03, rng).needs_review for _ in range(10_000))
    assert 240 <= picked <= 360  # 3 % of 10,000, within a few standard deviations (binomial sd ~17)
