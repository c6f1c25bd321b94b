"""Judging labelled posts the way a moderator would: the whole pipeline's decision, not only the label.

A per-class table says how often the label is right. A community judges something else: whether the bot stays
silent on chatter, answers questions, gives every personal post a referral, raises emergencies, and never drops
a post that needed someone (silent *and* not queued). This module runs the same :meth:`Pipeline.analyse` the
bot runs (nothing is written) on each labelled post and reports those figures, with one :class:`JudgedPost`
per post so anyone can recompute them.

``cross_validated`` measures "the community after moderators labelled some posts" without leakage: the model is
trained on the seed posts plus K-1 folds of the file and judged on the held-out fold, for every fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from sklearn.model_selection import StratifiedKFold

from bot.pipeline import ModelHolder, Pipeline
from classifier.calibrate import choose_thresholds
from classifier.evaluate import EvalReport, evaluate_predictions
from classifier.examples import Example
from classifier.labels import ANSWERED_LABELS, Label
from classifier.model import Prediction, TriageModel
from classifier.train import fit_with_probabilities
from responses.notices import NoticeCode

__all__ = ["JudgedPost", "PostFigures", "Judgement", "judge", "cross_validated"]

_SAFETY_NOTICES = {str(NoticeCode.URGENT), str(NoticeCode.URGENT_CARE)}
_REFERRAL_NOTICES = {str(NoticeCode.DOCTOR_REFERRAL), *_SAFETY_NOTICES}


@dataclass(frozen=True)
class JudgedPost:
    """One line of ``triage eval --predictions``."""

    id: str
    gold: str
    predicted: str
    confidence: float
    replied: bool
    queued: bool
    notices: list[str]
    urgent_gold: bool | None
    urgent_tier: str | None
    fold: int | None = None


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, 4)


@dataclass
class PostFigures:
    """The moderator's figures; each rate comes with its numerator and denominator."""

    silent_on_other: float | None
    silent_on_other_n: tuple[int, int]
    answered: float | None
    answered_n: tuple[int, int]
    referral_coverage: float | None
    referral_coverage_n: tuple[int, int]
    dropped: float | None
    dropped_n: tuple[int, int]
    macro_f1_questions: float
    urgent_recall: float | None = None
    urgent_recall_n: tuple[int, int] = (0, 0)
    urgent_false_alarms: float | None = None
    urgent_false_alarms_n: tuple[int, int] = (0, 0)
    emergency_tier_recall: float | None = None

    @classmethod
    def from_posts(cls, posts: Sequence[JudgedPost], report: EvalReport) -> PostFigures:
        other = [p for p in posts if p.gold == Label.OTHER]
        questions = [p for p in posts if p.gold != Label.OTHER]
        personal = [p for p in posts if p.gold == Label.PERSONAL_SYMPTOMS]
        silent = sum(not p.replied for p in other)
        answered = sum(p.replied for p in questions)
        covered = sum(bool(_REFERRAL_NOTICES & set(p.notices)) for p in personal)
        dropped = sum(not p.replied and not p.queued for p in questions)
        f1s = [report.per_class[str(lab)].f1 for lab in ANSWERED_LABELS
               if str(lab) in report.per_class and report.per_class[str(lab)].support]
        figures = cls(
            silent_on_other=_rate(silent, len(other)), silent_on_other_n=(silent, len(other)),
            answered=_rate(answered, len(questions)), answered_n=(answered, len(questions)),
            referral_coverage=_rate(covered, len(personal)), referral_coverage_n=(covered, len(personal)),
            dropped=_rate(dropped, len(questions)), dropped_n=(dropped, len(questions)),
            macro_f1_questions=round(float(np.mean(f1s)), 4) if f1s else 0.0,
        )
        marked = [p for p in posts if p.urgent_gold is not None]
        if marked:
            urgent = [p for p in marked if p.urgent_gold]
            calm = [p for p in marked if not p.urgent_gold]
            caught = sum(p.urgent_tier is not None for p in urgent)
            alarms = sum(p.urgent_tier is not None for p in calm)
            figures.urgent_recall, figures.urgent_recall_n = _rate(caught, len(urgent)), (caught, len(urgent))
            figures.urgent_false_alarms = _rate(alarms, len(calm))
            figures.urgent_false_alarms_n = (alarms, len(calm))
            figures.emergency_tier_recall = _rate(sum(p.urgent_tier == "emergency" for p in urgent), len(urgent))
        return figures


