"""The notices a reply can carry, in the words members see. One place, so every face says the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["NoticeCode", "Notice", "urgent_notice", "urgent_care_notice", "notice", "EMERGENCY_NUMBERS",
           "CRISIS_LINES", "research_notice", "URGENT_CARE_LINES", "REGIONS", "FIRST_STEPS", "LANGUAGES"]

#: Languages the safety notices (emergency, urgent care, doctor referral) are written in; the rest stay English.
LANGUAGES: tuple[str, ...] = ("en", "es")


class NoticeCode(StrEnum):
    URGENT = "urgent"
    URGENT_CARE = "urgent_care"
    DOCTOR_REFERRAL = "doctor_referral"
    RESEARCH_POINTERS = "research_pointers"
    LOW_CONFIDENCE = "low_confidence"
    NO_MATCH = "no_match"
    PERSONAL_DATA = "personal_data"


@dataclass(frozen=True)
class Notice:
    code: NoticeCode
    title: str
    text: str


#: Emergency numbers by guild region (the ``region`` setting); "default" when the region is unknown.
EMERGENCY_NUMBERS: dict[str, str] = {
    "us": "911", "ca": "911", "uk": "999 (or 112)", "ie": "112 or 999", "eu": "112", "au": "000",
    "nz": "111", "in": "112", "za": "10111 (or 112 from a mobile)",
}
#: Regions the ``region`` setting accepts ("default" is international: no number is assumed).
REGIONS: tuple[str, ...] = ("default", *EMERGENCY_NUMBERS)
#: Where to get a doctor's advice today, without an emergency, by region.
URGENT_CARE_LINES: dict[str, str] = {
    "us": "your doctor's same-day line or an urgent care clinic",
    "ca": "your doctor, a walk-in clinic, or 811 (health advice line)",
    "uk": "your GP surgery, or NHS 111 (by phone or online)",
    "ie": "your GP, or a GP out-of-hours service",
    "eu": "your doctor, or the out-of-hours medical service (116 117 in several EU countries)",
    "au": "your GP, or healthdirect on 1800 022 222",
    "nz": "your GP, or Healthline on 0800 611 116",
    "in": "your doctor or the nearest hospital's outpatient or casualty department",
}
#: What to do while help comes, by kind of emergency (first-aid facts, in our words).
FIRST_STEPS: dict[str, str] = {
    "stroke": "Note the time the signs started: the hospital will need it.",
    "heart_attack": "Stop what you are doing and sit down; unlock the door if you are alone.",
    "poisoning": "Keep the packet, bottle or container to show the paramedics; don't make anyone vomit.",
    "anaphylaxis": "Use an adrenaline auto-injector (such as an EpiPen) now if there is one.",
    "bleeding": "Press firmly on the wound with a clean cloth and keep pressing.",
    "seizure": "Time the seizure, move hard things away, and don't put anything in their mouth.",
    "unconscious": "Check breathing; if they are not breathing normally, the call handler will guide CPR.",
    "breathing": "Sit upright and loosen tight clothing while you wait.",
}
#: Crisis lines for self-harm and suicidal thoughts, by region.
CRISIS_LINES: dict[str, str] = {
    "us": "call or text 988 (Suicide & Crisis Lifeline)",
    "ca": "call or text 988 (Suicide Crisis Helpline)",
    "uk": "call Samaritans on 116 123 or text SHOUT to 85258",
    "ie": "call Samaritans on 116 123",
    "au": "call Lifeline on 13 11 14",
    "nz": "call or text 1737",
    "eu": "find your country's crisis line at https://findahelpline.com",
    "in": "call Tele-MANAS on 14416",
}
_ANY_REGION_CRISIS = "find a free, confidential crisis line for your country at https://findahelpline.com"

_TEXTS: dict[NoticeCode, tuple[str, str]] = {
    NoticeCode.DOCTOR_REFERRAL: (
        "Please talk to a doctor",
        "I can share general information from our articles, but I can't tell what is causing your symptoms: "
        "only a doctor or other qualified health professional who can examine you can do that. Please book an "
        "appointment, and get urgent care if things get suddenly worse.",
    ),
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
    NoticeCode.PERSONAL_DATA: (
        "Personal details in your post",
        "Your post seems to include personal details (such as an email address, phone number, address, date of "
        "birth or full name). This is a public space: you may want to edit them out.",
    ),
}


def notice(code: NoticeCode, language: str = "en") -> Notice:
    if code is NoticeCode.URGENT:
        return urgent_notice(language=language)
    if code is NoticeCode.URGENT_CARE:
        return urgent_care_notice(language=language)
    if code is NoticeCode.DOCTOR_REFERRAL and language == "es":
        from responses import notices_es

        return notices_es.referral_notice()
    if code is NoticeCode.RESEARCH_POINTERS:
        return research_notice()
    title, text = _TEXTS[code]
    return Notice(code, title, text)


def research_notice(search: str = "") -> Notice:
    """Where to research, with an example search built from the post's own key terms (``responses.topic``);
    without one, how to build a search."""
    title, text = _TEXTS[NoticeCode.RESEARCH_POINTERS]
    hint = (f"For your topic, a search to start from: {search}. Add or swap one focus word at a time. "
            if search else "Search with the condition plus one focus word, joined with AND. ")
    return Notice(NoticeCode.RESEARCH_POINTERS, title, text.format(search=hint))


def urgent_notice(region: str = "default", self_harm: bool = False, kind: str | None = None,
                  language: str = "en") -> Notice:
    """The emergency notice: act now, with the region's emergency number, what to do while waiting for the
    kind of emergency, and, for self-harm, a crisis line. ``language``: one of :data:`LANGUAGES`."""
    if language == "es":
        from responses import notices_es

        return notices_es.urgent_notice(region, self_harm, kind)
    number = EMERGENCY_NUMBERS.get(region.lower())
    call = f"call {number} now" if number else "call your local emergency number now"
    if self_harm:
        crisis = CRISIS_LINES.get(region.lower(), _ANY_REGION_CRISIS)
        text = (
            "If you are thinking about ending your life or harming yourself, please reach out right now: "
            f"{crisis}. If you are in immediate danger, {call}. You don't have to go through this alone; the "
            "moderators have been alerted and will check on this post."
        )
        return Notice(NoticeCode.URGENT, "You matter: please get support now", text)
    first = f" {FIRST_STEPS[kind]}" if kind in FIRST_STEPS else ""
    text = (
        f"What you describe can be a medical emergency. Don't wait for replies here: {call}, or go to the "
        f"nearest emergency department.{first} If someone is with you, ask them to help. The moderators have "
        "been alerted."
    )
    return Notice(NoticeCode.URGENT, "This may be an emergency", text)


def urgent_care_notice(region: str = "default", self_harm: bool = False, language: str = "en") -> Notice:
    """The "see a doctor today" notice: not an ambulance, but not something to wait on either."""
    if language == "es":
        from responses import notices_es

        return notices_es.urgent_care_notice(region, self_harm)
    number = EMERGENCY_NUMBERS.get(region.lower())
    call = f"call {number}" if number else "call your local emergency number"
    where = URGENT_CARE_LINES.get(region.lower(), "your doctor, an urgent care clinic or a health advice line")
    if self_harm:
        crisis = CRISIS_LINES.get(region.lower(), _ANY_REGION_CRISIS)
        text = (
            "It sounds like you (or someone you care about) are going through thoughts of suicide or self-harm. "
            f"Please talk to someone today: {crisis}, or {where}. If you might act on these thoughts, {call} "
            "now. The moderators have been asked to look at this post."
        )
        return Notice(NoticeCode.URGENT_CARE, "Please reach out today", text)
    text = (
        f"What you describe should be seen by a doctor today, not left to wait: contact {where}. If it gets "
        f"worse quickly (trouble breathing, chest pain, fainting, confusion), {call} now. The moderators have been "
        "asked to look at this post."
    )
    return Notice(NoticeCode.URGENT_CARE, "Please see a doctor today", text)
