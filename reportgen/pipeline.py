"""The public build: one input file in, the requested formats out, all or nothing."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assemble import assemble
from .atomic import name_max, staged
from .cjk.punct import is_cjk
from .cjk.script import LANGUAGES, to_language
from .diagnostics import Diagnostic, InputError, Severity
from .fonts import Face, FontNotFound, missing_chars, resolve
from .fonts.discovery import resolve_latin, substitute_advice
from .fonts.roles import KINDS as FACE_KINDS
from .fonts.roles import LOOKS
from .ir import Document
from .lint import lint
from .loader import Loaded, load_file, load_text
from .model import KINDS, Report
from .reproducible import BadEpoch, source_date_epoch
from .styles import FaceKind, Style, StyleError, load_style
from .templating import TemplateFailure, templates_for
from .validate import Validated, input_fonts, validate
from .writers import DEFAULT_FORMATS, FORMATS, render


class BuildFailure(Exception):
    """A problem outside the input text (template RG70x, fonts RG60x, options RG011, output folder and
    environment RG80x), as one :class:`Diagnostic` with its code as a field; printed as before,
    `[file:line: ]RGnnn 消息`. Exit status 1."""

    def __init__(self, code: str, message: str, *, file: str = "", line: int = 0):
        self.diagnostic = Diagnostic(file, line, 0, code, message)
        where = (f"{file}:{line}: " if line else f"{file}: ") if file else ""
        super().__init__(f"{where}{code} {message}")

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> BuildFailure:
        return cls(diagnostic.code, diagnostic.message, file=diagnostic.file, line=diagnostic.line)

    @classmethod
    def coded(cls, text: str) -> BuildFailure:
        """From a lower layer's message that starts with its code (`FontNotFound`, `BadEpoch`)."""
        code, _, message = text.partition(" ")
        return cls(code, message)


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
    return prepare_loaded(load_file(path), style_name=style_name, templates=templates, lang=lang, kind=kind)


def prepare_text(text: str, path: Path, *, style_name: str | None = None, templates: Iterable[Path] = (),
                 lang: str | None = None, kind: str | None = None) -> tuple[Loaded, Document, Style]:
    """`prepare` for an input held in memory (an editor's buffer): `path` names it in messages and gives the
    folder its photos and templates are looked up in; nothing is read from `path` itself."""
    return prepare_loaded(load_text(text, str(path)), style_name=style_name, templates=templates, lang=lang,
                          kind=kind)


def prepare_loaded(loaded: Loaded, *, style_name: str | None = None, templates: Iterable[Path] = (),
                   lang: str | None = None, kind: str | None = None) -> tuple[Loaded, Document, Style]:
    """Lint, validate and render an input already read (`load_file` or `load_text`)."""
    findings = lint(loaded)
    try:
        validated = validate(loaded)
    except InputError as exc:
        raise InputError(exc.diagnostics + findings) from None
    if any(d.severity is Severity.ERROR for d in findings):
        raise InputError(findings + loaded.warnings)
    loaded.warnings.extend(findings)
    doc, style = render_report(validated, style_name=style_name, templates=templates, lang=lang, kind=kind)
    return loaded, doc, style


def render_report(validated: Validated, *, style_name: str | None = None, templates: Iterable[Path] = (),
                  lang: str | None = None, kind: str | None = None) -> tuple[Document, Style]:
    """A typed report to the document IR and its style preset: the build's steps after validation."""
    loaded = validated.loaded
    search = template_search(Path(loaded.file), templates)
    try:
        style = load_style(style_name or validated.report.style, search)
    except StyleError as exc:  # a preset is the user's input too: its file, its code (RG5xx), exit status 1
        if exc.asked and style_name is None:  # the input's own `style:` names no preset: say so at that line
            raise InputError([loaded.diag(("style",), exc.code, exc.message)]) from None
        raise InputError([Diagnostic(exc.file, exc.line, exc.col, exc.code, exc.message)]) from None
    try:
        doc = assemble(validated, templates_for(search), kind=kind)
    except TemplateFailure as exc:
        raise BuildFailure.of(exc.diagnostic) from None
    return to_language(doc, lang or validated.report.lang), style


def report_input(report: Report, file: Path) -> Validated:
    """A report made in code (not read from a file) as the build takes it: `file` gives its folder (photos,
    templates) and the name messages use."""
    return Validated(report, Loaded(file=str(file), data=report.model_dump(mode="json")))


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


MISSING_SHOWN = 8  # a face lacking more characters than this gets one message, not one per character


