"""The terminal face's remaining commands in-process: importing articles, the interactive review walk, and the
text output of `triage eval`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from responses import dense


def _run(home: Path, *args: str, stdin: str | None = None):  # noqa: ANN202 - click's Result
    return CliRunner().invoke(cli, list(args), input=stdin, env={"TRIAGE_HOME": str(home)})


def test_an_imported_article_is_answered_from_and_a_bad_file_is_one_error_line(home, tmp_path):
    article = tmp_path / "hydration.md"
    article.write_text("---\ntitle: Drinking enough when training\n---\n\n## Why it matters\n\n"
                       "Losing water through sweat lowers endurance long before thirst is felt, so athletes who train "
                       "in the heat are told to weigh themselves before and after a session.\n", encoding="utf-8")
    result = _run(home, "import-articles", str(article))
    assert result.exit_code == 0 and "imported 1" in result.output, result.output
    again = json.loads(_run(home, "import-articles", str(article), "--json").output)
    assert again["unchanged"] == 1 and again["imported"] == 0
    answer = json.loads(_run(home, "ask", "--json", "should athletes weigh themselves after training in the heat?")
                        .output)
    assert any(p["article"] == "Drinking enough when training" or "drinking" in json.dumps(p).lower()
               for p in answer["passages"]), answer["passages"]
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\xff\xfe\x00 not text")
    bad = _run(home, "import-articles", str(broken))
    assert bad.exit_code == 1 and "error" in bad.output and "Traceback" not in bad.output


def test_embedding_without_the_extra_is_a_clear_error(home, tmp_path):
    if dense.available():
        return  # the extra is installed here: nothing to refuse
    result = _run(home, "import-articles", str(tmp_path), "--embed")
    assert result.exit_code != 0 and "embeddings extra" in result.output


def test_the_review_walk_skips_relabels_approves_and_quits(home):
    for text in ("my thighs have got thinner since my knee surgery and I struggle with stairs, is that normal?",
                 "the muscles in my hand look hollow and my grip is weak, what could it be?"):
        assert _run(home, "ask", text).exit_code == 0
    pending = json.loads(_run(home, "queue", "--json", "--status", "pending").output)
    assert len(pending) >= 2
    # n: skip the first; r + 3: relabel the second as general_info; nothing else is pending in this walk
    result = _run(home, "review", "--moderator", "mod-7", stdin="n\nr\n3\n")
    assert result.exit_code == 0, result.output
    assert f"{pending[1]['case']}: relabel" in result.output and "no more pending items (1 decided)" in result.output
    decided = json.loads(_run(home, "queue", "--json", "--status", "resolved").output)
    assert [d["resolved_by"] for d in decided] == ["mod-7"]
    result = _run(home, "review", stdin="?\nq\n")
    assert "unknown key '?'" in result.output and "stopped (0 decided)" in result.output
    result = _run(home, "review", stdin="a\n")
    assert f"{pending[0]['case']}: approve" in result.output


def test_eval_prints_the_table_the_confusion_and_the_moderators_view(home, tmp_path):
    data = tmp_path / "posts.jsonl"
    rows = [("why do muscles waste away when you are bedridden", "general_info", False),
            ("my arm has been going thin and numb for a month, should I worry", "personal_symptoms", False),
            ("thanks everyone, see you at the meetup", "other", False),
            ("I need sources on muscle loss in astronauts for my thesis", "research_help", False),
            ("my dad suddenly can't lift his arm and his face is drooping", "personal_symptoms", True)]
    data.write_text("\n".join(json.dumps({"text": t, "label": lab, "urgent": u}) for t, lab, u in rows))
    result = _run(home, "eval", "--data", str(data))
    assert result.exit_code == 0, result.output
    for heading in ("macro-F1", "confusion (rows = true", "reliability", "as a moderator would judge it",
                    "urgent posts flagged (recall)"):
        assert heading in result.output
