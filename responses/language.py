"""Which language a post is written in: a small, dependency-free detector (tens of microseconds a post).

The classifier, the retriever and the articles are English, so a post in another language must not be judged by
them: the pipeline answers it with the doctor-referral notice in its own language and hands it to moderators
(``responses.policy``). A wrong "not English" on an English post would take away its answer, so the detector
says a post is in another language only on clear evidence and answers :data:`UNDETERMINED` when unsure (the
pipeline treats that as English).

How it decides, per post:

* **script**: a post mostly written in a non-Latin script is not English (``und-Cyrl``, ``und-Arab``, ``el``,
  ``ja``, ``ko``, ...: the script names the language only where one script means one language);
* **function words**: each language has a list of its most common short words (articles, pronouns, prepositions,
  auxiliaries) and a few everyday words of a health community (pain, doctor, father, fever), none of them also an
  English word (``die``, ``was``, ``no``, ``me``, ``a``, ``in`` count for no one). A post is in language L when L's
  words number at least :data:`MIN_WORDS` and more than twice the English ones plus one; English when its words
  are at least as many as any other language's (and at least two); else undetermined. An English post that
  quotes a foreign phrase keeps many more English words than foreign ones, and a typo makes no word foreign;
* letters only one or two of the languages use (ñ, ß, ç, ã, œ, ...) break ties between languages, never decide
  on their own.

Written for this project; the word lists are common knowledge of each language, not taken from a corpus.
``bench/bench_language.py`` measures how often real English posts are taken for another language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

__all__ = ["UNDETERMINED", "ENGLISH", "DETECTED", "LanguageGuess", "detect_language", "is_other_language",
           "MIN_WORDS"]

UNDETERMINED = "und"
ENGLISH = "en"
#: Latin-script languages the detector knows by their words (the notices exist for es, fr and de).
DETECTED: tuple[str, ...] = ("es", "fr", "de", "pt", "it")
#: A language needs at least this many of its words (an accent counts half) to be named.
MIN_WORDS = 2.0
#: Only the start of a long post is read: a language shows in its first sentences.
_READ_CHARS = 1000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN = _words("""
the and is are were i i'm im i've ive i'd you you're my it it's its of to that this with for have has had what
how be been being do does did don't dont doesn't didn't can can't cant could would should at by from or but not
if they we your his her she he him about because there their just like any get got know when which who why
after before than then them these those very much more some into out up over only been really since feel feeling
pain doctor help anyone someone thanks thank please yeah yes hi hello what's gonna wanna going week weeks
days years old ago our myself ever never now today yesterday
""")
_WORDS: dict[str, frozenset[str]] = {
    "es": _words("""
el la los las del al de que y en un una unos unas por para con sin sobre entre desde hasta hacia según
es son era eran fue fueron soy eres somos está están estoy estás estaba estaban estar estado sido ser
he ha han has hemos había hay tengo tiene tienen tienes tenía tener hace hacer hago puedo puede pueden
podría quiero quiere necesito creo sé qué cómo cuándo dónde porque pero también muy más menos mucho
mucha muchos muchas poco todo toda todos todas nada algo alguien nadie este esta estos estas ese esa
esos esas eso esto aquí ahí allí ya todavía aún nunca siempre mi mis tu tus su sus nuestro nuestra yo tú
él ella ellos ellas nosotros usted ustedes me te se nos le les lo ni cuando donde como cual cuál si sí
hola gracias ayuda por favor dolor dolores médico médica médicos doctora hospital urgencias días día
semana semanas mes meses años hijo hija hijos padre madre papá mamá abuelo abuela bebé niño niña cabeza
pecho estómago barriga garganta fiebre tos respira respirar sangre pastillas desde anoche ayer hoy mañana
mismo misma después antes bien mal peor mejor
"""),
    "fr": _words("""
