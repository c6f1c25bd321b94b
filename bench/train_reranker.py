"""Learn the retrieval re-ranker's coefficients (responses/reranker.json) from graded consumer questions.

Reads MEDIQA 2019 task 3 from ../shared/data/retrieval/mediqa_qa (third-party; never copied into the repo),
imports its articles with the MedQuAD ones as distractors, and for every development question (splits
`train_alexa` and `validation` only; `test` is kept for reporting) takes the first stage's candidates and
their features. The order is learnt from pairs of candidates of the same question: for every pair whose gains
differ (gain = grade - 1, 0 when not judged, as nDCG counts it), a logistic regression without intercept on the
difference of their standardised features learns which is better (weighted by the difference in gain; each
question and each split weighs the same). That linear score is then calibrated to a probability (with the
per-post absolute feature), and only the numbers (feature means and scales, coefficients, intercept) are written.

Before fitting on all development questions it prints their cross-validated nDCG@5: 5 folds over topics (questions
that share an article graded >= 3 form one topic, so the many `train_alexa` questions on one disease never sit on
both sides), repeated over 5 shuffles, each question scored by a model that never saw its topic. `test` is never
read here.

It also prints, for the abstain bar, how often the top passage is a good answer (grade >= 3) when its score is
above each bar, how many questions would go unanswered, and how many of the same questions are abstained on
when the articles judged for them are left out (questions nothing answers); it picks the bar that best
separates the two.

    .venv/bin/python bench/train_reranker.py [--db /tmp/mediqa.db] [--write] [--no-cv]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from common import MEDQUAD_ARTICLES, SHARED, require
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

MEDIQA = SHARED / "retrieval" / "mediqa_qa"
DEV_SPLITS = ("train_alexa", "validation")
C = 1.0
#: At most this many pairs a question (a random sample, fixed seed): long candidate lists would otherwise weigh
#: their pairs' features more than short ones.
MAX_PAIRS = 400
CV_FOLDS = 5
CV_SHUFFLES = 5
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
    """Features, grade (0 when not judged) and question index of every candidate of every question; then, for
    every question, the candidates once its topic's articles are left out, all ungraded (question index + len)."""
    index = retriever._current_index()
    remove = TopicRemover(retriever)
    xs, ys, groups = [], [], []
    for qi, q in enumerate(questions):
        grades = q.grades()
        cands = retriever.candidates(q.question)
        for row, features in zip(cands.rows.tolist(), cands.features, strict=True):
            xs.append(features)
            ys.append(grades.get((index.slugs[row], index.sections[row]), 0))
            groups.append(qi)
        empty = retriever.candidates(q.question, exclude_articles=remove({a for a, _ in grades}))
        for features in empty.features:
            xs.append(features)
            ys.append(0)
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


def topics(questions) -> list[int]:  # noqa: ANN001
    """A topic number per question: questions that share an article graded >= 3 are one topic (connected)."""
    parent = list(range(len(questions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, q in enumerate(questions):
        for j in q.judged:
            if j.grade >= 3:
                parent[root(i)] = root(owner.setdefault(j.article, i))
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers)) for i in range(len(questions))]


