"""The notices' languages are complete (every key and placeholder of the English table, in every language), keep
the region's numbers, fit Discord's limits, and are chosen setting > guild's Discord language > English, with a
post's own language first."""

from __future__ import annotations

import re

import pytest

from data.settings_store import CHOICES
from responses.locales import (
    LANGUAGE_SETTINGS,
    LANGUAGES,
    MESSAGES,
    language_of_locale,
    notice_language,
    placeholders,
)
from responses.notices import NoticeCode, note, notice, urgent_care_notice, urgent_notice
from responses.regions import REGION_TABLE, REGIONS

OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def test_every_language_has_a_table_and_the_setting_offers_each():
    assert set(MESSAGES) == set(LANGUAGES) and LANGUAGES[0] == "en"
    assert set(LANGUAGE_SETTINGS) == {"auto", *LANGUAGES}
    assert CHOICES["language"] == set(LANGUAGE_SETTINGS)  # data/ cannot import responses: kept equal here


@pytest.mark.parametrize("language", OTHERS)
def test_every_language_defines_every_english_key_with_the_same_placeholders(language):
    english, table = MESSAGES["en"], MESSAGES[language]
    assert sorted(set(english) - set(table)) == [], "missing translations"
    assert sorted(set(table) - set(english)) == [], "keys English does not have"
    wrong = {key: (sorted(placeholders(table[key])), sorted(placeholders(english[key])))
             for key in english if placeholders(table[key]) != placeholders(english[key])}
    assert wrong == {}


@pytest.mark.parametrize("language", OTHERS)
def test_translations_are_written_not_copied(language):
    """A text or title left in English would pass the key check; the languages share no sentence."""
    same = [key for key, text in MESSAGES[language].items() if text == MESSAGES["en"][key]]
    assert same == []


def test_the_placeholder_check_would_catch_a_dropped_number():
    assert placeholders("llama al {number} ahora") == {"number"}
    assert placeholders("llama ahora") != placeholders(MESSAGES["en"]["call.now"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("region", REGIONS)
def test_each_notice_keeps_the_regions_numbers_and_fits_discord(language, region):
    where = REGION_TABLE[region]
    notices = [urgent_notice(region, kind="stroke", language=language),
               urgent_notice(region, self_harm=True, language=language),
               urgent_care_notice(region, language=language), urgent_care_notice(region, self_harm=True,
                                                                                 language=language),
               notice(NoticeCode.DOCTOR_REFERRAL, language), notice(NoticeCode.OTHER_LANGUAGE, language),
               notice(NoticeCode.PERSONAL_DATA, language)]
    for one in notices:
        assert "{" not in one.text and "}" not in one.text
        assert len(one.title) <= 256 and len(one.text) <= 1024  # an embed field's value
    if where.emergency:
        assert where.emergency in notices[0].text and where.emergency in notices[2].text
    if where.emergency_alt:
        assert where.emergency_alt in notices[0].text
    if where.crisis is not None and where.crisis.number:
        assert where.crisis.number in notices[1].text and where.crisis.number in notices[3].text
    if where.crisis is not None and where.crisis.text:
        assert all(part in notices[1].text for part in where.crisis.text)
    if where.advice:
        assert where.advice in notices[2].text
    assert "findahelpline" in notices[1].text or (where.crisis and where.crisis.number)


@pytest.mark.parametrize(("language", "words"), [
    ("en", "call 999 (or 112) now"), ("es", "llama al 999 (o 112) ahora mismo"),
    ("fr", "appelez le 999 (ou 112) maintenant"), ("de", "ruf jetzt die 999 (oder 112) an"),
])
def test_the_emergency_notice_reads_naturally_in_each_language(language, words):
    assert words in urgent_notice("uk", kind="stroke", language=language).text


def test_an_unknown_language_falls_back_to_english():
    assert urgent_notice("us", language="pt").text == urgent_notice("us").text
    assert note("dm.closed", "xx") == note("dm.closed")


def test_private_reply_notes_are_translated():
    assert len({note("dm.note", lang) for lang in LANGUAGES}) == len(LANGUAGES)
    assert all(len(note("thread.name", lang)) <= 100 for lang in LANGUAGES)  # Discord's thread-name limit


@pytest.mark.parametrize(("locale", "code"), [
    ("es-ES", "es"), ("es-419", "es"), ("fr", "fr"), ("de", "de"), ("en-US", "en"), ("en-GB", "en"),
    ("pt-BR", "pt"), ("uk", "uk"), ("zh-TW", "zh"), ("", None), (None, None),
])
def test_a_discord_locale_becomes_a_plain_language_code(locale, code):
    assert language_of_locale(locale) == code


@pytest.mark.parametrize(("setting", "guild", "post", "expected"), [
    ("auto", None, None, "en"),          # no setting, no Discord language: English
    ("auto", "fr", None, "fr"),          # the guild's Discord language
    ("auto", "pt", None, "en"),          # a Discord language the notices are not written in
    (None, "de", None, "de"),            # no stored value behaves like auto
    ("de", "fr", None, "de"),            # the setting wins over the Discord language
    ("en", "fr", None, "en"),
    ("en", None, "es", "es"),            # a post in Spanish gets Spanish notices in an English guild
    ("de", "fr", "fr", "fr"),
    ("fr", None, "pt", "fr"),            # a post in a language without notices: the guild's
    ("auto", "de", "und-Cyrl", "de"),
    ("auto", None, "en", "en"),
])
def test_notice_language_setting_then_guild_locale_then_english(setting, guild, post, expected):
    assert notice_language(setting, guild, post) == expected


def test_english_wording_is_unchanged_for_the_notices_members_already_see():
    text = urgent_notice("uk", kind="stroke").text
    assert re.search(r"Don't wait for replies here: call 999 \(or 112\) now, or go to the nearest emergency "
                     r"department\. Note the time the signs started", text)
    assert notice(NoticeCode.DOCTOR_REFERRAL).title == "Please talk to a doctor"
