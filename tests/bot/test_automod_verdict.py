"""What the AutoMod handler decides from a blocked message's text: the English rules and the other languages'
emergency cues, with the message's language for the crisis notice. The keyword list stays within AutoMod's
limits."""

from __future__ import annotations

import pytest

from bot.discord.automod import CRISIS_KEYWORDS, assess_blocked_text, check_keywords


@pytest.mark.parametrize(("text", "language"), [
    ("I'm going to kill myself tonight", None),
    ("esta noche me voy a matar", "es"),
    ("je vais me suicider ce soir", "fr"),
    ("ich werde mich heute umbringen", "de"),
])
def test_a_crisis_in_any_of_the_languages_is_an_emergency_with_crisis_lines(text, language):
    verdict = assess_blocked_text(text)
    assert verdict.emergency and verdict.self_harm and verdict.language == language


def test_an_ordinary_message_in_another_language_is_not_an_emergency():
    verdict = assess_blocked_text("¿alguien sabe dónde hay estudios sobre la prevención del suicidio?")
    assert not verdict.emergency


def test_the_crisis_keywords_fit_automod():
    assert len(check_keywords(CRISIS_KEYWORDS)) == len(set(CRISIS_KEYWORDS))
