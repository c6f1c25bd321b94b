"""How the service is doing for members: the helpful rate from the buttons, the queue's size over time, and how
long items wait for a first moderator action and for a resolution, per priority."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.reports.timeutil import parse_ts, seconds_between, summarise_seconds, week_of
from data.review import Priority
from data.stats import FeedbackRow, ReviewTiming

__all__ = ["helpful_rate", "helpful_by_week", "queue_size", "response_times", "priority_name"]

_PRIORITY_NAMES = {value: name.lower() for name, value in vars(Priority).items()
                   if name.isupper() and isinstance(value, int)}


def priority_name(priority: int) -> str:
    return _PRIORITY_NAMES.get(priority, f"p{priority}")


def _rate(helpful: int, not_helpful: int) -> float | None:
    total = helpful + not_helpful
    return round(helpful / total, 4) if total else None


def helpful_rate(rows: Sequence[FeedbackRow]) -> dict[str, Any]:
    """Helpful presses over helpful + not-helpful presses; reports are counted beside it."""
    counts = Counter(r.kind for r in rows)
    return {"helpful": counts["helpful"], "not_helpful": counts["not_helpful"], "reports": counts["report"],
            "rate": _rate(counts["helpful"], counts["not_helpful"])}


def helpful_by_week(rows: Sequence[FeedbackRow], weeks: Sequence[str]) -> list[dict[str, Any]]:
    per_week: dict[str, Counter[str]] = {w: Counter() for w in weeks}
    for row in rows:
        week = week_of(row.at)
        if week in per_week:
            per_week[week][row.kind] += 1
    return [{"week": w, "helpful": c["helpful"], "not_helpful": c["not_helpful"],
             "rate": _rate(c["helpful"], c["not_helpful"])} for w, c in per_week.items()]


def queue_size(items: Sequence[ReviewTiming], moments: Sequence[datetime]) -> list[dict[str, Any]]:
    """Open items (queued, not yet resolved) at each moment: sorted event times, two binary searches a moment."""
    opened = sorted(parse_ts(i.created_at) for i in items)
    closed = sorted(parse_ts(i.resolved_at) for i in items if i.resolved_at)
    return [{"at": m.isoformat(), "open": bisect_right(opened, m) - bisect_right(closed, m)} for m in moments]


def response_times(items: Sequence[ReviewTiming], since: str) -> dict[str, dict[str, Any]]:
    """Per priority (most urgent first), over items queued in the period: time to the first moderator action and
    to resolution, and how many are still open."""
    groups: dict[int, list[ReviewTiming]] = {}
    for item in items:
        if item.created_at >= since:
            groups.setdefault(item.priority, []).append(item)
    out = {}
    for priority in sorted(groups, reverse=True):
        group = groups[priority]
        out[priority_name(priority)] = {
            "priority": priority,
            "items": len(group),
            "open": sum(i.resolved_at is None for i in group),
            "first_action": summarise_seconds(seconds_between(i.created_at, i.first_action_at)
                                              for i in group if i.first_action_at),
            "resolution": summarise_seconds(seconds_between(i.created_at, i.resolved_at)
                                            for i in group if i.resolved_at),
        }
    return out
