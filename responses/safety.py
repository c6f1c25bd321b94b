"""The safety check every post goes through first: the deterministic rules plus a learned component.

The rules (:mod:`responses.red_flags`) are precise on the signs they know; people describe emergencies in many
more ways than any rule list holds. So a small scikit-learn model, trained on the project's own written
examples (``data/safety/train_urgency*.jsonl``: emergencies, urgent-care cases and look-alikes in many
registers), reads the whole post too. Either can raise the flag:

* the model's emergency probability over its emergency threshold raises an ``emergency`` flag, over its
  urgent-care threshold an ``urgent_care`` one;
* below those, a post whose model score reaches the *watch* threshold, or that holds self-harm or overdose
  words, is **watched**: no urgent notice, but a moderator looks at it at high priority (fail closed: a silent
  miss on self-harm is the costliest error the bot can make).

The thresholds are chosen from out-of-fold probabilities on the training examples (a false-alarm budget on the
look-alikes), never from the posts the project measures on. The fitted model is cached next to the other models
as a skops file and loaded through the same trusted-type check.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from classifier.errors import ModelFileError
from classifier.examples import load_seed
from classifier.fast_predict import LinearTextScorer
from classifier.persistence import load_pipeline, save_pipeline
from classifier.text import clean_text
from classifier.vectorizers import CompactTfidfVectorizer
from data.paths import SHIPPED_SAFETY_DIR, SHIPPED_SEED_DIR
from responses import red_flags
from responses.red_flags import (
    SELF_HARM_KINDS,
    RedFlag,
    RedFlagKind,
    Tier,
    detect_red_flags,
    has_watch_words,
    highest_tier,
)

__all__ = ["SafetyAssessment", "SafetyCheck", "UrgencyModel", "TrainingSet", "TRAINING_DIR", "train_urgency_model",
           "read_training",
           "load_or_train"]

_log = logging.getLogger(__name__)

#: ``train_urgency*.jsonl`` here are the learned component's training examples. Nine of them were measuring sets
#: once (``train_urgency_from_fresh_v1..v9``); ``safety_fresh_v10..v12.jsonl`` beside them are the measuring sets
#: now and are never trained on.
TRAINING_DIR = SHIPPED_SAFETY_DIR
TRAINING_GLOB = "train_urgency*.jsonl"
#: The seed's personal-symptom posts that are urgent by the tier definitions, with their tier: they are training
#: positives, not "ordinary post" negatives (the seed was written for the topic classifier, not for safety).
SEED_LABELS_FILE = "seed_safety_labels.jsonl"

#: The model's classes: emergencies are split into self-harm and the rest, so a flag raised by the model alone
#: still knows whether the notice needs crisis lines.
NONE, URGENT, EMERGENCY, SELF_HARM = "none", "urgent_care", "emergency", "self_harm"

#: Out-of-fold false-alarm budgets on the look-alikes of the training set, per decision. Half of what they were
#: before the two earlier fresh sets joined the training data: the rules catch most of what the model would add
#: on real posts, and every false alarm the model raises is added to the rules' own (chosen on dev_gold and the
#: old fresh sets, before the new fresh set was read).
EMERGENCY_FALSE_ALARMS = 0.005
URGENT_FALSE_ALARMS = 0.01
WATCH_FALSE_ALARMS = 0.06
#: A second budget on the seed's ordinary personal-symptom posts alone (out of fold): the closest thing in our own
#: data to a real member describing a symptom. The budgets above are met over all look-alikes, most of which are
#: questions and chat the model never flags, so on their own they let it flag 3-4 % of ordinary symptom posts,
#: which is what real posts showed (dev_gold). 1.5 % at first; 1 % since session 5: over held-out v7-v9 written
#: recall 0.974 -> 0.967 at the same false alarms, and dev_gold false alarms 19 -> 13 of 1,027 (the learned
#: part's were short consumer questions about one-sided pain, bleeding in pregnancy). Chosen with dev_gold in view.
EVERYDAY_PERSONAL_FALSE_ALARMS = 0.01


class TrainingSet(NamedTuple):
    texts: list[str]
    labels: list[str]
    #: True for the seed's ordinary personal-symptom posts (the second false-alarm budget is counted on them)
    everyday: list[bool]


@dataclass(frozen=True)
class SafetyAssessment:
    """What the safety check found in one post."""

    flags: list[RedFlag] = field(default_factory=list)
    #: Not flagged, but worth a moderator's look at high priority (self-harm or overdose words, or a model
    #: score just under its thresholds).
    watch: bool = False
    #: The learned component's emergency and urgent-or-worse probabilities (None when it is not loaded).
    model_scores: dict[str, float] | None = None

    @property
    def tier(self) -> Tier | None:
        return highest_tier(self.flags)

    @property
    def self_harm(self) -> bool:
        return any(f.kind in SELF_HARM_KINDS for f in self.flags)

    @property
    def kinds(self) -> list[str]:
        return [str(f.kind) for f in self.flags]

    def first_kind(self, tier: Tier) -> str | None:
        return next((str(f.kind) for f in self.flags if f.tier is tier), None)


def _row_label(row: dict) -> str:
    tier = row.get("tier")
    if tier == "emergency":
        return SELF_HARM if row.get("kind") == "self_harm" else EMERGENCY
    if tier == "urgent_care":
        return URGENT
    return NONE


def _training_files(source: Path) -> list[Path]:
    """A training file, or every ``train_urgency*.jsonl`` in a folder."""
    return sorted(source.glob(TRAINING_GLOB)) if source.is_dir() else [source] if source.is_file() else []


def _seed_labels_file(source: Path) -> Path | None:
    path = source / SEED_LABELS_FILE if source.is_dir() else None
    return path if path is not None and path.is_file() else None


def _read_seed_labels(source: Path) -> dict[str, dict]:
    """Safety labels for seed posts, keyed by their normalised text."""
    path = _seed_labels_file(source)
    if path is None:
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {_key(row["text"]): row for row in rows}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_training(source: Path = TRAINING_DIR, seed_dir: Path | None = SHIPPED_SEED_DIR) -> TrainingSet:
    """The written safety examples, plus the seed posts as look-alikes of everyday community posts. The seed was
    written for the classifier, not for safety, and some of its personal posts describe urgent things: those
    labelled in ``seed_safety_labels.jsonl`` are positives with their tier, and of the rest, those the rules flag
    or that hold watch words are left out."""
    texts, labels, everyday = [], [], []
    for path in _training_files(source):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            texts.append(str(row["text"]))
            labels.append(_row_label(row))
            everyday.append(False)
    if seed_dir is not None:
        seed_labels = _read_seed_labels(source)
        for example in load_seed(seed_dir):
            labelled = seed_labels.get(_key(example.text))
            if labelled is not None:  # urgent by the tier definitions: a positive
                texts.append(example.text)
                labels.append(_row_label(labelled))
                everyday.append(False)
            elif not detect_red_flags(example.text) and not has_watch_words(example.text):
                texts.append(example.text)
                labels.append(NONE)
                everyday.append(str(example.label) == "personal_symptoms")
    return TrainingSet(texts, labels, everyday)


def _pipeline() -> Pipeline:
    features = FeatureUnion([
        # terms in at least 2 (words) or 3 (character n-grams) examples: half the features of min_df 1/2 and
        # 40 % less training time, with the same recall and false alarms on the development sets
        ("words", CompactTfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, strip_accents="unicode",
                                         dtype=np.float32)),
        ("chars", CompactTfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=3,
                                         dtype=np.float32)),
    ])
    return Pipeline([("features", features), ("clf", _classifier())])


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=2.0, class_weight="balanced", max_iter=1000, tol=1e-3, random_state=0)


def _scores(proba: np.ndarray, classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(emergency probability, urgent-or-worse probability) per row."""
    col = {c: i for i, c in enumerate(classes)}

    def column(name: str) -> np.ndarray:  # a class the training file lacks scores zero
        return proba[:, col[name]] if name in col else np.zeros(len(proba))

    emergency = column(EMERGENCY) + column(SELF_HARM)
    return emergency, emergency + column(URGENT)


