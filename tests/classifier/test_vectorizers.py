"""The compact vectorizer computes exactly what scikit-learn's does, and survives a skops round trip."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.vectorizers import CompactTfidfVectorizer
from tests.conftest import TINY

CORPUS = [t for texts in TINY.values() for t in texts] * 3 + ["café naïve résumé", "x", "🙂 emoji only 🙂"]
SETTINGS = [
    dict(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", max_features=50, dtype=np.float32),
    dict(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=300, dtype=np.float32),
    dict(analyzer="char", ngram_range=(2, 3)),
]


@pytest.mark.parametrize("settings", SETTINGS)
def test_same_vocabulary_and_matrix_as_scikit_learn(settings):
    ours, theirs = CompactTfidfVectorizer(**settings), TfidfVectorizer(**settings)
    x_ours, x_theirs = ours.fit_transform(CORPUS), theirs.fit_transform(CORPUS)
    assert ours.vocabulary_ == theirs.vocabulary_
    assert x_ours.dtype == x_theirs.dtype and x_ours.shape == x_theirs.shape
    assert abs(x_ours - x_theirs).max() == 0
    unseen = ["my muscles waste away in space", "zzzz qqqq", ""]
    assert abs(ours.transform(unseen) - theirs.transform(unseen)).max() == 0


def test_empty_vocabulary_is_the_same_error():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CompactTfidfVectorizer().fit(["a", "b"])


def test_skops_round_trip_keeps_the_vocabulary(tmp_path):
    import skops.io as sio

    fitted = CompactTfidfVectorizer(**SETTINGS[1]).fit(CORPUS)
    sio.dump(fitted, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=["classifier.vectorizers.CompactTfidfVectorizer"])
    assert loaded.vocabulary_ == fitted.vocabulary_
    assert abs(loaded.transform(CORPUS) - fitted.transform(CORPUS)).max() == 0


def test_words_past_the_cache_are_counted_the_same(monkeypatch):
    """Fitting char_wb n-grams keeps the first words' columns; later words are worked out each time."""
    import classifier.vectorizers as vectorizers

    monkeypatch.setattr(vectorizers, "NGRAM_CACHE_WORDS", 3)
    ours, theirs = CompactTfidfVectorizer(**SETTINGS[1]), TfidfVectorizer(**SETTINGS[1])
    assert abs(ours.fit_transform(CORPUS) - theirs.fit_transform(CORPUS)).max() == 0
    assert ours.vocabulary_ == theirs.vocabulary_
