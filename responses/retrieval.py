"""Finding the passages that best answer a post.

An in-memory TF-IDF index over every passage (title, section heading and text) plus a title index: a post
is scored against both, and passages whose section answers the kind of question asked (causes, symptoms,
treatment ...) get a boost. The index is built from the store on first use and rebuilt when the articles
change. Scoring touches only the index columns of the query's terms, so a query costs about a millisecond
even with tens of thousands of passages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlite_utils import Database

from classifier.fast_predict import tfidf_weights
from responses.question_types import detect_question_types, section_matches
from responses.text_analysis import analyze, analyze_query

__all__ = ["PassageHit", "Retriever", "MIN_SCORE"]

_log = logging.getLogger(__name__)

#: Below this score a passage is not a real match: the reply says so rather than paste something unrelated.
MIN_SCORE = 0.12
#: Long posts are searched by their first and last parts, this many characters in all.
QUERY_CHARS = 1500
#: A long post is scored on its this-many heaviest terms (the common words it also uses weigh little, and their
#: long index columns were most of the cost of a search).
MAX_QUERY_TERMS = 48
TITLE_WEIGHT = 0.6
SECTION_BOOST = 0.4
#: The passages the index covers, in its row order.
_PASSAGES = "FROM passages p JOIN articles a ON a.id = p.article_id ORDER BY p.id"


@dataclass(frozen=True)
class PassageHit:
    passage_id: int
    article_slug: str
    article_title: str
    section: str
    text: str
    score: float
    url: str | None


def _analyze_doc(doc: str | list[str]) -> list[str]:
    """Documents are text; queries arrive already analysed (with synonyms) as a list of terms."""
    return doc if isinstance(doc, list) else analyze(doc)


def _corpus_version(db: Database) -> int:
    """A counter that every change to articles or passages bumps (database triggers): one row, read per post."""
    row = db.execute("SELECT version FROM corpus_version WHERE id = 1").fetchone()
    return -1 if row is None else int(row[0])


def _signature(db: Database) -> tuple[int, int, str | None]:
    row = db.execute(
        "SELECT (SELECT COUNT(*) FROM passages), (SELECT COALESCE(MAX(id), 0) FROM passages),"
        " (SELECT MAX(imported_at) FROM articles)"
    ).fetchone()
    return int(row[0]), int(row[1]), row[2]


def _vectorizer(sublinear: bool) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_analyze_doc, sublinear_tf=sublinear, dtype=np.float32)


class _Index:
    """The passages' vectors and what a hit shows (ids, titles, sections, links), but not their text: a hit's text
    is read from the store when it is returned (35k passages of text were most of the index's memory and most of
    the time to open it)."""

    def __init__(self, rows: list[tuple[int, str, str, str, str | None]],
                 load_texts: Callable[[], Iterable[str]], cache_dir: Path | None = None, key: str = "") -> None:
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.titles = [r[1] for r in rows]
        self.sections = [r[2] for r in rows]
        self.slugs = [r[3] for r in rows]
        self.urls = [r[4] for r in rows]
        self.vectorizer = _vectorizer(sublinear=True)
        self.title_vectorizer = _vectorizer(sublinear=False)
        self.matrix: sparse.csc_matrix | None = None
        self.title_matrix: sparse.csc_matrix | None = None
        if not rows:
            return
        if cache_dir is not None and self._load(cache_dir, key):
            return
        docs = [f"{title} {section} {text}"
                for title, section, text in zip(self.titles, self.sections, load_texts(), strict=True)]
        self.matrix = sparse.csc_matrix(self.vectorizer.fit_transform(docs))
        self.title_matrix = sparse.csc_matrix(self.title_vectorizer.fit_transform(self.titles))
        if cache_dir is not None:
            self._save(cache_dir, key)

    # The index is cached as NumPy/SciPy arrays and JSON (never pickle): fitting it over tens of thousands of
    # passages takes seconds, loading it a fraction of that. The cache is keyed by the passages' signature.
    def _paths(self, cache_dir: Path, key: str) -> tuple[Path, Path, Path]:
        return (cache_dir / f"retrieval-{key}.json", cache_dir / f"retrieval-{key}-text.npz",
                cache_dir / f"retrieval-{key}-title.npz")

    def _save(self, cache_dir: Path, key: str) -> None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for old in cache_dir.glob("retrieval-*"):
                old.unlink(missing_ok=True)
            meta, text_path, title_path = self._paths(cache_dir, key)
            sparse.save_npz(text_path, self.matrix, compressed=False)  # (no inflating at start-up)
            sparse.save_npz(title_path, self.title_matrix, compressed=False)
            meta.write_text(json.dumps({
                "ids_sha": hashlib.sha256(self.ids.tobytes()).hexdigest(),
                "vocabulary": {t: int(i) for t, i in self.vectorizer.vocabulary_.items()},
                "idf": self.vectorizer.idf_.tolist(),
                "title_vocabulary": {t: int(i) for t, i in self.title_vectorizer.vocabulary_.items()},
                "title_idf": self.title_vectorizer.idf_.tolist(),
            }))
        except OSError as exc:
            _log.warning("could not cache the retrieval index (%s); it will be rebuilt next time", exc)

    def _load(self, cache_dir: Path, key: str) -> bool:
        meta_path, text_path, title_path = self._paths(cache_dir, key)
        try:
            meta = json.loads(meta_path.read_text())
            if meta["ids_sha"] != hashlib.sha256(self.ids.tobytes()).hexdigest():
                return False
            self.matrix = sparse.csc_matrix(sparse.load_npz(text_path))
            self.title_matrix = sparse.csc_matrix(sparse.load_npz(title_path))
            self.vectorizer.vocabulary_ = meta["vocabulary"]
            self.vectorizer.idf_ = np.asarray(meta["idf"], dtype=np.float32)
            self.title_vectorizer.vocabulary_ = meta["title_vocabulary"]
            self.title_vectorizer.idf_ = np.asarray(meta["title_idf"], dtype=np.float32)
            if self.matrix.shape[0] != len(self.ids):
                raise ValueError("row count differs")
            return True
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _log.info("retrieval index cache not used (%s); rebuilding", type(exc).__name__)
            self.matrix = self.title_matrix = None
            self.vectorizer = _vectorizer(sublinear=True)
            self.title_vectorizer = _vectorizer(sublinear=False)
            return False

    @staticmethod
    def _query_weights(vectorizer: TfidfVectorizer, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The query's TF-IDF vector as (columns, weights): what ``vectorizer.transform`` computes (counts,
        1 + log for sublinear tf, times idf, unit length), without its per-call overhead, which cost more than
        the scoring itself. The lightest terms of a long post are then dropped (see ``MAX_QUERY_TERMS``)."""
        columns, weights = tfidf_weights(terms, vectorizer.vocabulary_, vectorizer.idf_, vectorizer.sublinear_tf,
                                         np.float32)
        if len(columns) > MAX_QUERY_TERMS:
            keep = np.argpartition(-weights, MAX_QUERY_TERMS)[:MAX_QUERY_TERMS]
            columns, weights = columns[keep], weights[keep]
        return columns, weights

    @classmethod
    def _score(cls, vectorizer: TfidfVectorizer, matrix: sparse.csc_matrix, terms: list[str]) -> np.ndarray:
        columns, weights = cls._query_weights(vectorizer, terms)
        if not len(columns):
            return np.zeros(matrix.shape[0], dtype=np.float32)
        return np.asarray(matrix[:, columns] @ weights).ravel()

    def scores(self, query: str) -> np.ndarray:
        assert self.matrix is not None and self.title_matrix is not None
        terms = analyze_query(query)
        text_scores = self._score(self.vectorizer, self.matrix, terms)
        title_scores = self._score(self.title_vectorizer, self.title_matrix, terms)
        return text_scores + TITLE_WEIGHT * title_scores * (text_scores > 0)


