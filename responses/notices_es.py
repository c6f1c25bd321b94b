"""The safety notices in Spanish (written for this project, not machine-translated): the emergency, "see a doctor
today" and "please talk to a doctor" notices a Spanish-speaking guild's members get (the ``language`` setting).

Emergency numbers and crisis lines are the region's (they are numbers and names, not prose); the classifier and
the articles stay English.
"""

from __future__ import annotations

from responses.notices import CRISIS_LINES, EMERGENCY_NUMBERS, Notice, NoticeCode

__all__ = ["urgent_notice", "urgent_care_notice", "referral_notice", "FIRST_STEPS_ES"]

_ANY_REGION_CRISIS = "busca una línea de crisis gratuita y confidencial de tu país en https://findahelpline.com"

#: Spanish-speaking regions' urgent-care advice (others fall back to a general sentence).
_URGENT_CARE_ES = {
    "us": "tu médico (su línea del mismo día) o una clínica de atención urgente",
    "eu": "tu médico o el servicio médico de guardia (116 117 en varios países de la UE)",
}

FIRST_STEPS_ES: dict[str, str] = {
    "stroke": "Apunta la hora en que empezaron los síntomas: en el hospital la van a necesitar.",
    "heart_attack": "Deja lo que estés haciendo y siéntate; si estás solo, abre la puerta de casa.",
    "poisoning": "Guarda el envase, la caja o el frasco para enseñárselo a los sanitarios; no provoques el vómito.",
    "anaphylaxis": "Usa ya un autoinyector de adrenalina (como un EpiPen) si hay uno a mano.",
    "bleeding": "Aprieta fuerte la herida con un paño limpio y no dejes de apretar.",
    "seizure": "Mide cuánto dura la crisis, aparta los objetos duros y no le metas nada en la boca.",
    "unconscious": "Comprueba si respira; si no respira con normalidad, el operador te guiará para hacer RCP.",
    "breathing": "Siéntate erguido y aflójate la ropa ajustada mientras esperas.",
}


def _call(region: str, now: bool) -> str:
    number = EMERGENCY_NUMBERS.get(region.lower())
    when = " ahora mismo" if now else ""
    return f"llama al {number}{when}" if number else f"llama al número de emergencias de tu país{when}"


def urgent_notice(region: str = "default", self_harm: bool = False, kind: str | None = None) -> Notice:
    call = _call(region, now=True)
    if self_harm:
        crisis = CRISIS_LINES.get(region.lower(), _ANY_REGION_CRISIS)
        text = (
            "Si estás pensando en quitarte la vida o en hacerte daño, busca apoyo ahora mismo: "
            f"{crisis}. Si estás en peligro inmediato, {call}. No tienes que pasar por esto solo; los moderadores "
            "ya están avisados y van a revisar esta publicación."
        )
        return Notice(NoticeCode.URGENT, "Importas: busca apoyo ahora", text)
    first = f" {FIRST_STEPS_ES[kind]}" if kind in FIRST_STEPS_ES else ""
    text = (
        f"Lo que describes puede ser una urgencia médica. No esperes respuestas aquí: {call} o ve al servicio de "
        f"urgencias más cercano.{first} Si hay alguien contigo, pídele ayuda. Los moderadores ya están avisados."
    )
    return Notice(NoticeCode.URGENT, "Esto puede ser una urgencia", text)


def urgent_care_notice(region: str = "default", self_harm: bool = False) -> Notice:
    call = _call(region, now=False)
    where = _URGENT_CARE_ES.get(region.lower(), "tu médico, un centro de atención urgente o una línea de consejo sanitario")
    if self_harm:
        crisis = CRISIS_LINES.get(region.lower(), _ANY_REGION_CRISIS)
        text = (
            "Parece que tú (o alguien que te importa) estás teniendo pensamientos de suicidio o de hacerte daño. "
            f"Habla hoy mismo con alguien: {crisis}, o con {where}. Si crees que podrías actuar según esos "
            f"pensamientos, {call} ahora. Hemos pedido a los moderadores que revisen esta publicación."
        )
        return Notice(NoticeCode.URGENT_CARE, "Pide ayuda hoy", text)
    text = (
        f"Lo que describes debería verlo un médico hoy, sin esperar: contacta con {where}. Si empeora deprisa "
        f"(dificultad para respirar, dolor en el pecho, desmayos, confusión), {call} de inmediato. Hemos pedido a "
        "los moderadores que revisen esta publicación."
    )
    return Notice(NoticeCode.URGENT_CARE, "Consulta hoy con un médico", text)


def referral_notice() -> Notice:
    return Notice(
        NoticeCode.DOCTOR_REFERRAL, "Habla con un médico",
        "Puedo compartir información general de nuestros artículos, pero no puedo saber qué causa tus síntomas: "
        "solo un médico u otro profesional sanitario que pueda examinarte puede hacerlo. Pide cita y acude a "
        "urgencias si empeoras de repente.",
    )
