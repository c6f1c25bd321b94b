"""A post's topic in a few words: the example search the research pointers suggest.

The key terms are the post's rarest content words among those the articles use (by the article index's inverse
document frequency, so "microgravity" outranks "muscle" and both outrank "effects"; words the articles never use
come after), minus the words people use to ask for research help
("essay", "sources", "project" ...) and everyday words that name no topic ("ago", "started", "normal"). Words that stand next to each other in the post stay together as a quoted
phrase, so "bone density" is searched as a phrase rather than as two words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from responses.text_analysis import STOP_WORDS, stem

__all__ = ["key_terms", "search_suggestion", "RESEARCH_WORDS"]

#: Words that ask for help researching rather than say what about.
RESEARCH_WORDS = frozenset({
    "essay", "essays", "project", "projects", "research", "researching", "paper", "papers", "source", "sources",
    "study", "studies", "school", "university", "uni", "college", "class", "course", "assignment", "thesis",
    "dissertation", "coursework", "peer-reviewed", "report", "article", "articles", "topic", "topics", "write", "writing", "looking", "find",
    "finding", "need", "needs", "good", "reliable", "reference", "references", "citation", "citations", "cite",
    "teacher", "professor", "presentation", "homework", "science", "fair", "grade", "recommend", "recommendations",
    "book", "books", "website", "websites", "literature", "review", "reviews", "evidence", "data", "search",
    "pubmed", "student", "students", "doing", "want", "learn", "learning", "read", "reading", "journal",
    "journals", "peer", "reviewed", "academic", "lot", "lots", "thing", "things", "really", "stuff", "work",
})
#: Everyday words a small article collection may never use (so they look rare) but that never name a topic.
_COMMON = """
    ago able about actually affect affects affected after again almost already also always another anything
    around ask asked away back bad basically best better big bit came come comes coming day days does doing
    done during early else end enough even ever every everything example far feel feeling feels felt few find
    fine first found getting give given go goes going gone good got great guess guys happen happened happens
    hard having hear heard high hoping idea important interested interesting issue issues just keep kind know
    large last late later least left let life like little long look looked looking looks lot low made main
    make makes making many matter maybe mean means might mind month months morning much need new next nice
    night normal now off often okay old ones only order other others over own part past people person place
    point possible pretty probably problem problems put quite rather real really recently relate related right
    said same saw say says seems seen several side since small some someone something sometimes soon sort
    start started starting still stuff sure take taken taking talk tell than thanks thing things think though
    thought time times today told too took tried true try trying turn type types understand use used using
    usual usually very want wanted way ways week weeks well went whether while whole will within without
    wonder work worked working worse worst year years yes yesterday young
"""
COMMON_WORDS = frozenset(_COMMON.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
#: A word the articles never use ranks after every word they do (it may be the topic, a new drug, but as often a
#: course name or a typo), and such words keep the post's order among themselves.
UNKNOWN_RARITY = -1.0


def key_terms(text: str, rarity: Callable[[str], float | None], n: int = 3) -> list[str]:
    """The post's ``n`` key terms as phrases, in the post's order (words adjacent in the post joined).

    :param rarity: a stemmed term's inverse document frequency, or None when the articles never use it.
    """
    words = [(m.group(0), m.group(0).lower().replace("'", "")) for m in _WORD.finditer(text[:1000])]
    content = [i for i, (_, w) in enumerate(words)
               if w not in STOP_WORDS and w not in RESEARCH_WORDS and w not in COMMON_WORDS and len(w) >= 3]
    score: dict[str, float] = {}
    for i in content:
        s = stem(words[i][1])
        if s not in score:
            r = rarity(s)
            score[s] = UNKNOWN_RARITY if r is None else r
    keep = set(sorted(score, key=lambda s: -score[s])[:n])  # (sorted is stable: the earlier word wins a tie)
    phrases: list[list[str]] = []
    used: set[str] = set()
    last = -2
    for i in content:
        s = stem(words[i][1])
        if s not in keep or s in used:
            last = -2 if s not in keep else last
            continue
        used.add(s)
        if i == last + 1 and phrases:
            phrases[-1].append(words[i][1])
        else:
            phrases.append([words[i][1]])
        last = i
    return [" ".join(p) for p in phrases]


def search_suggestion(terms: list[str]) -> str:
    """A database search from key terms: phrases quoted, joined with AND (``"bone density" AND microgravity``)."""
    return " AND ".join(f'"{t}"' if " " in t else t for t in terms)
