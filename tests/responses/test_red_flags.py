"""The emergency rules: their shape, their exemptions, and floors on the fresh safety sets (``safety_fresh_v10``,
``_v11`` and ``_v12``: written without reading the rules, the training examples or the earlier sets, never trained on or tuned
against).
The floors sit below the measured figures (bench/bench_safety.py), so they catch a regression without pretending
the rules are complete. (The nine earlier fresh sets were read to improve the exemptions and are training
examples now: ``train_urgency_from_fresh_v1..v9.jsonl``.)"""

from __future__ import annotations

import json

import pytest

from data.paths import SHIPPED_SAFETY_DIR, SHIPPED_SEED_DIR
from responses.red_flags import (
    EXEMPTION_CHECKS,
    RULES,
    SELF_HARM_KINDS,
    Exemption,
    RedFlagKind,
    Tier,
    detect_red_flags,
    has_watch_words,
    highest_tier,
)


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (SHIPPED_SAFETY_DIR / name).read_text().splitlines() if line.strip()]


#: The unread fresh sets, each with the rules' figures measured on it (bench/bench_safety.py)
#: (session 7: re-measured for its final rules)
FRESH_SETS = {"safety_fresh_v10.jsonl": (0.666, 0.022), "safety_fresh_v11.jsonl": (0.690, 0.016),
              "safety_fresh_v12.jsonl": (0.663, 0.026)}
FRESH = _rows("safety_fresh_v10.jsonl")
EARLIER_FRESH = [row for n in range(1, 10) for row in _rows(f"train_urgency_from_fresh_v{n}.jsonl")]


def _tier(text: str) -> Tier | None:
    return highest_tier(detect_red_flags(text))


def test_every_rule_is_a_record_with_triggers_and_named_exemptions():
    assert len(RULES) > 40
    for rule in RULES:
        assert rule.triggers and all(t == t.casefold() for t in rule.triggers), rule.pattern.pattern
        assert Exemption.NEGATION in rule.exemptions
        assert all(exemption in EXEMPTION_CHECKS for exemption in rule.exemptions)
    assert {rule.tier for rule in RULES} == set(Tier)


@pytest.mark.parametrize("name", sorted(FRESH_SETS))
def test_the_fresh_safety_sets_are_big_and_varied_enough_to_mean_something(name):
    rows = _rows(name)
    positives = [r for r in rows if r["tier"] != "none"]
    negatives = [r for r in rows if r["tier"] == "none"]
    assert len(positives) >= 200 and len(negatives) >= 300
    assert len({r["register"] for r in rows}) >= 6


@pytest.mark.parametrize("name", sorted(FRESH_SETS))
def test_rules_alone_keep_their_floor_on_the_fresh_sets(name):
    """Rules only (the learned component adds the rest). The floors sit four points of recall and three of false
    alarms below the figures measured once on each set: a regression fails; the false alarms of the earlier sets
    (2.2-6.4 %) are in the README."""
    measured_recall, measured_false_alarms = FRESH_SETS[name]
    rows = _rows(name)
    positives = [r["text"] for r in rows if r["tier"] != "none"]
    negatives = [r["text"] for r in rows if r["tier"] == "none"]
    recall = sum(_tier(t) is not None for t in positives) / len(positives)
    false_alarms = sum(_tier(t) is not None for t in negatives) / len(negatives)
    assert recall >= measured_recall - 0.04 and false_alarms <= measured_false_alarms + 0.03, (recall, false_alarms)


@pytest.mark.parametrize(
    ("text", "tier"),
    [("my chest hurts and my left arm is numb", Tier.EMERGENCY),
     ("my chest feels tight and my left arm is numb, I'm sweating", Tier.EMERGENCY),
     ("I took way too many of my sleeping pills an hour ago", Tier.EMERGENCY),
     ("I swallowed a whole bottle of pills", Tier.EMERGENCY),
     ("i want to kms", Tier.EMERGENCY),
     ("I've decided tonight is the night I end things", Tier.EMERGENCY),
     ("I took 30 paracetamol an hour ago", Tier.EMERGENCY),
     ("my mum fainted and isn't responding when I shake her", Tier.EMERGENCY)],
)
def test_the_plain_wordings_from_the_issue_are_emergencies(text, tier):
    assert _tier(text) is tier


