"""Finding the passages that best answer a post.

Two stages. First, a field-weighted BM25 over the article title, the section heading and the passage text
(:mod:`responses.bm25`) picks candidates; a long post is read for its focus (its opening words, where a
subject line or first sentence names the condition, drug or test, weigh more). Then a small learned re-ranker
(:mod:`responses.rerank`) orders the candidates by the estimated chance that the passage answers the question
well, using features such as how much of the article's title the post names and whether the section heading
answers the kind of question asked (causes, treatment, "should I worry", "how long" ...).

A passage's ``score`` is that re-ranker's probability: one scale, 0 to 1, the same in replies, ``/debug`` and
the abstain bar (:data:`MIN_SCORE`). The index is built from the store on first use, cached on disk, and
rebuilt when the articles change.

With the optional ``embeddings`` extra installed and a vector stored for every passage (:mod:`responses.dense`),
the retriever is hybrid: the passages nearest the post by MiniLM cosine join the candidates, and the score
combines the re-ranker's probability with the cosine (weights in ``responses/dense.json``), still 0..1.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from responses import dense
from responses.bm25 import BM25Index, FieldScores, QuerySlices
from responses.question_types import DEFINITION, detect_question_types, heading_types
from responses.rerank import ABSOLUTE_AT, FEATURES, Reranker, load_reranker
from responses.text_analysis import analyze, analyze_query

__all__ = ["PassageHit", "Retriever", "Candidates", "MIN_SCORE", "SCORE_SCALE"]

_log = logging.getLogger(__name__)

SCORE_SCALE = "0..1: the re-ranker's estimated chance that the passage answers the question well"
#: The abstain bar on that scale: below it the reply says nothing answers rather than paste something unrelated,
#: and the post is recorded as a content gap. Chosen by bench/train_reranker.py on the 126 graded development
#: questions and on the same questions with their topic's articles left out (questions nothing answers): the
#: highest bar that keeps 95 % of the good (grade >= 3) top passages. There it abstains on 28.6 % of the
#: unanswerable copies and on 7 of the 126 answerable questions. What lets the score say "nothing answers" is
#: that some features are not relative to the other candidates: how much of the article's title and of the
#: post's opening a passage covers. (The absolute feature, the best first-stage score per unit of the post's term
#: weight, is offered to the calibration too; with the current features its fitted weight came out negative and
#: it is left at 0.)
MIN_SCORE = 0.25
#: Long posts are searched by their first and last parts, this many characters in all.
QUERY_CHARS = 1500
#: A long post is scored on its this-many rarest terms.
MAX_QUERY_TERMS = 48
#: First-stage field weights (text weighs 1).
TITLE_WEIGHT = 1.0
SECTION_WEIGHT = 0.5
#: Terms among a post's first this-many words (a subject line, an opening sentence) weigh HEAD_BOOST more.
HEAD_WORDS = 12
HEAD_BOOST = 1.0
#: At most this many of the passages returned come from one article (several pages answering together are more
#: useful than five sections of one).
MAX_PER_ARTICLE = 5
#: Candidates the re-ranker sees.
N_CANDIDATES = 60
#: Section headings that say when to get help (``Retriever.care_passage``).
CARE_SECTIONS = ("when to see a doctor", "when to see your doctor", "when to get help", "when to seek",
                 "when to call", "when to contact", "warning signs")
_CARE_SQL = " OR ".join(f"lower(p.section) LIKE '%{s}%'" for s in CARE_SECTIONS)
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


@dataclass(frozen=True)
class Candidates:
    """The first stage's best passages for a query (index rows) and the re-ranker's features for each."""

    rows: np.ndarray
    features: np.ndarray
    #: MiniLM cosine of each candidate to the post (hybrid retrieval only), else None
    cosines: np.ndarray | None = None


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


class _Index:
    """What a hit shows (ids, titles, sections, links) and the BM25 fields, but not the passages' text: a hit's
    text is read from the store when it is returned."""

    def __init__(self, rows: list[tuple[int, str, str, str, str | None, int, int]],
                 load_texts: Iterable[str] | None, cache_dir: Path | None = None, key: str = "") -> None:
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.titles = [r[1] for r in rows]
        self.sections = [r[2] for r in rows]
        self.slugs = [r[3] for r in rows]
        self.urls = [r[4] for r in rows]
        self.first = np.array([r[5] == 0 for r in rows], dtype=bool)
        self.slugs_array = np.array(self.slugs, dtype=object)
        article_ids = [r[6] for r in rows]
        self.bm25: BM25Index | None = None
        self.vectors: np.ndarray | None = None
        if not rows:
            return
        order = {a: i for i, a in enumerate(dict.fromkeys(article_ids))}
        self.article_of = np.array([order[a] for a in article_ids], dtype=np.int64)
        stem = None if cache_dir is None else cache_dir / f"bm25-{key}"
        if stem is not None:
            self.bm25 = self._load(stem)
        if self.bm25 is None:
            titles = [""] * len(order)
            for title, a in zip(self.titles, self.article_of, strict=True):
                titles[a] = title
            self.bm25 = BM25Index.build(titles, self.sections, list(load_texts or ()), self.article_of)
            if stem is not None:
                self._save(stem)

    def _load(self, stem: Path) -> BM25Index | None:
        try:
            index = BM25Index.load(stem)
            if index.text.shape[0] != len(self.ids) or not np.array_equal(index.article_of, self.article_of):
                raise ValueError("rows differ")
            return index
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _log.info("retrieval index cache not used (%s); rebuilding", type(exc).__name__)
            return None

    def _save(self, stem: Path) -> None:
        assert self.bm25 is not None
        try:
            stem.parent.mkdir(parents=True, exist_ok=True)
            for old in stem.parent.glob("bm25-*"):
                old.unlink(missing_ok=True)
            for old in stem.parent.glob("retrieval-*"):  # the previous index format
                old.unlink(missing_ok=True)
            self.bm25.save(stem)
        except OSError as exc:
            _log.warning("could not cache the retrieval index (%s); it will be rebuilt next time", exc)


def _query_weights(bm25: BM25Index, query: str) -> tuple[np.ndarray, np.ndarray, set[str], set[str]]:
    """Columns and weights of a query, and its term set and head term set (the focus of a long post)."""
    terms = analyze_query(query)
    head = set(analyze(" ".join(query.split()[:HEAD_WORDS])))
    columns = bm25.columns(terms, MAX_QUERY_TERMS)
    head_columns = {bm25.vocabulary[t] for t in head if t in bm25.vocabulary}
    weights = np.array([1.0 + HEAD_BOOST * (c in head_columns) for c in columns.tolist()], dtype=np.float32)
    return columns, weights, set(terms), head


def _names_topic(heading: str, terms: set[str]) -> bool:
    """Whether a heading is named for something the post names: its last part ("Cachexia" in "Causes: Cachexia")
    answers no particular kind of question and every word of it is in the post. Such a section is about what
    the post asks about: "What is cachexia?" is answered by it as an overview is, and its parent's kind ("Causes")
    does not make it the wrong kind of answer. (MEDIQA's and MedQuAD's headings almost never name a topic, so the
    re-ranker could not learn this from them: it is a rule, applied through the type features.)"""
    words = _leaf_words(heading)
    return bool(words) and words <= terms


@lru_cache(maxsize=16_384)
def _leaf_words(heading: str) -> frozenset[str]:
    """The terms of a heading's last part when that part answers no particular kind of question, else none."""
    leaf = heading.rsplit(": ", 1)[-1]
    return frozenset() if heading_types(leaf) else frozenset(analyze(leaf))


