"""The language detector names Spanish, French and German posts (and a few others), and never takes a short
English post, a typo or an English post quoting a foreign phrase for another language. Sentences written for
this test."""

from __future__ import annotations

import pytest

from responses.language import ENGLISH, UNDETERMINED, detect_language, is_other_language

FOREIGN = [
    ("es", "Buenas tardes, a mi hermana le salieron manchas rojas en las piernas y no sabemos por qué"),
    ("es", "¿Es normal tener mareos después de empezar a tomar la pastilla para la tensión?"),
    ("es", "llevo una semana con tos y ahora me cuesta dormir"),
    ("es", "Mi abuela se cayó ayer y le duele la cadera"),
    ("es", "necesito ayuda con mi trabajo de biología sobre la atrofia muscular"),
    ("fr", "Bonsoir, ma fille a des plaques rouges sur les jambes depuis hier soir"),
    ("fr", "Est-ce que c'est grave d'avoir des vertiges tous les matins ?"),
    ("fr", "je tousse depuis une semaine et je n'arrive plus à dormir"),
    ("fr", "Mon grand-père est tombé et il a mal à la hanche"),
    ("fr", "je cherche des sources fiables pour mon exposé sur la sarcopénie"),
    ("de", "Guten Abend, meine Schwester hat seit gestern rote Flecken an den Beinen"),
    ("de", "Ist es normal, dass mir nach der neuen Tablette immer schwindelig wird?"),
    ("de", "ich huste seit einer Woche und kann nachts kaum schlafen"),
    ("de", "Meine Oma ist gestürzt und ihre Hüfte tut weh"),
    ("de", "Ich brauche Quellen für meine Hausarbeit über Muskelschwund"),
    ("pt", "Boa noite, a minha irmã está com manchas vermelhas nas pernas desde ontem"),
    ("it", "Buonasera, mia sorella ha delle macchie rosse sulle gambe da ieri"),
]

ENGLISH_POSTS = [
    "ok thanks",
    "help",
    "sore throat for 3 days",
    "knee pain after running",
    "my knee hurts when i climb stairs",
    "is it bad to take ibuprofen every day?",
    "teh doctr said its nothign but i dont beleive him",
    "anyone else get dizzy after standing up too fast??",
    "I'm a 22 yo student and my hands shake before exams",
    "Had a grand mal seizure last year, now on meds, any tips for sleep?",
    "My ER doc said it might be de Quervain's, what is that?",
    "my grandmother always says 'más vale prevenir que curar' and makes me wear a scarf lol",
    "Our class read a French paper (Dupont et al., 2019) on la maladie de Parkinson, can someone explain the methods?",
    "she kept saying 'ich kann nicht mehr' in German while crying, I think she is burned out",
    "what's the difference between a TA and an RA in grad school",
    "Is MIT's ALS study on muscle wasting any good?",
    "deja vu all the time, should I worry",
]


@pytest.mark.parametrize(("language", "text"), FOREIGN)
def test_a_post_in_another_language_is_named(language, text):
    guess = detect_language(text)
    assert guess.code == language, guess.scores
    assert guess.other_language


@pytest.mark.parametrize("text", ENGLISH_POSTS)
def test_an_english_post_is_never_taken_for_another_language(text):
    guess = detect_language(text)
    assert guess.code in (ENGLISH, UNDETERMINED), guess.scores
    assert not guess.other_language


@pytest.mark.parametrize(("text", "code"), [
    ("Мой брат упал с лестницы и не встаёт", "und-Cyrl"),
    ("أمي تشعر بألم في صدرها", "und-Arab"),
    ("母が胸の痛みを訴えています", "ja"),
    ("엄마가 가슴이 아프대요", "ko"),
    ("Η μητέρα μου έχει πυρετό", "el"),
])
def test_a_post_in_another_script_is_not_english(text, code):
    assert detect_language(text).code == code


def test_a_few_foreign_words_alone_are_not_enough():
    assert detect_language("gracias").code == UNDETERMINED
    assert detect_language("Danke").code == UNDETERMINED
    assert detect_language("").code == UNDETERMINED


def test_an_english_post_with_a_foreign_sentence_stays_english():
    text = ("My mum texted me 'no sé qué hacer, me duele todo' this morning. I'm in another city, how do I find "
            "out if she needs a doctor?")
    assert detect_language(text).code == ENGLISH


def test_codes_that_are_not_english():
    assert is_other_language("es") and is_other_language("und-Cyrl")
    assert not is_other_language("en") and not is_other_language("und") and not is_other_language(None)
