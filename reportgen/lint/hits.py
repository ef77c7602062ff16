"""What a copy-damage rule reports: a span of one string, a code, a message, maybe a replacement."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Severity


@dataclass(frozen=True)
class Hit:
    """Characters `start:end` of one string are damaged; `replacement` repairs them when not None. A hit not
    `reported` is the second half of another's repair (the closing quote of a pair): fixed, never listed."""

    start: int
    end: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    replacement: str | None = None
    reported: bool = True

    @property
    def fixable(self) -> bool:
        return self.replacement is not None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def show(text: str, limit: int = 24) -> str:
    """A short quotation of `text` for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
