"""A TF-IDF vectorizer that saves and loads fast with skops and fits large corpora in bounded memory.

Two things differ from ``TfidfVectorizer``; what it computes does not (a test compares the two):

* **Saving.** skops writes a ``dict`` term by term as nested JSON (for 300k terms: tens of seconds to save,
  seconds to load). This subclass hands skops the vocabulary as two NumPy arrays (terms, indices), which skops
  stores as plain ``.npy`` files, and rebuilds the dict on load. Its type is on the model loader's short list of
  expected types (see ``classifier.persistence``).
* **Counting.** scikit-learn gathers the column index of every non-zero cell in a Python ``list`` of ``int``
  objects (about 36 bytes each) before building the matrix. For 100k posts of character n-grams that is some
  60 million cells, close to 2 GB at the peak of training. Here the indices go straight into a typed
  ``array`` (4 bytes each), so the count matrix costs what it weighs. Terms are counted with ``Counter`` and
  mapped to columns with ``map`` (C loops), and while fitting, each distinct word's character n-grams are
  made once and reused (words repeat: most of a corpus is a few thousand words).
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn import get_config
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["CompactTfidfVectorizer"]

#: Words whose character n-grams are kept while fitting (the first ones met: in practice the common ones).
NGRAM_CACHE_WORDS = 50_000


def _padded_word_ngrams(word: str, min_n: int, max_n: int) -> tuple[str, ...]:
    """scikit-learn's ``char_wb`` n-grams of one word, in its order: the word padded with a space each side,
    every n-gram for each n, and a word shorter than n counted once, whole."""
    padded = f" {word} "
    length = len(padded)
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if length <= n:
            grams.append(padded)
            break
        grams.extend(padded[i:i + n] for i in range(length - n + 1))
    return tuple(grams)


class CompactTfidfVectorizer(TfidfVectorizer):
    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # a copy: Python may hand back the live __dict__
        vocabulary = state.pop("vocabulary_", None)
        state.pop("stop_words_", None)  # introspection only; scikit-learn says it may be dropped before saving
        state.pop("_ngram_cache", None)
        if vocabulary is not None:
            terms = np.array(list(vocabulary), dtype=np.str_)
            state["_vocabulary_terms"] = terms
            state["_vocabulary_indices"] = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(terms))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        terms = state.pop("_vocabulary_terms", None)
        indices = state.pop("_vocabulary_indices", None)
        if terms is not None and indices is not None:
            state["vocabulary_"] = dict(zip(terms.tolist(), indices.tolist(), strict=True))
        super().__setstate__(state)

    def _char_wb_ngrams(self, text_document: str) -> list[str]:
        cache: dict[str, tuple[str, ...]] | None = getattr(self, "_ngram_cache", None)
        if cache is None:
            return super()._char_wb_ngrams(text_document)
        min_n, max_n = self.ngram_range
        grams: list[str] = []
        for word in self._white_spaces.sub(" ", text_document).split():
            word_grams = cache.get(word)
            if word_grams is None:
                word_grams = _padded_word_ngrams(word, min_n, max_n)
                if len(cache) < NGRAM_CACHE_WORDS:
                    cache[word] = word_grams
            grams.extend(word_grams)
        return grams

    def _count_vocab(self, raw_documents: Iterable[str], fixed_vocab: bool):  # noqa: ANN202 - sklearn's signature
        """Term counts per document, and the vocabulary (grown unless ``fixed_vocab``), in typed arrays.

        Each document's terms are counted by ``Counter`` and mapped to columns with ``map``, both in C: the
        per-term Python loop this replaces was most of the cost of fitting the character n-grams.
        """
        if not fixed_vocab:
            self._ngram_cache = {}  # for this fit only: never saved, never used at prediction time
        try:
            return self._count_terms(raw_documents, fixed_vocab)
        finally:
            self.__dict__.pop("_ngram_cache", None)

    def _count_terms(self, raw_documents: Iterable[str], fixed_vocab: bool):  # noqa: ANN202
        if fixed_vocab:
            vocabulary = self.vocabulary_
        else:  # a new term gets the next free column, looked up and assigned in one C call
            vocabulary = defaultdict()
            vocabulary.default_factory = vocabulary.__len__
        analyze = self.build_analyzer()
        columns = array("i")   # a feature index always fits in 32 bits
        counts = array("i")
        indptr = array("q", [0])
        for doc in raw_documents:
            term_counts = Counter(analyze(doc))
            if fixed_vocab:
                known = [term for term in term_counts if term in vocabulary]
                columns.extend(map(vocabulary.__getitem__, known))
                counts.extend(map(term_counts.__getitem__, known))
            else:
                columns.extend(map(vocabulary.__getitem__, term_counts))
                counts.extend(term_counts.values())
            indptr.append(len(columns))
        if not fixed_vocab:
            vocabulary = dict(vocabulary)  # a plain dict from here on: a lookup must never grow it
            if not vocabulary:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        index_dtype = np.int32 if indptr[-1] <= np.iinfo(np.int32).max else np.int64
        # Each typed buffer is converted, then let go, before the next one: at most one extra copy is alive.
        data = np.frombuffer(counts, dtype=np.intc).astype(self.dtype)
        del counts
        col_index = np.array(columns, dtype=index_dtype)
        del columns
        row_ptr = np.array(indptr, dtype=index_dtype)
        del indptr
        # the sparse class scikit-learn is configured to hand out (``sparse_interface``), like its own counter
        build = sp.csr_array if get_config().get("sparse_interface") == "sparray" else sp.csr_matrix
        matrix = build((data, col_index, row_ptr), shape=(len(row_ptr) - 1, len(vocabulary)), copy=False)
        matrix.sort_indices()
        return vocabulary, matrix
