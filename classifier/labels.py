"""The labels a post can get. ``other`` is chit-chat and thanks: the bot stays silent on it."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Label", "ALL_LABELS", "ANSWERED_LABELS", "parse_label"]


class Label(StrEnum):
    RESEARCH_HELP = "research_help"
    PERSONAL_SYMPTOMS = "personal_symptoms"
    GENERAL_INFO = "general_info"
    OTHER = "other"


ALL_LABELS: tuple[Label, ...] = tuple(Label)
ANSWERED_LABELS: frozenset[Label] = frozenset({Label.RESEARCH_HELP, Label.PERSONAL_SYMPTOMS, Label.GENERAL_INFO})

_ALIASES = {
    "research": Label.RESEARCH_HELP,
    "personal": Label.PERSONAL_SYMPTOMS,
    "symptoms": Label.PERSONAL_SYMPTOMS,
    "general": Label.GENERAL_INFO,
    "info": Label.GENERAL_INFO,
}


def parse_label(value: str) -> Label:
    """Accept a label's name (any case, spaces or dashes for underscores) or a short alias.

    :raises ValueError: naming the accepted labels.
    """
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Label(key)
    except ValueError:
        if key in _ALIASES:
            return _ALIASES[key]
    raise ValueError(f"unknown label {value!r}; use one of: {', '.join(label.value for label in Label)}")
