"""Retraining from moderator labels, promoted only if it is not worse.

The candidate trains on the shipped seed posts plus a stratified part of the labels; the candidate and the
current model are then measured on the *same* held-out labels (never on the seed, which both have seen or
which says nothing about this community). The candidate is promoted only if its macro-F1 and its
personal-symptoms recall are not worse than the current model's, within configurable margins. Anything that
fails on the way leaves the current model exactly as it was.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.model_selection import train_test_split
from sqlite_utils import Database

from classifier.errors import TrainingError
from classifier.evaluate import EvalReport, evaluate_model
from classifier.examples import Example
from classifier.labels import Label
from classifier.model import TriageModel
from classifier.registry import ModelRegistry
from classifier.train import cross_val_probabilities
from data import model_versions
from data.audit import audit
from data.db import write_transaction
from data.labels import LabelRecord, training_labels
from data.model_versions import ModelVersion
from data.states import ModelStatus

__all__ = ["RetrainSettings", "RetrainResult", "retrain", "train_and_promote", "labels_since_current",
           "suspicious_labels"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetrainSettings:
    holdout_fraction: float = 0.25
    min_holdout: int = 20
    #: the candidate may be at most this much worse on macro-F1 / personal-symptoms recall and still win
    f1_margin: float = 0.0
    recall_margin: float = 0.0
    random_state: int = 0


@dataclass
class RetrainResult:
    promoted: bool
    reason: str
    candidate_version: str | None
    current_version: str | None
    n_seed: int
    n_labels: int
    n_train_labels: int
    n_holdout: int
    candidate: dict[str, Any] = field(default_factory=dict)
    current: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _summary(report: EvalReport) -> dict[str, Any]:
    personal = report.per_class.get(str(Label.PERSONAL_SYMPTOMS))
    return {
        "macro_f1": report.macro_f1,
        "accuracy": report.accuracy,
        "personal_symptoms_recall": None if personal is None else personal.recall,
        "per_class": {k: asdict(v) for k, v in report.per_class.items()},
        "answered": report.answered,
        "queued": report.queued,
    }


def _examples(records: list[LabelRecord]) -> list[Example]:
    """Stored labels as training examples (the one conversion every training path uses)."""
    return [Example(text=r.text, label=Label(r.label), id=str(r.id), source=r.source) for r in records]


def train_and_promote(
    db: Database,
    registry: ModelRegistry,
    *,
    include_labels: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> ModelVersion:
    """Train on the seed posts plus every strong label and make the result current at once (``triage train``).

    Unlike :func:`retrain` there is no held-out comparison: this is the moderator's explicit choice.
    """
    seed = registry.seed_examples()
    labels = _examples(training_labels(db)) if include_labels else []
    candidate = registry.train_candidate(seed + labels, n_seed=len(seed), n_labels=len(labels), on_step=on_step)
    registry.promote(candidate.record.version)
    return model_versions.get_version(db, candidate.record.version)


def split_labels(examples: list[Example], settings: RetrainSettings) -> tuple[list[Example], list[Example]]:
    """A stratified split of the labels into (train, holdout); classes too rare to split stay in train."""
    counts = Counter(str(e.label) for e in examples)
    splittable = [e for e in examples if counts[str(e.label)] >= 2]
    rare = [e for e in examples if counts[str(e.label)] < 2]
    n_holdout = max(settings.min_holdout, int(round(len(splittable) * settings.holdout_fraction)))
    if len(splittable) < 2 * settings.min_holdout or len({str(e.label) for e in splittable}) < 2:
        return examples, []
    n_holdout = min(n_holdout, len(splittable) - len(counts))
    train, holdout = train_test_split(
        splittable, test_size=n_holdout, random_state=settings.random_state,
        stratify=[str(e.label) for e in splittable],
    )
    return list(train) + rare, list(holdout)


def labels_since_current(db: Database) -> int:
    """Strong labels added since the current model was trained (for retraining on a schedule)."""
    current = model_versions.current_version(db)
    if current is None:
        return int(db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong'").fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong' AND created_at > ?",
                          [current.created_at]).fetchone()[0])


def retrain(
    db: Database,
    registry: ModelRegistry,
    current: TriageModel | None,
    settings: RetrainSettings | None = None,
    actor: str = "cli",
    on_step: Callable[[str], None] | None = None,
) -> RetrainResult:
    """Train a candidate, compare it with ``current`` on held-out labels, promote it only if it is not worse."""
    import time

    settings = settings or RetrainSettings()
    step = on_step or (lambda _msg: None)
    started = time.perf_counter()
    seed = registry.seed_examples()
    labelled = _examples(training_labels(db))
    train_labels, holdout = split_labels(labelled, settings)
    base: dict[str, Any] = dict(current_version=None if current is None else current.version, n_seed=len(seed),
                                n_labels=len(labelled), n_train_labels=len(train_labels), n_holdout=len(holdout))
    if not holdout and current is not None:
        return RetrainResult(False, f"not enough labelled posts to judge a new model (have {len(labelled)}, need "
                             f"at least {2 * settings.min_holdout} in two or more labels); keeping "
                             f"{current.version}", None, **base)
    step(f"training a candidate on {len(seed)} seed posts + {len(train_labels)} labels")
    candidate = registry.train_candidate(seed + train_labels, n_seed=len(seed), n_labels=len(train_labels),
                                         on_step=step)
    cand_version = candidate.record.version
    try:
        step(f"evaluating both models on {len(holdout)} held-out labels")
        cand_summary = _summary(evaluate_model(candidate.model, holdout)) if holdout else {}
        cur_summary = _summary(evaluate_model(current, holdout)) if (holdout and current is not None) else {}
        if current is None:
            promoted, reason = True, "no current model"
        else:
            f1_ok = cand_summary["macro_f1"] >= cur_summary["macro_f1"] - settings.f1_margin
            cr, pr = cand_summary["personal_symptoms_recall"], cur_summary["personal_symptoms_recall"]
            recall_ok = cr is None or pr is None or cr >= pr - settings.recall_margin
            promoted = f1_ok and recall_ok
            if promoted:
                reason = (f"candidate is not worse: macro-F1 {cand_summary['macro_f1']:.3f} vs "
                          f"{cur_summary['macro_f1']:.3f}, personal-symptoms recall {cr} vs {pr}")
            else:
                why = []
                if not f1_ok:
                    why.append(f"macro-F1 {cand_summary['macro_f1']:.3f} < {cur_summary['macro_f1']:.3f}")
                if not recall_ok:
                    why.append(f"personal-symptoms recall {cr:.3f} < {pr:.3f}")
                reason = "candidate is worse (" + "; ".join(why) + f"); keeping {current.version}"
        metrics = dict(candidate.record.metrics)
        metrics.update({"holdout": len(holdout), "candidate_macro_f1": cand_summary.get("macro_f1"),
                        "current_macro_f1": cur_summary.get("macro_f1"),
                        "candidate_personal_recall": cand_summary.get("personal_symptoms_recall"),
                        "current_personal_recall": cur_summary.get("personal_symptoms_recall")})
        with write_transaction(db):
            db.execute("UPDATE model_versions SET metrics = ? WHERE version = ?",
                       [json.dumps(metrics, sort_keys=True), cand_version])
            if promoted:
                model_versions.promote(db, cand_version)
            else:
                model_versions.set_status(db, cand_version, ModelStatus.REJECTED, note=reason)
            audit(db, actor, "model.retrain", "model", cand_version, promoted=promoted,
                  candidate_macro_f1=cand_summary.get("macro_f1"), current_macro_f1=cur_summary.get("macro_f1"))
    except BaseException:
        model_versions.set_status(db, cand_version, ModelStatus.FAILED, note="retrain interrupted")
        raise
    return RetrainResult(promoted, reason, cand_version, candidate=cand_summary, current=cur_summary,
                         seconds=round(time.perf_counter() - started, 2), **base)


def suspicious_labels(db: Database, threshold: float = 0.9, folds: int = 5) -> list[tuple[LabelRecord, str, float]]:
    """Labels the cross-validated model strongly disagrees with: (label, what the model thinks, its probability).

    Uses out-of-fold probabilities over seed + labels, the same signal cleanlab's confident learning uses.
    """
    records = training_labels(db)
    if len(records) < 10:
        return []
    examples = _examples(records)
    try:
        proba, classes = cross_val_probabilities(examples, folds=folds)
    except TrainingError:
        return []
    out = []
    for rec, row in zip(records, proba, strict=True):
        best = int(np.argmax(row))
        if classes[best] != rec.label and row[best] >= threshold:
            out.append((rec, classes[best], float(row[best])))
    return out
