"""reportgen: structured YAML meeting facts in, a Chinese meeting report out (DOCX and PDF).

The flow is one-way: load → validate → section renderers → document IR → writers.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .diagnostics import Diagnostic, InputError
from .pipeline import BuildFailure, BuildResult, build

__all__ = ["BuildFailure", "BuildResult", "Diagnostic", "InputError", "__version__", "build"]
