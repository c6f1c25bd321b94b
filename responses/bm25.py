"""A field-weighted BM25 index over passages: article title, section heading and passage text.

Each field is its own sparse matrix (rows: passages, or articles for titles; columns: one shared vocabulary)
whose values are already BM25 term weights (idf times saturated term frequency, length-normalised within the
field). Scoring a query is then a column slice and a sum per field, about a millisecond over 50k passages.
Titles are stored once per article and broadcast to the article's passages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from responses.text_analysis import analyze

__all__ = ["FieldScores", "QuerySlices", "BM25Index", "K1", "B"]

K1 = 1.2
#: Length normalisation by field: passages vary a lot in length; headings and titles barely.
B = {"text": 0.75, "section": 0.3, "title": 0.3}


def _analyzer(doc: str | list[str]) -> list[str]:
    return doc if isinstance(doc, list) else analyze(doc)


def _bm25(counts: sparse.csr_matrix, idf: np.ndarray, b: float) -> sparse.csc_matrix:
    """Counts to BM25 weights: idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg_len))."""
    counts = sparse.csr_matrix(counts, dtype=np.float32)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    avg = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    tf = counts.data
    norm = K1 * (1 - b + b * lengths[rows] / avg)
    counts.data = (idf[counts.indices] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    return sparse.csc_matrix(counts)


def _dense_rows(matrix: sparse.csc_matrix, rows: np.ndarray) -> np.ndarray:
    """``matrix[rows]`` as a dense array, read straight from the column slices' nonzeros (rows may repeat)."""
    unique, inverse = np.unique(rows, return_inverse=True)
    dense = np.zeros((len(unique), matrix.shape[1]), dtype=np.float32)
    if matrix.nnz and len(unique):
        place = np.full(matrix.shape[0], -1, dtype=np.int64)
        place[unique] = np.arange(len(unique))
        at = place[matrix.indices]
        keep = at >= 0
        column = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
        dense[at[keep], column[keep]] = matrix.data[keep]
    return dense[inverse]


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    return np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)


@dataclass(frozen=True)
class QuerySlices:
    """The field matrices' columns for one query's terms (passages or articles x query terms)."""

    text: sparse.csc_matrix
    section: sparse.csc_matrix
    title: sparse.csc_matrix


@dataclass(frozen=True)
class FieldScores:
    """Per-passage BM25 score of each field for one query (title already broadcast to passages)."""

    text: np.ndarray
    section: np.ndarray
    title: np.ndarray


class BM25Index:
    """The three field matrices, the shared vocabulary and each article's title terms."""

    def __init__(self, vocabulary: dict[str, int], text: sparse.csc_matrix, section: sparse.csc_matrix,
                 title: sparse.csc_matrix, article_of: np.ndarray, title_terms: list[frozenset[str]]) -> None:
        self.vocabulary = vocabulary
        self.text = text
        self.section = section
        self.title = title
        self.article_of = article_of
        self.title_terms = title_terms
        self.text_idf = self._column_idf(text)
        #: each heading's total BM25 weight (what share of a heading a query names) and each passage's number of
        #: distinct terms (its length, in the re-ranker's features); both derived from the matrices, not stored
        self.section_mass = np.bincount(section.indices, weights=section.data, minlength=section.shape[0])
        self.text_terms = np.bincount(text.indices, minlength=text.shape[0])

    @staticmethod
    def _column_idf(matrix: sparse.csc_matrix) -> np.ndarray:
        df = np.diff(matrix.indptr).astype(np.float64)
        n = matrix.shape[0]
        return np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)

    @classmethod
    def build(cls, titles: Sequence[str], sections: Sequence[str], texts: Sequence[str],
              article_of: np.ndarray) -> BM25Index:
        """:param titles: one per article; ``article_of[i]`` is passage i's article (an index into titles)."""
        title_docs = [analyze(t) for t in titles]
        section_docs = [analyze(s) for s in sections]
        text_docs = [analyze(t) for t in texts]
        vectorizer = CountVectorizer(analyzer=_analyzer, dtype=np.float32)
        vectorizer.fit([*text_docs, *section_docs, *title_docs])
        text_counts = vectorizer.transform(text_docs)
        section_counts = vectorizer.transform(section_docs)
        title_counts = vectorizer.transform(title_docs)
        vocabulary = {t: int(i) for t, i in vectorizer.vocabulary_.items()}
        return cls(vocabulary,
                   _bm25(text_counts, _idf(text_counts), B["text"]),
                   _bm25(section_counts, _idf(section_counts), B["section"]),
                   _bm25(title_counts, _idf(title_counts), B["title"]),
                   np.asarray(article_of, dtype=np.int64),
                   [frozenset(doc) for doc in title_docs])

    def columns(self, terms: Sequence[str], max_terms: int) -> np.ndarray:
        """The query's known terms as vocabulary columns (each once), the rarest ``max_terms`` of a long post."""
        columns = np.fromiter({i for i in map(self.vocabulary.get, terms) if i is not None}, dtype=np.int64)
        if len(columns) > max_terms:
            keep = np.argpartition(-self.text_idf[columns], max_terms)[:max_terms]
            columns = columns[keep]
        return columns

    def slices(self, columns: np.ndarray) -> QuerySlices:
        """The three field matrices cut to the query's columns (what scoring and :meth:`matches` both read)."""
        return QuerySlices(self.text[:, columns], self.section[:, columns], self.title[:, columns])

    def scores(self, columns: np.ndarray, weights: np.ndarray | None = None,
               slices: QuerySlices | None = None) -> FieldScores:
        n = self.text.shape[0]
        if not len(columns):
            zero = np.zeros(n, dtype=np.float32)
            return FieldScores(zero, zero, zero)
        cut = slices or self.slices(columns)
        w = np.ones(len(columns), dtype=np.float32) if weights is None else weights.astype(np.float32)
        text = np.asarray(cut.text @ w).ravel()
        section = np.asarray(cut.section @ w).ravel()
        title = np.asarray(cut.title @ w).ravel()[self.article_of]
        return FieldScores(text, section, title)

    def matches(self, rows: np.ndarray, slices: QuerySlices) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For passages ``rows`` and the query's columns (rows x columns): whether each passage's text contains each
        term, each term's BM25 weight in the passage's heading, and whether its article's title contains it."""
        text = _dense_rows(slices.text, rows)
        section = _dense_rows(slices.section, rows)
        title = _dense_rows(slices.title, self.article_of[rows])
        return text > 0, section, title > 0

    # ---- cache (NumPy/SciPy arrays and JSON, never pickle) ----------------------------------------------
    def save(self, stem: Path) -> None:
        for name in ("text", "section", "title"):
            sparse.save_npz(stem.with_name(f"{stem.name}-{name}.npz"), getattr(self, name), compressed=False)
        np.save(stem.with_name(f"{stem.name}-article_of.npy"), self.article_of)
        stem.with_name(f"{stem.name}-meta.json").write_text(json.dumps({
            "vocabulary": self.vocabulary, "title_terms": [sorted(t) for t in self.title_terms]}))

    @classmethod
    def load(cls, stem: Path) -> BM25Index:
        meta = json.loads(stem.with_name(f"{stem.name}-meta.json").read_text())
        text, section, title = (sparse.csc_matrix(sparse.load_npz(stem.with_name(f"{stem.name}-{name}.npz")))
                                for name in ("text", "section", "title"))
        article_of = np.load(stem.with_name(f"{stem.name}-article_of.npy"), allow_pickle=False)
        return cls(meta["vocabulary"], text, section, title, article_of,
                   [frozenset(t) for t in meta["title_terms"]])
