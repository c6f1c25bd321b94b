"""The ``triage`` command line: the terminal face of the same pipeline the Discord bot uses.

One module per domain, each command parsing its options, calling one function of the core and rendering:
``posts`` (ask, shell, import-articles), ``models`` (train, models, rollback, retrain), ``evaluation`` (eval,
eval-retrieval), ``review`` (queue, review, decide, label, labels), ``privacy`` (forget, purge), ``run``,
``settings`` and ``report``. ``common`` holds what they share.
"""

from __future__ import annotations

import logging
import sys

import click

from bot.cli.common import debug_enabled

__all__ = ["cli", "main"]


@click.group(help="Triage: answers health-community posts from articles and keeps moderators in control.")
@click.option("-v", "--verbose", count=True, help="Log more (ids only, never post text).")
@click.version_option(package_name="triage-bot")
def cli(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _register_subcommands() -> None:
    from bot.cli import evaluation, models, posts, privacy, report, review, run, settings

    for module in (posts, models, review, privacy, run, evaluation, settings, report):
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
