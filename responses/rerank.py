"""The re-ranker: a linear model with non-negative weights over a handful of features of each candidate passage,
calibrated to a probability by a logistic function.

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

#: What the re-ranker sees of a candidate, in this column order (see ``Retriever.candidates``).
FEATURES: tuple[str, ...] = (
    "first_stage",       # the field-weighted BM25 score
    "first_stage_rel",   # ... divided by the best candidate's
    "text",              # BM25 of the passage text
    "title",             # BM25 of the article title
    "section",           # BM25 of the section heading
    "title_coverage",    # share of the title's terms the post uses: the post names the article's topic
    "head_title_coverage",  # ... within the post's opening words (a subject line, a first sentence)
    "type_match",        # the section heading answers the kind of question asked (causes, treatment ...)
    "no_type_first",     # no question type detected and the passage opens its article
    "first_passage",     # the passage opens its article
    "article_best_rel",  # the best first-stage score of the passage's article, relative to the best overall
    # absolute, one value per post: what lets the score say "nothing answers" (the features above order the
    # candidates; this says how well the best of them matches at all)
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
