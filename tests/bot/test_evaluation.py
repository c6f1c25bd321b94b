"""Judging labelled posts: figures from the pipeline's decisions, and cross-validation without leakage."""

from __future__ import annotations

from bot.evaluation import JudgedPost, PostFigures, cross_validated
from classifier.evaluate import evaluate_predictions
from classifier.examples import Example
from classifier.labels import Label
from classifier.model import Prediction

FILE = {
    Label.PERSONAL_SYMPTOMS: ["my shoulder has been stiff for a month and now my hand tingles",
                              "my son keeps waking up with a sore throat, should we see someone",
                              "since starting metformin I feel sick every morning, is that normal for me"],
    Label.GENERAL_INFO: ["what is the difference between a virus and bacteria", "does coffee raise blood pressure",
                         "how long do antibiotics take to work"],
    Label.RESEARCH_HELP: ["need three journal articles on hand hygiene for my nursing essay",
                          "which statistical test for my survey data in my psychology project",
                          "how do I narrow my dissertation topic on childhood obesity"],
    Label.OTHER: ["anyone else's lab freezing today", "congrats to everyone who submitted", "see you at journal club"],
}


def _post(gold: str, predicted: str, replied: bool, queued: bool, notices: list[str],
          urgent: bool | None = None, tier: str | None = None) -> JudgedPost:
    return JudgedPost("x", gold, predicted, 0.9, replied, queued, notices, urgent, tier)


def test_figures_count_what_a_moderator_counts():
    posts = [
        _post("other", "other", False, False, []),                                     # silent: right
        _post("other", "general_info", True, False, []),                               # answered chatter
        _post("general_info", "other", False, False, []),                              # dropped
        _post("general_info", "other", False, True, []),                               # queued, not dropped
        _post("personal_symptoms", "general_info", True, False, ["doctor_referral"]),  # covered anyway
        _post("personal_symptoms", "personal_symptoms", True, True, ["urgent"], True, "emergency"),
        _post("research_help", "research_help", True, False, ["research_pointers"], False, "urgent_care"),
    ]
    predictions = [Prediction(Label(p.predicted), 0.9, {}, "t") for p in posts]
    report = evaluate_predictions([p.gold for p in posts], predictions, labels=[str(lab) for lab in Label])
    figures = PostFigures.from_posts(posts, report)
    assert figures.silent_on_other_n == (1, 2) and figures.dropped_n == (1, 5)
    assert figures.answered_n == (3, 5) and figures.referral_coverage_n == (2, 2)
    assert figures.urgent_recall_n == (1, 1) and figures.urgent_false_alarms_n == (1, 1)


def test_cross_validation_judges_every_post_once_with_a_model_that_never_saw_it(app, tiny_examples):
    examples = [Example(text=t, label=label, id=f"{label}-{i}") for label, texts in FILE.items()
                for i, t in enumerate(texts)]
    folds_seen: list[int] = []
    judgement = cross_validated(app.pipeline, tiny_examples, examples, folds=3, on_fold=folds_seen.append)
    assert folds_seen == [0, 1, 2] and judgement.folds == 3
    assert sorted(p.id for p in judgement.posts) == sorted(e.id for e in examples)
    by_fold: dict[int, list[str]] = {}
    for post in judgement.posts:
        by_fold.setdefault(post.fold, []).append(post.gold)
    assert all(sorted(golds) == sorted(str(lab) for lab in Label) for golds in by_fold.values())
