"""A store seeded through the real store functions at known dates (an injected clock), with known figures.

Two weeks (Monday 2 March 2026 and Monday 9 March 2026), seven posts, model ``v1`` trained on an even mix:

====  =====  =================  ====  ==========================  ==========================================
post  week   predicted          conf  reply notices               queue and decision
====  =====  =================  ====  ==========================  ==========================================
p1    1      general_info       0.90  (none)                      audit sample, approved after 1 h
p2    1      personal_symptoms  0.80  doctor_referral             claimed after 30 min, approved after 2 h
p3    1      general_info       0.40  low_confidence, no_match    relabelled personal_symptoms after 3 h
p4    1      other              0.95  (silent)                    emergency, claimed 5 min, dismissed 10 min
p5    2      research_help      0.70  research_pointers           not queued; "Helpful"
p6    2      general_info       0.60  no_match                    "Not helpful" -> queued, still pending
p7    2      general_info       0.55  (none)                      not queued; "Helpful"
====  =====  =================  ====  ==========================  ==========================================
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.moderation import Action, Moderator, decide, report_reply
from data import model_versions, review
from data import posts as post_store
from data.audit import audit
from data.clock import use_clock

__all__ = ["seed_store", "WEEK1", "WEEK2", "REPORT_NOW"]

WEEK1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK2 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
#: when the report is made: Saturday of week 2
REPORT_NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
MOD = Moderator("discord:42", "discord:7")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def _post(db: Database, clock: Clock, when: datetime, n: int, text: str, label: str, conf: float,
          notices: list[str] | None, *, queue: tuple[list[str], int] | None = None) -> tuple[int, int | None]:
    clock.at = when
    record, _ = post_store.record_post(db, face="discord", external_id=f"m{n}", text=text, author_id=f"u{n}")
    post_store.record_prediction(db, record.id, model_version="v1", label=label, confidence=conf,
                                 probabilities={label: conf}, red_flags=[])
    if notices is not None:
        post_store.record_reply(db, record.id, content="(reply)", notices=notices, passage_ids=[])
    item_id = None
    if queue is not None:
        item = review.enqueue(db, post_id=record.id, reasons=queue[0], priority=queue[1], label=label,
                              confidence=conf, model_version="v1")
        item_id = item.id
    return record.id, item_id


def seed_store(db: Database) -> None:
    clock = Clock(WEEK1 - timedelta(days=30))
    with use_clock(clock):
        model_versions.register_version(
            db, version="v1", path="v1.skops", sha256="0" * 64, n_seed=100, n_labels=0,
            metrics={"label_counts": {"research_help": 25, "personal_symptoms": 25, "general_info": 25,
                                      "other": 25}},
            thresholds={"*": 0.5}, status="current")

        _, i1 = _post(db, clock, WEEK1, 1, "What does a physiotherapist do after knee surgery?", "general_info",
                      0.9, [], queue=(["audit"], review.Priority.AUDIT))
        _, i2 = _post(db, clock, WEEK1 + timedelta(hours=1), 2, "My shoulder has ached for a week after lifting.",
                      "personal_symptoms", 0.8, ["doctor_referral"], queue=(["personal_symptoms"], 40))
        _, i3 = _post(db, clock, WEEK1 + timedelta(hours=2), 3,
                      "Which vitamins help tendon healing? Mine has hurt since March, email me at a.b@example.org",
                      "general_info", 0.4, ["low_confidence", "no_match"], queue=(["low_confidence"], 30))
        _, i4 = _post(db, clock, WEEK1 + timedelta(hours=3), 4, "Chest pain spreading to my arm right now",
                      "other", 0.95, None, queue=(["emergency"], review.Priority.EMERGENCY))

        clock.at = WEEK1 + timedelta(hours=1)
        decide(db, i1, Action.APPROVE, MOD)
        clock.at = WEEK1 + timedelta(hours=1, minutes=30)
        review.claim(db, i2, MOD.actor)
        clock.at = WEEK1 + timedelta(hours=3)
        decide(db, i2, Action.APPROVE, MOD)
        clock.at = WEEK1 + timedelta(hours=5)
        decide(db, i3, Action.RELABEL, MOD, label="personal_symptoms")
        clock.at = WEEK1 + timedelta(hours=3, minutes=5)
        review.claim(db, i4, MOD.actor)
        clock.at = WEEK1 + timedelta(hours=3, minutes=10)
        decide(db, i4, Action.DISMISS, MOD)

        p5, _ = _post(db, clock, WEEK2, 5, "Where can I find studies on grip strength in older adults?",
                      "research_help", 0.7, ["research_pointers"])
        p6, _ = _post(db, clock, WEEK2 + timedelta(hours=1), 6, "Which vitamins help tendon healing faster?",
                      "general_info", 0.6, ["no_match"])
        p7, _ = _post(db, clock, WEEK2 + timedelta(hours=2), 7, "How long does a sprained ankle take to heal?",
                      "general_info", 0.55, [])
        clock.at = WEEK2 + timedelta(hours=4)
        audit(db, "member:u5", "feedback.helpful", "post", p5)
        clock.at = WEEK2 + timedelta(hours=5)
        report_reply(db, p6, "u6", "not_helpful", "wrong_article")
        clock.at = WEEK2 + timedelta(hours=6)
        audit(db, "member:u7", "feedback.helpful", "post", p7)
