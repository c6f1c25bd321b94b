"""Named errors of the store, translated into friendly messages at the edges (CLI, Discord)."""

from __future__ import annotations

__all__ = ["StoreError", "CorruptDatabase", "NotFound", "AlreadyHandled", "UnknownLabel"]


class StoreError(Exception):
    """Base class for every error the data layer raises on purpose."""


class CorruptDatabase(StoreError):
    """The file at the DB path is not a usable SQLite database."""


class NotFound(StoreError):
    """A row the caller named does not exist."""


class AlreadyHandled(StoreError):
    """A review item was decided or claimed by someone else first."""

    def __init__(self, case_id: int, by: str | None, status: str) -> None:
        self.case_id = case_id
        self.by = by
        self.status = status
        who = by or "another moderator"
        super().__init__(f"case #{case_id} was already {status} by {who}")


class UnknownLabel(StoreError):
    """A label that is not one of the model's labels."""
