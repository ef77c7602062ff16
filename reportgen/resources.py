"""Where things live: the built-in templates and style presets, the example inputs (in a checkout or an
installed wheel), and the user's cache folder with its checked entries."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import zlib
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """The repository's top-level `templates/` (editable install) or the copy packed in the wheel."""
    for candidate in (_HERE.parent / "templates", _HERE / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("reportgen's templates folder is missing from the installation")


def builtin_examples(first: str) -> Path:
    """The folder of the example inputs: the repository's `inputs/` (editable install) or the copy packed in
    the wheel as `reportgen/examples`. `first` is a file every candidate must hold: a checkout's `inputs/`
    also holds the user's own files, and an unrelated `inputs/` beside an installed package is not ours."""
    for candidate in (_HERE.parent / "inputs", _HERE / "examples"):
        if (candidate / first).is_file():
            return candidate
    raise FileNotFoundError("reportgen's example inputs are missing from the installation")


def cache_dir() -> Path:
    """Where parsed fonts and compiled templates are kept between runs: the user's cache folder, never the
    repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen"


# A cache entry on disk: this header, the payload's CRC-32 and length, then the payload. Files in a user's
# cache folder get cut short (a full disk, a killed process on a file system that does not order writes),
# overwritten or replaced; a damaged font table or compiled template would fail far from here (ReportLab's
# subsetter, the interpreter), so every entry is checked whole before it is used (a CRC, as zip and PNG
# use against accidental damage: a quarter of the cost of SHA-256 on the few MB a build reads).
_SEAL = b"reportgen cache 1\n"
_HEAD = len(_SEAL) + 4 + 8
MAX_ENTRY = 256 * 1024 * 1024


def read_entry(entry: Path) -> bytes | None:
    """The payload of cache file `entry` if it is whole and ours, else None (missing, not a regular file, too
    large, cut short, overwritten, another format)."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or not _HEAD <= st.st_size <= MAX_ENTRY:
                return None
            data = f.read(MAX_ENTRY + 1)
    except OSError:
        return None
    payload = data[_HEAD:]
    if (data[:len(_SEAL)] != _SEAL or int.from_bytes(data[_HEAD - 8:_HEAD], "big") != len(payload)
            or zlib.crc32(payload).to_bytes(4, "big") != data[len(_SEAL):_HEAD - 8]):
        return None
    return payload


def write_entry(entry: Path, payload: bytes) -> None:
    """Replace cache file `entry` by one holding `payload` (atomically: a reader sees the old file or the new);
    a cache that cannot be written is left as it is, it only saves time."""
    temp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(_SEAL + zlib.crc32(payload).to_bytes(4, "big") + len(payload).to_bytes(8, "big"))
            f.write(payload)
        os.replace(temp, entry)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
