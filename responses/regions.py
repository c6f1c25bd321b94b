"""Where to get help, by guild region (the ``region`` setting): numbers and service names only, no prose.

The notices (:mod:`responses.notices`) put these into sentences in the reader's language
(:mod:`responses.locales`), so a number is written once here and every language quotes the same one. Service names
(Samaritans, Lifeline, NHS 111, ...) are proper names and are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Region", "CrisisLine", "CrisisForm", "AltNumber", "REGION_TABLE", "REGIONS", "region", "FINDAHELPLINE"]

#: An international directory of free crisis lines, for regions without one of their own.
FINDAHELPLINE = "https://findahelpline.com"


class CrisisForm(StrEnum):
    """How a region's crisis line is reached; each form is one sentence shape in every language."""

    CALL_OR_TEXT = "call_or_text"  # call or text {number} ({name})
    CALL_OR_TEXT_NUMBER = "call_or_text_number"  # call or text {number}
    CALL_ON = "call_on"  # call {name} on {number}
    DIRECTORY = "directory"  # find your country's crisis line at {url}


class AltNumber(StrEnum):
    """How the second emergency number is offered."""

    OR = "or"  # 999 (or 112)
    MOBILE = "mobile"  # 10111 (or 112 from a mobile)


@dataclass(frozen=True)
class CrisisLine:
    form: CrisisForm
    number: str = ""
    name: str = ""
    #: a text-message service offered beside the call: (keyword, number), e.g. ("SHOUT", "85258")
    text: tuple[str, str] | None = None
    url: str = FINDAHELPLINE


@dataclass(frozen=True)
class Region:
    code: str
    #: the emergency number; None for the international default (no number is assumed)
    emergency: str | None = None
    emergency_alt: str | None = None
    alt: AltNumber = AltNumber.OR
    crisis: CrisisLine | None = None
    #: the number or service name the region's urgent-care sentence quotes (``care.<code>`` in the locales)
    advice: str = ""


REGION_TABLE: dict[str, Region] = {r.code: r for r in (
    Region("default"),
    Region("us", "911", crisis=CrisisLine(CrisisForm.CALL_OR_TEXT, "988", "Suicide & Crisis Lifeline")),
    Region("ca", "911", crisis=CrisisLine(CrisisForm.CALL_OR_TEXT, "988", "Suicide Crisis Helpline"), advice="811"),
    Region("uk", "999", "112", crisis=CrisisLine(CrisisForm.CALL_ON, "116 123", "Samaritans",
                                                 text=("SHOUT", "85258")), advice="NHS 111"),
    Region("ie", "112", "999", crisis=CrisisLine(CrisisForm.CALL_ON, "116 123", "Samaritans")),
    Region("eu", "112", crisis=CrisisLine(CrisisForm.DIRECTORY), advice="116 117"),
    Region("au", "000", crisis=CrisisLine(CrisisForm.CALL_ON, "13 11 14", "Lifeline"), advice="1800 022 222"),
    Region("nz", "111", crisis=CrisisLine(CrisisForm.CALL_OR_TEXT_NUMBER, "1737"), advice="0800 611 116"),
    Region("in", "112", crisis=CrisisLine(CrisisForm.CALL_ON, "14416", "Tele-MANAS")),
    Region("za", "10111", "112", alt=AltNumber.MOBILE),
)}
#: Regions the ``region`` setting accepts ("default" is international: no number is assumed).
REGIONS: tuple[str, ...] = tuple(REGION_TABLE)


def region(code: str | None) -> Region:
    """The region for a setting's value; an unknown or empty one is the international default."""
    return REGION_TABLE.get((code or "default").lower(), REGION_TABLE["default"])
