"""The import contracts of pyproject.toml: imports point down the layers, and the
product never imports the development tools."""
from __future__ import annotations

import os
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_imports_point_down_the_layers_and_never_into_devtools():
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        os.chdir(previous)
