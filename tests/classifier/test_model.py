from __future__ import annotations

import numpy as np
import pytest

from classifier.errors import TrainingError
from classifier.examples import Example
from classifier.labels import Label, parse_label
from classifier.model import PERSONAL_FLOOR_KEY, TriageModel, decide_index, decide_indices
from classifier.text import clean_text
from classifier.train import LARGE_TRAINING_SET, cross_val_probabilities, fit_pipeline, fold_count


@pytest.fixture(scope="module")
def tiny_model():
    from tests.conftest import TINY

    examples = [Example(text=t, label=label) for label, texts in TINY.items() for t in texts]
    return TriageModel(fit_pipeline(examples), version="t1")


def test_probabilities_sum_to_one_and_follow_classes(tiny_model):
    p = tiny_model.predict("why do astronauts lose muscle mass in space")
    assert abs(sum(p.probabilities.values()) - 1) < 1e-5
    assert list(p.probabilities) == [str(c) for c in tiny_model.pipeline.classes_]
    assert p.confidence == max(p.probabilities.values())
    assert p.model_version == "t1"


def test_tiny_model_learns_something(tiny_model):
    assert tiny_model.predict("thanks everyone, ty").label is Label.OTHER
    assert tiny_model.predict("for my school project I need sources").label is Label.RESEARCH_HELP


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "@everyone " * 1000, "🙂" * 5000, "a" * 200_000])
def test_predict_never_raises_on_odd_input(tiny_model, text):
    p = tiny_model.predict(text)
    assert p.label in set(Label)


def test_training_refuses_a_single_label():
    with pytest.raises(TrainingError, match="two labels"):
        fit_pipeline([Example("a b c", Label.OTHER), Example("d e f", Label.OTHER)])


def test_personal_floor_overrides_argmax():
    classes = ["general_info", "other", "personal_symptoms", "research_help"]
    row = np.array([0.5, 0.05, 0.4, 0.05])
    assert classes[decide_index(row, classes, {})] == "general_info"
    assert classes[decide_index(row, classes, {PERSONAL_FLOOR_KEY: 0.35})] == "personal_symptoms"
    assert classes[decide_index(row, classes, {PERSONAL_FLOOR_KEY: 0.45})] == "general_info"


def test_cross_val_probabilities_are_out_of_fold(tiny_examples):
    proba, classes = cross_val_probabilities(tiny_examples, folds=4)
    assert proba.shape == (len(tiny_examples), 4)
    assert np.allclose(proba.sum(axis=1), 1)
    assert classes == sorted(classes)


@pytest.mark.parametrize("value,expected", [("Research_Help", Label.RESEARCH_HELP), ("personal", Label.PERSONAL_SYMPTOMS),
                                            ("general-info", Label.GENERAL_INFO)])
def test_parse_label(value, expected):
    assert parse_label(value) is expected


def test_parse_label_names_the_choices():
    with pytest.raises(ValueError, match="research_help"):
        parse_label("spam")


def test_decide_indices_applies_the_floor_rule_to_every_row():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(4), size=500)
    classes = ["general_info", "other", "personal_symptoms", "research_help"]
    for thresholds in ({}, {PERSONAL_FLOOR_KEY: 0.2}, {PERSONAL_FLOOR_KEY: 0.4}):
        floor = thresholds.get(PERSONAL_FLOOR_KEY)
        expected = [2 if floor is not None and row[2] >= floor else int(np.argmax(row)) for row in proba]
        assert decide_indices(proba, classes, thresholds).tolist() == expected


def test_one_post_at_a_time_gives_the_pipelines_own_probabilities(tiny_model):
    from classifier.fast_predict import LinearTextScorer

    scorer = LinearTextScorer.from_pipeline(tiny_model.pipeline)
    assert scorer is not None
    texts = ["my arm is thin after the cast", "sources for my essay?", "thanks!", "what is sarcopenia", "",
             "zzzz qqqq", "Café NAÏVE résumé 🙂", "a" * 3000, "muscle " * 400]
    for text in texts:
        cleaned = clean_text(text)
        expected = tiny_model.pipeline.predict_proba([cleaned])[0]
        assert np.abs(scorer.proba(cleaned) - expected).max() < 1e-6, text
        one, batch = tiny_model.predict(text), tiny_model.predict_many([text, text])[0]
        assert one.label == batch.label
        assert one.probabilities == pytest.approx(batch.probabilities, abs=1e-5)


def test_pipelines_the_fast_path_does_not_know_are_left_to_scikit_learn(tiny_examples):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from classifier.fast_predict import LinearTextScorer

    texts, labels = [e.text for e in tiny_examples], [str(e.label) for e in tiny_examples]
    binary_norm = Pipeline([("features", FeatureUnion([("w", TfidfVectorizer(norm="l1"))])),
                            ("clf", LogisticRegression())]).fit(texts, labels)
    assert LinearTextScorer.from_pipeline(binary_norm) is None
    model = TriageModel(binary_norm)
    assert model.predict("my leg is weak").label in set(Label)


def test_fold_count_uses_fewer_folds_on_large_sets_and_never_more_than_the_rarest_label():
    assert fold_count(300, 100) == 5
    assert fold_count(LARGE_TRAINING_SET, 1000) == 2
    assert fold_count(300, 3) == 3
    assert fold_count(300, 1) == 2


def test_warm_started_final_fit_predicts_like_a_cold_one(tiny_examples):
    from classifier.train import fit_with_probabilities

    warm, _proba, _classes = fit_with_probabilities(tiny_examples, folds=4)
    cold = fit_pipeline(tiny_examples)
    texts = [clean_text(e.text) for e in tiny_examples] + ["my legs feel weak", "need papers for class"]
    assert (warm.predict(texts) == cold.predict(texts)).all()
    assert np.abs(warm.predict_proba(texts) - cold.predict_proba(texts)).max() < 0.02
    assert warm.named_steps["clf"].warm_start is False


def test_class_weights_are_balanced_with_personal_symptoms_weighted_up():
    from classifier.model import PERSONAL_COST, class_weights

    labels = ["general_info"] * 6 + ["personal_symptoms"] * 3 + ["other"] * 3
    weights = class_weights(labels)
    assert weights["general_info"] == pytest.approx(12 / (3 * 6))
    assert weights["other"] == pytest.approx(12 / (3 * 3))
    assert weights["personal_symptoms"] == pytest.approx(PERSONAL_COST * 12 / (3 * 3)) and PERSONAL_COST > 1
    assert class_weights(["research_help", "other", "other"]) == pytest.approx({"research_help": 1.5, "other": 0.75})


def test_training_uses_the_weights_in_every_fit(tiny_examples):
    from classifier.model import class_weights
    from classifier.train import fit_with_probabilities

    pipeline, _proba, _classes = fit_with_probabilities(tiny_examples, folds=2)
    assert pipeline.named_steps["clf"].class_weight == class_weights([str(e.label) for e in tiny_examples])
