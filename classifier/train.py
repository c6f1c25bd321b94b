"""Fitting the pipeline on labelled examples, and cross-validated probabilities for thresholds and label checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from classifier.errors import TrainingError
from classifier.examples import Example
from classifier.model import build_classifier, build_features, build_pipeline
from classifier.text import clean_text

__all__ = ["fit_pipeline", "cross_val_probabilities", "fit_with_probabilities", "MIN_EXAMPLES_PER_CLASS"]

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


def _out_of_fold(x, y: np.ndarray, classes: list[str], folds: int, random_state: int) -> np.ndarray:  # noqa: ANN001
    out = np.zeros((x.shape[0], len(classes)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    splits = list(splitter.split(np.zeros(len(y)), y))

    def fold(train_idx: np.ndarray, test_idx: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        clf = build_classifier(random_state=random_state).fit(x[train_idx], y[train_idx])
        return test_idx, list(clf.classes_), clf.predict_proba(x[test_idx])

    # Threads share the feature matrix without copying; the solver's sparse products release the GIL.
    for test_idx, fold_classes, proba in Parallel(n_jobs=2, prefer="threads")(
            delayed(fold)(tr, te) for tr, te in splits):
        out[np.ix_(test_idx, [classes.index(c) for c in fold_classes])] = proba
    return out


def cross_val_probabilities(
    examples: Sequence[Example], folds: int = 5, random_state: int = 0
) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold class probabilities for every example (columns in sorted label order).

    The TF-IDF features are fitted once on all texts (they never see a label) and only the classifier is
    cross-validated: the probabilities are out-of-fold for every labelled decision, at a fraction of the cost
    of refitting the vectorisers in every fold.
    """
    proba, classes, _features, _x = _features_and_probabilities(examples, folds, random_state)
    return proba, classes


def _features_and_probabilities(examples: Sequence[Example], folds: int, random_state: int):  # noqa: ANN202
    counts = _check(examples)
    folds = max(2, min(folds, min(counts.values())))
    classes = sorted(counts)
    y = np.array([str(e.label) for e in examples])
    features = build_features()
    try:
        x = features.fit_transform([clean_text(e.text) for e in examples]).tocsr()
    except ValueError as exc:
        raise TrainingError(f"training failed: {exc}") from exc
    return _out_of_fold(x, y, classes, folds, random_state), classes, features, x


def fit_with_probabilities(
    examples: Sequence[Example], folds: int = 5, random_state: int = 0
) -> tuple[Pipeline, np.ndarray, list[str]]:
    """Fit the pipeline and return it with out-of-fold probabilities for threshold calibration, sharing one
    fitted set of features between the two (one vectoriser fit instead of ``folds + 1``)."""
    proba, classes, features, x = _features_and_probabilities(examples, folds, random_state)
    y = np.array([str(e.label) for e in examples])
    clf = build_classifier(random_state=random_state).fit(x, y)
    return Pipeline([("features", features), ("clf", clf)]), proba, classes
