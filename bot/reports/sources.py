"""What a report needs from a running app besides the store: the serving model's vocabulary, the retriever (for
the article closest to a content gap) and the training label mix."""

from __future__ import annotations

import logging
from collections import Counter

from sqlite_utils import Database

from bot.app import TriageApp
from bot.reports.build import ReportOptions
from bot.reports.drift import Vocabulary
from bot.reports.gaps import ClosestArticle
from classifier.errors import ClassifierError
from classifier.model import TriageModel
from data import model_versions, stats
from data.labels import training_labels
from responses.retrieval import Retriever

__all__ = ["report_options", "serving_model"]

_log = logging.getLogger(__name__)


def serving_model(app: TriageApp) -> TriageModel | None:
    """The model in memory, else the current version loaded from disk (read only: a file that fails its check
    leaves the report without vocabulary figures instead of changing which model is current)."""
    if app.loaded_models is not None:
        return app.loaded_models.get()
    current = model_versions.current_version(app.db)
    if current is None:
        return None
    try:
        return app.registry.load_version(current)
    except ClassifierError as exc:
        _log.warning("report: model %s not loaded (%s); no out-of-vocabulary figures", current.version, exc)
        return None


def _training_mix(app: TriageApp, db: Database) -> dict[str, int] | None:
    """Recorded at training time; for a model trained before that, the seed posts plus the strong labels that
    existed when it was trained (what a retrain would have used)."""
    current = model_versions.current_version(db)
    if current is None:
        return None
    recorded = stats.training_mix(db, current.version)
    if recorded is not None:
        return recorded
    counts = Counter(str(e.label) for e in app.registry.seed_examples())
    counts.update(r.label for r in training_labels(db) if r.created_at <= current.created_at)
    return dict(counts) or None


def report_options(app: TriageApp, db: Database | None = None) -> ReportOptions:
    """Options for a report read through ``db`` (default: the app's connection). A thread with its own
    connection gets its own retriever too (over the same cached index), since a connection stays on its thread."""
    model = serving_model(app)
    if db is None or db is app.db:
        db, retriever = app.db, app.retriever
    else:
        retriever = Retriever(db, cache_dir=app.retriever.cache_dir)

    def closest(text: str) -> ClosestArticle | None:
        hits = retriever.search(text, k=1)
        return ClosestArticle(hits[0].article_title, hits[0].score) if hits else None

    return ReportOptions(vocabulary=None if model is None else Vocabulary.from_pipeline(model.pipeline),
                         closest_article=closest, training_mix=_training_mix(app, db))
