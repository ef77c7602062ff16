"""Facts read from a font file, kept on disk between runs, and the flat arrays they are stored as."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from ..caches import register
from ..resources import cache_dir, read_entry, write_entry

CACHE_FORMAT = 5  # bump when anything stored in the cache changes shape

T = TypeVar("T")


def per_file(func: Callable[..., T]) -> Callable[..., T]:
    """Remember `func(path, index, *args)` in this process for as long as the file is the same (the file
    the path leads to, by its device and inode, its size and modification time: one `stat`, no walk of the
    path's links): a font replaced or changed between two builds of one process (a live preview, a batch)
    is read again, never confused with the old one."""
    remembered = functools.lru_cache(maxsize=256)(lambda where, index, stamp, *args: func(where, index, *args))
    register(f"{func.__module__}.{func.__qualname__}", "fonts", remembered.cache_clear,
             lambda: remembered.cache_info().currsize)

    @functools.wraps(func)
    def lookup(path: Path, index: int = 0, *args: object) -> T:
        st = path.stat()
        result: T = remembered(path, index, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns), *args)
        return result

    lookup.cache_clear = remembered.cache_clear  # type: ignore[attr-defined]  # as functools.cache offers
    return lookup


def disk_cached(what: str, path: Path, index: int, compute: Callable[[], T], *, version: str = "") -> T:
    """`compute()` for a font file, kept on disk keyed by the file's path, size and mtime.

    Parsing a large CJK face takes a tenth of a second or more per process; a
    pickle of the result loads in a few milliseconds. The entry is never trusted:
    one that is missing, stale, damaged in any way (cut short, overwritten: its
    checksum, see `resources.read_entry`) or not ours is computed again and replaced; a
    cache that cannot be written is ignored (read-only home, full disk).
    """
    try:
        st = path.stat()
    except OSError:
        return compute()
    key = f"{CACHE_FORMAT}|{what}|{version}|{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}"
    entry = cache_dir() / f"{what}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"
    stored_key: str
    value: T
    payload = read_entry(entry)
    if payload is not None:
        try:
            stored_key, value = pickle.loads(payload)
            if stored_key == key:
                return value
        except Exception:  # sealed by us yet unreadable (another version's classes): compute again
            pass
    value = compute()
    with contextlib.suppress(Exception):  # a value that cannot be pickled is simply not kept
        write_entry(entry, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def pack_map(mapping: Mapping[int, int], kind: str = "I") -> tuple[array[int], array[int]]:
    """A big int → number dict (keys ascending) as two arrays: pickled and loaded as flat bytes, ten times
    faster than a dict. Searched with `position`, never turned back into a dict."""
    return array("I", mapping.keys()), array(kind, mapping.values())


def position(codes: array[int], code: int) -> int | None:
    """Where `code` is in the ascending `codes`, or None if it is not there."""
    at = bisect_left(codes, code)
    return at if at < len(codes) and codes[at] == code else None
