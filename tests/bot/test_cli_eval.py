"""``triage eval-retrieval`` in-process: graded questions, articles from several folders, a reused store."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bot.cli.evaluation import eval_retrieval_cmd

ARTICLE = "---\ntitle: {t}\n---\n# {t}\n\n## Causes\n{t} is caused by {c}.\n\n## Treatment\n{t} is treated with {r}.\n"


def _folders(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "gout.md").write_text(ARTICLE.format(t="Gout", c="uric acid crystals in the joints", r="colchicine"))
    (two / "asthma.md").write_text(ARTICLE.format(t="Asthma", c="inflamed airways", r="inhalers"))
    questions = tmp_path / "q.jsonl"
    rows = [{"qid": "a", "split": "train", "question": "what causes gout",
             "judged": [{"article": "gout", "section": "Causes", "grade": 4}]},
            {"qid": "b", "split": "test", "question": "how is asthma treated",
             "judged": [{"article": "asthma", "section": "Treatment", "grade": 3}]}]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return one, two, questions


def test_graded_eval_per_split_with_two_article_folders_and_a_kept_store(tmp_path):
    one, two, questions = _folders(tmp_path)
    db = tmp_path / "eval.db"
    args = ["--questions", str(questions), "--articles", str(one), "--articles", str(two), "--db", str(db), "--json"]
    result = CliRunner().invoke(eval_retrieval_cmd, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 2 and set(data["splits"]) == {"train", "test"}
    assert data["overall"]["ndcg_at_5"] == 1.0 and data["splits"]["test"]["p_at_5"] == 0.2
    # the store is reused: no --articles needed, same figures
    again = CliRunner().invoke(eval_retrieval_cmd, ["--questions", str(questions), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "nDCG@5" in again.stdout and "test" in again.stdout


def test_without_articles_or_store_it_says_what_to_give(tmp_path):
    _one, _two, questions = _folders(tmp_path)
    result = CliRunner().invoke(eval_retrieval_cmd, ["--questions", str(questions)])
    assert result.exit_code != 0 and "--articles" in result.output
