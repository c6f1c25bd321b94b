"""The ``triage`` command line: the terminal face of the same pipeline the Discord bot uses."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from bot.cli.common import (
    db_option,
    debug_enabled,
    echo_json,
    friendly_errors,
    json_option,
    open_app,
    read_text_arg,
)
from bot.pipeline import Post
from responses.importer import import_articles

__all__ = ["cli", "main"]


@click.group(help="Triage: answers health-community posts from articles and keeps moderators in control.")
@click.option("-v", "--verbose", count=True, help="Log more (ids only, never post text).")
@click.version_option(package_name="triage-bot")
def cli(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("text")
@db_option
@json_option
@friendly_errors
def ask(text: str, db_path: Path | None, as_json: bool) -> None:
    """Answer one post (TEXT, or - to read it from standard input) as the bot would."""
    body = read_text_arg(text)
    app = open_app(db_path)
    try:
        outcome = app.pipeline.handle_post(Post(text=body, face="cli"))
    finally:
        app.close()
    if as_json:
        echo_json(outcome.to_json())
        return
    click.echo(f"[{outcome.label} {outcome.confidence:.2f}{' · queued for moderators' if outcome.queued else ''}]")
    click.echo(outcome.reply_text or "(no reply: the bot stays silent on this post)")


@cli.command()
@db_option
@click.option("--debug", is_flag=True, help="Show label probabilities and passage scores.")
@friendly_errors
def shell(db_path: Path | None, debug: bool) -> None:
    """Chat with the bot in the terminal, as a community member would (like `rasa shell`)."""
    from bot.shell import run_shell

    app = open_app(db_path)
    try:
        run_shell(app, debug=debug)
    finally:
        app.close()


@cli.command("import-articles")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@friendly_errors
def import_articles_cmd(paths: tuple[Path, ...], db_path: Path | None, as_json: bool) -> None:
    """Import article files (Markdown, plain text, HTML) or folders of them."""
    from responses.importer import iter_article_files

    app = open_app(db_path)
    files = list(iter_article_files(paths))
    started = time.perf_counter()
    try:
        with click.progressbar(length=len(files), label="importing", file=sys.stderr,
                               hidden=as_json or not sys.stderr.isatty()) as bar:
            report = import_articles(app.db, files, progress=lambda _p: bar.update(1))
        if report.changed:
            app.retriever.warm_up()
    finally:
        app.close()
    summary = report.summary() | {"seconds": round(time.perf_counter() - started, 2)}
    if as_json:
        echo_json(summary)
    else:
        click.echo(
            f"imported {summary['imported']}, replaced {summary['replaced']}, unchanged {summary['unchanged']}, "
            f"{summary['passages']} passages, {len(report.errors)} errors in {summary['seconds']} s"
        )
        for error in report.errors:
            click.echo(f"  error: {error}", err=True)
    if report.errors and not (report.imported or report.replaced or report.unchanged):
        sys.exit(1)


def _register_subcommands() -> None:
    from bot.cli import evaluation, models, report, review, run, settings

    for module in (models, review, run, evaluation, settings, report):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_subcommands()


def main() -> None:
    """Entry point: click's own errors stay friendly; anything unexpected is one line unless TRIAGE_DEBUG is set."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: never a traceback for a member of the public
        if debug_enabled():
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (set TRIAGE_DEBUG=1 for details)", err=True)
        sys.exit(2)
