"""Classifying one post without scikit-learn's per-call input checks.

For a single short post, scikit-learn spends almost all of its time checking its inputs (array validation,
data-frame detection) rather than on the arithmetic (bench/bench_pipeline.py times the whole pipeline). The bot classifies posts one at a time, so this module reads the
fitted pipeline's learned parameters once (vocabularies, idf weights, coefficients) and applies the same
arithmetic to one text: term counts, ``1 + log`` for sublinear tf, times idf, unit length per block, then the
linear scores and a softmax. It only takes pipelines it knows it reproduces exactly (TF-IDF blocks and a
multinomial logistic regression); anything else is left to scikit-learn. A test checks the two agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = ["LinearTextScorer", "tfidf_weights"]


def tfidf_weights(terms: Iterable[str], vocabulary: dict[str, int], idf: np.ndarray, sublinear: bool,
                  dtype: type = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """One text's TF-IDF vector as (columns, weights), as a fitted ``TfidfVectorizer`` with ``norm="l2"`` computes
    it: term counts, ``1 + log`` for sublinear tf, times idf, unit length. Unknown terms are ignored; no known
    term gives two empty arrays."""
    counts = Counter(index for index in map(vocabulary.get, terms) if index is not None)
    if not counts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=dtype)
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    weights: np.ndarray = np.fromiter(counts.values(), dtype=dtype, count=len(counts))
    if sublinear:
        weights = 1.0 + np.log(weights)
    weights = weights * np.asarray(idf, dtype=dtype)[columns]
    weights /= np.linalg.norm(weights)
    return columns, weights


@dataclass(frozen=True)
class _Block:
    analyze: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear: bool
    offset: int


def _usable(vectorizer: object) -> bool:
    return (isinstance(vectorizer, TfidfVectorizer) and hasattr(vectorizer, "vocabulary_")
            and vectorizer.use_idf and vectorizer.norm == "l2" and not vectorizer.binary)


class LinearTextScorer:
    """Class probabilities for one cleaned text, from a fitted TF-IDF + logistic-regression pipeline."""

    def __init__(self, blocks: list[_Block], coef: np.ndarray, intercept: np.ndarray) -> None:
        self._blocks = blocks
        self._coef = coef
        self._intercept = intercept

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> LinearTextScorer | None:
        """A scorer for ``pipeline``, or ``None`` when it is not a shape this module reproduces exactly."""
        if len(pipeline.steps) != 2:
            return None
        features, clf = pipeline.steps[0][1], pipeline.steps[1][1]
        if not isinstance(features, FeatureUnion) or features.transformer_weights:
            return None
        if not isinstance(clf, LogisticRegression) or len(clf.classes_) < 3 or not hasattr(clf, "coef_"):
            return None
        blocks, offset = [], 0
        for _name, vectorizer in features.transformer_list:
            if not _usable(vectorizer):
                return None
            blocks.append(_Block(vectorizer.build_analyzer(), vectorizer.vocabulary_,
                                 np.asarray(vectorizer.idf_, dtype=np.float64), bool(vectorizer.sublinear_tf), offset))
            offset += len(vectorizer.vocabulary_)
        if offset != clf.coef_.shape[1]:
            return None
        return cls(blocks, np.asarray(clf.coef_, dtype=np.float64), np.asarray(clf.intercept_, dtype=np.float64))

    def proba(self, text: str) -> np.ndarray:
        scores = self._intercept.copy()
        for block in self._blocks:
            columns, weights = tfidf_weights(block.analyze(text), block.vocabulary, block.idf, block.sublinear)
            if len(columns):
                scores += self._coef[:, block.offset + columns] @ weights
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()
