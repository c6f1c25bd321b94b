from __future__ import annotations

import json

from responses.importer import import_articles
from responses.retrieval import Retriever
from responses.retrieval_eval import RetrievalQuestion, evaluate_retrieval, read_questions

ARTICLE = """---
title: {title}
source: https://example.org/{slug}
---
# {title}

## Overview
{title} is a condition of the {organ}. It is described here in plain words.

## Causes
{title} is caused by {cause}.

## Treatment
{title} is treated with {treatment}.
"""


def _articles(tmp_path):
    rows = [("gout", "Gout", "joints", "uric acid crystals", "anti-inflammatory medicines"),
            ("asthma", "Asthma", "airways", "inflamed airways", "inhalers")]
    for slug, title, organ, cause, treatment in rows:
        (tmp_path / f"{slug}.md").write_text(ARTICLE.format(slug=slug, title=title, organ=organ, cause=cause,
                                                            treatment=treatment))
    return tmp_path


def test_recall_and_mrr_on_a_tiny_corpus(fresh_db, tmp_path):
    import_articles(fresh_db, [_articles(tmp_path)])
    questions = [RetrievalQuestion("What causes gout?", "gout", "Causes"),
                 RetrievalQuestion("How is asthma treated?", "asthma", "Treatment"),
                 RetrievalQuestion("What is gout?", "gout", "Overview"),
                 RetrievalQuestion("What causes asthma?", "nonexistent", "Causes")]
    report = evaluate_retrieval(Retriever(fresh_db), questions)
    assert report.questions == 4
    assert report.section_recall[1] == 0.75 and report.article_recall[1] == 0.75
    assert report.article_mrr == 0.75
    assert set(report.latency_ms) == {"p50", "p95", "p99"}


def test_malformed_question_rows_are_counted_not_fatal(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"question": "What causes gout?", "article": "gout"}) + "\n{not json\n"
                    + json.dumps({"article": "x"}) + "\n")
    questions, skipped = read_questions(path)
    assert len(questions) == 1 and skipped == 2


# ---- graded judgments -----------------------------------------------------------------------------------------

from responses.retrieval_eval import (  # noqa: E402
    GradedQuestion,
    Judgment,
    evaluate_graded,
    graded_gains,
    is_graded_file,
    read_graded_questions,
)


def _graded(*judged, split="test"):
    return GradedQuestion("q1", "anything", tuple(Judgment(a, s, g) for a, s, g in judged), split)


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    q = _graded(("a", "x", 4), ("b", "y", 3), ("c", "z", 1))
    assert graded_gains([("a", "x"), ("b", "y")], q) == (1.0, 0.4)
    ndcg, p5 = graded_gains([("b", "y"), ("a", "x")], q)
    assert 0.8 < ndcg < 1.0 and p5 == 0.4
    assert graded_gains([("c", "z"), ("m", "q")], q) == (0.0, 0.0)  # grade 1 has gain 0; unjudged too


def test_a_section_is_credited_once():
    q = _graded(("a", "x", 4))
    assert graded_gains([("a", "x"), ("a", "x")], q) == (1.0, 0.2)


def test_graded_report_per_split(fresh_db, tmp_path):
    import_articles(fresh_db, [_articles(tmp_path)])
    questions = [
        GradedQuestion("1", "What causes gout?", (Judgment("gout", "Causes", 4), Judgment("gout", "Overview", 2)),
                       "train"),
        GradedQuestion("2", "How is asthma treated?", (Judgment("asthma", "Treatment", 4),), "test"),
        GradedQuestion("3", "How is asthma treated?", (Judgment("nowhere", "Treatment", 4),), "test"),
    ]
    report = evaluate_graded(Retriever(fresh_db), questions)
    assert report.overall.questions == 3 and set(report.splits) == {"train", "test"}
    assert report.splits["test"].ndcg_at_5 == 0.5 and report.splits["test"].p_at_5 == 0.1
    assert report.splits["train"].ndcg_at_5 > 0.9
    # any ranking function is scored by the same rules (how the benchmark scores its baselines)
    nothing = evaluate_graded(lambda _q: [], questions)
    assert nothing.overall.ndcg_at_5 == 0.0


def test_graded_file_is_recognised_and_bad_rows_skipped(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"qid": "t-1", "split": "test", "question": "gout?",
                                "judged": [{"article": "gout", "section": "Causes", "grade": 4}]}) + "\n"
                    + json.dumps({"qid": "t-2", "question": "x", "judged": []}) + "\n{oops\n")
    assert is_graded_file(path)
    questions, skipped = read_graded_questions(path)
    assert len(questions) == 1 and skipped == 2 and questions[0].judged[0].grade == 4
    plain = tmp_path / "p.jsonl"
    plain.write_text(json.dumps({"question": "gout?", "article": "gout"}) + "\n")
    assert not is_graded_file(plain)
