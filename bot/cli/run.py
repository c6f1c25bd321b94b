"""``triage run``: start the Discord bot."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import click

from bot.cli.common import db_option, friendly_errors, open_app
from bot.settings import SettingsError, load_settings

__all__ = ["COMMANDS"]


@click.command("run")
@db_option
@click.option("--env-file", type=click.Path(dir_okay=False, path_type=Path), default=Path(".env"),
              show_default=True, help="Optional KEY=value file; the environment wins over it.")
@click.option("--metrics", "metrics_address", default=None, metavar="HOST:PORT",
              help="Serve Prometheus metrics (/metrics) and a health check (/healthz), e.g. 127.0.0.1:9108.")
@friendly_errors
def run_cmd(db_path: Path | None, env_file: Path, metrics_address: str | None) -> None:
    """Run the Discord bot (settings from the environment or .env; see .env.example)."""
    address = None
    if metrics_address is not None:
        from bot.metrics import parse_address

        try:
            address = parse_address(metrics_address)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--metrics") from None
    try:
        settings = load_settings(env_file=env_file)
    except SettingsError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        sys.exit(1)
    import discord

    from bot.discord.client import TriageBot
    from bot.service import TriageService

    discord.utils.setup_logging(level=logging.INFO)
    with open_app(db_path) as app:
        app.retriever.warm_up()
        app.pipeline.safety.model()  # the first emergency must not wait for the learned component to load

        from bot.metrics import TriageMetrics

        metrics = None if address is None else TriageMetrics(app.db_path)

        async def main() -> None:
            bot = TriageBot(TriageService(app, metrics=metrics), settings)
            if metrics is not None:
                metrics.ready = bot.is_ready
            async with bot:
                await bot.start(settings.token.get())

        try:
            if metrics is not None and address is not None:
                metrics.serve(*address)  # (a port in use is a clear error, and the store is still closed)
            asyncio.run(main())
        except discord.LoginFailure:
            click.echo("Error: Discord refused the token (DISCORD_TOKEN): check it in the developer portal", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            pass
        finally:
            if metrics is not None:
                metrics.close()


COMMANDS = [run_cmd]
