"""Measuring retrieval: recall@k and MRR at article and section level for questions with a known answer, and
nDCG@5 / P@5 for questions whose answers were graded (1 incorrect .. 4 excellent)."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from responses.retrieval import Retriever

__all__ = ["RetrievalQuestion", "RetrievalReport", "read_questions", "evaluate_retrieval", "Judgment",
           "GradedQuestion", "GradedScores", "GradedReport", "is_graded_file", "read_graded_questions",
           "graded_gains", "evaluate_graded", "retriever_ranking"]

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


# ---- graded judgments (MEDIQA-style: several answers a question, each graded 1..4) -------------------------

#: Rank cut-off of the graded measures, and the grade from which a passage counts as a hit for P@k.
GRADED_K = 5
HIT_GRADE = 3


@dataclass(frozen=True)
class Judgment:
    article: str
    section: str
    grade: int


@dataclass(frozen=True)
class GradedQuestion:
    qid: str
    question: str
    judged: tuple[Judgment, ...]
    split: str = "all"

    def grades(self) -> dict[tuple[str, str], int]:
        return {(j.article, j.section): j.grade for j in self.judged}


@dataclass
class GradedScores:
    questions: int = 0
    ndcg_at_5: float = 0.0
    p_at_5: float = 0.0
    ms_p50: float = 0.0
    ms_p99: float = 0.0


@dataclass
class GradedReport:
    overall: GradedScores = field(default_factory=GradedScores)
    splits: dict[str, GradedScores] = field(default_factory=dict)
    skipped: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"overall": asdict(self.overall), "splits": {k: asdict(v) for k, v in self.splits.items()},
                "skipped": self.skipped}


def is_graded_file(path: Path) -> bool:
    """Whether a questions file carries graded judgments (``judged``) rather than one gold article per row."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            return isinstance(row, dict) and "judged" in row
    return False


def read_graded_questions(path: Path) -> tuple[list[GradedQuestion], int]:
    """Questions with graded judgments from JSONL (``qid``, ``split``, ``question``, ``judged: [{article,
    section, grade}]``); returns (questions, rows skipped). A row without any judgment is skipped."""
    questions: list[GradedQuestion] = []
    skipped = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                judged = tuple(Judgment(str(j["article"]), str(j["section"]), int(j["grade"])) for j in row["judged"])
                if not judged:
                    raise ValueError("no judgments")
                questions.append(GradedQuestion(str(row.get("qid", n)), str(row["question"]), judged,
                                                str(row.get("split") or "all")))
            except (ValueError, KeyError, TypeError):
                skipped += 1
    return questions, skipped


def graded_gains(ranked: list[tuple[str, str]], question: GradedQuestion, k: int = GRADED_K
                 ) -> tuple[float, float]:
    """(nDCG@k, P@k) of one ranked list of (article, section) pairs.

    The gain of a judged pair is ``grade - 1``, anything unjudged 0; a section is credited once (a repeat gets
    gain 0 and is no hit); IDCG sorts the question's judged gains. P@k counts grades >= :data:`HIT_GRADE`.
    """
    grades = question.grades()
    seen: set[tuple[str, str]] = set()
    dcg = 0.0
    hits = 0
    for rank, pair in enumerate(ranked[:k], 1):
        if pair in seen:
            continue
        seen.add(pair)
        grade = grades.get(pair, 0)
        if grade:
            dcg += (grade - 1) / math.log2(rank + 1)
            hits += grade >= HIT_GRADE
    ideal = sorted((g - 1 for g in grades.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 1) for r, g in enumerate(ideal, 1))
    return (dcg / idcg if idcg > 0 else 0.0), hits / k


def _scores(ndcgs: list[float], precisions: list[float], latencies: list[float]) -> GradedScores:
    n = len(ndcgs)
    return GradedScores(questions=n, ndcg_at_5=round(sum(ndcgs) / max(n, 1), 4),
                        p_at_5=round(sum(precisions) / max(n, 1), 4),
                        ms_p50=_percentile(latencies, 50), ms_p99=_percentile(latencies, 99))


def retriever_ranking(retriever: Retriever, k: int = GRADED_K) -> Callable[[str], list[tuple[str, str]]]:
    """The (article, section) pairs a retriever returns for a question, best first (one passage a section)."""
    retriever.warm_up()
    return lambda question: [(h.article_slug, h.section) for h in retriever.search(question, k=k)]


def evaluate_graded(rank: Callable[[str], list[tuple[str, str]]] | Retriever,
                    questions: Iterable[GradedQuestion],
                    progress: Callable[[int], None] | None = None) -> GradedReport:
    """nDCG@5 and P@5 (grade >= 3) overall and per split, and latency per query.

    :param rank: a :class:`Retriever`, or any function from a question to ranked (article, section) pairs (so
        baselines are scored by exactly the same rules).
    """
    ranking = retriever_ranking(rank) if isinstance(rank, Retriever) else rank
    per_split: dict[str, tuple[list[float], list[float], list[float]]] = {}
    everything: tuple[list[float], list[float], list[float]] = ([], [], [])
    for i, q in enumerate(questions):
        started = time.perf_counter()
        ranked = ranking(q.question)
        elapsed = (time.perf_counter() - started) * 1000
        ndcg, precision = graded_gains(ranked, q)
        for bucket in (everything, per_split.setdefault(q.split, ([], [], []))):
            bucket[0].append(ndcg)
            bucket[1].append(precision)
            bucket[2].append(elapsed)
        if progress is not None:
            progress(i)
    return GradedReport(overall=_scores(*everything),
                        splits={name: _scores(*values) for name, values in sorted(per_split.items())})
