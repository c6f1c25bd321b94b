"""The safety check: rules plus the learned component, the watch list, and the cached model's trust check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responses.red_flags import RedFlag, RedFlagKind, Tier
from responses.safety import SafetyCheck, UrgencyModel, load_or_train, train_urgency_model

EMERGENCY = ["he collapsed and his lips are blue", "she is not breathing help", "took all my pills just now",
             "my dad cant move his arm and his face looks strange", "blood everywhere from the cut on his leg",
             "my throat is closing after the peanut cookie", "he has been seizing for ten minutes",
             "i am going to end it tonight", "grandma wont wake up", "I swallowed drain cleaner"]
URGENT = ["my baby is 6 weeks old with a fever", "fainted twice at work today", "toddler hit his head and vomited",
          "wheezing comes and goes since yesterday", "cannot put weight on my ankle after the fall"]
CALM = ["what is a normal resting heart rate", "thanks for the reading list", "my knee aches after running",
        "any tips for sleeping better", "how much protein do older adults need", "good luck with your viva",
        "is sarcopenia reversible", "my thesis is on sleep and memory", "how do statins work",
        "I love this server", "what vitamins help hair growth", "best stretches for a stiff back",
        "when is flu season", "how long does a cold last", "what does HbA1c measure"]


def _tiny_file(tmp_path: Path) -> Path:
    rows = ([{"text": t, "tier": "emergency", "kind": "x"} for t in EMERGENCY]
            + [{"text": t, "tier": "urgent_care", "kind": "y"} for t in URGENT]
            + [{"text": t, "tier": "none", "kind": "general"} for t in CALM])
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_the_model_is_cached_and_a_tampered_cache_is_refused_and_retrained(tmp_path, caplog):
    path = _tiny_file(tmp_path)
    cache = tmp_path / "models"
    first = load_or_train(cache, path, seed_dir=None)
    assert first is not None and set(first.thresholds) == {"emergency", "urgent_care", "watch"}
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 2 and files[0].endswith(".json") and files[1].endswith(".skops")
    again = load_or_train(cache, path, seed_dir=None)
    assert again is not None and again.thresholds == first.thresholds
    (cache / files[1]).write_bytes(b"not a skops file")
    retrained = load_or_train(cache, path, seed_dir=None)
    assert retrained is not None and "refused" in caplog.text


def test_no_training_file_means_rules_only(tmp_path):
    assert load_or_train(tmp_path, tmp_path / "missing.jsonl") is None
    check = SafetyCheck.rules_only()
    assert check.model() is None and check.assess("I can't breathe").tier is Tier.EMERGENCY


class _Fixed(UrgencyModel):
    """A stand-in with fixed scores, so the combination logic is tested on its own."""

    def __init__(self, emergency: float, urgent: float, self_harm: float = 0.0) -> None:
        super().__init__(pipeline=None, thresholds={"emergency": 0.6, "urgent_care": 0.6, "watch": 0.3})  # type: ignore[arg-type]
        self._fixed = (emergency, urgent, self_harm)

    def scores(self, text: str) -> tuple[float, float, float]:
        return self._fixed


def test_the_learned_component_can_raise_a_flag_the_rules_miss():
    assessment = SafetyCheck(model=_Fixed(0.9, 0.95, self_harm=0.8)).assess("everything is ready, goodbye all")
    assert assessment.tier is Tier.EMERGENCY and assessment.self_harm
    assert assessment.flags[0].source == "model"


def test_a_model_emergency_upgrades_an_urgent_care_rule_but_never_downgrades():
    upgraded = SafetyCheck(model=_Fixed(0.9, 0.95)).assess("I fainted at work")
    assert upgraded.tier is Tier.EMERGENCY
    kept = SafetyCheck(model=_Fixed(0.0, 0.0)).assess("I can't breathe")
    assert kept.tier is Tier.EMERGENCY and kept.flags[0].source == "rule"


@pytest.mark.parametrize(("scores", "text", "watch"), [((0.1, 0.4), "rough week honestly", True),
                                                       ((0.0, 0.0), "my essay on suicide prevention", True),
                                                       ((0.0, 0.0), "thanks for the help", False)])
def test_unsure_posts_and_self_harm_words_are_watched(scores, text, watch):
    assessment = SafetyCheck(model=_Fixed(*scores)).assess(text)
    assert assessment.tier is None and assessment.watch is watch


def test_training_chooses_thresholds_from_out_of_fold_scores(tmp_path):
    from responses.safety import read_training

    model = train_urgency_model(*read_training(_tiny_file(tmp_path), seed_dir=None), folds=2)
    assert 0.2 <= model.thresholds["watch"] <= model.thresholds["urgent_care"] <= 0.99
    emergency, urgent, _share = model.scores("he is not breathing and his lips are blue")
    assert urgent >= emergency > 0


def test_a_model_flag_is_a_red_flag_with_its_source():
    flag = RedFlag(RedFlagKind.LEARNED, Tier.URGENT_CARE, "", source="model")
    assert flag.kind == "learned" and flag.tier == "urgent_care"


def test_seed_posts_labelled_urgent_are_positives_not_ordinary_posts(tmp_path):
    from responses.safety import read_training

    safety = tmp_path / "safety"
    safety.mkdir()
    _tiny_file(tmp_path).rename(safety / "train_urgency_tiny.jsonl")
    seed = tmp_path / "seed"
    seed.mkdir()
    urgent_seed = "my toddler has a rash, a high temperature and will not drink anything"
    calm_seed = "how long until my calf muscle comes back after the cast"
    (seed / "own_personal.jsonl").write_text(
        "\n".join(json.dumps({"text": t, "label": "personal_symptoms"}) for t in (urgent_seed, calm_seed)) + "\n",
        encoding="utf-8")
    texts, labels, _everyday = read_training(safety, seed_dir=seed)
    assert labels[texts.index(urgent_seed)] == "none" and labels[texts.index(calm_seed)] == "none"
    (safety / "seed_safety_labels.jsonl").write_text(
        json.dumps({"text": urgent_seed, "tier": "urgent_care", "kind": "child_fever"}) + "\n", encoding="utf-8")
    texts, labels, _everyday = read_training(safety, seed_dir=seed)
    assert labels[texts.index(urgent_seed)] == "urgent_care" and labels[texts.index(calm_seed)] == "none"


def test_ordinary_symptom_posts_have_their_own_false_alarm_budget():
    import numpy as np

    from responses.safety import EVERYDAY_PERSONAL_FALSE_ALARMS, choose_thresholds

    # 1,000 look-alikes: 900 questions and chat the model scores near zero, 100 ordinary symptom posts it scores
    # higher. Over all of them 1 % may be flagged; over the symptom posts alone a smaller share.
    rng = np.random.default_rng(0)
    urgent = np.concatenate([rng.uniform(0.0, 0.1, 900), np.linspace(0.3, 0.95, 100)])
    emergency = urgent / 2
    negatives = np.ones(1000, dtype=bool)
    personal = np.arange(1000) >= 900
    plain = choose_thresholds(emergency, urgent, negatives, np.zeros(1000, dtype=bool))
    budgeted = choose_thresholds(emergency, urgent, negatives, personal)
    assert (urgent[personal] >= plain["urgent_care"]).mean() == 0.1  # the overall budget alone: 10 % of them
    assert (urgent[personal] >= budgeted["urgent_care"]).mean() <= EVERYDAY_PERSONAL_FALSE_ALARMS < 0.1
    assert (urgent[negatives] >= budgeted["urgent_care"]).mean() <= 0.01
    assert budgeted["watch"] == plain["watch"]
