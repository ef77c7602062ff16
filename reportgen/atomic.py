"""All-or-nothing output: every format is written to a temporary file first and
renamed into place only after all of them were produced.

If a rename fails half-way (a full disk, a target that is a folder), the files
already moved are put back as they were, so the output folder never holds a
mix of this build and the last one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _temp_beside(target: Path, tag: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{tag}", dir=target.parent)
    os.close(fd)
    return Path(name)


def _commit(temps: list[Path], targets: list[Path]) -> None:
    """Rename every temp onto its target; on any failure restore the targets as they were."""
    saved: list[tuple[Path, Path | None]] = []  # (target, its previous content moved aside, or None)
    try:
        for temp, target in zip(temps, targets, strict=True):
            previous = None
            if target.exists() and not target.is_dir():
                previous = _temp_beside(target, "old")
                os.replace(target, previous)
            saved.append((target, previous))
            os.chmod(temp, 0o644)
            os.replace(temp, target)
    except BaseException:
        for target, previous in reversed(saved):
            with contextlib.suppress(OSError):
                if previous is not None:
                    os.replace(previous, target)
                else:
                    target.unlink(missing_ok=True)
        raise
    for _target, previous in saved:
        if previous is not None:
            with contextlib.suppress(OSError):
                previous.unlink()


@contextlib.contextmanager
def staged(targets: list[Path]) -> Iterator[list[Path]]:
    """Yield temporary paths beside `targets`; on success rename them all into place."""
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temp_beside(target, "tmp"))
        yield temps
        _commit(temps, targets)
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
