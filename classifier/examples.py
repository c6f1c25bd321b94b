"""Labelled examples: the shipped seed posts and files in JSONL or CSV with ``text,label``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from classifier.labels import Label, parse_label

__all__ = ["Example", "ReadReport", "read_examples", "load_seed", "iter_rows"]


@dataclass(frozen=True)
class Example:
    text: str
    label: Label
    id: str | None = None
    source: str | None = None
    #: Whether a person marked the post as a possible emergency happening now (evaluation files only).
    urgent: bool | None = None


@dataclass
class ReadReport:
    """What reading a labelled file found: kept examples and every row it could not use, with the reason."""

    examples: list[Example] = field(default_factory=list)
    unknown_labels: list[tuple[int, str]] = field(default_factory=list)
    empty_text: list[int] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.unknown_labels) + len(self.empty_text) + len(self.malformed) + len(self.duplicates)

    def summary(self) -> dict[str, object]:
        return {
            "kept": len(self.examples),
            "unknown_labels": len(self.unknown_labels),
            "unknown_label_values": sorted({v for _, v in self.unknown_labels}),
            "empty_text": len(self.empty_text),
            "malformed": len(self.malformed),
            "duplicates": len(self.duplicates),
        }


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, object] | None, str | None]]:
    """Yield ``(line_number, row, error)`` from a JSONL or CSV file (chosen by extension; JSONL otherwise)."""
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start})") from exc
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(content))
        if not reader.fieldnames or "text" not in reader.fieldnames or "label" not in reader.fieldnames:
            raise ValueError(f"{path} needs a header row with 'text' and 'label' columns")
        for number, row in enumerate(reader, start=2):
            yield number, dict(row), None
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc.msg})"
            continue
        if not isinstance(row, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, row, None


def read_examples(path: str | Path, *, dedupe: bool = True, allowed: Iterable[Label] | None = None) -> ReadReport:
    """Read labelled examples, reporting (not silently dropping) unknown labels, empty texts and duplicates."""
    path = Path(path)
    allowed_set = set(allowed) if allowed is not None else set(Label)
    report = ReadReport()
    seen: set[str] = set()
    for number, row, error in iter_rows(path):
        if row is None:
            report.malformed.append((number, error or "malformed"))
            continue
        text = row.get("text")
        label_value = row.get("label")
        if not isinstance(text, str) or not text.strip():
            report.empty_text.append(number)
            continue
        if not isinstance(label_value, str):
            report.malformed.append((number, "missing label"))
            continue
        try:
            label = parse_label(label_value)
        except ValueError:
            report.unknown_labels.append((number, label_value))
            continue
        if label not in allowed_set:
            report.unknown_labels.append((number, label_value))
            continue
        key = " ".join(text.split()).casefold()
        if dedupe and key in seen:
            report.duplicates.append(number)
            continue
        seen.add(key)
        rid = row.get("id")
        source = row.get("source")
        report.examples.append(
            Example(text=text, label=label, id=None if rid is None else str(rid),
                    source=None if source is None else str(source), urgent=_parse_urgent(row.get("urgent")))
        )
    return report


def _parse_urgent(value: object) -> bool | None:
    """``urgent`` as JSON gives it (true/false) or as CSV does ("true", "1", "yes", "" ...)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if not text:
        return None
    return text in {"true", "1", "yes", "y"}


def load_seed(seed_dir: str | Path) -> list[Example]:
    """All shipped seed posts (``data/seed/*.jsonl``), deduplicated."""
    examples: list[Example] = []
    seen: set[str] = set()
    for path in sorted(Path(seed_dir).glob("*.jsonl")):
        for ex in read_examples(path).examples:
            key = " ".join(ex.text.split()).casefold()
            if key not in seen:
                seen.add(key)
                examples.append(ex)
    return examples
