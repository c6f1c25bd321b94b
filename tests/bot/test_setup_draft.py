"""The guided set-up's draft: choices checked as the store checks them, numbers all-or-nothing, the menus'
choices read from the store's allowed values (a language added there appears in the wizard)."""

from __future__ import annotations

import pytest

from bot.setup_draft import DraftError, SetupDraft, choice_values, effective_settings
from data.settings_store import CHOICES, DEFAULTS


def _draft() -> SetupDraft:
    values, env = effective_settings({"language": "es"}, answer_channel_ids={5, 3}, forum_channel_ids=(),
                                     mod_channel_id=9, mod_role_id=None)
    return SetupDraft(values, env)


def test_effective_values_say_what_comes_from_the_environment():
    draft = _draft()
    assert draft.current["answer_channel_ids"] == [3, 5] and draft.current["language"] == "es"
    assert draft.from_environment == {"answer_channel_ids", "forum_channel_ids", "mod_channel_id", "mod_role_id"}
    assert draft.line("mod_channel_id") == "**Moderators' channel**: <#9> *(environment)*"


def test_a_choice_equal_to_what_is_in_effect_is_no_change():
    draft = _draft()
    draft.set("answer_channel_ids", [5, 3, 5])
    assert draft.changes == {}
    draft.set("answer_channel_ids", [3, 5, 7])
    draft.set("region", "uk")
    assert draft.changes == {"answer_channel_ids": [3, 5, 7], "region": "uk"}
    assert draft.line("region").endswith("→ United Kingdom (uk) *(not saved yet)*")
    draft.forget(["region"])
    assert draft.value("region") == "default"


def test_a_refused_choice_changes_nothing():
    draft = _draft()
    with pytest.raises(ValueError, match="personal_reply_mode must be one of"):
        draft.set("personal_reply_mode", "carrier pigeon")
    assert draft.changes == {}


@pytest.mark.parametrize(("raw", "problem"), [
    ({"retention_days": "ninety"}, "retention_days takes a whole number, not 'ninety'"),
    ({"retention_days": "4000"}, "retention_days must be between 0 and 3650"),
    ({"reminder_minutes": "4"}, "reminder_minutes must be between 5 and 10080"),
    ({"retrain_every_labels": "2.5"}, "retrain_every_labels takes a whole number"),
    ({"emergency_reping_minutes": ""}, "emergency_reping_minutes takes a whole number"),
])
def test_numbers_are_all_or_nothing_with_one_line_per_problem(raw, problem):
    draft = _draft()
    with pytest.raises(DraftError) as caught:
        draft.set_numbers({"retention_days": "30", "reminder_minutes": "60", **raw})
    assert any(problem in line for line in caught.value.problems), caught.value.problems
    assert draft.changes == {}


def test_good_numbers_are_taken():
    draft = _draft()
    draft.set_numbers({"retention_days": " 30 ", "reminder_minutes": str(DEFAULTS["reminder_minutes"])})
    assert draft.changes == {"retention_days": 30}


def test_menus_list_what_the_store_allows(monkeypatch):
    assert choice_values("personal_reply_mode") == ["public", "thread", "private_thread", "dm"]
    assert choice_values("region")[0] == "default" and set(choice_values("region")) == CHOICES["region"]
    assert choice_values("language") == ["auto", "en", "de", "es", "fr"]
    monkeypatch.setitem(CHOICES, "language", CHOICES["language"] | {"it"})  # a language added to the store shows
    assert choice_values("language") == ["auto", "en", "de", "es", "fr", "it"]
