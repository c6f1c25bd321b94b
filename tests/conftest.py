"""Shared fixtures: an in-memory store, a tiny labelled corpus, and one real app trained once per session."""

from __future__ import annotations

import os

# One BLAS/OpenMP thread per test process: the suite runs on both cores (pytest-xdist), and two workers each
# starting a thread per core made model training take twice as long (set before NumPy is imported; `make test`
# sets the same in the environment).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import shutil  # noqa: E402
import sqlite3  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from classifier.examples import Example  # noqa: E402
from classifier.labels import Label  # noqa: E402
from data.db import open_db, open_memory_db  # noqa: E402
from data.settings_store import DEFAULT_SCOPE, set_setting  # noqa: E402

TINY = {
    Label.RESEARCH_HELP: [
        "I'm writing a school project on muscle atrophy in astronauts, where can I find sources?",
        "for my thesis I need peer reviewed papers about sarcopenia, any databases?",
        "how do I cite a pubmed article in APA for my essay",
        "my professor wants a literature review on diabetes, how do I start",
        "doing a science fair project on bone loss in space, need help with the hypothesis",
        "what statistical test should I use for my survey data for my psych class",
        "can someone explain how to read the methods section of a research paper",
        "any tips for finding good sources for a nursing assignment on stroke rehab",
    ],
    Label.PERSONAL_SYMPTOMS: [
        "I have been suffering from facial muscle atrophy and I'm scared",
        "my left leg got really thin after six weeks in a cast, is that normal?",
        "my dad had a stroke and his arm keeps getting weaker, what should we do",
        "i keep getting headaches every morning and my vision is blurry sometimes",
        "been on prednisone for a month and my thighs feel weak climbing stairs",
        "my calf muscle twitches all day, should I worry?",
        "since my surgery I lost so much muscle, I can barely open jars",
        "my grandmother is losing weight and muscle fast, she is 84",
    ],
    Label.GENERAL_INFO: [
        "What causes muscle atrophy?",
        "is sarcopenia reversible",
        "what is the difference between atrophy and dystrophy",
        "how much protein does an adult need per day",
        "why do astronauts lose muscle in space",
        "what are the symptoms of ALS",
        "can muscle atrophy be treated with electrical stimulation",
        "what does a CK blood test measure",
    ],
    Label.OTHER: [
        "thanks everyone!",
        "good morning all",
        "lol same",
        "welcome to the server, please read the rules",
        "anyone watching the game tonight",
        "ty that helped",
        "reminder: AMA with a physio on friday",
        "ok got it",
    ],
}


@pytest.fixture
def fresh_db():
    db = open_memory_db()
    yield db
    db.close()


@pytest.fixture
def tiny_examples() -> list[Example]:
    return [Example(text=t, label=label) for label, texts in TINY.items() for t in texts]


@pytest.fixture(scope="session")
def trained_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the shipped articles imported and the default model trained from the seed posts."""
    from bot.app import TriageApp

    home = tmp_path_factory.mktemp("triage-home")
    app = TriageApp.open(home / "triage.db")
    app.pipeline.safety.model()  # trains and caches the urgency model once; homes copy the cache
    # no random audit sample in tests that did not ask for one (a test that does turns it on, with a seeded RNG)
    set_setting(app.db, DEFAULT_SCOPE, "audit_sample_percent", 0.0)
    app.close()
    return home


def copy_home(src: Path, dst: Path) -> Path:
    """A private copy of a data directory (SQLite backup API, so a WAL database copies consistently)."""
    dst.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(src / "triage.db")
    target = sqlite3.connect(dst / "triage.db")
    with target:
        source.backup(target)
    source.close()
    target.close()
    shutil.copytree(src / "models", dst / "models")
    return dst


@pytest.fixture
def home(trained_home: Path, tmp_path: Path) -> Path:
    return copy_home(trained_home, tmp_path / "home")


@pytest.fixture
def app(home: Path) -> Iterator:
    from bot.app import TriageApp

    application = TriageApp.open(home / "triage.db")
    yield application
    application.close()


@pytest.fixture
def file_db(tmp_path: Path):
    db = open_db(tmp_path / "t.db")
    yield db
    db.close()