def pairwise_order(z: np.ndarray, gains: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Coefficients of a linear score learnt from pairs of one question's candidates: logistic regression on the
    difference of two candidates' features, target "the first has the higher gain", weight the gain difference
    (a grade-4 passage above an unjudged one counts more than grade 3 above grade 2), each question weighing what
    its rows weigh in ``weights``."""
    rng = np.random.default_rng(0)
    diffs, targets, pair_weights = [], [], []
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g)
        gain = gains[members]
        pairs = [(i, j) for i in np.flatnonzero(gain > 0) for j in range(len(members)) if gain[i] > gain[j]]
        if not pairs:
            continue
        if len(pairs) > MAX_PAIRS:
            pairs = [pairs[k] for k in rng.choice(len(pairs), MAX_PAIRS, replace=False)]
        question_weight = weights[members].sum() / len(pairs)
        for k, (i, j) in enumerate(pairs):
            sign = 1 if k % 2 == 0 else -1  # (both classes present, the model has no intercept to learn)
            diffs.append(sign * (z[members[i]] - z[members[j]]))
            targets.append(sign > 0)
            pair_weights.append(question_weight * (gain[i] - gain[j]))
    w = np.asarray(pair_weights)
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=3000)
    model.fit(np.asarray(diffs), np.asarray(targets), sample_weight=w * len(w) / w.sum())
    return model.coef_[0]


def fit_order(x: np.ndarray, grades: np.ndarray, groups: np.ndarray, weights: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean, scale, coefficients) of the ranking part, learnt on the rows given (answerable questions)."""
    from responses.rerank import ABSOLUTE_AT

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = (x - mean) / scale
    gains = np.maximum(grades - 1, 0)
    return mean, scale, pairwise_order(z[:, :ABSOLUTE_AT], gains, groups, weights)


def fit(x: np.ndarray, grades: np.ndarray, groups: np.ndarray, weights: np.ndarray, answerable: np.ndarray
        ) -> dict[str, object]:
    from responses.rerank import ABSOLUTE_AT, FEATURES

    y = (grades >= 3).astype(int)
    mean, scale, order = fit_order(x[answerable], grades[answerable], groups[answerable], weights[answerable])
    z = (x - mean) / scale
    combined = z[:, :ABSOLUTE_AT] @ order
    # The probability: one logistic fit over that score and the per-post absolute features, on the answerable
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
    if coefs[0] <= 0:
        raise RuntimeError("the calibration inverted the learnt order")
    coef = np.zeros(len(FEATURES))
    coef[:ABSOLUTE_AT] = coefs[0] * order
    coef[keep] = coefs[1:]
    return {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": coef.round(6).tolist(), "intercept": round(float(calibration.intercept_[0]), 6),
            "trained_on": "MEDIQA 2019 task 3, splits train_alexa + validation (order: pairs of candidates of "
                          "each question; calibration: the same questions and copies with their topic's "
                          "articles left out) (bench/train_reranker.py)",
            "rows": int(len(y)), "positives": int(y.sum()), "C": C}


def cross_validate(retriever, questions, x: np.ndarray, grades: np.ndarray, groups: np.ndarray,  # noqa: ANN001
                   weights: np.ndarray) -> dict[str, float]:
    """nDCG@5 per split (and over both, and their mean) of each question ranked by an order learnt without its
    topic: CV_FOLDS folds over topics, CV_SHUFFLES shuffles, the mean per question over shuffles."""
    from responses.retrieval_eval import graded_gains

    index = retriever._current_index()
    keys = [[(index.slugs[r], index.sections[r]) for r in retriever.candidates(q.question).rows.tolist()]
            for q in questions]
    n = len(questions)
    topic = np.asarray(topics(questions))
    scores = np.zeros((CV_SHUFFLES, n))
    for shuffle in range(CV_SHUFFLES):
        folds = GroupKFold(CV_FOLDS, shuffle=True, random_state=shuffle).split(np.arange(n), groups=topic)
        for train, held in folds:
            rows = np.isin(groups, train)
            mean, scale, order = fit_order(x[rows], grades[rows], groups[rows], weights[rows])
            for qi in held.tolist():
                mine = groups == qi
                score = ((x[mine] - mean) / scale)[:, :len(order)] @ order
                ranked: list[tuple[str, str]] = []
                for j in np.lexsort((np.arange(len(score)), -score)).tolist():
                    if keys[qi][j] not in ranked:
                        ranked.append(keys[qi][j])
                scores[shuffle, qi] = graded_gains(ranked[:5], questions[qi])[0]
    per_question = scores.mean(axis=0)
    out = {s: round(float(np.mean([v for q, v in zip(questions, per_question, strict=True) if q.split == s])), 4)
           for s in DEV_SPLITS}
    out["both"] = round(float(per_question.mean()), 4)
    out["mean of splits"] = round(float(np.mean([out[s] for s in DEV_SPLITS])), 4)
    return out


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
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated figures")
    args = parser.parse_args()
    if not require(MEDIQA, MEDQUAD_ARTICLES):
        return
    from data.db import open_db
    from responses.importer import import_articles
    from responses.rerank import COEFFICIENTS_PATH, Reranker
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_graded, read_graded_questions

    questions, _ = read_graded_questions(MEDIQA / "questions.jsonl")
    dev = [q for q in questions if q.split in DEV_SPLITS]  # (`test` is never scored here)
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(args.db or Path(scratch) / "train.db")
        import_articles(db, [MEDIQA / "articles", MEDQUAD_ARTICLES], actor="bench")
        first_stage = Retriever(db, reranker=None, use_dense=False)
        x, grades, groups = dataset(first_stage, dev)
        weights = split_weights(dev, groups)
        answerable = groups < len(dev)
        print(f"{len(dev)} development questions ({len(set(topics(dev)))} topics), {len(grades)} candidates, "
              f"{int((grades >= 3).sum())} graded >= 3")
        if not args.no_cv:
            cv = cross_validate(first_stage, dev, x[answerable], grades[answerable], groups[answerable],
                                weights[answerable])
            print(f"cross-validated nDCG@5 ({CV_FOLDS} folds over topics x {CV_SHUFFLES} shuffles): {cv}")
        coefficients = fit(x, grades, groups, weights, answerable)
        for name, c in zip(coefficients["features"], coefficients["coef"], strict=True):  # type: ignore[call-overload]
            print(f"  {name:<22}{c:+.3f}")
        reranked = Retriever(db, reranker=Reranker.from_dict(coefficients), use_dense=False)
        reranked._index = first_stage._index  # (same store: share the index)
        reranked._version = first_stage._version
        for name, retriever in (("first stage", first_stage), ("re-ranked, fitted on these questions", reranked)):
            report = evaluate_graded(retriever, dev)
            print(name, {k: (v.ndcg_at_5, v.p_at_5) for k, v in report.splits.items()})
        abstain_table(reranked, dev)
        db.close()
    if args.write:
        COEFFICIENTS_PATH.write_text(json.dumps(coefficients, indent=1) + "\n")
        print(f"wrote {COEFFICIENTS_PATH}")


if __name__ == "__main__":
    main()
