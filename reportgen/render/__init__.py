"""Section renderers: one module per section type, each a model plus a render function.

A section type is registered with :func:`section_type`; the validator looks
the model up by the `type` key of each section, and the assembler calls the
renderer, which returns IR blocks. Renderers never touch file formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..ir import Block
from .context import RenderContext

Renderer = Callable[[BaseModel, RenderContext], list[Block]]
# A problem a section's own check finds: (path below the section, code, message in Chinese).
Problem = tuple[tuple[str | int, ...], str, str]
# Checks beyond the model that need the input's place on disk (an image path): section, input folder → problems.
Checker = Callable[[BaseModel, Path], list[Problem]]


@dataclass(frozen=True)
class SectionType:
    name: str
    model: type[BaseModel]
    render: Renderer
    check: Checker | None = None


REGISTRY: dict[str, SectionType] = {}

BUILTIN_MODULES = ("lead", "unit_reports", "requirements", "paragraphs", "closing", "image", "table")


def section_type(name: str, model: type[BaseModel], check: Checker | None = None) -> Callable[[Renderer], Renderer]:
    """Register `render` as the renderer for sections whose `type` is `name` (and `check`, run at validation)."""

    def register(render: Renderer) -> Renderer:
        REGISTRY[name] = SectionType(name, model, render, check)
        return render

    return register


def registry() -> dict[str, SectionType]:
    for module in BUILTIN_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return REGISTRY
