"""Drift: is this week's traffic still like what the model learned from?

Four weekly signals, each with a bar (:class:`DriftBars`): the label mix against the training mix (a chi-square
goodness-of-fit test), the share of posts below their label's confidence threshold, the mean top probability,
and the share of word tokens the model's vocabulary does not know. A week that crosses a bar raises an alert;
weeks with too few posts for the test are reported without one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from scipy.stats import chisquare

from bot.reports.timeutil import week_of
from classifier.labels import Label
from classifier.model import DEFAULT_THRESHOLD
from classifier.text import clean_text
from data.stats import PredictionRow

__all__ = ["DriftBars", "Vocabulary", "weekly_drift", "drift_alerts", "threshold_for"]


@dataclass(frozen=True)
class DriftBars:
    """Where a weekly signal becomes an alert. Defaults are product choices, not fitted values."""

    #: chi-square p-value below which the week's label mix differs from the training mix ...
    p_value: float = 0.001
    #: ... by at least this much in one label's share (with hundreds of posts a week any difference is
    #: "significant"; this keeps the alert for a shift a moderator would care about)
    share_shift: float = 0.10
    #: fewest posts in a week before the label-mix test and the alerts count at all
    min_posts: int = 30
    below_threshold_share: float = 0.35
    mean_top_probability: float = 0.60
    oov_share: float = 0.30


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default word token


@dataclass(frozen=True)
class Vocabulary:
    """The word unigrams a model knows; ``oov(texts)`` counts the tokens it does not."""

    words: frozenset[str]

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> Vocabulary | None:
        """The word vocabulary of a fitted Triage pipeline (its ``words`` TF-IDF), or None if it has none."""
        try:
            features = pipeline.named_steps["features"]
            words = dict(features.transformer_list)["words"]
            vocabulary = words.vocabulary_
        except (AttributeError, KeyError, TypeError):
            return None
        return cls(frozenset(term for term in vocabulary if " " not in term))

    def count(self, text: str) -> tuple[int, int]:
        """(unknown tokens, all tokens) of one post, as the model's word features would see it."""
        tokens = _TOKEN.findall(clean_text(text).lower())
        return sum(t not in self.words for t in tokens), len(tokens)


def threshold_for(thresholds: Mapping[str, float], label: str) -> float:
    """The confidence bar of ``label`` under a version's thresholds (as ``TriageModel.threshold_for``)."""
    return float(thresholds.get(label, thresholds.get("*", DEFAULT_THRESHOLD)))


def _label_test(counts: Counter[str], training_mix: Mapping[str, int] | None, n: int,
                bars: DriftBars) -> tuple[float | None, float | None]:
    if not training_mix or n < bars.min_posts:
        return None, None
    labels = [label for label in training_mix if training_mix[label] > 0]
    total = sum(training_mix[label] for label in labels)
    observed = [counts.get(label, 0) for label in labels]
    n_known = sum(observed)
    if n_known == 0 or len(labels) < 2:
        return None, None
    expected = [training_mix[label] / total * n_known for label in labels]
    stat, p = chisquare(observed, expected)
    return round(float(stat), 3), float(f"{float(p):.4g}")


def weekly_drift(
    rows: Sequence[PredictionRow],
    weeks: Sequence[str],
    *,
    training_mix: Mapping[str, int] | None,
    thresholds: Mapping[str, Mapping[str, float]],
    texts: Mapping[int, str] | None = None,
    vocabulary: Vocabulary | None = None,
    bars: DriftBars | None = None,
) -> list[dict[str, Any]]:
    """One entry per week: posts, label counts and shares, chi-square against the training mix, share below
    threshold, mean top probability and (with a vocabulary and texts) the out-of-vocabulary share."""
    bars = bars or DriftBars()
    by_week: dict[str, list[PredictionRow]] = {w: [] for w in weeks}
    for row in rows:
        week = week_of(row.created_at)
        if week in by_week:
            by_week[week].append(row)
    out = []
    for week, group in by_week.items():
        n = len(group)
        counts = Counter(r.label for r in group)
        below = sum(r.confidence < threshold_for(thresholds.get(r.model_version, {}), r.label) for r in group)
        stat, p = _label_test(counts, training_mix, n, bars)
        shift = None
        if training_mix and n:
            total_training = sum(training_mix.values()) or 1
            shift = round(max(abs(counts.get(str(label), 0) / n - training_mix.get(str(label), 0) / total_training)
                              for label in Label), 4)
        oov = None
        if vocabulary is not None and texts is not None:
            unknown = total = 0
            for r in group:
                if r.post_id in texts:
                    u, t = vocabulary.count(texts[r.post_id])
                    unknown += u
                    total += t
            oov = round(unknown / total, 4) if total else None
        out.append({
            "week": week,
            "posts": n,
            "labels": {str(label): counts.get(str(label), 0) for label in Label},
            "label_share": {str(label): round(counts.get(str(label), 0) / n, 4) if n else None for label in Label},
            "chi2": stat,
            "p_value": p,
            "share_shift": shift,
            "below_threshold_share": round(below / n, 4) if n else None,
            "mean_top_probability": round(sum(r.confidence for r in group) / n, 4) if n else None,
            "oov_share": oov,
        })
    return out


def drift_alerts(weeks: Iterable[Mapping[str, Any]], bars: DriftBars | None = None) -> list[dict[str, Any]]:
    """Every signal that crosses its bar in a week with enough posts, with a message fit for moderators."""
    bars = bars or DriftBars()
    checks: list[tuple[str, Callable[[Any], bool], Callable[[Any], str]]] = [
        ("label_mix", lambda w: w["p_value"] is not None and w["p_value"] < bars.p_value
         and (w.get("share_shift") or 0) >= bars.share_shift,
         lambda w: f"the label mix differs from the training mix (one label's share moved by "
                   f"{w['share_shift']:.0%}; chi-square {w['chi2']}, p = {w['p_value']:.2g})"),
        ("below_threshold_share", lambda w: (w["below_threshold_share"] or 0) > bars.below_threshold_share,
         lambda w: f"{w['below_threshold_share']:.0%} of posts were below their label's confidence threshold "
                   f"(bar {bars.below_threshold_share:.0%})"),
        ("mean_top_probability", lambda w: w["mean_top_probability"] is not None
         and w["mean_top_probability"] < bars.mean_top_probability,
         lambda w: f"the mean top probability fell to {w['mean_top_probability']:.2f} "
                   f"(bar {bars.mean_top_probability:.2f})"),
        ("oov_share", lambda w: (w["oov_share"] or 0) > bars.oov_share,
         lambda w: f"{w['oov_share']:.0%} of words are unknown to the model (bar {bars.oov_share:.0%})"),
    ]
    alerts = []
    for week in weeks:
        if week["posts"] < bars.min_posts:
            continue
        for signal, crossed, message in checks:
            if crossed(week):
                alerts.append({"week": week["week"], "signal": signal,
                               "message": f"Week of {week['week']}: {message(week)}."})
    return alerts


def bars_json(bars: DriftBars) -> dict[str, Any]:
    return asdict(bars)
