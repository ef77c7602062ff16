"""reportgen: structured YAML meeting facts in, a Chinese meeting report out (DOCX and PDF).

The flow is one-way: load → validate → section renderers → document IR → writers.
"""

from .diagnostics import Diagnostic, InputError

__version__ = "0.1.0"
__all__ = ["BuildFailure", "BuildResult", "Diagnostic", "InputError", "__version__", "build"]
_PIPELINE = ("BuildFailure", "BuildResult", "build")


def __getattr__(name: str):
    """The build API on first use: the command line sets pydantic up before the models are built."""
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
