"""The notices a reply can carry, in the words members see. One place, so every face says the same thing.

The safety notices (emergency, see a doctor today, doctor referral, "I can only answer in English", personal
details) are written in the languages of :mod:`responses.locales`, with the region's numbers from
:mod:`responses.regions`; the notices that go with an English answer from the articles (research pointers, low
confidence, no match) stay English, like the articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from responses.locales import LANGUAGE_SETTINGS, LANGUAGES, has_message, message
from responses.regions import FINDAHELPLINE, REGION_TABLE, REGIONS, AltNumber, CrisisForm, Region, region

__all__ = ["NoticeCode", "Notice", "urgent_notice", "urgent_care_notice", "notice", "research_notice",
           "EMERGENCY_NUMBERS", "REGIONS", "LANGUAGES", "LANGUAGE_SETTINGS", "emergency_number", "crisis_line",
           "urgent_care_where", "note"]


class NoticeCode(StrEnum):
    URGENT = "urgent"
    URGENT_CARE = "urgent_care"
    DOCTOR_REFERRAL = "doctor_referral"
    RESEARCH_POINTERS = "research_pointers"
    LOW_CONFIDENCE = "low_confidence"
    NO_MATCH = "no_match"
    PERSONAL_DATA = "personal_data"
    #: the post is not in English: it was not answered from the articles, and a moderator reads it
    OTHER_LANGUAGE = "other_language"


@dataclass(frozen=True)
class Notice:
    code: NoticeCode
    title: str
    text: str


#: Notices whose words come from the locale tables (``<key>.title`` / ``<key>.text``).
_LOCALISED: dict[NoticeCode, str] = {
    NoticeCode.DOCTOR_REFERRAL: "referral",
    NoticeCode.OTHER_LANGUAGE: "other_language",
    NoticeCode.PERSONAL_DATA: "personal_data",
}

#: English only: they go with an answer quoted from the (English) articles.
_TEXTS: dict[NoticeCode, tuple[str, str]] = {
    NoticeCode.RESEARCH_POINTERS: (
        "Researching this topic",
        "Start with reliable sources: PubMed (pubmed.ncbi.nlm.nih.gov) for research papers, MedlinePlus and "
        "NIH institute pages for overviews, and the Cochrane Library for systematic reviews. {search}Prefer "
        "recent reviews, and cite the original studies. Your school or university librarian can help you search.",
    ),
    NoticeCode.LOW_CONFIDENCE: (
        "I'm not sure I understood",
        "I'm not certain what you're asking, so here is general information that may help. A moderator will "
        "take a look at your post too.",
    ),
    NoticeCode.NO_MATCH: (
        "Nothing in our articles fits",
        "I couldn't find a passage in our articles that answers this well, so I won't guess. A moderator may be "
        "able to point you somewhere better.",
    ),
}


def notice(code: NoticeCode, language: str = "en") -> Notice:
    """A notice with its default wording (the urgent ones for the international region)."""
    if code is NoticeCode.URGENT:
        return urgent_notice(language=language)
    if code is NoticeCode.URGENT_CARE:
        return urgent_care_notice(language=language)
    if code is NoticeCode.RESEARCH_POINTERS:
        return research_notice()
    if code in _LOCALISED:
        key = _LOCALISED[code]
        return Notice(code, message(language, f"{key}.title"), message(language, f"{key}.text"))
    title, text = _TEXTS[code]
    return Notice(code, title, text)


def note(key: str, language: str = "en") -> str:
    """A short user-facing line that is not a notice (``dm.note``, ``dm.closed``, ``thread.name``)."""
    return message(language, key)


def research_notice(search: str = "") -> Notice:
    """Where to research, with an example search built from the post's own key terms (``responses.topic``);
    without one, how to build a search."""
    title, text = _TEXTS[NoticeCode.RESEARCH_POINTERS]
    hint = (f"For your topic, a search to start from: {search}. Add or swap one focus word at a time. "
            if search else "Search with the condition plus one focus word, joined with AND. ")
    return Notice(NoticeCode.RESEARCH_POINTERS, title, text.format(search=hint))


def emergency_number(where: Region, language: str = "en") -> str | None:
    """The region's emergency number as a member reads it (``999 (or 112)``); None when none is assumed."""
    if where.emergency is None:
        return None
    if where.emergency_alt is None:
        return where.emergency
    key = "number.mobile" if where.alt is AltNumber.MOBILE else "number.or"
    return message(language, key, first=where.emergency, second=where.emergency_alt)


def _call_now(where: Region, language: str) -> str:
    number = emergency_number(where, language)
    return message(language, "call.now", number=number) if number else message(language, "call.now_local")


def crisis_line(where: Region, language: str = "en") -> str:
    """How to reach the region's crisis line, as a phrase that follows "please reach out right now:"."""
    line = where.crisis
    if line is None:
        return message(language, "crisis.any", url=FINDAHELPLINE)
    if line.form is CrisisForm.DIRECTORY:
        return message(language, "crisis.directory", url=line.url)
    if line.form is CrisisForm.CALL_OR_TEXT:
        return message(language, "crisis.call_or_text", number=line.number, name=line.name)
    if line.form is CrisisForm.CALL_OR_TEXT_NUMBER:
        return message(language, "crisis.call_or_text_number", number=line.number)
    if line.text is not None:
        keyword, text_number = line.text
        return message(language, "crisis.call_on_or_text", name=line.name, number=line.number, keyword=keyword,
                       text_number=text_number)
    return message(language, "crisis.call_on", name=line.name, number=line.number)


def urgent_care_where(where: Region, language: str = "en") -> str:
    """Where to get a doctor's advice today in the region (follows "contact ...")."""
    key = f"care.{where.code}"
    if not has_message(key):
        key = "care.default"
    return message(language, key, advice=where.advice) if where.advice else message(language, key)


def urgent_notice(region_code: str = "default", self_harm: bool = False, kind: str | None = None,
                  language: str = "en") -> Notice:
    """The emergency notice: act now, with the region's emergency number, what to do while waiting for the
    kind of emergency, and, for self-harm, a crisis line. ``language``: one of :data:`LANGUAGES` (else English)."""
    where = region(region_code)
    call = _call_now(where, language)
    if self_harm:
        text = message(language, "urgent_self_harm.text", crisis=crisis_line(where, language), call=call)
        return Notice(NoticeCode.URGENT, message(language, "urgent_self_harm.title"), text)
    first = f" {message(language, f'first.{kind}')}" if kind and has_message(f"first.{kind}") else ""
    text = message(language, "urgent.text", call=call, first_steps=first)
    return Notice(NoticeCode.URGENT, message(language, "urgent.title"), text)


def urgent_care_notice(region_code: str = "default", self_harm: bool = False, language: str = "en") -> Notice:
    """The "see a doctor today" notice: not an ambulance, but not something to wait on either."""
    where = region(region_code)
    call = _call_now(where, language)
    care = urgent_care_where(where, language)
    if self_harm:
        text = message(language, "urgent_care_self_harm.text", crisis=crisis_line(where, language), where=care,
                       call=call)
        return Notice(NoticeCode.URGENT_CARE, message(language, "urgent_care_self_harm.title"), text)
    text = message(language, "urgent_care.text", where=care, call=call)
    return Notice(NoticeCode.URGENT_CARE, message(language, "urgent_care.title"), text)


#: The emergency number of every region that has one, as an English reader sees it (for documentation and the
#: settings' help).
EMERGENCY_NUMBERS: dict[str, str] = {code: number for code, where in REGION_TABLE.items()
                                     if (number := emergency_number(where)) is not None}
