"""Every figure of the moderators' report, computed from the store for one period: a plain JSON-able dict.

The charts, the HTML page, the Discord digest and ``triage report --json`` all render this one dict, so what a
moderator reads in each place is the same number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.reports import drift, gaps, quality, service_figures
from bot.reports.timeutil import days_between, weeks_between
from data import model_versions, stats
from data.clock import now
from responses.retrieval import MIN_SCORE

__all__ = ["ReportOptions", "build_report", "default_since", "DEFAULT_WEEKS"]

#: The period a report covers when no start is given.
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class ReportOptions:
    """What the report needs from outside the store. Each part is optional: the figure it feeds is left out."""

    vocabulary: drift.Vocabulary | None = None
    closest_article: gaps.ArticleFinder | None = None
    training_mix: Mapping[str, int] | None = None
    bars: drift.DriftBars = drift.DriftBars()
    min_score: float = MIN_SCORE


def default_since(until: datetime) -> datetime:
    return until - timedelta(weeks=DEFAULT_WEEKS)


def build_report(db: Database, since: datetime | None = None, until: datetime | None = None,
                 options: ReportOptions | None = None) -> dict[str, Any]:
    """The report for ``[since, until)`` (default: the last :data:`DEFAULT_WEEKS` weeks up to now)."""
    options = options or ReportOptions()
    until = until or now()
    since = since or default_since(until)
    if since >= until:
        raise ValueError(f"the report's start ({since.date()}) must be before its end ({until.date()})")
    lo, hi = since.isoformat(), until.isoformat()
    weeks = weeks_between(since, until)
    current = model_versions.current_version(db)

    predictions = stats.predictions(db, lo, hi)
    decisions = stats.decisions(db, lo, hi)
    timings = stats.review_timings(db, lo, hi)
    feedback = stats.feedback(db, lo, hi)

    training_mix = options.training_mix
    if training_mix is None and current is not None:
        training_mix = stats.training_mix(db, current.version)
    texts = stats.post_texts(db, lo, hi) if options.vocabulary is not None else None
    weekly = drift.weekly_drift(predictions, weeks, training_mix=training_mix,
                                thresholds=stats.model_thresholds(db), texts=texts, vocabulary=options.vocabulary,
                                bars=options.bars)
    return {
        "period": {"since": lo, "until": hi, "weeks": weeks},
        "model_version": None if current is None else current.version,
        "posts": len(predictions),
        "quality": {
            "decisions": len(decisions),
            "audited": sum("audit" in d.reasons for d in decisions),
            "precision": quality.precision_table(decisions),
            "precision_by_week": quality.precision_by_week(decisions, weeks),
            "referral_coverage": quality.referral_coverage(decisions),
            "emergency_response": quality.emergency_response(timings, hi),
        },
        "drift": {
            "training_mix": None if training_mix is None else dict(training_mix),
            "bars": drift.bars_json(options.bars),
            "weeks": weekly,
            "alerts": drift.drift_alerts(weekly, options.bars),
        },
        "content_gaps": gaps.content_gaps(stats.content_gap_posts(db, lo, hi), options.closest_article,
                                          options.min_score),
        "service": {
            "helpful": service_figures.helpful_rate(feedback),
            "helpful_by_week": service_figures.helpful_by_week(feedback, weeks),
            "queue_size": service_figures.queue_size(timings, days_between(since, until)),
            "response_times": service_figures.response_times(timings, lo),
        },
    }
