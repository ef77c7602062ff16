"""`reportgen check --fix`: repair the fixable findings in place, keeping the file as the user wrote it.

The file is edited as a round-trip YAML document (ruamel.yaml), so comments,
key order, quoting and blank lines survive. We only write if re-reading the
result gives exactly the old data with the repaired strings, and we save a
backup first; the write itself is atomic.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError
from ..loader import Loaded, PathKey, load_text
from . import fixed_strings

# (mapping indent, sequence indent, sequence dash offset) that hand-written files use.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0), (2, 3, 1), (3, 3, 1))


@dataclass
class FixResult:
    changes: dict[PathKey, tuple[str, str]]
    backup: Path | None


def round_trip(text: str) -> tuple[Any, Any] | None:
    """A ruamel loader/dumper pair and the document, configured so that dumping reproduces `text` exactly."""
    from ruamel.yaml import YAML

    for mapping, sequence, offset in _INDENTS:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1_000_000
        yaml.allow_unicode = True
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            doc = yaml.load(text)
            out = io.StringIO()
            yaml.dump(doc, out)
        except Exception:
            return None
        if out.getvalue() == text:
            return yaml, doc
    return None


def _set(doc: Any, path: PathKey, value: str) -> None:
    node = doc
    for part in path[:-1]:
        node = node[_key(node, part)]
    last = _key(node, path[-1])
    old = node[last]
    node[last] = keep_style(old, value)


def keep_style(old: str, new: str) -> str:
    """`new` in `old`'s quoting style (ruamel marks a quoted scalar by a str subclass)."""
    if new == old:
        return old
    return type(old)(new) if type(old) is not str else new


def _key(node: Any, part: str | int) -> Any:
    if isinstance(part, int) or part in node:
        return part
    return next(k for k in node if str(k) == part)  # keys we read as text but ruamel as numbers


def _replace(data: Any, changes: dict[PathKey, tuple[str, str]], path: PathKey = ()) -> Any:
    if path in changes:
        return changes[path][1]
    if isinstance(data, dict):
        return {k: _replace(v, changes, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace(v, changes, (*path, i)) for i, v in enumerate(data)]
    return data


def _backup_path(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{n}")
        n += 1
    return candidate


def _write_atomically(path: Path, data: bytes) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, path.stat().st_mode & 0o7777)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def fix_file(path: Path, loaded: Loaded) -> FixResult:
    """Repair `path` in place; :class:`InputError` if that cannot be done without touching anything else."""
    changes = fixed_strings(loaded)
    if not changes:
        return FixResult({}, None)
    refuse = InputError([Diagnostic(loaded.file, 0, 0, "RG311",
                                    "无法在完全保留原有格式的前提下自动修改这个文件，文件未改动；请按上面的位置手动修改")])
    trip = round_trip(loaded.text)
    if trip is None:
        raise refuse
    yaml, doc = trip
    try:
        for where, (_old, new) in changes.items():
            _set(doc, where, new)
        out = io.StringIO()
        yaml.dump(doc, out)
        text = out.getvalue()
        again = load_text(text, loaded.file)
    except Exception:
        raise refuse from None
    if again.data != _replace(loaded.data, changes):
        raise refuse
    data = text.encode(loaded.encoding)
    if loaded.bom and loaded.encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    backup = _backup_path(path)
    backup.write_bytes(path.read_bytes())
    _write_atomically(path, data)
    return FixResult(changes, backup)
