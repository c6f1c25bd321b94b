"""Labels in bulk and the retrain's label check, as every face uses them (bot.moderation), on tiny stores."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest

from bot.cli import cli
from bot.moderation import Moderator, export_labels, flag_suspicious_labels, import_labels
from bot.service import TriageService
from classifier.examples import Example
from classifier.labels import Label
from data import posts as post_store
from data import review
from data.labels import add_label, all_labels, training_labels
from data.review import ReviewFilter

MOD = Moderator("mod:7", "cli")


def _import(db, examples, **kwargs):  # noqa: ANN001
    return import_labels(db, examples, MOD, default_source="import:file.jsonl", **kwargs)


def test_import_skips_texts_already_labelled_and_records_who_and_where(fresh_db):
    add_label(fresh_db, text="what is sarcopenia", label="general_info", source="moderator")
    rows = [Example("what is sarcopenia", Label.GENERAL_INFO),  # already stored
            Example("my calf shrank after the cast", Label.PERSONAL_SYMPTOMS, id="r2", source="forum"),
            Example("thanks all", Label.OTHER),
            Example("thanks all", Label.RESEARCH_HELP)]  # same text twice in one call: stored once
    report = _import(fresh_db, rows)
    assert (report.imported, report.already_stored) == (2, 2)
    stored = {r.text: r for r in all_labels(fresh_db)}
    assert len(stored) == 3
    assert stored["my calf shrank after the cast"].source == "forum"  # the row's own source
    assert stored["thanks all"].source == "import:file.jsonl"  # else the default
    assert stored["thanks all"].label == "other" and stored["thanks all"].moderator_id == "mod:7"
    row = fresh_db.execute("SELECT channel_id, external_id FROM labels WHERE text = ?",
                           ["my calf shrank after the cast"]).fetchone()
    assert tuple(row) == ("cli:import", "r2")


def test_an_explicit_source_wins_over_the_rows(fresh_db):
    _import(fresh_db, [Example("a", Label.OTHER, source="forum")], source="survey-2024")
    assert [r.source for r in all_labels(fresh_db)] == ["survey-2024"]


def test_export_writes_strong_labels_and_weak_ones_only_when_asked(fresh_db):
    add_label(fresh_db, text='he said "hi", twice', label="other", source="moderator")
    add_label(fresh_db, text="weak one", label="general_info", source="member", strength="weak")
    out = io.StringIO()
    assert export_labels(fresh_db, out, "jsonl") == 1
    assert [json.loads(line)["text"] for line in out.getvalue().splitlines()] == ['he said "hi", twice']
    out = io.StringIO()
    assert export_labels(fresh_db, out, "csv", include_weak=True) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["text"], r["label"]) for r in rows] == [('he said "hi", twice', "other"), ("weak one", "general_info")]
    with pytest.raises(ValueError, match="unknown export format"):
        export_labels(fresh_db, io.StringIO(), "xml")


def test_labels_import_command_reports_unknown_labels_and_what_was_already_stored(home: Path):
    from click.testing import CliRunner

    file = home / "labels.jsonl"
    file.write_text("\n".join(json.dumps(r) for r in [
        {"text": "is creatine safe for older adults", "label": "general_info"},
        {"text": "need sources for my essay", "label": "homework"},  # not a label
        {"text": "need sources for my essay", "label": "research_help"},
        {"text": "", "label": "other"},
        {"text": "is creatine safe for older adults", "label": "general_info"},  # duplicate in the file
    ]) + "\nnot json\n", encoding="utf-8")
    env = {"TRIAGE_HOME": str(home)}
    first = CliRunner().invoke(cli, ["labels", "import", str(file), "--json"], env=env)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary | {"file": None} == {
        "kept": 2, "unknown_labels": 1, "unknown_label_values": ["homework"], "empty_text": 1, "malformed": 1,
        "duplicates": 1, "imported": 2, "already_stored": 0, "file": None}
    again = CliRunner().invoke(cli, ["labels", "import", str(file)], env=env)
    assert again.exit_code == 0
    assert again.stdout.startswith("imported 0 labels from labels.jsonl; already stored 2;")
    assert "unknown labels 1 ['homework']" in again.stdout


def _post_with_label(db, text: str, label: str) -> int:  # noqa: ANN001
    record, _new = post_store.record_post(db, face="discord", external_id=text[:20], text=text)
    add_label(db, text=text, label=label, source="moderator", post_id=record.id)
    return record.id


def test_flagging_queues_only_labels_with_a_post(fresh_db, monkeypatch):
    post_id = _post_with_label(fresh_db, "thank you all so much", "personal_symptoms")
    add_label(fresh_db, text="an imported label has no post", label="other", source="import")
    by_text = {r.text: r for r in training_labels(fresh_db)}
    monkeypatch.setattr("bot.moderation.suspicious_labels", lambda db: [
        (by_text["thank you all so much"], "other", 0.97), (by_text["an imported label has no post"], "general_info", 0.95)])
    assert flag_suspicious_labels(fresh_db) == 1
    [item] = review.list_items(fresh_db, ReviewFilter(status=["pending"]))
    assert (item.post_id, item.kind, item.reasons) == (post_id, "label_check", ["check_label:personal_symptoms->other"])


def test_the_services_retrain_runs_the_label_check_too(app, monkeypatch):
    """/triage retrain and the scheduled retrain both go through TriageService.retrain."""
    post_id = _post_with_label(app.db, "thank you all so much", "personal_symptoms")
    checked: list[int] = []

    def suspicious(db):  # noqa: ANN001, ANN202 - the real one needs 10+ labels and a cross-validation
        records = training_labels(db)
        checked.append(len(records))
        return [(records[0], "other", 0.97)]

    monkeypatch.setattr("bot.moderation.suspicious_labels", suspicious)

    async def scenario():  # noqa: ANN202
        service = TriageService(app)
        try:
            return await service.retrain("triage:schedule")
        finally:
            await service.close()

    outcome = asyncio.run(scenario())
    # one label is too few to judge a candidate, so no training: the check still runs after the retrain
    assert not outcome.promoted and "not enough labelled posts" in outcome.reason
    assert checked == [1] and outcome.labels_flagged == 1
    assert outcome.to_dict()["labels_flagged_for_check"] == 1
    [item] = review.list_items(app.db, ReviewFilter(status=["pending"]))
    assert item.post_id == post_id and item.kind == "label_check"