def _threshold(negative_scores: np.ndarray, budget: float) -> float:
    """The lowest threshold at which at most ``budget`` of the look-alikes score at or above it."""
    if not len(negative_scores):
        return 0.5
    ranked = np.sort(negative_scores)[::-1]
    allowed = int(np.floor(budget * len(ranked)))
    return float(min(0.99, max(0.2, ranked[allowed] + 1e-6)))


@dataclass
class UrgencyModel:
    pipeline: Pipeline
    thresholds: dict[str, float]
    _scorer: LinearTextScorer | None = field(default=None, init=False, repr=False)

    def scores(self, text: str) -> tuple[float, float, float]:
        """(emergency, urgent-or-worse, share of the emergency probability that is self-harm)."""
        cleaned = clean_text(text, limit=1000)
        if self._scorer is None:
            self._scorer = LinearTextScorer.from_pipeline(self.pipeline)
        classes = [str(c) for c in self.pipeline.classes_]
        if self._scorer is not None:
            row = self._scorer.proba(cleaned)[np.newaxis, :]
        else:
            row = self.pipeline.predict_proba([cleaned])
        emergency, urgent = _scores(row, classes)
        self_harm = row[0, classes.index(SELF_HARM)] if SELF_HARM in classes else 0.0
        return float(emergency[0]), float(urgent[0]), float(self_harm / max(emergency[0], 1e-9))

    def flags(self, text: str) -> tuple[list[RedFlag], bool, dict[str, float]]:
        emergency, urgent, self_harm_share = self.scores(text)
        found: list[RedFlag] = []
        if emergency >= self.thresholds[EMERGENCY]:
            kind = RedFlagKind.SELF_HARM if self_harm_share >= 0.5 else RedFlagKind.LEARNED
            found.append(RedFlag(kind, Tier.EMERGENCY, "", source="model"))
        elif urgent >= self.thresholds[URGENT]:
            kind = RedFlagKind.SUICIDAL_THOUGHTS if self_harm_share >= 0.5 else RedFlagKind.LEARNED
            found.append(RedFlag(kind, Tier.URGENT_CARE, "", source="model"))
        watch = urgent >= self.thresholds["watch"]
        return found, watch, {"emergency": round(emergency, 4), "urgent_or_worse": round(urgent, 4)}


