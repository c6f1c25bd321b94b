"""Real posts judged the way a moderator would: the shipped model (seed posts only, as a new community gets it)
on the hand-labelled dev set, and the community after moderators' labels (``--cv 5``: seed posts + the weakly
labelled real posts + 4/5 of the dev set, judged on the other fifth, every dev post once).

Figures (every one from ``triage eval``'s judgement, the same code): silence on ``other``, questions answered,
personal posts with a referral (or urgent) notice, questions dropped (silent and not queued), macro-F1 over the
three question labels, per-class figures, urgent recall and false alarms. Then what the whole pipeline does with
the real urgent posts of our two labelled samples of the weakly labelled posts (``bench/labels/``): flagged, given
a referral or urgent notice, queued for moderators, or dropped (silent and not queued). Skips cleanly without
../shared/data.

    .venv/bin/python bench/bench_real_posts.py          # shipped model and --cv 5
    .venv/bin/python bench/bench_real_posts.py --no-cv  # shipped model only (about a minute)
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from common import DEV_GOLD, URGENCY_SAMPLES, WEAK_POSTS, UrgencySample, require, save, table, urgency_labels

#: The issue's targets: (figure, shipped-model target, after-labels target, higher is better)
TARGETS = [("silent_on_other", 0.85, 0.95, True), ("macro_f1_questions", 0.75, 0.85, True),
           ("referral_coverage", 0.95, 0.97, True), ("answered", 0.95, None, True), ("dropped", 0.01, None, False),
           ("urgent_recall", 0.90, None, True), ("urgent_false_alarms", 0.02, None, False)]


def _row(name: str, judgement) -> dict[str, object]:  # noqa: ANN001
    figures = asdict(judgement.figures)
    row: dict[str, object] = {"model": name}
    for key, *_rest in TARGETS:
        value = figures[key]
        n = figures.get(f"{key}_n")
        row[key] = "-" if value is None else (f"{value:.3f} ({n[0]}/{n[1]})" if n else f"{value:.3f}")
    for label, report in judgement.report.per_class.items():
        row[f"{label} P/R"] = f"{report.precision:.2f}/{report.recall:.2f}"
    return row


def _urgent_posts(weak, sample: UrgencySample) -> list:  # noqa: ANN001
    """The sample's posts our labels call urgent, as examples (text from ../shared, never stored here)."""
    from dataclasses import replace

    urgent = {post_id for post_id, (is_urgent, _emergency) in urgency_labels(sample).items() if is_urgent}
    return [replace(example, urgent=True) for example in weak if example.id in urgent]


def _safety_net(name: str, judgement) -> dict[str, object]:  # noqa: ANN001
    posts = judgement.posts
    count = len(posts)

    def share(n: int) -> str:
        return f"{n / max(1, count):.3f} ({n}/{count})"

    return {"sample": name, "urgent posts": count,
            "flagged": share(sum(p.urgent_tier is not None for p in posts)),
            "referral or urgent notice": share(sum(bool(set(p.notices) & {"doctor_referral", "urgent", "urgent_care"})
                                                   for p in posts)),
            "queued for moderators": share(sum(p.queued for p in posts)),
            "dropped (silent, not queued)": share(sum(not p.replied and not p.queued for p in posts))}


def main(argv: list[str]) -> None:
    if not require(DEV_GOLD, WEAK_POSTS):
        return
    from bot.app import TriageApp
    from bot.evaluation import cross_validated, judge
    from classifier.examples import read_examples

    dev = read_examples(DEV_GOLD, dedupe=False).examples
    weak = read_examples(WEAK_POSTS, dedupe=False).examples
    rows, payload = [], {}
    with tempfile.TemporaryDirectory() as tmp, TriageApp.open(Path(tmp) / "triage.db") as app:
        pipeline = app.pipeline
        started = time.perf_counter()
        shipped = judge(pipeline, dev)
        rows.append(_row("shipped model (seed only) on dev_gold", shipped))
        payload["shipped"] = shipped.to_dict() | {"seconds": round(time.perf_counter() - started, 1),
                                                  "edges": None}
        net = [_safety_net(name, judge(pipeline, _urgent_posts(weak, sample))) for name, sample in URGENCY_SAMPLES.items()]
        payload["urgent_safety_net"] = net
        if "--no-cv" not in argv:
            started = time.perf_counter()
            cv = cross_validated(pipeline, [*app.registry.seed_examples(), *weak], dev, folds=5,
                                 on_fold=lambda k: print(f"fold {k + 1} of 5", flush=True))
            rows.append(_row("seed + weak labels + 4/5 of dev_gold, 5-fold CV", cv))
            payload["cv5"] = cv.to_dict() | {"seconds": round(time.perf_counter() - started, 1)}
    columns = ["model", *[key for key, *_r in TARGETS]]
    print(table(rows, columns))
    print()
    print(table(rows, ["model", *[c for c in rows[0] if c.endswith("P/R")]]))
    print("\ntargets (shipped / after labels): " + ", ".join(
        f"{key} {'≥' if up else '≤'} {a}{'' if b is None else f' / {b}'}" for key, a, b, up in TARGETS))
    print(f"thresholds of the shipped model: {shipped.thresholds}")
    print("\nthe urgent posts of our two labelled real samples (A read, B held out), through the whole pipeline:")
    print(table(net, list(net[0])))
    save("real_posts", payload)


if __name__ == "__main__":
    main(sys.argv[1:])
