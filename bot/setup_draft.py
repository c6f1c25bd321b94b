"""The guided ``/triage setup``'s state, without Discord: the values in effect when the wizard opened, the
moderator's unsaved choices, and the checks each choice goes through (``data.settings_store``'s own, so the
wizard, the quick ``/triage setup`` options and ``triage settings set`` refuse the same values).

Nothing here writes: the wizard hands :meth:`SetupDraft.changes` to ``settings_store.set_settings`` on Save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from data.settings_store import CHOICES, DEFAULTS, ID_LISTS, check_value, parse_value

__all__ = ["SetupDraft", "DraftError", "STEPS", "STEP_KEYS", "NUMBER_KEYS", "ENV_KEYS", "LABELS", "shown", "described",
           "effective_settings", "choice_values", "choice_label"]

#: the wizard's steps, in order
STEPS: tuple[str, ...] = ("channels", "moderators", "clinical", "locale", "numbers", "summary")
#: the keys each step sets (the summary shows them all)
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "channels": ("answer_channel_ids", "forum_channel_ids"),
    "moderators": ("mod_channel_id", "mod_role_id", "mod_log_channel_id"),
    "clinical": ("clinical_channel_id", "clinical_role_id"),
    "locale": ("region", "language", "personal_reply_mode"),
    "numbers": ("retention_days", "reminder_minutes", "emergency_reping_minutes", "retrain_every_labels",
                "weekly_digest"),
}
STEP_KEYS["summary"] = tuple(k for step in STEPS[:-1] for k in STEP_KEYS[step])
#: the whole numbers the wizard asks for in one form
NUMBER_KEYS: tuple[str, ...] = ("retention_days", "reminder_minutes", "emergency_reping_minutes",
                                "retrain_every_labels")
#: keys whose stored None means "the environment's value" (TRIAGE_CHANNEL_IDS, TRIAGE_MOD_CHANNEL_ID, ...)
ENV_KEYS: frozenset[str] = frozenset({"answer_channel_ids", "forum_channel_ids", "mod_channel_id", "mod_role_id"})

LABELS: dict[str, str] = {
    "answer_channel_ids": "Answer channels", "forum_channel_ids": "Forum channels",
    "mod_channel_id": "Moderators' channel", "mod_role_id": "Moderators' role",
    "mod_log_channel_id": "Mod-log channel", "clinical_channel_id": "Clinical channel",
    "clinical_role_id": "Clinical role", "region": "Region (emergency numbers)",
    "language": "Language of the safety notices", "personal_reply_mode": "Answering personal-health posts",
    "retention_days": "Keep post text (days, 0 = forever)", "reminder_minutes": "Remind about pending cases after (min)",
    "emergency_reping_minutes": "Ping an unclaimed emergency again after (min, 0 = never)",
    "retrain_every_labels": "Retrain after this many new labels (0 = never)",
    "weekly_digest": "Weekly moderators' report",
}

#: how the choices read in a menu (a value without an entry shows as itself)
_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "personal_reply_mode": {"public": "Public reply in the channel", "thread": "Reply in a new thread",
                            "private_thread": "Private thread with the member and the clinical role",
                            "dm": "Direct message to the member"},
    "language": {"auto": "Auto: the server's Discord language", "en": "English", "es": "Español",
                 "fr": "Français", "de": "Deutsch"},
    "region": {"default": "International (local emergency number)", "us": "United States", "ca": "Canada",
               "uk": "United Kingdom", "ie": "Ireland", "eu": "European Union (112)", "au": "Australia",
               "nz": "New Zealand", "in": "India", "za": "South Africa"},
}
#: the order choices are listed in; values not named here follow, sorted
_CHOICE_ORDER: dict[str, tuple[str, ...]] = {
    "personal_reply_mode": ("public", "thread", "private_thread", "dm"),
    "language": ("auto", "en"),
    "region": ("default",),
}


def choice_values(key: str) -> list[str]:
    """What ``settings_store`` allows for ``key``, in menu order (never a copy of the allowed set)."""
    allowed = CHOICES[key]
    first = [v for v in _CHOICE_ORDER.get(key, ()) if v in allowed]
    return first + sorted(v for v in allowed if v not in first)


def choice_label(key: str, value: str) -> str:
    return _CHOICE_LABELS.get(key, {}).get(value, value)


def shown(key: str, value: Any) -> str:
    """A value as Discord shows it: channels and roles as mentions, lists joined, None as a dash."""
    if value is None:
        return "—"
    if key in ID_LISTS:
        return ", ".join(f"<#{v}>" for v in value) or "—"
    if key.endswith("_channel_id"):
        return f"<#{value}>"
    if key.endswith("_role_id"):
        return f"<@&{value}>"
    return str(value)


def described(key: str, value: Any) -> str:
    """:func:`shown`, with on/off for switches and a choice's name (the wizard's wording)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str) and key in _CHOICE_LABELS and choice_label(key, value) != value:
        return f"{choice_label(key, value)} ({value})"
    return shown(key, value)


