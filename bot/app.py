"""Assembling Triage: the store, the model, the retriever and the pipeline, opened once and shared by every face."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from bot.pipeline import ModelHolder, Pipeline
from classifier.registry import ModelRegistry
from data.db import Store, open_db
from data.paths import SHIPPED_ARTICLES_DIR, default_db_path
from data.paths import seed_dir as configured_seed_dir
from data.settings_store import DEFAULT_SCOPE, guild_settings
from responses.importer import ensure_shipped_articles
from responses.locales import notice_language
from responses.policy import PolicySettings
from responses.retrieval import Retriever
from responses.safety import SafetyCheck

__all__ = ["TriageApp"]

_log = logging.getLogger(__name__)


class TriageApp:
    """The store, the model registry, the retriever and (on first use) the pipeline, shared by every face.

    A context manager: ``with TriageApp.open(path) as app: ...`` closes the store however the block ends.
    ``pipeline`` loads (or, on a new data directory, trains) the model the first time it is asked for, so a
    command that answers no post never pays for it.
    """

    def __init__(self, db: Store, db_path: Path, registry: ModelRegistry, retriever: Retriever,
                 settings: PolicySettings | None = None, on_step: Callable[[str], None] | None = None) -> None:
        self.db = db
        self.db_path = db_path
        self.registry = registry
        self.retriever = retriever
        self._settings = settings or PolicySettings()
        self._on_step = on_step
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()
        #: each guild's Discord language as a plain code ("fr"), told by the Discord face; used when the guild's
        #: ``language`` setting is ``auto``
        self._guild_languages: dict[str, str] = {}

    @classmethod
    def open(
        cls,
        db_path: str | Path | None = None,
        *,
        settings: PolicySettings | None = None,
        on_step: Callable[[str], None] | None = None,
        seed_dir: Path | None = None,
        articles_dir: Path = SHIPPED_ARTICLES_DIR,
    ) -> TriageApp:
        """Open the store (migrating it) and import the shipped articles on first use."""
        step = on_step or (lambda _msg: None)
        path = Path(db_path) if db_path else default_db_path()
        db = open_db(path)
        try:
            report = ensure_shipped_articles(db, articles_dir)
        except BaseException:
            db.close()
            raise
        if report is not None:
            step(f"imported {len(report.imported)} shipped articles ({report.passages} passages)")
        registry = ModelRegistry(db, path.parent / "models", seed_dir or configured_seed_dir())
        return cls(db, path, registry, Retriever(db, cache_dir=path.parent / "index"), settings, on_step)

    def __enter__(self) -> TriageApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline every face answers through; the model is loaded (or trained) on first use."""
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    model = self.registry.ensure_default(on_step=self._on_step)
                    holder = ModelHolder(model, follow=self.registry.load_if_changed)
                    self._pipeline = Pipeline(self.db, holder, self.retriever, self._settings,
                                              settings_for=self.settings_reader(self._settings),
                                              safety=SafetyCheck(self.db_path.parent / "models"))
        return self._pipeline

    @property
    def models(self) -> ModelHolder:
        return self.pipeline.models

    @property
    def loaded_models(self) -> ModelHolder | None:
        """The serving models when the pipeline is loaded, else None (without loading anything)."""
        return None if self._pipeline is None else self._pipeline.models

    def set_guild_language(self, guild_id: str, language: str | None) -> None:
        """The guild's Discord language (a plain code such as ``fr``, from its ``preferred_locale``), or None to
        forget it. The Discord face calls this when the guild becomes available or changes its language."""
        if language:
            self._guild_languages[guild_id] = language
        else:
            self._guild_languages.pop(guild_id, None)

    def guild_language(self, guild_id: str | None) -> str | None:
        return None if guild_id is None else self._guild_languages.get(guild_id)

    def settings_reader(self, base: PolicySettings) -> Callable[[str | None], PolicySettings]:
        """Per-post policy settings: ``base`` with the guild's stored ``region`` (the default scope's for the
        terminal), so a moderator's change applies to the next post without a restart. The notices' language
        is the ``language`` setting, or with ``auto`` the guild's Discord language, else English."""

        def settings_for(guild_id: str | None) -> PolicySettings:
            stored = guild_settings(self.db, guild_id or DEFAULT_SCOPE)
            region = stored.get("region") or base.region
            audit_percent = stored.get("audit_sample_percent")
            audit_rate = base.audit_rate if audit_percent is None else float(audit_percent) / 100
            language = notice_language(stored.get("language"), self.guild_language(guild_id) or base.language)
            return PolicySettings(region=str(region), language=language, passages=base.passages, min_score=base.min_score,
                                  margin=base.margin, referral_floor=base.referral_floor, audit_rate=audit_rate)

        return settings_for

    def close(self) -> None:
        self.db.close()
