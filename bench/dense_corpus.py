"""The corpus the dense benchmark runs on, and a disk cache of passage vectors.

Encoding all 41,902 passages (MEDIQA's articles and MedQuAD's) with MiniLM takes about 54 minutes on this
machine's 2 loaded cores (13 passages/s measured), too long for a routine benchmark; the dense comparison runs
on MEDIQA's own articles with a fixed random sample of MedQuAD articles as distractors, every system on the
same passages. Vectors are cached under the system temp folder by text, so a second run encodes nothing."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
from common import MEDQUAD_ARTICLES, SHARED

MEDIQA = SHARED / "retrieval" / "mediqa_qa"
N_DISTRACTORS = 600
CACHE = Path(tempfile.gettempdir()) / "triage-bench-vectors.npz"


def corpus_files() -> list[Path]:
    medquad = sorted(p for p in MEDQUAD_ARTICLES.rglob("*") if p.is_file())
    sample = sorted(random.Random(0).sample(medquad, min(N_DISTRACTORS, len(medquad))))
    return [MEDIQA / "articles", *sample]


def load_cache() -> dict[str, np.ndarray]:
    try:
        with np.load(CACHE) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError):
        return {}


def save_cache(known: dict[str, np.ndarray]) -> None:
    tmp = CACHE.with_suffix(".tmp.npz")
    np.savez(tmp, **known)
    tmp.replace(CACHE)


def build(db) -> None:  # noqa: ANN001
    """Import the dense corpus into ``db`` and store every passage's vector (cached on disk)."""
    from responses.dense import embed_passages, get_encoder
    from responses.importer import import_articles

    import_articles(db, corpus_files(), actor="bench")
    known = load_cache()
    encoder = get_encoder()
    assert encoder is not None
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] % 2048 < n:
            save_cache(known)
            print(f"  {done[0]} passage vectors stored", flush=True)

    embed_passages(db, encoder, known=known, progress=progress)
    save_cache(known)
