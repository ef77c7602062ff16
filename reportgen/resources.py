"""Where things live: the built-in templates and style presets, the example inputs (in a checkout or an
installed wheel), and the user's cache folder."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """The repository's top-level `templates/` (editable install) or the copy packed in the wheel."""
    for candidate in (_HERE.parent / "templates", _HERE / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("reportgen's templates folder is missing from the installation")


def builtin_examples(first: str) -> Path:
    """The folder of the example inputs: the repository's `inputs/` (editable install) or the copy packed in
    the wheel as `reportgen/examples`. `first` is a file every candidate must hold: a checkout's `inputs/`
    also holds the user's own files, and an unrelated `inputs/` beside an installed package is not ours."""
    for candidate in (_HERE.parent / "inputs", _HERE / "examples"):
        if (candidate / first).is_file():
            return candidate
    raise FileNotFoundError("reportgen's example inputs are missing from the installation")


def cache_dir() -> Path:
    """Where parsed fonts and compiled templates are kept between runs: the user's cache folder, never the
    repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen"
