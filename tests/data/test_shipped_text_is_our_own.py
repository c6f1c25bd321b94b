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
               (SHARED / "retrieval" / "medquad_questions.jsonl", "question")]

pytestmark = pytest.mark.shared_data


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _texts(path: Path, field: str) -> list[str]:
    return [json.loads(line)[field] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_no_shipped_post_is_a_third_party_text():
    present = [(path, field) for path, field in THIRD_PARTY if path.exists()]
    if not present:
        pytest.skip("../shared/data is not here")
    theirs = {_norm(text) for path, field in present for text in _texts(path, field)}
    ours = [path for path in sorted(SHIPPED_SEED_DIR.glob("*.jsonl"))] + [SHIPPED_SAFETY_DIR / "red_flags.jsonl"]
    copied = [(path.name, text) for path in ours for text in _texts(path, "text") if _norm(text) in theirs]
    assert copied == []
