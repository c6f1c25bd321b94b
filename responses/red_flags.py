"""Deterministic emergency-sign rules that run before the classifier.

Each :class:`Rule` is one record: the kind of emergency, its tier, a pattern, the trigger words one of which
must be in a clause for the pattern to be tried (a plain substring test is far cheaper than the regex), and the
named :class:`Exemption` checks that can excuse a match:

* ``NEGATION`` — "no chest pain", "I don't have trouble breathing";
* ``PAST_EVENT`` — "I had a stroke two years ago" (unless the clause says it is happening again, now);
* ``TOPIC`` — talk *about* a condition in a study or teaching frame ("my research is about stroke", "what are
  the signs of a heart attack?"), unless the post and the clause speak of someone, now;
* ``JOKE`` — "leg day nearly killed me lol";
* ``NO_PERSON`` — a post that names nobody ("how much iron causes an overdose?") asks about a topic;
* ``HYPOTHETICAL`` — "can I overdose on salt?", "what happens if someone has a stroke?";
* ``FIGURATIVE`` — "I feel like I'm suffocating in this lab";
* ``CHRONIC`` — "chronic chest pain", "short of breath for years", "I always get wheezy around cats" (a doctor,
  not an ambulance);
* ``MILD`` — "a bit wheezy", "nearly fainted", "basically unconscious on the sofa": a hedge right before the sign
  says it did not happen, or not in earnest.

Two tiers: :attr:`Tier.EMERGENCY` (act now: call the emergency number) and :attr:`Tier.URGENT_CARE` (see a
doctor today). A post can hold several kinds; the highest tier decides the notice. The learned component in
:mod:`responses.safety` looks at the whole post and can raise a flag the rules miss; words that are a topic
as often as an experience ("suicide", "overdose") are *watch words* there, not flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

__all__ = ["Tier", "RedFlagKind", "RedFlag", "Rule", "Exemption", "EXEMPTION_CHECKS", "RULES", "detect_red_flags", "highest_tier",
           "SELF_HARM_KINDS", "has_watch_words"]


class Tier(StrEnum):
    EMERGENCY = "emergency"
    URGENT_CARE = "urgent_care"


_TIER_RANK = {Tier.URGENT_CARE: 1, Tier.EMERGENCY: 2}


class RedFlagKind(StrEnum):
    # emergency
    HEART_ATTACK = "heart_attack"
    STROKE = "stroke"
    BREATHING = "breathing"
    BLEEDING = "bleeding"
    ANAPHYLAXIS = "anaphylaxis"
    POISONING = "poisoning"
    SELF_HARM = "self_harm"
    UNCONSCIOUS = "unconscious"
    SEIZURE = "seizure"
    # urgent care
    CHEST_PAIN = "chest_pain"
    HEART_SIGNS = "heart_signs"
    CIRCULATION = "circulation"
    SEVERE_HEADACHE = "severe_headache"
    BREATHING_TROUBLE = "breathing_trouble"
    FAINTING = "fainting"
    SUICIDAL_THOUGHTS = "suicidal_thoughts"
    INFANT_FEVER = "infant_fever"
    INJURY_PAIN = "injury_pain"
    SEVERE_PAIN = "severe_pain"
    MENINGITIS_SIGNS = "meningitis_signs"
    CHILD_HEAD_INJURY = "child_head_injury"
    ALLERGIC_REACTION = "allergic_reaction"
    EYE_INJURY = "eye_injury"
    VISION_LOSS = "vision_loss"
    HEAD_INJURY = "head_injury"
    CONFUSION = "confusion"
    DIABETIC_EMERGENCY = "diabetic_emergency"
    URINARY_RETENTION = "urinary_retention"
    PREGNANCY_SIGNS = "pregnancy_signs"
    SEPSIS_SIGNS = "sepsis_signs"
    PERSISTENT_FEVER = "persistent_fever"
    WOUND = "wound"
    BURN = "burn"
    DEHYDRATION = "dehydration"
    SPREADING_INFECTION = "spreading_infection"
    HEARING_LOSS = "hearing_loss"
    PROLONGED_ERECTION = "prolonged_erection"
    HIGH_FEVER = "high_fever"
    SPINAL_SIGNS = "spinal_signs"
    # raised by the learned component, which judges the whole post and names no kind
    LEARNED = "learned"


#: Kinds whose notice carries crisis lines.
SELF_HARM_KINDS = frozenset({RedFlagKind.SELF_HARM, RedFlagKind.SUICIDAL_THOUGHTS})


@dataclass(frozen=True)
class RedFlag:
    kind: RedFlagKind
    tier: Tier
    phrase: str  # the matched words, for moderators; never logged
    source: str = "rule"  # "rule" or "model"


class Exemption(StrEnum):
    NEGATION = "negation"
    PAST_EVENT = "past_event"
    TOPIC = "topic"
    JOKE = "joke"
    NO_PERSON = "no_person"
    HYPOTHETICAL = "hypothetical"
    FIGURATIVE = "figurative"
    CHRONIC = "chronic"
    MILD = "mild"
    MINOR_BUMP = "minor_bump"
    ASSESSED = "assessed"
    IN_JEST = "in_jest"
    PET = "pet"
    MENTION = "mention"
    EVERYDAY_CAUSE = "everyday_cause"


class _Post:
    """What the post-wide checks need to know about a post, each worked out at most once: a long post has dozens
    of clauses and matches, and these questions do not depend on which one is being excused."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._affirmed: dict[re.Pattern[str], bool] = {}

    @cached_property
    def opens_with_frame(self) -> bool:
        return bool(_POST_FRAME.search(_CLAUSE_SPLIT.split(self.text, maxsplit=1)[0]))

    @cached_property
    def folded(self) -> str:
        return self.text.casefold()

    @cached_property
    def has_past_marker(self) -> bool:
        return bool(_PAST.search(self.text))

    @cached_property
    def dated_story(self) -> bool:
        """A date in the past ("my post from early February") and nothing said to be going on now."""
        return self.has_past_marker and not _HAPPENING_NOW.search(self.text)

    @cached_property
    def placed_now(self) -> bool:
        return bool(_PLACED_NOW.search(self.text))

    @cached_property
    def assessed(self) -> bool:
        return bool(_ASSESSED.search(self.text))

    @cached_property
    def in_jest(self) -> bool:
        return bool(_IN_JEST.search(self.text))

    @cached_property
    def about_an_animal(self) -> bool:
        return bool(_VET.search(self.text) and _PET_WORD.search(self.text))

    @cached_property
    def minor_bump(self) -> bool:
        if not _MINOR_BUMP.search(self.text):
            return False
        return not any(not _NEGATION.search(self.text[max(0, m.start() - 25): m.start()])
                       for m in _HEAD_WARNING.finditer(self.text))

    def affirms(self, pattern: re.Pattern[str]) -> bool:
        """``pattern`` occurs in the post somewhere it is not denied ("no vomiting" does not count)."""
        if pattern not in self._affirmed:
            self._affirmed[pattern] = any(not _NEGATION.search(self.text[max(0, m.start() - 25): m.start()])
                                          for m in pattern.finditer(self.text))
        return self._affirmed[pattern]


@dataclass(frozen=True)
class _Context:
    clause: str
    start: int
    post_is_acute: bool
    post_has_person: bool
    #: the post sets its story in the past ("in my second year", "last term") and says nothing is happening now
    post_is_retrospective: bool = False
    #: where the sign itself starts: the last group of the match ("my face is not *drooping*")
    sign_start: int = -1
    post: _Post = field(default_factory=lambda: _Post(""))
    end: int = -1


@dataclass(frozen=True)
class Rule:
    kind: RedFlagKind
    tier: Tier
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    exemptions: frozenset[Exemption]
    #: words the post must hold somewhere for the rule to apply ("planning when" only in a post about suicide)
    post_requires: re.Pattern[str] | None = None

    def could_match(self, folded_clause: str) -> bool:
        return _has_any(folded_clause, self.triggers)


_NEG = r"(?:no|not|never|without|denies|deny|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|" \
       r"wasnt|haven't|havent|hasn't|hasnt|none|nor|free of|negative for|ruled out|rule out|zero|nobody|no one|nothing)"
#: A denial covers the words after it up to a new subject: "no help in our area, what can we do, he has had bad
#: thoughts" denies nothing about him, as NegEx ends a negation's scope at a termination word ("not that he ..."
#: is still a denial). "Went from nothing to the worst pain" is a sudden onset, not a denial.
_NEGATION = re.compile(rf"\b(?<!from ){_NEG}\b(?:(?!(?<!that )\b(?:he|she|they|we|i)\b)[^.!?;,]){{0,40}}$", re.IGNORECASE)
_TOPIC_FRAME = re.compile(
    r"\b(research\w*|project|essay|paper|thesis|dissertation|assignment|presentation|studying|study on|study about|"
    r"lecture|class|course|article|report on|writing about|what conditions|causes of|"
    r"what (?:are|is) (?:the|a|an)\b|how (?:do|does|can)|difference between|warning signs|recogni[sz]e|first aid|"
    r"learn(?:ing)? about|quiz|exam|documentary|novel|movie|show|episode|statistics|rates? of|prevent(?:ion|ing)?|"
    r"guidance|how to (?:manage|handle|respond to|deal with|prepare for)|a situation where|scenario|"
    r"risk assessment|policy|protocol|film|finale|character|plot|storyline|fanfic|journal club|clinical trial|trials?|"
    r"literature|textbook|what (?:does|do) [^.!?]{0,50}\bmean|(?:book|novel|film|movie|show|series|story) (?:where|in which)|emergency plan|just curious|survey|questionnaire|validated scale|irb|systematic review|cohort|"
    r"participants|did (?:you|u) see (?:the thing|that|the news)|influencer|celebrit\w+|why do (?:people|they|we) say|"
    r"procedure|stor(?:y|ies) about|content|fyp|for you page|the algorithm|tiktoks?\b|vids|videos about|awareness (?:month|week|day|campaign)|how to (?:know|tell|recogni[sz]e|spot)|"
    r"on the (?:radio|news|telly|tv)|heard (?:about|that)|opens? up about|tips to avoid|how (?:to|do i|can i) avoid|i study|why (?:a|an)\b|news\w*|headlines?|read about|"
    r"reading about|(?:right|correct|best|proper) way to|how (?:to|do (?:i|you)) use|out of curiosity|student question|nursing student|"
    r"med(?:ical)? student|some people|(?:increase|raise|reduce|cause)s? (?:\w+ ){0,2}(?:thoughts|risk|rates?)|"
    r"(?:phrases?|words?|terms?|slogans?|campaigns?) (?:like|such as)|why (?:is|are|do|does|would) (?:a|an)|"
    r"how (?:can |do |would |should )?(?:i|you|we|one)(?: can| would| should)? (?:know|tell|recogni[sz]e|spot))\b",
    re.IGNORECASE,
)
_ACUTE = re.compile(
    r"\b(right now|just now|suddenly|all of a sudden|out of nowhere|currently|this morning|tonight|"
    r"an hour ago|minutes ago|few minutes|ambulance|999|911|112|"
    r"(?:\d+|a few|a couple of|two|three|half an) ?(?:min|mins|minutes|hours?|hrs?) ago)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(years? ago|yrs? ago|months? ago|"
    r"throwback|the time (?:i|he|she|we) |i (?:still )?remember\b|"
    r"(?:in|during|back in|from|early|late|mid)[ -](?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)|last (?:year|month|summer|winter|spring|autumn|fall|season)|in (?:19|20)\d\d|"
    r"history of|had a (?:stroke|heart attack|seizure) (?:\w+ )?(?:years?|months?|weeks?)|"
    r"(?:winters?|summers?|decades?) ago|at (?:age )?1\d\b|in childhood|as a child|"
    r"when (?:i|he|she|we|they|(?:my|our) \w+) was\b|in my (?:teens|twenties|thirties|forties)|back in my|"
    r"was treated for|were treated for|survived|years back|"
    r"since (?:my|his|her) (?:stroke|heart attack)|after (?:my|his|her) (?:stroke|heart attack)|"
    r"recovering from|recovered from|when i was (?:a kid|young|little|\d+)|as a (?:kid|child|teen\w*|student)|ages ago|"
    r"back in (?:high school|college|school|the day|uni|university)|remember (?:when|that time)|"
    r"as an? (?:baby|toddler|infant|newborn)|(?:in|during|back in) (?:january|february|march|april|"
    r"june|july|august|september|october|november|december)|"
    r"at (?:age|the age of) \d+|the last time\b|(?<!the )(?<!the past )last (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|week|term|semester|weekend|christmas|easter|holidays?|time|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|turned out (?:to be|it was)|(?:recovering|recovered) (?:in|at) (?:hospital|home)|"
    r"(?:doctor|gp|a&e|er|paramedics?|nurse|hospital)s? (?:said|told (?:me|us|him|her)|thinks?) (?:it was|it'?s|it is)|"
    r"(?:in|during) (?:my |his |her |our |their )?(?:first|second|third|fourth|final|last) (?:year|week|day|month|term|"
    r"semester)|looking back|"
    r"(?:was|were|turned out|is|are) (?:ok|okay|fine|alright|all right) (?:after|afterwards|in the end)|"
    r"before (?:\d+|one|two|three|four|five|six|ten|many|some) (?:years?|months?)|(?:a )?long time ago|"
    r"when (?:we|they|you) were\b|(?:years?|months?) (?:today |now |to the day )?since\b|"
    r"spent (?:a|an|one|two|three|\d+|several) (?:days?|nights?|weeks?|months?) in (?:the )?(?:nicu|icu|hospital|picu)|"
    r"(?:since|after) the (?:stroke|heart attack|overdose|attempt|seizure)|(?:i|he|she|we|they|my \w+) once\b|"
    r"(?:in|during|back in) may\b|in the (?:spring|summer|autumn|fall|winter)\b|(?:was|were) born (?:not|with|without|"
    r"early|premature|blue|struggling)|and it was (?:his|her|my|their|just|only|actually)\b|"
    r"at the time\b|old news\b|in the (?:'?\d0s|nineties|eighties|seventies|sixties)\b|at (?:\d+|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve) months(?: old)?\b(?! pregnant)|thought (?:i|he|she) was having|(?:in|during) my (?:master'?s|masters|phd|undergrad\w*|degree)|"
    r"(?:saw|seen|checked by) (?:a|the|my) (?:doctor|gp|nurse|medic) (?:after|afterwards|that (?:day|night)))\b",
    re.IGNORECASE,
)
#: A finished story: the words that place a post in the past, and the verbs a clause about it uses.
_PAST_TENSE_CLAUSE = re.compile(
    r"\b(was|were|had|thought|felt|took|went|did|called|ended up|nearly|almost|tried|used to|woke|stood|fell|found|"
    r"came|got|gave|kept)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(now|still|again|today|tonight|currently|at the moment|right now|just now|this (?:morning|"
                  r"afternoon|evening|week))\b|\b(?:i'?m|im|i am|is|are|keeps?|can'?t|cant|won'?t|isn'?t)\b",
                  re.IGNORECASE)
_STILL_GOING = re.compile(r"\b(again|still|(?<!ago )today|currently|at the moment|keeps? (?:happening|getting)|"
                          # a span that reaches now: "in the last hour", "for the past four days", "since Tuesday"
                          r"(?:in|for|over|during|within) the (?:last|past) (?:\d+ |few |couple of |two |three |four |"
                          r"five )?(?:hours?|days?|nights?|minutes?|mins|week)|since (?:yesterday|this morning|last night|"
                          r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunch|breakfast|dinner))\b",
                          re.IGNORECASE)
#: "since ... last week" starts something that is still going on.
_AGAIN_NOW = re.compile(r"\b((?<!started )(?<!breathing )(?<!fine )(?<!normal )(?<!better )(?<!happy )(?<!okay )"
                        r"(?<!ok )(?<!well )(?<!happened )(?<!happen )(?<!happens )(?<!walking )(?<!talking )"
                        r"(?<!working )(?<!driving )(?<!running )(?<!gardening )(?<!going )(?<!playing )(?<!eating )again|still(?! here| alive| around| standing| talk| laugh| joke| tease| remember| think about| thank)|right now|just now|tonight|this morning|an hour ago|minutes ago|"
                        r"since (?:\w+ ){0,3}last (?:week|weekend|term|semester))\b",
                        re.IGNORECASE)
