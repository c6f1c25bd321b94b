"""Where Triage keeps its files: one data directory, overridable with ``TRIAGE_HOME`` or ``--db``."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PACKAGE_DIR", "SHIPPED_ARTICLES_DIR", "SHIPPED_SEED_DIR", "SHIPPED_SAFETY_DIR", "data_home", "default_db_path", "seed_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_ARTICLES_DIR = PACKAGE_DIR / "articles"
SHIPPED_SEED_DIR = PACKAGE_DIR / "seed"
SHIPPED_SAFETY_DIR = PACKAGE_DIR / "safety"


def data_home(environ: dict[str, str] | None = None) -> Path:
    """The data directory: ``$TRIAGE_HOME``, else ``./.triage`` when it exists, else ``~/.local/share/triage``."""
    env = os.environ if environ is None else environ
    if env.get("TRIAGE_HOME"):
        return Path(env["TRIAGE_HOME"]).expanduser()
    local = Path.cwd() / ".triage"
    if local.is_dir():
        return local
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "triage"


def seed_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the default model's seed posts come from: ``$TRIAGE_SEED_DIR`` (a community's own JSONL files with
    ``text`` and ``label``), else the shipped ``data/seed``."""
    env = os.environ if environ is None else environ
    return Path(env["TRIAGE_SEED_DIR"]).expanduser() if env.get("TRIAGE_SEED_DIR") else SHIPPED_SEED_DIR


def default_db_path(environ: dict[str, str] | None = None) -> Path:
    return data_home(environ) / "triage.db"
