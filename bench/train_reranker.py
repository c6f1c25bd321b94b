"""Learn the retrieval re-ranker's coefficients (responses/reranker.json) from graded consumer questions.

Reads MEDIQA 2019 task 3 from ../shared/data/retrieval/mediqa_qa (third-party; never copied into the repo),
imports its articles with the MedQuAD ones as distractors, and for every development question (splits
`train_alexa` and `validation` only; `test` is kept for reporting) takes the first stage's candidates and
their features. A candidate is positive when its (article, section) was graded 3 or 4. A standardised linear
model with non-negative weights is fitted and calibrated to a probability, and only its numbers (feature means and scales, coefficients, intercept) are written.

It also prints, for the abstain bar, how often the top passage is a good answer (grade >= 3) when its score is
above each bar, and how many questions would go unanswered.

    .venv/bin/python bench/train_reranker.py [--db /tmp/mediqa.db] [--write]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from common import MEDQUAD_ARTICLES, SHARED, require
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler

MEDIQA = SHARED / "retrieval" / "mediqa_qa"
DEV_SPLITS = ("train_alexa", "validation")
C = 1.0
ALPHA = 1.0


def dataset(retriever, questions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # noqa: ANN001
    """Features, labels (grade >= 3) and question index of every candidate of every question."""
    index = retriever._current_index()
    xs, ys, groups = [], [], []
    for qi, q in enumerate(questions):
        grades = q.grades()
        cands = retriever.candidates(q.question)
        for row, features in zip(cands.rows.tolist(), cands.features, strict=True):
            xs.append(features)
            ys.append(grades.get((index.slugs[row], index.sections[row]), 0) >= 3)
            groups.append(qi)
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=int), np.asarray(groups)


def split_weights(questions, groups: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """Each split weighs the same in all (102 short templated Alexa questions would otherwise drown the 24 real
    consumer questions of `validation`, which are what members write), and each question the same within it."""
    splits = [q.split for q in questions]
    per_split = {s: splits.count(s) for s in set(splits)}
    per_question = np.bincount(groups, minlength=len(questions))
    w = np.array([1.0 / (per_split[splits[g]] * per_question[g]) for g in groups])
    return w * len(w) / w.sum()


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> dict[str, object]:
    from responses.rerank import FEATURES

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    z = (x - scaler.mean_) / scale
    # Every feature is a relevance signal, so its weight is kept >= 0: an unconstrained fit learnt to invert
    # the order within an article (a negative weight on the first-stage score), an artefact of which pages
    # were judged rather than of what answers a question. Then one logistic fit maps the sum to a probability.
    ridge = Ridge(alpha=ALPHA, positive=True).fit(z, y, sample_weight=weights)
    combined = (z @ ridge.coef_).reshape(-1, 1)
    calibration = LogisticRegression(C=C, max_iter=2000).fit(combined, y, sample_weight=weights)
    a, b = float(calibration.coef_[0][0]), float(calibration.intercept_[0])
    return {"features": list(FEATURES), "mean": scaler.mean_.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": (a * ridge.coef_).round(6).tolist(), "intercept": round(b, 6),
            "trained_on": "MEDIQA 2019 task 3, splits train_alexa + validation (bench/train_reranker.py)",
            "rows": int(len(y)), "positives": int(y.sum()), "alpha": ALPHA}


def abstain_table(retriever, questions) -> None:  # noqa: ANN001
    tops = []
    for q in questions:
        hits = retriever.search(q.question, k=1)
        if hits:
            tops.append((hits[0].score, q.grades().get((hits[0].article_slug, hits[0].section), 0) >= 3))
        else:
            tops.append((0.0, False))
    print("bar   answered  top-1 good (grade>=3) among answered  good among abstained")
    for bar in (0.0, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4):
        above = [good for s, good in tops if s >= bar]
        below = [good for s, good in tops if s < bar]
        print(f"{bar:<6}{len(above):>8}  {np.mean(above) if above else 0:>10.3f}"
              f"{np.mean(below) if below else 0:>32.3f}  (n={len(below)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="reuse this store (articles imported once)")
    parser.add_argument("--write", action="store_true", help="write responses/reranker.json")
    args = parser.parse_args()
    if not require(MEDIQA, MEDQUAD_ARTICLES):
        return
    from data.db import open_db
    from responses.importer import import_articles
    from responses.rerank import COEFFICIENTS_PATH, Reranker
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_graded, read_graded_questions

    questions, _ = read_graded_questions(MEDIQA / "questions.jsonl")
    dev = [q for q in questions if q.split in DEV_SPLITS]
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(args.db or Path(scratch) / "train.db")
        import_articles(db, [MEDIQA / "articles", MEDQUAD_ARTICLES], actor="bench")
        first_stage = Retriever(db, reranker=None)
        x, y, groups = dataset(first_stage, dev)
        coefficients = fit(x, y, split_weights(dev, groups))
        print(f"{len(dev)} development questions, {len(y)} candidates, {int(y.sum())} positives")
        for name, c in zip(coefficients["features"], coefficients["coef"], strict=True):  # type: ignore[call-overload]
            print(f"  {name:<22}{c:+.3f}")
        reranked = Retriever(db, reranker=Reranker.from_dict(coefficients))
        reranked._index = first_stage._index  # (same store: share the index)
        reranked._version = first_stage._version
        for name, retriever in (("first stage", first_stage), ("re-ranked", reranked)):
            report = evaluate_graded(retriever, questions)
            print(name, {k: (v.ndcg_at_5, v.p_at_5) for k, v in report.splits.items()})
        abstain_table(reranked, dev)
        db.close()
    if args.write:
        COEFFICIENTS_PATH.write_text(json.dumps(coefficients, indent=1) + "\n")
        print(f"wrote {COEFFICIENTS_PATH}")


if __name__ == "__main__":
    main()
