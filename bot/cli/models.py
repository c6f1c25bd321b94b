"""Model commands: train, eval, models, rollback."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app, progress
from bot.evaluation import PostFigures, cross_validated, judge
from classifier.calibrate import bound_hits
from classifier.evaluate import EvalReport
from classifier.examples import Example, read_examples
from classifier.labels import Label
from data import model_versions
from data.labels import training_labels

__all__ = ["COMMANDS"]


def labelled_examples(db) -> list[Example]:  # noqa: ANN001 - a sqlite_utils Database
    return [Example(text=r.text, label=Label(r.label), source=r.source) for r in training_labels(db)]


@click.command()
@db_option
@json_option
@click.option("--seed-only", is_flag=True, help="Train on the shipped seed posts only, ignoring stored labels.")
@friendly_errors
def train(db_path: Path | None, as_json: bool, seed_only: bool) -> None:
    """Train a model on the seed posts plus every moderator label, and make it current."""
    app = open_app(db_path)
    try:
        seed = app.registry.seed_examples()
        labels = [] if seed_only else labelled_examples(app.db)
        candidate = app.registry.train_candidate(seed + labels, n_seed=len(seed), n_labels=len(labels),
                                                 on_step=progress)
        app.registry.promote(candidate.record.version)
        record = model_versions.get_version(app.db, candidate.record.version)
    finally:
        app.close()
    edges = bound_hits(record.thresholds)
    payload = {"version": record.version, "n_seed": record.n_seed, "n_labels": record.n_labels,
               "thresholds": record.thresholds, "thresholds_on_a_bound": edges, "sha256": record.sha256,
               "metrics": record.metrics}
    if as_json:
        echo_json(payload)
    else:
        click.echo(f"trained {record.version} on {record.n_seed} seed posts + {record.n_labels} labels; now current")
        click.echo("thresholds: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(record.thresholds.items())))
        _warn_edges(edges)


def _warn_edges(edges: list[str]) -> None:
    if edges:
        click.echo(f"note: {', '.join(edges)} sit on the edge of the search range: the training posts meet the "
                   "target at any value there, so the threshold is not really chosen by the data")


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
    app = open_app(db_path)
    try:
        pipeline = app.pipeline
        if folds:
            try:
                judgement = cross_validated(pipeline, app.registry.seed_examples(), read.examples, folds,
                                            on_fold=lambda k: progress(f"fold {k + 1} of {folds}"))
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
        else:
            judgement = judge(pipeline, read.examples)
    finally:
        app.close()
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


@click.command()
@db_option
@json_option
@friendly_errors
def models(db_path: Path | None, as_json: bool) -> None:
    """List every model version: when, from how many labels, its metrics and sha256."""
    app = open_app(db_path)
    try:
        versions = model_versions.list_versions(app.db)
    finally:
        app.close()
    if as_json:
        echo_json([v.__dict__ for v in versions])
        return
    if not versions:
        click.echo("no model yet: run `triage train` (or any command that answers a post)")
    for v in versions:
        mark = "*" if v.status == "current" else " "
        f1 = v.metrics.get("candidate_macro_f1", v.metrics.get("macro_f1"))
        f1_text = f" macro-F1 {f1:.3f}" if isinstance(f1, float) else ""
        edges = bound_hits(v.thresholds)
        edge_text = f" (on a range edge: {', '.join(edges)})" if edges else ""
        click.echo(f"{mark} {v.version:<24} {v.status:<9} {v.created_at[:19]} seed {v.n_seed:>5} labels "
                   f"{v.n_labels:>6}{f1_text} sha256 {v.sha256[:12]}{edge_text}")


@click.command()
@click.argument("version", required=False)
@db_option
@json_option
@friendly_errors
def rollback(version: str | None, db_path: Path | None, as_json: bool) -> None:
    """Make an earlier model version current again (default: the one before the current)."""
    app = open_app(db_path)
    try:
        record = app.registry.rollback(version)
    finally:
        app.close()
    if as_json:
        echo_json({"current": record.version})
    else:
        click.echo(f"rolled back: {record.version} is now current")


COMMANDS = [train, eval_cmd, models, rollback]