class Retriever:
    """Ranked passages for a post. Thread-safe; rebuilds its index when the articles in the store change."""

    def __init__(self, db: Database, cache_dir: Path | None = None) -> None:
        self.db = db
        self.cache_dir = cache_dir
        self._index: _Index | None = None
        self._version: int | None = None
        self._lock = threading.Lock()

    def _current_index(self) -> _Index:
        version = _corpus_version(self.db)
        with self._lock:
            if self._index is None or version != self._version:
                signature = _signature(self.db)
                rows = self.db.execute(f"SELECT p.id, p.title, p.section, a.slug, a.source_url {_PASSAGES}"
                                       ).fetchall()
                key = hashlib.sha256(repr(signature).encode()).hexdigest()[:16]
                self._index = _Index(rows, self._all_texts, self.cache_dir, key)
                self._version = version
            return self._index

    def _all_texts(self) -> Iterable[str]:
        """Every passage's text, in the index's row order (only read when the index is built, not loaded)."""
        return (row[0] for row in self.db.execute(f"SELECT p.text {_PASSAGES}"))

    def _texts(self, passage_ids: list[int]) -> dict[int, str]:
        marks = ", ".join("?" * len(passage_ids))
        return dict(self.db.execute(f"SELECT id, text FROM passages WHERE id IN ({marks})", passage_ids).fetchall())

    def warm_up(self) -> None:
        self._current_index()

    def search(self, query: str, k: int = 3, *, min_score: float = 0.0, one_per_section: bool = True
               ) -> list[PassageHit]:
        index = self._current_index()
        if len(query) > QUERY_CHARS:  # a long post: its opening says the topic, its end usually asks the question
            query = query[: QUERY_CHARS * 2 // 3] + " " + query[-QUERY_CHARS // 3:]
        if index.matrix is None or not query.strip():
            return []
        scores = index.scores(query)
        types = detect_question_types(query)
        n_candidates = min(len(scores), max(50, k * 10))
        # the best n by score, unordered (a full sort of every passage's score cost more than the rest of the search)
        candidates = np.argpartition(-scores, n_candidates - 1)[:n_candidates]
        boosted: list[tuple[float, int]] = []
        for i in candidates:
            score = float(scores[i])
            if score <= 0:
                continue
            if any(section_matches(index.sections[i], t) for t in types):
                score += SECTION_BOOST
            boosted.append((score, int(i)))
        boosted.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[tuple[float, int]] = []
        seen_sections: set[tuple[str, str]] = set()
        for score, i in boosted:
            if score < min_score:
                break
            key = (index.slugs[i], index.sections[i])
            if one_per_section and key in seen_sections:
                continue
            seen_sections.add(key)
            chosen.append((score, i))
            if len(chosen) >= k:
                break
        texts = self._texts([int(index.ids[i]) for _, i in chosen]) if chosen else {}
        return [
            PassageHit(
                passage_id=int(index.ids[i]), article_slug=index.slugs[i], article_title=index.titles[i],
                section=index.sections[i], text=texts[int(index.ids[i])], score=round(score, 4), url=index.urls[i],
            )
            for score, i in chosen
            if int(index.ids[i]) in texts  # (a passage deleted since the version check is left out, not an error)
        ]
