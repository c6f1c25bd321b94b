"""Dependencies point one way, bot → responses → classifier → data, and only bot knows Discord.

Read from the source with ``ast`` (every import, top-level or inside a function), so a lazy import cannot slip
past the rule either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = ["data", "classifier", "responses", "bot"]  # each may import only the ones before it


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_layers_below_it(package):
    allowed = set(LAYERS[: LAYERS.index(package) + 1])
    forbidden = set(LAYERS) - allowed
    offenders = {str(path.relative_to(REPO)): sorted(_imports(path) & forbidden)
                 for path in sorted((REPO / package).rglob("*.py")) if _imports(path) & forbidden}
    assert offenders == {}


@pytest.mark.parametrize("package", ["data", "classifier", "responses"])
def test_only_bot_imports_discord(package):
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / package).rglob("*.py"))
                 if "discord" in _imports(path)]
    assert offenders == []
