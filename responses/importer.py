"""Importing article files into the store: unchanged files are skipped, changed ones replace their passages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from data.audit import audit
from data.clock import now_iso
from data.db import inserted_id, write_lock, write_transaction
from responses.articles import SUPPORTED_SUFFIXES, ArticleDoc, ArticleError, parse_article_file

__all__ = ["ImportReport", "import_articles", "iter_article_files", "ensure_shipped_articles"]


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    passages: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.imported or self.replaced)

    def summary(self) -> dict[str, object]:
        return {
            "imported": len(self.imported),
            "replaced": len(self.replaced),
            "unchanged": len(self.unchanged),
            "errors": self.errors,
            "passages": self.passages,
        }


def iter_article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the supported files inside named folders (recursively, sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def _store(db: Database, doc: ArticleDoc, path: Path, sha: str, existing_id: int | None) -> tuple[int, int]:
    """Write one article and its passages in one transaction; returns (article id, passage count)."""
    now = now_iso()
    with write_transaction(db):
        if existing_id is not None:
            db.execute("DELETE FROM passages WHERE article_id = ?", [existing_id])
            db.execute(
                "UPDATE articles SET title = ?, source_url = ?, path = ?, sha256 = ?, imported_at = ? WHERE id = ?",
                [doc.title, doc.source_url, str(path), sha, now, existing_id],
            )
            article_id = existing_id
        else:
            table = db.table("articles").insert(
                {"slug": doc.slug, "title": doc.title, "source_url": doc.source_url, "path": str(path),
                 "sha256": sha, "imported_at": now}
            )
            article_id = inserted_id(table)
        rows = []
        position = 0
        for section in doc.sections:
            for text in section.passages:
                rows.append({"article_id": article_id, "title": doc.title, "section": section.heading,
                             "position": position, "text": text})
                position += 1
        db.table("passages").insert_all(rows, batch_size=500)
    return article_id, len(rows)


def import_articles(
    db: Database,
    paths: Iterable[str | Path],
    progress: Callable[[Path], None] | None = None,
    actor: str = "cli",
) -> ImportReport:
    """Import every article file under ``paths``. One bad file is reported and skipped; the rest go in."""
    report = ImportReport()
    existing = {r["slug"]: (r["id"], r["sha256"]) for r in db.query("SELECT id, slug, sha256 FROM articles")}
    with write_lock(db):
        for path in iter_article_files(paths):
            if progress is not None:
                progress(path)
            try:
                if not path.is_file():
                    raise ArticleError(f"{path}: no such file")
                raw = path.read_bytes()
                sha = hashlib.sha256(raw).hexdigest()
                known = existing.get(path.stem)
                if known is not None and known[1] == sha:
                    report.unchanged.append(path.stem)
                    continue
                doc = parse_article_file(path, raw)
                article_id, count = _store(db, doc, path, sha, known[0] if known else None)
                report.passages += count
                existing[doc.slug] = (article_id, sha)
                (report.replaced if known else report.imported).append(doc.slug)
            except ArticleError as exc:
                report.errors.append(str(exc))
            except OSError as exc:
                report.errors.append(f"{path}: cannot read ({exc.strerror or exc})")
        if report.changed:
            audit(db, actor, "articles.import", count=len(report.imported) + len(report.replaced))
    return report


def ensure_shipped_articles(db: Database, articles_dir: Path) -> ImportReport | None:
    """Keep the shipped articles current: new or changed shipped files are imported at start-up.

    Unchanged files are skipped by hash, so this is a handful of file reads. Returns ``None`` when nothing changed.
    """
    report = import_articles(db, [articles_dir], actor="triage:shipped")
    return report if report.changed or report.errors else None