@pytest.mark.parametrize(
    ("text", "kind"),
    [("my 2 month old has a temperature of 38.4 and won't feed", RedFlagKind.INFANT_FEVER),
     ("fainted twice this week at work, first time ever", RedFlagKind.FAINTING),
     ("fell off a ladder and now I can't put any weight on my ankle", RedFlagKind.INJURY_PAIN),
     ("my toddler fell off the sofa and hit his head, he threw up once", RedFlagKind.CHILD_HEAD_INJURY),
     ("been having suicidal thoughts most nights lately", RedFlagKind.SUICIDAL_THOUGHTS),
     ("our little one is 6 wks old and running a temperature tonight", RedFlagKind.INFANT_FEVER),
     ("a bit of wire flew into my eye at the workshop and my sight is blurry", RedFlagKind.EYE_INJURY),
     ("tummy ache so bad I'm doubled over on the bathroom floor", RedFlagKind.SEVERE_PAIN),
     ("I came round on the kitchen floor, no idea how long I was out", RedFlagKind.FAINTING),
     ("every few minutes I can't get a full breath in and then it settles", RedFlagKind.BREATHING_TROUBLE),
     ("grandma's talking nonsense and her left side has gone weak", RedFlagKind.STROKE),
     ("for about ten minutes at lunch I lost the vision in my left eye, it's mostly back", RedFlagKind.VISION_LOSS),
     ("spilled the kettle on my thigh, skin is peeling off and it's weeping", RedFlagKind.BURN),
     ("my 1 year old has had the runs since yesterday, only one wet nappy today", RedFlagKind.DEHYDRATION),
     ("the graze on my shin is hot and there's a red line going up towards my knee", RedFlagKind.SPREADING_INFECTION),
     ("since the coach trip back from Spain my left calf is swollen and tender", RedFlagKind.CIRCULATION),
     ("son's asthma is bad today, he needs his blue inhaler every two hours", RedFlagKind.BREATHING_TROUBLE),
     ("honestly I think everyone would be better off without me", RedFlagKind.SUICIDAL_THOUGHTS),
     ("came off my bike onto my wrist, it's swollen and I can't grip the handlebars", RedFlagKind.INJURY_PAIN)],
)
def test_urgent_care_signs_get_the_see_a_doctor_today_tier(text, kind):
    flags = detect_red_flags(text)
    assert kind in {f.kind for f in flags} and highest_tier(flags) is Tier.URGENT_CARE


@pytest.mark.parametrize(
    ("text", "why"),
    [("no chest pain, just a cough that won't quit", "negation"),
     ("I had a stroke three years ago and my grip is still weak", "past event"),
     ("my dissertation is about overdose deaths in rural counties, any datasets?", "topic"),
     ("how much paracetamol would cause an overdose?", "hypothetical question naming nobody"),
     ("What happens if someone has a stroke while asleep?", "hypothetical"),
     ("this deadline is killing me lol", "joke"),
     ("I feel like I'm suffocating in this lab culture", "figurative"),
     ("I've had chronic chest pain for years, the cardiologist says it's muscular", "chronic"),
     ("I'm not suicidal, just exhausted by my PhD", "negation inside the phrase"),
     ("During my final year at uni I was in a bad way. Some nights I thought about ending it. Therapy helped "
      "and I graduated. Any tips for starting a first job?", "a finished story told in the past tense"),
     ("my brother passed out at sports day last term, the school nurse said it was the heat. how do I help him "
      "drink enough", "past marker: last term"),
     ("Suppose a toddler swallowed one of those tiny magnets, what is the first thing to do?", "suppose"),
     ("In the event that a pupil collapses in class, should staff start CPR straight away?", "in the event"),
     ("my knee always hurts badly after football, is that normal?", "habitual, not an episode"),
     ("My nephew sleeps till noon every weekend and we cannot wake him before then", "habitual"),
     ("got a bit wheezy on the bike ride up the hill, fitness issue?", "mild"),
     ("the queue at the bank was so long I nearly fainted from boredom", "nearly: it did not happen"),
     ("after two night shifts I was basically unconscious on the train home", "figure of speech"),
     ("We need a policy for how to respond to a diner who collapses in the restaurant", "planning, a topic"),
     ("the pain in my side last Friday turned out to be a pulled muscle, it's gone now", "a finished outcome"),
     ("her face isn't drooping and both arms lift fine, she's just very tired", "denial inside the match"),
     ("my 4 year old bumped his head on the slide, tiny bruise, carried on playing", "a minor knock"),
     ("the GP says it's costochondritis, my chest aches when I twist", "a clinician said what it is"),
     ("kms (jk) the group chat is chaos again", "taken back in so many words"),
     ("I overdosed on chocolate over the holidays, time for salads", "a figurative overdose"),
     ("the final episode had me passing out on the sofa at 2am", "falling asleep"),
     ("my uncle overdosed when we were teenagers, a long time ago now", "a finished story"),
     ("our journal club is reading a trial on suicidal ideation in students", "a topic"),
     ("my grandad's had COPD for twelve years and gets breathless on hills", "chronic"),
     ("Let's say a colleague swallowed a battery, what's the first step?", "let's say"),
     ("Pain in my chest only when I push on the rib I bruised, not breathless at all", "pain reproduced by pressing"),
     ("my cat ate some lily pollen, is that poisonous? calling the vet now", "an animal"),
     ("blocked nose all week and I can't breathe through my nose at night", "a blocked nose"),
     ("I'm unfit and get short of breath on the stairs, best way to build up?", "unfit"),
     ("on sertraline for a year, feeling good, no suicidal thoughts, can I taper?", "no suicidal thoughts")],
)
def test_exemptions_keep_look_alikes_quiet(text, why):
    assert detect_red_flags(text) == [], why


