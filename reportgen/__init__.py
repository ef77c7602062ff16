"""reportgen: structured YAML meeting facts in, a Chinese meeting report out (DOCX and PDF).

The flow is one-way: load → validate → section renderers → document IR → writers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostics import Diagnostic, InputError
    from .pipeline import BuildFailure, BuildResult, build

__version__ = "0.1.0"
__all__ = ["BuildFailure", "BuildResult", "Diagnostic", "InputError", "__version__", "build"]

_HOMES = {"Diagnostic": "diagnostics", "InputError": "diagnostics", "BuildFailure": "pipeline",
          "BuildResult": "pipeline", "build": "pipeline"}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: `python -m reportgen` must not load the pipeline before the
    command line has forked its writer processes."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value
