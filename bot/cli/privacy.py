"""Privacy from the terminal: ``forget`` a member, ``purge`` old post text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from bot.cli.common import db_option, friendly_errors, moderator_option, open_app
from data.privacy import forget_member, purge_old_text

__all__ = ["COMMANDS"]


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
    with open_app(db_path) as app:
        report = forget_member(app.db, user_id, actor=moderator_id)
    click.echo(f"deleted {report.posts} posts and {report.labels} labels of member {user_id}; the next retrain "
               "will not see them")


@click.command("purge")
@click.option("--days", type=int, default=90, show_default=True, help="Retention period for raw post text.")
@db_option
@friendly_errors
def purge_cmd(days: int, db_path: Path | None) -> None:
    """Delete the text of posts older than the retention period (labels kept for training stay)."""
    with open_app(db_path) as app:
        count = purge_old_text(app.db, timedelta(days=days))
    click.echo(f"purged the text of {count} posts older than {days} days")


COMMANDS = [forget_cmd, purge_cmd]