@pytest.mark.parametrize(
    "text",
    ["Back in my second year I overdosed and was fine after hospital. Tonight I've swallowed all my tablets again.",
     "Since catching flu last week I'm waking up at night unable to breathe properly",
     "Last term I fainted in a lecture. Today I fainted twice on the bus and hit my head."],
)
def test_a_story_that_is_still_going_on_is_not_excused_as_past(text):
    assert detect_red_flags(text), text


@pytest.mark.parametrize(
    "text",
    ["my 2 year old walked into the door and has a big egg on his forehead, he's playing but was sick once",
     "The GP said it was reflux last month but now the chest pain is worse and spreading",
     "my 6 week old has a fever of 38.2 and he's crying more than usual"],
)
def test_a_warning_sign_or_a_change_outweighs_the_reassurance(text):
    assert detect_red_flags(text), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("she has soaked two pads in the last hour and feels faint", RedFlagKind.BLEEDING),
     ("dad is lying on the patio and not answering us", RedFlagKind.UNCONSCIOUS),
     ("my 5 month old's ribs are sucking in with every breath", RedFlagKind.BREATHING),
     ("since an hour ago my right arm and leg feel weak and heavy", RedFlagKind.STROKE),
     ("gran took her tablets for the whole week at once this morning", RedFlagKind.POISONING),
     ("I can't pee at all since last night and my lower belly is swollen", RedFlagKind.URINARY_RETENTION),
     ("hit my head on the car door at lunch, since then I've been sick twice and feel drowsy", RedFlagKind.HEAD_INJURY),
     ("his breath smells fruity and his meter says HI", RedFlagKind.DIABETIC_EMERGENCY),
     ("35 weeks pregnant with a pounding headache, flashing lights and my face is suddenly swollen",
      RedFlagKind.PREGNANCY_SIGNS),
     ("since the op he has a high temperature, he's shivering and his skin has gone mottled", RedFlagKind.SEPSIS_SIGNS),
     ("temp has been 39.6 for four days now and paracetamol barely dents it", RedFlagKind.PERSISTENT_FEVER),
     ("sliced my palm on a broken glass, the cut gapes when I open my hand", RedFlagKind.WOUND),
     ("lots of flashes in my right eye since lunch and now a dark shadow at the edge", RedFlagKind.VISION_LOSS),
     ("came off the trampoline onto my shoulder and I can't lift my arm above my waist", RedFlagKind.INJURY_PAIN),
     ("a sudden explosive headache hit me while lifting weights, nothing like my usual ones",
      RedFlagKind.SEVERE_HEADACHE)],
)
def test_more_standard_signs_are_caught(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["my toddler's chest isn't sucking in, she's just snuffly with a cold",
     "bumped my head on the kitchen shelf, no vomiting, no drowsiness, small bump. ice or heat?",
     "my heart rate hit 172 on the hill climb then went back to 95 within a minute",
     "is 'unalive' a word teachers should worry about when pupils use it?",
     "that quiz night had me wheezing, best team name ever",
     "if I have to sit through one more budget meeting I'm gonna kms",
     "she'd rather unalive herself than miss the concert, teenagers honestly",
     "my spaniel is having a seizure in the back of the car, we're five minutes from the vet",
     "our whole team collapsed in the second half, 4-0 down",
     "it's been a year since my attempt and I'm still here, thank you all",
     "I'm writing a novel where the husband collapses at a wedding. The bride finds him unresponsive.",
     "my wife says she's having a stroke every time she opens the gas bill",
     "a few yrs ago i wanted to unalive myself, now i'm thriving at uni, sharing for hope",
     "Questions for my first aid exam: 1. How long do you do CPR for? 2. What if someone's throat is swelling?",
     "wat would u do if ur mate passed out at a gig, call 999 straight away?",
     "My labrador ate a whole bar of dark chocolate and his heart is racing at 180, on our way to the vet",
     "kms if the bus is late one more time this week",
     "this coursework is gonna make me kms, 4000 words by friday",
     "Writing a sci-fi novel: my pilot gets shot in the shoulder. How long before he'd pass out from the bleeding?",
     "Our GP checked him over this morning and said he's absolutely fine after bumping his head on the table",
     "CAN'T BREATHE IN THIS HUMIDITY, ROLL ON WINTER",
     "that raid made me want to unalive myself, four hours on one boss",
     "my essay is about why teens use words like unalive and kms online",
     "My sister's cat was bleeding badly after a fox fight, the vet has stitched her up",
     "went to the walk-in for chest pain, they did an ECG and said it's anxiety. relieved tbh"],
)
def test_the_new_signs_keep_their_look_alikes_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    "text",
    ["if he leaves me I'm going to kill myself",
     "Our dog walker found our son seizing in the garden, at least 6 minutes now",
     "I'm writing my essay and suddenly my left arm went numb and my face drooped",
     "kms this life is too much, I've got the pills here",
     "I went in to ask if he wanted toast and he isn't responding when I shake him"],
)
def test_the_new_exemptions_do_not_excuse_the_real_thing(text):
    assert highest_tier(detect_red_flags(text)) is Tier.EMERGENCY, text


