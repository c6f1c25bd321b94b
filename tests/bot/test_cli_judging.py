"""The terminal face in-process (click's CliRunner): emergencies in plain words, the region setting, and
``triage eval`` judging posts the way a moderator would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"TRIAGE_HOME": str(home)}, catch_exceptions=False)
    return result.exit_code, result.output


def ask_json(home: Path, text: str) -> dict:
    code, out = invoke(home, "ask", "--json", text)
    assert code == 0, out
    return json.loads(out[out.index("{"):])


@pytest.mark.parametrize(
    "text",
    ["my chest hurts and my left arm is numb", "my chest feels tight and my left arm is numb, I'm sweating",
     "I took way too many of my sleeping pills an hour ago", "I swallowed a whole bottle of pills",
     "i want to kms", "I've decided tonight is the night I end things", "I took 30 paracetamol an hour ago",
     "my mum fainted and isn't responding when I shake her"],
)
def test_plain_emergency_wordings_get_the_tier_the_notice_and_a_review(home, text):
    out = ask_json(home, text)
    assert out["urgent_tier"] == "emergency" and out["notices"][0] == "urgent"
    assert out["queued"] and "emergency" in out["review_reasons"]
    assert out["passages"] == []


def test_urgent_care_replies_see_a_doctor_today_and_queues(home):
    out = ask_json(home, "my 6 week old feels hot and the thermometer says 38.3, she's not feeding well")
    assert out["urgent_tier"] == "urgent_care" and out["notices"][0] == "urgent_care" and out["queued"]


def test_region_setting_picks_the_emergency_number(home):
    before = ask_json(home, "my dad's face is drooping and his words are slurred")
    assert "999" not in before["reply"] and "local emergency number" in before["reply"]
    code, out = invoke(home, "settings", "set", "region", "uk")
    assert code == 0 and "region = uk" in out
    after = ask_json(home, "my dad's face is drooping and his words are slurred, it started ten minutes ago")
    assert "999" in after["reply"] and "Note the time" in after["reply"]
    code, out = invoke(home, "settings", "show", "--json")
    assert json.loads(out)["region"] == "uk"


@pytest.mark.parametrize(("args", "message"), [(("region", "mars"), "must be one of"),
                                               (("colour", "blue"), "unknown setting"),
                                               (("retention_days", "ninety"), "whole number")])
def test_bad_settings_are_one_clear_line(home, args, message):
    code, out = invoke(home, "settings", "set", *args)
    assert code == 1 and message in out and "Traceback" not in out


LABELLED = [
    {"id": "a", "text": "my knee clicks when I climb stairs and it aches at night, what could it be?",
     "label": "personal_symptoms", "urgent": False},
    {"id": "b", "text": "my husband is clutching his chest and sweating, his arm hurts", "label": "personal_symptoms",
     "urgent": True},
    {"id": "c", "text": "what foods are high in vitamin D", "label": "general_info", "urgent": False},
    {"id": "d", "text": "is creatine safe for teenagers", "label": "general_info", "urgent": False},
    {"id": "e", "text": "my supervisor keeps cancelling our meetings, is that normal in year one?", "label": "other",
     "urgent": False},
    {"id": "f", "text": "passed my viva today, thank you all for the support!", "label": "other", "urgent": False},
    {"id": "g", "text": "for my nursing dissertation I need sources on pressure ulcer prevention, which databases?",
     "label": "research_help", "urgent": False},
]


def test_eval_reports_every_figure_and_writes_one_line_per_post(home, tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in LABELLED) + "\n", encoding="utf-8")
    predictions = tmp_path / "out.jsonl"
    code, out = invoke(home, "eval", "--data", str(data), "--json", "--predictions", str(predictions))
    assert code == 0, out
    report = json.loads(out[out.index("{"):])
    figures = report["figures"]
    assert set(figures) >= {"silent_on_other", "answered", "referral_coverage", "dropped", "macro_f1_questions",
                            "urgent_recall", "urgent_false_alarms"}
    assert figures["urgent_recall_n"] == [1, 1] and figures["urgent_false_alarms_n"][1] == 6
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert [line["id"] for line in lines] == [row["id"] for row in LABELLED]
    assert set(lines[0]) >= {"id", "gold", "predicted", "confidence", "replied", "queued", "notices", "urgent_tier"}
    # the figures can be recomputed from the lines
    others = [line for line in lines if line["gold"] == "other"]
    assert figures["silent_on_other_n"] == [sum(not line["replied"] for line in others), len(others)]
    questions = [line for line in lines if line["gold"] != "other"]
    dropped = sum(not line["replied"] and not line["queued"] for line in questions)
    assert figures["dropped_n"] == [dropped, len(questions)]
    assert lines[1]["urgent_tier"] == "emergency"


def test_eval_cv_refuses_more_folds_than_a_label_has_posts(home, tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in LABELLED) + "\n", encoding="utf-8")
    code, out = invoke(home, "eval", "--data", str(data), "--cv", "3")
    assert code == 1 and "only 1 posts" in out
