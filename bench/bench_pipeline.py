"""Pipeline speed with the 5,476 MedQuAD articles plus the shipped ones loaded: latency per post (classify +
retrieve + compose + record) p50/p95/p99, throughput, resident memory, and cold start (process start to first
answer, with the model already trained)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    MEDQUAD_ARTICLES,
    REPO,
    WEAK_POSTS,
    peak_rss_mb,
    percentiles,
    read_weak_posts,
    reference_loop_seconds,
    require,
    save,
    timer,
)

SERVE = r"""
import json, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from bot.app import TriageApp
from bot.pipeline import Post
app = TriageApp.open(Path(sys.argv[1]) / "triage.db")
posts = [json.loads(l)["text"] for l in open(sys.argv[3], encoding="utf-8")][:500]
for i, text in enumerate(posts):
    app.pipeline.handle_post(Post(text=text, face="serve", external_id=f"s{i}"))
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) / 1024)
"""


def main() -> None:
    if not require(MEDQUAD_ARTICLES, WEAK_POSTS):
        return
    from bot.app import TriageApp
    from bot.pipeline import Post
    from responses.importer import import_articles

    home = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    os.environ["TRIAGE_HOME"] = str(home)
    app = TriageApp.open(home / "triage.db")
    with timer() as imported:
        import_articles(app.db, [MEDQUAD_ARTICLES])
    app.retriever.warm_up()
    posts = [text for text, _ in read_weak_posts()]
    random.Random(0).shuffle(posts)
    posts = posts[:2000]
    pipeline = app.pipeline
    for i, text in enumerate(posts[:50]):  # warm caches
        pipeline.handle_post(Post(text=text, face="bench", external_id=f"warm-{i}"))
    latencies = []
    started = time.perf_counter()
    for i, text in enumerate(posts):
        t0 = time.perf_counter()
        pipeline.handle_post(Post(text=text, face="bench", external_id=f"p-{i}", author_id=str(i % 50)))
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    app.close()

    env = {**os.environ, "TRIAGE_HOME": str(home)}
    cold = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot.cli", "ask", "What causes muscle atrophy?"], env=env, cwd=REPO,
                       capture_output=True, check=True)
        cold.append(time.perf_counter() - t0)
    # Resident memory of a serving process: a fresh process that opens the store (model and index from disk, as
    # `triage run` does after a restart) and answers 500 posts. The benchmark process itself also imported and
    # trained, so its own RSS says more about those one-off jobs than about serving.
    serve = subprocess.run([sys.executable, "-c", SERVE, str(home), str(REPO), str(WEAK_POSTS)], env=env, cwd=REPO,
                           capture_output=True, text=True, check=True)
    serving_rss = float(serve.stdout.strip().splitlines()[-1])
    result = {
        "posts": len(posts), "passages_loaded": "MedQuAD 5,476 + shipped",
        "latency_ms": percentiles(latencies), "throughput_posts_per_s": round(len(posts) / elapsed, 1),
        "rss_serving_mb": round(serving_rss, 1), "bench_process_peak_rss_mb": peak_rss_mb(),
        "cold_start_s": round(min(cold), 2), "import_s": imported["seconds"],
        "reference_loop_s": reference_loop_seconds(),
    }
    print("pipeline (record + red flags + classify + retrieve + compose + record), MedQuAD loaded")
    for key, value in result.items():
        print(f"  {key}: {value}")
    save("pipeline", result)


if __name__ == "__main__":
    main()
