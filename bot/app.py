"""Assembling Triage: the store, the model, the retriever and the pipeline, opened once and shared by every face."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bot.pipeline import ModelHolder, Pipeline
from classifier.registry import ModelRegistry
from data.db import open_db
from data.paths import SHIPPED_ARTICLES_DIR, SHIPPED_SEED_DIR, default_db_path
from data.settings_store import DEFAULT_SCOPE, guild_settings
from responses.importer import ensure_shipped_articles
from responses.policy import PolicySettings
from responses.retrieval import Retriever
from responses.safety import SafetyCheck

__all__ = ["TriageApp"]

_log = logging.getLogger(__name__)


@dataclass
class TriageApp:
    db: Database
    db_path: Path
    registry: ModelRegistry
    retriever: Retriever
    models: ModelHolder | None = None
    pipeline: Pipeline | None = None

    @classmethod
    def open(
        cls,
        db_path: str | Path | None = None,
        *,
        load_model: bool = True,
        settings: PolicySettings | None = None,
        on_step: Callable[[str], None] | None = None,
        seed_dir: Path = SHIPPED_SEED_DIR,
        articles_dir: Path = SHIPPED_ARTICLES_DIR,
    ) -> TriageApp:
        """Open the store (migrating it), import the shipped articles and train the default model on first use."""
        step = on_step or (lambda _msg: None)
        path = Path(db_path) if db_path else default_db_path()
        db = open_db(path)
        report = ensure_shipped_articles(db, articles_dir)
        if report is not None:
            step(f"imported {len(report.imported)} shipped articles ({report.passages} passages)")
        registry = ModelRegistry(db, path.parent / "models", seed_dir)
        app = cls(db=db, db_path=path, registry=registry, retriever=Retriever(db, cache_dir=path.parent / "index"))
        if load_model:
            model = registry.ensure_default(on_step=step)
            app.models = ModelHolder(model)
            app.pipeline = Pipeline(db, app.models, app.retriever, settings,
                                    settings_for=app.settings_reader(settings or PolicySettings()),
                                    safety=SafetyCheck(path.parent / "models"))
        return app

    def settings_reader(self, base: PolicySettings) -> Callable[[str | None], PolicySettings]:
        """Per-post policy settings: ``base`` with the guild's stored ``region`` (the default scope's for the
        terminal), so a moderator's change applies to the next post without a restart."""

        def settings_for(guild_id: str | None) -> PolicySettings:
            stored = guild_settings(self.db, guild_id or DEFAULT_SCOPE)
            region = stored.get("region") or base.region
            audit_percent = stored.get("audit_sample_percent")
            audit_rate = base.audit_rate if audit_percent is None else float(audit_percent) / 100
            return PolicySettings(region=str(region), passages=base.passages, min_score=base.min_score,
                                  margin=base.margin, referral_floor=base.referral_floor, audit_rate=audit_rate)

        return settings_for

    def require_pipeline(self) -> Pipeline:
        if self.pipeline is None:
            raise RuntimeError("TriageApp was opened without a model")
        return self.pipeline

    def close(self) -> None:
        self.db.close()