def _absolute(bm25: BM25Index, query: str, columns: np.ndarray, rows: np.ndarray, first: np.ndarray) -> np.ndarray:
    """How well anything in the store matches the post, the same for all its candidates (so it shifts the score
    without changing the order), and what lets an off-topic post score low instead of scoring high just by being
    the best of a bad lot: the best first-stage score per unit of the post's own term weight (idf). A word the
    articles never use counts as the rarest there is: "which bagpipes should I buy" matches "buy" at best.
    (The share of the post's terms one passage covers was tried too; its fitted weight was not positive.)"""
    own = [t for t in dict.fromkeys(analyze(query)) if len(t) >= 3 and not t.isdigit()]
    selected = set(columns.tolist())
    known = [bm25.vocabulary[t] for t in own if bm25.vocabulary.get(t) in selected]
    unknown = sum(1 for t in own if t not in bm25.vocabulary)
    rarest = float(bm25.text_idf.max()) if len(bm25.text_idf) else 1.0
    mass = float(bm25.text_idf[known].sum()) + unknown * rarest
    out = np.zeros((len(rows), 1), dtype=np.float32)
    if mass > 0:
        out[:, 0] = float(first[rows].max()) / mass
    return out


class Retriever:
    """Ranked passages for a post. Thread-safe; rebuilds its index when the articles in the store change.

    :param reranker: the re-ranker; by default the shipped one. ``None`` keeps the first stage's order (how the
        re-ranker's own training data is made) and scores are then squashed BM25, not probabilities.
    :param use_dense: ``None`` (default): hybrid when the ``embeddings`` extra is installed and every passage has a
        stored vector; ``False``: never (BM25 + re-ranker only).
    :param hybrid: the weights combining re-ranker and cosine; by default the shipped ones.
    """

    _DEFAULT = object()

    def __init__(self, db: Database, cache_dir: Path | None = None,
                 reranker: Reranker | None | object = _DEFAULT, use_dense: bool | None = None,
                 hybrid: dense.HybridWeights | None = None) -> None:
        self.db = db
        self.cache_dir = cache_dir
        self.reranker: Reranker | None = load_reranker() if reranker is Retriever._DEFAULT else reranker  # type: ignore[assignment]
        self.use_dense = use_dense is not False and dense.available()
        self.hybrid = hybrid
        self._query_vectors: dict[str, np.ndarray] = {}
        self._index: _Index | None = None
        self._version: int | None = None
        self._lock = threading.Lock()

    def _current_index(self) -> _Index:
        version = _corpus_version(self.db)
        with self._lock:
            if self._index is None or version != self._version:
                signature = _signature(self.db)
                rows = self.db.execute(
                    f"SELECT p.id, p.title, p.section, a.slug, a.source_url, p.position, p.article_id {_PASSAGES}"
                ).fetchall()
                key = hashlib.sha256(repr(signature).encode()).hexdigest()[:16]
                self._index = _Index(rows, self._all_texts(), self.cache_dir, key)
                if self.use_dense:
                    self._index.vectors = dense.load_vectors(self.db, self._index.ids)
                    if self._index.vectors is None:
                        _log.info("dense retrieval off: not every passage has a stored vector")
                self._version = version
            return self._index

    def _all_texts(self) -> Iterable[str]:
        """Every passage's text, in the index's row order (only read when the index is built, not loaded)."""
        return (row[0] for row in self.db.execute(f"SELECT p.text {_PASSAGES}"))

    def _texts(self, passage_ids: list[int]) -> dict[int, str]:
        marks = ", ".join("?" * len(passage_ids))
        return dict(self.db.execute(f"SELECT id, text FROM passages WHERE id IN ({marks})", passage_ids).fetchall())

    def warm_up(self) -> None:
        """Build or load the index, and in hybrid mode load the encoder (about 5 s, not the first post's wait)."""
        if self._current_index().vectors is not None:
            self._query_vector("warm up")

    def term_rarity(self, term: str) -> float | None:
        """A stemmed term's inverse document frequency over the passages, or None when no passage uses it."""
        bm25 = self._current_index().bm25
        column = None if bm25 is None else bm25.vocabulary.get(term)
        if bm25 is None or column is None:
            return None
        return float(bm25.text_idf[column]) if bm25.text.indptr[column + 1] > bm25.text.indptr[column] else None

    def care_passage(self, hits: Iterable[PassageHit]) -> PassageHit | None:
        """The first "When to see a doctor" / "Warning signs" passage of the first hit's article that has one
        (for a personal post: what to watch for, beside the answer). It carries that hit's score: the
        article's match to the post, on the same 0..1 scale."""
        tried: set[str] = set()
        for hit in hits:
            if hit.article_slug in tried:
                continue
            tried.add(hit.article_slug)
            row = self.db.execute(
                "SELECT p.id, p.title, p.section, p.text FROM passages p JOIN articles a ON a.id = p.article_id"
                f" WHERE a.slug = ? AND ({_CARE_SQL}) ORDER BY p.position LIMIT 1", [hit.article_slug]).fetchone()
            if row is not None:
                return PassageHit(passage_id=int(row[0]), article_slug=hit.article_slug, article_title=row[1],
                                  section=row[2], text=row[3], score=hit.score, url=hit.url)
        return None

    @property
    def dense_active(self) -> bool:
        """True when searches are hybrid (the extra installed and every passage has a stored vector)."""
        return self._current_index().vectors is not None

    def _query_vector(self, query: str) -> np.ndarray:
        vector = self._query_vectors.get(query)
        if vector is None:
            encoder = dense.get_encoder()
            assert encoder is not None
            vector = encoder.encode([query])[0]
            if len(self._query_vectors) >= 512:
                self._query_vectors.clear()
            self._query_vectors[query] = vector
        return vector

    @staticmethod
    def _shorten(query: str) -> str:
        if len(query) > QUERY_CHARS:  # a long post: its opening says the topic, its end usually asks the question
            return query[: QUERY_CHARS * 2 // 3] + " " + query[-QUERY_CHARS // 3:]
        return query

    def candidates(self, query: str, n: int = N_CANDIDATES, exclude_articles: Collection[str] = ()) -> Candidates:
        """The first stage's ``n`` best passages and their re-ranker features (also what the re-ranker learns
        from: bench/train_reranker.py).

        :param exclude_articles: slugs whose passages are left out, as if those articles were not in the store
            (how bench/train_reranker.py makes questions that nothing answers, to set the abstain bar).
        """
        index = self._current_index()
        empty = Candidates(np.empty(0, dtype=np.int64), np.empty((0, len(FEATURES)), dtype=np.float32))
        query = self._shorten(query)
        if index.bm25 is None or not query.strip():
            return empty
        bm25 = index.bm25
        columns, weights, terms, head = _query_weights(bm25, query)
        slices = bm25.slices(columns) if len(columns) else None
        fields = bm25.scores(columns, weights, slices)
        first = fields.text + SECTION_WEIGHT * fields.section + TITLE_WEIGHT * fields.title
        if exclude_articles:
            first = np.where(np.isin(index.slugs_array, list(exclude_articles)), 0.0, first).astype(np.float32)
        n = min(len(first), n)
        rows = np.argpartition(-first, n - 1)[:n]
        rows = rows[first[rows] > 0]
        cosines = None
        if index.vectors is not None:
            all_cosines = index.vectors @ self._query_vector(query)
            if exclude_articles:
                all_cosines[np.isin(index.slugs_array, list(exclude_articles))] = -1.0
            k = min(len(all_cosines), self._hybrid().dense_candidates)
            if k > 0:
                nearest = np.argpartition(-all_cosines, k - 1)[:k]
                rows = np.union1d(rows, nearest[all_cosines[nearest] > 0])
            cosines = all_cosines
        if not len(rows):
            return empty
        rows = rows[np.argsort(-first[rows], kind="stable")]
        features = self._features(index, fields, slices, first, rows, columns, weights, terms, head, query)
        features[:, ABSOLUTE_AT:] = _absolute(bm25, query, columns, rows, first)
        return Candidates(rows, features, None if cosines is None else cosines[rows])

    def _hybrid(self) -> dense.HybridWeights:
        if self.hybrid is None:
            self.hybrid = dense.load_hybrid_weights()
        return self.hybrid

    @staticmethod
    def _features(index: _Index, fields: FieldScores, slices: QuerySlices | None, first: np.ndarray,
                  rows: np.ndarray, columns: np.ndarray, weights: np.ndarray, terms: set[str], head: set[str],
                  query: str) -> np.ndarray:
        """The re-ranker's per-candidate features (:data:`responses.rerank.FEATURES`); ``rows`` are in first-stage
        order."""
        bm25 = index.bm25
        assert bm25 is not None
        types = set(detect_question_types(query))
        n = len(rows)
        scores = first[rows].astype(np.float64)
        best = max(float(scores[0]), 1e-9)
        # articles in the order of their best passage (rows are in first-stage order: an article's first is its best)
        article_ids, first_at, article_index = np.unique(index.article_of[rows], return_index=True,
                                                          return_inverse=True)
        place = np.empty(len(first_at), dtype=np.int64)
        place[np.argsort(first_at, kind="stable")] = np.arange(len(first_at))
        # how much of each article's title the post names (in all, and in its opening words)
        title_cover = np.zeros((len(article_ids), 2))
        for k, a in enumerate(article_ids.tolist()):
            title_terms = bm25.title_terms[a]
            if title_terms:
                title_cover[k] = (len(title_terms & terms) / len(title_terms), len(title_terms & head) / len(title_terms))
        # opening terms found anywhere in the passage (text, heading or title), weighted by rarity
        if slices is None:  # (no query term is in the vocabulary)
            in_text = in_title = np.zeros((n, 0), dtype=bool)
            heading_weights = np.zeros((n, 0), dtype=np.float32)
        else:
            in_text, heading_weights, in_title = bm25.matches(rows, slices)
        head_idf = bm25.text_idf[columns].astype(np.float64) * (weights > 1)
        found = in_text | (heading_weights > 0) | in_title
        head_coverage = (found @ head_idf) / head_idf.sum() if head_idf.sum() > 0 else np.zeros(n)
        # the kinds of question each heading answers, against those the post asks
        type_match = np.zeros(n)
        other_type = np.zeros(n)
        for j, r in enumerate(rows.tolist()):
            heading = index.sections[r]
            answers = heading_types(heading)
            if _names_topic(heading, terms):  # (named for the post's topic: its overview, never the wrong kind)
                answers = answers | {DEFINITION.name}
            elif answers and not types & answers:
                other_type[j] = 1.0
            type_match[j] = len(types & answers) / max(len(types), 1)
        out = np.zeros((n, len(FEATURES)), dtype=np.float32)
        out[:, :ABSOLUTE_AT] = np.column_stack([
            fields.text[rows], fields.section[rows], title_cover[article_index, 0], title_cover[article_index, 1],
            index.first[rows] & (not types), scores[first_at][article_index] / best, -np.log1p(np.arange(n)),
            head_coverage, heading_weights.sum(axis=1) / np.maximum(bm25.section_mass[rows], 1e-9),
            np.log1p(bm25.text_terms[rows]), -np.log1p(place[article_index]), type_match, other_type,
        ])
        return out

    def search(self, query: str, k: int = 3, *, min_score: float = 0.0, one_per_section: bool = True,
               exclude_articles: Collection[str] = ()) -> list[PassageHit]:
        """The ``k`` best passages (one per section by default), best first, scored 0..1 (see module doc)."""
        cands = self.candidates(query, exclude_articles=exclude_articles)
        if not len(cands.rows):
            return []
        index = self._current_index()
        if self.reranker is not None:
            scores = self.reranker.probabilities(cands.features)
            if cands.cosines is not None:
                scores = self._hybrid().combine(scores, cands.cosines)
        else:  # first-stage order; squashed to 0..1 so the scale stays the same
            scores = 1.0 - np.exp(-cands.features[:, 0] / 10.0)
        order = np.lexsort((np.arange(len(scores)), -scores))
        chosen: list[tuple[float, int]] = []
        seen_sections: set[tuple[str, str]] = set()
        per_article: dict[str, int] = {}
        for j in order.tolist():
            score, i = float(scores[j]), int(cands.rows[j])
            if score < min_score:
                break
            key = (index.slugs[i], index.sections[i])
            if one_per_section and key in seen_sections or per_article.get(key[0], 0) >= MAX_PER_ARTICLE:
                continue
            seen_sections.add(key)
            per_article[key[0]] = per_article.get(key[0], 0) + 1
            chosen.append((score, i))
            if len(chosen) >= k:
                break
        texts = self._texts([int(index.ids[i]) for _, i in chosen]) if chosen else {}
        return [
            PassageHit(
                passage_id=int(index.ids[i]), article_slug=index.slugs[i], article_title=index.titles[i],
                section=index.sections[i], text=texts[int(index.ids[i])],
                score=round(min(max(score, 0.0), 1.0), 4), url=index.urls[i],
            )
            for score, i in chosen
            if int(index.ids[i]) in texts and math.isfinite(score)
        ]