def choose_thresholds(emergency: np.ndarray, urgent: np.ndarray, negatives: np.ndarray, personal: np.ndarray
                      ) -> dict[str, float]:
    """Each decision's threshold meets its false-alarm budget over all look-alikes (``negatives``) and, for the
    flags, over the ordinary personal-symptom posts (``personal``) alone too: the stricter of the two wins."""
    emergency_bar = _threshold(emergency[negatives], EMERGENCY_FALSE_ALARMS)
    urgent_bar = _threshold(urgent[negatives], URGENT_FALSE_ALARMS)
    if personal.any():
        emergency_bar = max(emergency_bar, _threshold(emergency[personal], EVERYDAY_PERSONAL_FALSE_ALARMS / 2))
        urgent_bar = max(urgent_bar, _threshold(urgent[personal], EVERYDAY_PERSONAL_FALSE_ALARMS))
    return {  # rounded up, so that rounding never lets one more look-alike through
        EMERGENCY: _round_up(emergency_bar),
        URGENT: _round_up(urgent_bar),
        "watch": _round_up(_threshold(urgent[negatives], WATCH_FALSE_ALARMS)),
    }


def _round_up(value: float) -> float:
    return math.ceil(value * 10_000) / 10_000


def train_urgency_model(texts: list[str], labels: list[str], everyday: list[bool] | None = None, folds: int = 3
                        ) -> UrgencyModel:
    """Fit the model and choose its thresholds from out-of-fold scores on the look-alikes: each meets its budget
    over all look-alikes and, when ``everyday`` marks ordinary personal-symptom posts, over those alone too.

    The TF-IDF features never see a label, so they are fitted once on all texts and only the classifier is
    cross-validated (as :mod:`classifier.train` does): a few seconds instead of a refit per fold.
    """
    cleaned = [clean_text(t, limit=1000) for t in texts]
    y = np.asarray(labels)
    classes = sorted(set(labels))
    pipeline = _pipeline()
    features = pipeline.steps[0][1]
    x = features.fit_transform(cleaned)
    oof = np.zeros((len(y), len(classes)))
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
        fold = _classifier().fit(x[train_idx], y[train_idx])
        oof[test_idx] = fold.predict_proba(x[test_idx])
    emergency, urgent = _scores(oof, classes)
    negatives = y == NONE
    personal = negatives & np.asarray(everyday if everyday is not None else [False] * len(y), dtype=bool)
    thresholds = choose_thresholds(emergency, urgent, negatives, personal)
    pipeline.steps[1][1].fit(x, y)
    return UrgencyModel(pipeline, thresholds)


