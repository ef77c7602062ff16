"""The fonts fontconfig knows (`fc-list`), on Linux and wherever else it is installed."""

from __future__ import annotations

import shutil
import subprocess

from ..caches import memo


@memo(1, group="fonts")
def installed_faces() -> tuple[tuple[str, str, int, str], ...]:
    """(family, file, index, style) for every font fontconfig knows, in a stable order."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{style}\n"],
            capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families, file, index, style = parts
        for family in families.split(","):
            faces.append((family.strip(), file, int(index or 0), style))
    return tuple(sorted(set(faces)))