def test_a_plan_counts_only_in_a_post_about_suicide():
    assert detect_red_flags("we're planning how to surprise mum for her birthday") == []
    flags = detect_red_flags("I keep thinking about suicide and I've been planning when, probably Friday")
    assert highest_tier(flags) is Tier.EMERGENCY and flags[0].kind is RedFlagKind.SELF_HARM


def test_crisis_slang_taken_back_is_still_watched():
    text = "kms (jk) this essay is due at midnight"
    assert detect_red_flags(text) == [] and has_watch_words(text)


def test_bare_words_about_suicide_are_watched_not_flagged():
    text = "my brother's suicide last year still shapes how I teach"
    assert detect_red_flags(text) == [] and has_watch_words(text)


def test_chest_pain_with_a_companion_sign_anywhere_in_the_post_is_a_possible_heart_attack():
    flags = detect_red_flags("Chest pain since lunch. Also my jaw aches and I feel sick.")
    assert highest_tier(flags) is Tier.EMERGENCY and flags[0].kind is RedFlagKind.HEART_ATTACK


def test_a_denied_companion_sign_does_not_make_chest_pain_a_heart_attack():
    flags = detect_red_flags("Pain in my chest since breakfast, not breathless at all and not sweating")
    assert highest_tier(flags) is Tier.URGENT_CARE


def test_emergencies_come_first():
    flags = detect_red_flags("I fainted at work. Now my face is drooping on one side")
    assert [f.tier for f in flags] == sorted((f.tier for f in flags), key=lambda t: t is not Tier.EMERGENCY)
    assert flags[0].tier is Tier.EMERGENCY


def test_zero_width_characters_do_not_hide_a_flag():
    assert detect_red_flags("I can\u200bt breathe")[0].kind is RedFlagKind.BREATHING


def test_huge_and_empty_input():
    assert detect_red_flags("") == []
    assert detect_red_flags("a" * 500_000) == []


@pytest.mark.parametrize(
    "text",
    ["That's odd: my calf twitches after every run.", "I can't talk to my supervisor about it.",
     "Still having a hard time fitting in at my new lab.", "The old bridge collapsed in the storm."],
)
def test_everyday_words_that_look_like_emergencies_do_not_fire(text):
    assert detect_red_flags(text) == []


def _every_rule_on_every_clause(text: str) -> list[tuple[str, str]]:
    """The detector without its trigger-word shortcuts: every rule runs on every clause."""
    from responses import red_flags

    original = red_flags._stems_in
    red_flags._stems_in = lambda folded, among=None: frozenset(red_flags._TRIGGER_STEMS)
    try:
        return [(f.kind.value, f.phrase) for f in red_flags.detect_red_flags(text)]
    finally:
        red_flags._stems_in = original


def test_the_trigger_shortcut_never_changes_the_result():
    # every tenth row of the written sets keeps this test quick; the rules run on all of them in the bench
    texts = [r["text"] for r in (FRESH + EARLIER_FRESH)[::10]]
    for path in [SHIPPED_SEED_DIR / "own_personal_symptoms.jsonl", SHIPPED_SAFETY_DIR / "train_urgency.jsonl"]:
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    for text in texts:
        assert [(f.kind.value, f.phrase) for f in detect_red_flags(text)] == _every_rule_on_every_clause(text), text