def _data_hash(files: list[Path], seed_dir: Path | None) -> str:
    """Changes when the training files, the seed posts or the rules (which filter the seed) change."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    for seed in sorted(seed_dir.glob("*.jsonl")) if seed_dir is not None else []:
        digest.update(seed.read_bytes())
    digest.update(Path(red_flags.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def load_or_train(cache_dir: Path | None, source: Path = TRAINING_DIR, seed_dir: Path | None = SHIPPED_SEED_DIR
                  ) -> UrgencyModel | None:
    """The urgency model for the shipped training file: from the cache when it matches, else trained (and
    cached). ``None`` when there is no training file (the rules still run).

    The cache is keyed by a hash of everything the model is trained from, and loaded through the same skops
    trusted-type check as the classifier (its recorded sha256 sits beside it, so the check that matters is the
    type check: a tampered file that holds anything but a TF-IDF and logistic-regression pipeline is refused)."""
    files = _training_files(source)
    seed_labels = _seed_labels_file(source)
    if not files:
        _log.warning("no urgency training file at %s: the safety check runs on rules alone", source)
        return None
    key = _data_hash(files + ([seed_labels] if seed_labels is not None else []), seed_dir)
    model_path = meta_path = None
    if cache_dir is not None:
        model_path = cache_dir / f"urgency-{key}.skops"
        meta_path = cache_dir / f"urgency-{key}.json"
        if model_path.is_file() and meta_path.is_file():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                return UrgencyModel(load_pipeline(model_path, meta["sha256"]), meta["thresholds"])
            except (ModelFileError, KeyError, ValueError) as exc:
                _log.error("urgency model cache refused (%s); training it again", exc)
    model = train_urgency_model(*read_training(source, seed_dir))
    if model_path is not None and meta_path is not None:
        sha = save_pipeline(model.pipeline, model_path)
        meta_path.write_text(json.dumps({"sha256": sha, "thresholds": model.thresholds}), encoding="utf-8")
    return model


class SafetyCheck:
    """Rules plus the learned component. Loads the model on first use (thread-safe), so opening the app for a
    command that answers no post costs nothing."""

    def __init__(self, cache_dir: str | Path | None = None, *, use_model: bool = True,
                 model: UrgencyModel | None = None) -> None:
        self._cache_dir = None if cache_dir is None else Path(cache_dir)
        self._use_model = use_model
        self._model = model
        self._lock = threading.Lock()

    @classmethod
    def rules_only(cls) -> SafetyCheck:
        return cls(use_model=False)

    def model(self) -> UrgencyModel | None:
        if self._model is None and self._use_model:
            with self._lock:
                if self._model is None:
                    self._model = load_or_train(self._cache_dir)
                    if self._model is None:
                        self._use_model = False
        return self._model

    def assess(self, text: str) -> SafetyAssessment:
        flags = detect_red_flags(text)
        model = self.model()
        watch = False
        scores = None
        if model is not None:
            learned, watch, scores = model.flags(text)
            have = highest_tier(flags)
            for flag in learned:
                if have is None or (have is Tier.URGENT_CARE and flag.tier is Tier.EMERGENCY):
                    flags = [flag, *flags]
        watch = not flags and (watch or has_watch_words(text))
        return SafetyAssessment(flags=flags, watch=watch, model_scores=scores)
