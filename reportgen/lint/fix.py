"""`reportgen check --fix`: repair the fixable findings in place, changing nothing but the repaired characters.

The file is never re-serialised: each repair is mapped to the source characters it
stands for (:mod:`.source`) and the text is edited there, so line endings (CRLF, LF
or mixed), comments, quoting, anchors and aliases, indentation and everything else
stay byte for byte; it is written back in the encoding it was read in (UTF-8 with or
without BOM, UTF-16 LE/BE, GB18030). The edited text must read back as exactly the
old data with the repaired strings, or nothing is written. A string used by an alias
in a place that is not prose, or one whose repair cannot be placed, is left alone.

Writing keeps the file's identity: a symlink is written through to its target, the
target is replaced atomically by a complete copy made in its own folder with the
same mode, owner (where permitted) and extended attributes; a file with other hard
links is rewritten in place after its space was reserved. A read-only or immutable
file, a folder that takes no new file, a full disk and a file changed since it was
read each give a coded message and leave the file exactly as it was, with nothing
left beside it. No backup is made: `--fix` is asked for explicitly and lists every
character it changed.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import itertools
import os
import re
import signal
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, Severity
from ..loader import Loaded, PathKey, decode, format_path, load_text
from . import ignored_codes, located, prose, source_map
from .rules import Edit, apply_edits, check_text, fix_edits

# (mapping indent, sequence indent, sequence dash offset) that hand-written files use (`round_trip`).
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0), (2, 3, 1), (3, 3, 1))
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}


@dataclass
class FixResult:
    changes: dict[PathKey, tuple[str, str]]  # {path: (old, new)} of every string changed
    fixed: list[Diagnostic] = field(default_factory=list)  # the findings repaired, where they were
    notes: list[Diagnostic] = field(default_factory=list)  # repairs that were left undone, and why


@dataclass
class _Plan:
    edits: list[tuple[int, int, str]]  # (start, end, new source text) of the file's text
    changes: dict[PathKey, tuple[str, str]]
    fixed: list[Diagnostic]


def _ruamel(mapping: int = 2, sequence: int = 4, offset: int = 2, width: int = 1_000_000) -> Any:
    """A ruamel round-trip loader/dumper keeping quotes, with these indents; `width` where it folds lines."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = width
    yaml.allow_unicode = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def round_trip(text: str) -> tuple[Any, Any] | None:
    """A ruamel loader/dumper pair and the document, configured so that dumping reproduces `text` exactly."""
    for mapping, sequence, offset in _INDENTS:
        yaml = _ruamel(mapping, sequence, offset)
        try:
            doc = yaml.load(text)
            out = io.StringIO()
            yaml.dump(doc, out)
        except Exception:
            return None
        if out.getvalue() == text:
            return yaml, doc
    return None


def editable(text: str, width: int = 1_000_000) -> tuple[Any, Any]:
    """The document and a dumper that reproduces the file's own layout where it can (`round_trip`), else the
    layout of our examples, folding lines past `width`. Raises what ruamel raises on a text it cannot read."""
    trip = round_trip(text)
    if trip is not None:
        return trip
    yaml = _ruamel(width=width)
    return yaml, yaml.load(text)


def keep_style(old: str, new: str) -> str:
    """`new` in `old`'s quoting style (ruamel marks a quoted scalar by a str subclass)."""
    if new == old:
        return old
    return type(old)(new) if type(old) is not str else new


def _refused(file: str, code: str, message: str, line: int = 0, col: int = 0) -> InputError:
    return InputError([Diagnostic(file, line, col, code, message)])


# -- planning: which source characters change ---------------------------------------------------------

def _quoted(replacement: str, style: str | None) -> str | None:
    """`replacement` as source text inside a scalar of `style`; None where it cannot stand there."""
    if "\n" in replacement or "\r" in replacement:
        return None
    if style == "'":
        return replacement.replace("'", "''")
    if style == '"':
        return "".join("\\\\" if ch == "\\" else '\\"' if ch == '"' else
                       f"\\u{ord(ch):04x}" if not ch.isprintable() and ord(ch) < 0x10000 else ch
                       for ch in replacement)
    return replacement


_UNPLACED = "这一处无法在保留原格式的前提下自动修改，请手动修改"
_AT_FOLD = "这里的空格来自 YAML 的换行（跨行的文字在换行处读作空格），--fix 不改动换行；请把这两行接成一行"
_ALIASED = "这段文字有别名（*名字）用在不是正文的地方，--fix 不修改它；请手动修改"


