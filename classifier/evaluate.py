"""Measuring a model on labelled posts: the usual figures, plus what happens at the live thresholds.

Most intent classifiers are reported as if the bot always answered. Triage does not: below a label's threshold
it sends the post to moderators. So besides accuracy and per-class figures, this reports how many posts the
bot would answer on its own, how precise those answers are, and a reliability table (confidence band against
observed accuracy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from classifier.examples import Example
from classifier.labels import Label
from classifier.model import Prediction, TriageModel

__all__ = ["ClassReport", "EvalReport", "evaluate_model", "evaluate_predictions", "BANDS"]

BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9),
                                          (0.9, 1.0001))


@dataclass
class ClassReport:
    precision: float
    recall: float
    f1: float
    support: int
    answered_precision: float | None = None
    answered_recall: float | None = None


@dataclass
class EvalReport:
    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassReport]
    labels: list[str]
    confusion: list[list[int]]
    answered: int
    queued: int
    answered_accuracy: float | None
    reliability: list[dict[str, float | int | str]] = field(default_factory=list)
    skipped: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _safe(num: float, den: float) -> float | None:
    return None if den == 0 else round(num / den, 4)


def evaluate_predictions(
    y_true: Sequence[str], predictions: Sequence[Prediction], model: TriageModel | None = None,
    labels: Sequence[str] | None = None,
) -> EvalReport:
    y = np.asarray([str(v) for v in y_true])
    pred = np.asarray([str(p.label) for p in predictions])
    conf = np.asarray([p.confidence for p in predictions])
    labels = list(labels) if labels else sorted(set(y) | set(pred))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    if model is not None:
        confident = np.array([pr.confidence >= model.threshold_for(pr.label) and pr.margin >= model.margin
                              for pr in predictions])
    else:
        confident = np.ones(len(pred), dtype=bool)
    per_class: dict[str, ClassReport] = {}
    for i, label in enumerate(labels):
        ans = confident & (pred == label)
        per_class[label] = ClassReport(
            precision=round(float(p[i]), 4), recall=round(float(r[i]), 4), f1=round(float(f[i]), 4),
            support=int(s[i]),
            answered_precision=_safe(float((y[ans] == label).sum()), float(ans.sum())),
            answered_recall=_safe(float((y[ans] == label).sum()), float((y == label).sum())),
        )
    present = [lab for lab in labels if (y == lab).any()]
    macro = float(np.mean([per_class[lab].f1 for lab in present])) if present else 0.0
    reliability: list[dict[str, float | int | str]] = []
    for lo, hi in BANDS:
        band = (conf >= lo) & (conf < hi)
        reliability.append({
            "band": f"{lo:.1f}-{min(hi, 1.0):.1f}",
            "n": int(band.sum()),
            "mean_confidence": _safe(float(conf[band].sum()), float(band.sum())) or 0.0,
            "accuracy": _safe(float((pred[band] == y[band]).sum()), float(band.sum())) or 0.0,
        })
    return EvalReport(
        n=len(y),
        accuracy=round(float((pred == y).mean()) if len(y) else 0.0, 4),
        macro_f1=round(macro, 4),
        per_class=per_class,
        labels=labels,
        confusion=confusion_matrix(y, pred, labels=labels).tolist() if len(y) else [],
        answered=int(confident.sum()),
        queued=int((~confident).sum()),
        answered_accuracy=_safe(float((pred[confident] == y[confident]).sum()), float(confident.sum())),
        reliability=reliability,
    )


def evaluate_model(model: TriageModel, examples: Sequence[Example]) -> EvalReport:
    """Evaluate on examples whose label the model knows; the others are counted in ``skipped``."""
    known = {str(label) for label in model.labels}
    usable = [e for e in examples if str(e.label) in known]
    skipped = [e for e in examples if str(e.label) not in known]
    predictions = model.predict_many([e.text for e in usable]) if usable else []
    labels = [str(label) for label in Label if str(label) in known]
    report = evaluate_predictions([str(e.label) for e in usable], predictions, model, labels=labels)
    if skipped:
        report.skipped = {"unknown_label": len(skipped)}
    return report
