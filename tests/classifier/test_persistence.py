from __future__ import annotations

import json
import zipfile

import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline

from classifier.errors import ModelFileError
from classifier.persistence import load_pipeline, save_pipeline
from classifier.train import fit_pipeline


@pytest.fixture(scope="module")
def pipeline():
    from classifier.examples import Example
    from tests.conftest import TINY

    return fit_pipeline([Example(text=t, label=label) for label, texts in TINY.items() for t in texts])


def test_round_trip_gives_identical_predictions(pipeline, tmp_path):
    sha = save_pipeline(pipeline, tmp_path / "m.skops")
    loaded = load_pipeline(tmp_path / "m.skops", sha)
    texts = ["what causes muscle atrophy", "thanks all", "my leg is weak"]
    assert (loaded.predict_proba(texts) == pipeline.predict_proba(texts)).all()
    assert zipfile.is_zipfile(tmp_path / "m.skops")


def test_tampered_file_is_refused(pipeline, tmp_path):
    path = tmp_path / "m.skops"
    sha = save_pipeline(pipeline, path)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="changed"):
        load_pipeline(path, sha)


def test_corrupt_file_is_refused_even_without_a_recorded_hash(tmp_path):
    path = tmp_path / "m.skops"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ModelFileError, match="not a readable skops file"):
        load_pipeline(path, None)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="missing"):
        load_pipeline(tmp_path / "nope.skops", None)


class Sneaky(Pipeline):
    """A type skops does not know: loading it could run code, so it must be refused."""


def test_untrusted_types_are_refused(pipeline, tmp_path):
    sneaky = Sneaky(pipeline.steps)
    path = tmp_path / "sneaky.skops"
    sio.dump(sneaky, path)
    with pytest.raises(ModelFileError, match="untrusted types"):
        load_pipeline(path, None)


def _in_a_fresh_process(code: str) -> str:
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True,
                          timeout=120).stdout.strip()


def test_importing_skops_our_way_trusts_no_estimator_but_the_same_numpy_and_scipy_types():
    listing = ("import json, skops.io._trusted_types as t; "
               "print(json.dumps({n: sorted(getattr(t, n)) for n in dir(t) if n.endswith('_TYPE_NAMES')}))")
    plain = json.loads(_in_a_fresh_process(listing))
    ours = json.loads(_in_a_fresh_process("from classifier.persistence import _import_skops; _import_skops(); "
                                          + listing))
    assert len(plain["SKLEARN_ESTIMATOR_TYPE_NAMES"]) > 100 and ours["SKLEARN_ESTIMATOR_TYPE_NAMES"] == []
    del plain["SKLEARN_ESTIMATOR_TYPE_NAMES"], ours["SKLEARN_ESTIMATOR_TYPE_NAMES"]
    assert ours == plain and len(plain["NUMPY_UFUNC_TYPE_NAMES"]) > 10


#: Run in a fresh process, where skops is imported the way the bot imports it (this test module imports it plainly).
_LOAD_IN_A_FRESH_PROCESS = """
import sys
from classifier.errors import ModelFileError
from classifier.persistence import load_pipeline
for path in sys.argv[1:]:
    try:
        load_pipeline(path, None)
        print("loaded")
    except ModelFileError as exc:
        print(exc)
"""


def test_models_of_this_and_earlier_versions_load_and_any_other_estimator_is_refused(pipeline, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion
    from sklearn.tree import DecisionTreeClassifier

    texts, labels = ["my leg is weak", "what causes atrophy", "thanks all", "my arm hurts"], ["p", "g", "o", "p"]
    earlier = Pipeline([("features", FeatureUnion([("words", TfidfVectorizer())])),
                        ("clf", LogisticRegression())]).fit(texts, labels)
    foreign = Pipeline([("features", TfidfVectorizer()), ("clf", DecisionTreeClassifier())]).fit(texts, labels)
    paths = []
    for name, model in {"current": pipeline, "earlier": earlier, "foreign": foreign}.items():
        paths.append(str(tmp_path / f"{name}.skops"))
        sio.dump(model, paths[-1])
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _LOAD_IN_A_FRESH_PROCESS, *paths], cwd=repo, capture_output=True,
                         text=True, check=True, timeout=120).stdout.splitlines()
    assert out[:2] == ["loaded", "loaded"]
    assert "untrusted types: sklearn.tree._classes.DecisionTreeClassifier" in out[2]


def test_loading_skops_does_not_drag_in_pytorch():
    out = _in_a_fresh_process(
        "import importlib.util, sys; from classifier.persistence import _import_skops; _import_skops(); "
        "print(importlib.util.find_spec('torch') is not None, 'torch' in sys.modules)")
    installed, imported = out.split()
    if installed == "False":
        pytest.skip("PyTorch is not installed here (it comes with the optional embeddings extra)")
    assert imported == "False"
