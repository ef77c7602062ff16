"""reportgen: structured YAML meeting facts in, a Chinese meeting report out (DOCX and PDF).

The flow is one-way: load → validate → section renderers → document IR → writers.

This package's names are imported when first used (module `__getattr__`): the command starts by importing
this package, and its handling of Ctrl-C (`reportgen.__main__`) is in place only once that is done, so
nothing is loaded here, not even `typing`.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads it so), without importing typing
if TYPE_CHECKING:
    from .diagnostics import Diagnostic, InputError
    from .pipeline import BuildFailure, BuildResult, build

__all__ = ["BuildFailure", "BuildResult", "Diagnostic", "InputError", "__version__", "build"]
_HOME = {"Diagnostic": "diagnostics", "InputError": "diagnostics",
         "BuildFailure": "pipeline", "BuildResult": "pipeline", "build": "pipeline"}


def __getattr__(name: str) -> object:
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
