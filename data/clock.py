"""One place for timestamps, so every row says UTC in the same ISO format.

The clock can be swapped for a block of code (:func:`use_clock`): tests and benchmarks seed posts, decisions and
feedback at known dates through the real store functions, and every row they write carries the date given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

__all__ = ["now", "now_iso", "sha256_text", "use_clock"]


def _system_now() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_now


def now() -> datetime:
    """The current time in UTC, from the clock in use."""
    return _source()


def now_iso() -> str:
    return now().isoformat(timespec="microseconds")


@contextmanager
def use_clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Every timestamp the store writes inside the block comes from ``source`` (an aware UTC datetime)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
