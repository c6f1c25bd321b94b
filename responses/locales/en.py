"""English: the reference table. Every other language defines the same keys with the same placeholders
(``tests/responses/test_locales.py`` fails otherwise).

Placeholders are filled by :mod:`responses.notices`: ``{number}``, ``{name}``, ``{advice}``, ``{url}`` and the other
numbers come from :mod:`responses.regions`; ``{call}``, ``{crisis}``, ``{where}`` and ``{first_steps}`` are other
entries of this same table, already filled. Keys starting ``care.`` name a region's urgent-care sentence, ``first.``
what to do for a kind of emergency while help comes.
"""

MESSAGES: dict[str, str] = {
    # the emergency notice
    "urgent.title": "This may be an emergency",
    "urgent.text": (
        "What you describe can be a medical emergency. Don't wait for replies here: {call}, or go to the nearest "
        "emergency department.{first_steps} If someone is with you, ask them to help. The moderators have been "
        "alerted."
    ),
    "urgent_self_harm.title": "You matter: please get support now",
    "urgent_self_harm.text": (
        "If you are thinking about ending your life or harming yourself, please reach out right now: {crisis}. If "
        "you are in immediate danger, {call}. You don't have to go through this alone; the moderators have been "
        "alerted and will check on this post."
    ),
    # the "see a doctor today" notice
    "urgent_care.title": "Please see a doctor today",
    "urgent_care.text": (
        "What you describe should be seen by a doctor today, not left to wait: contact {where}. If it gets worse "
        "quickly (trouble breathing, chest pain, fainting, confusion), {call}. The moderators have been asked to "
        "look at this post."
    ),
    "urgent_care_self_harm.title": "Please reach out today",
    "urgent_care_self_harm.text": (
        "It sounds like you (or someone you care about) are going through thoughts of suicide or self-harm. Please "
        "talk to someone today: {crisis}, or {where}. If you might act on these thoughts, {call}. The moderators "
        "have been asked to look at this post."
    ),
    # the doctor-referral notice
    "referral.title": "Please talk to a doctor",
    "referral.text": (
        "I can share general information from our articles, but I can't tell what is causing your symptoms: only "
        "a doctor or other qualified health professional who can examine you can do that. Please book an "
        "appointment, and get urgent care if things get suddenly worse."
    ),
    # a post the bot cannot read (not in English): not answered from the articles, shown to a moderator
    "other_language.title": "I can only answer in English",
    "other_language.text": (
        "For now I can only answer posts written in English, so I haven't tried to answer yours. A moderator has "
        "been asked to read it."
    ),
    "personal_data.title": "Personal details in your post",
    "personal_data.text": (
        "Your post seems to include personal details (such as an email address, phone number, address, date of "
        "birth or full name). This is a public space: you may want to edit them out."
    ),
    # pieces the notices are built from
    "call.now": "call {number} now",
    "call.now_local": "call your local emergency number now",
    "number.or": "{first} (or {second})",
    "number.mobile": "{first} (or {second} from a mobile)",
    "crisis.call_or_text": "call or text {number} ({name})",
    "crisis.call_or_text_number": "call or text {number}",
    "crisis.call_on": "call {name} on {number}",
    "crisis.call_on_or_text": "call {name} on {number} or text {keyword} to {text_number}",
    "crisis.directory": "find your country's crisis line at {url}",
    "crisis.any": "find a free, confidential crisis line for your country at {url}",
    # where to get a doctor's advice today, by region (after "contact ...")
    "care.default": "your doctor, an urgent care clinic or a health advice line",
    "care.us": "your doctor's same-day line or an urgent care clinic",
    "care.ca": "your doctor, a walk-in clinic, or {advice} (health advice line)",
    "care.uk": "your GP surgery, or {advice} (by phone or online)",
    "care.ie": "your GP, or a GP out-of-hours service",
    "care.eu": "your doctor, or the out-of-hours medical service ({advice} in several EU countries)",
    "care.au": "your GP, or healthdirect on {advice}",
    "care.nz": "your GP, or Healthline on {advice}",
    "care.in": "your doctor or the nearest hospital's outpatient or casualty department",
    # what to do while help comes, by kind of emergency (first-aid facts, in our words)
    "first.stroke": "Note the time the signs started: the hospital will need it.",
    "first.heart_attack": "Stop what you are doing and sit down; unlock the door if you are alone.",
    "first.poisoning": "Keep the packet, bottle or container to show the paramedics; don't make anyone vomit.",
    "first.anaphylaxis": "Use an adrenaline auto-injector (such as an EpiPen) now if there is one.",
    "first.bleeding": "Press firmly on the wound with a clean cloth and keep pressing.",
    "first.seizure": "Time the seizure, move hard things away, and don't put anything in their mouth.",
    "first.unconscious": "Check breathing; if they are not breathing normally, the call handler will guide CPR.",
    "first.breathing": "Sit upright and loosen tight clothing while you wait.",
    # short notes beside a reply sent privately (Discord)
    "dm.note": "I've sent you some information by direct message, because your post includes health details.",
    "dm.closed": (
        "I have some information for you, but your direct messages are closed, so a moderator will follow up with "
        "you."
    ),
    "thread.name": "Information for your question",
}
