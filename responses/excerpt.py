"""Quoting part of a passage: whole sentences only, and always the sentence that answers.

A passage is often longer than the room a chat reply gives it. Cutting it at a fixed length can stop just
before the sentence that matters ("... should be checked by a doctor", "... can be a sign of stroke"). So an
excerpt is built from sentences: the sentence that best matches the post first, then any sentence that says
when to get help, then the answer's neighbours while they fit. Sentences keep their order; a gap between them
is shown as an ellipsis.
"""

from __future__ import annotations

import re

from responses.text_analysis import analyze_query

__all__ = ["split_sentences", "best_sentence", "excerpt", "is_care_sentence", "GAP"]

GAP = " … "
#: A sentence ends at . ! or ? followed by a space and a capital letter, digit or opening quote/bracket.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
#: Sentences that say when to get help: kept in an excerpt whenever there is room, whatever the question.
_CARE = re.compile(
    r"\b(see (?:a|your) (?:doctor|gp)|checked by a doctor|doctor|emergency|call (?:\d+|your local)|stroke|"
    r"urgent\w*|at once|straight away|immediately|warning signs?)\b", re.I)


def split_sentences(text: str) -> list[str]:
    """The passage's sentences, in order, each stripped (``"".join`` of them loses only the spaces between)."""
    parts = [p.strip() for p in _BOUNDARY.split(text.strip())]
    return [p for p in parts if p]


def is_care_sentence(sentence: str) -> bool:
    return bool(_CARE.search(sentence))


def best_sentence(text: str, query: str) -> int:
    """Index of the sentence sharing the most distinct terms with the query (the earliest on a tie; 0 when
    nothing is shared)."""
    terms = set(analyze_query(query))
    if not terms:
        return 0
    best, best_overlap = 0, 0
    for i, sentence in enumerate(split_sentences(text)):
        overlap = len(terms & set(analyze_query(sentence)))
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _join(sentences: list[str], chosen: list[int]) -> str:
    out = "" if not chosen or chosen[0] == 0 else "… "
    for n, i in enumerate(chosen):
        if n:
            out += " " if i == chosen[n - 1] + 1 else GAP
        out += sentences[i]
    if chosen and chosen[-1] != len(sentences) - 1:
        out += " …"
    return out


def _cut_words(sentence: str, limit: int) -> str:
    """The rare sentence longer than the whole budget: its start, cut at a word boundary."""
    cut = sentence[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space >= limit * 0.5:
        cut = cut[:space]
    return cut.rstrip() + "…"


def excerpt(text: str, limit: int, focus: int = 0) -> str:
    """At most ``limit`` characters of ``text`` in whole sentences, containing sentence ``focus``.

    Then, while they fit: sentences that say when to get help, and the focus sentence's neighbours (the next
    one first: an answer usually goes on rather than back).
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    sentences = split_sentences(text)
    focus = min(max(focus, 0), len(sentences) - 1) if sentences else 0
    if not sentences or len(sentences[focus]) + 4 > limit:
        return _cut_words(sentences[focus] if sentences else text, limit)
    chosen = [focus]
    care = [i for i, s in enumerate(sentences) if i != focus and is_care_sentence(s)]
    neighbours = []
    for step in range(1, len(sentences)):
        neighbours += [i for i in (focus + step, focus - step) if 0 <= i < len(sentences)]
    for i in [*care, *neighbours]:
        if i in chosen:
            continue
        trial = sorted([*chosen, i])
        if len(_join(sentences, trial)) <= limit:
            chosen = trial
    return _join(sentences, chosen)
