"""A few emergency cues in Spanish, French, German, Portuguese and Italian: the commonest ways of saying "he is not
breathing", "she is unconscious", "crushing chest pain", "I want to die", so that a post the English rules cannot
read still gets the emergency notice when it plainly describes one.

Deliberately small and general (a handful of phrases a kind, not a translation of :mod:`responses.red_flags`):
every post in another language goes to the moderators anyway (``responses.policy``), so these only decide
whether the member is told to call for help at once. Matching is on the folded text (lower case, accents
dropped: people often type without them). A cue is excused when it is negated just before ("no tengo dolor en
el pecho") or when the post asks what to do *if* it happened ("¿qué hacer si alguien no respira?"); self-harm
cues are never excused by that (fail closed).

Written for this project; the phrases are everyday language, not taken from any data set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from responses.language import ENGLISH, UNDETERMINED
from responses.red_flags import SELF_HARM_KINDS, RedFlag, RedFlagKind, Tier, detect_red_flags, has_watch_words
from responses.safety import SafetyAssessment, SafetyCheck

__all__ = ["Cue", "CUES", "CUE_LANGUAGES", "fold", "detect_foreign_red_flags", "has_foreign_watch_words",
           "cue_language", "assess_in_language"]

K, E, U = RedFlagKind, Tier.EMERGENCY, Tier.URGENT_CARE


@dataclass(frozen=True)
class Cue:
    language: str
    kind: RedFlagKind
    tier: Tier
    pattern: re.Pattern[str]
    #: excused when a negation comes just before the match ("sin dolor en el pecho")
    negatable: bool = False


def _cue(language: str, kind: RedFlagKind, tier: Tier, pattern: str, negatable: bool = False) -> Cue:
    return Cue(language, kind, tier, re.compile(pattern), negatable)


CUES: tuple[Cue, ...] = (
    # ---- Spanish -----------------------------------------------------------------------------------------------
    # someone who is not breathing is treated as unconscious (check breathing, CPR), as the English rules do;
    # someone who cannot breathe, as breathing trouble
    _cue("es", K.UNCONSCIOUS, E, r"\b(?:esta|quedo|se quedo) inconsciente\b|\bno (?:se )?despierta\b|"
                                 r"\bse desmayo y no (?:responde|reacciona)\b|\bno respira\b|\bdejo de respirar\b"),
    _cue("es", K.BREATHING, E, r"\bno (?:puede|puedo|podia|consigue|consigo|logra) respirar\b|"
                               r"\bse (?:esta )?ahoga(?:ndo)?\b|\bme (?:estoy )?ahog(?:o|ando)\b"),
    _cue("es", K.HEART_ATTACK, E, r"\b(?:esta teniendo|estoy teniendo|le esta dando|me esta dando|creo que "
                                  r"(?:tengo|tiene)) un infarto\b|\b(?:dolor (?:\w+ ){0,2}(?:en el|del)|me duele "
                                  r"(?:mucho )?el) pecho\b[^.!?\n]{0,60}\b(?:brazo|mandibula|sudor|sudando)",
         negatable=True),
    _cue("es", K.CHEST_PAIN, U, r"\bdolor (?:\w+ ){0,2}(?:en el|del) pecho\b|\bme duele (?:mucho )?el pecho\b",
         negatable=True),
    _cue("es", K.STROKE, E, r"\b(?:cara|boca) (?:caida|torcida|se le cae)\b|\bno puede (?:hablar|mover (?:el|la) "
                            r"(?:brazo|pierna|lado))\b|\b(?:esta teniendo|le esta dando|creo que tiene) un "
                            r"(?:ictus|derrame)\b"),
    _cue("es", K.BLEEDING, E, r"\bsangra(?:ndo)? (?:mucho|muchisimo|sin parar)\b|\bno (?:para|deja) de sangrar\b",
         negatable=True),
    _cue("es", K.SEIZURE, E, r"\besta convulsionando\b|\b(?:tiene|esta teniendo) (?:una )?convulsion(?:es)?\b"),
    _cue("es", K.ANAPHYLAXIS, E, r"\bse (?:le|me) (?:esta )?cerr(?:ando|a) la garganta\b|\b(?:choque|shock) "
                                 r"anafilactico\b"),
    _cue("es", K.POISONING, E, r"\b(?:se tomo|me tome|ha tomado|he tomado|se trago|me trague) (?:todas las|todo el "
                               r"bote de|una caja de|muchas) (?:pastillas|pildoras)\b"),
    _cue("es", K.SELF_HARM, E, r"\b(?:me voy a|voy a|quiero) (?:matarme|suicidarme|quitarme la vida)\b|"
                               r"\bme voy a (?:matar|suicidar)\b"),
    _cue("es", K.SUICIDAL_THOUGHTS, U, r"\bquiero morir(?:me)?\b|\bno quiero (?:seguir )?viviendo\b|"
                                       r"\bno quiero (?:seguir )?vivir\b|\bpienso en (?:el )?suicid"),
    # ---- French ------------------------------------------------------------------------------------------------
    _cue("fr", K.UNCONSCIOUS, E, r"\b(?:est|reste) inconsciente?\b|\bne reagit (?:plus|pas)\b|"
                                 r"\bne se reveille (?:pas|plus)\b|\bne respire (?:plus|pas)\b|"
                                 r"\ba arrete de respirer\b"),
    _cue("fr", K.BREATHING, E, r"\bn'(?:arrive|arrivait) (?:plus|pas) a respirer\b|"
                               r"\bne (?:peut|peux|pouvait) (?:plus|pas) respirer\b|\bs'etouffe\b|\bj'etouffe\b"),
    _cue("fr", K.HEART_ATTACK, E, r"\b(?:fait|fais|faire) (?:une crise cardiaque|un infarctus)\b|\b(?:douleur|mal) "
                                  r"(?:\w+ ){0,2}(?:a|dans) la poitrine\b[^.!?\n]{0,60}\b(?:bras|machoire|sueur|"
                                  r"transpire)", negatable=True),
    _cue("fr", K.CHEST_PAIN, U, r"\b(?:douleur|mal) (?:\w+ ){0,2}(?:a|dans) la poitrine\b|\bdouleur thoracique\b",
         negatable=True),
    _cue("fr", K.STROKE, E, r"\b(?:fait|fais) un avc\b|\b(?:visage|bouche) (?:qui tombe|paralyse|de travers)\b|"
                            r"\bne (?:peut|arrive) (?:plus|pas) (?:a )?parler\b"),
    _cue("fr", K.BLEEDING, E, r"\bsaigne (?:beaucoup|enormement|abondamment)\b|\b(?:ne s'arrete pas|n'arrete pas) "
                              r"de saigner\b", negatable=True),
    _cue("fr", K.SEIZURE, E, r"\b(?:fait|fais) une crise (?:d'epilepsie|convulsive)\b|\bconvulse\b"),
    _cue("fr", K.ANAPHYLAXIS, E, r"\bgorge (?:qui )?(?:gonfle|se ferme|enfle)\b|\bchoc anaphylactique\b"),
    _cue("fr", K.POISONING, E, r"\b(?:a|ai) (?:avale|pris) (?:toute la boite|toute une boite|une boite entiere|"
                               r"tous (?:mes|ses|les)) (?:de )?(?:cachets|comprimes|medicaments|pilules)\b"),
    _cue("fr", K.SELF_HARM, E, r"\bje (?:vais|veux) (?:me tuer|me suicider|mettre fin a (?:mes jours|ma vie))\b"),
    _cue("fr", K.SUICIDAL_THOUGHTS, U, r"\bje veux mourir\b|\benvie de mourir\b|\benvie d'en finir\b|"
                                       r"\bpense(?:s)? (?:au suicide|a me suicider)\b"),
    # ---- German ------------------------------------------------------------------------------------------------
    _cue("de", K.UNCONSCIOUS, E, r"\bbewusstlos\b|\breagiert nicht mehr\b|\bwacht nicht (?:mehr )?auf\b|"
                                 r"\batmet nicht(?: mehr)?\b|\bhat aufgehort zu atmen\b"),
    _cue("de", K.BREATHING, E, r"\batmet kaum(?: noch)?\b|\bkann (?:nicht|kaum) (?:mehr )?atmen\b|"
                               r"\b(?:bekomm|krieg)(?:e|t)? keine luft\b"),
    _cue("de", K.HEART_ATTACK, E, r"\b(?:glaube|gerade|jetzt|vielleicht)\b[^.!?\n]{0,30}\bherzinfarkt\b|"
                                  r"\b(?:brustschmerzen|schmerzen in der brust)\b[^.!?\n]{0,60}\b(?:arm|kiefer|"
                                  r"schweiss\w*)", negatable=True),
    _cue("de", K.CHEST_PAIN, U, r"\bbrustschmerz(?:en)?\b|\bschmerzen in der brust\b|\bdruck auf der brust\b",
         negatable=True),
    _cue("de", K.STROKE, E, r"\b(?:glaube|gerade|jetzt|vielleicht)\b[^.!?\n]{0,30}\bschlaganfall\b|"
                            r"\b(?:gesicht|mundwinkel) (?:hangt|ist schief)\b|\bkann (?:plotzlich )?nicht (?:mehr )?"
                            r"sprechen\b"),
    _cue("de", K.BLEEDING, E, r"\bblutet (?:sehr )?(?:stark|heftig)\b|\bhort nicht auf zu bluten\b",
         negatable=True),
    _cue("de", K.SEIZURE, E, r"\b(?:hat|habe) (?:gerade )?einen (?:krampfanfall|epileptischen anfall)\b|"
                             r"\bkrampft\b"),
    _cue("de", K.ANAPHYLAXIS, E, r"\bhals schwillt zu\b|\banaphylaktisch\w*"),
    _cue("de", K.POISONING, E, r"\b(?:alle|viele|eine ganze packung) (?:\w+ )?tabletten (?:geschluckt|genommen)\b"),
    _cue("de", K.SELF_HARM, E, r"\bich (?:werde|will) mich (?:\w+ ){0,2}(?:umbringen|toten)\b|\bbringe mich (?:heute |jetzt )?um\b|"
                               r"\bmir das leben nehmen\b"),
    _cue("de", K.SUICIDAL_THOUGHTS, U, r"\bwill (?:nicht mehr leben|sterben)\b|\bsuizidgedanken\b|"
                                       r"\bdenke an (?:suizid|selbstmord)\b"),
    # ---- Portuguese and Italian (no notices in these languages yet; the guild's language is used) --------------
    _cue("pt", K.UNCONSCIOUS, E, r"\b(?:esta )?inconsciente\b|\bnao acorda\b|\bnao (?:esta )?respira(?:ndo)?\b"),
    _cue("pt", K.BREATHING, E, r"\bnao (?:consigo|consegue) respirar\b"),
    _cue("pt", K.CHEST_PAIN, U, r"\bdor (?:\w+ )?no peito\b", negatable=True),
    _cue("pt", K.SELF_HARM, E, r"\bvou me matar\b|\bquero me matar\b"),
    _cue("pt", K.SUICIDAL_THOUGHTS, U, r"\bquero morrer\b|\bnao quero (?:mais )?viver\b"),
    _cue("it", K.UNCONSCIOUS, E, r"\b(?:e )?(?:svenuto|svenuta|incosciente|priv[oa] di sensi)\b|\bnon respira\b"),
    _cue("it", K.BREATHING, E, r"\bnon (?:riesco|riesce) a respirare\b"),
    _cue("it", K.CHEST_PAIN, U, r"\bdolore (?:\w+ )?al petto\b", negatable=True),
    _cue("it", K.SELF_HARM, E, r"\b(?:voglio|vado a) uccidermi\b|\bmi uccido\b"),
    _cue("it", K.SUICIDAL_THOUGHTS, U, r"\bvoglio morire\b|\bnon voglio (?:piu )?vivere\b"),
)
CUE_LANGUAGES: tuple[str, ...] = tuple(dict.fromkeys(c.language for c in CUES))

#: A negation just before a negatable cue ("no tengo dolor en el pecho", "pas de douleur", "keine Brustschmerzen").
_NEGATION: dict[str, re.Pattern[str]] = {
    "es": re.compile(r"\b(?:no|sin|nunca|ni|ningun\w*)\b[^.!?,;\n]{0,25}$"),
    "fr": re.compile(r"\b(?:pas|sans|aucune?|jamais|plus de)\b[^.!?,;\n]{0,25}$"),
    "de": re.compile(r"\b(?:kein\w*|nicht|ohne|nie)\b[^.!?,;\n]{0,25}$"),
    "pt": re.compile(r"\b(?:nao|sem|nunca|nenhum\w*)\b[^.!?,;\n]{0,25}$"),
    "it": re.compile(r"\b(?:non|senza|mai|nessun\w*)\b[^.!?,;\n]{0,25}$"),
}
#: A post that asks what to do *if* something happened, or about the signs of it, is not an emergency now.
_HYPOTHETICAL: dict[str, re.Pattern[str]] = {
    "es": re.compile(r"\bque (?:hacer|hago|se hace|debo hacer) (?:si|cuando)\b|\bsi alguien\b|\bcomo (?:saber|se "
                     r"sabe) si\b|\b(?:sintomas|signos|senales) de\b"),
    "fr": re.compile(r"\bque faire (?:si|quand|en cas)\b|\bsi quelqu'un\b|\bcomment savoir si\b|\b(?:symptomes|"
                     r"signes) d"),
    "de": re.compile(r"\bwas (?:tun|macht man|soll man tun),? (?:wenn|bei)\b|\bwenn jemand\b|\bworan erkennt man\b|"
                     r"\b(?:symptome|anzeichen) (?:eines|einer|fur)\b"),
    "pt": re.compile(r"\bo que fazer (?:se|quando)\b|\bse alguem\b|\b(?:sintomas|sinais) de\b"),
    "it": re.compile(r"\bcosa fare se\b|\bse qualcuno\b|\b(?:sintomi|segni) d"),
}
#: Self-harm or overdose vocabulary: a moderator looks at high priority even when no cue holds (fail closed).
_WATCH: dict[str, re.Pattern[str]] = {
    "es": re.compile(r"\bsuicid\w*|\bsobredosis\b|\bautolesi\w*|\bmatarme\b|\bcortarme\b|\bquitarme la vida\b"),
    "fr": re.compile(r"\bsuicid\w*|\bsurdose\b|\boverdose\b|\bautomutil\w*|\bscarifi\w*|\bme tuer\b"),
    "de": re.compile(r"\bsuizid\w*|\bselbstmord\w*|\buberdosis\b|\bselbstverletz\w*|\britzen\b|\bumbringen\b"),
    "pt": re.compile(r"\bsuicid\w*|\boverdose\b|\bme matar\b|\bautomutil\w*|\bautoles\w*"),
    "it": re.compile(r"\bsuicid\w*|\boverdose\b|\buccidermi\b|\bautolesion\w*"),
}
_TIER_RANK = {Tier.URGENT_CARE: 1, Tier.EMERGENCY: 2}


#: All of a language's cues in one pattern: most posts match none, and one search tells (a long post costs one
#: pass per language, not one per cue).
_ANY: dict[str, re.Pattern[str]] = {
    lang: re.compile("|".join(f"(?:{c.pattern.pattern})" for c in CUES if c.language == lang)) for lang in CUE_LANGUAGES
}


def fold(text: str) -> str:
    """Lower case, accents dropped, typographic apostrophes straightened: "Está inconsciente" → "esta
    inconsciente", "Ärztin" → "arztin", "ß" → "ss". Letters outside ASCII that are not accented Latin ones
    (other scripts) are dropped: the cues are in Latin-script languages."""
    straight = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return unicodedata.normalize("NFKD", straight).encode("ascii", "ignore").decode("ascii")


def _languages(languages: tuple[str, ...] | None) -> tuple[str, ...]:
    return CUE_LANGUAGES if languages is None else tuple(lang for lang in languages if lang in CUE_LANGUAGES)


def detect_foreign_red_flags(text: str, languages: tuple[str, ...] | None = None) -> list[RedFlag]:
    """Emergency cues in ``text`` in the given languages (all of them when None), one flag a kind, emergencies
    first. The flag's ``source`` is ``rule:<language>``."""
    if not text:
        return []
    folded = fold(text[:20_000])
    wanted = tuple(lang for lang in _languages(languages) if _ANY[lang].search(folded))
    if not wanted:
        return []
    hypothetical = {lang: bool(_HYPOTHETICAL[lang].search(folded)) for lang in wanted}
    found: dict[RedFlagKind, RedFlag] = {}
    for cue in CUES:
        if cue.language not in wanted or cue.kind in found:
            continue
        for match in cue.pattern.finditer(folded):
            if cue.negatable and _NEGATION[cue.language].search(folded[max(0, match.start() - 40):match.start()]):
                continue
            if hypothetical[cue.language] and cue.kind not in SELF_HARM_KINDS:
                continue
            found[cue.kind] = RedFlag(cue.kind, cue.tier, match.group(0), source=f"rule:{cue.language}")
            break
    if RedFlagKind.HEART_ATTACK in found:
        found.pop(RedFlagKind.CHEST_PAIN, None)
    return sorted(found.values(), key=lambda f: -_TIER_RANK[f.tier])


