"""How long ``triage report`` takes over 10,000 posts (target: <= 5 s for figures, charts and the HTML page).

The store is filled in bulk with eight weeks of posts (real posts from ../shared/data when present, else the
shipped seed posts), one prediction each, replies, a review item for a quarter of them with claims and decisions,
and feedback presses; the shipped articles are imported so content gaps find their closest article. Then the
report is built the way ``triage report --html`` builds it, and each stage is timed.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import WEAK_POSTS, read_weak_posts, reference_loop_seconds, save, timer

from bot.reports.build import ReportOptions, build_report
from bot.reports.charts import render_charts
from bot.reports.drift import Vocabulary
from bot.reports.gaps import ClosestArticle
from bot.reports.page import render_html
from classifier.examples import load_seed
from data.db import open_db, write_transaction
from data.paths import SHIPPED_ARTICLES_DIR, SHIPPED_SEED_DIR
from responses.importer import ensure_shipped_articles
from responses.retrieval import Retriever

N_POSTS = 10_000
TARGET_SECONDS = 5.0
LABELS = ["research_help", "personal_symptoms", "general_info", "other"]
NOW = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)


def _texts() -> tuple[list[str], str]:
    if WEAK_POSTS.exists():
        return [text for text, _ in read_weak_posts()], "real posts (../shared/data)"
    return [e.text for e in load_seed(SHIPPED_SEED_DIR)], "shipped seed posts"


def fill(db, texts: list[str]) -> None:  # noqa: ANN001 - sqlite_utils.Database
    rng = random.Random(0)
    start = NOW - timedelta(weeks=8)
    posts, predictions, replies, items, events, audit = [], [], [], [], [], []
    for i in range(1, N_POSTS + 1):
        at = start + timedelta(seconds=rng.uniform(0, 8 * 7 * 86400 - 3600))
        iso = at.isoformat(timespec="microseconds")
        label = rng.choices(LABELS, weights=[2, 3, 4, 3])[0]
        conf = round(rng.uniform(0.3, 0.99), 3)
        posts.append({"id": i, "face": "bench", "external_id": f"b{i}", "text": rng.choice(texts),
                      "status": "answered", "created_at": iso, "updated_at": iso})
        predictions.append({"post_id": i, "model_version": "bench-v1", "label": label, "confidence": conf,
                            "probabilities": json.dumps({label: conf}), "red_flags": "[]", "created_at": iso})
        notices = ["no_match"] if rng.random() < 0.08 else (["doctor_referral"] if label == LABELS[1] else [])
        replies.append({"post_id": i, "content": "(reply)", "notices": json.dumps(notices), "passage_ids": "[]",
                        "status": "sent", "created_at": iso, "updated_at": iso})
        roll = rng.random()
        if roll < 0.25:
            reasons = ["emergency"] if roll < 0.01 else (["audit"] if roll < 0.04 else ["low_confidence"])
            priority = 100 if roll < 0.01 else (0 if roll < 0.04 else 30)
            acted = at + timedelta(minutes=rng.uniform(1, 600))
            resolved = acted + timedelta(minutes=rng.uniform(1, 60))
            done = resolved < NOW and rng.random() < 0.9
            decided = label if rng.random() < 0.8 else rng.choice(LABELS)
            decision = {"action": "approve" if decided == label else "relabel", "label": decided}
            items.append({"id": len(items) + 1, "post_id": i, "kind": "post", "reasons": json.dumps(reasons),
                          "priority": priority, "status": "resolved" if done else "pending", "label": label,
                          "confidence": conf, "model_version": "bench-v1",
                          "resolved_at": resolved.isoformat() if done else None,
                          "decision": json.dumps(decision) if done else None, "version": 1,
                          "created_at": iso, "updated_at": iso})
            events.append({"review_item_id": len(items), "actor": "triage", "action": "queued", "detail": "{}",
                           "at": iso})
            if done:
                events.append({"review_item_id": len(items), "actor": "discord:1", "action": "claimed",
                               "detail": "{}", "at": acted.isoformat()})
        if rng.random() < 0.15:
            kind = "helpful" if rng.random() < 0.7 else "not_helpful"
            audit.append({"at": (at + timedelta(minutes=5)).isoformat(), "actor": "member:x",
                          "action": f"feedback.{kind}", "subject_type": "post", "subject_id": str(i),
                          "detail": "{}"})
    with write_transaction(db):
        for table, rows in (("posts", posts), ("predictions", predictions), ("replies", replies),
                            ("review_items", items), ("review_events", events), ("audit_log", audit)):
            db[table].insert_all(rows, batch_size=2000)
        db["model_versions"].insert({"version": "bench-v1", "path": "x.skops", "sha256": "0" * 64,
                                     "created_at": start.isoformat(), "n_seed": 1, "n_labels": 0,
                                     "metrics": json.dumps({"label_counts": dict.fromkeys(LABELS, 100)}),
                                     "thresholds": json.dumps({"*": 0.5}), "status": "current"})


def main() -> int:
    texts, source = _texts()
    reference = reference_loop_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "triage.db")
        ensure_shipped_articles(db, SHIPPED_ARTICLES_DIR)
        fill(db, texts)
        retriever = Retriever(db, cache_dir=Path(tmp) / "index")
        retriever.warm_up()
        words = frozenset(w for t in load_seed(SHIPPED_SEED_DIR) for w in t.text.lower().split())

        def closest(text: str) -> ClosestArticle | None:
            hits = retriever.search(text, k=1)
            return ClosestArticle(hits[0].article_title, hits[0].score) if hits else None

        options = ReportOptions(vocabulary=Vocabulary(words), closest_article=closest)
        with timer() as t_figures:
            figures = build_report(db, None, NOW, options)
        with timer() as t_charts:
            charts = render_charts(figures)
        with timer() as t_page:
            page = render_html(figures, charts)
        db.close()
    total = round(t_figures["seconds"] + t_charts["seconds"] + t_page["seconds"], 3)
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    print(f"report over {figures['posts']:,} posts ({source}), {figures['quality']['decisions']:,} decisions, "
          f"{figures['content_gaps']['posts']:,} gap posts in {len(figures['content_gaps']['topics'])} topics")
    print(f"figures {t_figures['seconds']} s · charts {t_charts['seconds']} s · page {t_page['seconds']} s "
          f"({len(page) / 1e6:.1f} MB) · total {total} s (target <= {TARGET_SECONDS} s: {verdict}); "
          f"reference loop {reference} s")
    save("bench_report", {"posts": figures["posts"], "source": source, "figures_s": t_figures["seconds"],
                          "charts_s": t_charts["seconds"], "page_s": t_page["seconds"], "total_s": total,
                          "target_s": TARGET_SECONDS, "met": total <= TARGET_SECONDS,
                          "reference_loop_s": reference})
    return 0 if total <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
