"""Command line: `reportgen build|check|new|init|fonts`. Exit 0 ok, 1 input problems, 2 usage."""

from __future__ import annotations

import argparse
import contextlib
import copy
import errno
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from . import __version__
from .atomic import Interrupted, catch_signals, caught
from .cliparse import ArgumentParser, integer
from .diagnostics import Diagnostic, InputError, Severity, UsageError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Formats(argparse.Action):
    """`-f pdf -f ofd` or `-f docx,pdf,ofd`: each format named is checked as a choice (with a suggestion)."""

    def __init__(self, *args: Any, formats: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.formats = formats

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        chosen = list(getattr(namespace, self.dest) or [])
        checker = copy.copy(self)
        checker.choices = self.formats
        for value in str(values).split(","):
            parser._check_value(checker, value.strip())  # cliparse's: the choices and the nearest one
            chosen.append(value.strip())
        setattr(namespace, self.dest, chosen)


def _parser() -> argparse.ArgumentParser:
    from .cjk.script import LANGUAGES
    from .fonts.roles import KINDS as FONT_KINDS
    from .model import KINDS
    from .writers import FORMATS

    parser = ArgumentParser(prog="reportgen", description="把 YAML 会议资料生成中文会议报告（DOCX 和 PDF）")
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    build = sub.add_parser("build", help="生成报告", description="生成 DOCX 和 PDF 报告")
    build.add_argument("inputs", nargs="+", type=Path, metavar="FILE", help="YAML 输入文件")
    build.add_argument("-o", "--output", type=Path, default=Path("output"), help="输出文件夹（默认 output/）")
    build.add_argument("-f", "--format", action=_Formats, formats=list(FORMATS), dest="formats", metavar="格式",
                       help=f"只生成指定格式：{'、'.join(FORMATS)}（可重复，或用逗号分隔：-f docx,pdf,ofd），"
                            "默认生成 docx 和 pdf")
    build.add_argument("--style", help="样式预设名，覆盖输入文件中的 style")
    build.add_argument("--templates", action="append", type=Path, default=[], metavar="DIR",
                       help="自定义模板文件夹，优先于内置模板")
    build.add_argument("--font", action="append", default=[], metavar="KIND=FILE",
                       help="为某类字体指定 TrueType 文件（.ttf/.ttc，可重复），KIND 可选："
                            + "、".join(f"{kind}（{spec.label}）" for kind, spec in FONT_KINDS.items())
                            + "，也可写中文名；例如 --font fangsong=/path/simfang.ttf 或 --font 仿宋=/path/simfang.ttf")
    build.add_argument("--lang", choices=list(LANGUAGES),
                       help="输出语言：zh-CN（或 zh-Hans）简体（默认），zh-Hant 繁体，zh-Hant-TW 台湾繁体，"
                            "zh-Hant-HK 香港繁体；输入保持简体")
    build.add_argument("-j", "--jobs", type=integer, metavar="N",
                       help="批量生成：N 个进程并行（0 表示按 CPU 核数），显示进度，某份失败时继续生成其余各份，"
                            "最后给出汇总；有任何一份失败则退出状态为 1")
    build.add_argument("--kind", choices=KINDS,
                       help="文稿类型：report 会议报告，minutes 会议纪要（GB/T 9704 纪要格式），"
                            "formal 正式报告（红头、签发人、署名盖章的上行文）；覆盖输入文件中的 kind")

    new = sub.add_parser("new", help="由去年的输入文件生成今年的输入文件",
                         description="以去年的输入文件为底稿：年份顺延，结构、单位名称、人员和样式保留；需要重写的文字、"
                                     "开会日期和参会人数换成“待填写：”占位（填好之前 check 报 RG308），"
                                     "去年的原文作为注释保留在旁边")
    new.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE",
                     help="去年的输入文件（.yaml；去年的 Word 文件先用 reportgen import 转换）")
    new.add_argument("--year", type=integer, required=True, help="新报告总结的年度，例如 2024")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="新输入文件的路径")
    new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")

    init = sub.add_parser("init", help="写一份带说明的输入文件和几个完整的示例，从这里开始",
                          description="在文件夹中写出带说明的输入文件 会议报告.yaml（示例文字用“××”标出，照着改）"
                                      "和 示例/ 文件夹（完整的会议报告、会议纪要、简报和附件示例）；"
                                      "已有的文件不会被覆盖")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                      help="写到哪个文件夹（默认当前文件夹，不存在时新建）")
    init.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    check = sub.add_parser("check", help="检查输入文件（格式、内容和粘贴文字的常见问题），不生成输出",
                           description="检查输入文件：格式和内容错误，以及从网页、Word 粘贴来的文字问题"
                                       "（半角标点、拼音注音、乱码、多余空格、繁体字、引号括号不配对、未填写的占位文字）")
    check.add_argument("inputs", nargs="+", type=Path, metavar="FILE",
                       help="要检查的 YAML 输入文件（可以是多个，如 inputs/*.yaml）；"
                            "每个问题一行：文件:行:列: 代码 消息，代码的含义见 reportgen explain 代码")
    check.add_argument("--fix", action="store_true",
                       help="自动修复能修复的问题：只在原文件中改出问题的字，其余（注释、格式、换行方式、编码）原样保留")

    imp = sub.add_parser("import", help="把去年的 Word 文件（.docx）或纯文本转换成 YAML 输入文件",
                         description="读入 Word 文件（.docx）、纯文本文件（UTF-8、GB18030、UTF-16）"
                                     "或粘贴的文字（FILE 写 -，从标准输入读），识别标题、导语中的会议信息、"
                                     "各部分、单位汇报、讲话要求、结尾、"
                                     "纪要的出席和版记，顺便修正繁体字、拼音注音、半角标点、多余空格，"
                                     "写成 YAML 输入文件；打印导入的结果（标题、日期、单位数、要求条数、"
                                     "表格、照片、结尾）和每一处判断及它在原文中的位置，同样写在 YAML 的注释里；"
                                     "原文没有的事实写“待填写”，乱码留在原处，都由 reportgen check 指出")
    imp.add_argument("source", metavar="FILE", help="Word 文件（.docx）、文本文件，或 -（从标准输入读粘贴的文字）")
    imp.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                     help="写到这个 YAML 文件（图片写到它旁边的 OUT-images/ 文件夹）；不写则输出到标准输出")
    imp.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")

    serve = sub.add_parser("serve", help="在浏览器里编辑输入文件，边改边看打印出来的页面",
                           description="启动本机（127.0.0.1）上的编辑器：左边是会议信息、各部分和 YAML，右边是与 PDF "
                                       "相同的页面，随修改更新；可以保存（保留注释和顺序）、生成 DOCX/PDF。"
                                       "给 .docx 时先导入为它旁边的同名 .yaml；不给文件时在网页上打开当前文件夹的 "
                                       ".yaml、.docx，或从带说明的入门文件新建")
    serve.add_argument("source", nargs="?", type=Path, metavar="FILE",
                       help="YAML 输入文件，或要先导入的 Word 文件（.docx）；不写则先在网页上选择当前文件夹里的文件，"
                            "或新建一个")
    serve.add_argument("--port", type=integer, default=0, metavar="N", help="端口（默认任选一个空闲端口）")
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    explain = sub.add_parser("explain", help="说明一个错误代码：含义、例子和怎么改",
                             description="说明错误代码（如 RG201）的含义、例子和怎么改；不写代码时列出全部代码")
    explain.add_argument("code", nargs="?", metavar="CODE", help="错误代码，如 RG201（也可只写 201）")

    fonts = sub.add_parser("fonts", help="列出每类字体实际使用的字体文件，以及是标准字体还是替代",
                           description="列出 GB/T 9704 的五类字体（小标宋、宋体、仿宋、黑体、楷体）在本机各用哪个"
                                       "字体文件，是标准要求的字体还是替代；找不到时说明怎样安装")
    fonts.add_argument("--prepare", action="store_true",
                       help="Linux：从系统软件源取得免费的 Fandol 仿宋/宋体/黑体/楷体和思源宋体 Black（代替小标宋），"
                            "转换为 TrueType 并缓存（只需一次，约半分钟），再安装字体别名")
    fonts.add_argument("--traditional", action="store_true",
                       help="Linux：同时准备繁体报告（--lang zh-Hant、zh-TW、zh-HK）用的台湾、香港字形的思源宋体、"
                            "思源黑体（含 --prepare；多约半分钟）")
    fonts.add_argument("--install-aliases", action="store_true",
                       help="Linux：安装 fontconfig 字体别名，让 LibreOffice、WPS 用与 PDF 相同的字体显示 Word 文件")
    return parser