def has_foreign_watch_words(text: str, languages: tuple[str, ...] | None = None) -> bool:
    folded = fold(text[:20_000])
    return any(_WATCH[lang].search(folded) for lang in _languages(languages))


def cue_language(flags: list[RedFlag]) -> str | None:
    """The language of the first foreign cue among ``flags`` (a short post the detector was unsure of is in the
    language its emergency was described in)."""
    for flag in flags:
        if flag.source.startswith("rule:"):
            return flag.source.removeprefix("rule:")
    return None


def _merge(*groups: list[RedFlag]) -> list[RedFlag]:
    found: dict[RedFlagKind, RedFlag] = {}
    for flags in groups:
        for flag in flags:
            found.setdefault(flag.kind, flag)
    return sorted(found.values(), key=lambda f: -_TIER_RANK[f.tier])


def assess_in_language(check: SafetyCheck, text: str, language: str) -> SafetyAssessment:
    """The safety check for a post whose language is ``language`` (a code from :mod:`responses.language`).

    * English: the full check (rules and the learned component), unchanged.
    * Undetermined (a short or mixed post): the full check, plus the cues of every language, so that a short
      "mi padre no respira" is caught whether or not the detector could name its language.
    * Another language: the English rules (a post may mix languages) and that language's cues. The learned
      component is left out: it reads English, and its scores on other text mean nothing.
    """
    if language == ENGLISH:
        return check.assess(text)
    if language == UNDETERMINED:
        base = check.assess(text)
        foreign = detect_foreign_red_flags(text)
        if not foreign:
            return base
        return SafetyAssessment(flags=_merge(base.flags, foreign), watch=False, model_scores=base.model_scores)
    own = (language,) if language in CUE_LANGUAGES else ()
    flags = _merge(detect_red_flags(text), detect_foreign_red_flags(text, own))
    watch = not flags and (has_watch_words(text) or has_foreign_watch_words(text, own))
    return SafetyAssessment(flags=flags, watch=watch)
