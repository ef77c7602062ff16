"""The files of the editor's folder the page may list, open and add: inputs, Word files, photos.

Every name the page sends is checked here: a plain file name (or, for photos, a relative path) that stays inside
the folder once symbolic links are followed. New files (the starter, an uploaded photo) are written under a name
of their own, atomically, and never over an existing file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import unicodedata
from pathlib import Path

INPUTS = (".yaml", ".yml")
WORD = (".docx",)
IMAGES = (".jpg", ".jpeg", ".png")
MAX_LISTED = 2000   # a folder with more is not a report's folder: the list is cut there
MAX_DEPTH = 6       # photos are looked for this many folders down
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)  # device names on Windows


class Refused(Exception):
    """A name or file the page may not use (message in Chinese, for the page)."""


def within(folder: Path, relative: str) -> Path:
    """`relative` (a path the page sent) inside `folder`, symbolic links followed; else Refused."""
    if not relative or "\0" in relative or Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise Refused("路径无效")
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder) or target == folder:
        raise Refused("不能访问文件夹以外的文件")
    return target


def plain_name(folder: Path, name: str) -> Path:
    """`name`, a file directly in `folder` (no folder part), or Refused."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise Refused("请只写文件名，不要写文件夹")
    return within(folder, name)


def _listable(folder: Path, path: Path) -> bool:
    if path.name.startswith((".", "~$")):  # hidden files, Word's lock files
        return False
    try:
        return path.is_file() and path.resolve().is_relative_to(folder)
    except OSError:
        return False


def inputs(folder: Path) -> list[dict[str, object]]:
    """The inputs and Word files directly in `folder`, by name; for a Word file, whether its .yaml exists."""
    found: list[dict[str, object]] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return found
    for path in entries:
        suffix = path.suffix.lower()
        if suffix not in INPUTS + WORD or not _listable(folder, path):
            continue
        entry: dict[str, object] = {"name": path.name, "kind": "docx" if suffix in WORD else "yaml"}
        if suffix in WORD:
            beside = path.with_suffix(".yaml")
            entry["yaml"] = beside.name
            entry["exists"] = beside.exists()
        found.append(entry)
        if len(found) >= MAX_LISTED:
            break
    return found


def images(folder: Path) -> list[str]:
    """The photos in `folder` and its subfolders (hidden ones left out), as relative paths with `/`."""
    found: list[str] = []
    for here, dirs, files in os.walk(folder):  # symbolic links to folders are not followed
        depth = len(Path(here).relative_to(folder).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and depth < MAX_DEPTH)
        for name in sorted(files):
            path = Path(here) / name
            if path.suffix.lower() in IMAGES and _listable(folder, path):
                found.append(path.relative_to(folder).as_posix())
                if len(found) >= MAX_LISTED:
                    return found
    return found


def safe_stem(given: str, fallback: str) -> str:
    """A file name's stem that is safe on every system: no folder, no control or reserved characters, no
    leading dot, at most 60 characters; `fallback` when nothing is left."""
    name = unicodedata.normalize("NFC", given.replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = "".join(c for c in stem if not unicodedata.category(c).startswith("C"))
    stem = re.sub(r"\s+", "_", _UNSAFE.sub("_", stem)).strip("._- ")[:60].rstrip("._- ")
    return fallback if not stem or _RESERVED.match(stem) else stem


def write_new(target: Path, data: bytes) -> None:
    """`data` written to `target` all at once, never over an existing file: FileExistsError if it exists.

    The bytes go to a temporary file beside it, which is then linked to the name (a link fails if the name is
    taken, and a reader sees either no file or the whole one)."""
    temp = target.with_name(f".{target.name}.reportgen-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, target)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # a file system without hard links: reserve the name exclusively, then replace it in one rename
            with target.open("xb"):
                pass
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_unique(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """`data` in `folder` as `stem+suffix`, or `stem-2+suffix`, `stem-3`…: the first name not taken."""
    for k in range(1, 1000):
        target = folder / (f"{stem}{suffix}" if k == 1 else f"{stem}-{k}{suffix}")
        try:
            write_new(target, data)
        except FileExistsError:
            continue
        return target
    raise Refused("同名的文件太多，请换一个文件名")
