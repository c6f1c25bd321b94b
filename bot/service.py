"""The async face of the pipeline: every blocking call (sklearn, SQLite) runs off the event loop.

The store's connection is used from exactly one worker thread, so SQLite calls are never interleaved on one
connection and the event loop never blocks. That thread takes work in priority order: an urgent job (a post that
looks like an emergency, and the moderator alert for it) goes ahead of a queued burst of ordinary posts, so the
alert leaves within a job's time of the post rather than after the whole queue. Retraining is long, so it runs in its own
thread with its own connection (WAL lets it read while posts keep being answered); the new model is swapped in
with one assignment. A retrain also queues the labels the new model strongly disagrees with, as every face's
retrain does (:func:`bot.moderation.retrain_and_check`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from bot.app import TriageApp
from bot.moderation import RetrainOutcome, retrain_and_check
from bot.pipeline import Outcome, Post
from classifier.registry import ModelRegistry
from classifier.retrain import RetrainSettings
from data.db import Store, open_db

__all__ = ["TriageService", "PriorityWorker"]

_log = logging.getLogger(__name__)
T = TypeVar("T")


class PipelineTimer(Protocol):
    def observe_pipeline(self, seconds: float) -> None: ...


class PriorityWorker:
    """One thread running submitted calls one at a time, urgent ones first, then in arrival order."""

    URGENT, NORMAL, STOP = 0, 1, 2

    def __init__(self, name: str) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Callable[[], Any] | None, concurrent.futures.Future | None]]
        self._queue = queue.PriorityQueue()
        self._seq = itertools.count()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[[], T], *, urgent: bool = False) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put((self.URGENT if urgent else self.NORMAL, next(self._seq), call, future))
        return future

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    def _work(self) -> None:
        while True:
            _, _, call, future = self._queue.get()
            if call is None or future is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                future.set_exception(exc)

    def shutdown(self) -> None:
        """Finish everything queued (nothing is cut off mid-write), then stop."""
        self._queue.put((self.STOP, next(self._seq), None, None))
        self._thread.join()


class TriageService:
    def __init__(self, app: TriageApp, retrain_settings: RetrainSettings | None = None,
                 metrics: PipelineTimer | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.retrain_settings = retrain_settings or RetrainSettings()
        self._retrain_lock = asyncio.Lock()
        self._worker = PriorityWorker("triage-store")
        # Moderators' decisions get their own thread and connection, so a burst of member posts queued on the
        # store thread never makes a button click wait (WAL lets both connections work; writes take turns).
        self._mod_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="triage-moderation")
        self._mod_db: Store | None = None
        self._closed = False

    @property
    def db(self):  # noqa: ANN201 - sqlite_utils.Database
        return self.app.db

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking function that uses the store, off the event loop, on the store's thread."""
        return await asyncio.wrap_future(self._worker.submit(functools.partial(func, *args, **kwargs)))

    async def run_urgent(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like :meth:`run`, ahead of every ordinary job waiting for the store's thread."""
        return await asyncio.wrap_future(self._worker.submit(functools.partial(func, *args, **kwargs), urgent=True))

    async def run_moderation(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``func(mod_db, *args)`` on the moderation thread with its own connection to the store."""
        def call() -> T:
            if self._mod_db is None:
                self._mod_db = open_db(self.app.db_path)
            return func(self._mod_db, *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._mod_executor, call)

    async def handle(self, post: Post, *, urgent: bool = False) -> Outcome:
        runner = self.run_urgent if urgent else self.run
        return await runner(self._handle_timed, post)

    def _handle_timed(self, post: Post) -> Outcome:
        started = time.perf_counter()
        try:
            return self.app.pipeline.handle_post(post)
        finally:
            if self.metrics is not None:
                self.metrics.observe_pipeline(time.perf_counter() - started)

    @property
    def retraining(self) -> bool:
        return self._retrain_lock.locked()

    def _retrain_in_thread(self, actor: str) -> RetrainOutcome:
        with contextlib.closing(open_db(self.app.db_path)) as db:
            registry = ModelRegistry(db, self.app.registry.models_dir, self.app.registry.seed_dir)
            current = self.app.models.get()
            return retrain_and_check(db, registry, current, self.retrain_settings, actor=actor)

    async def retrain(self, actor: str) -> RetrainOutcome:
        """Retrain off the loop; on promotion, load the new model (sha256 + type checks) and swap it in."""
        async with self._retrain_lock:
            result = await asyncio.to_thread(self._retrain_in_thread, actor)
            if result.promoted:
                model = await self.run(self.app.registry.load_current)
                self.app.models.swap(model)
                _log.info("model swapped in: %s", model.version)
            return result

    async def close(self) -> None:
        """Wait for store work in flight to finish (so nothing is cut off mid-write), then stop the worker."""
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._worker.shutdown)
        if self._mod_db is not None:  # (once: a second close finds nothing left to close)
            mod_db, self._mod_db = self._mod_db, None
            await loop.run_in_executor(self._mod_executor, mod_db.close)
        await loop.run_in_executor(None, functools.partial(self._mod_executor.shutdown, wait=True))
