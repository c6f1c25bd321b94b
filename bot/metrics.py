"""Prometheus metrics and a health check for ``triage run --metrics HOST:PORT``.

Counts come from the store at scrape time (a collector with its own read connection), so they survive restarts
and agree with ``triage report``; only the pipeline's latency is measured in the process. Counters may step
down when a member's data is deleted (forget-me), which Prometheus treats as a reset.

* ``triage_posts_total{label}``: posts classified, by predicted label
* ``triage_red_flags_total{tier}``: posts queued for a red flag, by tier (emergency, urgent_care, watch)
* ``triage_review_pending{priority}``: open review items, by priority
* ``triage_decisions_total{action,label}``: moderators' decisions, by action and label
* ``triage_feedback_total{kind}``: members' feedback presses (helpful, not_helpful, report)
* ``triage_pipeline_seconds``: histogram of the time to handle one post
* ``triage_model_info{version}``: the current model version (value 1)

``/healthz`` answers 200 ``ok`` when the store answers and the bot is connected, else 503.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, Histogram, make_wsgi_app
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.reports.service_figures import priority_name
from data.db import open_db

__all__ = ["TriageMetrics", "parse_address", "MetricsServer"]

_log = logging.getLogger(__name__)

_TIERS = {"emergency": "emergency", "urgent_care": "urgent_care", "possible_emergency": "watch"}
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def parse_address(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (``127.0.0.1:9108``) as a pair; :class:`ValueError` with a clear message otherwise."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT such as 127.0.0.1:9108, not {value!r}")
    return host.strip("[]"), int(port)


class _StoreCollector(Collector):
    """Reads the figures from the store on each scrape, on one connection of its own, one scrape at a time."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._db: Any = None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self._db is None:
            self._db = open_db(self.db_path)
        return self._db.execute(sql).fetchall()

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            yield from self._collect()

    def _collect(self) -> Iterable[Metric]:
        posts = CounterMetricFamily("triage_posts", "Posts classified, by predicted label", labels=["label"])
        for label, n in self._rows("SELECT label, COUNT(DISTINCT post_id) FROM predictions GROUP BY label"):
            posts.add_metric([label], n)
        flags = CounterMetricFamily("triage_red_flags", "Posts queued for a red flag, by tier", labels=["tier"])
        counts = dict(self._rows(
            "SELECT j.value, COUNT(DISTINCT r.post_id) FROM review_items r, json_each(r.reasons) j"
            " WHERE j.value IN ('emergency', 'urgent_care', 'possible_emergency') GROUP BY j.value"))
        for reason, tier in _TIERS.items():
            flags.add_metric([tier], counts.get(reason, 0))
        pending = GaugeMetricFamily("triage_review_pending", "Open review items, by priority",
                                    labels=["priority"])
        for priority, n in self._rows("SELECT priority, COUNT(*) FROM review_items WHERE status != 'resolved'"
                                      " GROUP BY priority ORDER BY priority DESC"):
            pending.add_metric([priority_name(priority)], n)
        decisions = CounterMetricFamily("triage_decisions", "Moderators' decisions, by action and label",
                                        labels=["action", "label"])
        for action, label, n in self._rows(
                "SELECT json_extract(decision, '$.action') AS action,"
                " COALESCE(json_extract(decision, '$.label'), label, 'none') AS label, COUNT(*)"
                " FROM review_items WHERE status = 'resolved' AND decision IS NOT NULL GROUP BY 1, 2"):
            decisions.add_metric([str(action), str(label)], n)
        feedback = CounterMetricFamily("triage_feedback", "Members' feedback presses, by kind", labels=["kind"])
        counts = dict(self._rows("SELECT action, COUNT(*) FROM audit_log WHERE action IN"
                                 " ('feedback.helpful', 'feedback.not_helpful', 'feedback.report') GROUP BY action"))
        for kind in ("helpful", "not_helpful", "report"):
            feedback.add_metric([kind], counts.get(f"feedback.{kind}", 0))
        model = GaugeMetricFamily("triage_model_info", "The current model version", labels=["version"])
        for (version,) in self._rows("SELECT version FROM model_versions WHERE status = 'current'"):
            model.add_metric([version], 1)
        return [posts, flags, pending, decisions, feedback, model]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        _log.debug("metrics: " + format, *args)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class MetricsServer:
    """The HTTP server in a daemon thread; ``close()`` stops it."""

    def __init__(self, server: WSGIServer) -> None:
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="triage-metrics", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class TriageMetrics:
    """The registry, the latency histogram the service feeds, and the server that exposes them."""

    def __init__(self, db_path: Path, ready: Callable[[], bool] | None = None) -> None:
        self.registry = CollectorRegistry()
        self._store = _StoreCollector(Path(db_path))
        self.registry.register(self._store)
        self.latency = Histogram("triage_pipeline_seconds", "Time to handle one post in the pipeline",
                                 buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.ready = ready or (lambda: True)
        self._server: MetricsServer | None = None

    def observe_pipeline(self, seconds: float) -> None:
        self.latency.observe(seconds)

    def healthy(self) -> bool:
        try:
            with self._store._lock:
                self._store._rows("SELECT 1")
        except Exception:  # the store does not answer: unhealthy, whatever the reason
            _log.exception("health check: the store does not answer")
            return False
        return bool(self.ready())

    def wsgi_app(self) -> Callable[..., Iterable[bytes]]:
        metrics_app = make_wsgi_app(self.registry)

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get("PATH_INFO") == "/healthz":
                ok = self.healthy()
                start_response("200 OK" if ok else "503 Service Unavailable",
                               [("Content-Type", "text/plain; charset=utf-8")])
                return [b"ok\n" if ok else b"unavailable\n"]
            return metrics_app(environ, start_response)

        return app

    def serve(self, host: str, port: int) -> MetricsServer:
        """Serve ``/metrics`` and ``/healthz`` on ``host:port`` (port 0: any free port) in a daemon thread."""
        server = make_server(host, port, self.wsgi_app(), server_class=_ThreadingServer,
                             handler_class=_QuietHandler)
        self._server = MetricsServer(server)
        _log.info("metrics on http://%s:%d/metrics", host, self._server.port)
        return self._server

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._store.close()