@dataclass
class Judgement:
    report: EvalReport
    figures: PostFigures
    posts: list[JudgedPost] = field(default_factory=list)
    model_version: str = ""
    thresholds: dict[str, float] = field(default_factory=dict)
    folds: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"model_version": self.model_version, "thresholds": self.thresholds, "folds": self.folds,
                **self.report.to_dict(), "figures": asdict(self.figures)}


def _judge_posts(pipeline: Pipeline, examples: Sequence[Example], fold: int | None = None
                 ) -> tuple[list[JudgedPost], list[Prediction]]:
    posts, predictions = [], []
    for number, example in enumerate(examples):
        analysis = pipeline.analyse(example.text)
        reply = analysis.plan.reply
        predictions.append(analysis.prediction)
        posts.append(JudgedPost(
            id=example.id or str(number), gold=str(example.label), predicted=str(analysis.prediction.label),
            confidence=round(analysis.prediction.confidence, 4), replied=reply is not None,
            queued=analysis.plan.needs_review, notices=[] if reply is None else reply.notice_codes,
            urgent_gold=example.urgent, urgent_tier=analysis.urgent_tier, fold=fold,
        ))
    return posts, predictions


def _summarise(posts: list[JudgedPost], predictions: list[Prediction], model: TriageModel | None) -> Judgement:
    labels = [str(label) for label in Label]
    report = evaluate_predictions([p.gold for p in posts], predictions, model, labels=labels)
    return Judgement(report, PostFigures.from_posts(posts, report), posts)


def judge(pipeline: Pipeline, examples: Sequence[Example]) -> Judgement:
    """The serving model's judgement of every example."""
    model = pipeline.models.get()
    posts, predictions = _judge_posts(pipeline, examples)
    judgement = _summarise(posts, predictions, model)
    judgement.model_version, judgement.thresholds = model.version, dict(model.thresholds)
    return judgement


def train_in_memory(examples: Sequence[Example], version: str) -> TriageModel:
    """A model trained and calibrated as ``triage train`` does, kept in memory (nothing saved)."""
    pipeline, proba, classes = fit_with_probabilities(examples, folds=5)
    thresholds = choose_thresholds([str(e.label) for e in examples], proba, classes)
    return TriageModel(pipeline, version=version, thresholds=thresholds)


def cross_validated(
    pipeline: Pipeline, seed: Sequence[Example], examples: Sequence[Example], folds: int,
    on_fold: Callable[[int], None] | None = None,
) -> Judgement:
    """Train on ``seed`` plus K-1 folds of ``examples``; judge the held-out fold; every post judged once."""
    if folds < 2:
        raise ValueError("--cv needs at least 2 folds")
    y = np.asarray([str(e.label) for e in examples])
    smallest = min(int((y == label).sum()) for label in set(y))
    if smallest < folds:
        raise ValueError(f"--cv {folds}: a label has only {smallest} posts in the file")
    posts: list[JudgedPost] = []
    predictions: list[Prediction] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for fold, (train_idx, test_idx) in enumerate(splitter.split(np.zeros(len(y)), y)):
        if on_fold:
            on_fold(fold)
        model = train_in_memory([*seed, *(examples[i] for i in train_idx)], version=f"cv-fold-{fold}")
        fold_pipeline = Pipeline(pipeline.db, ModelHolder(model), pipeline.retriever, pipeline.settings,
                                 safety=pipeline.safety)
        fold_posts, fold_predictions = _judge_posts(fold_pipeline, [examples[i] for i in test_idx], fold)
        posts += fold_posts
        predictions += fold_predictions
    judgement = _summarise(posts, predictions, None)
    judgement.model_version, judgement.folds = f"seed + {folds - 1}/{folds} of the file, per fold", folds
    return judgement