@pytest.mark.parametrize(
    "text",
    ["My flatmate told me she plans to take her own life this weekend and has pills saved up",
     "the cut on my hand opened up again and blood is pouring out of the wound",
     "my 3 year old got into the cupboard and ate a bunch of his grandad's tablets",
     "he's swallowed the entire week's worth of his blister pack at once"],
)
def test_emergencies_in_other_words_reach_the_emergency_tier(text):
    assert highest_tier(detect_red_flags(text)) is Tier.EMERGENCY, text


def test_a_normal_temperature_in_a_baby_is_not_a_fever():
    assert detect_red_flags("Baby is 10 weeks with a temperature of 37.2 after her bath, all fine?") == []


def test_near_faints_that_keep_coming_are_not_excused_as_mild():
    assert RedFlagKind.FAINTING in {f.kind for f in detect_red_flags("I keep nearly passing out when I stand up")}


@pytest.mark.parametrize(
    "text",
    ["honestly everyone at home would be better off if I was gone",
     "no one would even notice if I died tonight",
     "what's the point of living like this",
     "can't see any point in carrying on anymore",
     "i'm so done with life",
     "tbh I wouldn't mind if I never woke up",
     "most nights I wish I could fall asleep and never wake up",
     "she keeps saying she wishes she could go to sleep and not wake up",
     "I hate everything and I'm too scared to die"],
)
def test_the_usual_screening_items_for_suicidal_thoughts_get_crisis_lines(text):
    flags = detect_red_flags(text)
    assert RedFlagKind.SUICIDAL_THOUGHTS in {f.kind for f in flags}, text
    assert any(f.kind in SELF_HARM_KINDS for f in flags)


