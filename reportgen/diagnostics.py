"""Located problems in user input, and the exceptions that carry them.

Every problem a user can fix is a :class:`Diagnostic` with a stable code, a
message in Chinese and, where known, the file, line, column and YAML path.
They print like ruff or yamllint so editors can jump to them.
"""

from __future__ import annotations

import unicodedata
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

    def format(self, width: int = 0) -> str:
        """One line, whatever the input held: control characters and line breaks are shown escaped. With a
        `width` (a terminal's), a longer one is wrapped (`wrap`), its further lines indented."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        at = f"（{_one_line(self.path, 80)}）" if self.path else ""
        kind = "" if self.severity is Severity.ERROR else "警告 "
        line = f"{_one_line(where, 400)}: {self.code} {kind}{_one_line(self.message, 2000)}{at}"
        return "\n".join(wrap(line, width)) if width else line


def _one_line(text: str, limit: int) -> str:
    """`text` with invisible and line-breaking characters escaped, cut to about `limit` characters (at a
    clause's end or a space when one is near: never inside a word)."""
    out = "".join(ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F
                  or ch in "\u2028\u2029" or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    if len(out) <= limit:
        return out
    cut = max(out.rfind(mark, limit * 3 // 4, limit - 1) for mark in _CLAUSE_ENDS + " ")
    return (out[: cut + 1] if cut > 0 else out[: limit - 1]).rstrip() + "…"


_CLAUSE_ENDS = "，；。：、）」！？"
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./\\:~+*@%#`'\"<>[]{}|$^&")


def columns(text: str) -> int:
    """How many terminal columns `text` takes (a Chinese character or full-width mark two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int, indent: str = "    ") -> list[str]:
    """`text` in lines of at most `width` columns, the further ones indented: broken after a clause (，；。…)
    when one ends in the last third of the line, else between two Chinese characters or at a space, never
    inside a run of letters, digits and the like (an option, a file name, a number), nor before a closing mark."""
    lines: list[str] = []
    rest = text
    while rest:
        room = width - (columns(indent) if lines else 0)
        if columns(rest) <= room or room < 20:
            lines.append(rest)
            break
        fits, used = 0, 0
        while fits < len(rest) and used + columns(rest[fits]) <= room:
            used += columns(rest[fits])
            fits += 1
        at = _break(rest, fits)
        lines.append(rest[:at].rstrip())
        rest = rest[at:].lstrip()
    return [lines[0]] + [indent + line for line in lines[1:]] if lines else []


def _break(text: str, fits: int) -> int:
    """Where to end a line of `text` whose first `fits` characters fit (see `wrap`): after the last clause mark
    in its latter two thirds; else at the last space or bracket there; else between two Chinese characters;
    never inside a run of letters and digits, nor before a closing mark."""
    latter = range(fits - 1, fits // 3, -1)
    for i in latter:
        if text[i - 1] in _CLAUSE_ENDS and text[i] not in _CLOSING:
            return i
    for i in latter:
        if text[i] not in _CLOSING and (text[i - 1] in " ）」》”" or text[i] in " （「《“"):
            return i
    for i in range(fits, 0, -1):
        before, after = text[i - 1], text[i]
        if after not in _CLOSING and not (before in _WORD and after in _WORD):
            return i
    return fits  # one word longer than the line: it must be cut


_CLOSING = frozenset(_CLAUSE_ENDS + "”’》")


class InputError(Exception):
    """The input cannot be built; carries every problem found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""