_PERSON_WORDS = re.compile(
    r"\b(i|i'm|im|i've|ive|i'd|me|my|mine|myself|we|our|us|he|she|him|her|his|hers|someone|somebody|"
    r"son|daughter|mum|mom|mother|dad|father|husband|wife|partner|boyfriend|girlfriend|baby|kid|child|toddler|"
    r"friend|brother|sister|grandma|grandmother|grandpa|grandfather|grandad|uncle|aunt|flatmate|roommate)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"(^\W*(?:can|could|would|might)\s+(?:i|you|someone|a person|one|people|the|a|an|too much|taking|eating)\b|"
    r"^\W*if\b|\bif (?:swallowed|ingested|eaten|inhaled)\b|what would happen|what (?:do|should|would|can) (?:you|u|i|we|one|people) do (?:if|when)|"
    r"\bif (?:someone|somebody|a person|a child|a kid|they|you|u)\b|"
    r"\b(?:to|for|help|helping|treat|treating) (?:someone|somebody|a person|a casualty|anyone) (?:who|that|suspected)\b|"
    r"wh?at (?:happens|would happen|to do|should (?:i|you) do) (?:if|when)|wh?at (?:would|should|do) (?:you|u) do if|how much\b|how many\b|is it (?:possible|safe|"
    r"dangerous)|what if\b|in case\b|let'?s say\b|\b(?:asked|asking) (?:me )?about\b|"
    r"\bif (?:a member of the public|a (?:customer|client|patient|pupil|student|colleague|passenger|guest|resident))\b|in the event\b|how often (?:does|do|should|would)\b|"
    r"due (?:next|in) (?:\w+ )?(?:week|month)|in advance\b|if (?:i|you|someone|a person) (?:ever|were|was|had)|risk of|at risk|"
    r"how (?:long|soon|fast|quickly) (?:does|do|would|will|can|before)|\bsuppos(?:e|ing)\b|hypothetical(?:ly)?|"
    r"^\W*(?:say|imagine) (?:my|a|an|someone|somebody|you|your|i)\b|in the event (?:that|of)\b|"
    r"\bif\b[^.!?]{0,40}\bever\b)",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"^\W*(?:what|how|who|which|when|why|where|is|are|does|do|can|could|should|would|will)\b|"
                       r"\?\s*$", re.IGNORECASE)
_FIGURATIVE = re.compile(r"\b(feels?|felt|feeling) like\b|\bas if\b|\bit'?s like\b|\bmetaphor|\bbasically\b|"
                         r"\bpractically\b", re.IGNORECASE)
_CHRONIC = re.compile(
    r"\b(chronic(?:ally)?|for (?:years|months|a few years|many years|(?:\w+ ){1,2}(?:years|decades))|daily|long[- ]term|"
    r"(?:the|his|her|my) usual(?! self)|same as (?:usual|always|normal|ever)|stable|occasional(?:ly)?|"
    r"known (?:cause|condition|diagnosis)|"
    r"diagnosed (?:with )?(?:vasovagal|pots|syncope|epilepsy|copd|angina|asthma|costochondritis)|baseline|normal for (?:him|her|me)|since (?:childhood|i was (?:a kid|young|little|"
    r"a teen\w*|a child|\d+))|"
    r"all my life|whole life|on and off for (?:years|months)|every (?:day|time|morning|night) for|"
    r"every time (?:i|he|she)|whenever (?:i|he|she)|when i eat|(?<!not )always|"
    r"every (?:single )?(?:weekend|week|night|morning|summer|winter)|when (?:i'?m|i am) (?:around|near)|"
    r"a lot as a (?:teen\w*|kid|child))\b",
    re.IGNORECASE,
)
_JOKE = re.compile(r"\b(lol|lmf?ao+\w*|haha\w*|rofl|jk|leg day|meme|plot twist|not literally|laugh(?:ing|ed)?)\b|😂|🤣|💀",
                   re.IGNORECASE)


#: A denial inside the match, right before the sign: "my face is *not* drooping", "throat *isn't* closing". Not
#: "can't" or "won't": those are part of signs ("can't breathe", "won't stop").
_INNER_DENIAL = re.compile(r"\b(?:not|no|never|isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|don'?t|didn'?t|hasn'?t|"
                           r"haven'?t)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _negated(ctx: _Context) -> bool:
    if _NEGATION.search(ctx.clause[: ctx.start]):
        return True
    return ctx.sign_start > ctx.start and bool(_INNER_DENIAL.search(ctx.clause[ctx.start: ctx.sign_start]))


def _past_event(ctx: _Context) -> bool:
    """A past marker in the clause ("two years ago"), or a clause in the past tense inside a post that sets its
    story in the past and says nothing is happening now ("in my second year ... one night I thought about
    ending it")."""
    if _PAST.search(ctx.clause) and not _AGAIN_NOW.search(ctx.clause):
        return True
    return ctx.post_is_retrospective and bool(_PAST_TENSE_CLAUSE.search(ctx.clause)) and not _NOW.search(ctx.clause)


#: A post that opens as fiction, a programme or a school project ("I'm writing a novel", "that hospital drama
#: episode", "my EPQ title is"): its clauses about third parties are that story, not someone's emergency.
_POST_FRAME = re.compile(
    r"\b((?:i'?m )?writing (?:a|my) (?:\w+ )?(?:novel|story|book|script|screenplay|play|fanfic)|(?:trained in|"
    r"questions? (?:about|for|on)) first aid|(?:tv|drama|that|this|last night'?s|"
    r"this week'?s) (?:\w+ )?(?:episode|film|movie|documentary)|(?:hospital|medical|tv|crime|police) drama|extended project|epq|"
    r"my (?:dissertation|thesis|essay|project|coursework) (?:is|title|topic)|first aid (?:exam|course|test)|eli5|"
    r"(?:school |class )presentation|after watching|watched a (?:film|movie|documentary)|(?:session|talk|workshop|"
    r"newsletter|leaflet|piece|poster) (?:on|about|for)\b|(?:writing|drafting) (?:a|my) (?:\w+ )?novel)",
    re.IGNORECASE)
_FIRST_OR_CLOSE = re.compile(
    r"\b(i|i'm|im|i've|me|my|we|our|us|mum|mom|dad|son|daughter|husband|wife|partner|baby|kid|child|brother|sister|"
    r"grandma|grandad|grandpa|friend|flatmate|roommate)\b", re.IGNORECASE)


#: "my character" in a story names no one close
_OWNED_CHARACTER = re.compile(r"\bmy (?:main )?(?:characters?|knight|protagonist|heroine|hero|mc|narrator)\b", re.IGNORECASE)


def _topic(ctx: _Context) -> bool:
    if _TOPIC_FRAME.search(ctx.clause) and not (ctx.post_is_acute and _ACUTE.search(ctx.clause)):
        return True
    return (ctx.post.opens_with_frame and not ctx.post_is_acute
            and not _FIRST_OR_CLOSE.search(_OWNED_CHARACTER.sub(" ", ctx.clause)))


def _joke(ctx: _Context) -> bool:
    return bool(_JOKE.search(ctx.clause))


def _no_person(ctx: _Context) -> bool:
    """A question in a post that names nobody ("how to treat an iron overdose?"). A curt statement that names
    nobody ("Chest pain since this morning, what is it?") is still someone's symptom."""
    return not ctx.post_has_person and bool(_QUESTION.search(ctx.clause))


_REAL_PAST_QUESTION = re.compile(r"\bdid (?:i|he|she|we|they|my \w+)\b", re.IGNORECASE)


def _hypothetical(ctx: _Context) -> bool:
    """"What if ..." is hypothetical; "If I took X yesterday, did I overdose?" asks about something that happened."""
    return bool(_HYPOTHETICAL.search(ctx.clause)) and not _REAL_PAST_QUESTION.search(ctx.clause)


#: Words that make "I feel like I can't get a full breath" a description of a body, not a figure of speech.
_BODILY = re.compile(r"\b(wake|woke|waking|at night|lungs?|sit up|sat up|wheez\w*|asthma|inhaler|cough\w*)\b",
                     re.IGNORECASE)
_FIGURATIVE_CUE = re.compile(r"\b(?:is|are|'s|was) (?:\w+ )?killin[g']? me\b|\b(?:has|have|had|got|having) me\s+$|"
                             r"\b(?:humidity|heatwave|this heat|the heat)(?: is|'s)\b[^.!?]{0,40}$|\b(?:heatwave|aircon|air con|"
                             r"degree heat|is an oven|sauna)\b[^.!?]{0,60}$", re.IGNORECASE)


_FIGURATIVE_AFTER = re.compile(r"^[^.!?]{0,20}\b(?:in|with) (?:this|the) (?:heat|humidity|smog|workload)\b",
                               re.IGNORECASE)
_HABIT_AFTER = re.compile(r"^[^.!?]{0,40}\bevery time (?:i|he|she|they|we|you) (?:see|sees|look|looks|read|reads|hear|"
                          r"hears|open|opens|get|gets)\b", re.IGNORECASE)


def _figurative(ctx: _Context) -> bool:
    before = ctx.clause[: ctx.start]
    after = ctx.clause[ctx.end:] if ctx.end >= 0 else ""
    if _FIGURATIVE_CUE.search(before) or _HABIT_AFTER.search(after) or _FIGURATIVE_AFTER.search(after):
        return True
    return bool(_FIGURATIVE.search(before)) and not _BODILY.search(ctx.clause)


def _chronic(ctx: _Context) -> bool:
    return bool(_CHRONIC.search(ctx.clause))


_HEDGE = re.compile(r"\b(?:a (?:little )?bit|slightly|mildly|basically|practically|nearly|almost|"
                    r"(?:a )?(?:little|small|slight|mild|minor|tiny)(?! ones?\b)|thought (?:i'?d|i would|i was (?:gonna|going to)))"
                    r"\s+(?:\w+\s+)?$",
                    re.IGNORECASE)


_RECURRING = re.compile(r"\b(?:keeps?|kept|keep on)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _mild(ctx: _Context) -> bool:
    """A hedge just before the sign: "a bit wheezy", "nearly fainted", "basically unconscious on the sofa". Not
    "I keep nearly fainting": near-faints that keep coming are a reason to see a doctor."""
    before = ctx.clause[: ctx.start]
    hedge = _HEDGE.search(before)
    return hedge is not None and not _RECURRING.search(before[: hedge.start()])


#: A child's knock the post itself calls minor ("no lump", "carried on playing")...
_MINOR_BUMP = re.compile(
    r"\b(?:no (?:lump|bump|swelling|bruise|mark|sickness|vomiting|bleeding)|didn'?t (?:hit it|bang it|cry) (?:that |very )?"
    r"(?:hard|long|for long|much)|(?:carried on|went (?:straight )?back to|straight back to|back to) (?:playing|normal|running)|"
    r"running around|(?:small|tiny|little|slight) (?:bruise|bump|mark|red mark|graze|scratch))\b", re.IGNORECASE)
#: ...unless a warning sign from the head-injury advice is there, and not denied.
_HEAD_WARNING = re.compile(
    r"\b(vomit\w*|threw up|throw(?:ing|s)? up|been sick|being sick|drows\w*|sleepy|won'?t wake|confus\w*|egg|lump|"
    r"swelling|knocked out|unconscious|blacked out|stairs|fluid|seizure|fit)\b", re.IGNORECASE)


def _minor_bump(ctx: _Context) -> bool:
    """A child's head knock the post calls minor, with no warning sign (vomiting, drowsiness, a big lump, a fall
    down stairs) that is not denied: "bumped his head, no lump, carried on playing"."""
    return ctx.post.minor_bump


#: A clinician has already looked at it and said what it is ("GP says it's muscle tension", "cleared by A&E"). Not
#: "the doctor checked him": a real post said that and was still urgent.
_ASSESSED = re.compile(
    r"\b(?:gp|doctor|doc|cardiologist|paediatrician|pediatrician|consultant|specialist|neurologist|nurse|a&e|er|"
    r"hospital|clinic)s?\b[^.!?]{0,80}?\b(?:already |has |have |had |both )*(?:cleared|ruled out|"
    r"says? (?:it'?s|it is|that'?s|is)|said (?:it'?s|it is|it was))\b|"
    r"\b(?:tests?|x-?rays?|scans?|ecg|ekg|echo|bloods?|results?)\b[^.!?]{0,30}\b(?:were|was|came back|are|all|is) "
    r"(?:all |completely |totally |perfectly )?(?:normal|clear|fine)\b|\b(?:said|says|told (?:me|us|him|her)) (?:my|his|her|their) (?:heart|lungs?|"
    r"brain|scan) (?:is|was|are|were) (?:fine|ok|okay|normal|healthy)\b|\b(?:went|been|gone) (?:2|to) (?:the )?(?:urgent care|"
    r"a&e|er|gp|doctor|hospital|walk-in)\b[^.!?]{0,40}\b(?:gave|prescribed|treated)|\b(?:they|the doctors?|the nurses?|"
    r"the paramedics?|the gp|a&e|(?:the )?hospital) (?:checked (?:him|her|me|them|us) over|examined (?:him|her|me|them))\b[^.!?]{0,40}\b"
    r"(?:(?:said|says) (?:no\b|it'?s|he'?s|she'?s|all)|no (?:stroke|heart attack|bleed|fracture|break|concussion|clot)|"
    r"nothing (?:wrong|serious|broken|found)|all (?:clear|fine|ok|okay|normal))|\b(?:they|the doctors?) (?:say|says|said) (?:it'?s |it is |is |was )?"
    r"(?:stress|muscle\w*|muscular|anxiety|panic|nothing serious|benign|a virus)\b|\bheart (?:is|was) (?:ok|okay|fine|"
    r"normal|healthy)\b|\bsaid (?:he|she|they)(?:'s| is| was| are| were) (?:absolutely |totally |completely |perfectly )?"
    r"(?:fine|ok|okay|well|normal)\b|\b(?:ecg|ekg|ct|mri|scan|troponin|bloods?|x-?ray|tests?)s? (?:all |was |were |came back |"
    r"is |are )?(?:normal|clear|fine|negative)\b|\bsaid (?:it'?s|it is|it was) (?:just |only |probably |most likely )?"
    r"(?:anxiety|stress|muscular|muscle\w*|panic|reflux|heartburn|a virus|nothing)\b|"
    r"\b(?:the )?(?:paramedics?|doctors?|nurses?|gp) (?:checked|examined|saw) (?:him|her|me|them|us)\b[\s\S]{0,200}?"
    r"\b(?:right as rain|back to (?:normal|(?:her|his|their) (?:old )?self|bossing|work|school)|(?:he|she)'?s (?:fine|home))",
    re.IGNORECASE)
_CHANGED = re.compile(r"\b(worse|worsening|again|new|different|spreading|now (?:it'?s|there'?s|i have|he has|she has))\b",
                      re.IGNORECASE)


def _assessed(ctx: _Context) -> bool:
    """A same-day sign a clinician has already checked, unless the clause says it has changed since."""
    return ctx.post.assessed and not _CHANGED.search(ctx.clause)


#: Crisis slang the writer takes back in so many words ("kms (jk)", "not literally"). The post is still queued
#: for a moderator by its watch words; only the crisis notice is held back.
_IN_JEST = re.compile(r"\b(jk|j/k|just kidding|just joking|only joking|kidding obviously|not literally|not seriously|"
                      r"affectionate(?:ly)?|(?:was|as) a joke|not serious|dark humou?r|not in (?:a )?crisis|"
                      r"not what it sounds like|no thoughts like that|said with love|in jest)\b",
                      re.IGNORECASE)


#: Annoyance dressed as a threat: "if I see one more spreadsheet I'll kms", "he'd rather unalive himself than
#: watch a rom com". A conditional on a serious loss ("if she leaves me I'll kill myself") is not excused.
_HYPERBOLE_BEFORE = re.compile(r"\bif\b[^.!?]{0,50}\b(?:one more|another|any more)\b[^.!?]{0,50}$|"
                               r"\b(?:rather|'d rather)\b[^.!?]{0,20}$|"
                               r"\b(?:is|'s|gonna|going to|will|gon|about to|finna) (?:make|making) me\s+$|"
                               r"\b(?:made|makes|making) me\s+(?:(?:want to|wanna)\s+)?$", re.IGNORECASE)
#: ...or after it: "kms if I hear this song one more time", "kms this traffic", "kms moment: ..."
_HYPERBOLE_AFTER = re.compile(r"^\s*(?:if\b[^.!?]{0,50}\b(?:one more|another|again)\b|moment\b|over (?:nothing|"
                              r"a|an|my|this|that|the) |(?:this|these|that) "
                              r"(?!is\b|isn'?t\b|was\b|life\b|world\b|pain\b|feeling\b|time\b)\w+)", re.IGNORECASE)
_THAN_AFTER = re.compile(r"^[^.!?]{0,20}\bthan\b", re.IGNORECASE)


def _in_jest(ctx: _Context) -> bool:
    if ctx.post.in_jest:
        return True
    if ctx.end >= 0 and ctx.clause[ctx.start:ctx.end].casefold() == "kms" and _HYPERBOLE_AFTER.search(ctx.clause[ctx.end:]):
        return True
    before = _HYPERBOLE_BEFORE.search(ctx.clause[: ctx.start])
    if before is None:
        return False
    return "rather" not in before.group(0).casefold() or bool(_THAN_AFTER.search(ctx.clause[ctx.end:]))


_PET_SUBJECT = re.compile(r"\b(?:dog|dogs|cat|cats|puppy|pup|kitten|rabbit|bunny|hamster|guinea pig|parrot|budgie|horse|"
                          r"ferret|tortoise|pet)(?:'s)?\s+(?:\w+\s+){0,4}$", re.IGNORECASE)
_VET = re.compile(r"\b(?:vets?|veterinar\w*|parvo|distemper|kennel cough|myxomatosis)\b", re.IGNORECASE)


_PET_WORD = re.compile(r"\b(?:dog|cat|puppy|pup|kitten|rabbit|bunny|hamster|guinea pig|parrot|budgie|horse|ferret|"
                       r"tortoise|beagle|labrador|lab|spaniel|terrier|collie|retriever)s?\b", re.IGNORECASE)


_OWNED_PET = re.compile(r"\b(?:my|our|the|his|her|their) (?:[\w']+ )?" + _PET_WORD.pattern, re.IGNORECASE)


def _pet(ctx: _Context) -> bool:
    """The sign belongs to an animal ("my dog ate a grape", "should I call the vet"): this check is for people.
    Post-wide: a vet and an animal named in the post, and a clause that names no one close."""
    subject = _PET_SUBJECT.search(ctx.clause[: ctx.start])
    if subject is not None and not _FIRST_OR_CLOSE.search(subject.group(0)):
        return True
    if _VET.search(ctx.clause):
        return True
    if not ctx.post.about_an_animal:
        return False
    # "my dog" names the animal, not someone close: take the animals out before looking for people
    return not _FIRST_OR_CLOSE.search(_OWNED_PET.sub(" ", ctx.clause))


#: A benign, everyday explanation in the same clause: pain reproduced by pressing or twisting, heartburn after a
#: meal, a blocked nose, breathlessness from being unfit. For same-day signs only.
_EVERYDAY_CAUSE = re.compile(
    r"\b(?:when (?:i|you|he|she) (?:press|push) on|(?:hurts?|pain\w*|tender|sore) (?:more |only )?when (?:i|you|he|she) "
    r"(?:press|push|twist)|(?<!like )(?<!than )(?:heartburn|reflux|indigestion)|(?:when i lie|lying) down after (?:dinner|"
    r"eating|a (?:big )?meal)|"
    r"pulled (?:a )?muscle|moving (?:furniture|a couch|a sofa|house|boxes)|through (?:my|his|her|the|one) (?:nose|nostril)|"
    r"(?:stuffy|blocked|bunged up) nose|out of shape|unfit|not (?:very )?fit\b|get(?:ting)? fitter|"
    r"just (?:started|starting|took up|taken up) (?:jogging|running|exercis\w*|the gym|cycling|working out))",
    re.IGNORECASE)


def _everyday_cause(ctx: _Context) -> bool:
    return bool(_EVERYDAY_CAUSE.search(ctx.clause)) and not _CHANGED.search(ctx.clause)


_QUOTES = "'\"‘’“”`"


def _mention(ctx: _Context) -> bool:
    """A crisis word quoted on its own is talked about, not used: "is 'kms' okay to say?". A longer quote is
    reported speech and stays flagged (fail closed)."""
    end = ctx.end
    if ctx.start == 0 or end >= len(ctx.clause) or end < 0:
        return False
    if _MENTION_BEFORE.search(ctx.clause[: ctx.start]):
        return True
    quoted = ctx.clause[ctx.start - 1] in _QUOTES and ctx.clause[end] in _QUOTES
    return quoted and len(ctx.clause[ctx.start:end].split()) <= 2


#: "words like unalive and kms": the words are the topic
_MENTION_BEFORE = re.compile(r"\b(?:words?|terms?|phrases?|slang|sayings?) (?:like|such as)\s+(?:[\w']+,? (?:and|or) )?$",
                             re.IGNORECASE)


#: One named check per exemption: True means "this match is excused".
EXEMPTION_CHECKS: dict[Exemption, Callable[[_Context], bool]] = {
    Exemption.NEGATION: _negated,
    Exemption.PAST_EVENT: _past_event,
    Exemption.TOPIC: _topic,
    Exemption.JOKE: _joke,
    Exemption.NO_PERSON: _no_person,
    Exemption.HYPOTHETICAL: _hypothetical,
    Exemption.FIGURATIVE: _figurative,
    Exemption.CHRONIC: _chronic,
    Exemption.MILD: _mild,
    Exemption.MINOR_BUMP: _minor_bump,
    Exemption.ASSESSED: _assessed,
    Exemption.IN_JEST: _in_jest,
    Exemption.PET: _pet,
    Exemption.MENTION: _mention,
    Exemption.EVERYDAY_CAUSE: _everyday_cause,
}

_MEDICAL = frozenset({Exemption.NEGATION, Exemption.PAST_EVENT, Exemption.TOPIC, Exemption.JOKE,
                      Exemption.NO_PERSON, Exemption.HYPOTHETICAL, Exemption.FIGURATIVE, Exemption.PET})
#: Urgent-care signs are common words ("chest pain", "fainted"): a long-standing complaint is for a doctor's
#: appointment, which the referral notice already says.
_URGENT = _MEDICAL | {Exemption.CHRONIC, Exemption.MILD, Exemption.ASSESSED, Exemption.EVERYDAY_CAUSE}
_SELF_HARM = frozenset({Exemption.NEGATION, Exemption.PAST_EVENT, Exemption.IN_JEST, Exemption.MENTION})
#: Suicidal thoughts (urgent care, with crisis lines) are also a research topic and a "what do I do if a friend
#: ..." question; intent and plans (emergency) keep the narrow exemptions above.
_THOUGHTS = _SELF_HARM | {Exemption.TOPIC, Exemption.HYPOTHETICAL}

_W = r"[^.!?\n]{0,40}?"  # a few words inside one sentence
#: "if I was gone", "once I'm dead": the counterfactual of a member's own death (a leaving is "when I'm gone")
_GONE = (r"(?:if i(?:'?m| am| was| were|'?d)? (?:gone|dead|died|not here|not around|no longer here)|(?:when|once) "
         r"i(?:'?m| am)? (?:dead|died))")
_PERSON = (r"(?:i|he|she|they|we|someone|somebody|(?:my|our) (?!(?:team|server|wifi|internet|plans?|cake|starter|sourdough|"
           r"bread|business|marriage|relationship|tent|shelf|roof|ceiling|house|code|build|project|portfolio|stocks?|"
           r"grades?|gpa|soufflé|souffle|gym|bathroom|kitchen|garage|shed|wall|fence|bridge|stage|deck|floor|chair|bed|"
           r"sofa|couch|sandcastle|tower|pancakes?|bookcase|wardrobe|gazebo|trellis|greenhouse)\b)\w+)")
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CHILD = (r"(?:baby|babies|infant|newborn|\d+\s*(?:-\s*)?(?:month|mth|mo|week|wk)s?[- ]old|"
          rf"{_NUMBER_WORD} (?:month|week)s?[- ]old|(?:my|our|a|the) \d+\s*(?:month|mth|week|wk)s?\b|"
          rf"(?:is|aged|age) (?:\d+|{_NUMBER_WORD})\s*(?:weeks?|wks?)\b)")
_YOUNG = (r"(?:baby|infant|newborn|toddler|little one|lil one|(?:my|our) (?:son|daughter|kid|child|boy|girl)|"
          r"\d+\s*(?:-\s*)?(?:month|mth|mo|week|year|yr)s?[- ]old|\d\s*(?:yrs?|years?|yo|y/o)(?:\s*old)?)")


def _rule(kind: RedFlagKind, tier: Tier, pattern: str, triggers: tuple[str, ...],
          exemptions: frozenset[Exemption] | None = None, post_requires: re.Pattern[str] | None = None) -> Rule:
    if exemptions is None:
        exemptions = _URGENT if tier is Tier.URGENT_CARE else _MEDICAL
    return Rule(kind, tier, re.compile(pattern, re.IGNORECASE), triggers, exemptions, post_requires)


#: A post about suicide or self-harm: the words that make "planning when" or "on purpose" a plan or an act.
_SELF_HARM_CONTEXT = re.compile(
    r"\b(suicid\w*|sewerslide|kill (?:my|him|her)self|kms|unalive|ctb|end (?:it|my life|things|everything)|"
    r"self[- ]harm\w*|(?:an|my|suicide) attempt|attempted|overdose|want(?:ed)? to die|not be here|goodbye|"
    r"burn(?:ed|t|ing)? myself|hurt(?:ing)? myself|cut(?:ting)? myself|made (?:my|the) decision|stockpil\w*|"
    r"written (?:letters|notes?|a note|goodbye)|letters? (?:for|to) (?:my|her|his)|have enough now)\b", re.IGNORECASE)


#: An oxygen saturation a pulse oximeter reads, with the range of readings (``reading``) a rule is for.
_OXIMETER = (r"\b(?:pulse ?ox\w*|oximeter|o2|spo2|sats?|saturations?|oxygen(?: levels?| sat\w*)?)\b[^.!?\n]{{0,25}}?\b"
             r"(?:is |was |at |of |says |reads |reading |showing |down to |dropped to |dropping to )?({reading})\b"
             r"(?![.,]\d)\s?(?:%|percent|per cent)?")
_OXIMETER_WORDS = ("pulse ox", "pulseox", "oximeter", "o2", "sat", "oxygen")

E, U = Tier.EMERGENCY, Tier.URGENT_CARE
K = RedFlagKind

RULES: tuple[Rule, ...] = (
    # ---- heart attack: crushing chest pain, or chest pain with arm/jaw/sweat/breathlessness ----------------
    _rule(K.HEART_ATTACK, E, rf"\b(crushing|squeezing|severe|intense|heavy|tight(?:ening)?)\b{_W}\bchest\b"
                             rf"{_W}\b(pain|pressure|tightness|ache|hurts?)", ("chest",)),
    _rule(K.HEART_ATTACK, E, rf"\bchest\b{_W}\b(pains?|pressure|tightness|hurts?|tight)\b{_W}\b(left arm|arms?|jaw|"
                             r"neck|back|sweat\w*|short of breath|shortness of breath|nause\w*|dizz\w*|"
                             r"faint\w*|numb\w*|tingl\w*)", ("chest",)),
    _rule(K.HEART_ATTACK, E, rf"\b(left arm|arm|jaw)\b{_W}\b(numb\w*|pain|hurts?|tingl\w*|aches?)\b{_W}\bchest\b",
          ("chest",)),
    _rule(K.HEART_ATTACK, E, rf"\b(crushing|squeezing|heavy|severe)\b{_W}\b(pain|pressure|feeling|sensation|weight)\b{_W}"
                             r"\bchest\b", ("chest",)),
    _rule(K.HEART_ATTACK, E, r"\b(having|think i'?m having|having a|is having a|might be having a)\b"
                             r"[^.!?\n]{0,10}\bheart attack\b", ("heart attack",)),
    _rule(K.HEART_ATTACK, E, r"\bpain\b[^.!?\n]{0,30}\b(spreading|radiating|going|shooting)\b[^.!?\n]{0,20}"
                             r"\b(left arm|jaw)\b", ("left arm", "jaw")),
    # ---- stroke: the FAST signs -----------------------------------------------------------------------------
    _rule(K.STROKE, E, rf"\b(face|mouth|smile|lip)\b{_W}\b(droop\w*|dropped|sagging|hanging|crooked|"
                       r"lopsided|uneven)", ("droop", "dropped", "sagging", "hanging", "crooked", "lopsided",
                                              "uneven")),
    _rule(K.STROKE, E, rf"\b(droop\w*|sagging)\b{_W}\b(face|mouth|smile|side)\b", ("droop", "sagging")),
    _rule(K.STROKE, E, r"\b(slurr\w*|garbled|(?:can'?t|cannot) (?:speak|talk)(?! (?:to|for|with|about|much|"
                       r"english|freely)\b)|trouble speaking|difficulty speaking|(?:talking|speaking|saying|speech is|started) (?:complete )?gibberish|words (?:are|came out|coming out) "
                       r"(?:jumbled|wrong|weird|muddled))\b", ("slurr", "garbled", "speak", "talk", "words", "gibberish")),
    _rule(K.STROKE, E, rf"\b(face|mouth|smile)\b{_W}\b(wonky|droopy|fallen|one[- ]sided)\b|\b(dribbl\w*|drooling)\b"
                       r"[^.!?\n]{0,30}\bone side\b", ("wonky", "droopy", "fallen", "sided", "dribbl", "drool")),
    _rule(K.STROKE, E, r"\bhalf (?:of )?(?:his|her|my|their) face\b[^.!?\n]{0,20}\b(?:won'?t|doesn'?t|can'?t|isn'?t)\b|"
                       r"\b(?:face|mouth) (?:is )?(?:going|gone|went|pulled) down\b", ("half", "down")),
    _rule(K.STROKE, U, r"\b(?:my|his|her|their) (?:whole )?(?:left|right) side (?:is|went|has gone|feels|has gone) "
                       r"(?:completely |totally |all )?(numb|weak|dead|heavy)\b|\bnumb from (?:my|his|her|their) "
                       r"(?:face|cheek|head|shoulder) (?:all the way )?(?:down )?to (?:my|his|her|their) (?:foot|feet|toes|leg)\b|"
                       r"\b(?:what (?:she|he|they) (?:says|said|is saying)|(?:her|his|their) words|(?:she|he|they)(?:'?s| is| are)"
                       r" (?:talking|speaking))\b[^.!?\n]{0,20}\b(?:makes? no sense|making no sense|not making (?:any )?sense|"
                       r"nonsense)", ("side", "numb", "sense")),
    _rule(K.STROKE, U, r"\b(?:left|right|one) side of (?:my|his|her|the) (?:face|body)\b[^.!?\n]{0,40}\b(numb\w*|weak\w*|"
                       r"tingl\w*|droop\w*)|\b(numb\w*|weak\w*)\b[^.!?\n]{0,30}\b(?:left|right|one) side of (?:my|his|her|the) "
                       r"(?:face|body)|\b(?:left|right) side (?:of )?(?:my |his |her )?face\b[^.!?\n]{0,20}\bnumb\w*",
          ("side",)),
    _rule(K.STROKE, E, rf"\b(sudden(?:ly)?|all of a sudden|out of nowhere)\b{_W}\b(weak\w*|numb\w*|paraly\w*|"
                       rf"can'?t move|cannot move|can'?t lift|cannot lift)\b{_W}\b(one side|left side|right side|"
                       r"half|arm|leg|face|side of)", ("sudden", "nowhere")),
    _rule(K.STROKE, E, rf"\b(weak\w*|numb\w*|paraly\w*)\b{_W}\b(one side|left side of (?:my|his|her|the) body|"
                       r"right side of (?:my|his|her|the) body|half (?:of )?(?:my|his|her|the) (?:body|face))\b"
                       rf"{_W}\b(sudden\w*|just|now|minutes?|an hour)", ("side", "half")),
    _rule(K.STROKE, E, rf"\b(sudden(?:ly)?|all of a sudden|out of nowhere)\b{_W}\b(arm|leg|hand|face|side)\b"
                       r"[^.!?\n]{0,20}?\b(went|goes|is|feels|got)\s+(weak|numb|dead|limp|heavy)",
          ("sudden", "nowhere")),
    _rule(K.STROKE, E, rf"\b(?:can'?t|cannot|unable to)\s+(?:lift|raise|move)\s+(?:his|her|my|their)\s+"
                       rf"(?:left|right)?\s*(?:arm|hand|leg)\b{_W}\b(face|speech|talk\w*|words|droop\w*)",
          ("lift", "raise", "move")),
    _rule(K.STROKE, E, r"\b(having|think i'?m having|is having|might be having)\b[^.!?\n]{0,10}\bstroke\b",
          ("stroke",)),
    _rule(K.STROKE, E, r"\bworst headache of (?:my|his|her|their) life\b", ("worst headache",)),
    # ---- breathing ------------------------------------------------------------------------------------------
    _rule(K.BREATHING, E, r"\b(can'?t|cannot|can not|cant|unable to|struggling to|barely)\s+"
                          r"(?:catch (?:my|his|her) )?breath(e|ing)?\b(?! (?:through|out of) (?:my|his|her|the|one) "
                          r"(?:nose|nostril))", ("breath",)),
    _rule(K.BREATHING, E, r"\b((?:is|was|started|keeps?) (?:gasping|choking)|gasping for (?:air|breath)|"
                          r"choking on|(?:i'?m|i am|is|he'?s|she'?s|they'?re) suffocating(?! me\b)|turning blue|lips (?:are |went |turned )?blue|blue lips)\b",
          ("gasping", "choking", "suffocating", "blue")),
    _rule(K.BREATHING, E, r"\b(looks|look|looking|going|gone|turning|turned|went) (?:grey |pale )?blue\b",
          ("blue",)),
    _rule(K.BREATHING, E, r"\bbreath(?:ing)? (?:keeps )?stopping\b|\b(?:lips|skin|face|fingertips|fingers)\b"
                          r"[^.!?\n]{0,25}\b(?:grey|gray|blue|bluish|grey-blue)\b|\bhardly any air\b|"
                          r"\bbreathing (?:is )?(?:really |very |so )?(?:slow and shallow|shallow|very slow|really slow)\b",
          ("breath", "lips", "skin", "face", "finger", "air")),
    _rule(K.BREATHING, E, r"\b(severe|sudden)\s+(shortness of breath|breathlessness)\b", ("breath",)),
    _rule(K.BREATHING_TROUBLE, U, r"\b(?:can'?t|cannot|unable to|struggl\w* to) (?:get|take|catch) (?:a )?(?:full|proper|"
                                  r"deep|good|decent) breath", ("breath",)),
    _rule(K.BREATHING_TROUBLE, U, r"\b(short(?:ness)? of breath\w*|shorter breath|breathless\w*|hard to breathe|"
                                  r"difficult(?:y)? (?:to )?breath\w*|trouble breath\w*|problems? breathing|"
                                  r"not (?:being )?able to breath\w*|wheez\w*|out of breath at rest)\b",
          ("breath", "wheez")),
    # ---- bleeding -------------------------------------------------------------------------------------------
    _rule(K.BLEEDING, E, rf"\b(bleeding|blood)\b{_W}\b(won'?t stop|will not stop|wont stop|not stopping|"
                         r"everywhere|a lot|heavily|spurting|pouring|soaked)\b", ("bleeding", "blood")),
    _rule(K.BLEEDING, E, r"\bnose ?bleed\b[^.!?\n]{0,30}\b(won'?t stop|pouring|over (?:an|1) hour|an hour|(?:not|hasn'?t|has not) stopped "
                         r"(?:for|in|after) (?:over |about |nearly )?(?:[2-9]\d|twenty|thirty|forty|fifty) ?(?:min|mins|minutes))",
          ("bleed",)),
    _rule(K.BLEEDING, E, r"\b(heavy|severe|uncontrolled|massive)\s+bleeding\b|\bbleeding (?:too much|so much|"
                         r"really badly|badly|non ?stop|through)\b|\bblood (?:is )?(?:pumping|gushing|spurting|pouring)\b",
          ("bleeding", "blood")),
    _rule(K.BLEEDING, E, r"\b(vomiting|vomited|throwing up|coughing up|threw up|coughed up|spitting)\s+(?:up\s+)?"
                         r"(?:(?:large amounts|lots|loads|a lot|a cup|cups|mouthfuls) of |(?:bright )?red |fresh )*blood\b",
          ("blood",)),
    _rule(K.BLEEDING, E, r"\b(wound|cut|gash|stitches|incision|stump)\b[^.!?\n]{0,40}\b(gushing|pouring|spurting|"
                         r"pumping|won'?t stop bleeding)\b|\b(?:split|burst|ripped|torn|come|came) open\b[^.!?\n]{0,30}"
                         r"\b(gushing|pouring|spurting|pumping)\b", ("gush", "pour", "spurt", "pump", "bleeding")),
    _rule(K.BLEEDING, E, r"\b(?:vomit\w*|threw up|throwing up|thrown up|sick)\b[^.!?\n]{0,40}\bcoffee[- ]grounds?\b|"
                         r"\bcoffee[- ]grounds? (?:vomit|sick)\b|\b(vomit\w*|threw up|throwing up|thrown up)\s+(?:up\s+)?"
                         r"(?:what (?:looks?|looked) like |some |a little |bits of |streaks of |specks of )?(?:(?:bright |dark )?red )?"
                         r"blood\b|\b(?:was|been|being|got) sick\b[^.!?\n]{0,30}\b(?:there was |there'?s |with )?(?:blood|bright "
                         r"red) in it\b|\b(?:vomit|sick)\b[^.!?\n]{0,15}\b(?:full of|had|has) (?:fresh |bright red )?blood\b",
          ("coffee", "blood", "bright red")),
    _rule(K.BLEEDING, U, r"\b(?:bleeding|blood (?:is )?(?:coming|comming|came) out) (?:from|out of) (?:(?:my|his|the|her) )?"
                         r"(?:penis|urethra|ear|eye)\b", ("bleeding", "blood")),
    _rule(K.BLEEDING, U, r"\bblood\b[^.!?\n]{0,20}\b(coming|comming|came) out (?:of|from) (?:(?:his|her|my|the) )?"
                         r"(?:mouth|ears?)\b", ("blood",)),
    # ---- anaphylaxis and allergic reactions --------------------------------------------------------------
    # After an adrenaline auto-injector the advice is always an ambulance, however well the person looks.
    _rule(K.ANAPHYLAXIS, E, r"\b(?:used|gave|given|give|injected|jabbed|did) (?:him |her |them |me )?(?:with )?(?:the |his |"
                            r"her |their |my |an |our |a )?(?:epi ?pen|adrenaline (?:pen|auto-?injector|jab)|auvi-?q|jext)\b|"
                            r"\b(?:epi ?pen|adrenaline pen)\b[^.!?\n]{0,15}\b(?:was |has been |got )?(?:used|given|went in)\b",
          ("epi", "adrenaline", "auvi", "jext")),
    _rule(K.ANAPHYLAXIS, E, rf"\b(throat|tongue|lips?)\b{_W}\b(swell\w*|swollen|closing|tight\w*)\b"
                            r"(?! (?:glands?|lymph|nodes?|tonsils?|neck))",
          ("swell", "swollen", "closing", "tight")),
    _rule(K.ANAPHYLAXIS, E, rf"\b(swell\w*|swollen)\b{_W}\b(throat|tongue|lips?)\b", ("swell", "swollen")),
    _rule(K.ANAPHYLAXIS, E, r"\b((?:having|going into|gone into|is in|in) (?:an? )?anaphyla\w*|anaphylactic (?:shock|"
                            r"reaction)|allergic reaction\b[^.!?\n]{0,30}\b(breath\w*|swell\w*|throat))",
          ("anaphyla", "allergic reaction")),
    _rule(K.ANAPHYLAXIS, E, r"\bthroat\b[^.!?\n]{0,30}\b(narrowing|closing|closing up|tight)\b", ("throat",)),
    _rule(K.ANAPHYLAXIS, E, r"\b(used|use|gave|give|giving|where is|grab) (?:my |his |her |an |the )?epi-?pen\b",
          ("epi",)),
    _rule(K.ALLERGIC_REACTION, U, r"\b(allergic reaction|reaction to (?:his|her|my|the) \w+|hives all over|"
                                  r"allergic to \w+ and (?:just )?(?:took|ate|had))\b",
          ("allergic", "reaction", "hives")),
    # ---- poisoning and overdose --------------------------------------------------------------------------
    _rule(K.POISONING, E, r"\b(?:took|taken|swallowed|had|eaten|ate|downed)\b[^.!?\n]{0,15}\b(?:whole|entire)\b"
                          r"[^.!?\n]{0,25}\b(?:pack|packet|bottle|box|blister pack|strip|supply|prescription)\b|"
                          r"\blost count of how many\b", ("whole", "entire", "lost count")),
    _rule(K.POISONING, E, rf"\b{_YOUNG}\b[^.!?\n]{{0,40}}\b(?:ate|eat|eaten|swallowed|chewed|got into)\b[^.!?\n]{{0,40}}"
                          r"\b(?:pills|tablets|capsules|medicine|vitamins|gummies)\b",
          ("ate", "eat", "swallowed", "chewed", "got into")),
    _rule(K.POISONING, E, r"\b((?:overdosed|overdosing)(?! on (?:coffee|sugar|chocolate|candy|sweets|cake|cookies|"
                          r"netflix|tv|anime|memes|content|sunshine|cuteness|nostalgia|carbs|pizza\w*|food|snacks|crisps|chips|"
                          r"podcasts?|true crime|tiktok|youtube|reality tv|music|christmas|festive|cheese|pasta))|(?:took|taken|take) an overdose|od'(?:e)?d\b|"
                          r"took (?:way )?too many|taken (?:way )?too many|"
                          r"took (?:a|the) whole (?:bottle|box|pack|packet|strip)|swallowed (?:a |some |the |a whole )?"
                          r"(?:bottle|pills|bleach|batter\w*|detergent|poison|cleaning|caustic))",
          ("overdos", "od'd", "od'ed", "too many", "whole", "swallowed")),
    _rule(K.POISONING, E, r"\b(swallowed|took|taken|downed|ate|have taken|has taken)\s+(?:about |around |like |maybe |"
                          r"nearly |almost |over )?(\d{2,}|all (?:of )?(?:the|my|his|her)(?:(?: mum| mom| dad| mother| father| nan| gran| "
                          r"wife| husband| partner)'?s)?(?= (?:\w+ )?(?:pills|tablets|meds|medication|medicine|painkillers|"
                          r"sleeping|insulin|antidepressants|capsules|tramadol|codeine|paracetamol|tylenol|ibuprofen|"
                          r"sertraline|citalopram|fluoxetine|amitriptyline|diazepam|xanax|oxycodone|morphine))|"
                          r"the rest of (?:the|my))\b"
                          r"(?! years| minutes| hours| days| weeks| mins| seconds| of (?:the|my) (?:time|day))",
          ("swallowed", "took", "taken", "downed", "ate")),
    _rule(K.SELF_HARM, E, r"\b(take|swallow|taking|swallowing)\s+all (?:of )?(?:my|the|his|her)\s+(?:\w+\s+)?"
                          r"(pills|tablets|meds|medication|medicine|painkillers|insulin)\b",
          ("take all", "swallow all", "taking all", "swallowing all"), _SELF_HARM),
    _rule(K.POISONING, E, r"\b(drank|swallowed|(?:son|daughter|child|kid|baby|toddler|boy|girl|he|she) swallow|ate|drunk|ingested|eaten|"
                          r"chewed|licked)\b[^.!?\n]{0,40}\b(bleach|"
                          r"antifreeze|poison\w*|pesticide|weed ?killer|rat (?:poison|killer|bait)|rodenticide|slug pellets|"
                          r"cleaning product|detergent pod|"
                          r"caustic|lye|drain cleaner|button batter\w*|batter(?:y|ies)|oleander|mushrooms? from|"
                          r"dishwasher (?:tablet|pod)s?|laundry (?:pod|capsule)s?|washing (?:pod|capsule)s?|magnets?)\b",
          ("bleach", "antifreeze", "poison", "pesticide", "killer", "bait", "rodenticide", "pellets",
           "cleaning product", "detergent pod", "caustic", "lye", "drain", "batter", "oleander", "mushroom", "dishwasher", "laundry", "washing",
           "magnet")),
    _rule(K.POISONING, E, r"\b(bleach|antifreeze|poison\w*|pesticide|weed ?killer|rat poison|cleaning product|"
                          r"detergent pod|caustic|lye|drain cleaner|button batter\w*|batter(?:y|ies)|"
                          r"(?:his|her|my|the) (?:pills|tablets|medicine|meds))\b[^.!?\n]{0,60}\b(swallowed|drank|"
                          r"ingested|ate|eaten|chewed|drunk|got into)\b",
          ("bleach", "antifreeze", "poison", "pesticide", "killer", "cleaning product", "detergent pod",
           "caustic", "lye", "drain", "batter", "pills", "tablets", "medicine", "meds")),
    _rule(K.POISONING, E, r"\b(\d{2,}|twenty|thirty|forty|fifty|a handful of|a bunch of)\s+(?:of (?:my|his|her|"
                          r"the) )?(?:\w+\s+)?(?:pills|tablets|paracetamol|tylenol|ibuprofen|aspirin|sleeping pills)\b"
                          r"[^.!?\n]{0,40}\b(ago|tonight|today|this morning|now)\b",
          ("pills", "tablets", "paracetamol", "tylenol", "ibuprofen", "aspirin")),
    _rule(K.POISONING, E, r"\bpoison(?:ed|ing)\b[^.!?\n]{0,20}\b(i think|just|now|my)\b", ("poison",)),
    _rule(K.POISONING, E, r"\b(?:took|taken|swallowed|downed)\b[^.!?\n]{0,40}\b(?:pills|tablets|meds|antidepressants|"
                          r"painkillers|sleeping pills|paracetamol|tramadol|codeine|insulin|sertraline|citalopram|fluoxetine|"
                          r"amitriptyline|diazepam|xanax|oxycodone|morphine|ibuprofen|tylenol)\b,? (?:all of (?:them|it)|the "
                          r"(?:whole|entire) (?:lot|bottle|box|pack|packet))\b|\b(?:drank|downed)\b[^.!?\n]{0,40}\b(?:vodka|"
                          r"wine|whisky|whiskey|gin|rum|alcohol|beers?)\b[^.!?\n]{0,30}\b(?:and|with|then) (?:took|swallowed|"
                          r"taken)\b[^.!?\n]{0,30}\b(?:pills|tablets|meds|antidepressants|painkillers|sleeping)",
          ("took", "taken", "swallowed", "downed", "drank")),
    _rule(K.POISONING, E, r"\b(double|triple|twice|three times) (?:my|his|her|the|their) (?:\w+ )?dose\b|"
                          r"\b(?:by mistake|accidentally|accidently)\b[^.!?\n]{0,30}\b\d{2,} (?:\w+ )?(?:tablets|pills)\b|"
                          r"\b(?:ate|eaten|eat|picked) (?:some )?wild (?:mushrooms|berries)\b",
          ("dose", "tablets", "pills", "wild")),
    _rule(K.POISONING, U, r"\bsomeone (?:drugged|spiked) (?:my|his|her|our)\b|\b(?:i|he|she|we|my drink|his drink|"
                          r"her drink) (?:think (?:i|we) )?(?:was|were|got|have been|has been|'ve been) "
                          r"(?:drugged|spiked)\b", ("drugged", "spiked")),
    _rule(K.POISONING, E, r"\b(?:did|have|has) (?:i|he|she|they|my \w+) (?:\w+ )?(?:overdose|overdosed|od)\b",
          ("overdose", " od")),
    _rule(K.ALLERGIC_REACTION, U, r"\ballergic to (\w+)\b[^.!?]{0,80}\b(?:was given|was giving|were given|gave me|"
                                  r"accidentally (?:ate|took|had)|just (?:ate|took|had)|loaded with)\b|"
                                  r"\b(?:was given|was giving|accidentally (?:ate|took|had)|loaded with)\b[^.!?]{0,60}"
                                  r"\b(?:i'?m|i am|he is|she is|who is) allergic to\b", ("allergic",)),
    # ---- self-harm and suicidal thoughts -----------------------------------------------------------------
    _rule(K.SELF_HARM, E, r"\b(kill (?:my|him|her)sel(?:f|ves)|kms|unalive (?:my|him|her)self|end (?:it all|my life|"
                          r"things|everything)|take my (?:own )?life|want to die(?! of| from| laughing| a little)|wanna die(?! of| from| laughing| a little)|ending (?:my life|it all|"
                          r"things)|don'?t want to (?:live|be alive|wake up|be here)|better off dead|no reason to live|"
                          r"hurt(?:ing)? myself|harm(?:ing)? myself|cutting myself|cut myself (?:on purpose|again|"
                          r"to cope|deliberately)|(?:i'?m|i am|feeling|feel|been) suicidal|suicidal (?:again|tonight)|"
                          r"tried to (?:kill|end|commit)|attempted suicide|(?:commit|committing) suicide|"
                          r"won'?t be (?:here|around) (?:tomorrow|much longer)|said my goodbyes|goodbye (?:note|"
                          r"letter)s?|not going to be here tomorrow|kill(?:ing)? myself|"
                          r"(?:i'?m|i am|going to|gonna|want to|wanna|will|decided to|ready to) end(?:ing)? it"
                          r"(?! with| off| there| here)|thinking (?:to|of|about) end(?:ing)? (?:my life|it all)|"
                          r"no point (?:in )?(?:going on|living|carrying on|being alive)|cut myself (?:deep|deeper|"
                          r"badly|too deep)|(?:blade|razor|rope|noose)\b[^.!?]{0,40}\b(?:tonight|ready|now))\b",
          ("kill", "kms", "unalive", "end", "life", "die", "want to", "dead", "live", "myself", "suicid", "be here",
           "be around", "goodbye", "no point", "blade", "razor", "rope", "noose"), _SELF_HARM),
    _rule(K.SUICIDAL_THOUGHTS, U, r"\b((?:i|i'?ve|i'?m|im|been|feel\w*|felt|am|passively)\b"
                                  r"(?:(?!\bnot\b|\bno\b|n'?t\b|\bnever\b|\bwas\b)[^.!?]){0,20}\bsuicidal|(?:contemplat\w*|consider\w*|thinking (?:about|of)|thought about)\s+"
                                  r"(?:suicide|killing myself|ending (?:it|my life)|taking my (?:own )?life)|"
                                  r"suicidal (?:thoughts?|ideations?|feelings?)|thoughts of (?:suicide|"
                                  r"killing myself|ending it|dying)|tired of (?:life|living)(?! with| in | at | on | like| out| off| paycheck| from)|wish i (?:was|were) "
                                  r"dead|(?:been|is|has been|already been|shes|hes|she's|he's) suicidal)\b",
          ("suicid", "thoughts of", "tired of", "wish i", "thought about", "thinking about", "thinking of",
           "contemplat", "consider"), _THOUGHTS),
    _rule(K.SELF_HARM, E, r"\boverdose on purpose\b", ("overdose",), _SELF_HARM),
    # "I can't keep myself safe", a deep cut: act now.
    _rule(K.SELF_HARM, E, r"\b(?:can'?t|cannot|can not|couldn'?t) keep (?:myself|him|her|them|themselves|himself|herself) safe\b|"
                          r"\bcut (?:myself|my (?:arm|wrist|leg|thigh)s?)\b(?! shaving| chopping| cooking| on )[^.!?]{0,20}\b(?:it'?s|its|"
                          r"is|they'?re|it was) (?:really |quite |very |too |so )?deep\b(?!-ish)",
          ("safe", "deep"), _SELF_HARM),
    # Someone close talking about killing himself or herself, or a self-harm wound that needs care (a topic or a
    # story can use the same words).
    _rule(K.SELF_HARM, E, r"\b(?:talk\w*|said|says|saying|texted|posted|threaten\w*) (?:about |(?:that )?(?:he|she|they)"
                          r"(?:'?ll| will|'?s| is| are|'?re|'?d| would)? (?:going to |gonna |wants? to )?)?(?:killing|kill|ending|"
                          r"end) (?:him|her|them)sel(?:f|ves)\b",
          ("kill", "killing", "ending", "end"), _THOUGHTS),
    _rule(K.SELF_HARM, U, r"\bself[- ]?harm\w*\b[^.!?]{0,60}\b(?:infected|gaping|needs? stitches|won'?t stop bleeding|pus)\b|"
                          r"\b(?:cut|cuts|wound|wounds)\b[^.!?]{0,30}\b(?:from|after) (?:self[- ]?harm\w*|cutting)\b[^.!?]{0,40}"
                          r"\b(?:infected|gaping|stitches|pus)\b", ("harm", "cut", "wound"),
          # the wound is now even when the cutting was last week, so no past-event excuse
          _THOUGHTS - {Exemption.PAST_EVENT}),
    # The warning signs crisis lines list (a method named with intent, a goodbye sent, a time set), in the words
    # people use; "if I have to mark one more essay I'll jump off a bridge" is annoyance, not intent.
    _rule(K.SELF_HARM, E, r"\b(?:going|gonna|about|planning|plan|ready|want|wanna|decided|intend\w*|told (?:me|us) "
                          r"(?:he|she|they)(?:'?s| is| are|'?re)? going) to (?:jump (?:off|from) (?:a |the |my |our |this |that )?(?:\w+ )?(?:bridge|roof|building|"
                          r"cliff|balcony|car ?park|multi-?stor(?:e)?y|tower|overpass|flyover|ledge|window|block)|jump in "
                          r"front of|throw "
                          r"(?:my|him|her)self (?:off|in front of|under)|hang (?:my|him|her)self|shoot (?:my|him|her)self|"
                          r"drown (?:my|him|her)self|slit (?:my|his|her) (?:wrists?|throat)|step in front of (?:a |the )?"
                          r"(?:train|bus|lorry|truck|car))\b(?![^.!?]{0,60}\bif\b[^.!?]{0,50}\b(?:one more|another|again)\b)",
          ("jump", "throw", "hang", "shoot", "drown", "slit", "step in front"), _SELF_HARM | {Exemption.JOKE}),
    _rule(K.SELF_HARM, E, r"\b(?:(?:text|texted|message|messaged|called|rang|voicemail|note|letter|sent)\b[^.!?]{0,60}"
                          r"\b(?:goodbye|good bye|bye forever)|(?:goodbye|good bye) (?:text|message|note|letter|call))"
                          r"\b[^.!?]{0,80}\b(?:(?:not|isn'?t|is not|aren'?t|hasn'?t been|"
                          r"won'?t be|stopped) (?:answering|picking up|replying|responding)|(?:phone|mobile) (?:is |was |went |has "
                          r"gone |has been (?:switched |turned )?)?(?:off|dead|straight to voicemail)|can'?t (?:reach|get hold of))"
                          r"(?! (?:for|during|on) (?:the |a |his |her )?(?:flight|plane|exam|night|shift))",
          ("goodbye", "good bye", "bye forever"), frozenset({Exemption.NEGATION, Exemption.PAST_EVENT,
                                                            Exemption.TOPIC, Exemption.IN_JEST})),
    _rule(K.SELF_HARM, E, r"\b(?:sent|texted|messaged|written|wrote|left)\b[^.!?]{0,40}\b(?:goodbye|good bye) "
                          r"(?:text|message|note|letter|voicemail)s?\b|\bctb (?:tonight|today|tomorrow|now|soon|this "
                          r"(?:week|weekend|evening))\b|\b(?:drove|came|walked|went|am|i'?m) (?:here|there|out here) to end (?:it|"
                          r"things|my life)\b|\bkill(?:ing)? my(?:sel|sle|lse|se|slef)f\b|\bthis is my last (?:post|"
                          r"message)\b",
          ("goodbye", "good bye", "ctb", "to end", "kill", "last post", "last message"), _SELF_HARM),
    _rule(K.SELF_HARM, E, r"\b(?:i'?ve|i have|i) decided (?:it'?s|it is|it will be|to do it) (?:tonight|today|tomorrow)\b",
          ("decided",), _SELF_HARM, post_requires=_SELF_HARM_CONTEXT),
    _rule(K.SELF_HARM, E, r"\b(?:intends?|intending|plans?|planning|going|decided|wants?) to (?:take|end) "
                          r"(?:my|his|her|their) (?:own )?life\b", ("life",), _SELF_HARM),
    # The bare words "suicide" and "self-harm" are a topic as often as an experience: they are watch words
    # (a moderator looks, at high priority), not flags.
    # ---- unconscious, seizure, fainting --------------------------------------------------------------------
    _rule(K.UNCONSCIOUS, E, r"\b(unconscious|unresponsive|won'?t wake up|not waking up|"
                            r"(?:he|she|they|(?:my|our) \w+) (?:is |was |are )?(?:not|isn'?t|wasn'?t) responding|"
                            r"passed out and (?:won'?t|isn'?t|hasn'?t|can'?t)|"
                            r"can'?t wake (?:him|her|them|my \w+)|(?:doesn'?t|won'?t|isn'?t) respond\w*|"
                            r"hasn'?t woken|won'?t come round|(?:not|can'?t|cannot|can not)\s+(?:make (?:him|her|them) )?"
                            r"wake(?: up)?\b|not reacting|no (?:answer|response) (?:at all|from (?:him|her))|"
                            r"(?:(?:don'?t|do not) think|(?:can'?t|cannot) tell if|not sure (?:if|whether)) (?:he|she|they|"
                            r"(?:my|our|the) \w+)(?: is|'s| are|'re) (?:still )?breathing(?![^.!?,]{0,25}\b(?:sleep\w*|at night|snor\w*|"
                            r"apn(?:o)?ea))|"
                            rf"{_PERSON} (?:just |has |have |had |suddenly )?collapsed(?! (?:onto|on|into) (?:the |my |his |her )?(?:sofa|couch|bed))|not breathing|stopped breathing)\b",
          ("unconscious", "unresponsive", "wake", "waking", "respond", "passed out", "collapsed",
           "breathing", "woken", "come round", "reacting", "answer", "response"), _MEDICAL | {Exemption.CHRONIC}),
    # The responsiveness checks a call handler asks about (voice, then a shake), in everyday words.
    _rule(K.UNCONSCIOUS, E, r"\b(?:(?:does|did|do|is|are|was) not|not|isn'?t|wasn'?t) respond(?:ing|s)? (?:at all )?(?:to (?:me|us|"
                            r"his|her|their|my|our|anything|voice|touch|a (?:gentle |firm )?shake|(?:his|her|their) name)|"
                            r"when (?:i|we) (?:call|shake|say|talk|pinch))|\b(?:can'?t|cannot|couldn'?t|could not|can not|unable "
                            r"to) (?:be )?rous\w*|\bcan'?t rouse\b|\bwon'?t wake (?:properly|fully|up properly)\b|\b(?:not|doesn'?t|"
                            r"does not|won'?t) answer(?:ing)? when (?:i|we) (?:call|shake|say)",
          ("respond", "rous", "wake", "answer"), _MEDICAL | {Exemption.CHRONIC}),
    _rule(K.SEIZURE, E, r"\b(seizure|fit|convuls\w*)\b[^.!?\n]{0,30}\b(won'?t stop|will not stop|not stopping|"
                        r"(?:for )?(?:over |more than )?(?:5|five|ten|10|\d{2}) minutes|one after another|"
                        r"back to back|again and again)\b", ("seizure", "fit", "convuls")),
    _rule(K.SEIZURE, E, r"\b(?:is|was|started|keeps|kept|keep|been) fitting(?! in\b| into\b| for\b| to\b)\b|"
                        r"\b(?:seizing|convulsing)\b", ("fitting", "seizing", "convulsing")),
    _rule(K.SEIZURE, E, r"\b(seizures?|fits?|convulsions?)\b[^.!?\n]{0,40}\b(another|back to back|one after "
                        r"(?:another|the other|other)|straight after)\b|\bback[- ]to[- ]back (?:seizures|fits)\b",
          ("seizure", "fit", "convulsion")),
    _rule(K.SEIZURE, E, r"\b(seizure\w*|seizrue|fit|fitting|convulsion\w*|jerking|twitching)\b[^.!?\n]{0,60}\b(?:\d+|five|"
                        r"six|seven|eight|ten|several|over five|more than five) (?:min|mins|minutes)\b|"
                        r"\bstill (?:fitting|seizing|convulsing|jerking)\b",
          ("seizure", "seizrue", "fit", "convulsion", "jerking", "twitching")),
    _rule(K.SEIZURE, E, r"\b(having|had|has) (?:a )?seizures?\b[^.!?\n]{0,30}\b(now|right now|just now|"
                        r"first time|never had)\b", ("seizure",)),
    _rule(K.FAINTING, U, r"\b(?:woke|woken|waking|came to|came round|come round) (?:up )?(?:on|in) the (?:\w+ )?(?:floor|"
                         r"ground)\b|\bfound (?:him|her|them|my \w+) (?:lying |collapsed )?on the (?:floor|ground)\b",
          ("floor", "ground")),
    _rule(K.FAINTING, U, r"\b(faint(?:ed|s|ing)|(?:passed|pass(?:es|ing)?) out(?! (?:on|in front of) (?:the|my) "
                         r"(?:sofa|couch|bed|tv|desk|keyboard)| in bed| at my desk)|blacked out|"
                         rf"feel(?:ing)? faint|{_PERSON} (?:just |suddenly )?collapsed(?! (?:onto|on|into) (?:the |my |his |her )?(?:sofa|couch|bed))|lost consciousness|"
                         r"losing consciousness|keeled over|was out (?:cold )?for (?:maybe |about )?\d+ seconds)\b",
          ("faint", "passed out", "pass out", "passes out", "passing out", "blacked out", "collapsed",
           "consciousness", "keeled", "was out")),
    # ---- chest pain alone: a doctor today (with arm, jaw, sweat or breathlessness it is an emergency above) --
    _rule(K.CHEST_PAIN, U, r"\b(chest (?:pains?|hurts?|aches?|tightness|pressure|is tight|feels? tight|is burning|"
                           r"(?:is|has been|keeps|was) (?:really |very |so |still )?(?:hurting|aching|painful)|"
                           r"(?:is |feels )?(?:heavy|crushed))|(?:ache|pressure|weight|burning|tightness) (?:in|on) "
                           r"(?:my|his|her|the) chest|clutching (?:my|his|her|their) chest|"
                           r"pains? in (?:my|his|her|the) (?:chest|heart)|heart (?:pain|hurts?)|"
                           r"pain in (?:my|his|her) heart|(?:my|his|her) heart (?:will )?(?:just )?(?:get|gets|is) "
                           r"(?:this )?(?:pain|hurting)|sudden pain in (?:the )?heart)\b",
          ("chest", "heart")),
    _rule(K.HEART_SIGNS, U, r"\b(?:both |left |my )?arms?\b[^.!?\n]{0,15}\bnumb\w*\b[^.!?\n]{0,60}\b(dizz\w*|"
                            r"light-?headed|faint\w*|heart|palpitation\w*|racing)\b|\bheart\b[^.!?\n]{0,30}\b(racing|"
                            r"pounding)\b[^.!?\n]{0,40}\b(dizz\w*|faint\w*|chest)\b", ("numb", "heart")),
    # ---- standard warning signs for a same-day doctor ------------------------------------------------------
    _rule(K.CIRCULATION, U, r"\b(arms?|legs?|hands?|feet|foot|fingers?|toes?)\b[^.!?\n]{0,30}\b(turned|turning|gone|went|"
                            r"are|is) (?:dark |deep )?(purple|blue|black|white|grey|gray)\b", ("purple", "blue", "black",
                                                                                             "white", "grey", "gray")),
    _rule(K.SEVERE_HEADACHE, U, r"\b(severe|violent|terrible|worst|excruciating)\s+headaches?\b[^.!?]{0,60}\b(vomit\w*|"
                                r"throwing up|threw up|confus\w*|stiff neck|vision)\b|\b(vomit\w*|throwing up)\b[^.!?]{0,40}"
                                r"\b(severe|violent|terrible)\s+headaches?\b", ("headache",)),
    _rule(K.POISONING, U, rf"\b{_YOUNG}\b[^.!?]{{0,80}}\b(?:not prescribed|someone else'?s (?:pills|medicine|tablets|dose)|"
                          r"(?:his|her|my|their) (?:brother|sister|mum|mom|dad|grandma|grandad)'?s (?:pills|medicine|"
                          r"tablets|dose))\b|\b\d+ (?:year|yr)s? old\b[^.!?]{0,40}\bgets? (?:a|an) \d+ (?:year|yr)s? old'?s?"
                          r"(?: \w+)? dose\b", ("prescribed", "someone else", "'s pills", "'s medicine", "'s tablets",
                                                 "'s dose", "dose")),
    # ---- children and injuries -----------------------------------------------------------------------------
    _rule(K.EYE_INJURY, U, r"\b(?:in|into) (?:the|my|his|her|their|one|both) eyes?\b[^.!?]{0,60}\b(blurr\w*|can'?t see|"
                           r"cannot see|lost (?:the |my |his |her )?vision|vision (?:is|has|went)|bleed\w*)|"
                           r"\b(metal|glass|chemicals?|bleach|splinter|shard|acid|oven cleaner)\b[^.!?]{0,30}\b(?:in|into) "
                           r"(?:my|his|her|their|the|one|both) eyes?\b|\beyes?\b[^.!?]{0,30}\b(?:splash\w*|spray\w*|squirt\w*)"
                           r"\b[^.!?]{0,30}\b(?:bleach|chemicals?|acid|(?:oven|drain) cleaner|cleaning product|ammonia|lye)\b",
          ("eye",)),
    _rule(K.SEVERE_PAIN, U, r"\b(belly|stomach|tummy|abdominal|abdomen|gut)\b[^.!?]{0,40}\b(unbearable|unreal|"
                            r"excruciating|agony|agonising|agonizing|doubled over|curled up|like a knife)",
          ("unbearable", "unreal", "excruciating", "agon", "doubled", "curled", "knife")),
    _rule(K.INFANT_FEVER, U, rf"\b{_CHILD}\b[^!?]{{0,80}}\b(fever\w*|high temp\w*|(?:feels|is|felt) (?:very |really )?hot|"
                             r"burning up|(?:running|has|got|with|developed|spiking) a (?:high )?temp\w*(?! of (?:3[0-7]|9\d)\b)|"
                             r"10[0-5](?:\.\d)?|3[89](?:\.\d)?)\b", ("fever", "temp", "hot", "burning", "10", "38", "39")),
    _rule(K.INFANT_FEVER, U, rf"\b(fever|high temp\w*|(?:temp|temperature) of (?:3[89]|10[0-5])(?:\.\d)?)\b[^!?]{{0,40}}\b{_CHILD}",
          ("fever", "temp")),
    _rule(K.CHILD_HEAD_INJURY, U, rf"\b{_YOUNG}\b[^.!?]{{0,80}}\b(hit|bumped|banged|bang|knock\w*|landed on|bonk\w*|"
                                  r"smack\w*|whack\w*|bash\w*|crack\w*)\b[^.!?]{0,30}\b(?:head|forehead)\b|"
                                  rf"\b{_YOUNG}\b[^.!?]{{0,40}}\b(headbutt\w*|head-?butt\w*)\b|"
                                  rf"\b{_YOUNG}\b[^.!?]{{0,60}}\b(egg|lump|bump|swelling|gash)\b (?:on|above|over) "
                                  r"(?:his|her|their|the) (?:head|forehead|temple|eye)\b", ("head", "temple", "eye"),
          _URGENT | {Exemption.MINOR_BUMP}),
    _rule(K.CHILD_HEAD_INJURY, U, rf"\b{_YOUNG}\b[^.!?]{{0,60}}\b(fell|fall|fallen|tumbled|rolled)\b[^.!?]{{0,60}}"
                                  r"\b(head|skull|forehead)\b", ("head", "skull"), _URGENT | {Exemption.MINOR_BUMP}),
    _rule(K.INJURY_PAIN, U, r"\b(severe|extreme|excruciating|unbearable|agonising|agonizing|really bad|intense)\s+"
                            r"pain\b[^.!?]{0,60}\b(after|since|from)\b[^.!?]{0,20}\b(fall|fell|injur\w*|accident|"
                            r"crash|tackle|twist\w*|hit)\b", ("pain",)),
    _rule(K.INJURY_PAIN, U, r"\b(can'?t|cannot|unable to)\s+(?:put (?:any )?weight on|stand on|walk on)\b|"
                            r"\b(bent|pointing|sticking out) (?:at a (?:weird|funny|strange|odd) angle|sideways|the wrong way)"
                            r"|\bheard (?:a|it) (?:pop|crack|snap)\b", ("weight on", "stand on", "walk on", "angle",
                                                                       "sideways", "wrong way", "heard")),
    _rule(K.SEVERE_PAIN, U, r"\b(?:pain|it)\b[^.!?]{0,30}\b(?:9|10)\s*(?:/|out of)\s*10\b|\b(sudden(?:ly)?|worst)\b"
                            r"[^.!?]{0,20}\bsevere\b[^.!?]{0,20}\bpain\b|\bsevere (?:stomach|belly|abdominal|tummy) pain\b",
          ("10", "severe")),
    _rule(K.MENINGITIS_SIGNS, U, r"\bfever\b[^.!?]{0,60}\bstiff neck\b|\bstiff neck\b[^.!?]{0,60}(?<!no )(?<!not )\bfever\b|"
                                 r"\b(?:rash|spots)\b[^.!?]{0,40}\b(?:doesn'?t|does not|won'?t|don'?t|do not) (?:fade|go|"
                                 r"disappear)(?: away)? when (?:i|you) press|\b(?:rash|spots)\b[^.!?]{0,40}\b(?:doesn'?t|does not|"
                                 r"won'?t|don'?t|do not) (?:fade|go away|disappear|blanch) (?:when|if) (?:pressed|"
                                 r"you press|i press)|\b(?:rash|spots)\b[^.!?]{0,40}\b(?:doesn'?t|does not|"
                                 r"won'?t) fade\b|\b(?:rash|spots) (?:are|is|turned|went|look|looks) (?:dark )?purple\b|\bpurple "
                                 r"(?:spots|rash|blotches|pin-?pricks)\b|\bheadache\b[^.!?]{0,60}\bstiff neck\b|\bneck (?:has "
                                 r"become|is|went|has gone) (?:really |very )?stiff\b",
          ("stiff neck", "fade", "press", "purple", "stiff")),
    _rule(K.INJURY_PAIN, U, r"\b(bone (?:is )?(?:sticking|poking) out|looks? (?:broken|deformed|bent|shorter|out of place)|"
                            r"(?:just )?got into (?:a|an) (?:fender bender|accident|car crash|crash)|(?:think|pretty sure|might "
                            r"have|may have|could have|probably|definitely) (?:i'?ve |i |he'?s |she'?s |he |she |they'?ve )?"
                            r"(?:broken|broke|fractured|snapped) (?:my|his|her|their) (?:\w+ )?(?:wrist|arm|leg|ankle|"
                            r"collarbone|finger|toe|hand|foot|elbow|knee|hip|rib|nose|shoulder)s?|(?:is|looks|it'?s) (?:a )?"
                            r"(?:funny|weird|odd|strange|wrong) (?:shape|angle))\b",
          ("bone", "broken", "deformed", "bent", "shorter", "out of place", "fender", "accident", "crash", "broke",
           "fractured", "snapped", "shape", "angle")),
    _rule(K.INJURY_PAIN, U, r"\b(pain is (?:extreme|unbearable|excruciating|severe)|in (?:a lot of|so much|"
                            r"extreme|unbearable|agonising|agonizing) pain)\b[^.!?]{0,60}\b(er|a&e|emergency|now|"
                            r"today|tonight)?", ("pain",)),
    _rule(K.INJURY_PAIN, U, r"\b(swollen|swelling|swell\w*)\b[^.!?]{0,40}\b(?:can'?t|cant|cannot|unable to) (?:even )?"
                            r"(grip|bend|straighten|move|use|lift|hold)\b", ("grip", "bend", "straighten", "move", "use",
                                                                           "lift", "hold")),
    # ---- standard same-day signs: vision, burns, dehydration, spreading infection, clots, blood ----------------
    _rule(K.VISION_LOSS, U, r"\b(?:lost|lose|losing|loss of) (?:the |my |his |her |all |some )?(?:sight|vision) in "
                            r"(?:one|my|his|her|the) (?:\w+ )?eye\b|\b(?:vision|sight|eyesight|eye)\b[^.!?]{0,25}\b"
                            r"(?:went|goes|gone|going|turned) (?:completely )?(dark|black|grey|gray|blank)\b|"
                            r"\b(?:went|gone|go|goes|turned) (?:blurry|blurred|dark|black|grey|dim) in (?:one|my|his|her) "
                            r"(?:\w+ )?eye\b|\bhalf (?:of )?(?:my|his|her|the) vision\b|\bcurtain\b[^.!?]{0,30}\b(?:down|"
                            r"across|over)\b|\bsudden\w*\b[^.!?]{0,30}\b(?:blind\w*|loss of (?:vision|sight)|"
                            r"(?:can'?t|cannot) see)\b", ("sight", "vision", "eye", "curtain", "sudden")),
    _rule(K.BURN, E, r"\b(?:caught|catch|catches) (?:on )?fire\b|\belectrocuted\b|\belectric(?:al)? shock\b|"
                     r"\bshock (?:off|from) (?:the |a )?(?:mains|socket|wire|cable|plug)\b",
          ("fire", "electr", "shock")),
    _rule(K.BURN, U, r"\b(burn(?:ed|t|s)?|scald(?:ed|s)?)\b[^.!?]{0,40}\b(really badly|very badly|badly|severely|"
                     r"skin (?:is |was )?(?:peeling|coming) off|blister\w* (?:all over|everywhere|the size)|white and "
                     r"leathery|charred|all over (?:his|her|my|their) (?:\w+ )?(?:arm|leg|chest|back|face|hand))|"
                     r"\bskin (?:is |was )?(?:peeling|coming|hanging) off\b|\bsevere burns?\b|\bskin(?:'s| is| was| has gone| "
                     r"went| looks)? (?:all )?(?:white and (?:leathery|peeling)|leathery|charred|waxy and white)\b|\bboiling "
                     r"(?:water|fat|oil|pasta water|kettle)\b[^.!?]{0,60}\b(?:skin|blister\w*|peeling|huge patch)\b",
          ("burn", "scald", "skin", "boiling")),
    _rule(K.DEHYDRATION, U, r"\b((?:cr(?:y|ies|ying)|cried) (?:with )?(?:no|without) tears|no tears when|"
                            r"(?:only|just|no) (?:\d|one|two|three) wet (?:nappies|nappy|diapers?)|no wet (?:nappy|nappies|"
                            r"diapers?)|(?:soft spot|fontanelle)\b[^.!?]{0,20}\bsunken|sunken (?:soft spot|fontanelle|eyes)|"
                            r"(?:hasn'?t|has not|not) (?:peed|weed|wee'?d|had a wee|urinated)\b[^.!?]{0,10}\b(?:in|for|since)|"
                            r"can'?t keep (?:any )?(?:fluids?|water|liquids?|anything) down)",
          ("tears", "wet", "sunken", "peed", "weed", "wee", "urinated", "keep"),
          frozenset({Exemption.NEGATION, Exemption.PAST_EVENT, Exemption.TOPIC, Exemption.HYPOTHETICAL,
                     Exemption.NO_PERSON})),
    _rule(K.SPREADING_INFECTION, U, r"\b(red(?:ness)?|red (?:patch|area|line|streak|mark)|rash|swelling|infection)\b"
                                    r"[^.!?]{0,60}\b(spreading|getting (?:bigger|wider|larger)|bigger than (?:yesterday|"
                                    r"this morning|last night|earlier|before)|growing(?! back)|creeping(?! back)|tracking|moving up|spreads? (?:all over|"
                                    r"(?:very )?(?:rapidly|fast|quickly)))\b|"
                                    r"\bred (?:streaks?|lines?)\b[^.!?]{0,30}\b(?:up|along|from|towards)\b|"
                                    r"\b(?:infect\w*|pus|abscess|cellulitis|ingrown|bite|wound|splinter|cut)\b[^.!?]{0,80}\b(chills|"
                                    r"shivering|shaking|fever\w*|spreading)\b|\b(?:spread|gone|moved|crept) (?:past|beyond|outside) "
                                    r"the (?:pen |marker )?(?:line|outline|mark)|\b(?:gone|turned|going) red (?:up|all the way) to\b|\bred,? hot and swoll?en\b|\bhot,? red and swoll?en\b",
          ("red", "rash", "swelling", "infection", "infect", "pus", "abscess", "cellulitis", "ingrown", "bite", "wound",
           "splinter", "cut", "line", "outline", "mark")),
    _rule(K.CIRCULATION, U, r"\b(calf|leg)\b[^.!?]{0,40}\b(swollen|swelling|hot|tender|painful|sore)\b[^.!?]{0,60}"
                            r"\b(flight|plane|coach|long drive|long car|long (?:trip|journey)|surgery|operation|bed rest)\b|"
                            r"\b(flight|plane|coach (?:trip|journey)|long (?:drive|trip|journey)|surgery|operation)\b"
                            r"[^.!?]{0,60}\b(calf|leg)\b[^.!?]{0,30}\b(swollen|swelling|hot|tender)\b",
          ("calf", "leg")),
    _rule(K.BLEEDING, U, r"\b(passed|passing|pooed|pooing|peed|peeing|weed)\b[^.!?]{0,10}\b(?:a lot of|lots of|loads of|"
                         r"so much|a load of)\s+blood\b|\b(?:a lot of|lots of|loads of|so much) blood\b[^.!?]{0,30}\b"
                         r"(toilet|stool|poo|poop|wee|pee|urine)\b",
          ("blood",)),
    _rule(K.BLEEDING, E, r"\bbleeding\b[^.!?]{0,30}\b(profuse\w*|despite (?:firm |direct )?pressure|"
                         r"through (?:the|a|my|his|her) (?:towel|bandage|dressing|tea towel))\b", ("bleeding",)),
    _rule(K.BREATHING_TROUBLE, U, r"\b(?:reliever|inhaler|ventolin|salbutamol|albuterol|puffer)\b[^.!?]{0,40}\b"
                                  r"(every (?:\d|one|two|three|four) (?:hours?|hrs?|mins?|minutes)|hourly|(?:isn'?t|not|"
                                  r"doesn'?t|does not|hardly) (?:help\w*|work\w*))\b|\bbreath\w* (?:gets|getting|is|feels|"
                                  r"went|goes) (?:\w+ )?(tight|tighter|short|shallow|laboured|labored|raspy)\b",
          ("reliever", "inhaler", "ventolin", "salbutamol", "albuterol", "puffer", "breath")),
    _rule(K.POISONING, E, r"\b(?:ingested|swallowed|taken|took|consumed|drank|ate)\b[^.!?]{0,20}\b(?:an? )?(?:unknown|large|"
                          r"huge|massive|excessive|big) (?:quantity|amount|number|dose|handful)\b",
          ("ingested", "swallowed", "taken", "took", "consumed", "drank", "ate")),
    _rule(K.SEIZURE, E, r"\bcluster of (?:\w+ )?(?:seizures|fits)\b|\b(?:two|three|four|five|several|\d) (?:seizures|fits) "
                        r"(?:since|in the (?:last|past)|today|this morning|within)\b|\b(?:not|without) (?:come round|coming round|woken|"
                        r"waking|recovered|regaining consciousness|returned to (?:his|her|their) (?:usual|normal) self) "
                        r"(?:in )?between\b", ("seizures", "fits", "between")),
    _rule(K.SUICIDAL_THOUGHTS, U, r"\b(better off without me|wish i (?:wasn'?t|weren'?t|was not|were not|wasnt|werent) "
                                  r"(?:alive|here|born|around)|(?:stop|cease) existing|don'?t want to exist|"
                                  r"think(?:ing)? about (?:death|dying) (?:every ?day|all the time|constantly|a lot|daily)|"
                                  r"(?:idea|thought)s? of (?:just )?(?:disappearing|not existing|not being (?:here|alive|"
                                  r"around)|not waking up)|wish i could (?:just )?(?:disappear|not wake up|fall asleep and "
                                  r"not wake)|(?:hope|wish) i (?:don'?t|do not|never) wake up|sewerslide|"
                                  r"(?:want|wanna|going|gonna) to (?:just )?(?:ctb|unalive)(?! (?:him|her|them|you|my|his|this|that)\b))\b",
          ("better off", "wish i", "existing", "exist", "death", "dying", "idea", "thought", "wake up", "sewerslide",
           "ctb", "unalive"), _THOUGHTS),
    _rule(K.SELF_HARM, E, r"\b(?:the|my|a) plan is back\b|\b(?:planning|planned|worked out|decided) (?:how|when|the (?:day|"
                          r"date|time|method|way))\b|\bbought (?:what i need|the (?:pills|rope|blades?))\b|\b(?:planning|going|ready) to do "
                          r"(?:it|this)\b|"
                          r"\b(?:burn(?:ed|t|ing)?|hit(?:ting)?|scratch(?:ed|ing)?|starv(?:ed|ing)) myself (?:on purpose|"
                          r"deliberately|again|to cope)\b",
          ("plan", "worked out", "decided", "bought", "myself", "going to do", "ready to do"), _SELF_HARM,
          post_requires=_SELF_HARM_CONTEXT),
    # ---- more standard signs: the NHS and NICE lists of "call 999" and "get help today" ----------------------
    _rule(K.BLEEDING, E, r"\b(?:won'?t|will not|wont|doesn'?t|does not|didn'?t) stop bleeding\b|\bsoak(?:ed|ing|s)? "
                         r"(?:through )?(?:a |\d+ |two |three |several )?(?:pads?|towels?|tampons?)\b[^.!?]{0,25}\b(?:an? hour|"
                         r"per hour|in (?:the|an|one) (?:last )?hour)|\b(?:toilet|bowl|pan)\b[^.!?]{0,25}\b(?:full of|fills? "
                         r"with|filled with) blood|\bclots? (?:the size of|as big as|bigger than) (?:a |an |my )?(?:fist|golf "
                         r"ball|lemon|plum|egg|orange)", ("bleeding", "soak", "blood", "clot")),
    _rule(K.BLEEDING, U, r"\b(?:black,? (?:and )?tarry|tarry,? black|tar-like) (?:stools?|poo|poop)?|\b(?:stools?|poo|poop)\b"
                         r"[^.!?]{0,30}\b(?:black and tarry|tarry|like tar)\b|\bmela?ena\b", ("tar", "melena", "melaena")),
    _rule(K.UNCONSCIOUS, E, r"\b(?:not|isn'?t|wasn'?t) answering (?:us|me|anyone|when)|\b(?:hard|difficult|impossible) to "
                            r"(?:wake|rouse)\b|\bbarely (?:wak\w+|conscious|responsive)\b",
          ("answering", "wake", "rouse", "barely"), _MEDICAL | {Exemption.CHRONIC}),
    _rule(K.FAINTING, U, r"\b(blackouts?(?! challenge)|black-outs?|blacking out)\b|\bcollapsed (?:while|during|in the middle of)\b|"
                         r"\b(?:was|went) out (?:cold )?for (?:a few|several|some|a couple of) seconds\b",
          ("black", "collapsed", "seconds")),
    _rule(K.VISION_LOSS, U, r"\b(?:suddenly|sudden) (?:lost|lose|losing|loss of) (?:the |my |his |her |all |some )?"
                            r"(?:vision|sight)\b", ("sudden",)),
    _rule(K.BREATHING, E, r"\b(?:ribs?|skin (?:between|under) (?:his|her|the|their) ribs|tummy|chest)\b[^.!?]{0,20}\b"
                          r"(sucking|pulling|sinking|caving|drawing) in\b|\bnostrils? flaring\b|\bgrunting\b[^.!?]{0,30}\b"
                          r"breath|\bstridor (?:at rest|even when|when (?:calm|resting|sitting|asleep))\b|\bhigh-?pitched (?:noise|sound|whistle|squeak)\b[^.!?]{0,20}\b(?:every|each) "
                          r"breath|\b(?:lips?|mouth|face)\b[^.!?]{0,20}\bdusky\b",
          ("sucking", "pulling", "sinking", "caving", "drawing", "flaring", "grunting", "stridor", "pitched", "dusky")),
    _rule(K.STROKE, E, r"\b(?:left|right) arm and (?:left |right |(?:my|his|her) )?leg\b[^.!?]{0,30}\b(numb\w*|weak\w*|heavy|"
                       r"tingl\w*|dead)\b|\b(?:can'?t|cannot|couldn'?t) get (?:my|his|her|their) words out\b|\bwords that "
                       r"(?:don'?t|do not) make (?:any )?sense\b", ("arm and", "words")),
    _rule(K.POISONING, E, r"\b(?:whole|entire|full) (?:week|month|fortnight)'?s? (?:worth )?(?:of )?(?:\w+ )?(?:pills|tablets|"
                          r"meds|medication|medicine|supply|doses?)\b|\b(?:week|month)'?s? (?:worth of )?(?:pills|tablets|meds|"
                          r"medication)\b[^.!?]{0,20}\bat once\b|\bfor the whole (?:week|month) at once\b",
          ("week", "month", "fortnight")),
    _rule(K.SELF_HARM, E, r"\b(?:gathered|saved up|been saving|been collecting|stockpil\w*|lined up|hoard\w*)\b[^.!?]{0,30}\b(?:pills|tablets|"
                          r"meds|morphine|insulin|medications?|painkillers|paracetamol|tramadol|codeine|amitriptyline|sleeping pills)\b",
          ("gathered", "saved up", "been saving", "been collecting", "stockpil", "lined up", "hoard"), _SELF_HARM),
    _rule(K.URINARY_RETENTION, U, r"\b(?:haven'?t|have not|hasn'?t|has not) (?:peed|weed|urinated|had a wee|had a pee|passed "
                                  r"urine|been for a wee) (?:at all )?(?:all day|since (?:this morning|yesterday|last night)|for "
                                  r"(?:over )?(?:\d+|twelve|twenty-four) (?:hours|hrs))\b", ("peed", "weed", "urinated", "wee",
                                                                                           "pee", "urine")),
    _rule(K.URINARY_RETENTION, U, r"\b(?:can'?t|cannot|unable to|haven'?t been able to|not able to) (?:pee|wee|urinate|pass "
                                  r"urine|pass water)\b", ("pee", "wee", "urinate", "urine", "water")),
    _rule(K.SEVERE_PAIN, U, r"\b(?:lower right|right lower|bottom right)\b[^.!?]{0,60}\b(?<!no )(?<!not )(?:fever|vomit\w*|threw up|"
                            r"can'?t (?:stand|walk)|hurts? (?:more )?when (?:i|he|she) (?:walk|cough|move))|\b(?<!no )(?<!not )(?:fever|vomit\w*)"
                            r"\b[^.!?]{0,60}\b(?:lower right|right lower|bottom right)\b|\bcan'?t stand (?:up )?straight\b|"
                            r"\b(?:testicle|testicular|scrotum|scrotal)\b[^.!?]{0,40}\b(?:sudden\w*|swollen|severe|agony|"
                            r"really bad)|\b(?:stabbing|sharp|twisting)\b[^.!?]{0,30}\b(?:testicles?|testicular|scrotum|balls?)\b|\bsudden\w*\b[^.!?]{0,40}\b(?:testicle|testicular)",
          ("right", "straight", "testic", "scrot")),
    # after 20 weeks a new headache, blurred vision or leaking fluid is a same-day call to the midwife
    _rule(K.PREGNANCY_SIGNS, U, r"\b(?:[2-4]\d) (?:weeks?|wks?)(?: and \d+ days?)? pregnant\b[^!?]{0,80}\b((?<!mild )"
                                r"(?<!slight )(?<!for )(?<!for a )headaches?(?! tablets?| pills?| relief)|"
                                r"blurr\w* (?:vision|eyesight)|vision (?:problems|changes)|leaking (?:\w+ )?fluid)\b",
          ("pregnant",)),
    _rule(K.PREGNANCY_SIGNS, U, r"\bpregnan\w*\b[^!?]{0,160}\b(flashing lights|seeing (?:spots|stars)|(?:hands|face|feet) "
                                r"(?:and (?:hands|face|feet) )?(?:are |is )?(?:suddenly )?(?:very )?swollen|(?:suddenly )?swollen "
                                r"(?:hands|face)|waters? (?:have |has )?(?:broke|broken)|(?:baby|she|he)(?:'s| is) (?:not|"
                                r"moving less|stopped) moving|(?:fewer|less|reduced|no) (?:baby )?(?:movements|kicks))\b",
          ("pregnan",)),
    _rule(K.CIRCULATION, U, r"\b(?:blood pressure|bp)\b[^.!?\n]{0,30}?\b(?:(?:1[89]\d|2\d\d)\s*(?:/|over)\s*\d{2,3}|"
                            r"\d{2,3}\s*(?:/|over)\s*(?:1[2-9]\d)|(?:of|is|was|at|reading|read|hit|reached) (?:\w+ )?2\d\d)\b"
                            r"(?! ?(?:mg|kg|lbs?|days?|years?))",
          ("blood pressure", "bp")),
    _rule(K.HEART_SIGNS, U, r"\b(?:heart ?rate|pulse|heart (?:is |was |has been )?(?:racing|pounding|beating|going))\b"
                            r"[^.!?]{0,15}\b(?:1[5-9]\d|2[0-4]\d)\b(?! ?(?:years?|yrs?|mins?|minutes|days?|seconds?|%|mg|kg))"
                            r"(?![^.!?]{0,30}\b(?:back (?:down )?to|settled|came down|sprints?|exercise|workout|running|"
                            r"a run|cycling|the gym|training|hiit|intervals))|"
                            r"\bpulse (?:is |was |of |at |down to |has dropped to )?(?:2\d|3\d)\b(?! ?(?:years?|mins?|minutes|"
                            r"seconds?|%))", ("heart", "pulse")),
    _rule(K.HEAD_INJURY, U, r"\b(?:hit|bumped|banged|smacked|knocked|whacked|cracked) (?:my|his|her|their) head\b",
          ("head",), _URGENT | {Exemption.MINOR_BUMP},
          post_requires=re.compile(r"\b(vomit\w*|threw up|been sick|confus\w*|drows\w*|sleepy|hard to wake|blurr\w*|worse|"
                                   r"blood thinners?|warfarin|eliquis|apixaban|rivaroxaban|xarelto|knocked out|passed out|"
                                   r"seizure|slurr\w*|clear fluid)\b", re.IGNORECASE)),
    _rule(K.CONFUSION, U, r"\b(?:suddenly|sudden(?:ly)? (?:very|really|super)|out of nowhere) (?:very |really |super )?"
                          r"(?:confused|disoriented|muddled|not making sense)\b|\b(?:doesn'?t|does not|didn'?t) (?:know|"
                          r"recogni[sz]e) (?:who (?:i am|we are)|where (?:he|she) is)\b[^.!?]{0,40}\b(?:sudden\w*|today|"
                          r"since|this morning|yesterday)", ("confused", "disoriented", "muddled", "sense", "know", "recogni")),
    _rule(K.DIABETIC_EMERGENCY, E, r"\b(?:fruity|pear drops?|nail polish)\b[^.!?]{0,20}\bbreath|\bbreath\b[^.!?]{0,20}\b"
                                   r"(?:fruity|pear drops?|nail polish)|\b(?:meter|glucometer|sugars?|glucose)\b[^.!?]{0,20}"
                                   r"\b(?:says|reads|shows|showing) (?:hi|high|hi\.)\b|\bketones? (?:are |is )?(?:high|large)",
          ("fruity", "pear", "nail polish", "meter", "sugar", "glucose", "keton")),
    _rule(K.BREATHING, E, r"\b(?:can'?t|cannot|unable to) swallow (?:even )?(?:my )?(?:own )?(?:saliva|spit|water)\b|"
                          r"\b(?:stuck|lodged) in (?:my|his|her|their) throat\b", ("swallow", "stuck", "lodged")),
    _rule(K.ANAPHYLAXIS, E, r"\blips? (?:are |is |look |went |have gone |gone )?(?:huge|massive|enormous|puffed up|double)\b|"
                            r"\b(?:hard|difficult|trouble|struggling|can'?t) (?:to )?swallow\w*\b[^.!?]{0,60}\b(?:sting|allerg\w*|"
                            r"hives|swell\w*)|\b(?:sting|allerg\w*|hives|swell\w*)\b[^.!?]{0,60}\b(?:hard|difficult|trouble|"
                            r"struggling) (?:to )?swallow", ("lip", "swallow")),
    _rule(K.ALLERGIC_REACTION, U, r"\bstung?\b[^.!?]{0,80}\b(?:itch\w* all over|whole body|face (?:is )?swell\w*|hives)",
          ("sting", "stung")),
    _rule(K.CHEST_PAIN, U, r"\bpains? in the (?:left|right|middle|centre|center) (?:side )?of (?:my|his|her|the) chest\b|"
                           r"\b(?:tight\w*|pressure|pain|heav\w*|ache)\b[^.!?]{0,40}\bchest\b[^.!?]{0,40}\bwhen (?:i|he|she) "
                           r"(?:walk|climb|exert|exercise|go up|run)", ("chest",)),
    _rule(K.SUICIDAL_THOUGHTS, U, r"\b(?:has|have|had|having|get|gets|getting) (?:had )?(?:bad|dark) thoughts\b"
                                  r"(?! about (?:the|my|his|her|this|that) (?:exam|thesis|paper|job|work|future|grades?))",
          ("thoughts",), _THOUGHTS),
    _rule(K.SUICIDAL_THOUGHTS, U, r"\b((?:rather|better) (?:be )?dead|wish(?:es|ed)? (?:i|she|he|they) (?:was|were) dead|"
                                  r"(?:thoughts?|thinking) (?:about|of) (?:wanting to die|dying|not (?:wanting to be|being) "
                                  r"alive|not waking up|jumping)|(?:not|don'?t|didn'?t) want(?:ing)? to be alive|"
                                  r"life (?:isn'?t|is not|wasn'?t) worth (?:it|living)|(?:would be|'?d be) (?:easier|better) if "
                                  r"i (?:just )?(?:didn'?t|did not|never) wake up|dying (?:wouldn'?t|would not) be (?:so|that) bad|"
                                  r"rather not exist|(?:do|be) better without me|not want(?:ing)? to exist|"
                                  r"wants to die|keeps? saying (?:she|he|they) wants? to die|no point in (?:anything|living|"
                                  r"going on)|better off if i (?:just )?(?:didn'?t|did not|never) wake up|(?:wish(?:es)?|hope) "
                                  r"(?:i|he|she|they) (?:wouldn'?t|won'?t|didn'?t|don'?t|never) wake up|(?:don'?t|doesn'?t) "
                                  r"(?:really )?care if (?:i|he|she) wakes? up|(?:easier|better) if i (?:just )?(?:didn'?t|did "
                                  r"not) exist|rather not be alive|"
                                  # The usual screening items (C-SSRS, PHQ-9 item 9, the warning signs crisis lines
                                  # list): a burden to others, no point in living, sleep and not wake.
                                  r"(?:what'?s|what is|(?:don'?t|do not|can'?t|cannot) see) (?:the |any )?point (?:of|in) "
                                  r"(?:living|being alive|going on|carrying on|staying alive)\b(?! with\b| a\b| the\b| this\b| my\b)|"
                                  r"(?:i'?m|i am) (?:so |just )?done with (?:life|living|being alive)|"
                                  r"(?:wouldn'?t|would not) mind if i (?:just |simply )?(?:didn'?t (?:wake|woke)|did not (?:wake|woke)|never (?:wake|woke)) up|"
                                  r"(?:wish|want|hope)\w* (?:(?:i|he|she|they) could |to )?(?:just )?(?:go to sleep|fall asleep|sleep) and "
                                  r"(?:not|never) wake(?: up)?|too (?:scared|afraid|frightened|chicken|much of a coward) to "
                                  r"(?:die|kill myself|end it|go through with it)|(?:think|thinking|thought)\w* (?:about|of) not (?:being here|being "
                                  r"around|existing|being alive)|(?<!item about )(?<!question about )(?<!asking about )(?<!asked about )"
                                  r"(?:thoughts?|urges?) (?:of|about|to) (?:self[- ]harm\w*|hurt\w* "
                                  r"myself|cut\w* myself|cutting)|fantasi[sz]\w* about (?:dying|death|being dead|not existing|"
                                  r"killing myself|ending it)|(?:sick and )?tired of (?:being alive|living|existing)\b(?! with| in| "
                                  r"at| on| like| out| off| paycheck| from))\b",
          ("dead", "thoughts", "thinking", "alive", "worth", "wake up", "dying", "exist", "without me", "die",
           "no point", "wakes up", "point", "done with", "wake", "woke", "too", "not being", "not existing", "urge",
           "fantasi", "tired of"), _THOUGHTS),
    # Being a burden is said as a counterfactual ("if I was gone"), so the hypothetical check does not excuse it.
    _rule(K.SUICIDAL_THOUGHTS, U, rf"\b(?:(?:no ?one|nobody|noone) (?:would|will|'?d) (?:even )?(?:miss|notice|care)\w* "
                                  rf"(?:about )?(?:me )?{_GONE}|(?:would|'?d) (?:all )?be (?:so much |much )?(?:happier|better off|easier) "
                                  rf"{_GONE})\b(?! (?:to|for|on|out|away|back|home|at|in|next|this|after|from)\b)",
          ("miss", "notice", "care", "happier", "better off", "easier"), _SELF_HARM | {Exemption.TOPIC}),
    _rule(K.SELF_HARM, E, r"\b(?:i|i'?ve|been) (?:cut|cutting|self[- ]harm\w*|hurt(?:ing)? myself) again\b|\brelapsed "
                          r"(?:into|with) self[- ]harm|\bcutting again\b", ("again", "relapsed"), _SELF_HARM),
    _rule(K.SEPSIS_SIGNS, E, r"\b(?:blotchy|mottled|cold and clammy|clammy and cold)\b|\bskin\b[^.!?]{0,20}\b(?:blotchy|mottled)\b",
          ("blotchy", "mottled", "clammy"),
          post_requires=re.compile(r"\b(fever\w*|temperature|temp|shaking|shivering|rigors|confus\w*|infection|uti)\b",
                                   re.IGNORECASE)),
    _rule(K.PERSISTENT_FEVER, U, r"\b(?:fever|temp\w*)\b[^.!?]{0,50}\b(?:3[89](?:\.\d)?|40(?:\.\d)?|10[2-5](?:\.\d)?)"
                                 r"[^.!?]{0,60}\b(?:\d|three|four|five|six|several) (?:days|nights)\b|\b(?:\d|three|four|five|six) "
                                 r"days\b[^.!?]{0,40}\b(?:fever|temp\w*)\b[^.!?]{0,30}\b(?:3[89]|40|10[2-5])|\b(?:day|days) "
                                 r"(?:\d|three|four|five) of (?:a )?(?:3[89]|40)|\bfever\b[^.!?]{0,30}\b(?:won'?t|will not|doesn'?t) "
                                 r"(?:break|come down|go down|shift)\b|\b(?:3[89](?:\.\d)?|40)\b[^.!?]{0,40}\bfor (?:\d|three|four|"
                                 r"five) days\b", ("fever", "temp", "days", "day")),
    _rule(K.WOUND, U, r"\b(?:cut|gash|wound|laceration|slash)\w*\b[^.!?]{0,80}\b(gap(?:es|ing)|won'?t close|hasn'?t closed|has "
                      r"not closed|(?:need|needs|require|requires) stitches|might need stitches)\b|\bgaping\b",
          ("gap", "close", "stitches")),
    # standard "same day" signs from the first measurement on real posts (sample A), written from the usual
    # triage lists rather than from the posts' wording
    _rule(K.SEVERE_PAIN, U, r"\bworst (?:pain|headache|cramps?) (?:of|in) (?:my|his|her) (?:whole )?life\b|\bworst pain "
                            r"(?:i'?ve|i have|he'?s|she'?s|he has|she has) ever (?:had|felt)\b", ("worst",)),
    _rule(K.SEVERE_PAIN, U, r"\b(?:can'?t|cannot|cant) move at all\b", ("move",),
          post_requires=re.compile(r"\b(agony|excruciating|pain\w*|hurts?|hurting)\b", re.IGNORECASE)),
    # a stroke warning that has passed (a TIA) still needs a doctor today
    _rule(K.STROKE, U, r"\b(?:(?:speech|talking|words|face)\b[^.!?]{0,30}\b(?:went|go|goes|gone|was|were|felt|turned) "
                       r"(?:all |really |completely )?(?:funny|weird|numb|weak|slurred|jumbled|strange|droopy)|"
                       r"(?:arm|hand|leg)\b[^.!?]{0,30}\b(?:went|go|goes|gone|was|were|felt|turned) (?:all |really |"
                       r"completely )?(?:weak|heavy|droopy|floppy|useless))\b[^.!?]{0,30}\bfor (?:about |around |like |"
                       r"maybe )?(?:\d+|a few|a couple of|ten|five|twenty|fifteen|thirty) ?(?:min|mins|minutes)\b|\b(?:a |an |had a |having a |think (?:i|he|she) "
                       r"had a )(?:tia|mini[- ]stroke)\b[^.!?]{0,40}\b(?:today|earlier|this morning|last night|just|"
                       r"an hour ago|yesterday)\b", ("speech", "talking", "words", "arm", "hand", "leg", "face", "tia",
                                                   "mini")),
    _rule(K.POISONING, E, r"\b(?:bitten by an? (?:snake|adder|viper|rattlesnake)|(?:snake|adder|viper|rattlesnake) ?bit(?:e|me|"
                          r"him|her|my))\b", ("snake", "adder", "viper", "rattlesnake")),
    _rule(K.SEPSIS_SIGNS, E, r"\b(?:think|worried|scared|afraid|could it be|might be|might have|may have|could have)\b"
                             r"[^.!?]{0,20}\bsepsis\b", ("sepsis",)),
    _rule(K.SEVERE_PAIN, U, r"\b(?:stomach|belly|abdomen|tummy)\b[^.!?]{0,10}\b(?:is|feels|went|gone|has gone) (?:all |really |"
                            r"completely )?(?:rigid|hard as a board|board[- ]like|rock hard)\b", ("rigid", "board", "rock")),
    _rule(K.HEARING_LOSS, U, r"\b(?:woke up|suddenly|sudden(?:ly)? gone|overnight)\b[^.!?]{0,20}\b(?:deaf|lost (?:the |my |all )?"
                             r"hearing|can'?t hear)\b[^.!?]{0,20}\b(?:in|out of|on) (?:one|my|the) (?:left |right )?(?:ear|side)\b",
          ("deaf", "hearing", "hear")),
    _rule(K.PROLONGED_ERECTION, U, r"\berection\b[^.!?]{0,40}\b(?:won'?t|will not|doesn'?t|hasn'?t) (?:go(?:ne)? (?:down|away)|"
                                   r"subside)|\berection\b[^.!?]{0,30}\b(?:for|over|lasting|lasted) (?:\d|four|five|six|"
                                   r"several) (?:hours|hrs)\b|\b(?:been |is |still |stayed )?(?:erect|hard)\b[^.!?]{0,15}\b(?:for|over) "
                                   r"(?:[4-9]|\d{2}|four|five|six|seven|eight|several) (?:hours|hrs)\b", ("erection", "erect", "hard")),
    _rule(K.DIABETIC_EMERGENCY, U, r"\b(?:blood sugars?|blood glucose|glucose|sugars?|bg|bm|bs)\b(?: (?:reading|level|levels))?"
                                   r"(?: (?:is|was|are|were|of|at|reads|read|hit|showing|says))?(?: (?:over|above))? ?"
                                   r"(?:[4-6]\d\d|hi|high reading|(?:2[5-9]|3\d)(?:\.\d)?(?= ?mmol)|[12](?:\.\d)(?! ?%)|"
                                   r"(?:2\d|3\d|4\d)(?= ?mg)|(?:2\d|3\d)(?:\.\d)?(?! ?(?:%|g\b|grams?|mg|mmol|units?|teaspoons?|tsp|spoons?|cubes?|"
                                   r"years?|yrs?|weeks?|days?|hours?|hrs?|mins?|minutes|times|kg|lbs?|pounds)))\b(?! ?%)",
          ("sugar", "glucose", "bg", "bm", "bs")),
    _rule(K.POISONING, E, r"\b(?:carbon monoxide|co (?:alarm|detector)|co2? alarm)\b[^.!?]{0,80}\b(?:dizz\w*|headaches?|"
                          r"sick|nause\w*|vomit\w*|drowsy|confus\w*|faint\w*)\b|\b(?:dizz\w*|headaches?|nause\w*|drowsy)\b"
                          r"[^.!?]{0,60}\b(?:carbon monoxide|co (?:alarm|detector))\b(?! (?:test|check|fitted|installed))",
          ("carbon monoxide", "co alarm", "co detector", "co2 alarm")),
    _rule(K.HIGH_FEVER, U, r"\b(?:temp\w*|fever)\b(?: (?:is|was|of|at|reading|has been|hit|reached|spiked to|up to))? "
                           r"(?:about |around |over |nearly )?(?:40(?:\.\d)?|41(?:\.\d)?|104(?:\.\d)?|105(?:\.\d)?)\b"
                           r"(?: ?(?:°|degrees|c\b|f\b))?(?! ?(?:years?|mins?|minutes|seconds|%|mg|kg|days?))"
                           r"(?![^.!?]{0,25}\b(?:outside|out there|in the shade|weather|forecast|heatwave|in here|in the "
                           r"car|oven|water|pool|bath|sauna|room)\b)",
          ("temp", "fever")),
    _rule(K.BLEEDING, U, r"\b(?:diarrh\w+|diarrhoea|the runs)\b[^.!?]{0,15}\b(?:with|and|full of) (?:\w+ )?blood\b|"
                         r"\bbloody (?:diarrh\w+|diarrhoea|stools?|poo|poop)\b", ("diarrh", "bloody", "runs")),
    _rule(K.WOUND, U, r"\b(?:stitches|sutures|staples|wound|incision|scar)\b[^.!?]{0,20}\b(?:have |has )?(?:come|came|burst|"
                      r"split|popped|pulled|torn|ripped) (?:open|apart|out)\b", ("open", "apart", "out")),
    # After a fall or a blow, legs or arms that cannot be felt or moved: a possible spinal injury (do not move them).
    _rule(K.SPINAL_SIGNS, E, r"\b(?:can'?t|cannot|can not|couldn'?t|unable to) (?:feel|move) (?:my|his|her|their) (?:legs|"
                             r"arms|feet|lower body|body from)\b",
          ("feel", "move"), post_requires=re.compile(r"\b(?:fall|fell|fallen|falling|accident|crash\w*|landed|dived|dove|"
                                                     r"thrown|hit by|came off|knocked off)\b", re.IGNORECASE)),
    _rule(K.WOUND, E, r"\b(?:(?:i'?ve|i have|he'?s|she'?s|has|have|just|got|was just) (?:been |got |just been )?"
                      r"(?:stabbed|shot)(?! (?:a|the|at|some|down|up|by a (?:camera|photographer))\b))",
          ("stabbed", "shot")),
    # Injuries that need a hospital today whatever the person feels: a high-energy blow, a fall from a height,
    # something driven through the body, a crush.
    _rule(K.INJURY_PAIN, U, r"\b(?:(?:was|got|been|just|were|has been|have been) (?:hit|knocked (?:over|down)|run over) by (?:a|the) "
                            r"(?:car|van|bus|lorry|truck|motorbike|motorcycle|train|cyclist)|(?:fell|fallen|falling|came) "
                            r"(?:off|from|down from) (?:a|the|his|her|my|our) (?:roof|ladder|balcony|scaffold\w*|tree|horse|"
                            r"bunk bed|first floor|second floor|window|cliff)|(?:nail|screw|knife|blade|glass|stick|rod|"
                            r"spike|metal|pole) (?:went |is |has gone |stuck )?(?:right )?(?:through|into|in) (?:my|his|her|"
                            r"their) (?:foot|hand|leg|arm|thigh|eye|chest|belly|stomach|back|head|neck|palm)|(?:hand|arm|"
                            r"leg|foot|finger|fingers) (?:got |was |were |has been |been )?(?:crushed|trapped|caught) "
                            r"(?:in|under|by) (?:a|the) (?:machine|press|door|car|roller|conveyor|lift|gate))\b",
          ("hit", "knocked", "run over", "fell", "fallen", "falling", "came", "through", "into", "crushed", "trapped",
           "caught")),
    # Uncontrollable shivering with a fever (rigors): a possible serious infection, a doctor today.
    _rule(K.SEPSIS_SIGNS, U, r"\b(?:shiver\w*|shaking) (?:uncontrollably|violently|and can'?t stop)|uncontrollabl[ey] (?:shivering|"
                             r"shaking)|\brigors\b", ("shiver", "shaking", "uncontrollab", "rigors"),
          post_requires=re.compile(r"\b(?:fever\w*|temperature|temp|hot|burning up|3[89](?:\.\d)?|10[1-5])\b", re.IGNORECASE)),
    # Waters breaking is a call to the maternity unit whatever the week.
    _rule(K.PREGNANCY_SIGNS, U, r"\b(?:my|her) waters? (?:have |has |just |might have |may have |think (?:they|it) )?(?:broke|"
                                r"broken|gone|went)\b", ("water",)),
    _rule(K.SPINAL_SIGNS, E, r"\bnumb\w*\b[^.!?]{0,30}\b(?:between (?:my|his|her|the) legs|saddle|bum and genitals|"
                             r"around (?:my|his|her) (?:bum|bottom|back passage|genitals))\b|\b(?:can'?t|cannot) feel "
                             r"(?:my|his|her) (?:legs|feet)\b[^.!?]{0,60}\b(?:wet (?:my|him|her)sel\w*|(?:lost|no) control of "
                             r"(?:my|his|her) (?:bladder|bowels?)|can'?t (?:pee|wee))\b", ("numb", "feel")),
    _rule(K.VISION_LOSS, U, r"\b(?:flashes|flashing lights?)\b[^.!?]{0,60}\b(?:floaters|black spots|shadow|curtain)\b|"
                            r"\b(?:floaters|black spots)\b[^.!?]{0,60}\b(?:flashes|shadow|curtain)\b|\bshower of (?:new )?floaters\b|"
                            r"\b(?:eye|vision|sight)\b[^.!?]{0,20}\b(?:went|goes|gone) (?:all )?(?:blurry|blurred|wavy|dim|funny)\b"
                            r"[^.!?]{0,30}\bfor (?:like |about |around |maybe )?\d+ ?(?:min|mins|minutes)\b|\bblind spot\b[^.!?]{0,60}"
                            r"\b(?:couldn'?t|can'?t|could not) (?:read|see)\b", ("flash", "floaters", "black spots", "eye", "vision",
                                                                             "sight", "blind spot")),
    _rule(K.INJURY_PAIN, U, r"\b(?:fell|fall|fallen|landed|tripped|crashed|twisted|came off)\b[^!?]{0,160}\b(?:can'?t|cannot|"
                            r"couldn'?t|could not) (?:even )?(lift|move|raise|grip|bend|bear weight|put weight)\b|\bwon'?t let "
                            r"(?:anyone|me|us) touch (?:it|his \w+|her \w+)\b",
          ("fell", "fall", "landed", "tripped", "crashed", "twisted", "came off", "touch")),
    _rule(K.SEVERE_HEADACHE, E, r"\bsudden\w*\b[^.!?]{0,30}\b(?:severe|extreme|excruciating|worst|explosive|blinding)\b"
                                r"[^.!?]{0,20}\bheadache|\bworst (?:pain|headache) (?:i have|i'?ve) ever\b|\bthunderclap\b",
          ("sudden", "worst", "thunderclap")),
    # ---- other words for the signs the labelling guidelines name (session 7) ------------------------------
    # The clinical and lay synonyms a member reaches for when "pain" and "short of breath" are not their words:
    # chest discomfort (the textbook heart-attack word), the breastbone, a hard time breathing, dyspnoea,
    # haemorrhaging. Written from the signs' vocabulary and (the rules below) from the read half of a written probe
    # set, not from any post we measure on; "restricting my breathing" was seen in real sample A, which is read.
    # Not here, because our look-alikes showed them to be mostly figures of speech or a doctor's word after the
    # event: "nearly passed out" (at a bill), "suffocating" (grief), "syncope" (a diagnosis).
    _rule(K.CHEST_PAIN, U, r"\b(?:chest|breast ?bone|sternum|thorax)\b[^.!?,;\n]{0,12}?\b(discomfort|(?:feels?|feeling|is "
                           r"feeling) (?:so |really |very |all )?(?:weird|wierd|strange|funny|odd|wrong|not right)|hurts?|"
                           r"hurting|aches?|aching|pains?|paining|constrict\w*)\b|"
                           r"\b(discomfort|pains?|pian|aches?|aching|pressure|tightness|heaviness|fullness|squeezing|"
                           r"crushing|constriction)(?: sensation| feeling)? (?:in|on|under|behind|below|across|"
                           r"around|round|in the (?:middle|centre|center) of) (?:my |his |her |the )?(?:chest|breast ?bone|"
                           r"sternum|thorax)\b|\bprecordial (?:pain|discomfort)\b",
          ("chest", "breastbone", "breast bone", "sternum", "thorax", "precordial")),
    _rule(K.BREATHING_TROUBLE, U, r"\b(?:can'?t|cannot|couldn'?t|unable to) get (?:enough|any) (?:air|oxygen)\b|\b(?:hard|"
                                  r"tough|difficult) time (?:breathing|to breathe|catching (?:my|his|her) breath)\b|"
                                  r"\bbreathing difficult(?:y|ies)\b|\bdyspn(?:o)?ea\b|\brestrict\w* (?:my|his|her) "
                                  r"breathing\b|\bbreathing (?:is |feels )?restricted\b",
          ("enough air", "any air", "oxygen", "breath", "dyspn")),
    _rule(K.BLEEDING, E, r"\b(?:i'?m|i am|(?:s?he|i|it) (?:is|was|keeps?|started|'s)) (?:still )?(?:haemorrhag|hemorrhag)ing\b",
          ("haemorrhag", "hemorrhag")),
    # oxygen saturation a pulse oximeter reads: under 93 % a doctor today, under 88 % an emergency
    _rule(K.BREATHING, E, _OXIMETER.format(reading=r"7\d|8[0-7]"), _OXIMETER_WORDS),
    _rule(K.BREATHING_TROUBLE, U, _OXIMETER.format(reading=r"8[89]|9[0-2]"), _OXIMETER_WORDS),
    # breathing in other words: gasping, breaths coming fast, an asthma pump that is not helping
    _rule(K.BREATHING_TROUBLE, U, r"\bgasp(?:ing|s)? (?:for (?:air|breath)|between (?:words|sentences))\b|\bbreath(?:s|ing)? "
                                  r"(?:is |are )?coming (?:fast|quick\w*|short|in (?:little )?(?:sips|gasps))\b|"
                                  r"\b(?:asthma pump|nebuli[sz]er|blue (?:inhaler|pump|puffer))\b[^.!?]{0,30}\b(?:isn'?t|not|"
                                  r"doesn'?t|hardly|won'?t) (?:help\w*|work\w*|doing anything)\b",
          ("gasp", "breath", "pump", "nebuli", "inhaler", "puffer")),
    # one-sided weakness, a face pulled to one side or half the vision gone, in other words
    _rule(K.STROKE, E, r"\b(?:lost|losing|no) (?:the |all )?(?:strength|power) (?:in|of) (?:my|his|her|their) "
                       r"(?:left|right) (?:arm|leg|hand|foot|side)\b|\bdragging (?:my|his|her|their) (?:left |right )?"
                       r"(?:leg|foot)\b|\bface (?:is |has )?(?:going|gone|pulled|pulling|dropped) (?:to )?one "
                       r"side\b|\b(?:can'?t|cannot) see (?:out of )?the (?:left|right) half\b",
          ("strength", "power", "dragging", "one side", "half")),
    # came round: a moment of unconsciousness, whatever word the post uses for the fall
    _rule(K.FAINTING, U, r"\b(?:then|and|before|until) (?:she|he|i|they|my \w+) (?:came|come) (?:round|around\b|to(?=\s*(?:"
                         r"[.,!?;\n]|$|and\b|on\b|after\b|a few\b)))|\bhit the deck\b",
          ("came round", "come round", "came around", "come around", "came to", "come to", "deck")),
)

del E, U, K

_CLAUSE_SPLIT = re.compile(r"(?<=[.!?;\n])\s+|\s*\n\s*|\s+(?:but|however|although)\s+", re.IGNORECASE)

#: A clause with none of the rules' trigger words skips them all (a long post has dozens of clauses).
_TRIGGER_STEMS: tuple[str, ...] = tuple(sorted({stem for rule in RULES for stem in rule.triggers}))
#: Each rule's trigger words as a set: a clause's stems are found once, then each rule is one set test (a hundred
#: rules each scanning the clause for its own words cost more than the regexes).
_RULE_STEMS: tuple[frozenset[str], ...] = tuple(frozenset(rule.triggers) for rule in RULES)


def _stems_in(folded: str, among: Iterable[str] = _TRIGGER_STEMS) -> frozenset[str]:
    """The trigger words (of ``among``) present in a case-folded clause or post."""
    return frozenset(stem for stem in among if stem in folded)

#: Words that make a post worth a moderator's look even when no rule holds and the model is unsure: the
#: cost of a silent miss on self-harm or overdose is too high (fail closed).
_WATCH = re.compile(
    r"\b(suicid\w*|kill (?:my|him|her)self|kms|unalive|end (?:it|my life|things)|self[- ]harm\w*|"
    r"cutting|want to die|overdos\w*|too many (?:pills|tablets)|(?:bottle|box) of (?:pills|tablets)|"
    r"swallowed|poison\w*|don'?t want to (?:live|be here))\b",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", text)


def _has_any(folded: str, stems: tuple[str, ...]) -> bool:
    return any(stem in folded for stem in stems)


def _excused(rule: Rule, ctx: _Context) -> bool:
    return any(EXEMPTION_CHECKS[exemption](ctx) for exemption in rule.exemptions)


def _clause_flags(clause: str, post_is_acute: bool, post_has_person: bool, post_is_retrospective: bool,
                  post: _Post, post_stems: frozenset[str],
                  post_rules: list[tuple[Rule, frozenset[str]]]) -> list[RedFlag]:
    """The flags one clause raises. ``post_stems`` and ``post_rules`` are the post's trigger words and the rules
    they can wake, found once per post: a long post has dozens of clauses, and each then checks only those."""
    hits: list[RedFlag] = []
    folded = clause.casefold()
    present = _stems_in(folded, post_stems)
    if not present:
        return hits
    for rule, stems in post_rules:
        if stems.isdisjoint(present):
            continue
        if rule.post_requires is not None and not post.affirms(rule.post_requires):
            continue
        for match in rule.pattern.finditer(clause):
            sign_start = match.start(match.lastindex) if match.lastindex else match.start()
            if _excused(rule, _Context(clause, match.start(), post_is_acute, post_has_person, post_is_retrospective,
                                       sign_start, post, match.end())):
                continue
            hits.append(RedFlag(rule.kind, rule.tier, match.group(0)))
            break
    return hits


#: Signs that turn chest pain anywhere in the post into a possible heart attack.
_CARDIAC_COMPANION = re.compile(
    r"\b(left arm|arms? (?:is |are |feels? |went |going )?(?:numb|tingl\w*|hurts?|aching)|jaw|sweat\w*|clammy|"
    r"short(?:ness)? of breath|breathless|gasping|nause\w*|throwing up|vomit\w*)\b",
    re.IGNORECASE,
)


def _has_cardiac_companion(text: str) -> bool:
    """An arm, jaw, sweating or breathlessness sign that is not denied ("not breathless")."""
    return any(not _NEGATION.search(text[max(0, m.start() - 40): m.start()])
               for m in _CARDIAC_COMPANION.finditer(text))


#: The three FAST signs of a stroke in everyday words. Two of them together, with a time that places them now,
#: are a stroke whatever words the post uses for them; a progressive nerve or muscle condition named in the post
#: (this community's own topic), a dentist's numbing or a night's drinking explains them instead.
_FAST_FACE = re.compile(
    r"\b(?:face|mouth|smile|lip|cheek)\b[^.!?\n]{0,25}\b(?:droop\w*|drop\w*|droping|fall\w*|hang\w*|sag\w*|wonky|"
    r"crooked|lopsided|uneven|won'?t move|not moving|isn'?t moving|pulled down|gone down|went down)|"
    r"\bhalf (?:of )?(?:his|her|my|their|the) (?:face|mouth)\b|\bone side of (?:his|her|my|their|the) (?:face|mouth)\b",
    re.IGNORECASE)
_FAST_ARM = re.compile(
    r"\b(?:arm|hand|leg)\b[^.!?\n]{0,25}\b(?:weak\w*|floppy|hanging|dropp\w*|dropped|droop\w*|limp|heavy|dead|"
    r"useless|clumsy|gave way|gone|won'?t (?:grip|work|move|do)|not working|no power|not have power|keeps dropping)|"
    r"\b(?:can'?t|cannot|couldn'?t|unable to) (?:lift|raise|grip|hold|move) (?:his|her|my|their|the|a|up|anything|"
    r"(?:left|right))\b|\b(?:leg|legs) (?:just )?gave way\b|\bleaning to one side\b",
    re.IGNORECASE)
_FAST_SPEECH = re.compile(
    r"\b(?:slurr\w*|slur\w*|slured|jumbled|gibberish|nonsense|garbled|dragging (?:his|her|my|their) words|"
    r"(?:can'?t|cannot|couldn'?t) (?:find|say|get out) (?:his|her|my|their|the|our) (?:words|names?)|"
    r"(?:can'?t|cannot) (?:understand|make sense of) (?:what|anything) (?:she|he|they)|words (?:are|were|came|come|"
    r"coming|r) (?:all )?(?:out )?(?:mixed|wrong|jumbled|muddled|in the wrong order|not clear)|"
    r"(?:speech|speak|talking|talkin|voice) (?:is |was )?(?:strange|off|weird|funny|odd|not clear|all wrong)|"
    r"speak strange|words (?:aren'?t|are not|not) coming out)",
    re.IGNORECASE)
#: A time that places a combination's signs now ("just", "20 minutes", "since lunch"): every combination but a late
#: pregnancy and a fast-spreading rash needs one.
_PLACED_NOW = re.compile(
    r"\b(?:just|now|rn|right now|suddenly|sudenly|out of nowhere|minutes?|mins?|an hour|one hour|half an hour|hours? ago|"
    r"since (?:one|an|half|\d+|lunch|breakfast|this)|started|tonight|this morning|this evening|after lunch|woke|"
    r"(?:last|past) (?:hour|half hour|few hours|\d+ (?:minutes|mins|hours)))\b",
    re.IGNORECASE)
_HAPPENING_NOW = re.compile(r"\b(?:right now|just now|currently|at the moment|rn|(?:minutes|an hour|mins) ago|tonight|"
                            r"this (?:morning|afternoon|evening)|since (?:one|an|half|\d+))\b", re.IGNORECASE)
_EXPLAINED_WEAKNESS = re.compile(
    r"\b(?:mnd|als|motor neu?rone?|cmt|charcot|multiple sclerosis|ms flare|myasthenia|muscular dystrophy|parkinson\w*|"
    r"cerebral palsy|bell'?s palsy|huntington\w*|since (?:his|her|my) stroke|"
    r"dentist|dental|anaesthe\w*|anesthe\w*|numbing|botox|filler|(?<!like )(?<!as if )drunk|hammered|wasted)\b",
    re.IGNORECASE)


#: A heart attack as people describe it: a pressing, squeezing or heavy feeling in the chest (in any words) with a
#: companion sign, going on now. The clause rules need the words "chest pain"; this reads the whole post.
_CARDIAC_CHEST = re.compile(
    r"\b(?:chest|breast ?bone|sternum|heart)\b[^.!?\n]{0,30}\b(?:pains?|pian|ache\w*|aching|hurt\w*|tight\w*|pressure|"
    r"pressing|squeez\w*|crush\w*|heavy|heaviness|weight|elephant|band|sitting on|stone)\b|"
    r"\b(?:pains?|pian|ache|tight\w*|pressure|pressing|squeez\w*|crush\w*|heavy|heaviness|weight|band)\b[^.!?\n]{0,30}"
    r"\b(?:in|on|across|behind|round|around|of|into) (?:my|his|her|the|their)? ?(?:chest|breast ?bone|sternum)\b",
    re.IGNORECASE)
_CARDIAC_SIGN = re.compile(
    r"\b(?:left arm|(?:arm|arms|shoulder|jaw|neck)\b[^.!?\n]{0,15}\b(?:ache\w*|aching|hurt\w*|pain\w*|numb\w*|tingl\w*|"
    r"heavy)|(?:into|to|down|up) (?:my|his|her|the|both)? ?(?:left )?(?:arms?|jaw|neck|left hand|shoulder blades?|back)|"
    r"jaw|sweat\w*|clammy|clamy|drenched|soaked|short(?:ness)? of (?:breath|breth)|breathless\w*|can'?t (?:catch|get) "
    r"(?:my|his|her) (?:breath|breth|braeth)|nause\w*|feel(?:s|ing)? sick|vomit\w*|feels? like (?:i'?m|he'?s|she'?s) "
    r"(?:dying|going to die|gonna die|gonna pass out|going to pass out))\b",
    re.IGNORECASE)
_CARDIAC_EXPLAINED = re.compile(
    r"\b(?:costochondritis|rib (?:injury|fracture)|pulled a muscle|bench press\w*|shingles|panic attacks? (?:every|again)|"
    r"diagnosed (?:with )?(?:anxiety|gerd|reflux))\b", re.IGNORECASE)



@dataclass(frozen=True)
class Combination:
    """Signs that together are an emergency wherever in the post each is said, in any order: a record, like
    :class:`Rule`, read from the whole post (each sign must be there and not denied)."""

    kind: RedFlagKind
    tier: Tier
    signs: tuple[re.Pattern[str], ...]
    label: str
    #: lower-case stems one of which the post must hold before the signs are read (a cheap shortcut, as for rules)
    triggers: tuple[str, ...] = ()
    #: words that explain the signs as everyday ("my periods", "for years")
    unless: re.Pattern[str] | None = None
    #: the signs need a time that places them now; a late pregnancy is urgent with its warning sign at any time
    needs_now: bool = True


def _any_of(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ALLERGEN = _any_of(r"\b(?:ate|eaten|eat|had|tried|taste|stung|sting|bitten|bite|wasp|bee|hornet|jellyfish|peanuts?|nuts?|cashew|egg|shellfish|prawns?|"
                    r"sesame|penicillin|amoxicillin|antibiotic|allerg\w*)\b")
_SWOLLEN_FACE_OR_HIVES = _any_of(
    r"\b(?:face|lips?|tongue|throat|eyes?|mouth|eyelids?)\b[^.!?\n]{0,25}\b(?:swell\w*|swollen|swole|puff\w*|blow\w* up|"
    r"balloon\w*|thick|tight\w*|tingl\w*)|\b(?:swell\w*|swollen|puff\w*)\b[^.!?\n]{0,15}\b(?:face|lips?|tongue|throat|"
    r"eyes?|mouth)\b|\b(?:hives|welts|blotches|blotchy)\b")
_BREATHING_OR_COLLAPSE = _any_of(
    r"\b(?:breath\w*|wheez\w*|squeak\w*|whistl\w*|hoarse|voice|throat (?:is )?(?:closing|tight\w*)|dizzy|light[- ]?headed|"
    r"floppy|faint\w*|vomit\w*|pale|collaps\w*|passed out)\b")
_CHOKED = _any_of(r"\b(?:chok\w*|stuck in (?:his|her|my|their) throat|(?:piece|bit|chunk) of \w+ (?:is )?stuck|swallowed "
                  r"(?:a|the) (?:whole )?\w+ (?:and|now))\b")
_NO_AIR_SIGNS = _any_of(r"\b(?:(?:not|isn'?t|no) making (?:any )?(?:noise|sound)|no (?:noise|sound)|silent|can'?t (?:cough|"
                        r"breathe|cry|speak|talk)|clutching (?:his|her|their|my) throat|claw\w* at|(?:went|going|turning|"
                        r"turned|gone) (?:red then )?blue)\b")
_RELIEVER_FAILING = _any_of(r"\b(?:inhaler|reliever|ventolin|salbutamol|albuterol|nebuli[sz]er)\b[^.!?\n]{0,40}\b(?:isn'?t|not|"
                            r"hasn'?t|doesn'?t|didn'?t|won'?t) (?:doing anything|helping|working|touch\w*|help\w*|work\w*)|"
                            r"\b(?:\d{1,2}|ten|eight|several|lots of|loads of) puffs\b")
_CANT_SPEAK_FOR_BREATH = _any_of(r"\b(?:can'?t|cannot|can barely|barely|unable to) (?:say|finish|speak|talk|get)"
                                 r"(?: a| my| full| whole)? ?(?:sentences?|words?|out)?\b|\b(?:lips|face) (?:are |is |going |gone "
                                 r"|turning )?(?:blue|grey|gray)\b|\bribs? (?:are )?sucking in\b|\bsucking in under\b")

_BLOOD = _any_of(r"\b(?:blood(?! pressure| sugar| tests?| work| results?| levels?| donation| type| glucose| count)|bleed\w*|pump\w*|spurt\w*|puls\w* out|gush\w*|pour\w*|pissing)\b")
_NOT_STOPPING = _any_of(
    r"\b(?:(?:won'?t|will not|wont|not|doesn'?t|isn'?t|hasn'?t) stop\w*|soak\w* (?:through|thru|right through)|through "
    r"(?:\d|two|three|four|every) (?:towels?|dressings?|tea ?towels?)|(?:\d+|ten|fifteen|twenty|thirty) ?(?:min|mins|minutes) "
    r"(?:of )?(?:pressure|pressing)|(?:pressure|pressing|pressed|holding) (?:on|a|the|it|with|down|firmly|hard)\b"
    r"[^.!?\n]{0,40}\b(?:\d+|ten|fifteen|twenty|thirty) "
    r"?(?:min|mins|minutes)|(?:every|a pad (?:every|an?)) (?:\d+|twenty|fifteen|ten) ?(?:min|mins|minutes)|big clots)\b")
_EVERYDAY_BLEEDING = _any_of(r"\b(?:periods?|menstrua\w*|every month|each month|for (?:years|months)|nosebleeds? (?:every|"
                             r"again)|when i floss|paper ?cut|tiny|small cut|nick\w*|shaving|scratch\w*|lol)\b")

_LATE_PREGNANCY = _any_of(r"\b(?:(?:[2-4]\d) ?(?:weeks?|wks?)(?: and \d+ days?)?(?: pregnant|\b(?=[^.!?\n]{0,40}\bpregnan))|"
                          r"(?:third|3rd) trimester|pregnant (?:with|at) (?:[2-4]\d) ?(?:weeks?|wks?))")
_PREGNANCY_WARNING = _any_of(
    r"\b(?:(?<!mild )(?<!slight )(?<!little )(?<!usual )(?<!normal )(?<!tension )(?<!for a )(?<!for )(?:bad |severe |"
    r"strange |terrible |pounding )?headaches?(?! (?:tablets?|pills?|relief|remed\w*))|blurr\w*|vision|seeing (?:spots|stars)|flashing lights|"
    r"(?:face|hands|feet) (?:\w+ )?(?:swell\w*|swollen|puff\w*)|swollen (?:face|hands)|bleeding|leaking (?:\w+ ){0,3}(?:fluid|water)(?! from (?:my|her) (?:breasts?|nipples?))|waters? "
    r"(?:have |has )?(?:broke|broken|gone)|(?:not|stopped|less) moving|(?:fewer|less|reduced|no) (?:baby )?(?:movements|"
    r"kicks)|weakness|pain (?:under|below) (?:my |the )?ribs)\b")
_STING_OR_FOOD = _any_of(r"\b(?:stung|sting|bee|wasp|hornet|bitten|ate|eaten|peanuts?|nuts?|shellfish|prawns?|"
                         r"allerg\w*|penicillin|antibiotic)\b")
_AIRWAY_SWELLING = _any_of(r"\b(?:mouth|tongue|throat|lips?)\b(?:(?!\bno\b|\bnot\b|n'?t\b|\bwithout\b)[^.!?\n]){0,20}"
                           r"\b(?:swell\w*|swollen|swole|puff\w*|"
                           r"closing)\b")
_FLUID_LOSS = _any_of(r"\b(?:diarrh\w*|diarrh?oea|the runs|vomit\w*|being sick|been sick|throwing up|threw up|can'?t keep "
                      r"(?:anything|water|fluids) down)\b")
_DRY_SIGNS = _any_of(r"\b(?:dizzy|light[- ]?headed|faint\w*|(?:haven'?t|not|hasn'?t) (?:peed|weed|urinated|had a wee)|"
                     r"(?:very |really )?dark (?:pee|wee|urine)|no (?:wet )?nappies|sunken eyes|dry mouth and)\b")
_RASH = _any_of(r"\b(?:rash|hives|red (?:patch|area|blotch)\w*|redness|blotch\w*)\b")
_SPREADING_FAST = _any_of(r"\bspread\w*\b[^.!?\n]{0,30}\b(?:rapidly|fast|quickly|by the (?:hour|minute))\b|\b(?:rapidly|"
                          r"fast|quickly) spread\w*\b")

#: Blood being lost now, and the faintness or pallor of losing too much of it.
_LOSING_BLOOD = _any_of(r"\b(?:bleed(?:ing|s)?|haemorrhag\w*|hemorrhag\w*|(?:lost|losing|passing|coughing|vomiting|"
                        r"throwing up|peeing|pooing) (?:up )?(?:a lot of |so much |lots of |loads of |some )?blood|blood "
                        r"(?:is |was )?(?:everywhere|pouring|coming out|gushing|dripping)|blood (?:clots|in (?:my|his|her|the) "
                        r"(?:stool|poo|urine|pee|wee|vomit|sick))|(?:toilet|bowl)(?: water)? (?:is |was )?(?:\w+ )?red)\b")
_BLOOD_LOSS_SIGNS = _any_of(r"\b(?:dizzy|dizziness|woozy|light[- ]?headed|faint\w*|(?:gone|went|going|turned|looks?|looking|"
                            r"very|really|so) (?:pale|white|grey|gray)|clammy)\b")
#: Swelling of the face, lips, eyes or throat after something taken, eaten or put on the skin: an allergic reaction.
_EXPOSURE = _any_of(r"\bafter (?:eating|i ate|he ate|she ate|(?:the|my|his|her|a|some) (?:\w+ )?(?:dye|jab|vaccine|"
                    r"injection|tablet|pill|antibiotic|meal|dinner|lunch|sting|bite|cream)|(?:taking|starting|using) )|"
                    r"\b(?:hair dye|since (?:dinner|lunch|eating))\b")
_SWOLLEN_FACE = _any_of(r"\b(?:face|lips?|tongue|throat|eyes?|eyelids?|uvula)\b[^.!?\n]{0,20}\b(?:swell\w*|swollen|puff\w*|"
                        r"blow\w* up|balloon\w*)|\b(?:eyes?|eyelids?) (?:are |is )?swollen shut\b|\bpuffed up\b")

#: Too many or too much of a medicine, or a double dose.
_TOO_MUCH_MEDICINE = _any_of(
    r"\b(?:took|taken|ate|eaten|had|swallowed|necked|downed|popped|injected|given (?:him|her|my \w+))\b[^.!?\n]{0,15}\b"
    r"(?:way )?(?:too (?:many|much)|a (?:load|bunch|handful|lot) of|double|twice the|triple)\b[^.!?\n]{0,25}\b(?:pills?|"
    r"tablets?|capsules?|meds|medications?|medicines?|insulin|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|"
    r"codeine|tramadol|xanax|valium|diazepam|gummies|edibles|antidepressants?|sleeping|dose|doses)\b|\b(?:overdone|"
    r"overdid|double[- ]dos\w*|triple[- ]dos\w*)\b[^.!?\n]{0,25}\b(?:pills?|tablets?|meds|insulin|paracetamol|ibuprofen|"
    r"codeine|tramadol|medication|medicine|dose)\b")
#: What the extra dose is doing, or the member asking what to do about it.
_FEELING_IT_OR_ASKING = _any_of(
    r"\b(?:dizzy|drowsy|woozy|shaky|shaking|sweaty|confused|sick|vomit\w*|throwing up|nause\w*|racing|pounding|"
    r"heart (?:is |'s )?(?:going|beating|thumping)|"
    r"can'?t (?:stay awake|keep (?:my|his|her) eyes open)|sleepy|itchy|(?:feel|feels|feeling) (?:\w+ )?(?:weird|strange|"
    r"awful|funny|bad|off|terrible|like)|scared|what (?:should|do|can) (?:i|we)|(?:is|was) (?:it|that|this) (?:bad|"
    r"dangerous|ok|okay|safe)|should (?:i|we))\b")

_FACE_WORDS = ("face", "mouth", "smile", "lip", "cheek")
_ARM_WORDS = ("arm", "hand", "leg", "leaning", "lift", "raise", "grip", "hold", "move")

COMBINATIONS: tuple[Combination, ...] = (
    # two of the three FAST signs of a stroke, in any words
    Combination(RedFlagKind.STROKE, Tier.EMERGENCY, (_FAST_FACE, _FAST_ARM), "face and arm (FAST)",
                triggers=_FACE_WORDS, unless=_EXPLAINED_WEAKNESS),
    Combination(RedFlagKind.STROKE, Tier.EMERGENCY, (_FAST_FACE, _FAST_SPEECH), "face and speech (FAST)",
                triggers=_FACE_WORDS, unless=_EXPLAINED_WEAKNESS),
    Combination(RedFlagKind.STROKE, Tier.EMERGENCY, (_FAST_ARM, _FAST_SPEECH), "arm and speech (FAST)",
                triggers=_ARM_WORDS, unless=_EXPLAINED_WEAKNESS),
    # a heart attack as people describe it
    Combination(RedFlagKind.HEART_ATTACK, Tier.EMERGENCY, (_CARDIAC_CHEST, _CARDIAC_SIGN),
                "chest pressure with a companion sign", triggers=("chest", "breast", "sternum", "heart"),
                unless=_CARDIAC_EXPLAINED),
    # a severe allergic reaction: an exposure, swelling or hives, and breathing, voice or circulation affected
    Combination(RedFlagKind.ANAPHYLAXIS, Tier.EMERGENCY, (_ALLERGEN, _SWOLLEN_FACE_OR_HIVES, _BREATHING_OR_COLLAPSE),
                "exposure, swelling or hives, breathing or faintness",
                triggers=("swell", "swollen", "swole", "puff", "blow", "balloon", "thick", "tight", "tingl", "hives",
                          "welts", "blotch")),
    # bleeding that pressure is not stopping
    Combination(RedFlagKind.BLEEDING, Tier.EMERGENCY, (_BLOOD, _NOT_STOPPING), "bleeding that pressure is not stopping",
                triggers=("stop", "soak", "through", "min", "clots"), unless=_EVERYDAY_BLEEDING),
    # a late pregnancy with a warning sign of pre-eclampsia, bleeding, waters or fewer movements: the midwife today
    Combination(RedFlagKind.PREGNANCY_SIGNS, Tier.URGENT_CARE, (_LATE_PREGNANCY, _PREGNANCY_WARNING),
                "late pregnancy with a warning sign", triggers=("pregnan", "trimester"), needs_now=False),
    # a swelling mouth, tongue or throat after a sting or a food: the airway (a dentist's work explains it)
    Combination(RedFlagKind.ANAPHYLAXIS, Tier.EMERGENCY, (_STING_OR_FOOD, _AIRWAY_SWELLING),
                "mouth or throat swelling after an exposure", triggers=("swell", "swollen", "swole", "puff", "closing"),
                needs_now=False,
                unless=_any_of(r"\b(?:dentist|dental|filling|extraction|wisdom tooth|tooth|teeth|ulcer|cold sore)\b")),
    # days of vomiting or diarrhoea with dizziness or no urine: dehydration, a doctor today
    Combination(RedFlagKind.DEHYDRATION, Tier.URGENT_CARE, (_FLUID_LOSS, _DRY_SIGNS), "fluid loss with signs of dehydration",
                triggers=("diarrh", "runs", "vomit", "sick", "throw", "threw", "keep"), needs_now=False,
                unless=_any_of(r"\b(?:ibs|crohn'?s|colitis|for (?:years|months)|every (?:morning|day)|morning sickness|"
                               r"hangover|motion sick\w*|car ?sick|sea ?sick)\b")),
    # a rash that is spreading fast
    Combination(RedFlagKind.SPREADING_INFECTION, Tier.URGENT_CARE, (_RASH, _SPREADING_FAST), "a rash spreading fast",
                triggers=("spread",), needs_now=False),
    # choking with no air getting through
    Combination(RedFlagKind.BREATHING, Tier.EMERGENCY, (_CHOKED, _NO_AIR_SIGNS), "choking with no air moving",
                triggers=("chok", "stuck", "swallowed")),
    # bleeding now with faintness or pallor: too much blood lost (a known anaemia or a period explains it)
    Combination(RedFlagKind.BLEEDING, Tier.EMERGENCY, (_LOSING_BLOOD, _BLOOD_LOSS_SIGNS), "bleeding with faintness",
                triggers=("blood", "bleed", "haemorrhag", "hemorrhag", "toilet", "bowl"),
                unless=_any_of(r"\b(?:an(?:a)?emi\w*|periods?|menstrua\w*|every month|for (?:years|months)|giving blood|donat\w*|"
                               r"blood (?:test|draw)|needles?|squeamish|sight of blood|see blood)\b")),
    # the face, lips, eyes or throat swelling after something eaten, taken or put on: a doctor today at least
    Combination(RedFlagKind.ALLERGIC_REACTION, Tier.URGENT_CARE, (_EXPOSURE, _SWOLLEN_FACE), "swelling after an exposure",
                triggers=("swell", "swollen", "puff", "blow", "balloon"),
                unless=_any_of(r"\b(?:dentist|dental|filling|extraction|wisdom tooth|tooth|teeth|crying|cried|salty|"
                               r"hangover|sleep)\b")),
    # too much of a medicine, taken now (a story of a double dose last week is not)
    Combination(RedFlagKind.POISONING, Tier.URGENT_CARE, (_FEELING_IT_OR_ASKING, _TOO_MUCH_MEDICINE),
                "too much of a medicine, felt or asked about",
                triggers=("too many", "too much", "load of", "bunch of", "handful", "lot of", "double", "twice the", "triple",
                          "overdone", "overdid"),
                unless=_any_of(r"\b(?:fine|normal|ok|okay) (?:by|since|again)\b|\bno harm\b|\bcompletely (?:fine|normal)\b")),
    # an asthma attack the reliever is not touching
    Combination(RedFlagKind.BREATHING, Tier.EMERGENCY, (_RELIEVER_FAILING, _CANT_SPEAK_FOR_BREATH),
                "reliever not working, too breathless to talk",
                triggers=("inhaler", "reliever", "ventolin", "salbutamol", "albuterol", "nebuli", "puffs")),
)


def _combinations(post: _Post) -> list[RedFlag]:
    """The combinations present now: the post places them now, frames no story or lesson, and is not a dated
    story with nothing going on."""
    candidates = [c for c in COMBINATIONS if _has_any(post.folded, c.triggers)]
    if not candidates or post.opens_with_frame or post.dated_story:
        return []
    if not post.placed_now:
        candidates = [c for c in candidates if not c.needs_now]
    found = []
    for combo in candidates:
        # a plain search first (the last sign listed is the rarest): most posts hold none of a combination's signs
        if not all(sign.search(post.text) for sign in combo.signs[::-1]):
            continue
        if combo.unless is not None and combo.unless.search(post.text):
            continue
        if all(post.affirms(s) for s in combo.signs):
            found.append(RedFlag(combo.kind, combo.tier, combo.label))
    return found


def detect_red_flags(text: str) -> list[RedFlag]:
    """Emergency signs in ``text``, at most one per kind, emergencies first. Empty when none."""
    if not text:
        return []
    text = _normalise(text[:20_000])
    post_is_acute = bool(_ACUTE.search(text))
    post_has_person = bool(_PERSON_WORDS.search(text))
    post = _Post(text)
    post_is_retrospective = post.has_past_marker and not post_is_acute and not _STILL_GOING.search(text)
    found: dict[RedFlagKind, RedFlag] = {}
    post_stems = _stems_in(post.folded)
    post_rules = [(rule, stems) for rule, stems in zip(RULES, _RULE_STEMS, strict=True) if not stems.isdisjoint(post_stems)]
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause:
            continue
        for flag in _clause_flags(clause, post_is_acute, post_has_person, post_is_retrospective, post, post_stems,
                                  post_rules):
            found.setdefault(flag.kind, flag)
    if not post_is_retrospective:
        for flag in _combinations(post):
            found.setdefault(flag.kind, flag)
    chest = found.get(RedFlagKind.CHEST_PAIN)
    if chest is not None and RedFlagKind.HEART_ATTACK not in found and _has_cardiac_companion(text):
        found[RedFlagKind.HEART_ATTACK] = RedFlag(RedFlagKind.HEART_ATTACK, Tier.EMERGENCY, chest.phrase)
    flags = list(found.values())
    flags.sort(key=lambda f: -_TIER_RANK[f.tier])
    return flags


def highest_tier(flags: list[RedFlag]) -> Tier | None:
    return max((f.tier for f in flags), key=_TIER_RANK.__getitem__, default=None)


def has_watch_words(text: str) -> bool:
    """Self-harm or overdose vocabulary, excused or not: enough to ask a moderator to look."""
    return bool(_WATCH.search(_normalise(text[:20_000])))
