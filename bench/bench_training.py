"""Training and retraining time and peak memory at 1k, 10k and 100k labelled posts.

Real posts are repeated to reach the size (the weak-labelled set has about 5.8k posts), each copy lightly varied
(a short prefix) so the vectorisers see distinct texts; this is said in the output. Each size runs in a fresh
subprocess so its peak memory is its own. "train" is one fit; "retrain" is what `triage retrain` does (threshold
calibration on out-of-fold probabilities, five folds or two from 5k posts, + fit + skops save).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from common import WEAK_POSTS, reference_loop_seconds, require, save, table

SIZES = (1_000, 10_000, 100_000)

CHILD = r"""
import json, random, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from classifier.examples import Example, load_seed
from classifier.labels import Label
from classifier.registry import ModelRegistry
from classifier.train import fit_pipeline
from data.db import open_memory_db
from data.paths import SHIPPED_SEED_DIR
size = int(sys.argv[1])
posts = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8") if l.strip()]
rng = random.Random(0)
prefixes = ["", "hi, ", "question: ", "hello all. ", "hey ", "so ", "ok ", "quick one: "]
examples = []
while len(examples) < size:
    for p in posts:
        examples.append(Example(rng.choice(prefixes) + p["text"], Label(p["label"])))
        if len(examples) >= size:
            break
seed = load_seed(SHIPPED_SEED_DIR)
t = time.perf_counter(); fit_pipeline(seed + examples); train_s = time.perf_counter() - t
with tempfile.TemporaryDirectory() as d:
    registry = ModelRegistry(open_memory_db(), Path(d), SHIPPED_SEED_DIR)
    t = time.perf_counter(); registry.train_candidate(seed + examples, n_seed=len(seed), n_labels=size)
    retrain_s = time.perf_counter() - t
print(json.dumps({"labels": size, "train_s": round(train_s, 1), "retrain_s": round(retrain_s, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def main(sizes: tuple[int, ...] = SIZES) -> None:
    if not require(WEAK_POSTS):
        return
    repo = str(Path(__file__).resolve().parents[1])
    rows = []
    loop_before = reference_loop_seconds()
    for size in sizes:
        out = subprocess.run([sys.executable, "-c", CHILD, str(size), repo, str(WEAK_POSTS)], capture_output=True,
                             text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"  {size}: {rows[-1]}", file=sys.stderr)
    loops = (loop_before, reference_loop_seconds())
    print("Training time and peak memory (real posts repeated with small variations to reach each size)")
    print(table(rows, ["labels", "train_s", "retrain_s", "peak_rss_mb"]))
    print(f"machine speed: reference loop {loops[0]} s before, {loops[1]} s after (lower is faster)")
    save("training", {"rows": rows, "reference_loop_s": loops,
                      "note": "real weak-labelled posts repeated with a short prefix to reach size"})


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
