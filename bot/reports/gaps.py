"""Content gaps: the questions the articles do not answer, grouped into topics ("write or fix an article about X").

Gap posts (see :func:`data.stats.content_gap_posts`) are clustered with TF-IDF and k-means; each topic is named
by its heaviest terms and shown with its count, up to two example posts with personal data masked, and the
article that comes closest (the retriever's best hit for the most typical post). Clustering is seeded, so the
same posts give the same topics.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from classifier.text import clean_text
from data.stats import GapPost
from responses.personal_data import mask_personal_data

__all__ = ["ClosestArticle", "content_gaps", "mask_example", "MAX_TOPICS", "EXAMPLE_CHARS"]

MAX_TOPICS = 8
EXAMPLES_PER_TOPIC = 2
EXAMPLE_CHARS = 160
TOPIC_TERMS = 3


@dataclass(frozen=True)
class ClosestArticle:
    title: str
    score: float


#: Finds the existing article closest to a text (the CLI and the bot pass the retriever's best hit).
ArticleFinder = Callable[[str], ClosestArticle | None]


def mask_example(text: str) -> str:
    """A post fit to show in a report: mentions and links dropped, personal data masked, cut short."""
    masked = mask_personal_data(clean_text(text, limit=EXAMPLE_CHARS * 4))
    return masked if len(masked) <= EXAMPLE_CHARS else masked[: EXAMPLE_CHARS - 1].rstrip() + "…"


def _n_topics(n: int) -> int:
    return max(1, min(MAX_TOPICS, round(math.sqrt(n / 2))))


def content_gaps(posts: Sequence[GapPost], closest_article: ArticleFinder | None = None,
                 min_score: float | None = None) -> dict[str, Any]:
    """Topics of unanswered posts, largest first. ``min_score``: the retrieval bar, to tell "fix" from "write"."""
    reasons = {"no_match": sum("no_match" in p.reasons for p in posts),
               "not_helpful": sum("not_helpful" in p.reasons for p in posts)}
    texts = [clean_text(p.text) for p in posts]
    keep = [i for i, t in enumerate(texts) if t]
    if not keep:
        return {"posts": len(posts), "reasons": reasons, "topics": []}
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_features=20_000)
    try:
        matrix = vectorizer.fit_transform([texts[i] for i in keep])
    except ValueError:  # nothing but stop words
        return {"posts": len(posts), "reasons": reasons, "topics": []}
    k = min(_n_topics(len(keep)), matrix.shape[0])
    if k > 1:
        # one thread: on a busy machine OpenMP's spinning threads made this many times slower (bench/bench_report.py)
        with threadpool_limits(limits=1):
            model = KMeans(n_clusters=k, n_init=4, random_state=0).fit(matrix)
        assignment, centres = model.labels_, model.cluster_centers_
    else:
        assignment = np.zeros(matrix.shape[0], dtype=int)
        centres = np.asarray(matrix.mean(axis=0))
    terms = vectorizer.get_feature_names_out()
    topics = []
    for c in range(k):
        members = np.flatnonzero(assignment == c)
        if len(members) == 0:
            continue
        centre = np.asarray(centres[c]).ravel()
        top_terms = [str(terms[j]) for j in np.argsort(-centre)[:TOPIC_TERMS] if centre[j] > 0]
        closeness = np.asarray(matrix[members] @ centre).ravel()
        typical = [keep[int(members[j])] for j in np.argsort(-closeness, kind="stable")]
        article = closest_article(texts[typical[0]]) if closest_article else None
        topic = ", ".join(top_terms) or "(no common words)"
        if article is not None and (min_score is None or article.score >= min_score):
            suggestion = f"Fix or extend “{article.title}” to cover {topic}"
        else:
            suggestion = f"Write an article about {topic}"
        topics.append({
            "topic": topic,
            "terms": top_terms,
            "posts": int(len(members)),
            "examples": [mask_example(posts[i].text) for i in typical[:EXAMPLES_PER_TOPIC]],
            "closest_article": None if article is None else {"title": article.title,
                                                              "score": round(article.score, 4)},
            "suggestion": suggestion,
        })
    topics.sort(key=lambda t: (-int(t["posts"]), str(t["topic"])))  # type: ignore[call-overload]
    return {"posts": len(posts), "reasons": reasons, "topics": topics}
