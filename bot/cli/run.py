"""``triage run``: start the Discord bot."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import click

from bot.cli.common import db_option, friendly_errors, open_app
from bot.settings import SettingsError, load_settings

__all__ = ["COMMANDS", "settings_lines", "startup_failure_lines"]

_SEE = "(see README, 'Running the Discord bot')"


def settings_lines(problems: list[str]) -> list[str]:
    """One line per settings problem; when nothing is configured at all, one line that says what to set."""
    unset = [p.split(" ", 1)[0] for p in problems if " is not set" in p]
    if problems and len(unset) == len(problems):
        names = unset[0] if len(unset) == 1 else ", ".join(unset[:-1]) + " and " + unset[-1]
        verb = "is" if len(unset) == 1 else "are"
        return [f"{names} {verb} not set: the Discord bot needs a token and its server's ids {_SEE}"]
    return problems


def startup_failure_lines(exc: BaseException) -> list[str] | None:
    """What to fix when Discord refuses to start the bot, one line each; None for an unexpected error."""
    import discord

    from bot.discord.client import StartupError

    if isinstance(exc, StartupError):
        return exc.problems
    if isinstance(exc, discord.LoginFailure):
        return ["Discord refused the token (DISCORD_TOKEN): check it in the developer portal"]
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return ["missing intent: Message Content is not enabled for this bot (developer portal > Bot > "
                "Privileged Gateway Intents)"]
    if isinstance(exc, discord.ConnectionClosed) and exc.code == 4011:
        return ["Discord requires sharding for this bot (it is in too many servers); Triage serves one community "
                "and runs as one shard"]
    if isinstance(exc, discord.ConnectionClosed) and exc.code in (4013, 4014):
        return [f"Discord refused the bot's gateway intents (close code {exc.code}) {_SEE}"]
    return None


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
        for line in settings_lines(exc.problems):
            click.echo(f"Error: {line}", err=True)
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

        def report(line: str) -> None:
            click.echo(f"Warning: {line}", err=True)

        async def main() -> None:
            bot = TriageBot(TriageService(app, metrics=metrics), settings, report=report)
            if metrics is not None:
                metrics.ready = bot.is_ready
            async with bot:
                await bot.start(settings.token.get())

        try:
            if metrics is not None and address is not None:
                metrics.serve(*address)  # (a port in use is a clear error, and the store is still closed)
            asyncio.run(main())
        except KeyboardInterrupt:
            pass
        except Exception as exc:
            lines = startup_failure_lines(exc)
            if lines is None:
                raise
            for line in lines:
                click.echo(f"Error: {line}", err=True)
            sys.exit(1)
        finally:
            if metrics is not None:
                metrics.close()


COMMANDS = [run_cmd]