def _print(diags: Sequence[Diagnostic]) -> None:
    width = _width(sys.stderr)
    for diag in sorted(diags):
        print(diag.format(width), file=sys.stderr)


def _width(stream: TextIO) -> int:
    """The columns of the terminal `stream` shows on ($COLUMNS if set), to wrap messages at; 0 for a file or a
    pipe, which get one line per problem (for editors, grep and scripts)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if stream.isatty():
            given = os.environ.get("COLUMNS", "")
            return int(given) if given.isdigit() and int(given) > 0 else os.get_terminal_size(stream.fileno()).columns
    return 0


def _fonts_option(values: Sequence[str]) -> dict[str, str]:
    from .fonts.roles import KINDS, kind_named

    out = {}
    for value in values:
        name, sep, file = value.partition("=")
        kind = kind_named(name)
        if not sep or kind is None or not file.strip():
            raise UsageError(f"--font 应写成 类别=文件，类别可选 "
                             f"{'、'.join(f'{key}（{spec.label}）' for key, spec in KINDS.items())}，"
                             f"例如 --font fangsong=/path/simfang.ttf 或 --font 仿宋=/path/simfang.ttf")
        out[kind] = file
    return out


def _build(args: argparse.Namespace) -> int:
    from .writers import DEFAULT_FORMATS

    formats, fonts = tuple(dict.fromkeys(args.formats or DEFAULT_FORMATS)), _fonts_option(args.font)
    for folder in args.templates:
        if not folder.is_dir():
            reason = "不是文件夹" if folder.exists() else "文件夹不存在"
            raise UsageError(f"--templates {folder}：{reason}；应是放自定义模板（.j2）和样式（styles/）的文件夹")
    if args.jobs is not None and args.jobs < 0:
        raise UsageError("-j 应是 0 或正整数")
    from .pipeline import BuildFailure, BuildOptions, clashes

    options = BuildOptions(args.output, formats, args.style, tuple(args.templates), fonts, args.lang, args.kind)
    inputs = list(dict.fromkeys(args.inputs))  # the same file named twice (a shell glob and a name) is built once
    if args.jobs is not None:
        from . import batch

        return EXIT_OK if batch.main(inputs, options, args.jobs) else EXIT_INPUT
    status = EXIT_OK
    clashing = clashes(inputs)
    for k, path in enumerate(inputs):
        if k in clashing:
            print(clashing[k].format(), file=sys.stderr)
            status = EXIT_INPUT
            continue
        try:
            result = options.build(path)
        except InputError as exc:
            _print(exc.diagnostics)
            status = EXIT_INPUT
            continue
        except BuildFailure as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        _print(result.warnings)
        for out in result.outputs:
            print(f"已生成 {out}")
    return status


# Documents that are not YAML inputs: by their suffix, or by their first bytes whatever their name.


def _import(args: argparse.Namespace) -> int:
    from .atomic import staged
    from .importer import EmptySource, import_docx, import_text
    from .importer.docx_reader import DocxUnreadable
    from .loader import MAX_BYTES
    from .pipeline import same_file

    out: Path | None = args.output
    source = str(args.source)
    if out is not None and out.exists():
        if not out.is_file() or (source != "-" and same_file(out, Path(source))):
            why = "就是要导入的文件本身" if out.is_file() else "不是普通文件"
            _print([Diagnostic(str(out), 0, 0, "RG124",
                               f"不能把导入结果写到 {out}：它{why}；请用 -o 另给一个 .yaml 文件名")])
            return EXIT_INPUT
        if not args.force:
            raise UsageError(f"{out} 已存在；如要覆盖请加 --force")
    try:
        if source == "-":
            if sys.stdin is None:
                raise OSError(errno.EBADF, "没有标准输入")
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(source)
            if path.exists() and not path.is_file():
                raise OSError(errno.EISDIR if path.is_dir() else errno.EINVAL,
                              "这是一个文件夹" if path.is_dir() else "这不是普通文件（是设备或管道）")
            with path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        _print([Diagnostic(source, 0, 0, "RG001", "找不到要导入的文件")])
        return EXIT_INPUT
    except OSError as exc:
        _print([Diagnostic(source, 0, 0, "RG001", f"无法读取要导入的文件：{_os_text(exc)}")])
        return EXIT_INPUT
    if len(raw) > MAX_BYTES:
        _print([Diagnostic(source, 0, 0, "RG105", f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像是一份会议报告")])
        return EXIT_INPUT
    folder = f"{out.stem if out else Path(source).stem if source != '-' else '导入'}-images"
    try:
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            _print([Diagnostic(source, 0, 0, "RG121", "这是旧版 Word（.doc）或 WPS 格式；请在 Word 或 WPS 中"
                                                       "另存为 .docx，再导入")])
            return EXIT_INPUT
        if raw.startswith(b"PK\x03\x04"):
            imported = import_docx(Path(source), folder)
        elif source.lower().endswith((".docx", ".docm")):
            raise DocxUnreadable("文件的扩展名是 .docx，内容却不是 Word 文件（可能改过扩展名或已损坏）")
        elif _is_input(raw):
            _print([Diagnostic(source, 0, 0, "RG125", "这已经是 reportgen 的输入文件，不需要导入：直接运行 "
                                                       f"reportgen check {source} 或 reportgen build {source}")])
            return EXIT_INPUT
        else:
            imported = import_text(raw, "标准输入" if source == "-" else Path(source).name)
    except DocxUnreadable as exc:
        _print([Diagnostic(source, 0, 0, "RG122", str(exc))])
        return EXIT_INPUT
    except EmptySource as exc:
        _print([Diagnostic(source, 0, 0, "RG123", str(exc))])
        return EXIT_INPUT
    except InputError as exc:
        _print(exc.diagnostics)
        return EXIT_INPUT
    taken = [name for name, _ in imported.images
             if ((out.parent if out is not None else Path(".")) / name).exists()]
    if taken and not args.force:
        raise UsageError(f"图片 {taken[0]} 已存在（导入会写出 {len(imported.images)} 张图片）；如要覆盖请加 --force")
    _print(imported.warnings)
    base = out.parent if out is not None else Path(".")
    targets = [base / name for name, _ in imported.images]
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        with staged(([out] if out is not None else []) + targets) as temps:
            if out is not None:
                temps[0].write_text(imported.text, encoding="utf-8")
            for temp, (_name, data) in zip(temps[1 if out is not None else 0:], imported.images, strict=True):
                temp.write_bytes(data)
    except OSError as exc:
        print(f"{out or base}: RG801 无法写入：{_os_text(exc)}；没有写出任何文件", file=sys.stderr)
        return EXIT_INPUT
    report = sys.stderr if out is None else sys.stdout  # standard output may be carrying the YAML
    if out is None:
        sys.stdout.write(imported.text)
        sys.stdout.flush()
    print("导入的结果：", file=report)
    for line in imported.summary:
        print(f"  {line}", file=report)
    if imported.guesses:
        print("导入时的判断（请核对；YAML 中的注释也写着）：", file=report)
        for line in imported.guesses:
            print(f"  {line}", file=report)
    if out is not None:
        print(f"已生成 {out}；下一步：reportgen check {out}（导入无法判断或修复的地方），再 reportgen build {out}")
    for target in targets:
        print(f"已写入图片 {target}", file=sys.stderr if out is None else sys.stdout)
    return EXIT_OK


def _is_input(raw: bytes) -> bool:
    """Whether text handed to import is already a reportgen input (YAML with a `meeting:` and `sections:`)."""
    from .loader import decode, load_text

    try:
        data = load_text(decode(raw, "-").text, "-").data
    except InputError:
        return False
    return isinstance(data, dict) and "meeting" in data and "sections" in data


def _check(args: argparse.Namespace) -> int:
    from .lint.fix import fix_file, quoted_colons
    from .pipeline import inspect

    status = EXIT_OK
    for path in args.inputs:
        fixed: list[Diagnostic] = []
        try:
            if args.fix:  # first what keeps the file from reading as meant: “…: …”
                fixed = quoted_colons(path)
                for diag in fixed:
                    print(f"{diag.file}:{diag.line}:{diag.col}: {diag.code} 已修复：{diag.message}")
            loaded, problems = inspect(path)
            if args.fix:
                try:
                    result = fix_file(path, loaded)
                except InputError as exc:
                    problems = sorted({*problems, *exc.diagnostics})
                else:
                    fixed += result.fixed
                    for diag in result.fixed:
                        print(f"{diag.file}:{diag.line}:{diag.col}: {diag.code} 已修复：{diag.message}")
                    if result.changes:
                        count = len({old for old, _new in result.changes.values()})
                        print(f"{path}: 修改了 {count} 段文字")
                        loaded, problems = inspect(path)
                    problems = sorted({*problems, *result.notes})
        except InputError as exc:
            problems = exc.diagnostics
        _print(problems)
        if any(p.severity is Severity.ERROR for p in problems):
            status = EXIT_INPUT
        print(f"{path}：{f'已修正 {len(fixed)} 处；' if fixed else ''}{_tally(problems)}")
    return status


def _tally(problems: Sequence[Diagnostic]) -> str:
    """One line for a checked file: 没有发现问题, or how many errors and warnings."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "没有发现问题"
    parts = [f"{errors} 个错误" if errors else "没有错误"] + ([f"{warnings} 条警告"] if warnings else [])
    return "，".join(parts)


