"""``python -m bot.cli``: the same entry point as the ``triage`` console script."""

from bot.cli import main

main()
