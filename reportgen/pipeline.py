"""The public build: one input file in, the requested formats out, all or nothing."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import assemble
from .atomic import staged
from .cjk.punct import is_cjk
from .cjk.script import LANGUAGES, to_language
from .diagnostics import Diagnostic, InputError, Severity
from .fonts import Face, FontNotFound, missing_chars, resolve
from .fonts.discovery import advice, resolve_latin
from .fonts.roles import KINDS as FACE_KINDS
from .fonts.roles import LOOKS
from .ir import Document
from .lint import lint
from .loader import Loaded, load_file
from .model import KINDS
from .reproducible import BadEpoch, source_date_epoch
from .styles import FaceKind, Style, StyleError, load_style
from .templating import TemplateFailure, Templates
from .validate import input_fonts, validate
from .writers import DEFAULT_FORMATS, FORMATS, write


class BuildFailure(Exception):
    """A problem outside the input text (template RG70x, fonts RG60x, output folder RG010, options RG011,
    environment RG012); the message starts with its code. Exit status 1."""


@dataclass
class BuildResult:
    input: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def template_search(input_path: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """User folders first: `--templates DIR`, then `templates/` next to the input."""
    return [*extra, input_path.parent / "templates"]


def inspect(path: Path) -> tuple[Loaded, list[Diagnostic]]:
    """Load, validate and lint one input: every problem of the file at once, errors and warnings.

    Raises :class:`InputError` only when the file cannot be read as YAML at all.
    """
    loaded = load_file(path)
    problems = list(loaded.warnings) + lint(loaded)
    try:
        validate(loaded)
    except InputError as exc:
        problems += exc.diagnostics
    return loaded, sorted(set(problems))


def prepare(path: Path, *, style_name: str | None = None, templates: Iterable[Path] = (),
            lang: str | None = None, kind: str | None = None) -> tuple[Loaded, Document, Style]:
    """Load, validate, lint, render: everything but writing files.

    Lint warnings end up in `loaded.warnings`; any error stops here with all problems of the file.
    """
    loaded = load_file(path)
    findings = lint(loaded)
    try:
        validated = validate(loaded)
    except InputError as exc:
        raise InputError(exc.diagnostics + findings) from None
    if any(d.severity is Severity.ERROR for d in findings):
        raise InputError(findings + loaded.warnings)
    loaded.warnings.extend(findings)
    search = template_search(path, templates)
    try:
        style = load_style(style_name or validated.report.style, search)
    except StyleError as exc:  # a preset is the user's input too: its file, its code (RG5xx), exit status 1
        if exc.asked and style_name is None:  # the input's own `style:` names no preset: say so at that line
            raise InputError([loaded.diag(("style",), exc.code, exc.message)]) from None
        raise InputError([Diagnostic(exc.file, exc.line, exc.col, exc.code, exc.message)]) from None
    try:
        doc = assemble(validated, Templates(search), kind=kind)
    except TemplateFailure as exc:
        raise BuildFailure(str(exc)) from None
    return loaded, to_language(doc, lang or validated.report.lang), style


def role_texts(doc: Document, style: Style) -> dict[tuple[FaceKind, str], str]:
    """(face kind, role) → all the text that role sets: title, headings by level, body, page numbers."""
    from .layout.faces import face_texts

    roles: dict[tuple[FaceKind, str], str] = {}
    for block in doc.blocks:
        for kind, role, text in face_texts(block, style):
            roles[(kind, role)] = roles.get((kind, role), "") + text
    numbers = (style.faces.page_number, "页码")
    roles[numbers] = roles.get(numbers, "") + style.page_number.format.format(n="0123456789")
    return roles


def check_coverage(loaded: Loaded, roles: Mapping[tuple[FaceKind, str], str], faces: Mapping[str, Face]) -> None:
    """Stop before drawing if a face lacks a character it must set; never draw a missing-glyph box.

    Each role (`role_texts`) is checked against its own face. One RG401 per face and character, at its first
    place in the input, naming every input line that holds it and what it is used for.
    """
    missing: dict[tuple[FaceKind, str], list[str]] = {}  # (face kind, character) -> roles
    latin = faces.get("latin")
    for (kind, role), text in roles.items():
        for ch in missing_chars(faces[kind], text):
            if latin is None or is_cjk(ch) or missing_chars(latin, ch):  # a letter the Latin face sets is there
                missing.setdefault((kind, ch), []).append(role)
    problems = []
    for (kind, ch), used_in in sorted(missing.items()):
        face = faces[kind]
        lines = _lines_with(loaded.text, ch)
        line, col = lines[0] if lines else (0, 0)
        where = f"，输入第 {'、'.join(str(n) for n, _ in lines)} 行" if lines else "（来自模板或样式，不在输入中）"
        problems.append(Diagnostic(
            loaded.file, line, col, "RG401",
            f"字体 {face.family}（{face.path.name}）缺少字符「{ch}」（U+{ord(ch):04X}），用于{'、'.join(used_in)}"
            f"{where}；请换用覆盖该字的字体（--font {kind}=文件）或改写该字"))
    if problems:
        raise InputError(problems)


def _faces(style: Style, user: Mapping[str, Path], paged: bool,
           roles: Mapping[tuple[FaceKind, str], str]) -> dict[str, Face]:
    """The face of each kind the style uses. A PDF needs every one; the DOCX names its faces and embeds none,
    so it is built without the kinds this machine lacks (a file the user named must still be sound)."""
    faces = {}
    for kind in sorted(style.faces_used()):
        try:
            faces[kind] = resolve(kind, user, "".join(t for (k, _role), t in roles.items() if k == kind))
        except FontNotFound as exc:
            if paged or kind in user:
                raise BuildFailure(str(exc)) from None
    latin = resolve_latin(style.docx.latin)  # letters and digits, as the DOCX's Latin font sets them
    if latin is not None:
        faces["latin"] = latin
    return faces


def _substitutes(path: Path, style: Style, faces: Mapping[str, Face]) -> list[Diagnostic]:
    """RG604 for each kind set in a face of another kind (楷体 standing in for 仿宋): the PDF is not what
    GB/T 9704 asks for, and the user can fix that by installing a face."""
    found = [Diagnostic(str(path), 0, 0, "RG604",
                        f"PDF 中的{FACE_KINDS[kind].label}用 {face.family}（{LOOKS[face.looks]}）代替。{advice(kind)}",
                        severity=Severity.WARNING)
             for kind, face in sorted(faces.items()) if not face.acceptable]
    if "latin" not in faces:
        found.append(Diagnostic(str(path), 0, 0, "RG604",
                                f"本机没有 {style.docx.latin}（或与它字宽相同的字体），"
                                f"PDF 中的西文字母和数字用中文字体的字形；Word 文件中仍是 {style.docx.latin}，"
                                f"两个文件的换行可能不同。"
                                f"Linux 上可安装 fonts-liberation", severity=Severity.WARNING))
    return found


def _lines_with(text: str, ch: str) -> list[tuple[int, int]]:
    """(line, column) of the first `ch` on each line of the input that holds it, YAML comments aside."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find(ch)
        if col >= 0 and not line.lstrip().startswith("#"):
            found.append((number, col + 1))
    return found


