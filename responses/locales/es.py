"""Spanish (español), written for this project, not machine-translated. Addresses the reader as «tú», as members
speak to each other on a community server; wording kept plain and free of grammatical gender where it can be."""

MESSAGES: dict[str, str] = {
    "urgent.title": "Esto puede ser una urgencia",
    "urgent.text": (
        "Lo que describes puede ser una urgencia médica. No esperes respuestas aquí: {call} o ve al servicio de "
        "urgencias más cercano.{first_steps} Si hay alguien contigo, pídele ayuda. Los moderadores ya están "
        "avisados."
    ),
    "urgent_self_harm.title": "Importas: pide apoyo ahora",
    "urgent_self_harm.text": (
        "Si estás pensando en quitarte la vida o en hacerte daño, pide apoyo ahora mismo: {crisis}. Si estás en "
        "peligro inmediato, {call}. No tienes que pasar por esto sin ayuda; los moderadores ya están avisados y "
        "van a revisar esta publicación."
    ),
    "urgent_care.title": "Consulta hoy con un médico",
    "urgent_care.text": (
        "Lo que describes debería verlo un médico hoy, sin esperar: contacta con {where}. Si empeora deprisa "
        "(dificultad para respirar, dolor en el pecho, desmayos, confusión), {call}. Hemos pedido a los "
        "moderadores que revisen esta publicación."
    ),
    "urgent_care_self_harm.title": "Pide ayuda hoy",
    "urgent_care_self_harm.text": (
        "Parece que tú, o alguien que te importa, está pasando por pensamientos de suicidio o de autolesión. Habla "
        "hoy mismo con alguien: {crisis}, o con {where}. Si crees que podrías actuar según esos pensamientos, "
        "{call}. Hemos pedido a los moderadores que revisen esta publicación."
    ),
    "referral.title": "Habla con un médico",
    "referral.text": (
        "Puedo compartir información general de nuestros artículos, pero no puedo saber qué causa tus síntomas: "
        "solo un médico u otro profesional sanitario que pueda examinarte puede hacerlo. Pide cita y acude a "
        "urgencias si empeoras de repente."
    ),
    "other_language.title": "Solo puedo responder en inglés",
    "other_language.text": (
        "Por ahora solo puedo responder a mensajes escritos en inglés, así que no he intentado contestar al tuyo. "
        "Hemos pedido a un moderador que lo lea."
    ),
    "personal_data.title": "Datos personales en tu mensaje",
    "personal_data.text": (
        "Tu mensaje parece incluir datos personales (como un correo electrónico, un número de teléfono, una "
        "dirección, una fecha de nacimiento o un nombre completo). Este es un espacio público: quizá quieras "
        "borrarlos."
    ),
    "call.now": "llama al {number} ahora mismo",
    "call.now_local": "llama ahora mismo al número de emergencias de tu país",
    "number.or": "{first} (o {second})",
    "number.mobile": "{first} (o {second} desde un móvil)",
    "crisis.call_or_text": "llama o envía un SMS al {number} ({name})",
    "crisis.call_or_text_number": "llama o envía un SMS al {number}",
    "crisis.call_on": "llama a {name} al {number}",
    "crisis.call_on_or_text": "llama a {name} al {number} o envía {keyword} por SMS al {text_number}",
    "crisis.directory": "busca la línea de crisis de tu país en {url}",
    "crisis.any": "busca una línea de crisis gratuita y confidencial de tu país en {url}",
    "care.default": "tu médico, un centro de atención urgente o una línea de consejo sanitario",
    "care.us": "tu médico (su línea de citas para el mismo día) o una clínica de atención urgente",
    "care.ca": "tu médico, una clínica sin cita previa o el {advice} (línea de consejo sanitario)",
    "care.uk": "tu médico de cabecera (GP) o el {advice} (por teléfono o en línea)",
    "care.ie": "tu médico de cabecera (GP) o un servicio de médico de guardia",
    "care.eu": "tu médico o el servicio médico de guardia ({advice} en varios países de la UE)",
    "care.au": "tu médico de cabecera (GP) o healthdirect en el {advice}",
    "care.nz": "tu médico de cabecera (GP) o Healthline en el {advice}",
    "care.in": "tu médico o las consultas externas o urgencias del hospital más cercano",
    "first.stroke": "Apunta la hora en que empezaron los síntomas: en el hospital la van a necesitar.",
    "first.heart_attack": "Deja lo que estés haciendo y siéntate; si no hay nadie contigo, quita el cerrojo de la "
                          "puerta.",
    "first.poisoning": "Guarda el envase, la caja o el frasco para enseñárselo a los sanitarios; no provoques el "
                       "vómito a nadie.",
    "first.anaphylaxis": "Usa ya un autoinyector de adrenalina (como un EpiPen) si hay uno a mano.",
    "first.bleeding": "Aprieta fuerte la herida con un paño limpio y no dejes de apretar.",
    "first.seizure": "Mide cuánto dura la crisis, aparta los objetos duros y no le metas nada en la boca.",
    "first.unconscious": "Comprueba si respira; si no respira con normalidad, el operador te guiará para hacer RCP.",
    "first.breathing": "Siéntate con la espalda recta y aflójate la ropa ajustada mientras esperas.",
    "dm.note": "Te he enviado información por mensaje directo, porque tu mensaje incluye datos de salud.",
    "dm.closed": (
        "Tengo información para ti, pero tienes los mensajes directos cerrados, así que un moderador se pondrá en "
        "contacto contigo."
    ),
    "thread.name": "Información sobre tu pregunta",
}
