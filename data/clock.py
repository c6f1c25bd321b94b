"""One place for timestamps, so every row says UTC in the same ISO format."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

__all__ = ["now_iso", "sha256_text"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
