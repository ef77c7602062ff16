"""A tab's text built in memory into the pages the PDF would print, and the messages `check` would give.

The same steps as `reportgen build` (pipeline.prepare_text, the faces and their coverage, one layout) up to the
page layout; the screen writer draws that. Faces, templates, broken paragraphs and lint results stay warm in
the process (`reportgen.caches`), so a keystroke re-lays only what changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, Severity
from ..fonts import Face
from ..layout.document import lay_out_document
from ..layout.page import Picture
from ..lint.fix import fix_text
from ..loader import Loaded, format_path, load_text
from ..pipeline import BuildFailure, faces_for, prepare_loaded
from ..writers.svg_writer import SvgPage, render_pages
from .document import parse, plain_data


@dataclass
class Preview:
    """What the page shows for one version of a tab's text."""

    data: Any = None                          # the input's data (JSON-able), None if the YAML does not parse
    messages: list[dict[str, Any]] = field(default_factory=list)
    pages: list[SvgPage] | None = None        # None: not buildable now (the last good pages stay on screen)
    glyphs: dict[str, tuple[str, str]] = field(default_factory=dict)
    faces: dict[str, Face] = field(default_factory=dict)
    pictures: dict[str, bytes] = field(default_factory=dict)


def _message(d: Diagnostic, fixable: set[tuple[str, str]]) -> dict[str, Any]:
    return {"line": d.line, "col": d.col, "code": d.code, "message": d.message, "path": d.path,
            "file": d.file, "severity": str(d.severity), "fixable": (d.code, d.path) in fixable}


def _fixable(loaded: Loaded | None) -> set[tuple[str, str]]:
    """(code, path) of each finding `check --fix` would repair in this text."""
    if loaded is None:
        return set()
    try:
        _text, fixed = fix_text(loaded)
    except Exception:  # the fixer refuses what it cannot place; nothing is offered then
        return set()
    return {(d.code, d.path) for d in fixed}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def photo_url(data: bytes) -> str:
    """Where the page fetches a photo: the server keeps the current pages' photos by digest."""
    return f"photo/{_digest(data)}"


def build_preview(text: str, path: Path) -> Preview:
    """The pages and messages for `text`, the input at `path` (its folder gives photos and templates)."""
    preview = Preview()
    loaded: Loaded | None = None
    problems: list[Diagnostic] = []
    fixable: set[tuple[str, str]] = set()
    try:
        loaded = parse(text, str(path))
        preview.data = plain_data(loaded.data)
        fixable = _fixable(loaded)
        loaded, doc, style = prepare_loaded(loaded)
        faces, warnings = faces_for(loaded, doc, style, {}, paged=True)
        problems += loaded.warnings + warnings
        laid = lay_out_document(doc, style, faces, paged=True)
        assert laid.pages is not None
        preview.pages, preview.glyphs = render_pages(laid.pages, faces, photo_url)
        preview.faces = faces
        preview.pictures = {_digest(item.data): item.data for page in laid.pages.pages for item in page.items
                            if isinstance(item, Picture)}
    except InputError as exc:
        problems += exc.diagnostics
    except BuildFailure as exc:
        problems.append(exc.diagnostic)
    seen = set()
    for d in sorted(problems):
        if (d.line, d.col, d.code, d.message) in seen:
            continue
        seen.add((d.line, d.col, d.code, d.message))
        preview.messages.append(_message(d, fixable))
    return preview


def fix(text: str, path: Path, where: str | None) -> str:
    """`check --fix` of the text (or only of the string at `where`)."""
    loaded = load_text(text, str(path))
    fixed, _found = fix_text(loaded, where)
    return fixed


__all__ = ["Preview", "Severity", "build_preview", "fix", "format_path"]
