"""The Prometheus endpoint on 127.0.0.1: every metric is exposed with the store's figures, and /healthz answers."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from bot.cli import cli
from bot.metrics import TriageMetrics, parse_address
from data.db import open_db
from tests.bot.reports.seeded import seed_store


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "triage.db"
    db = open_db(path)
    seed_store(db)
    db.close()
    metrics = TriageMetrics(path)
    server = metrics.serve("127.0.0.1", 0)
    yield metrics, f"http://127.0.0.1:{server.port}"
    metrics.close()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_every_metric_is_exposed_with_the_stores_figures(served):
    metrics, base = served
    metrics.observe_pipeline(0.02)
    metrics.observe_pipeline(0.3)
    status, text = _get(base + "/metrics")
    assert status == 200
    s = _samples(text)
    assert s[("triage_posts_total", (("label", "general_info"),))] == 4
    assert s[("triage_posts_total", (("label", "other"),))] == 1
    assert s[("triage_red_flags_total", (("tier", "emergency"),))] == 1
    assert s[("triage_red_flags_total", (("tier", "urgent_care"),))] == 0
    assert s[("triage_review_pending", (("priority", "low_confidence"),))] == 1  # p6's "Not helpful"
    assert s[("triage_decisions_total", (("action", "approve"), ("label", "general_info")))] == 1
    assert s[("triage_decisions_total", (("action", "relabel"), ("label", "personal_symptoms")))] == 1
    assert s[("triage_decisions_total", (("action", "dismiss"), ("label", "other")))] == 1
    assert s[("triage_feedback_total", (("kind", "helpful"),))] == 2
    assert s[("triage_feedback_total", (("kind", "not_helpful"),))] == 1
    assert s[("triage_pipeline_seconds_count", ())] == 2
    assert s[("triage_pipeline_seconds_bucket", (("le", "0.025"),))] == 1
    assert s[("triage_model_info", (("version", "v1"),))] == 1


def test_healthz_follows_the_bots_connection(served):
    metrics, base = served
    assert _get(base + "/healthz") == (200, "ok\n")
    metrics.ready = lambda: False
    assert _get(base + "/healthz")[0] == 503


@pytest.mark.parametrize(("value", "expected"), [("127.0.0.1:9108", ("127.0.0.1", 9108)),
                                                 ("[::1]:9108", ("::1", 9108)), ("0.0.0.0:0", ("0.0.0.0", 0))])
def test_parse_address(value, expected):
    assert parse_address(value) == expected


@pytest.mark.parametrize("value", ["9108", "localhost:", ":9108", "host:http", "host:70000"])
def test_a_bad_address_is_refused_before_anything_starts(value):
    with pytest.raises(ValueError, match="HOST:PORT"):
        parse_address(value)
    result = CliRunner().invoke(cli, ["run", "--metrics", value])
    assert result.exit_code == 2 and "--metrics" in result.output and "HOST:PORT" in result.output
