"""``triage eval-retrieval``: how well the passages found answer questions with a known article and section."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from bot.cli_common import echo_json, friendly_errors, json_option
from data.db import open_db
from responses.importer import import_articles, iter_article_files
from responses.retrieval import Retriever
from responses.retrieval_eval import evaluate_retrieval, read_questions

__all__ = ["COMMANDS"]


@click.command("eval-retrieval")
@click.option("--questions", "questions_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL with question, article (the file's stem) and optional section (its heading).")
@click.option("--articles", "articles_dir", required=True, type=click.Path(exists=True, path_type=Path),
              help="The articles the questions are about (imported into a scratch database).")
@click.option("--limit", type=int, default=None, help="Only the first N questions.")
@json_option
@friendly_errors
def eval_retrieval_cmd(questions_file: Path, articles_dir: Path, limit: int | None, as_json: bool) -> None:
    """Recall@1/3/5 and MRR at article and section level, and latency per query."""
    questions, skipped = read_questions(questions_file)
    if limit is not None:
        questions = questions[:limit]
    if not questions:
        raise click.ClickException(f"{questions_file}: no usable questions ({skipped} malformed rows)")
    with tempfile.TemporaryDirectory(prefix="triage-eval-") as scratch:
        db = open_db(Path(scratch) / "eval.db")
        try:
            files = list(iter_article_files([articles_dir]))
            with click.progressbar(length=len(files), label="importing", file=sys.stderr) as bar:
                imported = import_articles(db, files, progress=lambda _p: bar.update(1), actor="eval")
            with click.progressbar(length=len(questions), label="asking", file=sys.stderr) as bar:
                report = evaluate_retrieval(Retriever(db), questions, progress=lambda _i: bar.update(1))
        finally:
            db.close()
    report.skipped = skipped
    data = report.to_dict() | {"articles": len(imported.imported), "import_errors": len(imported.errors)}
    if as_json:
        echo_json(data)
        return
    click.echo(f"{report.questions} questions over {len(imported.imported)} articles ({skipped} rows skipped)")
    click.echo(f"{'level':<10}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR':>8}")
    for level, recall, mrr in (("article", report.article_recall, report.article_mrr),
                               ("section", report.section_recall, report.section_mrr)):
        if recall:
            click.echo(f"{level:<10}" + "".join(f"{recall[k]:>8.3f}" for k in (1, 3, 5)) + f"{mrr:>8.3f}")
    lat = report.latency_ms
    click.echo(f"latency per query: p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms")


COMMANDS = [eval_retrieval_cmd]