def _new(args: argparse.Namespace) -> int:
    from .atomic import staged
    from .yearly import PLACEHOLDER, next_year

    if not 1980 <= args.year <= 2106:  # the new meeting, a year later, must fall in the DOCX's dates
        raise UsageError(f"--year {args.year} 不是合理的年度")
    if args.output.exists() and not args.force:
        raise UsageError(f"{args.output} 已存在；如要覆盖请加 --force")
    try:
        text = next_year(args.source, args.year)
    except InputError as exc:
        _print(exc.diagnostics)
        return EXIT_INPUT
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with staged([args.output]) as [temp]:
            temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{args.output}: RG801 无法写入：{_os_text(exc)}", file=sys.stderr)
        return EXIT_INPUT
    count = text.count(PLACEHOLDER)
    print(f"已生成 {args.output}：{count} 处“{PLACEHOLDER}”需要填写，去年的原文在其上方的注释中；"
          f"填好后运行 reportgen check {args.output}")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .starter import StarterError, next_steps, write_starter

    try:
        written = write_starter(args.folder, force=args.force)
    except StarterError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT
    for path in written:
        print(f"已写入 {path}")
    print(next_steps(args.folder))
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    """`reportgen explain RG201`: one code's meaning, example and fix, from the table the README shows."""
    from .codes import CODES, entry, plain
    from .diagnostics import wrap

    width = _width(sys.stdout) or 100
    if args.code is None:
        for code in CODES:
            print("\n".join(wrap(f"{code.code}  {plain(code.meaning)}", width, " " * 7)))
        print("\n运行 reportgen explain 代码（如 reportgen explain RG201）查看例子和怎么改")
        return EXIT_OK
    found = entry(args.code)
    if found is None:
        import difflib

        names = [code.code for code in CODES]
        guess = difflib.get_close_matches(args.code.strip().upper(), names, n=3, cutoff=0.6)
        hint = f"；是否应为 {'、'.join(guess)}？" if guess else ""
        raise UsageError(f"没有错误代码「{args.code}」{hint}（运行 reportgen explain 列出全部代码）")
    warning = found.meaning.startswith("警告：")
    title, meaning = (f"{found.code}（警告）", found.meaning[3:]) if warning else (found.code, found.meaning)
    for label, text in ((title, meaning), ("例子", found.example), ("怎么改", found.fix)):
        print("\n".join(wrap(f"{label}：{plain(text)}", width)))
    return EXIT_OK


