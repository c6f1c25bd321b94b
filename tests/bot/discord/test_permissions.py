"""The README's Discord section lists every permission and intent the start-up check looks for."""

from __future__ import annotations

from pathlib import Path

from bot.discord.client import build_intents
from bot.discord.permissions import (
    ANSWER_CHANNEL,
    FORUM_CHANNEL,
    INTENTS,
    MANAGE_GUILD,
    MANAGE_THREADS,
    MENTION_EVERYONE,
    MOD_CHANNEL,
    PRIVATE_THREADS,
)

README = Path(__file__).resolve().parents[3] / "README.md"


def _discord_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Running the Discord bot")
    return text[start:text.index("\n## ", start + 1)]


def test_the_readme_lists_every_permission_the_bot_checks():
    section = _discord_section()
    for need in {*ANSWER_CHANNEL, *FORUM_CHANNEL, *MOD_CHANNEL, MENTION_EVERYONE, MANAGE_GUILD, PRIVATE_THREADS,
                 MANAGE_THREADS}:
        assert f"| {need.label} |" in section, need.label


def test_the_readme_lists_every_intent_the_bot_asks_for():
    section = _discord_section()
    asked = {name for name, on in build_intents() if on}
    assert asked == {flag for flag, _, _ in INTENTS}
    for _, label, _ in INTENTS:
        assert f"**{label.removesuffix(' (privileged)')}**" in section, label
