"""The Word file against the PDF: LibreOffice's rendering of each example DOCX compared with our PDF.

Usage: .venv/bin/python bench/agreement.py [--json FILE] [INPUT ...]

For every example input, as a report and as minutes, in the official and the news style: build both files,
render the DOCX with LibreOffice (a real client, as tests/libreoffice.py runs it) and read both PDFs back.
Reported per variant:
- pages: ours and LibreOffice's;
- page starts: how many pages start at the same character;
- line ends: the share of our lines that end at the same character in LibreOffice's rendering.
Characters are compared as letters, digits and Han only (LibreOffice 7.4 drops some line-end commas, and
punctuation positions say nothing a letter does not), so a line end is a position in that stream.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.libreoffice import to_pdf  # noqa: E402  (the repository's own LibreOffice runner)

VARIANTS = (("report", "official"), ("minutes", "official"), ("report", "news"), ("minutes", "news"))
PAGE_NUMBER = re.compile(r"^[—–-]?\s*\d+\s*[—–-]?$")


def significant(text: str) -> str:
    """Letters, digits and Han characters: what both renderings must agree on."""
    return "".join(ch for ch in text if ch.isalnum())


@dataclass
class Reading:
    """A PDF as a stream of significant characters, with where each line and each page ends in it."""

    stream: str
    line_ends: list[int]
    page_starts: list[int]
    pages: int


def read(pdf: Path) -> Reading:
    stream, line_ends, page_starts = "", [], []
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
        for page in document.pages:
            page_starts.append(len(stream))
            rows: list[list[dict]] = []  # by baseline (faces of one line differ in their descent), top first
            for char in sorted(page.chars, key=lambda c: (-round(c["matrix"][5], 1), c["x0"])):
                if rows and abs(rows[-1][0]["matrix"][5] - char["matrix"][5]) < 2.0:
                    rows[-1].append(char)
                else:
                    rows.append([char])
            for row in rows:
                text = "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                if PAGE_NUMBER.match(text.strip()):
                    continue
                kept = significant(text)
                if kept:
                    stream += kept
                    line_ends.append(len(stream))
    return Reading(stream, line_ends, page_starts, pages)


@dataclass
class Agreement:
    name: str
    pages_ours: int
    pages_theirs: int
    same_page_starts: int
    line_ends_ours: int
    same_line_ends: int
    text_matches: float  # share of our significant characters found in LibreOffice's stream

    @property
    def line_share(self) -> float:
        return self.same_line_ends / self.line_ends_ours if self.line_ends_ours else 1.0

    @property
    def pages_agree(self) -> bool:
        return self.pages_ours == self.pages_theirs == self.same_page_starts


def compare(name: str, ours_pdf: Path, theirs_pdf: Path) -> Agreement:
    ours, theirs = read(ours_pdf), read(theirs_pdf)
    matcher = SequenceMatcher(None, ours.stream, theirs.stream, autojunk=False)
    mapped: dict[int, int] = {}  # position in our stream → the same position in theirs
    for block in matcher.get_matching_blocks():
        for k in range(block.size + 1):
            mapped.setdefault(block.a + k, block.b + k)
    their_ends, their_starts = set(theirs.line_ends), set(theirs.page_starts)
    same_ends = sum(1 for end in ours.line_ends if mapped.get(end) in their_ends)
    same_starts = sum(1 for start in ours.page_starts if mapped.get(start) in their_starts)
    matched = sum(b.size for b in matcher.get_matching_blocks())
    return Agreement(name, ours.pages, theirs.pages, same_starts, len(ours.line_ends), same_ends,
                     matched / len(ours.stream) if ours.stream else 1.0)


def measure(source: Path, kind: str, style: str, folder: Path) -> Agreement:
    from reportgen import build

    name = f"{source.stem} {kind} {style}"
    out = folder / f"{source.stem}-{kind}-{style}"
    files = {p.suffix[1:]: p for p in build(source, out, kind=kind, style=style).outputs}
    rendered = to_pdf(files["docx"], out / "libreoffice")
    return compare(name, files["pdf"], rendered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    inputs = args.inputs or sorted((ROOT / "inputs").glob("*.yaml"))
    results = []
    with tempfile.TemporaryDirectory(prefix="rg-agreement-") as scratch:
        for source in inputs:
            for kind, style in VARIANTS:
                result = measure(source, kind, style, Path(scratch))
                results.append(result)
                print(f"{result.name:60} pages {result.pages_ours}/{result.pages_theirs} "
                      f"starts {result.same_page_starts}/{result.pages_ours}  "
                      f"line ends {result.same_line_ends}/{result.line_ends_ours} = {result.line_share:.1%}"
                      f"  text {result.text_matches:.1%}", flush=True)
    total = sum(r.line_ends_ours for r in results)
    same = sum(r.same_line_ends for r in results)
    agree = sum(r.pages_agree for r in results)
    print(f"\nall: {agree}/{len(results)} variants with the same pages, each starting at the same text; "
          f"{same}/{total} = {same / total:.1%} line ends the same (target: every variant, ≥ 95 %)")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"line_share": r.line_share} for r in results],
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
