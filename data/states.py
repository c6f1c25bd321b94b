"""Every state a stored row can be in, as enums (the store's CHECK triggers refuse any other value).

They are ``StrEnum``s, so a member is the string SQLite stores and compares equal to it.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PostStatus", "ReplyStatus", "ReviewStatus", "Route", "ModelStatus", "FollowupState", "ALLOWED"]


class PostStatus(StrEnum):
    RECEIVED = "received"  # stored, not yet answered (a crash here is recovered at start-up)
    ANSWERED = "answered"
    SILENT = "silent"  # handled, no reply (chit-chat, or a review item only)
    DELETED = "deleted"  # the member deleted it, or asked to be forgotten


class ReplyStatus(StrEnum):
    COMPOSED = "composed"  # written, not yet sent
    SENT = "sent"
    EDITED = "edited"  # a moderator changed it
    REMOVED = "removed"  # a moderator took it down
    HELD = "held"  # not sent after a restart (too late, or the post is gone)
    REPLACED = "replaced"  # the member edited the post and a new reply took its place


class ReviewStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    RESOLVED = "resolved"


class Route(StrEnum):
    """Which moderators a review item is for."""

    URGENT = "urgent"
    CLINICAL = "clinical"
    GENERAL = "general"
    ESCALATED = "escalated"


class ModelStatus(StrEnum):
    CANDIDATE = "candidate"
    CURRENT = "current"
    ARCHIVED = "archived"  # was current; can be rolled back to
    REJECTED = "rejected"  # a retrain candidate that was worse
    FAILED = "failed"  # a retrain interrupted halfway
    REFUSED = "refused"  # its file failed the sha256 or type check


class FollowupState(StrEnum):
    """A private follow-up thread with a member (the ``private_thread`` personal-reply mode)."""

    OPEN = "open"
    CLOSED = "closed"  # by a moderator or the clinical role, with a reason; or by retention


#: (table, column) -> the enum whose values the column may hold.
ALLOWED: dict[tuple[str, str], type[StrEnum]] = {
    ("posts", "status"): PostStatus,
    ("replies", "status"): ReplyStatus,
    ("review_items", "status"): ReviewStatus,
    ("review_items", "route"): Route,
    ("model_versions", "status"): ModelStatus,
    ("followup_threads", "state"): FollowupState,
}
