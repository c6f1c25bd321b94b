"""Cleaning post text before it reaches the model or the search index."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "model_text", "shape_tokens", "MAX_MODEL_CHARS"]

#: The model sees at most this much of a post: the start of a post says what it is about, and a cap keeps
#: a 100 KB paste from costing seconds of feature extraction. 1,000 characters (about 170 words) classify real
#: posts as well as 1,500 did (5-fold macro-F1 0.922 vs 0.921 on the weak-labelled set) at two thirds of the cost
#: for a long post, in time and in training memory.
MAX_MODEL_CHARS = 1000

_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
     0x2066, 0x2067, 0x2068, 0x2069, 0x00AD]
)
_DISCORD_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_URL = re.compile(r"https?://\S+")
_WHITESPACE = re.compile(r"\s+")


def clean_text(text: str, limit: int = MAX_MODEL_CHARS) -> str:
    """Normalise Unicode, drop invisible and control characters, mentions and URLs, squeeze white space."""
    text = unicodedata.normalize("NFKC", text[: limit * 2]).translate(_INVISIBLE)
    # New lines and tabs become spaces (the last step squeezes all white space to one space anyway); only a text
    # that still holds a non-printable character pays for the character-by-character pass.
    text = text.replace("\n", " ").replace("\t", " ")
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _DISCORD_MENTION.sub(" ", text)
    text = _URL.sub(" link ", text)
    return _WHITESPACE.sub(" ", text).strip()[:limit]


_WORD = re.compile(r"\w+(?:'\w+)?")
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine", "myself"})
_SOMEONE_CLOSE = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:son|daughter|husband|wife|mum|mom|mother|dad|father|baby|child|kid|kids|"
    r"partner|boyfriend|girlfriend|friend|brother|sister|grandma|grandmother|grandpa|grandfather|aunt|uncle|"
    r"patient|niece|nephew|toddler|parents?)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(r"^\W*(?:what|how|why|when|where|which|who|is|are|can|could|does|do|should|will|would)\b",
                             re.IGNORECASE)
_LENGTH_BUCKETS = ((8, "zzlenxs"), (25, "zzlens"), (80, "zzlenm"), (200, "zzlenl"))


def shape_tokens(text: str) -> list[str]:
    """Words for what a bag of words cannot see: how long the whole post is (the model reads only its first
    :data:`MAX_MODEL_CHARS`), whether it speaks of the author or of someone close, and whether it is a question.

    The default word tokenizer drops one-letter words, so "I" was invisible to the word features; these tokens
    are the same for every genre, which is why they carry over from our seed posts to real ones.
    """
    sample = text[:20_000]
    words = _WORD.findall(sample.casefold())
    n = len(words)
    tokens = [next((name for limit, name in _LENGTH_BUCKETS if n <= limit), "zzlenxl")]
    first = sum(w in _FIRST_PERSON for w in words)
    if first:
        tokens.append("zzfirstperson")
        if first >= 6:
            tokens.append("zzfirstpersonmany")
    if _SOMEONE_CLOSE.search(sample):
        tokens.append("zzsomeoneclose")
    if "?" in sample:
        tokens.append("zzquestion")
    if _QUESTION_START.search(sample):
        tokens.append("zzquestionform")
    return tokens


def model_text(text: str) -> str:
    """What the classifier reads: the cleaned start of the post plus :func:`shape_tokens` of all of it."""
    return f"{clean_text(text)} {' '.join(shape_tokens(text))}"
