"""Model commands: train, models, rollback, retrain."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app, progress
from bot.moderation import retrain_and_check
from classifier.calibrate import bound_hits
from classifier.retrain import RetrainSettings, train_and_promote
from data import model_versions

__all__ = ["COMMANDS"]


@click.command()
@db_option
@json_option
@click.option("--seed-only", is_flag=True, help="Train on the shipped seed posts only, ignoring stored labels.")
@friendly_errors
def train(db_path: Path | None, as_json: bool, seed_only: bool) -> None:
    """Train a model on the seed posts plus every moderator label, and make it current."""
    with open_app(db_path) as app:
        record = train_and_promote(app.db, app.registry, include_labels=not seed_only, on_step=progress)
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


@click.command()
@db_option
@json_option
@friendly_errors
def models(db_path: Path | None, as_json: bool) -> None:
    """List every model version: when, from how many labels, its metrics and sha256."""
    with open_app(db_path) as app:
        versions = model_versions.list_versions(app.db)
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
    with open_app(db_path) as app:
        record = app.registry.rollback(version)
    if as_json:
        echo_json({"current": record.version})
    else:
        click.echo(f"rolled back: {record.version} is now current")


@click.command("retrain")
@db_option
@json_option
@click.option("--f1-margin", type=float, default=0.0, show_default=True,
              help="How much worse macro-F1 the candidate may be and still win.")
@click.option("--recall-margin", type=float, default=0.0, show_default=True,
              help="How much worse personal-symptoms recall the candidate may be and still win.")
@click.option("--check-labels/--no-check-labels", default=True, show_default=True,
              help="Queue labels the cross-validated model strongly disagrees with.")
@friendly_errors
def retrain_cmd(db_path: Path | None, as_json: bool, f1_margin: float, recall_margin: float,
                check_labels: bool) -> None:
    """Train a candidate on seed + labels; promote it only if it is not worse on held-out labels."""
    settings = RetrainSettings(f1_margin=f1_margin, recall_margin=recall_margin)
    with open_app(db_path) as app:
        outcome = retrain_and_check(app.db, app.registry, app.models.get(), settings, check_labels=check_labels,
                                    on_step=None if as_json else progress)
    if as_json:
        echo_json(outcome.to_dict())
        return
    result = outcome.result
    click.echo(("PROMOTED " if result.promoted else "KEPT CURRENT ") + result.reason)
    for name, summary in (("candidate", result.candidate), ("current", result.current)):
        if summary:
            click.echo(f"  {name}: macro-F1 {summary['macro_f1']:.3f}  personal recall "
                       f"{summary['personal_symptoms_recall']}")
    if outcome.labels_flagged:
        click.echo(f"  {outcome.labels_flagged} labels queued for a second look")


COMMANDS = [train, models, rollback, retrain_cmd]
