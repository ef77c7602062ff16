"""`reportgen check`: the copy-damage lint for Chinese text pasted into an input.

Only prose is checked: the texts the model types as `Prose` (`reportgen.fields`),
found by walking the input along the schema, never a path, a number, a date,
a code or a style name. Where the schema cannot say (an unknown key or section
type, a value of the wrong shape: the file does not validate) a text is
checked too, but every finding there is only a warning and `--fix` leaves it
alone. Each hit of the rules in :mod:`.rules` becomes a :class:`Diagnostic` at
the line and column of the damaged character (see :meth:`Loaded.locate` for
where that is exact). `--fix` is in :mod:`.fix`. A file may switch rules off
with a comment line such as `# reportgen: ignore=RG307`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..fields import texts
from ..loader import Loaded, PathKey, format_path
from ..model import Report
from .hits import Hit
from .rules import check_text, fix_text
from .source import Source, line_col, value_map

__all__ = ["FIXABLE_SUFFIX", "Hit", "check_text", "fix_text", "ignored_codes", "iter_strings", "lint", "located",
           "prose", "source_map"]

MAX_PER_TEXT = 50  # findings of one code listed per text; a pasted page can hold thousands
FIXABLE_SUFFIX = "（可用 reportgen check --fix 自动修复）"
_DIRECTIVE = re.compile(r"^\s*#\s*reportgen:\s*ignore\s*=\s*([A-Za-z0-9_, ]+)", re.MULTILINE)


def ignored_codes(text: str) -> frozenset[str]:
    """Codes switched off by `# reportgen: ignore=RG307,RG301` comment lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")  # a file saved with CR line endings too
    return frozenset(code.strip().upper() for m in _DIRECTIVE.finditer(lines) for code in m.group(1).split(",")
                     if code.strip())


def iter_strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string value with its YAML path, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, (*path, i))


def prose(data: Any) -> Iterator[tuple[PathKey, str, bool]]:
    """Every text of the input the lint reads, with its YAML path and whether it is known to be prose
    (True: check and fix; False: the schema does not know the place, so check for warnings, never fix).
    Texts the schema types as anything but prose are left out."""
    for path, text, is_prose in texts(Report, data):
        if is_prose is not False:
            yield path, text, is_prose is True


def source_map(loaded: Loaded, path: PathKey, value: str) -> list[Source] | None:
    """Where each character of the string `value` at `path` stands in the file (see :mod:`.source`)."""
    span = loaded.scalars.get(tuple(path))
    return None if span is None else value_map(loaded.text, span, value)


def located(loaded: Loaded, path: PathKey, code: str, message: str, severity: Severity, offset: int,
            where: list[Source] | None) -> Diagnostic:
    """A finding at character `offset` of the string at `path`: the exact line and column (as an editor
    shows them, whatever the line endings) when the string's source is mapped, else :meth:`Loaded.locate`."""
    if where:
        line, col = line_col(loaded.text, where[min(offset, len(where) - 1)].start)
        return Diagnostic(loaded.file, line, col, code, message, format_path(path), severity)
    return loaded.diag(path, code, message, severity=severity, offset=offset)


def lint(loaded: Loaded) -> list[Diagnostic]:
    """Every copy-damage finding in the prose of the input, located at the damaged character."""
    ignore = ignored_codes(loaded.text)
    out = []
    for path, text, known in prose(loaded.data):
        shown: dict[str, int] = {}
        hits = check_text(text)
        where = source_map(loaded, path, text) if hits else None
        for hit in hits:
            if hit.code in ignore or not hit.reported:
                continue
            severity = hit.severity if known else Severity.WARNING
            shown[hit.code] = shown.get(hit.code, 0) + 1
            if shown[hit.code] > MAX_PER_TEXT:
                continue
            if shown[hit.code] == MAX_PER_TEXT:
                more = sum(1 for h in check_text(text) if h.code == hit.code) - MAX_PER_TEXT
                if more:
                    out.append(located(loaded, path, hit.code, f"这段文字中同类问题还有 {more} 处，未逐一列出",
                                       severity, hit.start, where))
            message = hit.message + (FIXABLE_SUFFIX if hit.fixable and known else "")
            out.append(located(loaded, path, hit.code, message, severity, hit.start, where))
    return sorted(out)
