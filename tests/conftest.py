"""Shared fixtures: the example input, its corrected source text, and one build of it per session."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
DATA = Path(__file__).resolve().parent / "data"


def corrected_paragraphs() -> list[str]:
    """The 31 paragraphs of the seed article, corrected as shared/source/README.md describes."""
    return (DATA / "seed-2023-corrected.txt").read_text(encoding="utf-8").split("\n")


def need(tool: str) -> str:
    """The path of a required client program; its absence is a failure, never a skip."""
    path = shutil.which(tool)
    assert path, f"{tool} is not installed: run `make test`, which installs it"
    return path


def pdftotext(pdf: Path, *args: str) -> str:
    """The PDF's text as pdftotext reads it, less the spaces it infers from spacing next to CJK characters: the
    steady gap between Han characters and letters or digits (2 月 28 日), and the gaps of a line spread wide
    after its marks gave up their blanks. Neither is a character of the text."""
    out = subprocess.run([need("pdftotext"), "-enc", "UTF-8", *args, str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return SPACED.sub("", out)


# A space pdftotext puts next to a CJK character (Han, full-width form or mark, Chinese quotes and dashes).
_WIDE = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—·]"
SPACED = re.compile(rf"(?<={_WIDE}) +| +(?={_WIDE})")


def build_into(source: Path, folder: Path) -> dict[str, Path]:
    """`source` built into `folder`: {"docx": path, "pdf": path}."""
    from reportgen import build

    return {p.suffix[1:]: p for p in build(source, folder).outputs}


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> dict[str, Path]:
    """The example built once into a temporary folder: {"docx": path, "pdf": path}."""
    return build_into(EXAMPLE, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def official():
    """The official preset and the faces it resolves to on this machine, once per session."""
    from reportgen.fonts import resolve_all
    from reportgen.styles import load_style

    style = load_style("official")
    return style, resolve_all(style.faces_used())


@pytest.fixture(scope="module")
def browser():
    """A real Chromium (Debian's chromium and chromium-driver), one per test module."""
    from .editorkit import chromium

    driver = chromium()
    yield driver
    driver.quit()

