"""Tokenising for retrieval: lower-case words, English stop words removed, a light suffix-stripping stemmer.

Kept dependency-free and deterministic, because the same function builds the index and reads the question.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["analyze", "stem", "STOP_WORDS"]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Words that say what kind of question it is rather than what it is about; the question-type detector reads them.
QUESTION_WORDS = {
    "what", "whats", "how", "why", "who", "when", "where", "which", "does", "do", "is", "are", "can", "could",
    "should", "would", "tell", "know", "please", "anyone", "help", "thanks", "thank", "hi", "hello", "hey",
    "question", "questions", "info", "information", "wondering", "im", "i'm", "ive", "i've", "get", "got",
}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | QUESTION_WORDS

_SUFFIXES = ("ational", "ization", "fulness", "ousness", "iveness", "ations", "ation", "ings", "ing", "ies",
             "ied", "edly", "ed", "es", "s")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stemmer: plural and verb endings off, then a final ``e`` (so cause/causes/caused meet)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in {"ies", "ied"}:
                word = base + "y"
            elif suffix == "es":
                word = base if base.endswith(("x", "z", "ch", "sh", "ss")) else base + "e"
            elif suffix == "s":
                word = word if word.endswith(("ss", "us", "is")) else base
            else:
                word = base
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def analyze(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [stem(tok.replace("'", "")) for tok in _TOKEN.findall(text) if tok not in STOP_WORDS]
