"""What a question asks about (causes, symptoms, treatment ...), and which section headings answer that.

A question's type is read from its wording; a passage whose section heading matches gets a boost. This is how
"What causes muscle atrophy?" lands on the *Causes* section rather than on any paragraph that mentions causes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["QuestionType", "QUESTION_TYPES", "detect_question_types", "section_matches", "heading_types"]


@dataclass(frozen=True)
class QuestionType:
    name: str
    question: re.Pattern[str]
    section: re.Pattern[str]


def _q(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


QUESTION_TYPES: tuple[QuestionType, ...] = (
    QuestionType("causes", _q(r"\b(caus\w*|why (?:do|does|did|would|is|are)|reasons?|lead(?:s)? to|"
                              r"trigger\w*|what makes)\b"),
                 _q(r"caus|reason")),
    QuestionType("susceptibility", _q(r"\b(who (?:is|are|gets?|can get)|at risk|risk factors?|more likely|"
                                      r"susceptib\w*)\b"),
                 _q(r"who gets|risk|susceptib")),
    QuestionType("symptoms", _q(r"\b(symptoms?|signs?|feel like|look like|what happens)\b"),
                 _q(r"symptom|sign")),
    QuestionType("treatment", _q(r"\b(treat\w*|therap\w*|cure\w*|manag\w*|medicin\w*|medication\w*|drugs? for|"
                                 r"rehab\w*|exercises?|recover\w*|get better|fix|reverse\w*|rebuild\w*|regain\w*)\b"),
                 _q(r"treat|therap|management|exercise|recover|rebuild|stimulation|diet|nutrition")),
    QuestionType("diagnosis", _q(r"\b(diagnos\w*|tests?|tested|exams?|screen\w*|detect\w*|find out if)\b"),
                 _q(r"diagnos|exams?|test|screen|assess")),
    QuestionType("prevention", _q(r"\b(prevent\w*|avoid\w*|stop (?:it|from)|reduce (?:the )?risk|protect\w*)\b"),
                 _q(r"prevent|countermeasure|avoid")),
    QuestionType("outlook", _q(r"\b(outlook|prognosis|life expectancy|survival|surviv\w*|permanent|go away)\b"),
                 _q(r"outlook|prognosis|long[- ]term")),
    # consumer cues: how people ask rather than what the headings say
    QuestionType("duration", _q(r"\b(how long|how many (?:days|weeks|months|years)|how soon|how quickly|"
                                r"when will (?:it|this|i|my)\b.{0,40}\b(?:go away|get better|heal|recover|stop))"),
                 _q(r"outlook|prognosis|how long|recover|duration|expect|long[- ]term|course")),
    QuestionType("normal", _q(r"\b(is (?:it|this|that) (?:normal|common|usual|expected|ok|okay)|"
                              r"(?:normal|common|usual) (?:to|for|after|that)|\bnormal\?)"),
                 _q(r"symptom|sign|outlook|expect|what it is|overview|how common|course")),
    QuestionType("interaction", _q(r"\b(can (?:i|you|we|he|she|they) (?:take|mix|combine|have|drink|use)\b.{0,60}"
                                   r"\b(?:with|while|together|alongside|after)\b|interact\w*|together with|"
                                   r"mix(?:ing)? .{0,30}\bwith\b|safe to take)"),
                 _q(r"interact|precaution|other medic|before (?:taking|using)|special|warning|"
                    r"should i (?:know|avoid)")),
    QuestionType("inheritance", _q(r"\b(inherit\w*|hereditary|passed down|pass(?:ed)? on to|run in (?:the )?famil\w*|"
                                   r"genetic\?|is it genetic)"),
                 _q(r"inherit")),
    QuestionType("genetic_changes", _q(r"\b(genetic (?:changes?|causes?|basis)|genes?|mutations?|chromosom\w*)\b"),
                 _q(r"genetic|gene")),
    QuestionType("frequency", _q(r"\b(how (?:many|common|often|frequent|rare)|prevalence|incidence|frequency|"
                                 r"statistics)\b"),
                 _q(r"frequen|how many|how common|statistic|prevalence")),
    QuestionType("stages", _q(r"\b(stages?|grades?|phases?)\b"), _q(r"stage|grade")),
    QuestionType("complications", _q(r"\b(complications?|long[- ]term effects?|lead to other)\b"),
                 _q(r"complication")),
    QuestionType("considerations", _q(r"\b(what to do|living with|cope|coping|self[- ]care|day to day)\b"),
                 _q(r"consider|living with|coping")),
    QuestionType("doctor", _q(r"\b(see a (?:doctor|gp|physician)|when should i|go to (?:the )?(?:doctor|er|hospital)|"
                              r"worried|should i (?:be )?(?:worr\w*|concerned)|is (?:it|this|that) (?:serious|dangerous)|"
                              r"emergency)\b"),
                 _q(r"doctor|when to|emergency|warning|contact a medical|medical professional")),
    QuestionType("research", _q(r"\b(research\w*|stud(?:y|ies)|sources?|literature|papers?|project|essay|"
                                r"thesis|assignment|clinical trials?)\b"),
                 _q(r"research|sources|stud|trial|project")),
)

#: Asked when nothing more specific is: "What is X?" is answered by the overview.
DEFINITION = QuestionType("definition", _q(r"^\W*(?:what\s+(?:is|are)|what's|whats|define|meaning of|explain|"
                                           r"tell me about|info on|information (?:on|about))\b|\bmeaning\b|"
                                           r"\bwhat (?:does|do) [\w' -]{1,40}\bmean\b"),
                          _q(r"overview|what it is|definition|about"))


def detect_question_types(text: str) -> list[str]:
    found = [qt.name for qt in QUESTION_TYPES if qt.question.search(text)]
    if not found and DEFINITION.question.search(text):
        found = [DEFINITION.name]
    return found


_BY_NAME = {qt.name: qt for qt in (*QUESTION_TYPES, DEFINITION)}


@lru_cache(maxsize=16_384)  # a corpus has a few hundred distinct headings; every search asks about 50 of them
def section_matches(section: str, type_name: str) -> bool:
    qt = _BY_NAME.get(type_name)
    return bool(qt and qt.section.search(section))


#: A heading phrased as a question ("What causes X?", "How is X treated?") says what it answers the way a post asks.
_QUESTION_HEADING = re.compile(r"^\W*(?:what|how|why|who|when|where|which|is|are|can|do|does|should|will)\b|\?\s*$", re.I)


@lru_cache(maxsize=16_384)
def heading_types(heading: str) -> frozenset[str]:
    """The kinds of question a section heading answers: the types whose heading pattern it matches ("Causes",
    "Treatment"), and, for a heading phrased as a question ("What is X?", "How to diagnose X?"), the types that
    question asks. Empty for a heading that names no kind ("Answer 1", a bare topic name)."""
    found = {name for name in _BY_NAME if section_matches(heading, name)}
    if _QUESTION_HEADING.search(heading):
        found.update(detect_question_types(heading))
    return frozenset(found)
