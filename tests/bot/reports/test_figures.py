"""Every figure of the report on a store seeded at known dates (see ``seeded.py`` for the table of posts)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scipy.stats import chi2

from bot.reports.build import ReportOptions, build_report
from bot.reports.drift import DriftBars, Vocabulary, drift_alerts
from bot.reports.gaps import ClosestArticle
from tests.bot.reports.seeded import REPORT_NOW, seed_store

SINCE = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def report():
    from data.db import open_memory_db

    db = open_memory_db()
    seed_store(db)
    options = ReportOptions(bars=DriftBars(min_posts=1), vocabulary=Vocabulary(frozenset({"which", "vitamins"})),
                            closest_article=lambda text: ClosestArticle("Tendon care", 0.05))
    out = build_report(db, SINCE, REPORT_NOW, options)
    db.close()
    return out


def test_period_and_posts(report):
    assert report["period"]["weeks"] == ["2026-03-02", "2026-03-09"]
    assert report["posts"] == 7 and report["model_version"] == "v1"


def test_live_precision_per_label_and_version(report):
    q = report["quality"]
    assert q["decisions"] == 3 and q["audited"] == 1
    rows = {r["label"]: r for r in q["precision"]}
    # p1 approved (audit), p3 relabelled away: general_info 1 right, 1 wrong
    assert rows["general_info"] | {} == {"model_version": "v1", "label": "general_info", "right": 1, "wrong": 1,
                                         "missed": 0, "audit_right": 1, "audit_wrong": 0, "precision": 0.5,
                                         "audit_precision": 1.0}
    # p2 approved; p3's relabel is a miss for personal_symptoms
    assert (rows["personal_symptoms"]["right"], rows["personal_symptoms"]["missed"]) == (1, 1)
    assert rows["personal_symptoms"]["precision"] == 1.0 and rows["personal_symptoms"]["audit_precision"] is None
    assert q["precision_by_week"]["2026-03-02"] == {"research_help": None, "personal_symptoms": 1.0,
                                                    "general_info": 0.5, "other": None}


def test_referral_coverage_and_emergency_response(report):
    q = report["quality"]
    assert q["referral_coverage"] == {"confirmed_personal": 2, "covered": 1, "coverage": 0.5,
                                      "uncovered_cases": [3]}
    assert q["emergency_response"] == {"items": 1, "waiting": 0, "longest_wait_s": None,
                                       "time_to_first_action": {"n": 1, "median_s": 300.0, "p90_s": 300.0,
                                                                "max_s": 300.0}}


def test_drift_per_week(report):
    w1, w2 = report["drift"]["weeks"]
    assert w1["labels"] == {"research_help": 0, "personal_symptoms": 1, "general_info": 2, "other": 1}
    # even training mix, 4 posts: expected 1 each; (0-1)² + 0 + (2-1)² + 0 = 2
    assert w1["chi2"] == 2.0 and w1["p_value"] == pytest.approx(chi2.sf(2.0, 3), abs=1e-4)
    assert w1["share_shift"] == 0.25  # general_info: 2 of 4 against a quarter in training
    assert w1["below_threshold_share"] == 0.25 and w1["mean_top_probability"] == 0.7625
    assert w2["posts"] == 3 and w2["below_threshold_share"] == 0.0 and w2["mean_top_probability"] == 0.6167
    # week 2 has 10 + 6 + 8 word tokens of two letters or more; the vocabulary knows "which" and "vitamins"
    assert w2["oov_share"] == round(22 / 24, 4)


def test_drift_alerts_name_each_crossed_bar():
    bars = DriftBars(min_posts=10)
    week = {"week": "2026-03-09", "posts": 40, "chi2": 30.5, "p_value": 0.00001, "share_shift": 0.2,
            "below_threshold_share": 0.5, "mean_top_probability": 0.55, "oov_share": 0.31}
    alerts = drift_alerts([week, week | {"week": "2026-03-02", "posts": 9}], bars)
    assert [a["signal"] for a in alerts] == ["label_mix", "below_threshold_share", "mean_top_probability",
                                             "oov_share"]
    assert all(a["week"] == "2026-03-09" and a["message"].startswith("Week of 2026-03-09") for a in alerts)
    calm = week | {"p_value": 0.2, "below_threshold_share": 0.1, "mean_top_probability": 0.8, "oov_share": 0.1}
    assert drift_alerts([calm], bars) == []
    # significant but small: a 5-point shift in one label's share is no alert
    assert drift_alerts([calm | {"p_value": 0.00001, "share_shift": 0.05}], bars) == []


def test_content_gaps_are_clustered_masked_and_point_to_an_article(report):
    gaps = report["content_gaps"]
    assert gaps["posts"] == 2 and gaps["reasons"] == {"no_match": 2, "not_helpful": 1}
    (topic,) = gaps["topics"]
    assert topic["posts"] == 2 and "vitamins" in topic["terms"]
    assert topic["closest_article"] == {"title": "Tendon care", "score": 0.05}
    assert topic["suggestion"].startswith("Write an article about")  # 0.05 is below the retrieval bar (MIN_SCORE)
    assert any("[email]" in e for e in topic["examples"]) and not any("a.b@example.org" in e
                                                                      for e in topic["examples"])


def test_service_figures(report):
    s = report["service"]
    assert s["helpful"] == {"helpful": 2, "not_helpful": 1, "reports": 0, "rate": 0.6667}
    assert [w["rate"] for w in s["helpful_by_week"]] == [None, 0.6667]
    # sampled at each midnight after the start (3-14 March) and at the end; p6's "Not helpful" item, queued on
    # 9 March at 14:00, is the only one left open
    assert [p["at"][:10] for p in s["queue_size"]][:2] == ["2026-03-03", "2026-03-04"]
    assert [p["open"] for p in s["queue_size"]] == [0] * 7 + [1] * 6
    times = s["response_times"]
    assert list(times) == ["emergency", "personal", "low_confidence", "audit"]
    assert times["personal"]["first_action"]["median_s"] == 1800.0
    assert times["personal"]["resolution"]["median_s"] == 7200.0
    assert times["low_confidence"] == {"priority": 30, "items": 2, "open": 1,
                                       "first_action": {"n": 1, "median_s": 10800.0, "p90_s": 10800.0,
                                                        "max_s": 10800.0},
                                       "resolution": {"n": 1, "median_s": 10800.0, "p90_s": 10800.0,
                                                      "max_s": 10800.0}}


def test_digest_and_alert_text(report):
    from bot.reports.digest import alert_text, digest_text

    text = digest_text(report)
    assert len(text) <= 2000 and "7 posts" in text and "general_info 50%" in text
    assert "Referral coverage: 50%" in text and "Helpful rate: 67%" in text
    # the fixture's two-word vocabulary leaves most words unknown in both weeks; the alert names the latest
    assert [(a["week"], a["signal"]) for a in report["drift"]["alerts"]] == [("2026-03-02", "oov_share"),
                                                                             ("2026-03-09", "oov_share")]
    expected = "⚠️ Drift: Week of 2026-03-09: 92% of words are unknown to the model (bar 30%)."
    assert alert_text(report) == expected and expected in text
    calm = report | {"drift": report["drift"] | {"alerts": []}}
    assert alert_text(calm) is None and "Drift" not in digest_text(calm)
