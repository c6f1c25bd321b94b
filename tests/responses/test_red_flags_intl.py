"""The other languages' emergency cues: the plain ways of saying an emergency is happening are caught, a negation
or a "what to do if" question excuses a medical cue (never a self-harm one), and English posts are left to the
English rules. Sentences written for this test."""

from __future__ import annotations

import pytest

from responses.red_flags import RedFlagKind, Tier
from responses.red_flags_intl import assess_in_language, cue_language, detect_foreign_red_flags, fold
from responses.safety import SafetyCheck

K = RedFlagKind


@pytest.mark.parametrize(("text", "kind", "tier"), [
    ("Mi madre no respira, ¿qué hago?", K.UNCONSCIOUS, Tier.EMERGENCY),
    ("mi hermano esta inconsciente en el suelo", K.UNCONSCIOUS, Tier.EMERGENCY),
    ("no puedo respirar bien y me asusto", K.BREATHING, Tier.EMERGENCY),
    ("tengo un dolor muy fuerte en el pecho que baja por el brazo izquierdo", K.HEART_ATTACK, Tier.EMERGENCY),
    ("me duele el pecho desde ayer", K.CHEST_PAIN, Tier.URGENT_CARE),
    ("esta noche voy a suicidarme", K.SELF_HARM, Tier.EMERGENCY),
    ("a veces pienso en el suicidio", K.SUICIDAL_THOUGHTS, Tier.URGENT_CARE),
    ("Ma mère ne respire plus !", K.UNCONSCIOUS, Tier.EMERGENCY),
    ("mon copain saigne énormément de la main", K.BLEEDING, Tier.EMERGENCY),
    ("J'ai une douleur forte dans la poitrine", K.CHEST_PAIN, Tier.URGENT_CARE),
    ("je veux me suicider", K.SELF_HARM, Tier.EMERGENCY),
    ("Mein Opa ist bewusstlos", K.UNCONSCIOUS, Tier.EMERGENCY),
    ("ich bekomme keine Luft mehr", K.BREATHING, Tier.EMERGENCY),
    ("Starke Brustschmerzen, es zieht in den linken Arm", K.HEART_ATTACK, Tier.EMERGENCY),
    ("Ich will nicht mehr leben", K.SUICIDAL_THOUGHTS, Tier.URGENT_CARE),
    ("Meu filho não acorda", K.UNCONSCIOUS, Tier.EMERGENCY),
    ("voglio morire", K.SUICIDAL_THOUGHTS, Tier.URGENT_CARE),
])
def test_an_emergency_described_in_another_language_is_caught(text, kind, tier):
    flags = detect_foreign_red_flags(text)
    assert flags and flags[0].kind is kind and flags[0].tier is tier, flags


@pytest.mark.parametrize("text", [
    "no tengo dolor en el pecho, solo cansancio",
    "¿Qué hacer si alguien no respira? Es para un curso de primeros auxilios",
    "je n'ai pas mal à la poitrine mais au dos",
    "Was tun, wenn jemand bewusstlos ist?",
    "Keine Brustschmerzen, nur Husten",
    "my chest hurts a little after the gym",
    "the Spanish word for breathing is respirar",
])
def test_a_negation_a_first_aid_question_or_english_is_not_an_emergency(text):
    assert detect_foreign_red_flags(text) == []


def test_a_self_harm_cue_is_not_excused_by_a_question_frame():
    flags = detect_foreign_red_flags("si alguien me lee: voy a matarme hoy")
    assert [f.kind for f in flags] == [K.SELF_HARM]


def test_cues_match_without_accents_and_name_their_language():
    assert fold("Está INCONSCIENTE, Ärztin, Straße") == "esta inconsciente, arztin, strasse"
    flags = detect_foreign_red_flags("mi papa esta inconsciente")
    assert cue_language(flags) == "es" and flags[0].source == "rule:es"
    assert detect_foreign_red_flags("mi papa esta inconsciente", ("fr",)) == []


def test_a_post_in_another_language_is_assessed_without_the_english_model():
    check = SafetyCheck.rules_only()
    spanish = assess_in_language(check, "mi hija se tomó todas las pastillas de la caja", "es")
    assert spanish.tier is Tier.EMERGENCY and spanish.kinds == ["poisoning"]
    watched = assess_in_language(check, "leí un artículo sobre la sobredosis de paracetamol", "es")
    assert watched.flags == [] and watched.watch
    unsure = assess_in_language(check, "no respira", "und")
    assert unsure.tier is Tier.EMERGENCY
    english = assess_in_language(check, "the phrase no respira means not breathing", "en")
    assert english.flags == []