def check_coverage(loaded: Loaded, roles: Mapping[tuple[FaceKind, str], str], faces: Mapping[str, Face]) -> None:
    """Stop before drawing if a face lacks a character it must set; never draw a missing-glyph box.

    Each role (`role_texts`) is checked against its own face. One RG401 per face and character, at its first
    place in the input, naming every input line that holds it and what it is used for; a face that lacks more
    than `MISSING_SHOWN` characters is the wrong face, one RG401 for all of them.
    """
    missing: dict[tuple[FaceKind, str], list[str]] = {}  # (face kind, character) -> roles
    latin = faces.get("latin")
    for (kind, role), text in roles.items():
        for ch in missing_chars(faces[kind], text):
            if latin is None or is_cjk(ch) or missing_chars(latin, ch):  # a letter the Latin face sets is there
                missing.setdefault((kind, ch), []).append(role)
    problems = []
    by_kind: dict[FaceKind, list[str]] = {}
    for kind, ch in sorted(missing):
        by_kind.setdefault(kind, []).append(ch)
    for kind, chars in by_kind.items():  # a face that lacks many characters is the wrong face: one message
        if len(chars) <= MISSING_SHOWN:
            continue
        face = faces[kind]
        first = {ch: (_lines_with(loaded.text, ch)[:1] or [(1 << 30, 0)])[0] for ch in chars}
        chars.sort(key=lambda ch: first[ch])  # as the reader meets them
        line, col = first[chars[0]] if first[chars[0]][0] < 1 << 30 else (0, 0)
        roles_of = dict.fromkeys(role for ch in chars for role in missing[(kind, ch)])
        problems.append(Diagnostic(
            loaded.file, line, col, "RG401",
            f"字体 {face.family}（{face.path.name}）缺少 {len(chars)} 个要用的字符，如「{''.join(chars[:12])}」，"
            f"用于{'、'.join(roles_of)}；它不是能排这些文字的中文字体：请换用覆盖它们的字体（--font {kind}=文件）"))
        for ch in chars:
            del missing[(kind, ch)]
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


def faces_for(loaded: Loaded, doc: Document, style: Style, fonts: Mapping[str, str | Path], *, paged: bool
              ) -> tuple[dict[str, Face], list[Diagnostic]]:
    """The faces to build `doc` with (the input's `fonts:`, then `fonts` given as options), checked to set every
    character (RG401) when `paged`, and the warnings for faces standing in for others (RG604)."""
    roles = role_texts(doc, style)
    given = {**input_fonts(loaded), **{k: Path(v) for k, v in fonts.items()}}  # `--font` wins
    faces = _faces(style, given, paged, roles, doc.meta.lang)
    if not paged:
        return faces, []
    check_coverage(loaded, roles, faces)
    return faces, _substitutes(Path(loaded.file), style, faces)


def _faces(style: Style, user: Mapping[str, Path], paged: bool,
           roles: Mapping[tuple[FaceKind, str], str], lang: str = "") -> dict[str, Face]:
    """The face of each kind the style uses (for a Traditional `lang`, the faces made for its region). A PDF needs
    every one; the DOCX names its faces and embeds none, so it is built without the kinds this machine lacks (a
    file the user named must still be sound)."""
    faces = {}
    for kind in sorted(style.faces_used()):
        try:
            faces[kind] = resolve(kind, user, "".join(t for (k, _role), t in roles.items() if k == kind), lang)
        except FontNotFound as exc:
            if paged or kind in user:
                raise BuildFailure.coded(str(exc)) from None
    latin = resolve_latin(style.docx.latin)  # letters and digits, as the DOCX's Latin font sets them
    if latin is not None:
        faces["latin"] = latin
    return faces


