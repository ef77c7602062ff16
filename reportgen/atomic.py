"""All-or-nothing output: every format is written to a temporary file first and
renamed into place only after all of them were produced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staged(targets: list[Path]) -> Iterator[list[Path]]:
    """Yield temporary paths beside `targets`; on success rename them all into place."""
    temps: list[Path] = []
    try:
        for target in targets:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps.append(Path(name))
        yield temps
        for temp, target in zip(temps, targets, strict=True):
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        temps = []
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
