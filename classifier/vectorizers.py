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
  mapped to columns with ``map`` (C loops). While fitting character n-grams within words (``char_wb``), each
  distinct word is turned into its n-grams' columns once, and a post is counted as the columns of its words
  (words repeat: most of a corpus is a few thousand words, and looking up every n-gram of every post in a
  vocabulary of a million n-grams was most of the cost of fitting).
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

#: Words whose n-gram columns are kept while fitting (the first ones met: in practice the common ones).
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

    def _count_vocab(self, raw_documents: Iterable[str], fixed_vocab: bool):  # noqa: ANN202 - sklearn's signature
        """Term counts per document, and the vocabulary (grown unless ``fixed_vocab``), in typed arrays."""
        if fixed_vocab:
            vocabulary = self.vocabulary_
        else:  # a new term gets the next free column, looked up and assigned in one C call
            vocabulary = defaultdict()
            vocabulary.default_factory = vocabulary.__len__
        columns = array("i")   # a feature index always fits in 32 bits
        counts = array("i")
        indptr = array("q", [0])
        if not fixed_vocab and self.analyzer == "char_wb" and self.input == "content":
            self._count_char_wb_by_word(raw_documents, vocabulary, columns, counts, indptr)
        else:
            self._count_by_term(raw_documents, vocabulary, fixed_vocab, columns, counts, indptr)
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

    def _count_by_term(self, raw_documents: Iterable[str], vocabulary: dict[str, int], fixed_vocab: bool,
                       columns: array, counts: array, indptr: array) -> None:
        analyze = self.build_analyzer()
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

    def _count_char_wb_by_word(self, raw_documents: Iterable[str], vocabulary: dict[str, int], columns: array,
                               counts: array, indptr: array) -> None:
        """Fitting ``char_wb`` n-grams: what ``_count_by_term`` computes, a word at a time.

        Each distinct word becomes the columns of its n-grams once (new n-grams get the next free column, as
        they would term by term); a document's row is the columns of its words, counted by NumPy.
        """
        decode, preprocess = self.decode, self.build_preprocessor()
        min_n, max_n = self.ngram_range
        column_of = vocabulary.__getitem__  # a defaultdict: a new n-gram gets the next free column
        word_columns: dict[str, array] = {}
        for doc in raw_documents:
            doc_columns = array("i")
            for word in self._white_spaces.sub(" ", preprocess(decode(doc))).split():
                known = word_columns.get(word)
                if known is None:
                    known = array("i", map(column_of, _padded_word_ngrams(word, min_n, max_n)))
                    if len(word_columns) < NGRAM_CACHE_WORDS:
                        word_columns[word] = known
                doc_columns += known
            if doc_columns:
                unique, n = np.unique(np.frombuffer(doc_columns, dtype=np.intc), return_counts=True)
                columns.frombytes(unique.astype(np.intc, copy=False).tobytes())
                counts.frombytes(n.astype(np.intc).tobytes())
            indptr.append(len(columns))

