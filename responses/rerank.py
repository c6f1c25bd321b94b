"""The re-ranker: a linear model over a handful of features of each candidate passage, learnt from pairs of
passages for the same question (which is better), then calibrated to a probability by a logistic function.

The first stage (field-weighted BM25) finds candidates; this stage orders them by the estimated chance that the
passage answers the question well. Its output is the passage score everywhere (replies, ``/debug``, the
abstain bar): a probability on one scale, 0 to 1.

The coefficients are numbers in ``reranker.json`` next to this module, learnt by ``bench/train_reranker.py``
from graded consumer questions (MEDIQA 2019, its ``train_alexa`` and ``validation`` splits, read from
``../shared/data``; no text from that data is shipped, only the coefficients and the feature names).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["ABSOLUTE_AT", "FEATURES", "Reranker", "load_reranker", "COEFFICIENTS_PATH"]

COEFFICIENTS_PATH = Path(__file__).with_name("reranker.json")

#: What the re-ranker sees of a candidate, in this column order (see ``Retriever.candidates``). "Query terms" are
#: the post's terms the first stage searched with; "opening terms" those among its first words (a subject line).
FEATURES: tuple[str, ...] = (
    "text",              # BM25 of the passage text
    "section",           # BM25 of the section heading
    "title_coverage",    # share of the title's terms the post uses: the post names the article's topic
    "head_title_coverage",  # ... within the post's opening words (a subject line, a first sentence)
    "no_type_first",     # no question type detected and the passage opens its article
    "article_best_rel",  # the best first-stage score of the passage's article, relative to the best overall
    "rank",              # -log(1 + the passage's place in the first stage's order)
    "head_coverage",     # idf-weighted share of the opening terms found in the passage, its heading or its title
    "heading_coverage",  # share of the heading's BM25 weight that query terms make up: the heading names the topic
    "length",            # log(1 + the passage's number of distinct terms)
    "article_rank",      # -log(1 + the place of the passage's article, articles ordered by their best passage)
    "type_match",        # share of the question's types the heading answers (responses.question_types.heading_types)
    "other_type",        # the heading answers some kind of question, but none the post asks
    # absolute, one value per post (the features above order the candidates; this says how well the best of them
    # matches at all). Offered to the calibration; its weight is 0 when it fits negative (see retrieval.MIN_SCORE)
    "first_stage_norm",  # the best field-weighted BM25 score per unit of the post's term weight
)
#: Column of the first absolute feature.
ABSOLUTE_AT = FEATURES.index("first_stage_norm")


@dataclass(frozen=True)
class Reranker:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Reranker:
        names: tuple[str, ...] = tuple(data["features"])  # type: ignore[arg-type]
        if names != FEATURES:
            raise ValueError(f"re-ranker features {names} differ from the code's {FEATURES}")
        mean, scale, coef = (np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef"))
        intercept = float(data["intercept"])  # type: ignore[arg-type]
        if any(a.shape != (len(FEATURES),) for a in (mean, scale, coef)) or not math.isfinite(intercept):
            raise ValueError("re-ranker coefficients have the wrong shape")
        return cls(mean, scale, coef, intercept)


@cache
def load_reranker(path: Path = COEFFICIENTS_PATH) -> Reranker:
    """The shipped re-ranker (read once). A missing or malformed file is an error: it ships with the code."""
    return Reranker.from_dict(json.loads(path.read_text()))
