"""The imported input written as YAML text by hand: block style, keys in the order given, comments where import
guessed (`notes`: a path in the data → comment lines above that key or list item)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

Path = tuple[str | int, ...]
Notes = dict[Path, list[str]]

_PLAIN_ASCII = re.compile(r"[A-Za-z0-9&_.+\-]")
_KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_LONG = 40  # longer texts are quoted, as the examples write paragraphs


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | dt.date):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[a-z][a-z_]*", text) and text not in _KEYWORDS:
        return text
    plain = (0 < len(text) <= _LONG and ord(text[0]) > 0x7F
             and all((ord(ch) > 0x7F and ch.isprintable() and not ch.isspace()) or _PLAIN_ASCII.fullmatch(ch)
                     for ch in text))
    return text if plain else json.dumps(text, ensure_ascii=False)


def _comments(notes: Notes, path: Path, indent: str) -> list[str]:
    return [f"{indent}# {line}" for note in notes.get(path, []) for line in note.split("\n")]


def _mapping(data: dict[str, Any], notes: Notes, path: Path, indent: str, first: str | None = None) -> list[str]:
    """Lines of a mapping; `first` replaces the indent of its first line (a list item's `- `)."""
    out: list[str] = []
    for key, value in data.items():
        lead = indent if first is None or out else first
        here = (*path, key)
        out += _comments(notes, here, indent)
        if isinstance(value, dict) and value:
            out.append(f"{lead}{key}:")
            out += _mapping(value, notes, here, indent + "  ")
        elif isinstance(value, list) and value:
            out.append(f"{lead}{key}:")
            out += _sequence(value, notes, here, indent + "  ")
        elif isinstance(value, list | dict):
            out.append(f"{lead}{key}: {'[]' if isinstance(value, list) else '{}'}")
        else:
            out.append(f"{lead}{key}: {scalar(value)}")
    return out


def _sequence(items: list[Any], notes: Notes, path: Path, indent: str) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        here = (*path, i)
        out += _comments(notes, here, indent)
        if isinstance(item, dict) and item:
            out += _mapping(item, notes, here, indent + "  ", first=f"{indent}- ")
        elif isinstance(item, list) and item and all(not isinstance(v, list | dict) for v in item):
            out.append(f"{indent}- [{', '.join(json.dumps(str(v), ensure_ascii=False) for v in item)}]")
        elif isinstance(item, list) and item:
            out.append(f"{indent}-")
            out += _sequence(item, notes, here, indent + "  ")
        else:
            out.append(f"{indent}- {scalar(item) if not isinstance(item, list | dict) else '[]'}")
    return out


def dump(data: dict[str, Any], notes: Notes, header: list[str]) -> str:
    """The YAML text of `data` with `header` comment lines on top and `notes` above the places they name."""
    lines = [f"# {line}" for note in header for line in note.split("\n")]
    for key in data:
        lines.append("")
        lines += _mapping({key: data[key]}, notes, (), "")
    return "\n".join(lines).lstrip("\n") + "\n"
