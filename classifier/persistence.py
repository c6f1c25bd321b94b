"""Saving and loading models with skops: compressed, sha256-checked, and refused if they hold untrusted types.

Pickle and joblib can run arbitrary code on load; skops can be checked before loading. A model file is only
loaded after (1) its sha256 matches the one recorded when it was written and (2) every type the archive names
is one our pipelines are made of. The second check is explicit: the archive's schema is read and every
``module.Class`` in it is checked against :data:`TRUSTED_TYPES` plus a short list of plain types, together with
what ``skops.io.get_untrusted_types`` reports. It does not rely on skops' default trust, which covers every
scikit-learn estimator (a model file holding a ``DecisionTreeClassifier`` is refused although skops trusts it).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from sklearn.pipeline import Pipeline

from classifier.errors import ModelFileError

__all__ = ["save_pipeline", "load_pipeline", "file_sha256", "TRUSTED_TYPES"]

#: Every type a Triage model file may hold beyond NumPy, SciPy and Python builtins (which skops trusts by itself):
#: what :mod:`classifier.train` fits now and fitted in earlier versions (``TfidfVectorizer``), so that older
#: versions can still be rolled back to. Anything else, including any other scikit-learn estimator, is
#: refused before loading.
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "classifier.vectorizers.CompactTfidfVectorizer",
    }
)


#: Plain types a model file holds for its parameters and arrays. skops trusts these by itself; they are listed
#: here too so that the check below does not depend on skops' defaults.
_PLAIN_TYPES: frozenset[str] = frozenset(
    {f"builtins.{name}" for name in ("dict", "list", "str", "tuple", "int", "float", "bool", "NoneType", "set",
                                     "frozenset", "slice", "type")}
    | {f"numpy.{name}" for name in ("ndarray", "dtype", "float16", "float32", "float64", "int8", "int16", "int32",
                                    "int64", "uint8", "uint16", "uint32", "uint64", "bool_", "str_", "object_")}
    | {"scipy.sparse._csr.csr_matrix", "scipy.sparse._csr.csr_array"}
)


def _types_in_archive(path: Path) -> set[str]:
    """Every ``module.Class`` named anywhere in a skops archive's schema, read without loading anything."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vectorizers(estimator: object):  # noqa: ANN202 - a generator of fitted vectorizers
    from sklearn.feature_extraction.text import CountVectorizer

    if isinstance(estimator, CountVectorizer):
        yield estimator
    for _name, child, *_ in getattr(estimator, "steps", []) + getattr(estimator, "transformer_list", []):
        yield from _vectorizers(child)


def slim_for_saving(pipeline: Pipeline) -> Pipeline:
    """Make a fitted pipeline cheap to save, without changing a single prediction.

    A fitted vectorizer maps each term to a NumPy integer, which skops writes as one array file per term (and
    checks the archive's name list each time: quadratic, minutes for a large vocabulary); plain ints are written as
    one JSON object. ``stop_words_`` (terms dropped by ``min_df``) is only for introspection; scikit-learn documents
    that it can be removed before persisting.
    """
    from classifier.vectorizers import CompactTfidfVectorizer

    for vectorizer in _vectorizers(pipeline):
        if isinstance(vectorizer, CompactTfidfVectorizer):
            continue  # it hands skops its vocabulary as arrays (and a copy of 300k terms costs a quarter second)
        vocabulary = getattr(vectorizer, "vocabulary_", None)
        if vocabulary is not None:
            vectorizer.vocabulary_ = {term: int(index) for term, index in vocabulary.items()}
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
    return pipeline


def save_pipeline(pipeline: Pipeline, path: str | Path) -> str:
    """Write the pipeline atomically (temp file + rename) and return the file's sha256."""
    slim_for_saving(pipeline)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    import skops.io as sio

    try:
        # level 1: half the time of level 6 for a file 12 % larger (a few MB either way)
        sio.dump(pipeline, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file_sha256(path)


def load_pipeline(path: str | Path, expected_sha256: str | None) -> Pipeline:
    """Load a pipeline written by :func:`save_pipeline`.

    :raises ModelFileError: missing file, sha256 mismatch, unreadable archive, untrusted types, or not a pipeline.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file {path} is missing")
    if expected_sha256 is not None:
        actual = file_sha256(path)
        if actual != expected_sha256:
            raise ModelFileError(f"model file {path} has changed since it was saved (sha256 {actual[:12]}…)")
    import skops.io as sio

    try:
        named = _types_in_archive(path)
        untrusted = set(sio.get_untrusted_types(file=path))
    except Exception as exc:  # a damaged archive fails in zipfile, json or skops, with several kinds of error
        raise ModelFileError(f"model file {path} is not a readable skops file ({type(exc).__name__})") from exc
    unexpected = (named | untrusted) - TRUSTED_TYPES - _PLAIN_TYPES
    if unexpected:
        raise ModelFileError(f"model file {path} holds untrusted types: {', '.join(sorted(unexpected))}")
    try:
        obj = sio.load(path, trusted=sorted(untrusted))
    except Exception as exc:
        raise ModelFileError(f"model file {path} could not be loaded ({type(exc).__name__})") from exc
    if not isinstance(obj, Pipeline) or not hasattr(obj, "classes_"):
        raise ModelFileError(f"model file {path} does not hold a fitted Triage pipeline")
    return obj
