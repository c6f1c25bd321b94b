"""The async face of the pipeline: every blocking call (sklearn, SQLite) runs in a worker thread.

The Discord client holds one :class:`TriageService`. Retraining runs under an ``asyncio.Lock`` in a thread and
the new model is swapped in with one assignment, so posts keep being answered while it trains.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.app import TriageApp
from bot.pipeline import Outcome, Post
from classifier.retrain import RetrainResult, RetrainSettings, retrain

__all__ = ["TriageService"]

_log = logging.getLogger(__name__)
T = TypeVar("T")


class TriageService:
    def __init__(self, app: TriageApp, retrain_settings: RetrainSettings | None = None) -> None:
        self.app = app
        self.retrain_settings = retrain_settings or RetrainSettings()
        self._retrain_lock = asyncio.Lock()

    @property
    def db(self):  # noqa: ANN201 - sqlite_utils.Database
        return self.app.db

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking function off the event loop."""
        return await asyncio.to_thread(func, *args, **kwargs)

    async def handle(self, post: Post) -> Outcome:
        return await self.run(self.app.require_pipeline().handle_post, post)

    @property
    def retraining(self) -> bool:
        return self._retrain_lock.locked()

    async def retrain(self, actor: str) -> RetrainResult:
        """Retrain off the loop; on promotion, load the new model (sha256 + type checks) and swap it in."""
        async with self._retrain_lock:
            holder = self.app.models
            current = None if holder is None else holder.get()
            result = await self.run(retrain, self.app.db, self.app.registry, current, self.retrain_settings, actor)
            if result.promoted and holder is not None:
                model = await self.run(self.app.registry.load_current)
                holder.swap(model)
                _log.info("model swapped in: %s", model.version)
            return result
