"""Reading article files (Markdown with front matter, plain text, HTML) into titled sections of passages.

Passages are cut at section and paragraph boundaries and sized to read well in a chat reply: short paragraphs
of one section are joined, long ones are split between sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "ArticleDoc",
    "Section",
    "ArticleError",
    "parse_article_file",
    "parse_markdown",
    "parse_html",
    "parse_plain_text",
    "chunk_paragraphs",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
]

MAX_FILE_BYTES = 2_000_000
SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
TARGET_WORDS = 120
MAX_WORDS = 200
MIN_WORDS = 25


class ArticleError(Exception):
    """A file that cannot be imported as an article; the message says why, in one line."""


@dataclass
class Section:
    heading: str
    passages: list[str] = field(default_factory=list)


@dataclass
class ArticleDoc:
    slug: str
    title: str
    source_url: str | None
    sections: list[Section]

    @property
    def passage_count(self) -> int:
        return sum(len(s.passages) for s in self.sections)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _words(text: str) -> int:
    return len(text.split())


def _split_long(paragraph: str) -> list[str]:
    if _words(paragraph) <= MAX_WORDS:
        return [paragraph]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        if current and _words(" ".join(current)) + _words(sentence) > TARGET_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    out: list[str] = []
    for piece in pieces:  # a single sentence longer than MAX_WORDS: cut by words
        words = piece.split()
        out.extend(" ".join(words[i : i + MAX_WORDS]) for i in range(0, len(words), MAX_WORDS))
    return out


def chunk_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join short neighbouring paragraphs and split long ones so each passage reads well on its own."""
    chunks: list[str] = []
    buffer = ""
    for para in (p.strip() for p in paragraphs):
        if not para:
            continue
        for piece in _split_long(para):
            if buffer and (_words(buffer) >= MIN_WORDS and _words(buffer) + _words(piece) > TARGET_WORDS):
                chunks.append(buffer)
                buffer = piece
            elif buffer:
                buffer = f"{buffer}\n{piece}" if _is_list_item(piece) else f"{buffer}\n\n{piece}"
            else:
                buffer = piece
            if _words(buffer) >= TARGET_WORDS:
                chunks.append(buffer)
                buffer = ""
    if buffer:
        chunks.append(buffer)
    return chunks


def _is_list_item(text: str) -> bool:
    return text.lstrip().startswith(("- ", "* ", "• "))


def _clean_inline(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if ":" in line:
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def parse_markdown(text: str, slug: str) -> ArticleDoc:
    meta, body = _front_matter(text)
    title = meta.get("title", "")
    sections: list[Section] = []
    parents: dict[int, str] = {}
    heading = "Overview"
    paragraphs: list[str] = []
    current: list[str] = []

    def flush_paragraph() -> None:
        if current:
            paragraphs.append(_clean_inline(" ".join(s.strip() for s in current)))
            current.clear()

    def flush_section() -> None:
        flush_paragraph()
        chunks = chunk_paragraphs(paragraphs)
        if chunks:
            sections.append(Section(heading, chunks))
        paragraphs.clear()

    for line in body.splitlines():
        m = _HEADING.match(line)
        if m:
            level, name = len(m.group(1)), _clean_inline(m.group(2)).strip()
            if level == 1:
                flush_section()
                title = title or name
                heading = "Overview"
                parents.clear()
                continue
            flush_section()
            parents = {lv: h for lv, h in parents.items() if lv < level}
            parents[level] = name
            heading = ": ".join(parents[lv] for lv in sorted(parents)) or name
            continue
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
        elif _is_list_item(stripped):
            flush_paragraph()
            paragraphs.append(_clean_inline(stripped))
        else:
            current.append(stripped)
    flush_section()
    return ArticleDoc(slug=slug, title=title or slug.replace("-", " ").title(),
                      source_url=meta.get("source") or meta.get("url"), sections=sections)


class _HTMLArticle(HTMLParser):
    BLOCKS = {"p", "li", "div", "td", "blockquote", "pre", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[tuple[str, list[str]]] = [("Overview", [])]
        self._buffer: list[str] = []
        self._tag_stack: list[str] = []
        self._skip = 0
        self._heading_level = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "nav", "footer"}:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in {"h1", "h2", "h3", "h4"} or tag in self.BLOCKS or tag == "br":
            self._flush()
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading_level = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "nav", "footer"} and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in {"h1", "h2", "h3", "h4"} and self._heading_level:
            text = " ".join("".join(self._buffer).split())
            self._buffer.clear()
            if self._heading_level == 1:
                self.title = self.title or text
            elif text:
                self.sections.append((text, []))
            self._heading_level = 0
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title = self.title or data.strip()
            return
        self._buffer.append(data)

    def _flush(self) -> None:
        if self._heading_level:
            return
        text = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if text:
            self.sections[-1][1].append(text)

    def close(self) -> None:
        super().close()
        self._flush()


def parse_html(text: str, slug: str) -> ArticleDoc:
    parser = _HTMLArticle()
    parser.feed(text)
    parser.close()
    sections = [Section(h, chunk_paragraphs(p)) for h, p in parser.sections]
    sections = [s for s in sections if s.passages]
    return ArticleDoc(slug=slug, title=parser.title or slug.replace("-", " ").title(), source_url=None,
                      sections=sections)


def parse_plain_text(text: str, slug: str) -> ArticleDoc:
    lines = text.strip().splitlines()
    title = lines[0].strip() if lines else slug
    body = "\n".join(lines[1:])
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    chunks = chunk_paragraphs(paragraphs)
    return ArticleDoc(slug=slug, title=title[:200], source_url=None,
                      sections=[Section("Overview", chunks)] if chunks else [])


def decode_article_bytes(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise ArticleError(f"{name}: the file is empty")
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(f"{name}: the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if b"\x00" in raw[:8192]:
        raise ArticleError(f"{name}: the file looks binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: the file is not UTF-8 text (byte {exc.start})") from exc


def parse_article_file(path: Path, raw: bytes | None = None) -> ArticleDoc:
    """Parse one article file by its extension.

    :raises ArticleError: unsupported type, empty, binary, not UTF-8, too large, or no readable text.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(f"{path.name}: unsupported file type {suffix or '(none)'}")
    raw = path.read_bytes() if raw is None else raw
    text = decode_article_bytes(raw, path.name)
    slug = path.stem
    if suffix in {".md", ".markdown"}:
        doc = parse_markdown(text, slug)
    elif suffix in {".html", ".htm"}:
        doc = parse_html(text, slug)
    else:
        doc = parse_plain_text(text, slug)
    if doc.passage_count == 0:
        raise ArticleError(f"{path.name}: no readable text found")
    return doc
