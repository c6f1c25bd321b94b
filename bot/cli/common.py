"""What every ``triage`` command shares: the ``--db`` option, opening the app, and friendly errors."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.app import TriageApp
from bot.pipeline import InvalidPost
from classifier.errors import ClassifierError
from data.errors import StoreError
from responses.articles import ArticleError

__all__ = ["db_option", "json_option", "moderator_option", "open_app", "friendly_errors", "echo_json",
           "read_text_arg", "progress"]

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    envvar="TRIAGE_DB", help="SQLite database file (default: $TRIAGE_HOME/triage.db).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
moderator_option = click.option("--moderator", "moderator_id", default="cli", show_default=True,
                                envvar="TRIAGE_MODERATOR", help="Who is deciding (recorded with every decision).")


def progress(message: str) -> None:
    click.echo(f"triage: {message}", err=True)


def open_app(db_path: Path | None) -> TriageApp:
    """The app for one command, reporting slow first-use steps on stderr; use it as ``with open_app(p) as app:``."""
    return TriageApp.open(db_path, on_step=progress)


def friendly_errors(func: F) -> F:
    """Map the project's named errors to one clear line and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InvalidPost, StoreError, ClassifierError, ArticleError) as exc:
            raise click.ClickException(str(exc)) from None
        except UnicodeDecodeError:
            raise click.ClickException("the input is not valid UTF-8 text") from None
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or 'file'}: {exc.strerror or exc}") from None

    return wrapper  # type: ignore[return-value]


def echo_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))


def read_text_arg(text: str) -> str:
    """``-`` reads standard input as strict UTF-8 (invalid bytes are an error, not mojibake)."""
    if text != "-":
        return text
    raw = sys.stdin.buffer.read()
    return raw.decode("utf-8")


def debug_enabled() -> bool:
    return bool(os.environ.get("TRIAGE_DEBUG"))
