"""Personal data in posts: what kinds are present, and a masked copy for moderators' eyes.

Detected kinds: ``email``, ``phone``, ``address`` (a street address), ``date_of_birth`` and ``name`` (a full
name introduced as "my name is ..." / "I'm called ..."). The bot suggests removing them from public posts and
the review queue shows them masked. Detection favours recall on the obvious shapes and stays quiet on ages,
doses and dates that are not birth dates ("I'm 54", "500 mg twice a day", "since 12/03").
"""

from __future__ import annotations

import re

__all__ = ["personal_data_kinds", "mask_personal_data", "PERSONAL_DATA_KINDS"]

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
# International or national numbers with at least 9 digits, allowing spaces, dots, dashes and brackets.
_PHONE = re.compile(r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]?\d{2,5}){1,4}(?![\w/])")
_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|"
    r"square|sq|highway|hwy|parkway|pkwy|strasse|straße|rue|calle|via"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z'-]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?",
)
_ADDRESS_CUE = re.compile(r"\b(?:i live at|my address is|address:)\s+[^.\n]{4,80}", re.IGNORECASE)
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d{2}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})"
_DOB = re.compile(
    rf"\b(?:born (?:on )?|date of birth(?: is)?:?\s*|dob:?\s*|d\.o\.b\.?:?\s*|birthday is\s+)({_DATE})",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"\b(?:my name is|my name's|i am called|i'm called|call me|this is)\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\b"
)
_NAME_LOOSE = re.compile(r"\b(?:[Mm]y name is|[Mm]y name's)\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})")

PERSONAL_DATA_KINDS = ("email", "phone", "address", "date_of_birth", "name")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 15 and not re.fullmatch(r"(19|20)\d{2}", digits[:4]) or (
            9 <= len(digits) <= 15 and match.group(0).startswith("+")
        ):
            spans.append(match.span())
    return spans


def _spans(text: str) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    emails = [m.span() for m in _EMAIL.finditer(text)]
    if emails:
        found["email"] = emails
    phones = [s for s in _phone_spans(text) if not any(a <= s[0] < b for a, b in emails)]
    if phones:
        found["phone"] = phones
    addresses = [m.span() for m in _ADDRESS.finditer(text)] + [m.span() for m in _ADDRESS_CUE.finditer(text)]
    if addresses:
        found["address"] = addresses
    dobs = [m.span(1) for m in _DOB.finditer(text)]
    if dobs:
        found["date_of_birth"] = dobs
    names = [m.span(1) for m in _NAME.finditer(text)] + [m.span(1) for m in _NAME_LOOSE.finditer(text)]
    if names:
        found["name"] = names
    return found


def personal_data_kinds(text: str) -> set[str]:
    """The kinds of personal data found in ``text`` (empty set when none)."""
    if not text:
        return set()
    return set(_spans(text[:200_000]))


def mask_personal_data(text: str) -> str:
    """``text`` with every detected item replaced by ``[email]``, ``[phone]``, ... ."""
    if not text:
        return text
    spans = sorted(
        ((start, end, kind) for kind, found in _spans(text).items() for start, end in found),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[str] = []
    cursor = 0
    for start, end, kind in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(f"[{kind}]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
