"""French (français), written for this project, not machine-translated. Addresses the reader as « vous », the
usual register for health information; wording kept plain and free of grammatical gender where it can be."""

MESSAGES: dict[str, str] = {
    "urgent.title": "Il peut s'agir d'une urgence",
    "urgent.text": (
        "Ce que vous décrivez peut être une urgence médicale. N'attendez pas de réponse ici : {call}, ou allez aux "
        "urgences les plus proches.{first_steps} Si quelqu'un est avec vous, demandez-lui de l'aide. Les "
        "modérateurs ont été prévenus."
    ),
    "urgent_self_harm.title": "Vous comptez pour nous : cherchez du soutien maintenant",
    "urgent_self_harm.text": (
        "Si vous pensez à mettre fin à vos jours ou à vous faire du mal, parlez-en à quelqu'un dès maintenant : "
        "{crisis}. Si vous êtes en danger immédiat, {call}. Vous n'avez pas à affronter cela sans aide ; les "
        "modérateurs ont été prévenus et vont suivre ce message."
    ),
    "urgent_care.title": "Consultez un médecin aujourd'hui",
    "urgent_care.text": (
        "Ce que vous décrivez doit être vu par un médecin aujourd'hui, sans attendre : contactez {where}. Si cela "
        "s'aggrave vite (difficulté à respirer, douleur dans la poitrine, malaise, confusion), {call}. Nous avons "
        "demandé aux modérateurs de regarder ce message."
    ),
    "urgent_care_self_harm.title": "Demandez de l'aide aujourd'hui",
    "urgent_care_self_harm.text": (
        "On dirait que vous, ou une personne qui vous est chère, traversez des pensées de suicide ou "
        "d'automutilation. Parlez-en à quelqu'un aujourd'hui : {crisis}, ou contactez {where}. Si vous craignez "
        "de passer à l'acte, {call}. Nous avons demandé aux modérateurs de regarder ce message."
    ),
    "referral.title": "Parlez-en à un médecin",
    "referral.text": (
        "Je peux partager des informations générales tirées de nos articles, mais je ne peux pas savoir ce qui "
        "cause vos symptômes : seul un médecin ou un autre professionnel de santé qui peut vous examiner en est "
        "capable. Prenez rendez-vous, et consultez en urgence si les choses s'aggravent soudainement."
    ),
    "other_language.title": "Je ne peux répondre qu'en anglais",
    "other_language.text": (
        "Pour l'instant, je ne peux répondre qu'aux messages écrits en anglais : je n'ai donc pas essayé de "
        "répondre au vôtre. Nous avons demandé à un modérateur de le lire."
    ),
    "personal_data.title": "Données personnelles dans votre message",
    "personal_data.text": (
        "Votre message semble contenir des données personnelles (adresse e-mail, numéro de téléphone, adresse "
        "postale, date de naissance ou nom complet). C'est un espace public : vous voudrez peut-être les retirer."
    ),
    "call.now": "appelez le {number} maintenant",
    "call.now_local": "appelez maintenant le numéro d'urgence de votre pays",
    "number.or": "{first} (ou {second})",
    "number.mobile": "{first} (ou {second} depuis un portable)",
    "crisis.call_or_text": "appelez ou envoyez un SMS au {number} ({name})",
    "crisis.call_or_text_number": "appelez ou envoyez un SMS au {number}",
    "crisis.call_on": "appelez {name} au {number}",
    "crisis.call_on_or_text": "appelez {name} au {number} ou envoyez {keyword} par SMS au {text_number}",
    "crisis.directory": "trouvez la ligne d'écoute de votre pays sur {url}",
    "crisis.any": "trouvez une ligne d'écoute gratuite et confidentielle pour votre pays sur {url}",
    "care.default": "votre médecin, un centre de soins non programmés ou une ligne de conseil santé",
    "care.us": "votre médecin (sa ligne de rendez-vous le jour même) ou une clinique de soins urgents",
    "care.ca": "votre médecin, une clinique sans rendez-vous ou le {advice} (ligne d'information santé)",
    "care.uk": "votre médecin généraliste (GP) ou le {advice} (par téléphone ou en ligne)",
    "care.ie": "votre médecin généraliste (GP) ou un service de garde de médecins généralistes",
    "care.eu": "votre médecin ou le service médical de garde ({advice} dans plusieurs pays de l'UE)",
    "care.au": "votre médecin généraliste (GP) ou healthdirect au {advice}",
    "care.nz": "votre médecin généraliste (GP) ou Healthline au {advice}",
    "care.in": "votre médecin ou les consultations externes ou les urgences de l'hôpital le plus proche",
    "first.stroke": "Notez l'heure à laquelle les signes ont commencé : l'hôpital en aura besoin.",
    "first.heart_attack": "Arrêtez ce que vous faites et asseyez-vous ; si personne n'est avec vous, déverrouillez "
                          "la porte.",
    "first.poisoning": "Gardez l'emballage, le flacon ou la boîte pour les montrer aux secours ; ne faites vomir "
                       "personne.",
    "first.anaphylaxis": "Utilisez tout de suite un stylo auto-injecteur d'adrénaline (comme un EpiPen) s'il y en "
                         "a un.",
    "first.bleeding": "Appuyez fort sur la plaie avec un linge propre et maintenez la pression.",
    "first.seizure": "Chronométrez la crise, éloignez les objets durs et ne mettez rien dans sa bouche.",
    "first.unconscious": "Vérifiez la respiration ; si la personne ne respire pas normalement, l'opérateur vous "
                         "guidera pour le massage cardiaque.",
    "first.breathing": "Asseyez-vous le dos bien droit et desserrez les vêtements serrés en attendant.",
    "dm.note": "Je vous ai envoyé des informations en message privé, car votre message contient des détails sur "
               "votre santé.",
    "dm.closed": (
        "J'ai des informations pour vous, mais vos messages privés sont fermés : un modérateur reviendra vers vous."
    ),
    "thread.name": "Informations sur votre question",
}
