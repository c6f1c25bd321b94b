"""The registry of trained models: one row a version, exactly one of them current."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from data.clock import now_iso
from data.db import write_transaction
from data.errors import NotFound
from data.states import ModelStatus

__all__ = ["ModelVersion", "register_version", "current_version", "list_versions", "get_version", "promote",
           "set_status", "labels_since_last_attempt", "strong_label_count"]


@dataclass(frozen=True)
class ModelVersion:
    version: str
    path: str
    sha256: str
    created_at: str
    n_seed: int
    n_labels: int
    status: str
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ModelVersion:
        return cls(
            version=row["version"],
            path=row["path"],
            sha256=row["sha256"],
            created_at=row["created_at"],
            n_seed=row["n_seed"],
            n_labels=row["n_labels"],
            status=row["status"],
            metrics=json.loads(row["metrics"] or "{}"),
            thresholds=json.loads(row["thresholds"] or "{}"),
            note=row["note"],
        )


def register_version(
    db: Database,
    *,
    version: str,
    path: str,
    sha256: str,
    n_seed: int,
    n_labels: int,
    metrics: dict[str, Any],
    thresholds: dict[str, Any],
    status: ModelStatus | str = ModelStatus.CANDIDATE,
    note: str | None = None,
) -> ModelVersion:
    db.table("model_versions").insert(
        {
            "version": version,
            "path": path,
            "sha256": sha256,
            "created_at": now_iso(),
            "n_seed": n_seed,
            "n_labels": n_labels,
            "metrics": json.dumps(metrics, sort_keys=True),
            "thresholds": json.dumps(thresholds, sort_keys=True),
            "status": status,
            "note": note,
        }
    )
    return get_version(db, version)


def get_version(db: Database, version: str) -> ModelVersion:
    rows = list(db.query("SELECT * FROM model_versions WHERE version = ?", [version]))
    if not rows:
        raise NotFound(f"model version {version} does not exist")
    return ModelVersion.from_row(rows[0])


def current_version(db: Database) -> ModelVersion | None:
    rows = list(db.query("SELECT * FROM model_versions WHERE status = 'current' ORDER BY id DESC LIMIT 1"))
    return ModelVersion.from_row(rows[0]) if rows else None


def list_versions(db: Database) -> list[ModelVersion]:
    return [ModelVersion.from_row(r) for r in db.query("SELECT * FROM model_versions ORDER BY id")]


def set_status(db: Database, version: str, status: ModelStatus | str, note: str | None = None) -> None:
    db.execute("UPDATE model_versions SET status = ?, note = COALESCE(?, note) WHERE version = ?",
               [status, note, version])


def promote(db: Database, version: str) -> None:
    """Make ``version`` the only current model, in one transaction."""
    get_version(db, version)
    with write_transaction(db):
        db.execute("UPDATE model_versions SET status = 'archived' WHERE status = 'current'")
        db.execute("UPDATE model_versions SET status = 'current' WHERE version = ?", [version])


def labels_since_last_attempt(db: Database) -> int:
    """Strong labels added since the newest model version of any status (current, rejected or failed) was
    trained: a rejected candidate counts as an attempt, so a schedule waits for new labels before trying again."""
    since = db.execute("SELECT MAX(created_at) FROM model_versions").fetchone()[0]
    if since is None:
        return int(db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong'").fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong' AND created_at > ?",
                          [since]).fetchone()[0])


def strong_label_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM labels WHERE strength = 'strong'").fetchone()[0])
