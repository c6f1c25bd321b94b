"""Moderation from the terminal: the queue, single-key review, decisions, labels (one, or in bulk)."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import asdict
from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, moderator_option, open_app
from bot.moderation import Action, Moderator, decide, export_labels, import_labels, label_post
from classifier.examples import read_examples
from classifier.labels import ALL_LABELS, Label
from data import review
from data.errors import AlreadyHandled
from data.review import ReviewFilter, ReviewItem
from responses.personal_data import mask_personal_data

__all__ = ["COMMANDS"]

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
    with open_app(db_path) as app:
        items = review.list_items(app.db, _filter(status, label, min_confidence, max_confidence, model_version,
                                                  moderator, reporter, since, limit))
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
    mod = Moderator(moderator_id, "cli")
    done = 0
    skipped: set[int] = set()
    with open_app(db_path) as app:
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


class CaseNumber(click.ParamType):
    """A case as the queue shows it (``#12``) or as a bare number (``12``)."""

    name = "case"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip().removeprefix("#")
        if not text.isdigit():
            self.fail(f"{value!r} is not a case number (like #12)", param, ctx)
        return int(text)


@click.command("decide")
@click.argument("case", type=CaseNumber())
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
    with open_app(db_path) as app:
        result = decide(app.db, case, action, Moderator(moderator_id, "cli"), label=label, reply_text=reply_text,
                        note=note)
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
    with open_app(db_path) as app:
        label_id = label_post(app.db, post_id, label, Moderator(moderator_id, "cli"))
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
    with open_app(db_path) as app:
        stored = import_labels(app.db, read.examples, Moderator(moderator_id, "cli"), source=source,
                               default_source=f"import:{file.name}")
    summary = read.summary() | {"imported": stored.imported, "already_stored": stored.already_stored,
                                "file": str(file)}
    if as_json:
        echo_json(summary)
        return
    click.echo(f"imported {stored.imported} labels from {file.name}; already stored {stored.already_stored}; "
               f"duplicates in file {summary['duplicates']}; unknown labels {summary['unknown_labels']} "
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
    with open_app(db_path) as app, \
            (output.open("w", encoding="utf-8", newline="") if output else contextlib.nullcontext(sys.stdout)) as out:
        count = export_labels(app.db, out, fmt, include_weak=include_weak)
    if output:
        click.echo(f"exported {count} labels to {output}", err=True)


COMMANDS = [queue, review_cmd, decide_cmd, label_cmd, labels_group]
