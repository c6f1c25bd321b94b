"""Emergency detection: recall and false alarms of the rules, the learned component and both together.

The sets: the project's unread fresh safety sets (``data/safety/safety_fresh_v10.jsonl``, ``_v11`` and
``_v12``, 828, 830 and 830 posts written without reading the rules, the training examples or the earlier sets; never trained on or tuned
against; and ``_v13``, 480 posts in the long tail of words for the named signs), the hand-labelled real posts of ``../shared/data/posts/dev_gold.jsonl`` (``urgent: true`` on 48 of
1,075), and two random samples of the weakly labelled real posts that we labelled for urgency ourselves
(``bench/labels/``), each read two ways: one labeller's call, and "both labellers" (urgent only when a second,
blind labeller agreed, as dev_gold and the owners' held-out set are labelled); the real sets are skipped when
../shared is absent. The nine earlier fresh sets were read to
improve the rules and are training examples now (``train_urgency_from_fresh_v1..v9.jsonl``), so they are not
reported. A post counts as caught when either tier is raised; the emergency-tier figure is reported beside it.
Also times the safety check per post.

    .venv/bin/python bench/bench_safety.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from common import (
    DEV_GOLD,
    REPO,
    URGENCY_SAMPLES,
    WEAK_POSTS,
    UrgencySample,
    percentiles,
    save,
    table,
    urgency_labels,
)

from responses.red_flags import Tier, detect_red_flags, highest_tier
from responses.safety import SafetyCheck, read_training, train_urgency_model

#: The unread fresh sets: v10 measured session 5's final code first, v11 (written after) measured it again, and
#: v12 (written in session 6, blind to this session's changes) measured session 6's final code once. v13 (session
#: 7) is the long tail of words people use for the eight named signs (``README_v13.md``): a harder written set.
FRESH = {"fresh safety set (v12)": REPO / "data" / "safety" / "safety_fresh_v12.jsonl",
         "fresh safety set (v10)": REPO / "data" / "safety" / "safety_fresh_v10.jsonl",
         "fresh safety set (v11)": REPO / "data" / "safety" / "safety_fresh_v11.jsonl",
         "long-tail written set (v13)": REPO / "data" / "safety" / "safety_fresh_v13.jsonl"}


def _rows(path: Path) -> list[tuple[str, bool, bool]]:
    """(text, urgent, emergency) per row."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "tier" in row:
            out.append((row["text"], row["tier"] != "none", row["tier"] == "emergency"))
        else:
            out.append((row["text"], bool(row["urgent"]), bool(row["urgent"])))
    return out


def _labelled_sample(sample: UrgencySample, posts: Path) -> list[tuple[str, bool, bool]]:
    """The sample's posts (text read from ../shared, never stored here) with our labels."""
    wanted = urgency_labels(sample)
    rows = (json.loads(line) for line in posts.read_text(encoding="utf-8").splitlines() if line.strip())
    return [(row["text"], *wanted[row["id"]]) for row in rows if row["id"] in wanted]


def _figures(name: str, system: str, rows: list[tuple[str, bool, bool]], tiers: list[Tier | None]) -> dict:
    urgent = [t for (_x, u, _e), t in zip(rows, tiers, strict=True) if u]
    calm = [t for (_x, u, _e), t in zip(rows, tiers, strict=True) if not u]
    emergencies = [t for (_x, _u, e), t in zip(rows, tiers, strict=True) if e]
    return {
        "set": name, "system": system, "urgent": len(urgent), "not urgent": len(calm),
        "recall": round(sum(t is not None for t in urgent) / max(1, len(urgent)), 3),
        "false alarms": round(sum(t is not None for t in calm) / max(1, len(calm)), 3),
        "emergencies at emergency tier": round(sum(t is Tier.EMERGENCY for t in emergencies) / max(1, len(emergencies)), 3),
        "watched or flagged (of urgent)": None,
    }


def main() -> None:
    started = time.perf_counter()
    model = train_urgency_model(*read_training())
    train_seconds = round(time.perf_counter() - started, 2)
    combined = SafetyCheck(model=model)
    sets = {name: _rows(path) for name, path in FRESH.items()}
    if DEV_GOLD.exists():
        sets["dev_gold (real posts)"] = _rows(DEV_GOLD)
    else:
        print(f"SKIP dev_gold: {DEV_GOLD} not found (see ../shared/data/README.md)")
    for name, sample in URGENCY_SAMPLES.items():
        if WEAK_POSTS.exists():
            sets[name] = _labelled_sample(sample, WEAK_POSTS)
        else:
            print(f"SKIP {name}: {WEAK_POSTS} not found")
    results = []
    timings: list[float] = []
    for name, rows in sets.items():
        rule_tiers = [highest_tier(detect_red_flags(text)) for text, _u, _e in rows]
        model_tiers = [highest_tier(model.flags(text)[0]) for text, _u, _e in rows]
        assessments = []
        for text, _u, _e in rows:
            t0 = time.perf_counter()
            assessments.append(combined.assess(text))
            timings.append((time.perf_counter() - t0) * 1000)
        both = [a.tier for a in assessments]
        for system, tiers in (("rules", rule_tiers), ("learned", model_tiers), ("rules + learned", both)):
            results.append(_figures(name, system, rows, tiers))
        watched = [a.tier is not None or a.watch for (_t, u, _e), a in zip(rows, assessments, strict=True) if u]
        results[-1]["watched or flagged (of urgent)"] = round(sum(watched) / max(1, len(watched)), 3)
    print(table(results, ["set", "system", "urgent", "not urgent", "recall", "false alarms",
                          "emergencies at emergency tier", "watched or flagged (of urgent)"]))
    lat = percentiles(timings)
    texts, labels, _everyday = read_training()
    written = len(read_training(seed_dir=None)[0])
    print(f"\nsafety check per post: p50 {lat['p50']} ms, p99 {lat['p99']} ms; learned component trained in "
          f"{train_seconds} s on {written} written examples and {len(texts) - written} seed posts as everyday "
          f"posts; thresholds {model.thresholds}")
    save("safety", {"results": results, "latency_ms": lat, "train_seconds": train_seconds,
                    "thresholds": model.thresholds})


if __name__ == "__main__":
    main()