def _scalar_plan(loaded: Loaded, path: PathKey, value: str, ignore: frozenset[str]
                 ) -> tuple[list[tuple[int, int, str]], list[Edit], list[tuple[int, str]]]:
    """Source edits for the repairs of one string, the repairs placed, and (offset, why) of those not."""
    wanted = fix_edits(value, ignore=ignore)
    if not wanted:
        return [], [], []
    where = source_map(loaded, path, value)
    span = loaded.scalars[path]
    if where is None:
        return [], [], [(edit.start, _UNPLACED) for edit in wanted]
    edits, placed, missed = [], [], []
    for edit in wanted:
        new = _quoted(edit.replacement, span.style)
        if edit.start < edit.end:
            pieces = where[edit.start:edit.end]
            joined = all(a.end == b.start for a, b in itertools.pairwise(pieces))
            if new is None or not joined or not all(p.direct for p in pieces):
                missed.append((edit.start, _UNPLACED if all(p.direct for p in pieces) else _AT_FOLD))
                continue
            edits.append((pieces[0].start, pieces[-1].end, new))
        else:  # a pure insertion: before the next character (or after the last)
            anchor = where[edit.start] if edit.start < len(where) else where[-1]
            if new is None or not anchor.direct:
                missed.append((edit.start, _UNPLACED))
                continue
            at = anchor.start if edit.start < len(where) else anchor.end
            edits.append((at, at, new))
        placed.append(edit)
    return edits, placed, missed


def _plan(loaded: Loaded) -> tuple[list[_Plan], list[Diagnostic]]:
    """One plan per scalar of the source to edit, and a note for every repair left undone."""
    ignore = ignored_codes(loaded.text)
    known: dict[PathKey, str] = {}
    for path, text, is_prose in prose(loaded.data):
        if is_prose:
            known[path] = text
    users: dict[int, list[PathKey]] = {}  # an anchored scalar is read at every alias
    for path, place in loaded.scalars.items():
        users.setdefault(place.start, []).append(path)
    plans, notes, done = [], [], set()
    for path, value in known.items():
        span = loaded.scalars.get(path)
        if span is None or span.start in done:
            continue
        done.add(span.start)
        shared = users[span.start]
        edits, placed, missed = _scalar_plan(loaded, path, value, ignore)
        if edits and any(p not in known or known[p] != value for p in shared):
            missed = [(edit.start, _ALIASED) for edit in placed] + missed
            edits, placed = [], []
        where = source_map(loaded, path, value) if edits or missed else None
        notes += [located(loaded, path, "RG311", why, Severity.WARNING, offset, where) for offset, why in missed]
        if not edits:
            continue
        new = apply_edits(value, placed)
        fixed = []
        for hit in check_text(value):
            if hit.fixable and hit.reported and any(e.start <= hit.start < max(e.end, e.start + 1) for e in placed):
                fixed.append(located(loaded, path, hit.code, hit.message, hit.severity, hit.start, where))
        plans.append(_Plan(edits, {p: (value, new) for p in shared}, fixed))
    return plans, notes


def _splice(text: str, plans: list[_Plan]) -> str:
    edits = sorted((e for plan in plans for e in plan.edits), reverse=True)
    for start, end, new in edits:
        text = text[:start] + new + text[end:]
    return text


