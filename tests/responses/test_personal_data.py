from __future__ import annotations

import pytest

from responses.personal_data import mask_personal_data, personal_data_kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("you can email me at sam.k@example.org", "email"),
        ("call me on 07700 900123 please", "phone"),
        ("my number is +1 (555) 123-4567", "phone"),
        ("I live at 42 Elm Street near the park", "address"),
        ("born on 12/03/1971, female", "date_of_birth"),
        ("DOB: March 3, 1980", "date_of_birth"),
        ("Hello, my name is Jane Doe and my leg is weak", "name"),
    ],
)
def test_detects_each_kind(text, kind):
    assert kind in personal_data_kinds(text)
    masked = mask_personal_data(text)
    assert f"[{kind}]" in masked


@pytest.mark.parametrize(
    "text",
    [
        "I'm 54 and take 500 mg twice a day since 12/03/2024",
        "my blood pressure was 140/90",
        "in 2019 and 2020 I had 3 surgeries",
        "I walked 10000 steps today",
        "what causes muscle atrophy?",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert personal_data_kinds(text) == set()
    assert mask_personal_data(text) == text


def test_masking_keeps_the_rest_of_the_text():
    masked = mask_personal_data("write to a@b.io or ring 020 7946 0958 about my calf")
    assert masked == "write to [email] or ring [phone] about my calf"
