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
