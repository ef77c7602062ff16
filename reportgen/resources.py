"""Where the built-in templates and style presets live, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """The repository's top-level `templates/` (editable install) or the copy packed in the wheel."""
    for candidate in (_HERE.parent / "templates", _HERE / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("reportgen's templates folder is missing from the installation")
