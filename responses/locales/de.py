"""German (Deutsch), written for this project, not machine-translated. Addresses the reader as „du“, as members
of a community server speak to each other; wording kept plain and free of grammatical gender where it can be
(„das Moderationsteam“)."""

MESSAGES: dict[str, str] = {
    "urgent.title": "Das kann ein Notfall sein",
    "urgent.text": (
        "Was du beschreibst, kann ein medizinischer Notfall sein. Warte hier nicht auf Antworten: {call}, oder geh "
        "in die nächste Notaufnahme.{first_steps} Wenn jemand bei dir ist, bitte diese Person um Hilfe. Das "
        "Moderationsteam ist informiert."
    ),
    "urgent_self_harm.title": "Du bist wichtig: Hol dir jetzt Unterstützung",
    "urgent_self_harm.text": (
        "Wenn du daran denkst, dir das Leben zu nehmen oder dir etwas anzutun, wende dich bitte sofort an "
        "jemanden: {crisis}. Wenn du in unmittelbarer Gefahr bist, {call}. Du musst da nicht allein durch; das "
        "Moderationsteam ist informiert und schaut nach diesem Beitrag."
    ),
    "urgent_care.title": "Bitte lass dich heute ärztlich untersuchen",
    "urgent_care.text": (
        "Was du beschreibst, sollte heute noch ärztlich abgeklärt werden, nicht erst später: wende dich an "
        "{where}. Wenn es schnell schlimmer wird (Atemnot, Schmerzen in der Brust, Ohnmacht, Verwirrtheit), "
        "{call}. Das Moderationsteam wurde gebeten, sich diesen Beitrag anzusehen."
    ),
    "urgent_care_self_harm.title": "Bitte hol dir heute Hilfe",
    "urgent_care_self_harm.text": (
        "Es klingt, als ob du oder jemand, der dir wichtig ist, Gedanken an Suizid oder Selbstverletzung hat. "
        "Bitte sprich heute noch mit jemandem: {crisis}, oder wende dich an {where}. Wenn du befürchtest, nach "
        "diesen Gedanken zu handeln, {call}. Das Moderationsteam wurde gebeten, sich diesen Beitrag anzusehen."
    ),
    "referral.title": "Bitte sprich mit einer Ärztin oder einem Arzt",
    "referral.text": (
        "Ich kann allgemeine Informationen aus unseren Artikeln teilen, aber ich kann nicht sagen, was deine "
        "Beschwerden verursacht: Das kann nur eine Ärztin, ein Arzt oder eine andere medizinische Fachkraft, die "
        "dich untersuchen kann. Bitte vereinbare einen Termin und hol dir sofort Hilfe, wenn es plötzlich "
        "schlimmer wird."
    ),
    "other_language.title": "Ich kann nur auf Englisch antworten",
    "other_language.text": (
        "Im Moment kann ich nur auf Beiträge auf Englisch antworten, deshalb habe ich deinen nicht beantwortet. "
        "Das Moderationsteam wurde gebeten, ihn zu lesen."
    ),
    "personal_data.title": "Persönliche Daten in deinem Beitrag",
    "personal_data.text": (
        "Dein Beitrag scheint persönliche Daten zu enthalten (etwa eine E-Mail-Adresse, Telefonnummer, Anschrift, "
        "ein Geburtsdatum oder einen vollständigen Namen). Dies ist ein öffentlicher Bereich: Vielleicht möchtest "
        "du sie entfernen."
    ),
    "call.now": "ruf jetzt die {number} an",
    "call.now_local": "ruf jetzt die Notrufnummer deines Landes an",
    "number.or": "{first} (oder {second})",
    "number.mobile": "{first} (oder {second} vom Handy)",
    "crisis.call_or_text": "ruf an oder schreib eine SMS an die {number} ({name})",
    "crisis.call_or_text_number": "ruf an oder schreib eine SMS an die {number}",
    "crisis.call_on": "ruf {name} unter {number} an",
    "crisis.call_on_or_text": "ruf {name} unter {number} an oder schick {keyword} per SMS an {text_number}",
    "crisis.directory": "finde die Krisenhotline deines Landes unter {url}",
    "crisis.any": "finde eine kostenlose, vertrauliche Krisenhotline für dein Land unter {url}",
    "care.default": "deine Arztpraxis, eine Notfallpraxis oder eine telefonische Gesundheitsberatung",
    "care.us": "deine Arztpraxis (Termine am selben Tag) oder eine Urgent-Care-Klinik",
    "care.ca": "deine Arztpraxis, eine Klinik ohne Termin oder die {advice} (telefonische Gesundheitsberatung)",
    "care.uk": "deine Hausarztpraxis (GP) oder {advice} (telefonisch oder online)",
    "care.ie": "deine Hausarztpraxis (GP) oder einen hausärztlichen Bereitschaftsdienst",
    "care.eu": "deine Arztpraxis oder den ärztlichen Bereitschaftsdienst ({advice} in mehreren EU-Ländern)",
    "care.au": "deine Hausarztpraxis (GP) oder healthdirect unter {advice}",
    "care.nz": "deine Hausarztpraxis (GP) oder Healthline unter {advice}",
    "care.in": "deine Arztpraxis oder die Ambulanz oder Notaufnahme des nächsten Krankenhauses",
    "first.stroke": "Merk dir, wann die Anzeichen angefangen haben: Das Krankenhaus braucht die Uhrzeit.",
    "first.heart_attack": "Hör auf mit dem, was du gerade tust, und setz dich hin; wenn du allein bist, schließ die "
                          "Tür auf.",
    "first.poisoning": "Heb die Packung, Flasche oder Dose auf, um sie dem Rettungsdienst zu zeigen; bring niemanden "
                       "zum Erbrechen.",
    "first.anaphylaxis": "Benutze jetzt einen Adrenalin-Autoinjektor (etwa einen EpiPen), falls einer da ist.",
    "first.bleeding": "Drück mit einem sauberen Tuch fest auf die Wunde und lass nicht nach.",
    "first.seizure": "Miss, wie lange der Anfall dauert, räum harte Gegenstände weg und steck der Person nichts in "
                     "den Mund.",
    "first.unconscious": "Prüf die Atmung; wenn die Person nicht normal atmet, leitet dich die Leitstelle am Telefon "
                         "bei der Wiederbelebung an.",
    "first.breathing": "Setz dich aufrecht hin und lockere enge Kleidung, während du wartest.",
    "dm.note": "Ich habe dir Informationen per Direktnachricht geschickt, weil dein Beitrag Gesundheitsdetails "
               "enthält.",
    "dm.closed": (
        "Ich habe Informationen für dich, aber deine Direktnachrichten sind geschlossen. Jemand aus dem "
        "Moderationsteam meldet sich bei dir."
    ),
    "thread.name": "Informationen zu deiner Frage",
}
