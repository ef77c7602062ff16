"""Helpers for the lint and CLI tests: inputs with given paragraphs, and `reportgen` run in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reportgen.cli import main

from .conftest import EXAMPLE

# The example's meeting facts, without its `# reportgen: ignore=` line: every rule is on.
HEADER = "".join(line for line in EXAMPLE.read_text(encoding="utf-8").split("\nsections:")[0]
                 .splitlines(keepends=True) if "reportgen:" not in line) + "\n"
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RG\d{3}) (?P<rest>.*)$")


def write_input(path: Path, paragraphs: list[str], *, literal: set[int] = frozenset(), header: str = HEADER) -> Path:
    """An input whose body is one `paragraphs` section; items in `literal` are block scalars (|-)."""
    lines = [header, "sections:\n  - type: paragraphs\n    paragraphs:\n"]
    for i, text in enumerate(paragraphs):
        if i in literal:
            lines.append("      - |-\n" + "".join(f"        {line}\n" for line in text.split("\n")))
        else:
            lines.append(f"      - {json.dumps(text, ensure_ascii=False)}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def findings(err: str) -> list[tuple[int, int, str, str]]:
    """(line, col, code, rest) of every diagnostic line; any other line fails the test."""
    out = []
    for row in err.splitlines():
        m = LINE.match(row)
        assert m, f"not a diagnostic line: {row!r}"
        out.append((int(m["line"]), int(m["col"]), m["code"], m["rest"]))
    return out


def position(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of `needle` below `sections:`, found by plain search."""
    seen = 0
    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines.index("sections:")
    for number, line in enumerate(lines[body:], start=body + 1):
        start = 0
        while (col := line.find(needle, start)) >= 0:
            if seen == nth:
                return number, col + 1
            seen += 1
            start = col + 1
    raise AssertionError(f"{needle!r} not in {path}")
