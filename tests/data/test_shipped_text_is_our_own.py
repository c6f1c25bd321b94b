"""The seed posts and the safety set are our own writing: none of them is a third-party post or question.

Reads ../shared/data when it is there (it never is in the repository) and skips otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from data.paths import SHIPPED_SAFETY_DIR, SHIPPED_SEED_DIR

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
THIRD_PARTY = [(SHARED / "posts" / "weak_labelled.jsonl", "text"),
               (SHARED / "posts" / "dev_gold.jsonl", "text"),
               (SHARED / "retrieval" / "medquad_questions.jsonl", "question")]
#: A run of this many words (after "I'm" becomes "i m") shared with a real post means a sentence was copied;
#: shorter runs are stock phrases ("i m a first year phd student in").
COPIED_RUN = 10

pytestmark = pytest.mark.shared_data


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _texts(path: Path, field: str) -> list[str]:
    return [json.loads(line)[field] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ours() -> list[Path]:
    return sorted(SHIPPED_SEED_DIR.glob("*.jsonl")) + sorted(SHIPPED_SAFETY_DIR.glob("*.jsonl"))


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _norm(text).split()
    return {tuple(words[i:i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1)}


def _present() -> list[tuple[Path, str]]:
    present = [(path, field) for path, field in THIRD_PARTY if path.exists()]
    if not present:
        pytest.skip("../shared/data is not here")
    return present


def test_no_shipped_post_is_a_third_party_text():
    theirs = {_norm(text) for path, field in _present() for text in _texts(path, field)}
    copied = [(path.name, text) for path in _ours() for text in _texts(path, "text") if _norm(text) in theirs]
    assert copied == []


def test_no_shipped_post_shares_a_sentence_with_a_real_post():
    posts = [(path, field) for path, field in _present() if field == "text"]
    theirs: set[tuple[str, ...]] = set()
    for path, field in posts:
        for text in _texts(path, field):
            theirs |= _runs(text)
    shared = [(path.name, text[:80]) for path in _ours() for text in _texts(path, "text") if _runs(text) & theirs]
    assert shared == []