def effective_settings(stored: Mapping[str, Any], *, answer_channel_ids: Iterable[int],
                       forum_channel_ids: Iterable[int], mod_channel_id: int | None,
                       mod_role_id: int | None) -> tuple[dict[str, Any], set[str]]:
    """Every key as the bot uses it (the stored value, else the environment's for :data:`ENV_KEYS`), and which
    keys come from the environment."""
    values = {**DEFAULTS, **stored, "answer_channel_ids": sorted(answer_channel_ids),
              "forum_channel_ids": sorted(forum_channel_ids), "mod_channel_id": mod_channel_id,
              "mod_role_id": mod_role_id}
    return values, {k for k in ENV_KEYS if stored.get(k) is None}


class DraftError(ValueError):
    """One or more values were refused; ``problems`` has one line per value, and nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _normal(key: str, value: Any) -> Any:
    if key in ID_LISTS and value is not None:
        return sorted({int(v) for v in value})
    return value


@dataclass
class SetupDraft:
    """The values in effect (``current``) and the moderator's unsaved choices (``changes``: only keys whose
    choice differs from ``current``)."""

    current: dict[str, Any]
    from_environment: set[str] = field(default_factory=set)
    changes: dict[str, Any] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        return self.changes.get(key, self.current.get(key))

    def set(self, key: str, value: Any) -> None:
        """Choose ``value`` for ``key`` (checked as ``set_setting`` checks it; raises ``ValueError``)."""
        value = _normal(key, value)
        check_value(key, value)
        if value == _normal(key, self.current.get(key)):
            self.changes.pop(key, None)
        else:
            self.changes[key] = value

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the unsaved choices for ``keys`` (back to what is in effect)."""
        for key in keys:
            self.changes.pop(key, None)

    def set_numbers(self, raw: Mapping[str, str]) -> None:
        """Parse and check every number typed in the form; all are taken, or none (:class:`DraftError` lists
        each refused one)."""
        parsed: dict[str, Any] = {}
        problems = []
        for key, text in raw.items():
            try:
                value = parse_value(key, text)
                check_value(key, value)
            except ValueError as exc:
                problems.append(f"{LABELS.get(key, key)}: {exc}")
                continue
            parsed[key] = value
        if problems:
            raise DraftError(problems)
        for key, value in parsed.items():
            self.set(key, value)

    def line(self, key: str) -> str:
        """``**label**: value``, marking where it comes from or that it is not saved yet."""
        label = LABELS.get(key, key)
        before = described(key, self.current.get(key))
        if key in self.changes:
            return f"**{label}**: {before} → {described(key, self.changes[key])} *(not saved yet)*"
        origin = " *(environment)*" if key in self.from_environment else ""
        return f"**{label}**: {before}{origin}"
