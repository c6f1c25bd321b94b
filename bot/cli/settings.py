"""``triage settings show|set``: the per-guild settings table from the terminal (the same keys as Discord's)."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.common import db_option, echo_json, friendly_errors, json_option, open_app
from data.settings_store import (
    DEFAULT_SCOPE,
    DEFAULTS,
    UnknownSetting,
    guild_settings,
    parse_value,
    set_setting,
)

__all__ = ["COMMANDS"]

guild_option = click.option("--guild", "scope", default=DEFAULT_SCOPE, show_default=True,
                            help="Guild id; 'default' is the terminal's scope and every guild's fallback.")


@click.group()
def settings() -> None:
    """Show or change settings (region for emergency numbers, retention, reminders, ...)."""


@settings.command("show")
@guild_option
@db_option
@json_option
@friendly_errors
def show(scope: str, db_path: Path | None, as_json: bool) -> None:
    """Every setting with its value for the guild (or the default scope)."""
    with open_app(db_path) as app:
        values = guild_settings(app.db, scope)
    if as_json:
        echo_json(values)
        return
    for key in DEFAULTS:
        click.echo(f"{key:<22} {values[key]}")


@settings.command("set")
@click.argument("key")
@click.argument("value")
@guild_option
@db_option
@friendly_errors
def set_cmd(key: str, value: str, scope: str, db_path: Path | None) -> None:
    """Set KEY to VALUE (e.g. `triage settings set region uk`)."""
    try:
        parsed = parse_value(key, value)
    except UnknownSetting:
        raise click.ClickException(f"unknown setting {key!r}; known: {', '.join(DEFAULTS)}") from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    with open_app(db_path) as app:
        try:
            set_setting(app.db, scope, key, parsed, by="cli")
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{key} = {parsed} ({scope})")


COMMANDS = [settings]
