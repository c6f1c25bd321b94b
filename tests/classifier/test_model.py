from __future__ import annotations

import numpy as np
import pytest

from classifier.errors import TrainingError
from classifier.examples import Example
from classifier.labels import Label, parse_label
from classifier.model import PERSONAL_FLOOR_KEY, TriageModel, decide_index
from classifier.train import cross_val_probabilities, fit_pipeline


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
