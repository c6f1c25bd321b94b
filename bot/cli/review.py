"""Moderation from the terminal: the queue, single-key review, labels, retraining, forgetting a member."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app, progress
from bot.moderation import Action, Moderator, decide, label_post
from classifier.examples import read_examples
from classifier.labels import ALL_LABELS, Label
from classifier.retrain import RetrainSettings, retrain, suspicious_labels
from data import review
from data.db import write_transaction
from data.errors import AlreadyHandled
from data.labels import add_label, all_labels
from data.privacy import forget_member, purge_old_text
from data.review import Priority, ReviewFilter, ReviewItem
from responses.personal_data import mask_personal_data

__all__ = ["COMMANDS"]

moderator_option = click.option("--moderator", "moderator_id", default="cli", show_default=True,
                                 envvar="TRIAGE_MODERATOR", help="Who is deciding (recorded with every decision).")


def item_json(item: ReviewItem) -> dict[str, object]:
    """A queue item as moderators see it: the post text masked for personal data."""
    data = asdict(item)
    data["case"] = item.case
    data["post_text"] = None if item.post_text is None else mask_personal_data(item.post_text)
    return data


def _filter(status: tuple[str, ...], label: str | None, min_conf: float | None, max_conf: float | None,
            model_version: str | None, moderator: str | None, reporter: str | None, since: str | None,
            limit: int) -> ReviewFilter:
    return ReviewFilter(status=list(status) or None, label=label, min_confidence=min_conf, max_confidence=max_conf,
                        model_version=model_version, moderator_id=moderator, reporter_id=reporter, since=since,
                        limit=limit)


@click.command()
@db_option
@json_option
@click.option("--status", multiple=True, type=click.Choice(["pending", "claimed", "resolved"]))
@click.option("--label", type=click.Choice([str(label) for label in ALL_LABELS]))
@click.option("--min-confidence", type=float)
@click.option("--max-confidence", type=float)
@click.option("--model-version")
@click.option("--by-moderator", "moderator", help="Items claimed or resolved by this moderator.")
@click.option("--reporter")
@click.option("--since", help="ISO date: items created on or after it.")
@click.option("--limit", type=int, default=100, show_default=True)
@friendly_errors
def queue(db_path: Path | None, as_json: bool, status: tuple[str, ...], label: str | None,
          min_confidence: float | None, max_confidence: float | None, model_version: str | None,
          moderator: str | None, reporter: str | None, since: str | None, limit: int) -> None:
    """List review items, most urgent and oldest first."""
    app = open_app(db_path)
    try:
        items = review.list_items(app.db, _filter(status, label, min_confidence, max_confidence, model_version,
                                                  moderator, reporter, since, limit))
    finally:
        app.close()
    if as_json:
        echo_json([item_json(i) for i in items])
        return
    if not items:
        click.echo("the queue is empty")
    for item in items:
        text = mask_personal_data(item.post_text or "(deleted)").replace("\n", " ")
        conf = "-" if item.confidence is None else f"{item.confidence:.2f}"
        click.echo(f"{item.case:>6} p{item.priority:<3} {item.status:<8} {item.label or '-':<18} {conf:>5} "
                   f"{','.join(item.reasons):<30} {text[:60]}")


KEYS = {"a": Action.APPROVE, "r": Action.RELABEL, "e": Action.EDIT_REPLY, "x": Action.REMOVE_REPLY,
        "s": Action.ESCALATE, "d": Action.DISMISS}
HELP = "[a]pprove  [r]elabel  [e]dit reply  [x] remove reply  e[s]calate  [d]ismiss  [n]ext  [q]uit"


def _show(item: ReviewItem) -> None:
    click.echo("\n" + "─" * 72)
    conf = "-" if item.confidence is None else f"{item.confidence:.2f}"
    click.echo(f"case {item.case}  priority {item.priority}  {item.label or '-'} ({conf})  model "
               f"{item.model_version or '-'}  reasons: {', '.join(item.reasons)}")
    click.echo(f"post: {mask_personal_data(item.post_text or '(deleted by the member)')}")
    if item.reply_content:
        click.echo(f"reply sent:\n{item.reply_content[:800]}")


@click.command("review")
@db_option
@moderator_option
@click.option("--label", type=click.Choice([str(label) for label in ALL_LABELS]), help="Only items of this label.")
@friendly_errors
def review_cmd(db_path: Path | None, moderator_id: str, label: str | None) -> None:
    """Walk pending items in priority order with single-key actions."""
    app = open_app(db_path)
    mod = Moderator(moderator_id, "cli")
    done = 0
    skipped: set[int] = set()
    try:
        while True:
            items = [i for i in review.list_items(app.db, ReviewFilter(status=["pending"], label=label, limit=200))
                     if i.id not in skipped]
            if not items:
                click.echo(f"\nno more pending items ({done} decided)")
                return
            item = items[0]
            _show(item)
            click.echo(HELP)
            key = click.getchar().lower() if sys.stdin.isatty() else (sys.stdin.readline()[:1] or "q").lower()
            if key == "q":
                click.echo(f"stopped ({done} decided)")
                return
            if key == "n":
                skipped.add(item.id)
                continue
            action = KEYS.get(key)
            if action is None:
                click.echo(f"unknown key {key!r}")
                continue
            chosen = None
            text = None
            if action is Action.RELABEL:
                for n, lab in enumerate(ALL_LABELS, start=1):
                    click.echo(f"  {n}. {lab}")
                pick = click.prompt("label", type=click.IntRange(1, len(ALL_LABELS)))
                chosen = ALL_LABELS[pick - 1]
            if action is Action.EDIT_REPLY:
                text = click.edit(item.reply_content or "") if sys.stdin.isatty() else click.prompt("new reply")
                if not text:
                    click.echo("no change")
                    continue
            try:
                decide(app.db, item.id, action, mod, label=chosen, reply_text=text, expected_version=item.version)
            except AlreadyHandled as exc:
                click.echo(f"{exc}")
                continue
            done += 1
            click.echo(f"{item.case}: {action}")
    finally:
        app.close()


@click.command("decide")
@click.argument("case", type=int)
@click.argument("action", type=click.Choice([str(a) for a in Action]))
@click.option("--label", help="For relabel: the new label.")
@click.option("--reply", "reply_text", help="For edit_reply: the new reply text.")
@click.option("--note")
@db_option
@moderator_option
@json_option
@friendly_errors
def decide_cmd(case: int, action: str, label: str | None, reply_text: str | None, note: str | None,
               db_path: Path | None, moderator_id: str, as_json: bool) -> None:
    """Decide one review item without the interactive walk (for scripts)."""
    app = open_app(db_path)
    try:
        result = decide(app.db, case, action, Moderator(moderator_id, "cli"), label=label, reply_text=reply_text,
                        note=note)
    finally:
        app.close()
    if as_json:
        echo_json({"case": case, "action": str(result.action), "status": result.item.status,
                   "label_id": result.label_id})
    else:
        click.echo(f"case #{case}: {result.action} ({result.item.status})")


@click.command("label")
@click.argument("post_id", type=int)
@click.argument("label")
@db_option
@moderator_option
@friendly_errors
def label_cmd(post_id: int, label: str, db_path: Path | None, moderator_id: str) -> None:
    """Label a stored post directly (it becomes training data at the next retrain)."""
    app = open_app(db_path)
    try:
        label_id = label_post(app.db, post_id, label, Moderator(moderator_id, "cli"))
    finally:
        app.close()
    click.echo(f"label {label_id}: post {post_id} is {label}")


@click.group("labels")
def labels_group() -> None:
    """Import and export labelled posts (JSONL or CSV with text,label and optional id, source)."""


@labels_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Source recorded on each label (default: the row's, else the file name).")
@db_option
@moderator_option
@json_option
@friendly_errors
def labels_import(file: Path, source: str | None, db_path: Path | None, moderator_id: str, as_json: bool) -> None:
    """Import labels; duplicates, unknown labels and malformed rows are reported, not silently dropped."""
    try:
        read = read_examples(file, allowed=[label for label in Label])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    app = open_app(db_path)
    try:
        known = {r[0] for r in app.db.execute("SELECT text_sha256 FROM labels")}
        from data.clock import sha256_text

        imported = 0
        already = 0
        with write_transaction(app.db):
            for ex in read.examples:
                if sha256_text(ex.text) in known:
                    already += 1
                    continue
                add_label(app.db, text=ex.text, label=str(ex.label), source=source or ex.source or f"import:{file.name}",
                          moderator_id=moderator_id, channel_id="cli:import", external_id=ex.id)
                imported += 1
    finally:
        app.close()
    summary = read.summary() | {"imported": imported, "already_stored": already, "file": str(file)}
    if as_json:
        echo_json(summary)
        return
    click.echo(f"imported {imported} labels from {file.name}; already stored {already}; duplicates in file "
               f"{summary['duplicates']}; unknown labels {summary['unknown_labels']} "
               f"{summary['unknown_label_values'] or ''}; empty text {summary['empty_text']}; malformed "
               f"{summary['malformed']}")


@labels_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@click.option("--include-weak", is_flag=True, help="Also export members' weak labels.")
@db_option
@friendly_errors
def labels_export(fmt: str, output: Path | None, include_weak: bool, db_path: Path | None) -> None:
    """Export labels as JSONL or CSV (text, label, id, source)."""
    app = open_app(db_path)
    try:
        rows = [r for r in all_labels(app.db) if include_weak or r.strength == "strong"]
    finally:
        app.close()
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "csv":
            writer = csv.writer(out)
            writer.writerow(["text", "label", "id", "source"])
            for r in rows:
                writer.writerow([r.text, r.label, r.id, r.source])
        else:
            for r in rows:
                out.write(json.dumps({"text": r.text, "label": r.label, "id": r.id, "source": r.source},
                                     ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if output:
        click.echo(f"exported {len(rows)} labels to {output}", err=True)


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
    app = open_app(db_path)
    try:
        current = app.models.get()
        result = retrain(app.db, app.registry, current, RetrainSettings(f1_margin=f1_margin,
                                                                        recall_margin=recall_margin),
                         on_step=progress if not as_json else None)
        flagged = 0
        if check_labels:
            for rec, predicted, p in suspicious_labels(app.db):
                if rec.post_id is None:
                    continue
                review.enqueue(app.db, post_id=rec.post_id, reasons=[f"check_label:{rec.label}->{predicted}"],
                               priority=Priority.LABEL_CHECK, label=rec.label, confidence=p, kind="label_check")
                flagged += 1
    finally:
        app.close()
    payload = result.to_dict() | {"labels_flagged_for_check": flagged}
    if as_json:
        echo_json(payload)
        return
    click.echo(("PROMOTED " if result.promoted else "KEPT CURRENT ") + result.reason)
    for name, summary in (("candidate", result.candidate), ("current", result.current)):
        if summary:
            click.echo(f"  {name}: macro-F1 {summary['macro_f1']:.3f}  personal recall "
                       f"{summary['personal_symptoms_recall']}")
    if flagged:
        click.echo(f"  {flagged} labels queued for a second look")


@click.command("forget")
@click.argument("user_id")
@db_option
@moderator_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly_errors
def forget_cmd(user_id: str, db_path: Path | None, moderator_id: str, yes: bool) -> None:
    """Delete everything stored about a member (posts, predictions, replies, queue items, labels)."""
    if not yes:
        click.confirm(f"Delete everything stored about member {user_id}?", abort=True)
    app = open_app(db_path)
    try:
        report = forget_member(app.db, user_id, actor=moderator_id)
    finally:
        app.close()
    click.echo(f"deleted {report.posts} posts and {report.labels} labels of member {user_id}; the next retrain "
               "will not see them")


@click.command("purge")
@click.option("--days", type=int, default=90, show_default=True, help="Retention period for raw post text.")
@db_option
@friendly_errors
def purge_cmd(days: int, db_path: Path | None) -> None:
    """Delete the text of posts older than the retention period (labels kept for training stay)."""
    app = open_app(db_path)
    try:
        count = purge_old_text(app.db, timedelta(days=days))
    finally:
        app.close()
    click.echo(f"purged the text of {count} posts older than {days} days")


COMMANDS = [queue, review_cmd, decide_cmd, label_cmd, labels_group, retrain_cmd, forget_cmd, purge_cmd]
