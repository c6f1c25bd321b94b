"""``clean_text`` keeps its meaning while taking a fast path for ordinary text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.text import _DISCORD_MENTION, _INVISIBLE, _URL, clean_text


def _reference(text: str, limit: int) -> str:
    """The definition, one character at a time: printable characters, new lines and tabs kept, others a space."""
    text = unicodedata.normalize("NFKC", text[: limit * 2]).translate(_INVISIBLE)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = _URL.sub(" link ", _DISCORD_MENTION.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()[:limit]


ODD = st.sampled_from(["\n", "\t", "\r", "\x00", "\x1b", "\x85", "\u00a0", "\u2028", "\u200b", "\u202e", "\u00ad",
                       "\u3000", "@everyone", "<@123>", "https://x.y/z", "é", "🙂", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), ODD), max_size=30).map("".join), st.sampled_from([5, 40, 1000]))
def test_same_result_as_the_character_by_character_definition(text, limit):
    assert clean_text(text, limit=limit) == _reference(text, limit)
