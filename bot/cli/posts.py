"""Posts from the terminal: ``ask`` (one post), ``shell`` (a conversation) and ``import-articles``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app, read_text_arg
from bot.pipeline import Post
from responses.importer import import_articles, iter_article_files
from responses.language import is_other_language

__all__ = ["COMMANDS"]


@click.command()
@click.argument("text")
@db_option
@json_option
@friendly_errors
def ask(text: str, db_path: Path | None, as_json: bool) -> None:
    """Answer one post (TEXT, or - to read it from standard input) as the bot would."""
    body = read_text_arg(text)
    with open_app(db_path) as app:
        outcome = app.pipeline.handle_post(Post(text=body, face="cli"))
    if as_json:
        echo_json(outcome.to_json())
        return
    queued = " · queued for moderators" if outcome.queued else ""
    other = f" · language: {outcome.language}" if is_other_language(outcome.language) else ""
    click.echo(f"[{outcome.label} {outcome.confidence:.2f}{queued}{other}]")
    click.echo(outcome.reply_text or "(no reply: the bot stays silent on this post)")


@click.command()
@db_option
@click.option("--debug", is_flag=True, help="Show label probabilities and passage scores.")
@friendly_errors
def shell(db_path: Path | None, debug: bool) -> None:
    """Chat with the bot in the terminal, as a community member would (like `rasa shell`)."""
    from bot.shell import run_shell

    with open_app(db_path) as app:
        run_shell(app, debug=debug)


@click.command("import-articles")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@click.option("--embed", is_flag=True,
              help="Also store a MiniLM vector for every passage without one (needs the `embeddings` extra; "
                   "retrieval is hybrid once every passage has one).")
@friendly_errors
def import_articles_cmd(paths: tuple[Path, ...], db_path: Path | None, as_json: bool, embed: bool) -> None:
    """Import article files (Markdown, plain text, HTML) or folders of them."""
    from responses import dense

    if embed and not dense.available():
        raise click.ClickException("--embed needs the embeddings extra: pip install -e '.[embeddings]'")
    with open_app(db_path) as app:
        files = list(iter_article_files(paths))
        started = time.perf_counter()
        with click.progressbar(length=len(files), label="importing", file=sys.stderr,
                               hidden=as_json or not sys.stderr.isatty()) as bar:
            report = import_articles(app.db, files, progress=lambda _p: bar.update(1))
        embedded = 0
        if embed:
            encoder = dense.get_encoder()
            assert encoder is not None
            with click.progressbar(length=dense.missing_count(app.db), label="embedding", file=sys.stderr,
                                   hidden=as_json or not sys.stderr.isatty()) as bar:
                embedded = dense.embed_passages(app.db, encoder, progress=bar.update)
        if report.changed or embedded:
            app.retriever.warm_up()
    summary = report.summary() | {"embedded": embedded, "seconds": round(time.perf_counter() - started, 2)}
    if as_json:
        echo_json(summary)
    else:
        click.echo(
            f"imported {summary['imported']}, replaced {summary['replaced']}, unchanged {summary['unchanged']}, "
            f"{summary['passages']} passages, {embedded} vectors, {len(report.errors)} errors in {summary['seconds']} s"
        )
        for error in report.errors:
            click.echo(f"  error: {error}", err=True)
    if report.errors and not (report.imported or report.replaced or report.unchanged):
        sys.exit(1)


COMMANDS = [ask, shell, import_articles_cmd]
