"""Named errors of the classifier package."""

from __future__ import annotations

__all__ = ["ClassifierError", "ModelFileError", "TrainingError", "NoModel"]


class ClassifierError(Exception):
    """Base class for the classifier's own errors."""


class ModelFileError(ClassifierError):
    """A model file is missing, corrupt, tampered with, or holds types we do not trust."""


class TrainingError(ClassifierError):
    """Training cannot go ahead (too few examples, too few classes) or failed."""


class NoModel(ClassifierError):
    """No usable model exists and none could be trained."""
