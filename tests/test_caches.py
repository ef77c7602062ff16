"""One registry of the in-process caches: every one bounded, `clear()` empties them, font discovery refreshes."""

from __future__ import annotations

import functools
import pkgutil
import re
from pathlib import Path

import reportgen
from reportgen import caches
from reportgen.pipeline import prepare

from .conftest import EXAMPLE


def _import_everything() -> None:
    import importlib

    for info in pkgutil.walk_packages(reportgen.__path__, "reportgen."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def test_no_unbounded_or_unregistered_cache_in_the_code():
    """No `@cache`/`@lru_cache` outside caches.py: each would be a cache nobody can bound or clear."""
    root = Path(reportgen.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if path.name == "caches.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*@(functools\.)?(cache|lru_cache)\b", line) or "functools.cache(" in line:
                found.append(f"{path.relative_to(root)}:{number}")
    assert found == []


def test_every_cache_is_bounded_and_cleared():
    _import_everything()
    prepare(EXAMPLE)
    assert sum(caches.sizes().values()) > 0
    for name, entry in caches._ALL.items():
        clear_of = getattr(entry.clear, "__self__", None)
        if isinstance(clear_of, functools._lru_cache_wrapper):
            assert clear_of.cache_info().maxsize is not None, name
    caches.clear()
    assert set(caches.sizes().values()) == {0}


def test_font_discovery_is_refreshed_by_clear(monkeypatch):
    """A face installed while a server runs is found after `clear("fonts")`, not before."""
    from reportgen.fonts import discovery

    caches.clear("fonts")
    first = discovery.system_faces()
    extra = ("新装字体", "/tmp/new.ttf", 0, "Regular")
    real = discovery.installed_faces
    monkeypatch.setattr(discovery, "installed_faces", lambda: (*real(), extra))
    assert discovery.system_faces() is first  # remembered
    caches.clear("fonts")
    assert extra in discovery.system_faces()
