"""The red-flag detector against the shipped safety set, plus the cases the issue names."""

from __future__ import annotations

import json

import pytest

from data.paths import SHIPPED_SAFETY_DIR as SAFETY_DIR
from responses.red_flags import RedFlagKind, detect_red_flags

ROWS = [json.loads(line) for line in (SAFETY_DIR / "red_flags.jsonl").read_text().splitlines() if line.strip()]
POSITIVES = [r for r in ROWS if r["expect"]]
NEGATIVES = [r for r in ROWS if not r["expect"]]


def test_safety_set_is_big_enough_to_mean_something():
    assert len(POSITIVES) >= 50 and len(NEGATIVES) >= 35
    assert {r["expect"] for r in POSITIVES} == {k.value for k in RedFlagKind}


def test_recall_on_emergency_phrasings_is_complete():
    missed = [r["text"] for r in POSITIVES if r["expect"] not in {f.kind for f in detect_red_flags(r["text"])}]
    assert missed == []


def test_false_alarm_rate_is_low():
    alarms = [r["text"] for r in NEGATIVES if detect_red_flags(r["text"])]
    assert len(alarms) / len(NEGATIVES) <= 0.05, alarms


@pytest.mark.parametrize(
    "text",
    ["no chest pain", "my research is about stroke", "I don't have trouble breathing",
     "what are the warning signs of a stroke?"],
)
def test_negation_and_topic_mentions_do_not_fire(text):
    assert detect_red_flags(text) == []


def test_stroke_signs_in_a_muscle_weakness_post_fire():
    flags = detect_red_flags("my arm has been getting thinner but today my face is drooping and my speech is slurred")
    assert [f.kind for f in flags] == [RedFlagKind.STROKE]


def test_self_harm_is_its_own_kind_so_crisis_lines_are_shown():
    assert RedFlagKind.SELF_HARM in {f.kind for f in detect_red_flags("honestly I want to end my life")}


def test_zero_width_characters_do_not_hide_a_flag():
    assert detect_red_flags("I can\u200bt breathe")[0].kind is RedFlagKind.BREATHING


def test_huge_and_empty_input():
    assert detect_red_flags("") == []
    assert detect_red_flags("a" * 500_000) == []


@pytest.mark.parametrize(
    "text",
    ["That's odd: my calf twitches after every run.", "Against all odds my grandad walked again after rehab.",
     "I can't speak for everyone, but the lab's deadlines drained me.", "I can't talk to my supervisor about it.",
     "Still having a hard time fitting in at my new lab.", "That would be a fitting moment to ask.",
     "The old bridge collapsed in the storm, which is what my paper is about."],
)
def test_everyday_words_that_look_like_emergencies_do_not_fire(text):
    assert detect_red_flags(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [("my dad just collapsed in the kitchen", RedFlagKind.UNCONSCIOUS),
     ("she keeps fitting and her lips look odd", RedFlagKind.UNCONSCIOUS),
     ("my brother OD'd an hour ago", RedFlagKind.POISONING),
     ("my husband suddenly can't speak", RedFlagKind.STROKE)],
)
def test_the_narrowed_rules_still_catch_the_emergency(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}


def _every_rule_on_every_clause(text: str) -> list[tuple[str, str]]:
    """The detector without its trigger-word shortcuts: every rule runs on every clause."""
    from responses import red_flags

    original = red_flags._has_any
    red_flags._has_any = lambda folded, stems: True
    try:
        return [(f.kind.value, f.phrase) for f in red_flags.detect_red_flags(text)]
    finally:
        red_flags._has_any = original


def test_the_trigger_shortcut_never_changes_the_result():
    from data.paths import SHIPPED_SEED_DIR

    texts = [r["text"] for r in ROWS]
    for path in sorted(SHIPPED_SEED_DIR.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    for text in texts:
        assert [(f.kind.value, f.phrase) for f in detect_red_flags(text)] == _every_rule_on_every_clause(text), text
