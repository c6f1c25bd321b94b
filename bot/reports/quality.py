"""Live quality from moderators' decisions: precision per label and model version, referral coverage, and how
fast emergencies get a moderator.

A decision that names a label is a verdict on the prediction: *approve* (or a relabel to the same label) says the
predicted label was right; a relabel to another label says it was wrong, and counts as a *miss* for the label
chosen. Items drawn by the audit sample (reason ``audit``) are counted on their own as well: the queue's other
items are the uncertain posts, so precision over them alone is biased low.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from bot.reports.timeutil import seconds_between, summarise_seconds, week_of
from classifier.labels import Label
from data.review import Priority
from data.stats import DecisionRow, ReviewTiming
from responses.policy import ReviewReason

__all__ = ["precision_table", "precision_by_week", "referral_coverage", "emergency_response", "REFERRAL_NOTICES"]

#: Reply notices that send a member to a doctor (the urgent ones do so more strongly).
REFERRAL_NOTICES = frozenset({"doctor_referral", "urgent", "urgent_care"})


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def precision_table(rows: Sequence[DecisionRow]) -> list[dict[str, Any]]:
    """One row per (model version, label) that has a verdict or a miss, in a stable order."""
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"right": 0, "wrong": 0, "missed": 0, "audit_right": 0, "audit_wrong": 0})
    for row in rows:
        version = row.model_version or "unknown"
        audit = ReviewReason.AUDIT in row.reasons
        cell = cells[(version, row.predicted)]
        if row.decided == row.predicted:
            cell["right"] += 1
            cell["audit_right"] += audit
        else:
            cell["wrong"] += 1
            cell["audit_wrong"] += audit
            cells[(version, row.decided)]["missed"] += 1
    order = {str(label): i for i, label in enumerate(Label)}
    out = []
    for (version, label), c in sorted(cells.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99), kv[0][1])):
        out.append({"model_version": version, "label": label, **c,
                    "precision": _ratio(c["right"], c["right"] + c["wrong"]),
                    "audit_precision": _ratio(c["audit_right"], c["audit_right"] + c["audit_wrong"])})
    return out


def precision_by_week(rows: Sequence[DecisionRow], weeks: Sequence[str]) -> dict[str, dict[str, float | None]]:
    """Precision per predicted label for each week the items were queued in (all model versions together)."""
    counts: dict[str, dict[str, list[int]]] = {w: defaultdict(lambda: [0, 0]) for w in weeks}
    for row in rows:
        week = week_of(row.created_at)
        if week in counts:
            cell = counts[week][row.predicted]
            cell[0] += row.decided == row.predicted
            cell[1] += 1
    return {w: {str(label): _ratio(*counts[w][str(label)]) if str(label) in counts[w] else None for label in Label}
            for w in weeks}


def referral_coverage(rows: Sequence[DecisionRow]) -> dict[str, Any]:
    """Of the posts moderators confirmed as personal symptoms, how many replies sent the member to a doctor.

    A silent post (no reply) counts as not covered: it is exactly the case the referral exists for.
    """
    confirmed = [r for r in rows if r.decided == Label.PERSONAL_SYMPTOMS]
    covered = sum(bool(REFERRAL_NOTICES & set(r.reply_notices)) for r in confirmed)
    return {"confirmed_personal": len(confirmed), "covered": covered,
            "coverage": _ratio(covered, len(confirmed)),
            "uncovered_cases": [r.item_id for r in confirmed if not REFERRAL_NOTICES & set(r.reply_notices)][:20]}


def emergency_response(items: Sequence[ReviewTiming], until: str) -> dict[str, Any]:
    """Time from an emergency being queued to the first moderator action (claim or decision)."""
    emergencies = [i for i in items if ReviewReason.EMERGENCY in i.reasons or i.priority >= Priority.EMERGENCY]
    acted = [seconds_between(i.created_at, i.first_action_at) for i in emergencies if i.first_action_at]
    waiting = [seconds_between(i.created_at, until) for i in emergencies if not i.first_action_at]
    return {"items": len(emergencies), "time_to_first_action": summarise_seconds(acted),
            "waiting": len(waiting), "longest_wait_s": round(max(waiting), 1) if waiting else None}
