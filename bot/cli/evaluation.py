"""Evaluation: ``triage eval`` (labelled posts judged as moderators would) and ``triage eval-retrieval`` (how
well the passages found answer questions with a known or a graded answer)."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import click
from sqlite_utils import Database

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app, progress
from bot.evaluation import PostFigures, cross_validated, judge
from classifier.evaluate import EvalReport
from classifier.examples import read_examples
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


def print_eval(report: EvalReport) -> None:
    click.echo(f"posts: {report.n}   accuracy: {report.accuracy:.3f}   macro-F1: {report.macro_f1:.3f}")
    click.echo(f"{'label':<18} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>6}   {'ans.prec':>8} {'ans.rec':>7}")
    for label, c in report.per_class.items():
        ap = "-" if c.answered_precision is None else f"{c.answered_precision:.3f}"
        ar = "-" if c.answered_recall is None else f"{c.answered_recall:.3f}"
        click.echo(f"{label:<18} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.support:>6}   {ap:>8} {ar:>7}")
    acc = "-" if report.answered_accuracy is None else f"{report.answered_accuracy:.3f}"
    click.echo(f"\nat the live thresholds: answered alone {report.answered}, sent to moderators {report.queued}, "
               f"accuracy of what it answers alone {acc}")
    click.echo("\nconfusion (rows = true, columns = predicted):")
    click.echo(" " * 18 + "".join(f"{lab[:10]:>11}" for lab in report.labels))
    for label, row in zip(report.labels, report.confusion, strict=False):
        click.echo(f"{label:<18}" + "".join(f"{v:>11}" for v in row))
    click.echo("\nreliability (confidence band → observed accuracy):")
    for band in report.reliability:
        if band["n"]:
            click.echo(f"  {band['band']}: n={band['n']:<5} mean conf {band['mean_confidence']:.2f}  "
                       f"accuracy {band['accuracy']:.2f}")
    if report.skipped:
        click.echo(f"\nskipped: {report.skipped}")


def print_figures(figures: PostFigures) -> None:
    def line(name: str, rate: float | None, n: tuple[int, int]) -> None:
        value = "-" if rate is None else f"{rate:.3f}"
        click.echo(f"  {name:<44} {value:>6}  ({n[0]} of {n[1]})")

    click.echo("\nas a moderator would judge it:")
    line("silent on `other` posts", figures.silent_on_other, figures.silent_on_other_n)
    line("questions answered (non-`other` with a reply)", figures.answered, figures.answered_n)
    line("personal posts with a referral or urgent notice", figures.referral_coverage, figures.referral_coverage_n)
    line("questions dropped (silent and not queued)", figures.dropped, figures.dropped_n)
    click.echo(f"  {'macro-F1 over the three question labels':<44} {figures.macro_f1_questions:>6.3f}")
    if figures.urgent_recall is not None:
        line("urgent posts flagged (recall)", figures.urgent_recall, figures.urgent_recall_n)
        line("other posts flagged (false alarms)", figures.urgent_false_alarms, figures.urgent_false_alarms_n)


@click.command("eval")
@click.option("--data", "data_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL or CSV with text,label (and optional id, urgent).")
@click.option("--predictions", "predictions_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write one JSON line per post: id, gold and predicted label, confidence, replied, queued, "
                   "notices, urgent tier.")
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None,
              help="Train on the seed posts plus K-1 folds of the file and judge the held-out fold (no leakage).")
@db_option
@json_option
@friendly_errors
def eval_cmd(data_file: Path, predictions_file: Path | None, folds: int | None, db_path: Path | None,
             as_json: bool) -> None:
    """Judge labelled posts as moderators would: labels, silence, answers, referrals, drops, urgent flags."""
    try:
        read = read_examples(data_file, dedupe=False)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not read.examples:
        raise click.ClickException(f"{data_file} holds no usable labelled post")
    with open_app(db_path) as app:
        if folds:
            try:
                judgement = cross_validated(app.pipeline, app.registry.seed_examples(), read.examples, folds,
                                            on_fold=lambda k: progress(f"fold {k + 1} of {folds}"))
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
        else:
            judgement = judge(app.pipeline, read.examples)
    skipped = read.summary()
    judgement.report.skipped = {k: v for k, v in skipped.items() if k != "kept" and v}
    if predictions_file is not None:
        with predictions_file.open("w", encoding="utf-8") as out:
            for post in judgement.posts:
                out.write(json.dumps(asdict(post), ensure_ascii=False) + "\n")
    if as_json:
        echo_json(judgement.to_dict())
    else:
        click.echo(f"model {judgement.model_version}")
        print_eval(judgement.report)
        print_figures(judgement.figures)


@contextlib.contextmanager
def _store(db_path: Path | None) -> Iterator[tuple[Database, Path | None]]:
    """The store to evaluate in: the one named by ``--db`` (kept, with its index cache, for the next run) or a
    scratch one."""
    if db_path is not None:
        with contextlib.closing(open_db(db_path)) as db:
            yield db, db_path.parent / f"{db_path.stem}-index"
        return
    with tempfile.TemporaryDirectory(prefix="triage-eval-") as scratch, \
            contextlib.closing(open_db(Path(scratch) / "eval.db")) as db:
        yield db, None


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


COMMANDS = [eval_cmd, eval_retrieval_cmd]