def _substitutes(path: Path, style: Style, faces: Mapping[str, Face]) -> list[Diagnostic]:
    """RG604 for each kind set in a face of another kind (楷体 standing in for 仿宋): the PDF is not what
    GB/T 9704 asks for, and the user can fix that by installing a face."""
    found = [Diagnostic(str(path), 0, 0, "RG604",
                        f"PDF 中的{FACE_KINDS[kind].label}用 {face.family}（{LOOKS[face.looks]}）代替。"
                        f"{substitute_advice(kind)}",
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


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese for the common cases."""
    reasons = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "所在磁盘是只读的",
               errno.ENOSPC: "磁盘空间不足", getattr(errno, "EDQUOT", -1): "超出了磁盘配额",
               errno.ENOTDIR: "路径中有一部分不是文件夹", errno.EEXIST: "已有同名文件", errno.EISDIR: "已有同名文件夹",
               errno.ENAMETOOLONG: "路径太长", errno.ENOENT: "文件夹不存在或已被删除", errno.EIO: "读写磁盘出错"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _check_folder(out_dir: Path) -> None:
    """Stop early, with the reason, when `out_dir` (or the parent it would be made in) cannot take files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildFailure("RG801", f"输出位置 {out_dir} 是一个文件，不是文件夹")
    if out_dir.is_dir() and not os.access(out_dir, os.W_OK | os.X_OK):
        raise BuildFailure("RG801", f"无法写入输出文件夹 {out_dir}：没有写入权限")


# The file-name mark of an output that differs from what its input asks for (`--kind`, `--lang`), so that it
# never replaces the input's own report: 会议.pdf, 会议-纪要.pdf, 会议-zh-Hant.pdf, 会议-纪要-zh-Hant.pdf.
KIND_MARKS = {"report": "报告", "minutes": "纪要", "formal": "正式报告"}


def output_stem(path: Path, loaded: Loaded, *, lang: str | None = None, kind: str | None = None) -> str:
    """The outputs' name without the extension: the input's, marked with each option that overrides it."""
    own = loaded.data.get("report", {}) if isinstance(loaded.data, dict) else {}
    own = own if isinstance(own, dict) else {}
    stem = path.stem
    if kind is not None and kind != own.get("kind", Report.model_fields["kind"].default):
        stem += f"-{KIND_MARKS[kind]}"
    own_lang = own.get("lang", Report.model_fields["lang"].default)
    if lang is not None and LANGUAGES.get(lang) != LANGUAGES.get(own_lang):
        stem += f"-{lang}"
    return stem


def clashes(paths: Sequence[Path]) -> dict[int, Diagnostic]:
    """Inputs of one run whose outputs would land on an earlier input's (the same file name in the one output
    folder): index → the problem (RG802). The same file named twice is not a clash."""
    first: dict[str, Path] = {}
    found = {}
    for k, path in enumerate(paths):
        other = first.get(path.stem)
        if other is None:
            first[path.stem] = path
        elif not same_file(path, other):
            found[k] = Diagnostic(str(path), 0, 0, "RG802",
                                  f"输出文件名与 {other} 的相同（{path.stem}.*），会覆盖它的报告；"
                                  "这份未生成，请给其中一个输入文件改名，或用 -o 分别生成到不同的文件夹")
    return found


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (a link, another spelling); by their absolute paths where either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.absolute() == b.absolute()


def _check_targets(path: Path, targets: Sequence[Path]) -> None:
    """No output may replace the input itself (`会议.pdf` built into its own folder), nor have a name longer
    than the file system takes."""
    for target in targets:
        if target.exists() and same_file(target, path):
            raise BuildFailure("RG803", f"输出文件 {target} 就是输入文件本身，生成会覆盖它；未生成。"
                               "请用 -o 生成到另一个文件夹，或给输入文件改名（扩展名用 .yaml）")
        limit = name_max(target.parent)
        if len(os.fsencode(target.name)) > limit:
            raise BuildFailure("RG804", f"输出文件名 {target.name} 有 {len(os.fsencode(target.name))} 字节，"
                               f"超过文件系统的上限 {limit} 字节；请给输入文件改一个短些的名字")


def write_output(fmt: str, temp: Path, blob: bytes) -> None:
    """One format's bytes into its staged temporary file (a failure here leaves the output folder as it was)."""
    temp.write_bytes(blob)


def build(path: str | Path, output_dir: str | Path = "output", *, formats: Sequence[str] = DEFAULT_FORMATS,
          style: str | None = None, templates: Iterable[str | Path] = (),
          fonts: Mapping[str, str | Path] | None = None, lang: str | None = None,
          kind: str | None = None, text: str | None = None) -> BuildResult:
    """Build `path` (or, given `text`, that input as if it were `path`'s content) into
    `output_dir`/<stem>.<format> for each format (the stem marked by `--kind` and `--lang`
    where they differ from the input's own, see :func:`output_stem`).

    Raises :class:`InputError` for problems in the input (with every location),
    :class:`BuildFailure` for problems around it. Nothing is written unless
    every format was produced; a failed or interrupted build leaves the output folder as it was.
    """
    path = Path(path)
    out_dir = Path(output_dir)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BuildFailure("RG011", f"不支持的输出格式：{'、'.join(unknown)}（可选：{'、'.join(FORMATS)}）")
    if lang is not None and lang not in LANGUAGES:
        raise BuildFailure("RG011", f"不支持的语言：{lang}（可选：{'、'.join(LANGUAGES)}）")
    if kind is not None and kind not in KINDS:
        raise BuildFailure("RG011", f"不支持的文稿类型：{kind}（可选：{'、'.join(KINDS)}）")
    try:
        source_date_epoch()  # a malformed value stops the build before any work
    except BadEpoch as exc:
        raise BuildFailure.coded(str(exc)) from None  # RG805
    options: dict[str, Any] = {"style_name": style, "templates": [Path(t) for t in templates], "lang": lang,
                               "kind": kind}
    loaded, doc, style_obj = prepare(path, **options) if text is None else prepare_text(text, path, **options)
    faces, substitutes = faces_for(loaded, doc, style_obj, fonts or {},
                                   paged=any(FORMATS[fmt].paged for fmt in formats))
    loaded.warnings.extend(substitutes)
    _check_folder(out_dir)
    stem = output_stem(path, loaded, lang=lang, kind=kind)
    targets = [out_dir / f"{stem}.{fmt}" for fmt in formats]
    _check_targets(path, targets)
    blobs = render(doc, style_obj, faces, formats)  # laid out once for all, in memory
    try:
        with staged(targets, make_folder=True) as temps:
            for fmt, temp in zip(formats, temps, strict=True):
                write_output(fmt, temp, blobs[fmt])
    except OSError as exc:
        raise BuildFailure("RG801", f"无法写入输出文件夹 {out_dir}：{os_reason(exc)}；输出文件夹未改动") from None
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
