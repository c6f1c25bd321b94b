"""Fitting the pipeline on labelled examples, and cross-validated probabilities for thresholds and label checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from classifier.errors import TrainingError
from classifier.examples import Example
from classifier.model import build_classifier, build_features
from classifier.text import model_text

__all__ = ["fit_pipeline", "cross_val_probabilities", "fit_with_probabilities", "fold_count",
           "MIN_EXAMPLES_PER_CLASS", "LARGE_TRAINING_SET"]

MIN_EXAMPLES_PER_CLASS = 2
#: From this many examples on, two folds are enough: every example still gets an out-of-fold probability, from a
#: model that saw half the data (at least 2,500 posts), and the thresholds they give hold up on unseen posts as
#: well as five folds' do (held-out personal-symptoms recall 0.955 with two folds, 0.955 with three, 0.953 with
#: five, on the real posts of bench/bench_classification.py); each extra fold is one more full solver run.
LARGE_TRAINING_SET = 5_000


def _check(examples: Sequence[Example]) -> Counter[str]:
    counts = Counter(str(e.label) for e in examples)
    if len(counts) < 2:
        raise TrainingError(f"training needs at least two labels, got {len(counts)}")
    thin = [label for label, n in counts.items() if n < MIN_EXAMPLES_PER_CLASS]
    if thin:
        raise TrainingError(f"too few examples for: {', '.join(sorted(thin))}")
    return counts


def fold_count(n_examples: int, smallest_class: int, folds: int = 5) -> int:
    """How many cross-validation folds to use: ``folds``, two on a large set, never more than the rarest
    label has examples (each fold must see every label)."""
    if n_examples >= LARGE_TRAINING_SET:
        folds = min(folds, 2)
    return max(2, min(folds, smallest_class))


def _fit_features(examples: Sequence[Example]) -> tuple[FeatureUnion, sparse.csr_matrix]:
    """Fit the vectorisers and return them with the feature matrix.

    Each vectoriser is fitted on its own and the blocks are stacked once (``FeatureUnion.fit_transform`` would
    hold every block and a stacked copy at the same time: at 100k posts, hundreds of MB more at the peak).
    """
    texts = [model_text(e.text) for e in examples]
    features = build_features()
    blocks = []
    try:
        for _name, vectorizer in features.transformer_list:
            blocks.append(vectorizer.fit_transform(texts))
    except ValueError as exc:
        raise TrainingError(f"training failed: {exc}") from exc
    del texts
    x = sparse.hstack(blocks, format="csr")
    del blocks
    return features, x


def fit_pipeline(examples: Sequence[Example], random_state: int = 0) -> Pipeline:
    """Fit a fresh pipeline. Raises :class:`TrainingError` on unusable training data."""
    _check(examples)
    features, x = _fit_features(examples)
    y = np.array([str(e.label) for e in examples])
    try:
        clf = build_classifier(y, random_state=random_state).fit(x, y)
    except ValueError as exc:
        raise TrainingError(f"training failed: {exc}") from exc
    return Pipeline([("features", features), ("clf", clf)])


def _out_of_fold(x: sparse.csr_matrix, y: np.ndarray, classes: list[str], folds: int, random_state: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold probabilities, plus the fold models' mean coefficients and intercepts (a starting point
    for the final fit).

    The folds run one after the other: the solver holds the GIL for most of its work, so threads gave no
    speed-up, and processes would copy the feature matrix into each worker.
    """
    out = np.zeros((x.shape[0], len(classes)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    coef_sum: np.ndarray | None = None
    intercept_sum: np.ndarray | None = None
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
        clf = build_classifier(y[train_idx], random_state=random_state).fit(x[train_idx], y[train_idx])
        columns = [classes.index(c) for c in clf.classes_]
        out[np.ix_(test_idx, columns)] = clf.predict_proba(x[test_idx])
        if list(clf.classes_) == classes:
            coef_sum = clf.coef_.copy() if coef_sum is None else coef_sum + clf.coef_
            intercept_sum = clf.intercept_.copy() if intercept_sum is None else intercept_sum + clf.intercept_
    if coef_sum is None or intercept_sum is None:
        return out, np.empty(0), np.empty(0)
    return out, coef_sum / folds, intercept_sum / folds


def cross_val_probabilities(
    examples: Sequence[Example], folds: int = 5, random_state: int = 0
) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold class probabilities for every example (columns in sorted label order).

    The TF-IDF features are fitted once on all texts (they never see a label) and only the classifier is
    cross-validated: the probabilities are out-of-fold for every labelled decision, at a fraction of the cost
    of refitting the vectorisers in every fold.
    """
    proba, classes, *_ = _features_and_probabilities(examples, folds, random_state)
    return proba, classes


def _features_and_probabilities(examples: Sequence[Example], folds: int, random_state: int):  # noqa: ANN202
    counts = _check(examples)
    folds = fold_count(len(examples), min(counts.values()), folds)
    classes = sorted(counts)
    y = np.array([str(e.label) for e in examples])
    features, x = _fit_features(examples)
    proba, coef, intercept = _out_of_fold(x, y, classes, folds, random_state)
    return proba, classes, features, x, y, coef, intercept


def fit_with_probabilities(
    examples: Sequence[Example], folds: int = 5, random_state: int = 0
) -> tuple[Pipeline, np.ndarray, list[str]]:
    """Fit the pipeline and return it with out-of-fold probabilities for threshold calibration.

    One fitted set of features serves the folds and the final model (one vectoriser fit instead of
    ``folds + 1``), and the final fit starts from the fold models' mean weights. The solver stops at a
    tolerance, so the start moves the end point a little; on held-out real posts the warm-started model scores
    as the cold-started one does (macro-F1 0.913 vs 0.910, personal-symptoms recall 0.955 both), and with three
    or more folds it needs a fraction of the solver steps.
    """
    proba, classes, features, x, y, coef, intercept = _features_and_probabilities(examples, folds, random_state)
    clf = build_classifier(y, random_state=random_state)
    if coef.size:
        clf.set_params(warm_start=True)
        clf.coef_, clf.intercept_ = coef, intercept
    try:
        clf.fit(x, y)
    except ValueError as exc:
        raise TrainingError(f"training failed: {exc}") from exc
    clf.set_params(warm_start=False)  # the saved model is an ordinary fitted estimator
    return Pipeline([("features", features), ("clf", clf)]), proba, classes
