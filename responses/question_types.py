"""What a question asks about (causes, symptoms, treatment ...), and which section headings answer that.

A question's type is read from its wording; a passage whose section heading matches gets a boost. This is how
"What causes muscle atrophy?" lands on the *Causes* section rather than on any paragraph that mentions causes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuestionType", "QUESTION_TYPES", "detect_question_types", "section_matches"]


@dataclass(frozen=True)
class QuestionType:
    name: str
    question: re.Pattern[str]
    section: re.Pattern[str]


def _q(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


QUESTION_TYPES: tuple[QuestionType, ...] = (
    QuestionType("causes", _q(r"\b(caus\w*|why (?:do|does|did|would|is|are)|reason|lead(?:s)? to|risk factors?|"
                              r"who (?:is|are) at risk|trigger\w*)\b"),
                 _q(r"caus|risk|why|reason")),
    QuestionType("symptoms", _q(r"\b(symptoms?|signs?|feel like|look like|what happens)\b"),
                 _q(r"symptom|sign")),
    QuestionType("treatment", _q(r"\b(treat\w*|therap\w*|cure\w*|manag\w*|medicin\w*|medication\w*|drugs? for|"
                                 r"rehab\w*|exercises?|recover\w*|get better|fix|reverse\w*|rebuild\w*|regain\w*)\b"),
                 _q(r"treat|therap|management|exercise|recover|rebuild|stimulation|diet|nutrition")),
    QuestionType("diagnosis", _q(r"\b(diagnos\w*|tests?|tested|exams?|screen\w*|detect\w*|find out if)\b"),
                 _q(r"diagnos|exams?|test|screen")),
    QuestionType("prevention", _q(r"\b(prevent\w*|avoid\w*|stop (?:it|from)|reduce (?:the )?risk|protect\w*)\b"),
                 _q(r"prevent|countermeasure|avoid")),
    QuestionType("outlook", _q(r"\b(outlook|prognosis|life expectancy|survival|surviv\w*|how long|permanent|"
                               r"go away)\b"),
                 _q(r"outlook|prognosis|recovery|long[- ]term")),
    QuestionType("genetics", _q(r"\b(genetic\w*|genes?|inherit\w*|hereditary|passed down|run in (?:the )?famil)"),
                 _q(r"genetic|gene|inherit")),
    QuestionType("frequency", _q(r"\b(how (?:many|common|often|frequent)|prevalence|frequency|statistics|"
                                 r"how rare)\b"),
                 _q(r"frequen|how many|common|who gets|statistic")),
    QuestionType("doctor", _q(r"\b(see a (?:doctor|gp|physician)|when should i|go to (?:the )?(?:doctor|er|hospital)|"
                              r"worried|should i worry|emergency)\b"),
                 _q(r"doctor|when to|emergency|warning")),
    QuestionType("research", _q(r"\b(research\w*|stud(?:y|ies)|sources?|literature|papers?|project|essay|"
                                r"thesis|assignment|clinical trials?)\b"),
                 _q(r"research|sources|stud|trial|project")),
    QuestionType("definition", _q(r"^\s*(?:what\s+(?:is|are)|what's|define|meaning of|explain)\b"),
                 _q(r"what is|what are|overview|definition|about")),
)


def detect_question_types(text: str) -> list[str]:
    return [qt.name for qt in QUESTION_TYPES if qt.question.search(text)]


_BY_NAME = {qt.name: qt for qt in QUESTION_TYPES}


def section_matches(section: str, type_name: str) -> bool:
    qt = _BY_NAME.get(type_name)
    return bool(qt and qt.section.search(section))
