"""Run every benchmark in order and print their tables (`make bench`). Each script skips cleanly when the
third-party data in ../shared/data is absent; results are also written to bench/results/*.json."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_real_posts.py", "bench_safety.py", "bench_language.py", "bench_retrieval.py", "bench_pipeline.py",
           "bench_classification.py", "learning_curve.py", "bench_training.py", "bench_report.py",
           "bench_discord.py"]


def main() -> int:
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)], cwd=HERE).returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
