"""``triage eval-retrieval``: how well the passages found answer questions with a known or a graded answer."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from sqlite_utils import Database

from bot.cli.common import echo_json, friendly_errors, json_option
from data.db import open_db
from responses.importer import import_articles, iter_article_files
from responses.retrieval import Retriever
from responses.retrieval_eval import (
    GradedReport,
    RetrievalReport,
    evaluate_graded,
    evaluate_retrieval,
    is_graded_file,
    read_graded_questions,
    read_questions,
)

__all__ = ["COMMANDS"]


@contextlib.contextmanager
def _store(db_path: Path | None) -> Iterator[tuple[Database, Path | None]]:
    """The store to evaluate in: the one named by ``--db`` (kept, with its index cache, for the next run) or a
    scratch one."""
    if db_path is not None:
        db = open_db(db_path)
        try:
            yield db, db_path.parent / f"{db_path.stem}-index"
        finally:
            db.close()
        return
    with tempfile.TemporaryDirectory(prefix="triage-eval-") as scratch:
        db = open_db(Path(scratch) / "eval.db")
        try:
            yield db, None
        finally:
            db.close()


@click.command("eval-retrieval")
@click.option("--questions", "questions_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL: either question + article (file stem) + optional section, or question + split + "
                   "judged: [{article, section, grade}] (graded 1-4).")
@click.option("--articles", "articles_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Article files or folders to import (repeatable). Unchanged files already in --db are skipped.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Keep the articles (and the index) in this SQLite file and reuse them on the next run; "
                   "default: a scratch database.")
@click.option("--limit", type=int, default=None, help="Only the first N questions.")
@json_option
@friendly_errors
def eval_retrieval_cmd(questions_file: Path, articles_dirs: tuple[Path, ...], db_path: Path | None,
                       limit: int | None, as_json: bool) -> None:
    """Graded questions: nDCG@5 and P@5 (grade >= 3) overall and per split. Otherwise: recall@1/3/5 and MRR at
    article and section level. Both with latency per query."""
    graded = is_graded_file(questions_file)
    questions, skipped = (read_graded_questions if graded else read_questions)(questions_file)
    if limit is not None:
        questions = questions[:limit]
    if not questions:
        raise click.ClickException(f"{questions_file}: no usable questions ({skipped} malformed rows)")
    if not articles_dirs and db_path is None:
        raise click.ClickException("give --articles (one or more), or --db with articles already imported")
    with _store(db_path) as (db, cache_dir):
        files = list(iter_article_files(articles_dirs))
        with click.progressbar(length=len(files), label="importing", file=sys.stderr) as bar:
            imported = import_articles(db, files, progress=lambda _p: bar.update(1), actor="eval")
        n_articles = db["articles"].count
        if not n_articles:
            raise click.ClickException("no articles to search: give --articles")
        retriever = Retriever(db, cache_dir=cache_dir)
        with click.progressbar(length=len(questions), label="asking", file=sys.stderr) as bar:
            tick = lambda _i: bar.update(1)  # noqa: E731
            report = (evaluate_graded(retriever, questions, progress=tick) if graded  # type: ignore[arg-type]
                      else evaluate_retrieval(retriever, questions, progress=tick))  # type: ignore[arg-type]
    report.skipped = skipped
    data = report.to_dict() | {"articles": n_articles, "import_errors": len(imported.errors)}
    if as_json:
        echo_json(data)
    elif isinstance(report, GradedReport):
        _render_graded(report, n_articles)
    else:
        _render_recall(report, n_articles)


def _render_graded(report: GradedReport, n_articles: int) -> None:
    click.echo(f"{report.overall.questions} graded questions over {n_articles} articles "
               f"({report.skipped} rows skipped)")
    click.echo(f"{'split':<14}{'questions':>10}{'nDCG@5':>9}{'P@5':>8}{'ms p50':>9}{'ms p99':>9}")
    for name, s in [*report.splits.items(), ("all", report.overall)]:
        click.echo(f"{name:<14}{s.questions:>10}{s.ndcg_at_5:>9.3f}{s.p_at_5:>8.3f}{s.ms_p50:>9}{s.ms_p99:>9}")


def _render_recall(report: RetrievalReport, n_articles: int) -> None:
    click.echo(f"{report.questions} questions over {n_articles} articles ({report.skipped} rows skipped)")
    click.echo(f"{'level':<10}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR':>8}")
    for level, recall, mrr in (("article", report.article_recall, report.article_mrr),
                               ("section", report.section_recall, report.section_mrr)):
        if recall:
            click.echo(f"{level:<10}" + "".join(f"{recall[k]:>8.3f}" for k in (1, 3, 5)) + f"{mrr:>8.3f}")
    lat = report.latency_ms
    click.echo(f"latency per query: p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms")


COMMANDS = [eval_retrieval_cmd]
