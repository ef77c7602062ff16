"""Where each character of a string value stands in the YAML source text.

PyYAML gives only where a scalar starts and ends. To report a finding at the
damaged character and to repair it by editing the source text in place (never
re-serialising the document), we scan the scalar again the way PyYAML's scanner
does (plain, single- and double-quoted, literal `|` and folded `>` styles, any
line ending) and record, for every value character, the source characters it
came from and whether it stands for them alone: a content character or an escape
(`direct`), or something made by folding line breaks and indentation.

The scan is checked against the value PyYAML produced: when they differ the map
is None and the caller falls back to the scalar's start (and `--fix` leaves the
scalar alone).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..caches import memo
from ..loader import ScalarSpan

BREAKS = "\r\n\x85\u2028\u2029"
_ESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True)
class Source:
    """Value character → source characters `start:end`; `direct`: they stand for this character alone."""

    start: int
    end: int
    direct: bool


class _Mismatch(Exception):
    pass


@memo(4)
def line_starts(text: str) -> tuple[int, ...]:
    """Index of the first character of every line, with PyYAML's line breaks (CRLF is one break)."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n" or ch in "\x85\u2028\u2029" or (ch == "\r" and text[i + 1:i + 2] != "\n"):
            starts.append(i + 1)
    return tuple(starts)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters, as an editor counts them) of `text[index]`."""
    starts = line_starts(text)
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


class _Scan:
    def __init__(self, text: str, start: int):
        self.text = text
        self.pos = start
        self.out: list[tuple[str, Source]] = []

    def peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.text[i] if i < len(self.text) else "\0"

    def column(self, pos: int | None = None) -> int:
        pos = self.pos if pos is None else pos
        starts = line_starts(self.text)
        return pos - starts[bisect.bisect_right(starts, pos) - 1]

    def content(self, length: int) -> None:
        for i in range(self.pos, self.pos + length):
            self.out.append((self.text[i], Source(i, i + 1, True)))
        self.pos += length

    def made(self, chars: str, start: int, end: int, direct: bool = False) -> None:
        for ch in chars:
            self.out.append((ch, Source(start, end, direct)))

    def line_break(self) -> tuple[str, int, int]:
        start = self.pos
        ch = self.peek()
        if ch in "\r\n\x85":
            self.pos += 2 if self.text.startswith("\r\n", self.pos) else 1
            return "\n", start, self.pos
        if ch in "\u2028\u2029":
            self.pos += 1
            return ch, start, self.pos
        return "", start, start

    def folded_breaks(self, spaces: str) -> list[tuple[str, int, int]]:
        """Line breaks and the indentation between them (flow and plain scalars)."""
        breaks = []
        while True:
            while self.peek() in spaces:
                self.pos += 1
            if self.peek() in BREAKS:
                breaks.append(self.line_break())
            else:
                return breaks

    def fold(self, line_break: tuple[str, int, int], breaks: list[tuple[str, int, int]], start: int) -> None:
        """A line break followed by `breaks`: one space, or the breaks (YAML line folding)."""
        if line_break[0] != "\n":
            self.made(line_break[0], start, self.pos)
        elif not breaks:
            self.made(" ", start, self.pos)
        for chunk, _a, b in breaks:
            self.made(chunk, start, b)

    # plain scalars: the scalar is known to end at `end`
    def plain(self, end: int) -> None:
        while self.pos < end:
            length = 0
            while self.pos + length < end and self.peek(length) not in " \t" + BREAKS:
                length += 1
            self.content(length)
            if self.pos >= end:
                return
            start = self.pos
            while self.peek() == " ":
                self.pos += 1
            if self.peek() in BREAKS:
                line_break = self.line_break()
                self.fold(line_break, self.folded_breaks(" "), start)
            elif self.pos > start:
                end_of_spaces, self.pos = self.pos, start
                self.content(end_of_spaces - start)
            else:
                raise _Mismatch

    # quoted scalars
    def quoted(self, double: bool) -> None:
        quote = self.peek()
        self.pos += 1
        self.non_spaces(double)
        while self.peek() != quote:
            if self.peek() == "\0":
                raise _Mismatch
            self.spaces()
            self.non_spaces(double)
        self.pos += 1

    def non_spaces(self, double: bool) -> None:
        while True:
            length = 0
            while self.peek(length) not in "'\"\\\0 \t" + BREAKS:
                length += 1
            self.content(length)
            ch = self.peek()
            start = self.pos
            if not double and ch == "'" and self.peek(1) == "'":
                self.pos += 2
                self.made("'", start, self.pos, direct=True)
            elif (double and ch == "'") or (not double and ch in '"\\'):
                self.content(1)
            elif double and ch == "\\":
                code = self.peek(1)
                if code in _ESCAPES:
                    self.pos += 2
                    self.made(_ESCAPES[code], start, self.pos, direct=True)
                elif code in _HEX:
                    digits = self.text[self.pos + 2:self.pos + 2 + _HEX[code]]
                    self.pos += 2 + _HEX[code]
                    self.made(chr(int(digits, 16)), start, self.pos, direct=True)
                elif code in BREAKS:
                    self.pos += 1
                    self.line_break()
                    for chunk, _a, b in self.folded_breaks(" \t"):
                        self.made(chunk, start, b)
                else:
                    raise _Mismatch
            else:
                return

    def spaces(self) -> None:
        start = self.pos
        while self.peek() in " \t":
            self.pos += 1
        if self.peek() in BREAKS:
            line_break = self.line_break()
            self.fold(line_break, self.folded_breaks(" \t"), start)
        else:
            end, self.pos = self.pos, start
            self.content(end - start)

    # block scalars
    def block(self, folded: bool, indent_for: int | None) -> None:
        self.pos += 1
        chomping: bool | None = None
        increment = None
        for _ in range(2):
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
                self.pos += 1
            elif ch in "123456789" and increment is None:
                increment = int(ch)
                self.pos += 1
        while self.peek() == " ":
            self.pos += 1
        if self.peek() == "#":
            while self.peek() not in "\0" + BREAKS:
                self.pos += 1
        self.line_break()
        if increment is None:
            breaks, max_indent = [], 0
            while self.peek() in " " + BREAKS:
                if self.peek() == " ":
                    self.pos += 1
                    max_indent = max(max_indent, self.column())
                else:
                    breaks.append(self.line_break())
            indent = max(1, max_indent)
        else:
            assert indent_for is not None
            indent = indent_for
            breaks = self.block_breaks(indent)
        line_break: tuple[str, int, int] = ("", self.pos, self.pos)
        while self.column() == indent and self.peek() != "\0":
            for chunk, a, b in breaks:
                self.made(chunk, a, b)
            leading_non_space = self.peek() not in " \t"
            length = 0
            while self.peek(length) not in "\0" + BREAKS:
                length += 1
            self.content(length)
            line_break = self.line_break()
            breaks = self.block_breaks(indent)
            if self.column() == indent and self.peek() != "\0":
                if folded and line_break[0] == "\n" and leading_non_space and self.peek() not in " \t":
                    if not breaks:
                        self.made(" ", line_break[1], line_break[2])
                else:
                    self.made(line_break[0], line_break[1], line_break[2])
            else:
                break
        if chomping is not False:
            self.made(line_break[0], line_break[1], line_break[2])
        if chomping is True:
            for chunk, a, b in breaks:
                self.made(chunk, a, b)

    def block_breaks(self, indent: int) -> list[tuple[str, int, int]]:
        breaks = []
        while self.column() < indent and self.peek() == " ":
            self.pos += 1
        while self.peek() in BREAKS:
            breaks.append(self.line_break())
            while self.column() < indent and self.peek() == " ":
                self.pos += 1
        return breaks


def _token_start(text: str, start: int) -> int:
    """Skip the node's properties (`&anchor`, `!tag`) to the scalar itself."""
    while start < len(text) and text[start] in "&!":
        while start < len(text) and text[start] not in " \t" + BREAKS:
            start += 1
        while start < len(text) and text[start] in " \t" + BREAKS:
            start += 1
    return start


def value_map(text: str, span: ScalarSpan, value: str) -> list[Source] | None:
    """The source of every character of `value`, the string scalar at `span` of `text`; None if the scan
    does not reproduce the value PyYAML read."""
    start = _token_start(text, span.start)
    style = span.style
    indents: list[int | None] = [None]
    if style in ("|", ">") and any(ch in "123456789" for ch in text[start + 1:start + 3]):
        indents = list(range(1, 200))  # the parent's indentation is not recorded: try each
    for indent in indents:
        scan = _Scan(text, start)
        try:
            if style is None:
                scan.plain(span.end)
            elif style in ("'", '"'):
                scan.quoted(style == '"')
            elif style in ("|", ">"):
                scan.block(style == ">", indent)
            else:
                return None
        except (_Mismatch, IndexError, ValueError):
            continue
        if "".join(ch for ch, _s in scan.out) == value:
            return [s for _ch, s in scan.out]
    return None
