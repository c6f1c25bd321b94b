"""Fitting the pipeline on labelled examples, and cross-validated probabilities for thresholds and label checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from classifier.errors import TrainingError
from classifier.examples import Example
from classifier.model import build_pipeline
from classifier.text import clean_text

__all__ = ["fit_pipeline", "cross_val_probabilities", "MIN_EXAMPLES_PER_CLASS"]

MIN_EXAMPLES_PER_CLASS = 2


def _check(examples: Sequence[Example]) -> Counter[str]:
    counts = Counter(str(e.label) for e in examples)
    if len(counts) < 2:
        raise TrainingError(f"training needs at least two labels, got {len(counts)}")
    thin = [label for label, n in counts.items() if n < MIN_EXAMPLES_PER_CLASS]
    if thin:
        raise TrainingError(f"too few examples for: {', '.join(sorted(thin))}")
    return counts


def fit_pipeline(examples: Sequence[Example], random_state: int = 0) -> Pipeline:
    """Fit a fresh pipeline. Raises :class:`TrainingError` on unusable training data."""
    _check(examples)
    texts = [clean_text(e.text) for e in examples]
    labels = [str(e.label) for e in examples]
    pipeline = build_pipeline(random_state=random_state)
    try:
        pipeline.fit(texts, labels)
    except ValueError as exc:
        raise TrainingError(f"training failed: {exc}") from exc
    return pipeline


def cross_val_probabilities(
    examples: Sequence[Example], folds: int = 5, random_state: int = 0
) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold class probabilities for every example (columns in sorted label order)."""
    counts = _check(examples)
    folds = max(2, min(folds, min(counts.values())))
    classes = sorted(counts)
    texts = np.array([clean_text(e.text) for e in examples], dtype=object)
    y = np.array([str(e.label) for e in examples])
    out = np.zeros((len(examples), len(classes)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    for train_idx, test_idx in splitter.split(texts, y):
        pipe = build_pipeline(random_state=random_state)
        pipe.fit(list(texts[train_idx]), list(y[train_idx]))
        proba = pipe.predict_proba(list(texts[test_idx]))
        cols = [classes.index(c) for c in pipe.classes_]
        out[np.ix_(test_idx, cols)] = proba
    return out, classes
