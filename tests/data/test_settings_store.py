"""Several settings at once (``/triage setup``'s wizard and options): all checked first, then one transaction."""

from __future__ import annotations

import pytest

from data.settings_store import RANGES, check_value, guild_settings, set_setting, set_settings


def test_set_settings_writes_every_value_together(fresh_db):
    set_settings(fresh_db, "42", {"region": "uk", "retention_days": 30, "answer_channel_ids": [1, 2]}, "discord:7")
    stored = guild_settings(fresh_db, "42")
    assert (stored["region"], stored["retention_days"], stored["answer_channel_ids"]) == ("uk", 30, [1, 2])
    rows = fresh_db.execute("SELECT COUNT(DISTINCT updated_at), MIN(updated_by) FROM settings WHERE scope = '42'")
    assert rows.fetchone() == (1, "discord:7")


@pytest.mark.parametrize(("values", "message"), [
    ({"region": "uk", "language": "xx"}, "language must be one of"),
    ({"region": "uk", "reminder_minutes": 2}, "reminder_minutes must be between 5 and 10080"),
    ({"region": "uk", "retention_days": 5000}, "retention_days must be between 0 and 3650"),
])
def test_one_refused_value_stores_none(fresh_db, values, message):
    with pytest.raises(ValueError, match=message):
        set_settings(fresh_db, "42", values)
    assert fresh_db.execute("SELECT COUNT(*) FROM settings WHERE scope = '42'").fetchone() == (0,)


def test_an_unknown_key_is_refused_before_anything_is_written(fresh_db):
    with pytest.raises(KeyError):
        set_settings(fresh_db, "42", {"region": "uk", "colour": "blue"})
    assert guild_settings(fresh_db, "42")["region"] == "default"


def test_the_numeric_bounds_hold_for_single_writes_too(fresh_db):
    low, high = RANGES["emergency_reping_minutes"]
    set_setting(fresh_db, "42", "emergency_reping_minutes", int(high))
    with pytest.raises(ValueError, match="between"):
        set_setting(fresh_db, "42", "emergency_reping_minutes", int(high) + 1)
    check_value("clinical_role_id", None)  # clearing an id is always allowed
