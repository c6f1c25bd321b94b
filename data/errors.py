"""Named errors of the store, translated into friendly messages at the edges (CLI, Discord)."""

from __future__ import annotations

__all__ = ["StoreError", "CorruptDatabase", "NotFound", "AlreadyHandled", "UnknownLabel", "FollowupClosed",
           "ReasonRequired"]


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


class FollowupClosed(StoreError):
    """A follow-up thread was already closed (by someone, or by retention), or its thread is gone."""

    def __init__(self, thread_id: str, by: str | None, removed: bool) -> None:
        self.thread_id = thread_id
        self.by = by
        self.removed = removed
        what = "removed" if removed else f"closed by {by or 'someone else'}"
        super().__init__(f"follow-up thread {thread_id} was already {what}")


class ReasonRequired(StoreError):
    """Closing a follow-up needs a reason (it is what the member and the next moderator read)."""
