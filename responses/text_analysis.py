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
    text = text.casefold()
    if not text.isascii():  # accents off (café → cafe); plain ASCII, most text, has none to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [stem(tok.replace("'", "")) for tok in _TOKEN.findall(text) if tok not in STOP_WORDS]


#: Words members use for the same idea as the articles' vocabulary. A query term pulls in its group, so
#: "muscle loss in space" meets "weightlessness" and "spaceflight". Kept small and general on purpose.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("space", "spaceflight", "microgravity", "weightlessness", "astronaut", "astronauts", "iss", "zero-g"),
    ("atrophy", "wasting", "shrinking", "shrink", "shrunk", "thinner", "smaller", "amyotrophy"),
    ("cast", "immobilisation", "immobilization", "immobilised", "immobilized", "brace", "splint", "boot", "sling"),
    ("bedridden", "bedbound", "bed-rest", "bedrest"),
    ("elderly", "older", "ageing", "aging", "sarcopenia", "seniors"),
    ("physio", "physiotherapy", "physiotherapist", "rehabilitation", "rehab"),
    ("nerve", "nerves", "neuropathy", "neurogenic", "denervation"),
    ("sources", "literature", "papers", "pubmed", "references", "databases", "citations"),
    ("protein", "nutrition", "diet", "malnutrition", "malnourished"),
    ("twitching", "twitch", "twitches", "fasciculations"),
    ("tens", "nmes", "stimulation", "electrical"),
)
_SYNONYMS: dict[str, set[str]] = {}
for _group in SYNONYM_GROUPS:
    _stems = {stem(w) for w in _group}
    for _s in _stems:
        _SYNONYMS.setdefault(_s, set()).update(_stems - {_s})


def analyze_query(text: str) -> list[str]:
    """Terms of a question: its own terms, then each term's synonyms once (so originals still weigh more)."""
    terms = analyze(text)
    extra: list[str] = []
    seen = set(terms)
    for term in terms:
        for synonym in sorted(_SYNONYMS.get(term, ())):
            if synonym not in seen:
                seen.add(synonym)
                extra.append(synonym)
    return terms + extra