def _os_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese for the common cases."""
    reasons = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "所在磁盘是只读的",
               errno.ENOSPC: "磁盘空间不足", errno.ENOTDIR: "路径中有一部分不是文件夹",
               errno.EEXIST: "已有同名文件", errno.EISDIR: "已有同名文件夹"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _output_folder(out_dir: Path) -> bool:
    """Make sure `out_dir` is a folder we can write to; True if we had to create it."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildFailure(f"RG010 输出位置 {out_dir} 是一个文件，不是文件夹")
    if out_dir.is_dir():
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise BuildFailure(f"RG010 无法写入输出文件夹 {out_dir}：没有写入权限")
        return False
    try:
        out_dir.mkdir(parents=True)
    except OSError as exc:
        raise BuildFailure(f"RG010 无法创建输出文件夹 {out_dir}：{_os_reason(exc)}") from None
    return True


def build(path: str | Path, output_dir: str | Path = "output", *, formats: Sequence[str] = DEFAULT_FORMATS,
          style: str | None = None, templates: Iterable[str | Path] = (),
          fonts: Mapping[str, str | Path] | None = None, lang: str | None = None,
          kind: str | None = None) -> BuildResult:
    """Build `path` into `output_dir`/<stem>.<format> for each format.

    Raises :class:`InputError` for problems in the input (with every location),
    :class:`BuildFailure` for problems around it. Nothing is written unless
    every format was produced.
    """
    path = Path(path)
    out_dir = Path(output_dir)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BuildFailure(f"RG011 不支持的输出格式：{'、'.join(unknown)}（可选：{'、'.join(FORMATS)}）")
    if lang is not None and lang not in LANGUAGES:
        raise BuildFailure(f"RG011 不支持的语言：{lang}（可选：{'、'.join(LANGUAGES)}）")
    if kind is not None and kind not in KINDS:
        raise BuildFailure(f"RG011 不支持的文稿类型：{kind}（可选：{'、'.join(KINDS)}）")
    try:
        source_date_epoch()  # a malformed value stops the build before any work
    except BadEpoch as exc:
        raise BuildFailure(f"RG012 {exc}") from None
    loaded, doc, style_obj = prepare(path, style_name=style, templates=[Path(t) for t in templates], lang=lang,
                                     kind=kind)
    paged = any(FORMATS[fmt].paged for fmt in formats)
    roles = role_texts(doc, style_obj)
    given = {**input_fonts(loaded), **{k: Path(v) for k, v in (fonts or {}).items()}}  # `--font` wins
    faces = _faces(style_obj, given, paged, roles)
    if paged:
        check_coverage(loaded, roles, faces)
        loaded.warnings.extend(_substitutes(path, style_obj, faces))
    created = _output_folder(out_dir)
    targets = [out_dir / f"{path.stem}.{fmt}" for fmt in formats]
    try:
        with staged(targets) as temps:
            write(doc, style_obj, faces, dict(zip(formats, temps, strict=True)))  # laid out once for all
    except OSError as exc:
        raise BuildFailure(f"RG010 无法写入输出文件夹 {out_dir}：{_os_reason(exc)}；输出文件夹未改动") from None
    finally:
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()  # a failed build leaves no trace, not even the folder it made
    return BuildResult(path, targets, loaded.warnings)


@dataclass(frozen=True)
class BuildOptions:
    """Everything `build` takes besides the input, as one value: the CLI builds one, batch workers receive it."""

    output: Path = Path("output")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    style: str | None = None
    templates: tuple[Path, ...] = ()
    fonts: Mapping[str, str] = field(default_factory=dict)
    lang: str | None = None
    kind: str | None = None

    def build(self, path: str | Path) -> BuildResult:
        return build(path, self.output, formats=self.formats, style=self.style, templates=self.templates,
                     fonts=self.fonts, lang=self.lang, kind=self.kind)
