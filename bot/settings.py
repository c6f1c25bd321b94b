"""Discord settings, read once at start-up from the environment or a git-ignored ``.env`` file.

Missing or malformed values are collected and reported one clear line each. The token is wrapped so that it
never appears in a repr, a log line or an error message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["Secret", "DiscordSettings", "SettingsError", "load_settings", "read_env_file", "with_stored"]


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


class SettingsError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class DiscordSettings:
    token: Secret
    guild_id: int
    answer_channel_ids: frozenset[int]
    forum_channel_ids: frozenset[int]
    mod_channel_id: int
    mod_role_id: int | None
    channel_cooldown: float = 1.5
    member_cooldown: float = 5.0
    extra: dict[str, str] = field(default_factory=dict)


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines; comments and blank lines ignored; quotes stripped. The environment wins over it."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("\"'")
    return values


def _ids(raw: str, name: str, problems: list[str]) -> frozenset[int]:
    out = set()
    for part in (p.strip() for p in raw.replace(";", ",").split(",")):
        if not part:
            continue
        if not part.isdigit():
            problems.append(f"{name}: {part!r} is not a Discord id (digits only)")
            continue
        out.add(int(part))
    return frozenset(out)


def load_settings(environ: dict[str, str] | None = None, env_file: Path | None = Path(".env")) -> DiscordSettings:
    """Read and check every setting; raise :class:`SettingsError` listing every problem at once."""
    values = read_env_file(env_file) if env_file is not None else {}
    values.update(os.environ if environ is None else environ)
    problems: list[str] = []
    token = values.get("DISCORD_TOKEN", "").strip()
    if not token:
        problems.append("DISCORD_TOKEN is not set: create a bot in the Discord developer portal and export its "
                        "token (see README, 'Running the Discord bot')")

    def one_id(name: str, required: bool) -> int | None:
        raw = values.get(name, "").strip()
        if not raw:
            if required:
                problems.append(f"{name} is not set")
            return None
        if not raw.isdigit():
            problems.append(f"{name}: {raw!r} is not a Discord id (digits only)")
            return None
        return int(raw)

    guild = one_id("TRIAGE_GUILD_ID", True)
    mod_channel = one_id("TRIAGE_MOD_CHANNEL_ID", True)
    mod_role = one_id("TRIAGE_MOD_ROLE_ID", False)
    channels = _ids(values.get("TRIAGE_CHANNEL_IDS", ""), "TRIAGE_CHANNEL_IDS", problems)
    forums = _ids(values.get("TRIAGE_FORUM_IDS", ""), "TRIAGE_FORUM_IDS", problems)
    if not channels and not forums and "TRIAGE_CHANNEL_IDS" in values:
        problems.append("TRIAGE_CHANNEL_IDS and TRIAGE_FORUM_IDS are both empty: the bot would answer nowhere "
                        "(it still answers when mentioned)")
    cooldowns = {}
    for name, default in (("TRIAGE_CHANNEL_COOLDOWN", 1.5), ("TRIAGE_MEMBER_COOLDOWN", 5.0)):
        raw = values.get(name, "")
        try:
            cooldowns[name] = float(raw) if raw else default
        except ValueError:
            problems.append(f"{name}: {raw!r} is not a number of seconds")
            cooldowns[name] = default
    if problems:
        raise SettingsError(problems)
    assert guild is not None and mod_channel is not None
    return DiscordSettings(
        token=Secret(token), guild_id=guild, answer_channel_ids=channels, forum_channel_ids=forums,
        mod_channel_id=mod_channel, mod_role_id=mod_role,
        channel_cooldown=cooldowns["TRIAGE_CHANNEL_COOLDOWN"], member_cooldown=cooldowns["TRIAGE_MEMBER_COOLDOWN"],
    )


def with_stored(env: DiscordSettings, stored: Mapping[str, Any]) -> DiscordSettings:
    """The environment's settings overlaid with what moderators stored for the guild (``/triage setup``): the
    environment gives the defaults, a stored value (not None) wins."""
    changes: dict[str, Any] = {}
    for key in ("answer_channel_ids", "forum_channel_ids"):
        if stored.get(key) is not None:
            changes[key] = frozenset(int(x) for x in stored[key])
    for key in ("mod_channel_id", "mod_role_id"):
        if stored.get(key) is not None:
            changes[key] = int(stored[key])
    return replace(env, **changes) if changes else env
