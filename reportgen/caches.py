"""Every in-process cache of reportgen in one place: each one bounded, named, and cleared with `clear()`.

A long-lived process (the editor's server, a batch worker) keeps faces, templates, broken paragraphs and lint
results warm between builds; these bounds keep its memory flat however many edits it sees, and `clear("fonts")`
makes font discovery see faces installed or removed since it last looked. Data on disk (`fonts/cache.py`) is not
in here: it is keyed by each file's size and time and needs no clearing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

GROUPS = ("fonts", "files", "text")  # what the system has; files read; results computed from text alone


@dataclass(frozen=True)
class _Entry:
    group: str
    clear: Callable[[], None]
    size: Callable[[], int]


_ALL: dict[str, _Entry] = {}


def memo(maxsize: int, *, group: str = "text") -> Callable[[Callable[P, T]], functools._lru_cache_wrapper[T]]:
    """`functools.lru_cache(maxsize)`, registered under the function's name in `group`."""
    assert group in GROUPS and maxsize > 0

    def wrap(func: Callable[P, T]) -> functools._lru_cache_wrapper[T]:
        cached = functools.lru_cache(maxsize=maxsize)(func)
        register(f"{func.__module__}.{func.__qualname__}", group, cached.cache_clear,
                 lambda: cached.cache_info().currsize)
        return cached

    return wrap


def register(name: str, group: str, clear: Callable[[], None], size: Callable[[], int]) -> None:
    """A cache that is not a `memo` (a dictionary kept by hand): how to empty it and how full it is."""
    assert group in GROUPS
    _ALL[name] = _Entry(group, clear, size)


def clear(group: str | None = None) -> None:
    """Empty every cache (or those of one group): the next build computes, or looks, afresh."""
    for entry in _ALL.values():
        if group is None or entry.group == group:
            entry.clear()


def sizes() -> dict[str, int]:
    """Entries held now by each cache, by name."""
    return {name: entry.size() for name, entry in sorted(_ALL.items())}
