"""``triage report``: how the bot is doing (live quality, drift, content gaps, service) as text, JSON or a page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app
from data.clock import now

__all__ = ["COMMANDS"]


@click.command("report")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day of the report (UTC, YYYY-MM-DD; default: eight weeks ago).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a self-contained HTML page with the charts to this file.")
@db_option
@json_option
@friendly_errors
def report_cmd(since: datetime | None, html_path: Path | None, db_path: Path | None, as_json: bool) -> None:
    """Live precision from moderators' decisions, drift, content gaps and service figures, up to now."""
    from bot.reports.build import build_report  # (imported here: every other command starts without them)
    from bot.reports.charts import render_charts
    from bot.reports.digest import digest_text
    from bot.reports.page import render_html
    from bot.reports.sources import report_options

    with open_app(db_path) as app:
        try:
            figures = build_report(app.db, None if since is None else since.replace(tzinfo=UTC), now(),
                                   report_options(app))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    if html_path is not None:
        html_path.write_text(render_html(figures, render_charts(figures)), encoding="utf-8")
        click.echo(f"wrote {html_path}", err=as_json)
    if as_json:
        echo_json(figures)
    else:
        click.echo(digest_text(figures).replace("**", ""))


COMMANDS = [report_cmd]