def _fonts(args: argparse.Namespace) -> int:
    from .fonts import KINDS, FontNotFound, resolve
    from .fonts.aliases import aliases_file, install
    from .fonts.convert import prepare
    from .fonts.discovery import resolve_latin
    from .styles import load_style

    if args.traditional:
        args.prepare = True
    if args.prepare:
        prepare(traditional=args.traditional)
    faces, status = {}, EXIT_OK
    for kind, spec in KINDS.items():
        try:
            faces[kind] = face = resolve(kind)
        except FontNotFound as exc:
            print(f"{spec.label}（{kind}）：未找到\n    {exc}")
            status = EXIT_INPUT
            continue
        print(f"{spec.label}（{kind}）：{face.family}，{face.describe()}\n    {face.path}"
              + (f"（第 {face.index} 个字体）" if face.index else ""))
    latin = resolve_latin(load_style("official").docx.latin)
    if latin is None:
        print("西文（latin）：未找到 Times New Roman 或与它字宽相同的字体（Linux：fonts-liberation）；"
              "PDF 中的字母和数字改用中文字体的字形")
    else:
        print(f"西文（latin）：{latin.family}，{latin.describe()}\n    {latin.path}")
    if sys.platform.startswith("linux"):
        if args.prepare or args.install_aliases:
            print(f"已安装字体别名：{install(faces)}（LibreOffice、WPS 打开 Word 文件时使用上面的字体）")
        elif aliases_file().is_file():
            print(f"字体别名：{aliases_file()}")
        else:
            print("字体别名未安装：运行 reportgen fonts --install-aliases，"
                  "LibreOffice、WPS 才会用上面的字体显示 Word 文件")
    if sys.platform.startswith("linux") and not args.prepare and not all(f.acceptable for f in faces.values()):
        print("提示：运行 reportgen fonts --prepare 可取得免费的仿宋、宋体、黑体、楷体和代替小标宋的粗宋体")
    if status != EXIT_OK:
        print("只生成 Word 文件（reportgen build -f docx …）不需要这些字体。")
    return status


