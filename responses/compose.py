"""Composing the reply: notices first, then cited passages, always within chat limits and never pinging anyone.

The result is a plain :class:`Reply` dataclass; each face renders it (a Discord embed, terminal text), and
:func:`render_text` gives the plain-text form both can fall back on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classifier.labels import Label
from responses.excerpt import best_sentence, excerpt
from responses.notices import Notice, NoticeCode
from responses.retrieval import PassageHit

__all__ = ["Reply", "Citation", "CitationKind", "render_text", "neutralise_mentions", "trim", "MESSAGE_LIMIT", "PASSAGE_CHARS"]

MESSAGE_LIMIT = 2000
PASSAGE_CHARS = 480

_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")


def neutralise_mentions(text: str) -> str:
    """Make mentions inert even where allowed-mentions is not honoured (a zero-width space after the @ / <)."""
    return _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<", "<\u200b"), text)


def trim(text: str, limit: int) -> str:
    """Cut at a sentence or word boundary and add an ellipsis, never exceeding ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence >= limit * 0.6:
        return cut[: sentence + 1] + " …"[: max(0, limit - sentence - 1)]
    space = cut.rfind(" ")
    if space >= limit * 0.5:
        cut = cut[:space]
    return cut.rstrip() + "…"


class CitationKind:
    ANSWER = "answer"
    #: The matching article's "When to see a doctor" / "Warning signs" section, added for personal posts.
    CARE = "care"


@dataclass(frozen=True)
class Citation:
    """A passage quoted in a reply. ``focus`` is the index of its sentence that best matches the post: an
    excerpt always contains it (:func:`responses.excerpt.excerpt`)."""

    article: str
    section: str
    url: str | None
    text: str
    score: float
    passage_id: int
    focus: int = 0
    kind: str = CitationKind.ANSWER

    @classmethod
    def from_hit(cls, hit: PassageHit, query: str = "", kind: str = CitationKind.ANSWER) -> Citation:
        focus = best_sentence(hit.text, query) if query else 0
        return cls(hit.article_title, hit.section, hit.url, hit.text, hit.score, hit.passage_id, focus, kind)


@dataclass(frozen=True)
class Reply:
    label: Label
    notices: list[Notice] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    intro: str = ""

    @property
    def notice_codes(self) -> list[str]:
        return [str(n.code) for n in self.notices]

    def has(self, code: NoticeCode) -> bool:
        return any(n.code is code for n in self.notices)


def render_text(reply: Reply, limit: int = MESSAGE_LIMIT) -> str:
    """Plain Markdown for a chat message or a terminal, at most ``limit`` characters.

    Notices are never cut (they are what keeps members safe); passages share what room is left.
    """
    head: list[str] = []
    for n in reply.notices:
        marker = "⚠️ " if n.code in {NoticeCode.URGENT, NoticeCode.URGENT_CARE, NoticeCode.DOCTOR_REFERRAL} else ""
        head.append(f"**{marker}{n.title}**\n{n.text}")
    if reply.intro:
        head.append(reply.intro)
    text = "\n\n".join(head)
    if len(text) > limit:
        return neutralise_mentions(trim(text, limit))[:limit]
    room = limit - len(text) - 2
    out = [text] if text else []
    for c in reply.citations:
        where = f"*{c.article} › {c.section}*" + (f" <{c.url}>" if c.url else "")
        body = c.text
        budget = min(PASSAGE_CHARS, room - len(where) - 8)
        if budget < 120:
            break
        quoted = "> " + excerpt(neutralise_mentions(body), budget, c.focus).replace("\n", "\n> ")
        block = f"{quoted}\n— {where}"
        out.append(block)
        room -= len(block) + 2
    return neutralise_mentions("\n\n".join(out))[:limit]
