"""Reading a PDF back as lines of glyphs (pdfplumber): one reader for every test that checks a page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber


def baseline_lines(page) -> list[list[dict]]:
    """A page's characters grouped by baseline (to 0.1 pt), top line first, each line left to right."""
    rows: dict[float, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
    return [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows, reverse=True)]


def text(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def page_lines(pdf: Path) -> list[list[list[dict]]]:
    """Every page's baseline lines."""
    with pdfplumber.open(pdf) as document:
        return [baseline_lines(page) for page in document.pages]


def page_count(pdf: Path) -> int:
    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def latin_font() -> str:
    """The PostScript name of the face that sets letters and digits (the DOCX's Times New Roman or its twin)."""
    from fontTools.ttLib import TTFont

    from reportgen.fonts.discovery import resolve_latin

    face = resolve_latin("Times New Roman")
    assert face is not None, "no Times New Roman nor Liberation Serif: run `make test`, which installs it"
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)


def in_face(char: dict, cjk_font: str) -> bool:
    """Whether a character read back is set where it belongs: CJK in `cjk_font`, letters and digits in the
    Latin face, or in `cjk_font` itself where that face sets its own (the title, 黑体: `faces.OWN_LATIN_KINDS`)."""
    from reportgen.cjk.punct import is_cjk

    name = char["fontname"].split("+", 1)[-1]
    if is_cjk(char["text"]) or not char["text"].isascii():
        return name.startswith(cjk_font)
    return name.startswith(latin_font()) or name.startswith(cjk_font)
