"""Measuring retrieval: recall@k and MRR at article and section level for questions with a known answer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from responses.retrieval import Retriever

__all__ = ["RetrievalQuestion", "RetrievalReport", "read_questions", "evaluate_retrieval"]

KS = (1, 3, 5)


@dataclass(frozen=True)
class RetrievalQuestion:
    question: str
    article: str
    section: str | None = None


@dataclass
class RetrievalReport:
    questions: int = 0
    skipped: int = 0
    article_recall: dict[int, float] = field(default_factory=dict)
    section_recall: dict[int, float] = field(default_factory=dict)
    article_mrr: float = 0.0
    section_mrr: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["article_recall"] = {f"@{k}": v for k, v in self.article_recall.items()}
        data["section_recall"] = {f"@{k}": v for k, v in self.section_recall.items()}
        return data


def read_questions(path: Path) -> tuple[list[RetrievalQuestion], int]:
    """Questions from JSONL (``question``, ``article``, optional ``section``); returns (questions, rows skipped)."""
    questions: list[RetrievalQuestion] = []
    skipped = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                questions.append(RetrievalQuestion(str(row["question"]), str(row["article"]),
                                                   row.get("section")))
            except (ValueError, KeyError, TypeError):
                skipped += 1
    return questions, skipped


def _rank(items: Sequence[object], target: object) -> int | None:
    try:
        return items.index(target) + 1
    except ValueError:
        return None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[index], 3)


def evaluate_retrieval(retriever: Retriever, questions: Iterable[RetrievalQuestion],
                       progress: Callable[[int], None] | None = None) -> RetrievalReport:
    report = RetrievalReport()
    article_hits = {k: 0 for k in KS}
    section_hits = {k: 0 for k in KS}
    article_rr = section_rr = 0.0
    n_sections = 0
    latencies: list[float] = []
    retriever.warm_up()
    for i, q in enumerate(questions):
        started = time.perf_counter()
        hits = retriever.search(q.question, k=20)
        latencies.append((time.perf_counter() - started) * 1000)
        articles: list[str] = []
        for hit in hits:
            if hit.article_slug not in articles:
                articles.append(hit.article_slug)
        rank = _rank(articles, q.article)
        article_rr += 1 / rank if rank else 0.0
        for k in KS:
            article_hits[k] += bool(rank and rank <= k)
        if q.section:
            n_sections += 1
            rank = _rank([(h.article_slug, h.section) for h in hits], (q.article, q.section))
            section_rr += 1 / rank if rank else 0.0
            for k in KS:
                section_hits[k] += bool(rank and rank <= k)
        report.questions += 1
        if progress is not None:
            progress(i)
    n = max(report.questions, 1)
    report.article_recall = {k: round(article_hits[k] / n, 4) for k in KS}
    report.article_mrr = round(article_rr / n, 4)
    if n_sections:
        report.section_recall = {k: round(section_hits[k] / n_sections, 4) for k in KS}
        report.section_mrr = round(section_rr / n_sections, 4)
    report.latency_ms = {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95),
                         "p99": _percentile(latencies, 99)}
    return report
