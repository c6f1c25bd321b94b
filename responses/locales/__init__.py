"""The words of the safety notices, by language: one table a language, the same keys and placeholders in each.

Languages are data: ``en`` is the reference table, and every other table must define every key it has with the
same placeholders (``tests/responses/test_locales.py``), so a missing or broken translation fails a test rather
than reaching a member. The classifier and the articles stay English; only the notices a reply can carry for a
member's safety (emergency, see a doctor today, crisis lines, the doctor referral, "I can only answer in
English") and the short notes beside a private reply are translated.

Which language a reply's notices are in (:func:`notice_language`): the post's own language when the bot can tell
it is one of :data:`LANGUAGES`; otherwise the guild's ``language`` setting; when that is ``auto``, the guild's
Discord language (its ``preferred_locale``, read by the Discord face); otherwise English.
"""

from __future__ import annotations

import string
from types import MappingProxyType

from responses.locales import de, en, es, fr

__all__ = ["LANGUAGES", "LANGUAGE_SETTINGS", "AUTO", "MESSAGES", "message", "has_message", "placeholders",
           "supported", "language_of_locale", "notice_language"]

#: Languages the safety notices are written in (``en`` first: the reference and the fallback).
LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de")
#: The ``language`` setting: ``auto`` follows the guild's Discord language (English outside Discord).
AUTO = "auto"
LANGUAGE_SETTINGS: tuple[str, ...] = (AUTO, *LANGUAGES)

MESSAGES: MappingProxyType[str, dict[str, str]] = MappingProxyType(
    {"en": en.MESSAGES, "es": es.MESSAGES, "fr": fr.MESSAGES, "de": de.MESSAGES})


def supported(language: str | None) -> str | None:
    """``language`` when the notices are written in it, else None."""
    return language if language in MESSAGES else None


def message(language: str, key: str, **fields: str) -> str:
    """The text for ``key`` in ``language`` (English when the language has no table), placeholders filled.

    A key missing from the English table is a programming error (``KeyError``); the completeness test makes a
    key missing from another table impossible."""
    table = MESSAGES.get(language, MESSAGES["en"])
    return table[key].format(**fields)


def has_message(key: str) -> bool:
    return key in MESSAGES["en"]


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template fills."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def language_of_locale(locale: str | None) -> str | None:
    """The language code of a locale tag (``es-ES`` and ``es-419`` are ``es``, ``fr`` is ``fr``, ``en-US`` is
    ``en``); None for an empty one. The code may be one the notices are not written in (``pt``, ``uk``)."""
    if not locale:
        return None
    code = str(locale).strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() else None


def notice_language(setting: str | None, guild_language: str | None = None, post_language: str | None = None) -> str:
    """The language a reply's notices are written in.

    :param setting: the guild's ``language`` setting (``auto``, or one of :data:`LANGUAGES`).
    :param guild_language: the guild's Discord language as a plain code (:func:`language_of_locale`), or None.
    :param post_language: the post's language when it was confidently detected (``responses.language``).
    """
    own = supported(post_language)
    if own is not None and own != "en":
        return own  # a member writing in Spanish reads the safety notices in Spanish, whatever the guild's
    chosen = supported(setting)
    if chosen is not None:
        return chosen
    return supported(guild_language) or "en"
