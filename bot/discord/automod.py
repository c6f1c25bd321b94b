"""Discord's AutoMod, for crisis messages: an alert-only keyword rule (``/triage automod``) and what to do when
AutoMod acts on a member's message (``on_automod_action``).

A message AutoMod blocks never produces MESSAGE_CREATE, so the bot would never see a crisis blocked by another
rule. The rule this module writes never blocks: a person in crisis must not be silenced; it only alerts the
moderators' channel, and the bot runs the red-flag check on what AutoMod matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from responses.language import UNDETERMINED, detect_language, is_other_language
from responses.red_flags import SELF_HARM_KINDS, Tier, detect_red_flags, highest_tier
from responses.red_flags_intl import cue_language, detect_foreign_red_flags

__all__ = ["RULE_NAME", "CRISIS_KEYWORDS", "MAX_KEYWORDS", "MAX_KEYWORD_CHARS", "MAX_KEYWORD_RULES",
           "check_keywords", "AutoModVerdict", "assess_blocked_text"]

RULE_NAME = "Triage: crisis alerts (alert only)"
#: Discord's documented limits for a keyword rule: 1,000 keywords of at most 60 characters each, and at most 6
#: keyword rules a guild (checked with the docs; see tests/bot/discord/fake_discord.py, which enforces them).
MAX_KEYWORDS = 1000
MAX_KEYWORD_CHARS = 60
MAX_KEYWORD_RULES = 6

#: Phrases that are worth a moderator's look the moment they are posted. AutoMod's ``*`` matches word endings.
#: Written for this project; the red-flag check decides what is an emergency, this only makes AutoMod tell us.
CRISIS_KEYWORDS: tuple[str, ...] = (
    "kill myself", "killing myself", "end my life", "ending my life", "want to die", "wanna die",
    "suicid*", "take my own life", "better off dead", "no reason to live", "hurt myself", "cut myself",
    "overdos*", "took all my pills", "took too many pills", "can't breathe", "cant breathe", "not breathing",
    "crushing chest pain", "face is drooping", "slurred speech", "throat is closing", "won't wake up",
    "unconscious", "bleeding heavily", "having a seizure",
    # the same in Spanish, French and German (phrases with no accent a member might leave out)
    "quiero morir", "quiero matarme", "voy a matarme", "suicidarme", "no puede respirar", "no respira",
    "je veux mourir", "me suicider", "me tuer", "ne respire plus", "ne respire pas",
    "ich will sterben", "mich umbringen", "suizid*", "atmet nicht", "bewusstlos",
)


def check_keywords(keywords: tuple[str, ...] | list[str]) -> list[str]:
    """The keyword list as Discord will take it, or :class:`ValueError` naming the limit it breaks."""
    words = list(dict.fromkeys(k.strip().lower() for k in keywords if k.strip()))
    if len(words) > MAX_KEYWORDS:
        raise ValueError(f"{len(words)} keywords; AutoMod takes at most {MAX_KEYWORDS} a rule")
    long = [w for w in words if len(w) > MAX_KEYWORD_CHARS]
    if long:
        raise ValueError(f"keyword over {MAX_KEYWORD_CHARS} characters: {long[0][:20]}…")
    return words


@dataclass(frozen=True)
class AutoModVerdict:
    emergency: bool
    self_harm: bool
    kind: str | None
    #: the message's language when it is confidently not English (the crisis notice is sent in it), else None
    language: str | None = None


def assess_blocked_text(text: str) -> AutoModVerdict:
    """The red-flag check on what AutoMod saw (the whole message with Message Content, else the matched words):
    the English rules and the emergency cues of the other languages (``responses.red_flags_intl``)."""
    language = detect_language(text).code
    english = detect_red_flags(text)
    foreign = [] if language == "en" else detect_foreign_red_flags(text)
    flags = [*english, *(f for f in foreign if f.kind not in {g.kind for g in english})]
    if language == UNDETERMINED:
        language = cue_language(foreign) or UNDETERMINED
    emergency = highest_tier(flags) is Tier.EMERGENCY
    kind = next((str(f.kind) for f in flags if f.tier is Tier.EMERGENCY), None)
    return AutoModVerdict(emergency, any(f.kind in SELF_HARM_KINDS for f in flags), kind,
                          language if is_other_language(language) else None)
