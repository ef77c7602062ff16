"""Located problems in user input, and the exceptions that carry them.

Every problem a user can fix is a :class:`Diagnostic` with a stable code, a
message in Chinese and, where known, the file, line, column and YAML path.
They print like ruff or yamllint so editors can jump to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in one input file."""

    file: str
    line: int
    col: int
    code: str
    message: str
    path: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        """One line, whatever the input held: control characters and line breaks are shown escaped."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        at = f"（{_one_line(self.path, 80)}）" if self.path else ""
        kind = "" if self.severity is Severity.ERROR else "警告 "
        return f"{_one_line(where, 400)}: {self.code} {kind}{_one_line(self.message, 400)}{at}"


def _one_line(text: str, limit: int) -> str:
    """`text` with invisible and line-breaking characters escaped, cut to about `limit` characters."""
    out = "".join(ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F
                  or ch in "\u2028\u2029" or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


class InputError(Exception):
    """The input cannot be built; carries every problem found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""
