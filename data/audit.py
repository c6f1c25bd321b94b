"""The audit log: who did what, when. Details carry ids and labels, never post text."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from data.clock import now_iso

__all__ = ["audit"]


def audit(db: Database, actor: str, action: str, subject_type: str | None = None,
          subject_id: str | int | None = None, **detail: Any) -> None:
    db.table("audit_log").insert(
        {
            "at": now_iso(),
            "actor": actor,
            "action": action,
            "subject_type": subject_type,
            "subject_id": None if subject_id is None else str(subject_id),
            "detail": json.dumps(detail, sort_keys=True, default=str),
        }
    )

