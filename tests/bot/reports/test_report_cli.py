"""``triage report`` in-process (click's CliRunner) on a seeded store, the charts it draws and the page it writes."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from click.testing import CliRunner
from PIL import Image

from bot.cli import cli
from bot.reports.charts import CHARTS, HEIGHT, WIDTH
from data.clock import use_clock
from data.db import open_db
from tests.bot.reports.seeded import REPORT_NOW, seed_store


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "triage.db"
    db = open_db(path)
    seed_store(db)
    db.close()
    return path


@pytest.fixture(scope="module")
def run(seeded_db, tmp_path_factory):
    html = tmp_path_factory.mktemp("page") / "report.html"
    with use_clock(lambda: REPORT_NOW):
        result = CliRunner().invoke(cli, ["report", "--db", str(seeded_db), "--since", "2026-03-02", "--json",
                                          "--html", str(html)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), html


def test_json_gives_the_exact_figures(run):
    figures, _ = run
    assert figures["period"] == {"since": "2026-03-02T00:00:00+00:00", "until": "2026-03-14T12:00:00+00:00",
                                 "weeks": ["2026-03-02", "2026-03-09"]}
    assert figures["posts"] == 7 and figures["model_version"] == "v1"
    q = figures["quality"]
    assert [(r["label"], r["right"], r["wrong"], r["missed"], r["precision"], r["audit_precision"])
            for r in q["precision"]] == [("personal_symptoms", 1, 0, 1, 1.0, None),
                                         ("general_info", 1, 1, 0, 0.5, 1.0)]
    assert q["referral_coverage"]["coverage"] == 0.5
    assert q["emergency_response"]["time_to_first_action"]["median_s"] == 300.0
    assert figures["service"]["helpful"] == {"helpful": 2, "not_helpful": 1, "reports": 0, "rate": 0.6667}
    weeks = figures["drift"]["weeks"]
    assert [w["posts"] for w in weeks] == [4, 3]
    assert [w["p_value"] for w in weeks] == [None, None]  # fewer posts than the test's minimum (30)
    assert figures["drift"]["training_mix"] == {"general_info": 25, "other": 25, "personal_symptoms": 25,
                                                "research_help": 25}
    assert [w["oov_share"] for w in weeks] == [None, None]  # v1's model file is absent: no vocabulary
    (topic,) = figures["content_gaps"]["topics"]
    assert topic["posts"] == 2 and topic["closest_article"]["title"]  # the retriever over the shipped articles


def test_text_summary_without_json(seeded_db):
    with use_clock(lambda: REPORT_NOW):
        result = CliRunner().invoke(cli, ["report", "--db", str(seeded_db), "--since", "2026-03-02"])
    assert result.exit_code == 0, result.output
    assert "7 posts" in result.output and "Helpful rate: 67%" in result.output
    assert "general_info 50%" in result.output


def test_a_start_after_now_is_a_clear_error(seeded_db):
    with use_clock(lambda: REPORT_NOW):
        result = CliRunner().invoke(cli, ["report", "--db", str(seeded_db), "--since", "2026-04-01"])
    assert result.exit_code == 1 and "must be before" in result.output


def test_page_is_self_contained_with_every_chart_as_a_png_of_the_expected_size_and_no_raw_post_text(run):
    _, html_path = run
    page = html_path.read_text(encoding="utf-8")
    images = re.findall(r'<img id="chart-(\w+)"[^>]*src="data:image/png;base64,([^"]+)"', page)
    assert sorted(name for name, _ in images) == sorted(CHARTS)
    for _, data in images:
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "a.b@example.org" not in page and "[email]" in page  # only masked examples
    assert "Chest pain" not in page and "grip strength" not in page  # posts that are not gap examples


def test_options_from_an_app_use_the_serving_models_vocabulary_and_training_mix(app):
    from bot.reports.sources import report_options

    options = report_options(app)
    assert options.vocabulary is not None and {"muscle", "sarcopenia"} <= options.vocabulary.words
    assert set(options.training_mix) == {"research_help", "personal_symptoms", "general_info", "other"}
    hit = options.closest_article("why do muscles waste away when a leg is in a cast")
    assert hit is not None and hit.title and hit.score > 0