@pytest.mark.parametrize(
    "text",
    ["the kids are happier when I'm gone to work, they get the tablet",
     "my group would be better off if I was gone next term, I slow them down on the maths",
     "what's the point of going on with this experiment if the grant is cut",
     "I'm so afraid to die young like my dad, is my cholesterol bad?",
     "what is the point of living wills, are they legally binding?"],
)
def test_look_alikes_of_the_screening_items_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("NOBODY TO ASK ROUND HERE WHAT DO WE DO HE HAS HAD DARK THOUGHTS AGAIN", RedFlagKind.SUICIDAL_THOUGHTS),
     ("no signal in the flat and she is not breathing properly, lips going grey", RedFlagKind.UNCONSCIOUS),
     ("I don't think he's breathing", RedFlagKind.UNCONSCIOUS),
     ("can't tell if my brother is still breathing, he's grey", RedFlagKind.UNCONSCIOUS)],
)
def test_a_denial_does_not_reach_past_a_new_subject(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["not that he passed out, he just flopped onto the sofa after football",
     "I don't think she's breathing right when she sleeps, she snores a lot, could it be apnoea?",
     "no chest pain, she says she feels fine now"],
)
def test_a_denial_still_covers_its_own_sign(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("her rescue meds haven't worked\nthe seizure won't stop, it's been 8 minutes", RedFlagKind.SEIZURE),
     ("the pain went from nothing to the worst pain of my life in about two seconds", RedFlagKind.SEVERE_PAIN),
     ("Back in my first year I had a bad patch. In the last week I had thoughts about wanting to die and they "
      "scare me", RedFlagKind.SUICIDAL_THOUGHTS),
     ("Had a stroke scare in 2019 which was fine. Since Tuesday his face went droopy on the left and his speech was "
      "slurred", RedFlagKind.STROKE),
     ("Years ago she had a seizure. She had three seizures in the last hour and did not come round between them",
      RedFlagKind.SEIZURE)],
)
def test_a_span_that_reaches_now_and_a_new_line_are_read_as_now(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


def test_the_last_time_is_still_a_past_event():
    assert detect_red_flags("The last time I had a seizure was at uni, ten years ago. Is driving OK now?") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [("my brother rang to say he's going to throw himself off the multistorey", RedFlagKind.SELF_HARM),
     ("she messaged the group chat goodbye everyone, love you all, and her phone has gone straight to voicemail",
      RedFlagKind.SELF_HARM),
     ("left a goodbye note for my flatmates on the fridge", RedFlagKind.SELF_HARM),
     ("ctb this weekend, it's sorted", RedFlagKind.SELF_HARM),
     ("can't stop thinking about killing myslef tonight", RedFlagKind.SELF_HARM),
     ("downed half a bottle of gin then took all the sleeping tablets I had", RedFlagKind.POISONING),
     ("Dad has swallowed all of my nan's codeine", RedFlagKind.POISONING),
     ("took my sertraline, the whole box, twenty minutes ago", RedFlagKind.POISONING)],
)
def test_the_warning_signs_crisis_lines_list_are_emergencies(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["if I have to sit one more stats exam I'm going to jump off the library roof",
     "I'm going to jump off the high board at the pool tomorrow, wish me luck",
     "my son said goodbye as he left for his flight and now his phone is off, typical",
     "I've decided it's tonight: takeaway and the season finale",
     "texted mum goodbye at the gate, phone off for the flight now"],
)
def test_look_alikes_of_the_warning_signs_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    "text",
    ["my grandad's talking gibberish rn and his left hand keeps dropping the remote, he says he's fine",
     "my uncle's words are all jumbled rn and his left leg just gave way at the bus stop",
     "whole right arm went floppy and my speech is all wrong, started ten minutes ago, I'm 52"],
)
def test_two_fast_signs_now_are_a_stroke_in_any_words(text):
    assert RedFlagKind.STROKE in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["Dad has MND: his words come out all wrong now and his hands are weak, what exercises help?",
     "after the dentist this morning half my face is numb, my lip is droopy and my words come out all wrong lol",
     "my flatmate is drunk, slurring and his legs gave way on the stairs just now, he's laughing",
     "Update on my post from last March: her face was droopy and her arm weak, it was a stroke and she's home now"],
)
def test_fast_signs_with_an_explanation_or_in_the_past_are_not_a_stroke_now(text):
    assert RedFlagKind.STROKE not in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["feels like a fridge is parked on my chest, my jaw aches and I'm dripping with sweat, 25 mins now",
     "Dad (66) says his breastbone is being squeezed and he feels sick, started while he was mowing",
     "heavy pressure across my chest for the past hour that goes into my left arm"],
)
def test_a_heart_attack_in_everyday_words_is_an_emergency(text):
    assert RedFlagKind.HEART_ATTACK in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["my chest feels tight after leg day and my arms ache, is that normal?",
     "tight chest with this cold, no arm pain, no sweating, just a cough since Monday",
     "Two years ago I had crushing chest pain into my jaw, it was a heart attack and I've had a stent since. "
     "Any tips for cardiac rehab?"],
)
def test_chest_feelings_with_an_everyday_cause_or_in_the_past_are_not_a_heart_attack(text):
    assert RedFlagKind.HEART_ATTACK not in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("my girlfriend had a prawn cracker ten minutes ago, her eyelids are puffing up and she sounds hoarse",
      RedFlagKind.ANAPHYLAXIS),
     ("he's got welts all up his arms after the wasp and he's gone pale and dizzy just now", RedFlagKind.ANAPHYLAXIS),
     ("we just jabbed him with his epipen and he looks ok now, do we still need to go in?", RedFlagKind.ANAPHYLAXIS),
     ("baby choked on a blueberry just now, she's silent and can't cry", RedFlagKind.BREATHING),
     ("ten puffs of ventolin in the last hour and I can barely get a sentence out", RedFlagKind.BREATHING)],
)
def test_signs_that_together_are_an_emergency_are_read_across_the_post(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["first aid exam tomorrow: if a baby is choking and silent, how many back blows before chest thrusts?",
     "had a bad reaction to penicillin at six months old, hives and vomiting; is amoxicillin OK for me now?",
     "my son choked on a grape in the nineties and went blue, he is 30 now and fine, we still talk about it",
     "If you ever have to use an EpiPen, do you still go to hospital after?"],
)
def test_combinations_in_lessons_and_old_stories_stay_quiet(text):
    assert detect_red_flags(text) == [], text


def test_every_combination_is_a_record_of_named_signs():
    from responses.red_flags import COMBINATIONS

    assert COMBINATIONS and all(len(c.signs) >= 2 and c.label for c in COMBINATIONS)
    # a combination with no trigger words would never be read
    assert all(c.triggers and all(t == t.casefold() for t in c.triggers) for c in COMBINATIONS)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("caught my thumb with the bread knife and it keeps bleeding, holding a tea towel on it for 25 mins and it's soaked right through",
      RedFlagKind.BLEEDING),
     ("my grandad is slumped in his armchair and does not respond to his name or a firm shake", RedFlagKind.UNCONSCIOUS),
     ("we can't rouse her, she's breathing but floppy", RedFlagKind.UNCONSCIOUS)],
)
def test_bleeding_pressure_is_not_stopping_and_no_response_to_voice_or_shake(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["tiny shaving nick won't stop bleeding, been 5 minutes, any tricks?",
     "my periods soak through a pad every 2 hours on day one, every month since I was 13, is that heavy?",
     "blood pressure cuff holding on my arm for ten minutes at the pharmacy, normal reading though"],
)
def test_everyday_bleeding_is_not_an_emergency(text):
    assert detect_red_flags(text) == [], text