le la les l' un une des du de d' au aux et ou où mais donc car ni que qu' qui quoi dont ce c' cet cette ces
je j' tu il elle on nous vous ils elles me m' te t' se s' lui leur leurs mon ma mes ton ta tes son sa ses
notre nos votre vos ne n' pas plus jamais rien personne très trop peu beaucoup bien mal mieux pire avec
sans pour par dans sur sous chez vers depuis pendant avant après entre être suis es est sommes êtes sont
était étais été avoir ai as avons avez ont avait avais eu fait faire fais peux peut pouvez veux veut
voudrais dois doit faut comme quand pourquoi comment combien parce alors aussi encore déjà toujours ici
là tout tous toute toutes cela ça bonjour salut merci aide aidez svp douleur douleurs médecin médecins
docteur hôpital urgences jours jour semaine semaines mois ans fils fille enfant père mère papa maman
bébé tête poitrine ventre gorge fièvre toux respire respirer sang cachets hier aujourd'hui demain
soir matin
"""),
    "de": _words("""
der den dem des das ein eine einen einem einer eines und oder aber doch denn sondern weil dass daß wenn
ob als wie wo warum wieso weshalb wer wen wem ich mich mir mein meine meinen meinem meiner du dich dir
dein deine er ihn ihm sein seine seinen seinem sie ihr ihre ihren ihrem wir uns unser unsere euch
nicht kein keine keinen nichts nie noch schon sehr viel viele mehr weniger nur auch jetzt heute gestern
morgen immer wieder hier dort da mit von zu zum zur bei nach aus auf für über unter vor seit ohne gegen
durch bis ist sind bist war waren wird werden wurde habe hast haben hatte hatten kann kannst können
konnte muss musst müssen soll sollte möchte gibt geht ging etwas jemand niemand hallo danke bitte
hilfe schmerzen schmerz arzt ärztin ärzte krankenhaus notaufnahme tage tag woche wochen monat monate
jahre jahren sohn tochter kind vater mutter papa mama opa oma kopf brust bauch hals fieber husten atmet
atmen blut tabletten seit gestern abend nacht schlimmer besser
"""),
    "pt": _words("""
o os um uma uns umas do da dos das ao aos à às em na nas num numa pelo pela pelos pelas para com sem
sobre entre desde até que e é são era foi foram sou somos está estão estou estava estar ser ter tenho
tem têm tinha fazer faz posso pode podem quero preciso acho não sim muito muita muitos mais menos
também já ainda nunca sempre meu minha meus minhas seu sua seus suas eu você vocês ele ela eles elas nós
isso isto este esta esse essa aqui ali quando onde como porque porquê mas olá oi obrigado obrigada
ajuda dor dores médico médica hospital dias dia semana semanas mês meses anos filho filha pai mãe bebê
cabeça peito barriga garganta febre tosse respira respirar sangue comprimidos ontem hoje amanhã depois
antes bem mal pior melhor
"""),
    "it": _words("""
