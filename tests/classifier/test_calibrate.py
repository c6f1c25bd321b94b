"""Threshold calibration from out-of-fold probabilities: chosen inside the range, edges reported, the drop
budget keeps questions from being silenced."""

from __future__ import annotations

import numpy as np

from classifier.calibrate import (
    FLOOR_RANGE,
    THRESHOLD_RANGE,
    CalibrationTargets,
    bound_hits,
    choose_thresholds,
)
from classifier.model import PERSONAL_FLOOR_KEY

CLASSES = ["general_info", "other", "personal_symptoms", "research_help"]


def _rows(label: str, confidence: float, n: int, runner_up: str = "general_info") -> tuple[list[str], list[list[float]]]:
    row = [0.0] * 4
    row[CLASSES.index(label)] = confidence
    rest = [c for c in CLASSES if c != label]
    row[CLASSES.index(runner_up if runner_up != label else rest[0])] += 1 - confidence
    return [label] * n, [row] * n


def _data(*parts: tuple[str, str, float, int]) -> tuple[list[str], np.ndarray]:
    """(gold, predicted, confidence, count) groups."""
    y, proba = [], []
    for gold, predicted, confidence, n in parts:
        _, rows = _rows(predicted, confidence, n, runner_up=gold)
        y += [gold] * n
        proba += rows
    return y, np.asarray(proba)


def test_a_label_whose_low_confidence_answers_are_wrong_gets_a_threshold_inside_the_range():
    y, proba = _data(("general_info", "general_info", 0.9, 40), ("other", "general_info", 0.55, 20),
                     ("other", "other", 0.95, 40), ("personal_symptoms", "personal_symptoms", 0.9, 40),
                     ("research_help", "research_help", 0.9, 40))
    thresholds = choose_thresholds(y, proba, CLASSES)
    assert 0.55 < thresholds["general_info"] <= 0.9
    assert "general_info" not in bound_hits(thresholds)


def test_easy_data_lands_on_the_edge_and_is_reported():
    y, proba = _data(*[(c, c, 0.97, 30) for c in CLASSES])
    thresholds = choose_thresholds(y, proba, CLASSES)
    assert thresholds["general_info"] == THRESHOLD_RANGE[0]
    assert "general_info" in bound_hits(thresholds)


def test_other_is_raised_until_few_questions_would_be_dropped():
    # questions predicted "other" at 0.7: silencing them would drop them, so "other" needs more than 0.7
    y, proba = _data(("other", "other", 0.9, 100), ("personal_symptoms", "other", 0.7, 5),
                     ("personal_symptoms", "personal_symptoms", 0.9, 100), ("general_info", "general_info", 0.9, 50),
                     ("research_help", "research_help", 0.9, 50))
    thresholds = choose_thresholds(y, proba, CLASSES, CalibrationTargets(personal_recall=0.9, other_precision=0.5,
                                                                         drop_budget=0.0))
    assert thresholds["other"] > 0.7


def test_the_personal_floor_is_the_highest_that_keeps_recall():
    # personal posts the model puts second at 0.3: only a floor at or below 0.3 refers them
    y, proba = _data(("personal_symptoms", "personal_symptoms", 0.9, 90), ("personal_symptoms", "general_info", 0.7, 10),
                     ("general_info", "general_info", 0.9, 100), ("other", "other", 0.9, 50),
                     ("research_help", "research_help", 0.9, 50))
    thresholds = choose_thresholds(y, proba, CLASSES, CalibrationTargets(personal_recall=0.99))
    assert thresholds[PERSONAL_FLOOR_KEY] == 0.3
    thresholds = choose_thresholds(y, proba, CLASSES, CalibrationTargets(personal_recall=0.9))
    assert thresholds[PERSONAL_FLOOR_KEY] == FLOOR_RANGE[1]
    assert PERSONAL_FLOOR_KEY in bound_hits(thresholds)
