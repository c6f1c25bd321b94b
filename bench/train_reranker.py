"""Learn the retrieval re-ranker's coefficients (responses/reranker.json) from graded consumer questions.

Reads MEDIQA 2019 task 3 from ../shared/data/retrieval/mediqa_qa (third-party; never copied into the repo),
imports its articles with the MedQuAD ones as distractors, and for every development question (splits
`train_alexa` and `validation` only; `test` is kept for reporting) takes the first stage's candidates and
their features. A candidate is positive when its (article, section) was graded 3 or 4. A standardised linear
model with non-negative weights is fitted and calibrated to a probability, and only its numbers (feature means and scales, coefficients, intercept) are written.

It also prints, for the abstain bar, how often the top passage is a good answer (grade >= 3) when its score is
above each bar, how many questions would go unanswered, and how many of the same questions are abstained on
when the articles judged for them are left out (questions nothing answers); it picks the bar that best
separates the two.

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
#: The abstain bar keeps at least this share of the development questions' good top passages.
KEEP_GOOD = 0.95


class TopicRemover:
    """The articles on a question's topic: every article judged for it, and every article whose title shares a
    rare title word (in at most RARE_TITLE_DF titles) with a judged one. Left out of the store, they make the
    question one that nothing answers (MedQuAD holds its own page on most MEDIQA topics, so leaving out only the
    judged pages would not)."""

    RARE_TITLE_DF = 25

    def __init__(self, retriever) -> None:  # noqa: ANN001
        index = retriever._current_index()
        titles = index.bm25.title_terms
        self.slugs: list[str] = [""] * len(titles)
        for slug, a in zip(index.slugs, index.article_of.tolist(), strict=True):
            self.slugs[a] = slug
        self.by_slug = {slug: a for a, slug in enumerate(self.slugs)}
        df: dict[str, int] = {}
        for terms in titles:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        self.titles = [{t for t in terms if df[t] <= self.RARE_TITLE_DF} for terms in titles]
        self.by_term: dict[str, set[int]] = {}
        for a, terms in enumerate(self.titles):
            for t in terms:
                self.by_term.setdefault(t, set()).add(a)

    def __call__(self, judged: set[str]) -> set[str]:
        out = set(judged)
        for slug in judged:
            for t in self.titles[self.by_slug[slug]] if slug in self.by_slug else ():
                out.update(self.slugs[a] for a in self.by_term[t])
        return out


def dataset(retriever, questions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # noqa: ANN001
    """Features, labels (grade >= 3) and question index of every candidate of every question; then, for every
    question, the candidates once its topic's articles are left out, all negative (question index + len)."""
    index = retriever._current_index()
    remove = TopicRemover(retriever)
    xs, ys, groups = [], [], []
    for qi, q in enumerate(questions):
        grades = q.grades()
        cands = retriever.candidates(q.question)
        for row, features in zip(cands.rows.tolist(), cands.features, strict=True):
            xs.append(features)
            ys.append(grades.get((index.slugs[row], index.sections[row]), 0) >= 3)
            groups.append(qi)
        empty = retriever.candidates(q.question, exclude_articles=remove({a for a, _ in grades}))
        for features in empty.features:
            xs.append(features)
            ys.append(False)
            groups.append(qi + len(questions))
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=int), np.asarray(groups)


