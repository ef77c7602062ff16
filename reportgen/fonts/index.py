"""Placeholder until the family-name index lands: no folders, no faces."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def system_font_dirs() -> list[Path]:
    return []


def indexed_faces(dirs: Sequence[Path]) -> tuple[tuple[str, str, int, str], ...]:
    return ()
