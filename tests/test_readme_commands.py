"""Every `triage ...` command the README shows runs as shown.

A literal example (``triage settings set region uk``) is run in-process through click's CliRunner on a copy of
the trained test home and must succeed; a synopsis with placeholders (``triage decide CASE ACTION``) or a bare
mention of a command that needs arguments must name a real command whose help lists every option it shows.
``triage run`` needs Discord: without a token it must fail with one clear line, which is what the README says.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.conftest import TINY

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_SPAN = re.compile(r"`([^`]+)`")
_PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z_:]*(?:\.\.\.)?|\[.*|.*\]|.*\.\.\.)$")
#: Examples too big for `make test`, with the benchmark that runs the same thing.
_BENCHMARK_SIZED = {
    "triage eval --data ../shared/data/posts/dev_gold.jsonl --cv 5":
        "five trainings on the seed plus 860 posts; bench/bench_real_posts.py --cv 5 runs the same folds",
}


def readme_examples() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found: list[str] = []
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        candidates = [line.split("#")[0]] if in_block else _SPAN.findall(line)
        for candidate in candidates:
            command = candidate.strip().removeprefix("$ ").removeprefix(".venv/bin/").strip()
            if command.startswith("triage ") and command not in found:
                found.append(command)
    # an inline span may wrap onto the next line; join the two halves the README splits
    for start, end in re.findall(r"`(triage [^`\n]+)\n([^`\n]+)`", text):
        joined = f"{start} {end}".strip()
        if joined not in found:
            found.append(joined)
    return [c for c in found if not c.endswith('"') or c.count('"') % 2 == 0]


def _command_for(words: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = cli
    path: list[str] = []
    for word in words:
        if isinstance(command, click.Group) and word in command.commands:
            command = command.commands[word]
            path.append(word)
        else:
            break
    return command, path


def _needs_arguments(command: click.Command) -> bool:
    return any(p.required for p in command.params)


def _is_synopsis(command: click.Command, given: list[str]) -> bool:
    return any(_PLACEHOLDER.match(word) for word in given) or (not given and _needs_arguments(command))


@pytest.fixture
def readme_home(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The trained home, with a tiny seed so that `triage train` and `retrain` examples take a second."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "tiny.jsonl").write_text("\n".join(json.dumps({"text": t, "label": label})
                                              for label, texts in TINY.items() for t in texts))
    monkeypatch.setenv("TRIAGE_SEED_DIR", str(seed))
    monkeypatch.setenv("TRIAGE_HOME", str(home))
    for name in [n for n in __import__("os").environ if n.startswith("DISCORD_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(REPO)
    return home


def test_the_readme_shows_the_commands_people_use():
    examples = readme_examples()
    assert len(examples) >= 20
    assert any(e.startswith("triage ask --json") for e in examples)


@pytest.mark.parametrize("example", readme_examples())
def test_readme_command_runs_as_shown(example: str, readme_home: Path, tmp_path: Path):
    words = shlex.split(example)[1:]
    command, path = _command_for(words)
    assert path, f"`{example}`: no such command"
    given = words[len(path):]
    if _is_synopsis(command, given):
        help_text = CliRunner().invoke(cli, [*path, "--help"]).output
        for option in re.findall(r"--[a-z][a-z-]*", example):
            assert option in help_text, f"`{example}`: `triage {' '.join(path)}` has no {option}"
        return
    if example in _BENCHMARK_SIZED:
        pytest.skip(_BENCHMARK_SIZED[example])
    if any("../shared/" in w for w in given) and not SHARED.is_dir():
        pytest.skip("../shared/data is not here")
    if "--html" in given:
        given[given.index("--html") + 1] = str(tmp_path / "report.html")
    stdin = {"shell": "/quit\n", "review": "q\n"}.get(path[0])
    result = CliRunner().invoke(cli, [*path, *given], input=stdin)
    if path == ["run"]:
        lines = result.output.strip().splitlines()
        assert result.exit_code != 0 and len(lines) == 1 and "DISCORD_TOKEN" in lines[0], result.output
        assert "Traceback" not in result.output
        return
    assert result.exit_code == 0, f"`{example}` failed ({result.exit_code}):\n{result.output}"
