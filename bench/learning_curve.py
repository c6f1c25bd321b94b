"""Learning curve: moderators label real posts in steps and the bot is retrained at each step.

The real, weakly labelled posts play the moderators (their labels are noisy, as a busy moderator's are) and are
fed as labels in steps of 0, 100, 300, 1,000 and 3,000; at each step the bot is retrained (seed posts + labels so
far, with threshold calibration, as `triage retrain` does) and measured on the hand-labelled dev set
(``dev_gold.jsonl``, none of whose posts is among the weak labels): macro-F1 over the three question labels,
per-class recall, and the time each retrain took.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from common import DEV_GOLD, WEAK_POSTS, read_weak_posts, require, save, table

STEPS = (0, 100, 300, 1000, 3000)


def main(steps: tuple[int, ...] = STEPS) -> None:
    if not require(WEAK_POSTS, DEV_GOLD):
        return
    from classifier.evaluate import evaluate_model
    from classifier.examples import Example, load_seed, read_examples
    from classifier.labels import Label
    from classifier.registry import ModelRegistry
    from data.db import open_memory_db
    from data.paths import SHIPPED_SEED_DIR

    pool = [Example(t, Label(y)) for t, y in read_weak_posts()]
    random.Random(0).shuffle(pool)
    test = read_examples(DEV_GOLD, dedupe=False).examples
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
            questions = [report.per_class[lab].f1 for lab in ("research_help", "personal_symptoms", "general_info")]
            row = {"labels": n, "macro_f1": round(sum(questions) / 3, 3),
                   "answered": report.answered, "queued": report.queued,
                   "retrain_s": round(seconds, 1)}
            for label in ("research_help", "personal_symptoms", "general_info", "other"):
                pc = report.per_class.get(label)
                row[f"recall_{label}"] = None if pc is None or pc.recall is None else round(pc.recall, 3)
            rows.append(row)
            print(f"  step {n}: macro-F1 {row['macro_f1']} ({row['retrain_s']} s)", file=sys.stderr)
    print(f"Learning curve on the {len(test)} hand-labelled dev posts ({len(pool)} weakly labelled real posts "
          "available as moderators' labels); macro-F1 over the three question labels")
    print(table(rows, ["labels", "macro_f1", "recall_research_help", "recall_personal_symptoms",
                       "recall_general_info", "recall_other", "retrain_s"]))
    save("learning_curve", {"held_out": len(test), "rows": rows})


if __name__ == "__main__":
    main()
