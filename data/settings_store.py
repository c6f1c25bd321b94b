"""Settings moderators can change at run time, per guild, with declared defaults (unknown keys are refused)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from data.clock import now_iso
from data.db import write_lock, write_transaction

__all__ = ["DEFAULTS", "DEFAULT_SCOPE", "ID_LISTS", "CHOICES", "RANGES", "get_setting", "set_setting", "set_settings",
           "check_value", "guild_settings", "UnknownSetting", "parse_value"]

#: The scope the terminal face uses, and the fallback for a guild that has not set a key itself.
DEFAULT_SCOPE = "default"

#: Every key with its default. ``personal_reply_mode``: public | thread | dm (members reveal health information).
DEFAULTS: dict[str, Any] = {
    "personal_reply_mode": "public",
    "region": "default",
    "reminder_minutes": 120,
    "retrain_every_labels": 0,
    "retention_days": 90,
    "clinical_role_id": None,
    "clinical_channel_id": None,
    # share of confidently handled posts queued at the lowest priority for a moderator's check (live precision)
    "audit_sample_percent": 3.0,
    # post the moderators' report in their channel once a week
    "weekly_digest": False,
    # the language of the safety notices (emergency, urgent care, crisis lines, doctor referral): en | es | fr | de,
    # or auto: the server's Discord language when the notices exist in it, else English (a post written in one of
    # these languages gets them in its own language whatever this says)
    "language": "auto",
    # Discord set-up from ``/triage setup``; None keeps the environment's value (TRIAGE_CHANNEL_IDS, ...)
    "answer_channel_ids": None,
    "forum_channel_ids": None,
    "mod_channel_id": None,
    "mod_role_id": None,
    # one line per moderator decision (case, action, moderator, time; never post text)
    "mod_log_channel_id": None,
    # an emergency nobody has claimed is pinged again after this many minutes (0: never)
    "emergency_reping_minutes": 10,
}
#: keys holding a list of Discord ids (typed as comma-separated ids on a command line)
ID_LISTS = {"answer_channel_ids", "forum_channel_ids"}
CHOICES: dict[str, set[Any]] = {
    # private_thread: a private thread with the member and the clinical role
    "personal_reply_mode": {"public", "thread", "private_thread", "dm"},
    # responses.locales.LANGUAGE_SETTINGS (data sits below responses; a test keeps the two the same)
    "language": {"auto", "en", "es", "fr", "de"},
    # regions with their own emergency numbers (responses.notices.EMERGENCY_NUMBERS); "default" is international
    "region": {"default", "us", "ca", "uk", "ie", "eu", "au", "nz", "in", "za"},
}

#: the bounds of numeric keys, inclusive (``/triage setup`` declares its options from these)
RANGES: dict[str, tuple[float, float]] = {
    "audit_sample_percent": (0.0, 100.0),
    "retention_days": (0, 3650),  # 0: keep post text forever
    "reminder_minutes": (5, 10080),
    "emergency_reping_minutes": (0, 1440),  # 0: never
    "retrain_every_labels": (0, 100000),  # 0: never
}


class UnknownSetting(KeyError):
    pass


def get_setting(db: Database, scope: str, key: str) -> Any:
    if key not in DEFAULTS:
        raise UnknownSetting(key)
    row = db.execute("SELECT value FROM settings WHERE scope = ? AND key = ?", [scope, key]).fetchone()
    return DEFAULTS[key] if row is None else json.loads(row[0])


def check_value(key: str, value: Any) -> None:
    """Refuse an unknown key, a value outside the key's choices or range (one clear line each)."""
    if key not in DEFAULTS:
        raise UnknownSetting(key)
    if key in CHOICES and value not in CHOICES[key]:
        raise ValueError(f"{key} must be one of {', '.join(sorted(CHOICES[key]))}")
    if key in RANGES and value is not None and not (RANGES[key][0] <= value <= RANGES[key][1]):
        raise ValueError(f"{key} must be between {RANGES[key][0]:g} and {RANGES[key][1]:g}")


def _row(scope: str, key: str, value: Any, by: str | None, at: str | None = None) -> dict[str, Any]:
    return {"scope": scope, "key": key, "value": json.dumps(value), "updated_at": at or now_iso(), "updated_by": by}


def set_setting(db: Database, scope: str, key: str, value: Any, by: str | None = None) -> None:
    check_value(key, value)
    with write_lock(db):
        db.table("settings").upsert(_row(scope, key, value, by), pk=("scope", "key"))


def set_settings(db: Database, scope: str, values: dict[str, Any], by: str | None = None) -> None:
    """Several keys at once: every value is checked first, then all are written in one transaction (a refused
    value stores none of them)."""
    for key, value in values.items():
        check_value(key, value)
    at = now_iso()  # one change, one time
    with write_transaction(db):
        for key, value in values.items():
            db.table("settings").upsert(_row(scope, key, value, by, at), pk=("scope", "key"))


def guild_settings(db: Database, scope: str) -> dict[str, Any]:
    """Every key for ``scope``: its own value, else the default scope's, else the declared default."""
    out = dict(DEFAULTS)
    scopes = [DEFAULT_SCOPE] if scope == DEFAULT_SCOPE else [DEFAULT_SCOPE, scope]
    for one in scopes:
        for row in db.query("SELECT key, value FROM settings WHERE scope = ?", [one]):
            if row["key"] in DEFAULTS:
                out[row["key"]] = json.loads(row["value"])
    return out


def parse_value(key: str, raw: str) -> Any:
    """A value typed on a command line, as the key's default's type (``none`` clears an id)."""
    if key not in DEFAULTS:
        raise UnknownSetting(key)
    default = DEFAULTS[key]
    text = raw.strip()
    if text.lower() in {"none", "null", ""} and default is None:
        return None
    if key in ID_LISTS:
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise ValueError(f"{key} takes Discord ids separated by commas, not {raw!r}")
        return [int(p) for p in parts]
    if isinstance(default, bool):
        if text.lower() in {"on", "true", "yes", "1"}:
            return True
        if text.lower() in {"off", "false", "no", "0"}:
            return False
        raise ValueError(f"{key} takes on or off, not {raw!r}")
    if isinstance(default, float):
        try:
            return float(text.rstrip("%"))
        except ValueError:
            raise ValueError(f"{key} takes a number, not {raw!r}") from None
    if isinstance(default, int) or (default is None and text.isdigit()):
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{key} takes a whole number, not {raw!r}") from None
    return text.lower() if key in CHOICES else text
