from __future__ import annotations

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


def test_models_of_this_and_earlier_versions_load_and_any_other_estimator_is_refused(pipeline, tmp_path):
    """skops itself trusts every scikit-learn estimator; ours is the narrower list, checked from the archive."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion
    from sklearn.tree import DecisionTreeClassifier

    texts, labels = ["my leg is weak", "what causes atrophy", "thanks all", "my arm hurts"], ["p", "g", "o", "p"]
    earlier = Pipeline([("features", FeatureUnion([("words", TfidfVectorizer())])),
                        ("clf", LogisticRegression())]).fit(texts, labels)
    foreign = Pipeline([("features", TfidfVectorizer()), ("clf", DecisionTreeClassifier())]).fit(texts, labels)
    for name, model in {"current": pipeline, "earlier": earlier}.items():
        sio.dump(model, tmp_path / f"{name}.skops")
        assert load_pipeline(tmp_path / f"{name}.skops", None).predict(texts).shape == (4,)
    sio.dump(foreign, tmp_path / "foreign.skops")
    assert "sklearn.tree._classes.DecisionTreeClassifier" not in sio.get_untrusted_types(file=tmp_path / "foreign.skops")
    with pytest.raises(ModelFileError, match=r"untrusted types: sklearn\.tree\._classes\.DecisionTreeClassifier"):
        load_pipeline(tmp_path / "foreign.skops", None)


def test_an_archive_without_a_schema_is_refused(tmp_path):
    path = tmp_path / "m.skops"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.json", "{}")
    with pytest.raises(ModelFileError, match="not a readable skops file"):
        load_pipeline(path, None)
