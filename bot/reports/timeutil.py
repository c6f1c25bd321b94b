"""Weeks, days and durations over the store's ISO timestamps (UTC)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import numpy as np

__all__ = ["parse_ts", "week_of", "weeks_between", "days_between", "seconds_between", "summarise_seconds"]


def parse_ts(value: str) -> datetime:
    """A stored timestamp (or a plain date) as an aware UTC datetime."""
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def week_of(value: str | datetime) -> str:
    """The Monday (ISO date) of the week a timestamp falls in: the key of every weekly figure."""
    moment = parse_ts(value) if isinstance(value, str) else value
    day = moment.date()
    return (day - timedelta(days=day.weekday())).isoformat()


def weeks_between(since: datetime, until: datetime) -> list[str]:
    """Every week key from the week of ``since`` to the week of the last instant before ``until``."""
    first = date.fromisoformat(week_of(since))
    last = date.fromisoformat(week_of(until - timedelta(microseconds=1)))
    out = []
    while first <= last:
        out.append(first.isoformat())
        first += timedelta(days=7)
    return out


def days_between(since: datetime, until: datetime) -> list[datetime]:
    """Midnights (UTC) after ``since`` up to ``until``, then ``until`` itself: where queue size is sampled."""
    start = datetime.combine(since.date(), datetime.min.time(), tzinfo=UTC)
    if start <= since:
        start += timedelta(days=1)
    out = []
    while start < until:
        out.append(start)
        start += timedelta(days=1)
    out.append(until)
    return out


def seconds_between(start: str, end: str) -> float:
    return (parse_ts(end) - parse_ts(start)).total_seconds()


def summarise_seconds(values: Iterable[float]) -> dict[str, float | int | None]:
    """Count, median, 90th percentile (linear) and maximum of durations, rounded to a tenth of a second."""
    data = sorted(values)
    if not data:
        return {"n": 0, "median_s": None, "p90_s": None, "max_s": None}
    arr = np.asarray(data, dtype=float)
    return {"n": len(data), "median_s": round(float(np.median(arr)), 1),
            "p90_s": round(float(np.percentile(arr, 90)), 1), "max_s": round(float(arr[-1]), 1)}
