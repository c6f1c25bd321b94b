"""Choose how the hybrid retriever combines the re-ranker's probability with MiniLM cosine (responses/dense.json).

Needs the `embeddings` extra. Runs on the dense benchmark's corpus (bench/dense_corpus.py: MEDIQA's articles and
a fixed sample of MedQuAD ones, vectors cached on disk) and on the development questions only (`train_alexa` and
`validation`; `test` is kept for reporting). For each number of dense candidates and each cosine weight w, the
ranking score is logit(re-ranker probability) + w * cosine; the pair with the best development nDCG@5 (each split
weighing the same) is kept, then one logistic fit on that score calibrates it back to a probability (a positive
scale does not change the order).

    .venv/bin/python bench/train_dense.py [--db /tmp/dense.db] [--write]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from common import MEDQUAD_ARTICLES, require
from dense_corpus import MEDIQA, build
from sklearn.linear_model import LogisticRegression

DEV_SPLITS = ("train_alexa", "validation")
WEIGHTS = (0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0, 64.0, 96.0, 128.0, 256.0)
DENSE_CANDIDATES = (0, 10, 20, 40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="reuse this store (articles and vectors made once)")
    parser.add_argument("--write", action="store_true", help="write responses/dense.json")
    args = parser.parse_args()
    if not require(MEDIQA, MEDQUAD_ARTICLES):
        return
    from data.db import open_db
    from responses.dense import HYBRID_PATH, MODEL, HybridWeights, available
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_graded, read_graded_questions

    if not available():
        print("SKIP: the embeddings extra is not installed (.venv/bin/pip install -e '.[embeddings]')")
        return
    questions, _ = read_graded_questions(MEDIQA / "questions.jsonl")
    dev = [q for q in questions if q.split in DEV_SPLITS]
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(args.db or Path(scratch) / "dense.db")
        build(db)
        retriever = Retriever(db, use_dense=True, hybrid=HybridWeights(1.0, 0.0, 0.0, 0))
        assert retriever.dense_active, "every passage should have a vector"
        results = []
        for k in DENSE_CANDIDATES:
            for w in WEIGHTS:
                retriever.hybrid = HybridWeights(1.0, w, 0.0, k)
                report = evaluate_graded(retriever, dev)
                score = float(np.mean([s.ndcg_at_5 for s in report.splits.values()]))
                results.append((score, -w, -k))
                print(f"k={k:<3} w={w:<5} dev nDCG@5 {score:.4f} "
                      + " ".join(f"{n}={s.ndcg_at_5}" for n, s in report.splits.items()), flush=True)
        best, neg_w, neg_k = max(results)
        w, k = -neg_w, -neg_k
        print(f"chosen: {k} dense candidates, cosine weight {w} (dev nDCG@5 {best:.4f}; w=0, k=0 is the "
              f"re-ranker alone: {[r for r in results if r[1] == 0 and r[2] == 0][0][0]:.4f})")
        # calibration: one logistic fit of grade >= 3 on the chosen score, each split weighing the same
        retriever.hybrid = HybridWeights(1.0, w, 0.0, k)
        index = retriever._current_index()
        xs, ys, weights = [], [], []
        per_split = {s: sum(q.split == s for q in dev) for s in DEV_SPLITS}
        for q in dev:
            cands = retriever.candidates(q.question)
            assert retriever.reranker is not None and cands.cosines is not None
            p = np.clip(retriever.reranker.probabilities(cands.features), 1e-6, 1 - 1e-6)
            s = np.log(p / (1 - p)) + w * cands.cosines
            grades = q.grades()
            for row, value in zip(cands.rows.tolist(), s.tolist(), strict=True):
                xs.append([value])
                ys.append(grades.get((index.slugs[row], index.sections[row]), 0) >= 3)
                weights.append(1.0 / (per_split[q.split] * len(cands.rows)))
        model = LogisticRegression(max_iter=1000).fit(np.asarray(xs), np.asarray(ys),
                                                      sample_weight=np.asarray(weights) * len(weights))
        a, c = float(model.coef_[0][0]), float(model.intercept_[0])
        data = {"model": MODEL, "rerank_weight": round(a, 6), "cosine_weight": round(a * w, 6),
                "intercept": round(c, 6), "dense_candidates": k, "dev_ndcg_at_5": round(best, 4),
                "trained_on": "MEDIQA 2019 task 3, splits train_alexa + validation, over MEDIQA's articles and "
                              "a fixed sample of 600 MedQuAD articles (bench/train_dense.py)"}
        print(json.dumps(data, indent=1))
        db.close()
    if args.write:
        HYBRID_PATH.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {HYBRID_PATH}")


if __name__ == "__main__":
    main()