def test_the_combination_shortcuts_never_change_the_result(monkeypatch):
    """The trigger stems of combinations only skip work: with them off, every post gets the same flags (every
    tenth written row, as in the rules' shortcut test)."""
    import dataclasses

    from responses import red_flags

    texts = [r["text"] for r in (FRESH + EARLIER_FRESH)[::10]]
    shortcut = [[(f.kind, f.phrase) for f in detect_red_flags(t)] for t in texts]
    monkeypatch.setattr(red_flags, "COMBINATIONS",
                        tuple(dataclasses.replace(c, triggers=("",)) for c in red_flags.COMBINATIONS))
    assert [[(f.kind, f.phrase) for f in detect_red_flags(t)] for t in texts] == shortcut


@pytest.mark.parametrize(
    "text",
    ["these days I mostly think about not being around anymore",
     "the urges to hurt myself are back this week",
     "been fantasising about dying most nights",
     "honestly so tired of being alive"],
)
def test_passive_suicidal_thoughts_in_other_words_get_crisis_lines(text):
    assert RedFlagKind.SUICIDAL_THOUGHTS in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["I'm tired of living with this knee pain, any stretches that help?",
     "sick and tired of living in a shared house with six people",
     "the PHQ-9 has an item about thoughts of self-harm, how do IRBs handle it?",
     "I'm not having any thoughts of hurting myself, just stressed about exams"],
)
def test_tiredness_with_life_circumstances_and_survey_items_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("36 weeks pregnant. Really bad headache. Lights look sparkly. Is it normal?", RedFlagKind.PREGNANCY_SIGNS),
     ("third trimester here. Feet and face puffed up since yesterday.", RedFlagKind.PREGNANCY_SIGNS),
     ("Hives started on my neck, itchy but fine, then spread down both arms really fast", RedFlagKind.SPREADING_INFECTION)],
)
def test_late_pregnancy_warnings_and_fast_spreading_rashes_across_sentences(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["I'm 30 weeks pregnant, can I take paracetamol for a mild headache?",
     "34 weeks pregnant and leaking a bit of fluid from my nipples, is that colostrum already?",
     "my eczema rash spread a bit over the winter, which cream is best?"],
)
def test_pregnancy_questions_and_slow_rashes_stay_quiet(text):
    assert detect_red_flags(text) == [], text


def test_a_new_stroke_in_someone_with_an_old_one_or_dementia_is_still_a_stroke():
    text = ("Nan has dementia and had a previous stroke years back. Tonight her words are all muddled and her right "
            "hand won't grip her cup")
    assert RedFlagKind.STROKE in {f.kind for f in detect_red_flags(text)}


@pytest.mark.parametrize(
    ("text", "kind"),
    [("came off my bike onto the kerb and now I can't move my legs", RedFlagKind.SPINAL_SIGNS),
     ("my flatmate has been stabbed in the arm outside the chippy", RedFlagKind.WOUND),
     ("I think my waters have gone, I'm only 33 weeks", RedFlagKind.PREGNANCY_SIGNS),
     ("got oven cleaner sprayed in my eye, it stings like mad", RedFlagKind.EYE_INJURY)],
)
def test_more_plain_emergencies_in_a_members_words(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["after leg day I literally can't move my legs lol, stairs are a nightmare",
     "the photographer shot our whole wedding on film",
     "my waters broke at 38 weeks with my first, years ago; how long did yours take?"],
)
def test_look_alikes_of_the_plain_emergencies_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("pretty sure I've broken my wrist, it's at a weird angle", RedFlagKind.INJURY_PAIN),
     ("two days of the runs and now I go light-headed whenever I stand", RedFlagKind.DEHYDRATION),
     ("got sick twice this morning and there was bright red in it", RedFlagKind.BLEEDING),
     ("he hasn't had a wee since this morning and his back aches", RedFlagKind.URINARY_RETENTION),
     ("her tongue is puffing up after that wasp got her", RedFlagKind.ANAPHYLAXIS)],
)
def test_same_day_signs_in_plain_words(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["my mouth feels a bit swollen after the dentist did a filling, normal?",
     "I broke my wrist as a teenager, does that change how I should train grip now?",
     "I get car sick and a bit dizzy on long drives, any tips?",
     "he ate a cashew and his mouth itched for a minute, no swelling at all"],
)
def test_look_alikes_of_the_same_day_signs_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("my dad came off a ladder clearing the gutters, says he's fine", RedFlagKind.INJURY_PAIN),
     ("stepped on a plank and a nail went right through my foot", RedFlagKind.INJURY_PAIN),
     ("my fingers got trapped in a press at work, they're purple", RedFlagKind.INJURY_PAIN),
     ("temp of 39.4 and she's shaking uncontrollably under three blankets", RedFlagKind.SEPSIS_SIGNS),
     ("been erect for 6 hours after taking something at a party", RedFlagKind.PROLONGED_ERECTION)],
)
def test_injuries_that_need_a_hospital_today_whatever_the_person_feels(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["I was shaking uncontrollably with nerves before my viva, is that normal?",
     "my son fell off his bunk bed when he was four; he's twelve now and fine",
     "got hit by a car in 2015 and still get knee pain on stairs, any exercises?"],
)
def test_nerves_and_old_injuries_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "tier"),
    [("my sister keeps saying she'll end herself, she's 15", Tier.EMERGENCY),
     ("honestly I can't keep myself safe tonight", Tier.EMERGENCY),
     ("cut my arm again last night, it's really deep and still oozing", Tier.EMERGENCY),
     ("the cuts from self-harming last week look infected now, there's pus", Tier.URGENT_CARE)],
)
def test_self_harm_in_the_words_people_use_gets_crisis_lines(text, tier):
    flags = detect_red_flags(text)
    assert highest_tier(flags) is tier and any(f.kind in SELF_HARM_KINDS for f in flags), text


