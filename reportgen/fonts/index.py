"""The fonts in the system font folders of Windows and macOS, found by the family names their name tables carry.

Linux has fontconfig (`fontconfig.installed_faces`); Windows and macOS have folders of files whose names say
little (`simfang.ttf`, `Songti.ttc`, a user-installed `方正小标宋简体.TTF`). Every face of every font file in
those folders is listed under each family name it carries, in any language (`FangSong` and `仿宋`), in the
same shape as fontconfig's list. Reading the name tables of a Windows Fonts folder (hundreds of files) takes
a quarter of a second or more, so each file's names are kept on disk (keyed by its path, size and mtime; a
few milliseconds per hundred files to load) and the whole list once per process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..caches import memo
from .cache import disk_cached

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")

# (family, index, style) for each face of one file: what the disk cache keeps.
_FileEntries = tuple[tuple[str, int, str], ...]
_ENTRIES_VERSION = "1"  # bump when `_read_names` changes what it returns

FAMILY_IDS = (1, 16)  # family, typographic family
STYLE_IDS = (17, 2)   # typographic subfamily, subfamily: the first one a face has


def system_font_dirs(platform: str | None = None, environ: Mapping[str, str] | None = None,
                     home: Path | None = None, root: Path | None = None) -> list[Path]:
    """The font folders of Windows (system and per-user) or macOS (the four), those that exist; none elsewhere,
    where fontconfig knows the fonts. The arguments default to this machine's (tests point them at fakes)."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    dirs: list[Path] = []
    if platform == "win32":
        dirs.append(Path(environ.get("WINDIR") or r"C:\Windows") / "Fonts")
        if environ.get("LOCALAPPDATA"):
            dirs.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    elif platform == "darwin":
        root = Path("/") if root is None else root
        home = Path.home() if home is None else home
        dirs += [root / "System/Library/Fonts", root / "System/Library/Fonts/Supplemental",
                 root / "Library/Fonts", home / "Library/Fonts"]
    return [d for d in dirs if d.is_dir()]


def indexed_faces(dirs: Sequence[Path]) -> tuple[tuple[str, str, int, str], ...]:
    """(family, file, index, style) for every face of every font file in `dirs` and their subfolders, once for
    each family name the face carries (English and Chinese alike), sorted, as `fontconfig.installed_faces`.

    Damaged files and files that are no fonts are left out. Computed once per process for the same folders
    (`forget_index` starts again).
    """
    return _index(tuple(Path(d) for d in dirs))


@memo(8, group="fonts")
def _index(dirs: tuple[Path, ...]) -> tuple[tuple[str, str, int, str], ...]:
    faces = set()
    for path in _font_files(dirs):
        for family, index, style in file_faces(path):
            faces.add((family, str(path), index, style))
    return tuple(sorted(faces))


def forget_index() -> None:
    """Read the folders again at the next `indexed_faces` (fonts installed or removed meanwhile)."""
    _index.cache_clear()


def _font_files(dirs: Sequence[Path]) -> list[Path]:
    """The font files in `dirs` and below; a folder reached twice (a symlink loop, a folder inside another
    one listed) is read once."""
    seen: set[str] = set()
    files: list[Path] = []
    for top in dirs:
        for folder, subfolders, names in os.walk(top, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                subfolders.clear()
                continue
            seen.add(real)
            subfolders.sort()
            files += [Path(folder, name) for name in sorted(names) if name.lower().endswith(FONT_SUFFIXES)]
    return files


def file_faces(path: Path) -> _FileEntries:
    """(family, index, style) for each face of the font file at `path`, kept on disk; () for no font."""
    return disk_cached("names", path, 0, lambda: _read_names(path), version=_ENTRIES_VERSION)


def _read_names(path: Path) -> _FileEntries:
    """Every family name each face of `path` carries, with its style, read from the name tables."""
    from fontTools.ttLib import TTFont

    try:
        with open(path, "rb") as f:
            head = f.read(12)
        count = int.from_bytes(head[8:12], "big") if head[:4] == b"ttcf" and len(head) == 12 else 1
        entries: set[tuple[str, int, str]] = set()
        for index in range(count):
            with TTFont(path, fontNumber=index, lazy=True) as font:
                entries.update((family, index, style) for family, style in _names(font["name"]))
        return tuple(sorted(entries))
    except Exception:  # damaged or no font at all: fontTools raises anything from struct.error to TTLibError
        return ()


def _names(table: Any) -> set[tuple[str, str]]:  # a fontTools name table (fontTools has no types)
    families: set[str] = set()
    styles: dict[tuple[int, ...], str] = {}  # (style ID's rank, language rank, record's ids) -> style
    for record in table.names:
        if record.nameID not in FAMILY_IDS + STYLE_IDS:
            continue
        try:
            text = record.toUnicode().strip()
        except (UnicodeDecodeError, LookupError):
            continue
        if not text:
            continue
        if record.nameID in FAMILY_IDS:
            families.add(text)
        else:
            key = (STYLE_IDS.index(record.nameID), _language_rank(record),
                   record.platformID, record.platEncID, record.langID)
            styles[key] = text
    style = styles[min(styles)] if styles else ""
    return {(family, style) for family in families}


def _language_rank(record: Any) -> int:
    """English names first: Windows' US English, then Mac English, then Unicode, then the rest."""
    if record.platformID == 3 and record.langID == 0x409:
        return 0
    if record.platformID == 1 and record.langID == 0:
        return 1
    if record.platformID == 0:
        return 2
    return 3
