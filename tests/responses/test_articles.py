from __future__ import annotations

import pytest

from responses.articles import ArticleError, chunk_paragraphs, parse_article_file, parse_html, parse_markdown
from responses.importer import import_articles

MD = """---
title: Muscle things
source: https://example.org/muscle
---
# Muscle things

Intro paragraph about muscles that is long enough to stand on its own as a passage in a reply.

## Causes
Disuse is the most common cause of muscle loss, for example after weeks in a cast or in bed.

### Nerve damage
When a nerve is damaged the muscle it serves can no longer be used and shrinks.

## Treatment
- exercise
- diet
"""


def test_markdown_front_matter_headings_and_subsections():
    doc = parse_markdown(MD, "muscle")
    assert doc.title == "Muscle things" and doc.source_url == "https://example.org/muscle"
    assert [s.heading for s in doc.sections] == ["Overview", "Causes", "Causes: Nerve damage", "Treatment"]
    assert "- exercise\n- diet" in doc.sections[-1].passages[0]


def test_long_paragraphs_are_split_and_short_ones_joined():
    long = " ".join(f"Sentence number {i} says something." for i in range(120))
    chunks = chunk_paragraphs([long])
    assert len(chunks) > 1 and all(len(c.split()) <= 200 for c in chunks)
    short = chunk_paragraphs(["One two three.", "Four five six."])
    assert short == ["One two three.\n\nFour five six."]


def test_html_headings_become_sections():
    html = "<html><head><title>T</title><script>x()</script></head><body><h1>Atrophy</h1><p>Intro text.</p>" \
           "<h2>Causes</h2><p>Disuse.</p><ul><li>bed rest</li></ul></body></html>"
    doc = parse_html(html, "a")
    assert doc.title == "T"
    assert [s.heading for s in doc.sections] == ["Overview", "Causes"]
    assert "x()" not in str(doc.sections)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"   \n\n", "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "not UTF-8"),
        ("huge.md", b"word " * 500_000, "larger than"),
        ("photo.jpg", b"abc", "unsupported"),
        ("headings.md", b"# Title only\n## Empty\n", "no readable text"),
    ],
)
def test_bad_files_get_a_clear_per_file_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        parse_article_file(path)


def test_import_is_idempotent_and_replaces_changed_files(fresh_db, tmp_path):
    path = tmp_path / "muscle.md"
    path.write_text(MD)
    first = import_articles(fresh_db, [tmp_path])
    assert first.imported == ["muscle"] and first.passages >= 4
    again = import_articles(fresh_db, [tmp_path])
    assert again.unchanged == ["muscle"] and not again.changed
    path.write_text(MD.replace("Disuse is", "Inactivity is"))
    third = import_articles(fresh_db, [path])
    assert third.replaced == ["muscle"]
    texts = [r["text"] for r in fresh_db.query("SELECT text FROM passages")]
    assert any("Inactivity" in t for t in texts) and not any("Disuse is" in t for t in texts)
    assert fresh_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_one_bad_file_does_not_stop_the_rest(fresh_db, tmp_path):
    (tmp_path / "good.md").write_text(MD)
    (tmp_path / "bad.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.txt").write_text("")
    report = import_articles(fresh_db, [tmp_path])
    assert report.imported == ["good"]
    assert len(report.errors) == 2 and any("binary" in e for e in report.errors)
