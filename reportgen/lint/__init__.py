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
from ..loader import Loaded, PathKey
from ..model import Report
from .hits import Hit
from .rules import check_text, fix_text

__all__ = ["FIXABLE_SUFFIX", "Hit", "check_text", "fix_text", "ignored_codes", "iter_strings", "lint", "prose"]

MAX_PER_TEXT = 50  # findings of one code listed per text; a pasted page can hold thousands
FIXABLE_SUFFIX = "（可用 reportgen check --fix 自动修复）"
_DIRECTIVE = re.compile(r"^\s*#\s*reportgen:\s*ignore\s*=\s*([A-Za-z0-9_, ]+)", re.MULTILINE)


def ignored_codes(text: str) -> frozenset[str]:
    """Codes switched off by `# reportgen: ignore=RG307,RG301` comment lines."""
    return frozenset(code.strip().upper() for m in _DIRECTIVE.finditer(text) for code in m.group(1).split(",")
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


def lint(loaded: Loaded) -> list[Diagnostic]:
    """Every copy-damage finding in the prose of the input, located at the damaged character."""
    ignore = ignored_codes(loaded.text)
    out = []
    for path, text, known in prose(loaded.data):
        shown: dict[str, int] = {}
        for hit in check_text(text):
            if hit.code in ignore:
                continue
            severity = hit.severity if known else Severity.WARNING
            shown[hit.code] = shown.get(hit.code, 0) + 1
            if shown[hit.code] > MAX_PER_TEXT:
                continue
            if shown[hit.code] == MAX_PER_TEXT:
                more = sum(1 for h in check_text(text) if h.code == hit.code) - MAX_PER_TEXT
                if more:
                    out.append(loaded.diag(path, hit.code, f"这段文字中同类问题还有 {more} 处，未逐一列出",
                                           severity=severity, offset=hit.start))
            message = hit.message + (FIXABLE_SUFFIX if hit.fixable and known else "")
            out.append(loaded.diag(path, hit.code, message, severity=severity, offset=hit.start))
    return sorted(out)


def fixed_strings(loaded: Loaded) -> dict[PathKey, tuple[str, str]]:
    """{path: (old, new)} for every text that --fix would change: known prose only."""
    ignore = ignored_codes(loaded.text)
    out = {}
    for path, text, known in prose(loaded.data):
        if not known:
            continue
        new = fix_text(text, ignore=ignore)
        if new != text:
            out[path] = (text, new)
    return out