def _serve(args: argparse.Namespace) -> int:
    """`reportgen serve`: the input to edit (a .docx imported beside it first; none: chosen on the page), then the
    editor's server until Ctrl-C."""
    source: Path | None = args.source
    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError("--port 应是 0 到 65535 之间的整数")
    # no file: the page lists the folder's inputs to open, or starts a new one from the starter
    if source is not None and source.suffix.lower() == ".docx":
        target = source.with_suffix(".yaml")
        if not target.exists():
            status = main(["import", str(source), "-o", str(target)])
            if status != EXIT_OK:
                return status
        else:
            print(f"{target} 已存在，打开它（未重新导入 {source.name}）", file=sys.stderr)
        source = target
    if source is not None and not source.is_file():
        _print([Diagnostic(str(source), 0, 0, "RG001", "找不到输入文件")])
        return EXIT_INPUT
    from .editor.server import serve

    try:
        serve(source, args.port, open_browser=not args.no_browser, folder=Path.cwd())
    except OSError as exc:
        raise UsageError(f"无法在端口 {args.port} 上启动编辑器：{exc.strerror}") from None
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)  # loads the model and writers: Ctrl-C may well come here
        handler = {"build": _build, "check": _check, "new": _new, "init": _init, "fonts": _fonts,
                   "import": _import, "serve": _serve, "explain": _explain}[args.command]
        status = handler(args)
        signum = caught()  # a library that swallowed the interruption and failed for it (a style's pattern)
        return status if status == EXIT_OK or signum is None else _interrupted(signum)
    except UsageError as exc:
        print(f"reportgen: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Interrupted) as exc:
        return _interrupted(exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)
    except Exception:
        signum = caught()  # an interruption a library wrapped in an error of its own
        return _internal_error() if signum is None else _interrupted(signum)


def _interrupted(signum: int) -> int:
    """Ctrl-C (exit status 130), SIGTERM (143) or SIGHUP (129): the unfinished outputs are already removed."""
    print("reportgen: 已中断；未完成的报告没有写入，输出文件夹中已有的文件保持原样", file=sys.stderr)
    return 128 + signum


def _os_text(exc: OSError) -> str:
    from .pipeline import os_reason

    return os_reason(exc)


class _Stream:
    """A standard stream whose failure never stops a build: the reports are the work, the lines on the
    screen only tell of it. After the first failed write (a closed pipe, a full disk) the stream's file
    descriptor points at /dev/null and the rest is dropped; `failed` keeps the error."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream if stream is not None else open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        self.failed: OSError | None = None

    def _fail(self, exc: OSError) -> None:
        self.failed = exc
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)

    def write(self, text: str) -> int:
        if self.failed is None:
            try:
                return self.stream.write(text)
            except OSError as exc:
                self._fail(exc)
        return len(text)

    def flush(self) -> None:
        if self.failed is None:
            try:
                self.stream.flush()
            except OSError as exc:
                self._fail(exc)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def run() -> NoReturn:
    """The installed command: `main`, then end the process with its status.

    SIGTERM and SIGHUP are caught like Ctrl-C, so an interrupted build removes its unfinished files first.
    Standard output that cannot be written (`| head -0`, `> /dev/full`) never stops a build: every report is
    still built, and the exit status is then at least 1 (not all was said), with nothing on standard error
    for a closed pipe (the reader chose to stop) and one line for any other write error (a full disk).
    Every output file is committed and closed, every worker process ended, and the standard streams are
    flushed here; the process then ends as any Python program does (`sys.exit`), so that `python -m cProfile`,
    coverage and atexit handlers see the whole run.
    Ctrl-C while the first modules load ends it the same way (130, no trace): `reportgen.__main__` imports
    this module under its own handling, and this module imports the heavy ones (the model, the writers) later.
    """
    try:
        catch_signals()
        sys.unraisablehook = _unraisable
        out, err = _Stream(sys.stdout), _Stream(sys.stderr)
        sys.stdout, sys.stderr = cast(TextIO, out), cast(TextIO, err)
        status = main()
        out.flush()
        if out.failed is not None:
            status = max(status, EXIT_INPUT)  # not everything was said, though every report was built
            if not isinstance(out.failed, BrokenPipeError):  # a reader that left needs no telling
                print(f"reportgen: 无法写入标准输出（{_os_text(out.failed)}），提示没有全部显示；"
                      "报告已全部生成，不受影响", file=sys.stderr)
        err.flush()
    except (KeyboardInterrupt, Interrupted) as exc:  # one that came before main's handling or after the build
        status = 130 if isinstance(exc, KeyboardInterrupt) else exc.signum + 128
    sys.exit(status)


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """Python's report of an exception it could not raise (in a destructor, or a library's callback), except
    for Ctrl-C or SIGTERM landing there: the signal is noted (`atomic.caught`) and ends the command as usual."""
    if not isinstance(info.exc_value, KeyboardInterrupt | Interrupted):
        sys.__unraisablehook__(info)


def _internal_error() -> int:
    """One line for the user, the full trace in a log file for the maintainers."""
    import tempfile
    import traceback

    trace = traceback.format_exc()
    try:
        fd, name = tempfile.mkstemp(prefix="reportgen-error-", suffix=".log")
        with open(fd, "w", encoding="utf-8") as log:
            log.write(trace)
        where = f"详细信息已写入 {name}，请把该文件发给维护者"
    except OSError:
        where = "详细信息无法写入日志文件"
    print(f"reportgen: 内部错误（不是输入文件的问题），{where}", file=sys.stderr)
    return EXIT_INTERNAL
