"""Learning curve: moderators label real posts in steps and the bot is retrained at each step.

Takes the real, weakly labelled posts (labels are noisy: treat them as an imperfect moderator), holds out a fixed
stratified 25 %, feeds the rest as moderator labels in steps of 0, 100, 300, 1,000 and 3,000, retrains (seed posts +
labels so far, with threshold calibration, as `triage retrain` does) and reports macro-F1 and per-class recall on
the held-out part, plus the time each retrain took.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from common import WEAK_POSTS, read_weak_posts, require, save, table

STEPS = (0, 100, 300, 1000, 3000)


def main(steps: tuple[int, ...] = STEPS) -> None:
    if not require(WEAK_POSTS):
        return
    from sklearn.model_selection import train_test_split

    from classifier.evaluate import evaluate_model
    from classifier.examples import Example, load_seed
    from classifier.labels import Label
    from classifier.registry import ModelRegistry
    from data.db import open_memory_db
    from data.paths import SHIPPED_SEED_DIR

    posts = read_weak_posts()
    texts, labels = [t for t, _ in posts], [lab for _, lab in posts]
    pool_t, test_t, pool_y, test_y = train_test_split(texts, labels, test_size=0.25, random_state=0, stratify=labels)
    test = [Example(t, Label(y)) for t, y in zip(test_t, test_y, strict=True)]
    pool = [Example(t, Label(y)) for t, y in zip(pool_t, pool_y, strict=True)]
    random.Random(0).shuffle(pool)
    seed = load_seed(SHIPPED_SEED_DIR)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        registry = ModelRegistry(open_memory_db(), Path(scratch), SHIPPED_SEED_DIR)
        for n in steps:
            labelled = pool[:n]
            started = time.perf_counter()
            candidate = registry.train_candidate(seed + labelled, n_seed=len(seed), n_labels=len(labelled))
            seconds = time.perf_counter() - started
            report = evaluate_model(candidate.model, test)
            row = {"labels": n, "macro_f1": round(report.macro_f1, 3),
                   "answered": report.answered, "queued": report.queued,
                   "retrain_s": round(seconds, 1)}
            for label in ("research_help", "personal_symptoms", "general_info"):
                pc = report.per_class.get(label)
                row[f"recall_{label}"] = None if pc is None or pc.recall is None else round(pc.recall, 3)
            rows.append(row)
            print(f"  step {n}: macro-F1 {row['macro_f1']} ({row['retrain_s']} s)", file=sys.stderr)
    print(f"Learning curve on {len(test)} held-out real posts (weak labels; {len(pool)} available as labels)")
    print(table(rows, ["labels", "macro_f1", "recall_research_help", "recall_personal_symptoms",
                       "recall_general_info", "retrain_s"]))
    save("learning_curve", {"held_out": len(test), "rows": rows})


if __name__ == "__main__":
    main()
