"""Model versions on disk and in the store: train the default model, load the current one safely, roll back.

Files live only in the models directory beside the database (the store records file names, never paths, so a
row cannot point a load anywhere else) and are loaded only after their sha256 matches
the one recorded in ``model_versions``. A current model that fails that check is marked ``refused`` and the
newest earlier good version takes over, with a loud log line: the bot keeps answering with a model it trusts.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from classifier.calibrate import CalibrationTargets, choose_thresholds
from classifier.errors import ModelFileError, NoModel
from classifier.examples import Example, load_seed
from classifier.model import TriageModel
from classifier.persistence import load_pipeline, save_pipeline
from classifier.train import fit_pipeline, fit_with_probabilities
from data import model_versions
from data.audit import audit
from data.db import write_lock, write_transaction
from data.model_versions import ModelVersion
from data.states import ModelStatus

__all__ = ["ModelRegistry", "TrainedCandidate"]

_log = logging.getLogger(__name__)


class TrainedCandidate:
    """A freshly trained model, saved and registered as a candidate but not yet current."""

    def __init__(self, model: TriageModel, record: ModelVersion) -> None:
        self.model = model
        self.record = record


class ModelRegistry:
    def __init__(self, db: Database, models_dir: str | Path, seed_dir: str | Path) -> None:
        self.db = db
        self.models_dir = Path(models_dir)
        self.seed_dir = Path(seed_dir)

    # ---- naming -------------------------------------------------------------------------------------
    def _new_version_name(self) -> str:
        n = len(model_versions.list_versions(self.db)) + 1
        return f"v{n}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}"

    def seed_examples(self) -> list[Example]:
        return load_seed(self.seed_dir)

    # ---- training -----------------------------------------------------------------------------------
    def train_candidate(
        self,
        examples: Sequence[Example],
        *,
        n_seed: int,
        n_labels: int,
        metrics: dict[str, Any] | None = None,
        targets: CalibrationTargets | None = None,
        calibrate: bool = True,
        on_step: Callable[[str], None] | None = None,
    ) -> TrainedCandidate:
        """Fit, calibrate thresholds out-of-fold, save and register a candidate version (not promoted)."""
        step = on_step or (lambda _msg: None)
        started = time.perf_counter()
        thresholds: dict[str, float] = {}
        if calibrate:
            step("fitting the model and calibrating thresholds (cross-validation)")
            pipeline, proba, classes = fit_with_probabilities(examples, folds=5)
            thresholds = choose_thresholds([str(e.label) for e in examples], proba, classes, targets)
        else:
            step("fitting the model")
            pipeline = fit_pipeline(examples)
        version = self._new_version_name()
        path = self.models_dir / f"{version}.skops"
        step("saving the model")
        sha = save_pipeline(pipeline, path)
        record_metrics = dict(metrics or {})
        record_metrics["train_seconds"] = round(time.perf_counter() - started, 2)
        record_metrics["n_examples"] = len(examples)
        # the training label mix, which the moderators' report compares each week's posts against (drift)
        record_metrics["label_counts"] = dict(sorted(Counter(str(e.label) for e in examples).items()))
        with write_lock(self.db):
            record = model_versions.register_version(
                self.db, version=version, path=path.name, sha256=sha, n_seed=n_seed, n_labels=n_labels,
                metrics=record_metrics, thresholds=thresholds,
            )
        return TrainedCandidate(TriageModel(pipeline, version=version, thresholds=thresholds), record)

    def promote(self, version: str, actor: str = "triage") -> None:
        with write_transaction(self.db):
            model_versions.promote(self.db, version)
            audit(self.db, actor, "model.promote", "model", version)

    def ensure_default(self, on_step: Callable[[str], None] | None = None) -> TriageModel:
        """The current model; on first use, train one from the shipped seed posts and make it current."""
        try:
            return self.load_current()
        except NoModel as exc:
            if model_versions.list_versions(self.db):
                _log.error("MODEL REFUSED: %s; training a fresh model from the seed posts", exc)
        seed = self.seed_examples()
        if not seed:
            raise NoModel(f"no model yet and no seed posts in {self.seed_dir}")
        _log.info("training the default model from %d seed posts", len(seed))
        candidate = self.train_candidate(seed, n_seed=len(seed), n_labels=0, on_step=on_step)
        self.promote(candidate.record.version)
        return candidate.model

    # ---- loading ------------------------------------------------------------------------------------
    def load_version(self, record: ModelVersion) -> TriageModel:
        name = Path(record.path)
        if name.name != record.path or name.name in {"", ".", ".."}:
            raise ModelFileError(f"model {record.version} names a path outside the models directory; refusing it")
        pipeline = load_pipeline(self.models_dir / name.name, record.sha256)
        return TriageModel(pipeline, version=record.version, thresholds=dict(record.thresholds))

    def load_current(self) -> TriageModel:
        """Load the current version; if it is refused, fall back to the newest good earlier version.

        :raises NoModel: no version exists, or none can be loaded.
        """
        current = model_versions.current_version(self.db)
        if current is None:
            raise NoModel("no model has been trained yet")
        try:
            return self.load_version(current)
        except ModelFileError as exc:
            _log.error("MODEL REFUSED: version %s cannot be trusted (%s); falling back", current.version, exc)
            with write_lock(self.db):
                model_versions.set_status(self.db, current.version, ModelStatus.REFUSED, note=str(exc))
                audit(self.db, "triage", "model.refused", "model", current.version, reason=str(exc))
        for record in reversed(model_versions.list_versions(self.db)):
            if record.status not in {"archived"}:
                continue
            try:
                model = self.load_version(record)
            except ModelFileError as exc:
                _log.error("MODEL REFUSED: fallback version %s cannot be trusted either (%s)", record.version, exc)
                with write_lock(self.db):
                    model_versions.set_status(self.db, record.version, ModelStatus.REFUSED, note=str(exc))
                continue
            self.promote(record.version, actor="triage:fallback")
            _log.error("MODEL FALLBACK: now serving version %s", record.version)
            return model
        raise NoModel("the current model was refused and no earlier good version exists")

    def load_if_changed(self, served_version: str) -> TriageModel | None:
        """The current model when it is not ``served_version`` (changed by another process), else None."""
        current = model_versions.current_version(self.db)
        if current is None or current.version == served_version:
            return None
        return self.load_current()

    def rollback(self, version: str | None = None, actor: str = "cli") -> ModelVersion:
        """Make ``version`` (default: the one before the current) current again, after checking it loads."""
        versions = model_versions.list_versions(self.db)
        current = model_versions.current_version(self.db)
        if version is None:
            if current is None:
                raise NoModel("there is no current model to roll back from")
            earlier = [v for v in versions if v.created_at < current.created_at and v.status == "archived"]
            if not earlier:
                earlier = [v for v in versions if v.version != current.version and v.status == "archived"]
            if not earlier:
                raise NoModel("there is no earlier model version to roll back to")
            target = earlier[-1]
        else:
            target = model_versions.get_version(self.db, version)
        self.load_version(target)  # refuse a target that does not load
        with write_transaction(self.db):
            model_versions.promote(self.db, target.version)
            audit(self.db, actor, "model.rollback", "model", target.version,
                  previous=None if current is None else current.version)
        return model_versions.get_version(self.db, target.version)
