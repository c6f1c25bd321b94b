"""The terminal face as a new user runs it. One test runs the real console script in a subprocess; the rest go
through click's CliRunner in-process (the same commands, options and friendly errors, without paying for a new
interpreter and its imports each time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli

TRIAGE = [sys.executable, "-m", "bot.cli"]
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    returncode: int
    stdout: bytes
    stderr: bytes


def run(home: Path, *args: str, stdin: bytes | None = None) -> Ran:
    """``triage ARGS`` in-process, with TRIAGE_HOME set, through the same entry point as the console script."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env={"TRIAGE_HOME": str(home), "TRIAGE_DEBUG": None},
                                catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout_bytes, result.stderr_bytes or b"")


def test_ask_json_in_a_real_process(home):
    """One run of the real console entry point (the rest of the terminal face is tested in-process)."""
    env = {**os.environ, "TRIAGE_HOME": str(home)}
    env.pop("TRIAGE_DEBUG", None)
    result = subprocess.run([*TRIAGE, "ask", "--json", "why do muscles shrink when you stop using them"],
                            capture_output=True, env=env, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    general = json.loads(result.stdout)
    assert general["label"] == "general_info" and "caus" in general["passages"][0]["section"].lower()
    assert set(general) >= {"label", "confidence", "probabilities", "passages", "notices", "reply", "queued",
                            "urgent_tier"}


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (("ask", ""), None, b"empty"),
        (("ask", "-"), b"\xff\xfe\xfa invalid", b"not valid UTF-8"),
        (("ask", "-"), b"\x00\x01\x02\x03", b"empty"),
        (("ask", "x" * 10, "--db", "/proc/forbidden/triage.db"), None, b"Error"),
    ],
)
def test_bad_input_is_one_clear_line(home, args, stdin, message):
    result = run(home, *args, stdin=stdin)
    assert result.returncode != 0
    assert message in result.stderr and b"Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_100_kb_on_stdin_gets_an_answer(home):
    result = run(home, "ask", "--json", "-", stdin=("my leg muscles feel weak after my cast came off. " * 2200).encode())
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["reply"]


def test_corrupt_database_is_refused_and_left_untouched(tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    (home / "triage.db").write_bytes(b"garbage" * 1000)
    result = run(home, "ask", "hello there")
    assert result.returncode == 1 and b"not a usable Triage database" in result.stderr
    assert b"Traceback" not in result.stderr
    assert (home / "triage.db").read_bytes() == b"garbage" * 1000


def _train_a_second_version(home: Path, tiny: list) -> None:
    """A newer current version, trained in-process on a few posts (what is tested is the fallback, not training)."""
    from bot.app import TriageApp

    with TriageApp.open(home / "triage.db") as app:
        candidate = app.registry.train_candidate(tiny, n_seed=len(tiny), n_labels=0)
        app.registry.promote(candidate.record.version)


def test_corrupt_model_falls_back_to_an_earlier_version(home, tiny_examples, caplog):
    _train_a_second_version(home, tiny_examples)
    models = json.loads(run(home, "models", "--json").stdout)
    current = next(m for m in models if m["status"] == "current")
    (home / "models" / current["path"]).write_bytes(b"tampered")
    result = run(home, "ask", "--json", "why do muscles waste away when a leg is in a cast?")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["model_version"] != current["version"]
    assert "MODEL REFUSED" in caplog.text  # logged to stderr (pytest's handler catches it in-process)
    statuses = {m["version"]: m["status"] for m in json.loads(run(home, "models", "--json").stdout)}
    assert statuses[current["version"]] == "refused"


def test_every_model_refused_retrains_a_fresh_one_loudly(home, caplog, tmp_path, monkeypatch):
    from tests.conftest import TINY

    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "tiny.jsonl").write_text("\n".join(json.dumps({"text": t, "label": label})
                                              for label, texts in TINY.items() for t in texts))
    monkeypatch.setenv("TRIAGE_SEED_DIR", str(seed))  # a small seed: what is tested is the refusal, not training
    models = json.loads(run(home, "models", "--json").stdout)
    for m in models:
        (home / "models" / m["path"]).write_bytes(b"tampered")
    result = run(home, "ask", "--json", "why do muscles waste away when a leg is in a cast?")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "MODEL REFUSED" in caplog.text and "training a fresh model" in caplog.text
    assert json.loads(result.stdout)["model_version"] not in {m["version"] for m in models}


def test_shell_answers_and_quits(home):
    result = run(home, "shell", stdin=b"why do muscles waste away when a leg is in a cast?\n/quit\n")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "triage> [general_info" in out and "Muscle atrophy" in out


def test_every_command_has_help_text():
    from bot.cli import cli

    def walk(group, prefix=""):
        for name, command in group.commands.items():
            yield prefix + name, command
            if hasattr(command, "commands"):
                yield from walk(command, prefix + name + " ")

    for name, command in walk(cli):
        assert command.help, f"`triage {name}` has no help text"


def test_run_without_a_token_is_one_clear_line_and_fails(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TRIAGE_"))}
    env["TRIAGE_HOME"] = str(tmp_path)
    result = subprocess.run([*TRIAGE, "run", "--env-file", str(tmp_path / "missing.env")], capture_output=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: DISCORD_TOKEN") and "not set" in lines[0], lines
    assert "Traceback" not in result.stderr.decode()


def test_bad_settings_are_listed_one_line_each_and_the_token_is_not_printed(tmp_path):
    token = "very-secret-token-value"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TRIAGE_"))}
    env.update({"TRIAGE_HOME": str(tmp_path), "DISCORD_TOKEN": token, "TRIAGE_GUILD_ID": "not-a-number",
                "TRIAGE_CHANNEL_IDS": "123,abc"})
    result = subprocess.run([*TRIAGE, "run"], capture_output=True, env=env, cwd=tmp_path, timeout=60)
    err = result.stderr.decode()
    assert result.returncode != 0 and "Traceback" not in err
    assert "TRIAGE_GUILD_ID" in err and "TRIAGE_MOD_CHANNEL_ID is not set" in err and "'abc'" in err
    assert token not in err + result.stdout.decode()


def test_a_case_is_decided_as_the_queue_shows_it(home):
    run(home, "ask", "my calves have been shrinking for months and my legs feel weak, should I see someone?")
    case = json.loads(run(home, "queue", "--json").stdout)[0]["case"]
    assert case.startswith("#")
    result = run(home, "decide", case, "approve", "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["status"] == "resolved"
    bad = run(home, "decide", "#one", "approve")
    assert bad.returncode == 2 and b"is not a case number" in bad.stdout + bad.stderr