def _replace(data: Any, changes: dict[PathKey, tuple[str, str]], path: PathKey = ()) -> Any:
    if path in changes:
        return changes[path][1]
    if isinstance(data, dict):
        return {k: _replace(v, changes, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace(v, changes, (*path, i)) for i, v in enumerate(data)]
    return data


def _reads_back(loaded: Loaded, plans: list[_Plan]) -> bool:
    changes = {p: c for plan in plans for p, c in plan.changes.items()}
    try:
        again = load_text(_splice(loaded.text, plans), loaded.file)
    except InputError:
        return False
    return not again.errors and again.data == _replace(loaded.data, changes)


def _checked(loaded: Loaded, plans: list[_Plan]) -> list[_Plan]:
    """The plans whose edited text reads back as the old data with the repaired strings."""
    if _reads_back(loaded, plans):
        return plans
    good = [plan for plan in plans if _reads_back(loaded, [plan])]
    return good if _reads_back(loaded, good) else []


# -- encoding: write back as read -----------------------------------------------------------------------

def _encoding(raw: bytes, loaded: Loaded) -> tuple[str, bytes]:
    """The codec and byte-order mark the file was read with."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le")):
        if raw.startswith(bom):
            return codec, bom
    return loaded.encoding, b""


# -- writing: keep the file's identity, never leave it half-written ----------------------------------------

@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Interrupts wait until the file is either replaced or left as it was, and no temporary file remains."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fault(exc: OSError, file: str, *, creating: bool = False) -> InputError:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _refused(file, "RG314", "磁盘空间不足，修改没有写入，文件保持原样；请先腾出空间")
    if code == errno.EROFS:
        return _refused(file, "RG313", "文件所在的磁盘是只读的，修改没有写入，文件保持原样")
    if code in (errno.EACCES, errno.EPERM) and creating:
        return _refused(file, "RG313", "无法在文件所在的文件夹中写入（没有写入权限或文件夹受保护），"
                                       "修改没有写入，文件保持原样")
    if code in (errno.EACCES, errno.EPERM):
        return _refused(file, "RG312", "文件是只读的或受保护（不可修改），修改没有写入，文件保持原样")
    return _refused(file, "RG314", f"写入失败（{exc.strerror or exc}），修改没有写入，文件保持原样")


def _changed(file: str) -> InputError:
    return _refused(file, "RG315", "文件在检查之后被其他程序修改过，修改没有写入；请重新运行 reportgen check --fix")


def _same(real: Path, old_raw: bytes, before: os.stat_result, file: str) -> None:
    """The file is still the one we read: same inode, same bytes."""
    try:
        now = os.stat(real)
        same = (now.st_ino, now.st_dev) == (before.st_ino, before.st_dev) and real.read_bytes() == old_raw
    except OSError:
        same = False
    if not same:
        raise _changed(file)


def _copy_identity(fd: int, real: Path, st: os.stat_result) -> None:
    """Owner (where we may set it), mode and extended attributes of `real` onto the open file `fd`."""
    if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.fchown(fd, st.st_uid, st.st_gid)
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    with contextlib.suppress(OSError):
        for name in os.listxattr(real):
            with contextlib.suppress(OSError):
                os.setxattr(fd, name, os.getxattr(real, name))


def _write_all(fd: int, data: bytes, offset: int = 0) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _replace_file(real: Path, old_raw: bytes, new_raw: bytes, st: os.stat_result, file: str) -> None:
    """A complete copy beside `real`, then an atomic rename over it."""
    with _signals_held():
        try:
            fd, name = tempfile.mkstemp(prefix=".reportgen-", suffix=".tmp", dir=real.parent)
        except OSError as exc:
            raise _fault(exc, file, creating=True) from None
        temp = Path(name)
        try:
            try:
                _write_all(fd, new_raw)
                _copy_identity(fd, real, st)
                os.fsync(fd)
            finally:
                os.close(fd)
            _same(real, old_raw, st, file)
            os.replace(temp, real)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise _fault(exc, file) from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    with contextlib.suppress(OSError):
        folder = os.open(real.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _overwrite(real: Path, old_raw: bytes, new_raw: bytes, st: os.stat_result, file: str) -> None:
    """Rewrite a file that has other hard links in place (a rename would leave them the old text):
    its new size is reserved first, so a full disk stops us before a byte changed."""
    with _signals_held():
        try:
            fd = os.open(real, os.O_RDWR)
        except OSError as exc:
            raise _fault(exc, file) from None
        try:
            now = os.fstat(fd)
            if (now.st_ino, now.st_size) != (st.st_ino, len(old_raw)) or os.pread(fd, len(old_raw) + 1, 0) != old_raw:
                raise _changed(file)
            try:
                if len(new_raw) > len(old_raw):
                    os.posix_fallocate(fd, len(old_raw), len(new_raw) - len(old_raw))
            except OSError as exc:
                os.ftruncate(fd, len(old_raw))
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):  # no reservation here: write, undo on error
                    raise _fault(exc, file) from None
            try:
                _write_all(fd, new_raw)
                os.ftruncate(fd, len(new_raw))
                os.fsync(fd)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    _write_all(fd, old_raw)
                    os.ftruncate(fd, len(old_raw))
                raise _fault(exc, file) from None
        finally:
            os.close(fd)


def save(path: Path, old_raw: bytes, new_raw: bytes, file: str) -> None:
    """Put `new_raw` where `path` (read as `old_raw`) is, keeping the file's identity; on any fault an
    :class:`InputError` with a code, and the file exactly as it was."""
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except OSError as exc:
        raise _fault(exc, file) from None
    if not os.access(real, os.W_OK) or not st.st_mode & 0o222:
        raise _refused(file, "RG312", "文件是只读的或受保护（不可修改），修改没有写入，文件保持原样；"
                                      "如要修改，请先去掉只读属性")
    if st.st_nlink > 1:
        _overwrite(real, old_raw, new_raw, st, file)
    else:
        _replace_file(real, old_raw, new_raw, st, file)


def fix_file(path: Path, loaded: Loaded) -> FixResult:
    """Repair `path` in place; :class:`InputError` (file untouched) if that cannot be done safely."""
    plans, notes = _plan(loaded)
    if not plans:
        return FixResult({}, [], notes)
    checked = _checked(loaded, plans)
    if len(checked) < len(plans):
        for plan in plans:
            if plan not in checked:
                first = next(iter(plan.changes))
                line, col = loaded.where(first)
                notes.append(Diagnostic(loaded.file, line, col, "RG311",
                                        "这段文字改动后会改变文件的含义，未自动修改，请按列出的位置手动修改",
                                        format_path(first), Severity.WARNING))
    if not checked:
        return FixResult({}, [], notes)
    real = Path(os.path.realpath(path))
    try:
        raw = real.read_bytes()
    except OSError as exc:
        raise _fault(exc, loaded.file) from None
    try:
        if decode(raw, loaded.file).text != loaded.text:
            raise _changed(loaded.file)
    except InputError:
        raise _changed(loaded.file) from None
    codec, bom = _encoding(raw, loaded)
    try:
        if bom + loaded.text.encode(codec) != raw:
            raise UnicodeError
        new_raw = bom + _splice(loaded.text, checked).encode(codec)
    except UnicodeError:
        raise _refused(loaded.file, "RG311", f"文件的编码（{codec}）无法原样写回，文件未改动；"
                                             "请按上面的位置手动修改") from None
    save(path, raw, new_raw, loaded.file)
    changes = {p: c for plan in checked for p, c in plan.changes.items()}
    return FixResult(changes, sorted(d for plan in checked for d in plan.fixed), notes)


def fix_text(loaded: Loaded, only: str | None = None) -> tuple[str, list[Diagnostic]]:
    """`check --fix` on text held in memory (an editor's buffer): the repaired text and the findings repaired;
    with `only` (a path as messages print it, `sections[1].paragraphs[0]`), just that string's repairs."""
    plans, _notes = _plan(loaded)
    if only is not None:
        plans = [plan for plan in plans if any(format_path(p) == only for p in plan.changes)]
    checked = _checked(loaded, plans) if plans else []
    return _splice(loaded.text, checked), sorted(d for plan in checked for d in plan.fixed)


# -- a text in Chinese quotes holding ": " --------------------------------------------------------------------
# `name: “总结: 评比”` does not read as YAML (or, as a list item, reads as a mapping): to YAML “ ” are letters,
# so the ": " inside splits the line. The quotes the user meant are YAML's own: written as "…", the text reads
# as one value, without the quotes. Only a whole value on one line is repaired, and only if the file then reads.
_QUOTED_LINE = re.compile(r"^(?P<lead>[ ]*(?:- +)*(?:[A-Za-z_][\w-]*: +)?(?:- +)*)“(?P<inner>[^“”\"\\\n]*)”"
                          r"(?P<tail>[ ]*(?:#[^\r\n]*)?)(?=\r?$)", re.MULTILINE)


def quoted_colons(path: Path) -> list[Diagnostic]:
    """Repair `path`'s values wrapped in Chinese quotes that hold ": " (RG310): “…” → "…", in place, as `fix_file`
    writes (encoding, line ends and the file's identity kept); the repairs made, or none when the file does not
    read once repaired, or had nothing of the kind."""
    file = str(path)
    real = Path(os.path.realpath(path))
    try:
        raw = real.read_bytes()
        decoded = decode(raw, file)
    except (OSError, InputError):
        return []
    text = decoded.text
    found = [m for m in _QUOTED_LINE.finditer(text) if ": " in m["inner"] or m["inner"].endswith(":")]
    if not found:
        return []
    new = text
    for m in reversed(found):
        new = new[:m.start()] + f'{m["lead"]}"{m["inner"]}"{m["tail"]}' + new[m.end():]
    try:
        load_text(new, file)
        codec, bom = _encoding(raw, Loaded(file, None, encoding=decoded.encoding))
        if bom + text.encode(codec) != raw:
            return []
        new_raw = bom + new.encode(codec)
    except (InputError, UnicodeError, LookupError):
        return []
    save(path, raw, new_raw, file)
    return [Diagnostic(file, text.count("\n", 0, m.start()) + 1, len(m["lead"]) + 1, "RG310",
                       f"整段文字被中文引号“”包住，其中的“: ”使 YAML 读不成一段文字；"
                       f"已改为英文双引号：\"{m['inner']}\"")
            for m in found]
