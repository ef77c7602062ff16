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
