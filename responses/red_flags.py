"""Deterministic emergency-sign detection that runs before the classifier.

A red flag overrides the predicted label: the reply becomes an urgent notice and moderators are alerted at
once. The rules are phrase patterns grouped by kind. Two things keep them from firing on harmless posts:

* **Negation.** A hit preceded in the same clause by "no", "not", "never", "without", "denies" ... is ignored
  ("no chest pain", "I don't have trouble breathing").
* **Topic, not experience.** A clause that talks *about* a condition in a study/teaching frame ("my research
  is about stroke", "what are the signs of a heart attack?") is ignored unless the post also speaks in the
  present, about someone, with an acute marker ("right now", "suddenly", "can't breathe").

Patterns are intentionally about *acute* presentations (sudden, crushing, can't), not chronic mentions:
"I had a stroke two years ago and my arm is weak" is a personal-symptoms post, not an emergency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["RedFlagKind", "RedFlag", "detect_red_flags"]


class RedFlagKind(StrEnum):
    HEART_ATTACK = "heart_attack"
    STROKE = "stroke"
    BREATHING = "breathing"
    BLEEDING = "bleeding"
    ANAPHYLAXIS = "anaphylaxis"
    POISONING = "poisoning"
    SELF_HARM = "self_harm"
    UNCONSCIOUS = "unconscious"


@dataclass(frozen=True)
class RedFlag:
    kind: RedFlagKind
    phrase: str  # the matched words, for moderators; never logged


_NEG = r"(?:no|not|never|without|denies|deny|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|" \
       r"wasnt|haven't|havent|hasn't|hasnt|none|nor|free of|negative for|ruled out|rule out)"
_NEGATION = re.compile(rf"\b{_NEG}\b[^.!?;,]{{0,40}}$", re.IGNORECASE)

# Clauses that discuss a topic rather than report an experience.
_TOPIC_FRAME = re.compile(
    r"\b(research|project|essay|paper|thesis|assignment|presentation|studying|study on|study about|lecture|"
    r"class|course|article|report on|writing about|signs? of|symptoms? of|what conditions|causes of|what (?:are|is)|how (?:do|does|can)|"
    r"difference between|warning signs|recogni[sz]e|first aid|learn(?:ing)? about|quiz|exam)\b",
    re.IGNORECASE,
)
# Strong experiential markers: present tense, happening to someone now.
_ACUTE = re.compile(
    r"\b(right now|just now|now|suddenly|all of a sudden|out of nowhere|currently|this morning|tonight|"
    r"an hour ago|minutes ago|few minutes|can't|cannot|cant|can not|i am|i'm|im|my (?:dad|mum|mom|father|"
    r"mother|husband|wife|son|daughter|friend|partner|grandma|grandpa|brother|sister|baby|child|kid)|he is|"
    r"she is|he's|she's|help)\b",
    re.IGNORECASE,
)

_W = r"[^.!?\n]{0,40}?"  # a few words inside one sentence

_RULES: list[tuple[RedFlagKind, str]] = [
    # Heart attack: crushing/pressure chest pain, pain spreading to arm/jaw, chest pain with sweating.
    (RedFlagKind.HEART_ATTACK, rf"\b(crushing|squeezing|severe|intense|sharp|heavy|tight(?:ening)?)\b{_W}\bchest\b"
                               rf"{_W}\b(pain|pressure|tightness|ache)"),
    (RedFlagKind.HEART_ATTACK, rf"\bchest\s+(pain|pressure|tightness)\b{_W}\b(left arm|arm|jaw|neck|back|sweat"
                               rf"\w*|short of breath|shortness of breath|nause\w*|dizz\w*|faint\w*)"),
    (RedFlagKind.HEART_ATTACK, rf"\b(crushing|squeezing|heavy|severe)\b{_W}\b(pain|pressure|feeling|weight)\b"
                               rf"{_W}\bchest\b"),
    (RedFlagKind.HEART_ATTACK, r"\b(having|think i'?m having|having a|is having a|might be having a)\b[^.!?\n]{0,10}"
                               r"\bheart attack\b"),
    (RedFlagKind.HEART_ATTACK, r"\bpain\b[^.!?\n]{0,30}\b(spreading|radiating|going)\b[^.!?\n]{0,20}\b(left arm|jaw)\b"),
    # Stroke: FAST signs.
    (RedFlagKind.STROKE, rf"\b(face|mouth|smile|lip|eye(?:lid)?)\b{_W}\b(droop\w*|drooping|dropped|sagging|"
                         r"hanging|crooked|lopsided|uneven)"),
    (RedFlagKind.STROKE, rf"\b(droop\w*|drooping|sagging)\b{_W}\b(face|mouth|smile|side)\b"),
    (RedFlagKind.STROKE, r"\b(slurr\w*|garbled|(?:can'?t|cannot) (?:speak|talk)(?! (?:to|for|with|about|much|english|freely)\b)|"
                         r"trouble speaking|"
                         r"difficulty speaking|words (?:are|came out) (?:jumbled|wrong))\b"),
    (RedFlagKind.STROKE, rf"\b(sudden(?:ly)?|all of a sudden|out of nowhere)\b{_W}\b(weak\w*|numb\w*|paraly\w*|"
                         r"can'?t move|cannot move|can'?t lift|cannot lift)\b{_W}\b(one side|left side|right side|"
                         r"half|arm|leg|face|side of)"),
    (RedFlagKind.STROKE, rf"\b(weak\w*|numb\w*|paraly\w*)\b{_W}\b(one side|left side of (?:my|his|her|the) body|"
                         r"right side of (?:my|his|her|the) body|half (?:of )?(?:my|his|her|the) (?:body|face))\b"
                         rf"{_W}\b(sudden\w*|just|now|minutes?|an hour)"),
    (RedFlagKind.STROKE, rf"\b(sudden(?:ly)?|all of a sudden|out of nowhere)\b{_W}\b(arm|leg|hand|face|side)\b"
                         r"[^.!?\n]{0,20}?\b(went|goes|is|feels|got)\s+(weak|numb|dead|limp|heavy)"),
    (RedFlagKind.STROKE, r"\b(having|think i'?m having|is having|might be having)\b[^.!?\n]{0,10}\bstroke\b"),
    (RedFlagKind.STROKE, r"\bworst headache of (?:my|his|her) life\b"),
    # Breathing.
    (RedFlagKind.BREATHING, r"\b(can'?t|cannot|can not|cant|unable to|struggling to|hard to|difficult to|trouble|"
                            r"difficulty|barely)\s+(?:catch (?:my|his|her) )?breath(e|ing)?\b"),
    (RedFlagKind.BREATHING, r"\b(gasping|choking|suffocating|turning blue|lips (?:are |went |turned )?blue|"
                            r"blue lips)\b"),
    (RedFlagKind.BREATHING, r"\b(looks|look|looking|going|gone|turning|turned|went) (?:grey |pale )?blue\b"),
    (RedFlagKind.BREATHING, r"\b(severe|sudden)\s+(shortness of breath|breathlessness)\b"),
    # Bleeding.
    (RedFlagKind.BLEEDING, rf"\b(bleeding|blood)\b{_W}\b(won'?t stop|will not stop|wont stop|not stopping|"
                           r"everywhere|a lot|heavily|spurting|pouring|soaked)\b"),
    (RedFlagKind.BLEEDING, r"\bnose ?bleed\b[^.!?\n]{0,30}\b(won'?t stop|pouring|over (?:an|1) hour|"
                           r"(?:30|40|45|50|60) minutes|an hour)"),
    (RedFlagKind.BLEEDING, r"\b(heavy|severe|uncontrolled|massive)\s+bleeding\b"),
    (RedFlagKind.BLEEDING, r"\b(vomiting|throwing up|coughing up)\s+blood\b"),
    # Anaphylaxis.
    (RedFlagKind.ANAPHYLAXIS, rf"\b(throat|tongue|lips?|face)\b{_W}\b(swell\w*|swollen|closing|tight\w*)\b"),
    (RedFlagKind.ANAPHYLAXIS, r"\b(anaphyla\w*|allergic reaction\b[^.!?\n]{0,30}\b(breath\w*|swell\w*|throat))"),
    (RedFlagKind.ANAPHYLAXIS, r"\b(used|need|needs|where is) (?:my |his |her |an )?epi-?pen\b"),
    # Poisoning / overdose.
    (RedFlagKind.POISONING, r"\b(overdos\w*|od'(?:e)?d\b|took too many|taken too many|swallowed (?:a |some |the )?"
                            r"(?:bottle|pills|bleach|batter\w*|detergent|poison|cleaning))"),
    (RedFlagKind.POISONING, r"\b(drank|swallowed|ate|drunk)\b[^.!?\n]{0,30}\b(bleach|antifreeze|poison|"
                            r"pesticide|weed ?killer|rat poison|cleaning product|detergent pod)\b"),
    (RedFlagKind.POISONING, r"\bpoison(?:ed|ing)\b[^.!?\n]{0,20}\b(i think|just|now|my)\b"),
    # Self-harm and suicidal thoughts.
    (RedFlagKind.SELF_HARM, r"\b(kill (?:my|him|her)sel(?:f|ves)|end (?:it all|my life)|take my (?:own )?life|"
                            r"want to die|wanna die|ending (?:my life|it all)|don'?t want to (?:live|be alive|wake up)|"
                            r"better off dead|no reason to live|hurt(?:ing)? myself|harm(?:ing)? myself|"
                            r"cutting myself|cut myself (?:on purpose|again|to cope|deliberately)|(?:i'?m|i am|feeling|feel|been) suicidal|"
                            r"suicidal (?:thoughts|again|tonight))\b"),
    # The bare words are a topic as often as an experience: they fire only outside a topic frame.
    (RedFlagKind.SELF_HARM, r"\b(suicid\w*|self[- ]harm\w*|overdose on purpose)\b"),
    # Unconscious / seizure.
    (RedFlagKind.UNCONSCIOUS, r"\b(unconscious|unresponsive|won'?t wake up|not waking up|passed out and|"
                              r"(?:i|he|she|they|we|someone|somebody|(?:my|our) \w+) "
                              r"(?:just |has |have |had |suddenly )?collapsed|"
                              r"not breathing|stopped breathing|seizure (?:that )?(?:won'?t stop|"
                              r"for (?:over )?(?:5|five|ten|10) minutes)|"
                              r"(?:is|was|started|keeps|kept|keep|been) fitting(?! in\b| into\b| for\b| to\b))\b"),
]

#: For each rule above, in the same order: words (case-folded) of which one must be in a clause for the rule to
#: be able to match it. Checking them is plain substring search; running a rule's regex is not. A test runs every
#: rule on every clause and checks the result is the same, so a missing word cannot silently cost recall.
_RULE_STEMS: list[tuple[str, ...]] = [
    ("chest",), ("chest",), ("chest",), ("heart attack",), ("left arm", "jaw"),
    ("droop", "dropped", "sagging", "hanging", "crooked", "lopsided", "uneven"), ("droop", "sagging"),
    ("slurr", "garbled", "speak", "talk", "words"), ("sudden", "nowhere"), ("side", "half"), ("sudden", "nowhere"),
    ("stroke",), ("worst headache",),
    ("breath",), ("gasping", "choking", "suffocating", "blue"), ("blue",), ("breath",),
    ("bleeding", "blood"), ("bleed",), ("bleeding",), ("blood",),
    ("swell", "swollen", "closing", "tight"), ("anaphyla", "allergic reaction"), ("epi",),
    ("overdos", "od'd", "od'ed", "too many", "swallowed"),
    ("bleach", "antifreeze", "poison", "pesticide", "killer", "cleaning product", "detergent pod"), ("poison",),
    ("kill", "end", "life", "die", "want to", "dead", "live", "myself", "suicidal"),
    ("suicid", "self", "overdose on purpose"),
    ("unconscious", "unresponsive", "wake up", "waking up", "passed out", "collapsed", "breathing", "seizure",
     "fitting"),
]
if len(_RULE_STEMS) != len(_RULES):
    raise RuntimeError("every red-flag rule needs its trigger words in _RULE_STEMS")

_COMPILED = [(kind, stems, re.compile(pattern, re.IGNORECASE))
             for (kind, pattern), stems in zip(_RULES, _RULE_STEMS, strict=True)]
_BARE_SELF_HARM = next(p for k, _s, p in reversed(_COMPILED) if k is RedFlagKind.SELF_HARM)

_CLAUSE_SPLIT = re.compile(r"(?<=[.!?;\n])\s+|\s+(?:but|however|although)\s+", re.IGNORECASE)
_PAST_EVENT = re.compile(
    r"\b(years? ago|months? ago|last year|in (?:19|20)\d\d|history of|had a (?:stroke|heart attack) "
    r"(?:\w+ )?(?:years?|months?|weeks?)|since (?:my|his|her) (?:stroke|heart attack)|after (?:my|his|her) "
    r"(?:stroke|heart attack)|recovering from|recovered from)\b",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", text)


def _negated(clause: str, start: int) -> bool:
    return bool(_NEGATION.search(clause[:start]))


_JOKE = re.compile(r"\b(lol|lmao|haha\w*|rofl|jk|leg day)\b|😂|🤣", re.IGNORECASE)


#: A clause with none of the rules' words skips them all (a long post has dozens of clauses, most harmless).
_TRIGGER_STEMS: tuple[str, ...] = tuple(sorted({stem for stems in _RULE_STEMS for stem in stems}))


def _has_any(folded: str, stems: tuple[str, ...]) -> bool:
    return any(stem in folded for stem in stems)


def _clause_flags(clause: str, post_is_acute: bool) -> list[RedFlag]:
    hits: list[RedFlag] = []
    folded = clause.casefold()
    if not _has_any(folded, _TRIGGER_STEMS):
        return hits
    joking = bool(_JOKE.search(clause))
    topic = bool(_TOPIC_FRAME.search(clause))
    past = bool(_PAST_EVENT.search(clause))
    for kind, stems, pattern in _COMPILED:
        if not _has_any(folded, stems):
            continue
        for match in pattern.finditer(clause):
            if _negated(clause, match.start()):
                continue
            if joking and kind is not RedFlagKind.SELF_HARM:
                continue
            if kind is RedFlagKind.SELF_HARM and pattern is _BARE_SELF_HARM:
                if topic:
                    continue
            elif kind is RedFlagKind.SELF_HARM:
                pass
            elif topic and not (post_is_acute and _ACUTE.search(clause)) or past and not re.search(r"\b(now|again|right now|suddenly|today|tonight)\b", clause, re.I):
                continue
            hits.append(RedFlag(kind, match.group(0)))
            break
    return hits


def detect_red_flags(text: str) -> list[RedFlag]:
    """Emergency signs in ``text``, at most one per kind, in rule order. Empty when none."""
    if not text:
        return []
    text = _normalise(text[:20_000])
    post_is_acute = bool(_ACUTE.search(text))
    found: dict[RedFlagKind, RedFlag] = {}
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause:
            continue
        for flag in _clause_flags(clause, post_is_acute):
            found.setdefault(flag.kind, flag)
    return list(found.values())