@pytest.mark.parametrize(
    "text",
    ["in the last episode the character talks about killing himself and it was handled badly",
     "my dissertation is about how self-harm wounds get infected and why people delay care",
     "nicked myself shaving and cut myself on the razor, it's deep-ish but stopped",
     "my daughter had meningitis at five, the rash didn't fade under a glass; she's 16 now and fine"],
)
def test_self_harm_topics_and_old_stories_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("I've had chest discomfort since this morning, what could it be?", RedFlagKind.CHEST_PAIN),
     ("there's an ache behind my breastbone since I woke up", RedFlagKind.CHEST_PAIN),
     ("my chest feels really strange and tight tonight", RedFlagKind.CHEST_PAIN),
     ("she has a hard time breathing since the party", RedFlagKind.BREATHING_TROUBLE),
     ("he can't get enough air in when he lies down", RedFlagKind.BREATHING_TROUBLE),
     ("dyspnoea since lunch and it's getting worse", RedFlagKind.BREATHING_TROUBLE),
     ("I'm haemorrhaging after the birth, the midwife has gone", RedFlagKind.BLEEDING),
     ("a crushing sensation right across my chest", RedFlagKind.HEART_ATTACK)],
)
def test_the_other_words_people_use_for_the_named_signs(text, kind):
    """Clinical and lay synonyms of the signs LABELLING.md names (chest pain, trouble breathing, severe bleeding)."""
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["what usually causes chest discomfort after a big meal?",
     "no chest discomfort at all, just a tickly cough",
     "I pinned the medal to my chest, my feet hurt from standing all day",  # a comma ends the chest sign
     "our lab is haemorrhaging funding this year",
     "I nearly passed out when I saw the electricity bill",
     "just lost my grandad and I feel like I'm suffocating under all the paperwork"],
)
def test_figures_of_speech_and_general_questions_about_those_signs_stay_quiet(text):
    assert detect_red_flags(text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("the pulse ox on my finger says 86% and I'm puffing", RedFlagKind.BREATHING),
     ("mum's sats are 91 percent since lunch, what should we do?", RedFlagKind.BREATHING_TROUBLE),
     ("my son is gasping between words and his asthma pump isn't helping", RedFlagKind.BREATHING_TROUBLE),
     ("lost the strength in his right arm out of nowhere, can barely hold a cup", RedFlagKind.STROKE),
     ("she slumped over at the table and didn't answer, then she came round after a minute", RedFlagKind.FAINTING),
     ("passing big blood clots in my pee and now I'm really woozy", RedFlagKind.BLEEDING),
     ("my eyes are swollen shut after the new hair dye this morning", RedFlagKind.ALLERGIC_REACTION),
     ("ate way too many edibles an hour ago and my heart is going crazy", RedFlagKind.POISONING)],
)
def test_more_everyday_words_for_the_named_signs(text, kind):
    assert kind in {f.kind for f in detect_red_flags(text)}, text


@pytest.mark.parametrize(
    "text",
    ["my mum lost the use of her right side after her stroke in 2019, any tips for one-handed cooking?",
     "I came to the conclusion that my supervisor just doesn't read my drafts",
     "dad took a double dose of his statins last Tuesday by mistake, he was completely fine by the evening",
     "I get light-headed when I stand up fast, my GP says my blood pressure runs low",
     "my cardiologist says leg muscle helps the blood get back to the heart, and I get dizzy on standing",
     "my oxygen sats are usually 97 and my resting pulse is 88"],
)
def test_stories_and_numbers_that_only_look_like_those_signs_stay_quiet(text):
    assert detect_red_flags(text) == [], text
