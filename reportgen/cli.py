"""Command line: `reportgen build|check|fonts`. Exit 0 ok, 1 input problems, 2 usage."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, InputError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportgen", description="把 YAML 会议资料生成中文会议报告（DOCX 和 PDF）")
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    build = sub.add_parser("build", help="生成报告", description="生成 DOCX 和 PDF 报告")
    build.add_argument("inputs", nargs="+", type=Path, metavar="FILE", help="YAML 输入文件")
    build.add_argument("-o", "--output", type=Path, default=Path("output"), help="输出文件夹（默认 output/）")
    build.add_argument("-f", "--format", action="append", choices=["docx", "pdf"], dest="formats",
                       help="只生成指定格式（可重复），默认两种都生成")
    build.add_argument("--style", help="样式预设名，覆盖输入文件中的 style")
    build.add_argument("--templates", action="append", type=Path, default=[], metavar="DIR",
                       help="自定义模板文件夹，优先于内置模板")
    build.add_argument("--font", action="append", default=[], metavar="KIND=FILE",
                       help="为某类字体指定 .ttf 文件，例如 fangsong=/path/simfang.ttf")

    check = sub.add_parser("check", help="检查输入文件，不生成输出")
    check.add_argument("inputs", nargs="+", type=Path, metavar="FILE")

    sub.add_parser("fonts", help="列出每类字体实际使用的文件")
    return parser


def _print(diags: Sequence[Diagnostic]) -> None:
    for diag in sorted(diags):
        print(diag.format(), file=sys.stderr)


def _fonts_option(values: Sequence[str]) -> dict[str, str]:
    from .fonts import KINDS

    out = {}
    for value in values:
        kind, sep, file = value.partition("=")
        if not sep or kind not in KINDS:
            raise SystemExit(f"reportgen: --font 应写成 类别=文件，类别可选 {'、'.join(KINDS)}")
        out[kind] = file
    return out


def _build(args: argparse.Namespace) -> int:
    from .pipeline import BuildFailure, build

    fonts = _fonts_option(args.font)
    status = EXIT_OK
    for path in args.inputs:
        try:
            result = build(path, args.output, formats=args.formats or ("docx", "pdf"), style=args.style,
                           templates=args.templates, fonts=fonts)
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


def _check(args: argparse.Namespace) -> int:
    from .pipeline import BuildFailure, prepare

    status = EXIT_OK
    for path in args.inputs:
        try:
            loaded, _doc, _style = prepare(path)
        except InputError as exc:
            _print(exc.diagnostics)
            status = EXIT_INPUT
            continue
        except BuildFailure as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        _print(loaded.warnings)
    return status


def _fonts(_args: argparse.Namespace) -> int:
    from .fonts import KINDS, FontNotFound, resolve

    status = EXIT_OK
    for kind, (docx_name, _families) in KINDS.items():
        try:
            face = resolve(kind)
        except FontNotFound as exc:
            print(f"{kind:13} {docx_name}\t未找到：{exc}")
            status = EXIT_INPUT
            continue
        print(f"{kind:13} {docx_name}\t{face.family}\t{face.path}:{face.index}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"build": _build, "check": _check, "fonts": _fonts}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception:
        log = Path(tempfile.gettempdir()) / "reportgen-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"reportgen: 内部错误（不是输入文件的问题），详细信息已写入 {log}，请把该文件发给维护者", file=sys.stderr)
        return EXIT_INTERNAL