il lo la gli le un uno una di del dello della dei degli delle da dal dalla nel nella nei nelle al allo
alla ai agli alle con su sul sulla per tra fra che chi cosa non più molto molta molti anche ma però
perché come quando dove sempre già ancora mai sono sei è siamo siete era ero stato stata essere ho hai
ha abbiamo avete hanno avere fatto fare posso può possono voglio devo mi ti ci si vi mio mia miei mie
tuo tua suo sua nostro questo questa questi quello quella io tu lui lei noi voi loro ciao grazie aiuto
dolore dolori medico ospedale pronto soccorso giorni giorno settimana settimane mese mesi anni figlio
figlia padre madre papà mamma bambino bambina testa petto pancia gola febbre tosse respira respirare
sangue pillole ieri oggi domani dopo prima bene male peggio meglio
"""),
}
#: Words that are also English words, abbreviations or medical terms ("ER", "ALS", "TA", "y/o", "grand mal",
#: "MIT", "von Willebrand", ".com"): they count for no language.
_SHARED_WITH_EN = _words("""
a an am as in on no so me us i e o he die was will also hat man bin war kind come more son per fine
hospital yo favor ma ta plus comment ton car eu er als com non male stata mal sans vi io ci lo al dos na
oi sem ter mit von dir aus sono mia os pour solo dove tag da con sin
""")
_EN = _EN - (_SHARED_WITH_EN - {"i"})  # "I" is far more often English than an Italian article
_WORDS = {lang: words - _SHARED_WITH_EN - _EN for lang, words in _WORDS.items()}

#: Letters only a few of the languages use: half a word of evidence each (at most once per letter).
_LETTERS: dict[str, str] = {"es": "ñ¿¡", "fr": "œçèêëîïûùâ", "de": "ßäöü", "pt": "ãõçêâ", "it": "òìù"}

#: French elisions ("j'ai", "l'hôpital", "qu'il") are split into their two words.
_ELISIONS = frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu"})
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
#: Abbreviations whose letters are words of another language: "et al." (French "et"), "y/o" (Spanish "y").
_ABBREVIATIONS = re.compile(r"\bet al\b\.?|\by/o\b|\b\d+\s*yo\b|\be\.g\.|\bi\.e\.", re.IGNORECASE)

#: Scripts that mark a post as not English, by the first word of the letters' Unicode names.
_SCRIPTS: dict[str, str] = {
    "CYRILLIC": "und-Cyrl", "ARABIC": "und-Arab", "HEBREW": "he", "GREEK": "el", "DEVANAGARI": "und-Deva",
    "THAI": "th", "HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "und-Hani", "BENGALI": "bn",
    "TAMIL": "ta", "GEORGIAN": "ka", "ARMENIAN": "hy", "ETHIOPIC": "und-Ethi", "GUJARATI": "gu",
    "GURMUKHI": "pa", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml", "SINHALA": "si", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my",
}


@dataclass(frozen=True)
class LanguageGuess:
    """A post's language: an ISO 639-1 code, ``und-<Script>`` for a script whose language is not told apart,
    or :data:`UNDETERMINED`."""

    code: str
    #: the evidence, for moderators and the bench: words counted per language (English included)
    scores: dict[str, float]

    @property
    def other_language(self) -> bool:
        """Confidently not English."""
        return is_other_language(self.code)


def is_other_language(code: str | None) -> bool:
    return bool(code) and code not in (ENGLISH, UNDETERMINED)


#: Letters of the scripts above (a quick count before naming them one by one).
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
                        "\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u137f"
                        "\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def _script(text: str) -> str | None:
    """The non-Latin script most letters are in, when they are most of the letters."""
    if text.isascii():
        return None
    others = _NON_LATIN.findall(text)
    if not others or len(others) * 2 < len(_LETTER.findall(text)):
        return None
    counts: dict[str, int] = {}
    for char in others:
        first = unicodedata.name(char, "").split(" ", 1)[0]
        if first in _SCRIPTS:
            counts[first] = counts.get(first, 0) + 1
    if not counts:
        return None
    script = max(counts, key=counts.__getitem__)
    if script == "CJK" and (counts.get("HIRAGANA", 0) or counts.get("KATAKANA", 0)):
        return "ja"
    return _SCRIPTS[script]


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in _TOKEN.findall(text):
        head, sep, rest = token.partition("'")
        if sep and head in _ELISIONS and rest:
            out += [f"{head}'", rest]
        else:
            out.append(token)
    return out


def detect_language(text: str) -> LanguageGuess:
    """The post's language, or :data:`UNDETERMINED` when the evidence is thin (a short or mixed post)."""
    sample = text[:_READ_CHARS]
    script = _script(sample)
    if script is not None:
        return LanguageGuess(script, {})
    folded = _ABBREVIATIONS.sub(" ", sample.casefold().replace("\u2019", "'").replace("\u2018", "'"))
    counts = Counter(_tokens(folded))
    english = float(sum(counts[token] for token in counts.keys() & _EN))
    scores: dict[str, float] = {ENGLISH: english}
    for lang, words in _WORDS.items():
        score = float(sum(counts[token] for token in counts.keys() & words))
        score += 0.5 * sum(letter in folded for letter in _LETTERS.get(lang, ""))
        scores[lang] = score
    best = max(DETECTED, key=lambda lang: scores[lang])  # ties go to the earlier language (es before pt)
    top = scores[best]
    if top >= MIN_WORDS and top > 2 * english + 1:
        return LanguageGuess(best, scores)
    if english >= 2 and english >= top:
        return LanguageGuess(ENGLISH, scores)
    return LanguageGuess(UNDETERMINED, scores)