def split_weights(questions, groups: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """Each split weighs the same in all (102 short templated Alexa questions would otherwise drown the 24 real
    consumer questions of `validation`, which are what members write), and each question the same within it."""
    splits = [q.split for q in questions] * 2  # (the unanswerable copies come second)
    per_split = {s: splits.count(s) for s in set(splits)}
    per_question = np.bincount(groups, minlength=len(splits))
    w = np.array([1.0 / (per_split[splits[g]] * per_question[g]) for g in groups])
    return w * len(w) / w.sum()


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, answerable: np.ndarray) -> dict[str, object]:
    from responses.rerank import ABSOLUTE_AT, FEATURES

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    z = (x - scaler.mean_) / scale
    # The order: every per-candidate feature is a relevance signal, so its weight is kept >= 0 (an unconstrained
    # fit learnt to invert the order within an article, an artefact of which pages were judged rather than of
    # what answers a question). Learnt on the answerable questions only: ranking is what they can teach.
    ridge = Ridge(alpha=ALPHA, positive=True).fit(z[answerable, :ABSOLUTE_AT], y[answerable],
                                                 sample_weight=weights[answerable])
    combined = z[:, :ABSOLUTE_AT] @ ridge.coef_
    # The probability: one logistic fit over that sum and the per-post absolute features, on the answerable
    # questions and their unanswerable copies, so that a post nothing matches scores low. (The absolute features
    # are the same for all of a post's candidates: they move its scores, not their order.) An absolute feature
    # that comes out negative is dropped, as a relevance signal cannot lower relevance.
    keep = list(range(ABSOLUTE_AT, len(FEATURES)))
    while True:
        design = np.column_stack([combined, z[:, keep]])
        calibration = LogisticRegression(C=C, max_iter=2000).fit(design, y, sample_weight=weights)
        coefs = calibration.coef_[0]
        negative = [k for k, c in zip(keep, coefs[1:], strict=True) if c < 0]
        if not negative:
            break
        keep = [k for k in keep if k not in negative]
    coef = np.zeros(len(FEATURES))
    coef[:ABSOLUTE_AT] = coefs[0] * ridge.coef_
    coef[keep] = coefs[1:]
    return {"features": list(FEATURES), "mean": scaler.mean_.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": coef.round(6).tolist(), "intercept": round(float(calibration.intercept_[0]), 6),
            "trained_on": "MEDIQA 2019 task 3, splits train_alexa + validation, and the same questions with "
                          "their topic's articles left out (bench/train_reranker.py)",
            "rows": int(len(y)), "positives": int(y.sum()), "alpha": ALPHA}


def abstain_table(retriever, questions) -> float:  # noqa: ANN001
    """For each bar: how many development questions keep an answer (and how often its top passage is good), and
    how many are abstained on when every article judged for them is left out of the store (the same questions
    with nothing to answer them: what an off-topic post looks like to the bar). Returns the chosen bar: the
    highest that keeps at least KEEP_GOOD of the good top passages (a good answer withheld costs a member more
    than a weak one shown, which the reply's other passages and the moderators' queue soften)."""
    tops, empties = [], []
    remove = TopicRemover(retriever)
    for q in questions:
        grades = q.grades()
        hits = retriever.search(q.question, k=1)
        tops.append((hits[0].score, grades.get((hits[0].article_slug, hits[0].section), 0) >= 3) if hits
                    else (0.0, False))
        empty = retriever.search(q.question, k=1, exclude_articles=remove({article for article, _ in grades}))
        empties.append(empty[0].score if empty else 0.0)
    good = [s for s, ok in tops if ok]
    print("bar    answered  top-1 good among answered  good tops kept  unanswerable abstained")
    best_bar = 0.0
    for bar in np.round(np.arange(0.0, 0.61, 0.025), 3):
        above = [ok for s, ok in tops if s >= bar]
        kept = float(np.mean([s >= bar for s in good])) if good else 0.0
        abstained = float(np.mean([s < bar for s in empties]))
        if kept >= KEEP_GOOD:
            best_bar = float(bar)
        print(f"{bar:<7}{len(above):>8}  {np.mean(above) if above else 0:>23.3f}  {kept:>13.3f}  {abstained:>22.3f}")
    print(f"chosen bar {best_bar}: the highest that keeps >= {KEEP_GOOD:.0%} of the good top passages")
    return best_bar


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
        coefficients = fit(x, y, split_weights(dev, groups), groups < len(dev))
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
