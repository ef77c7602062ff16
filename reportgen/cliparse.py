"""argparse, speaking Chinese: help, usage and usage errors (exit status 2) without English.

argparse looks up every text it shows through its module's gettext functions (`argparse._`, `argparse.ngettext`)
when it shows it; :class:`ArgumentParser` puts Chinese ones in place while it builds, parses, formats and reports,
and puts the originals back afterwards. A wrong choice also gets the nearest names as a suggestion.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

_TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示这段帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "后面需要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少需要跟一个值",
    "invalid %(type)s value: %(value)r": "「%(value)s」不是有效的%(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "「%(value)s」不是可选的值（可选：%(choices)s）",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "不接受值「%s」",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "one of the arguments %s is required": "需要参数 %s 中的一个",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令「%(parser_name)s」（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s（运行 %(prog)s -h 查看用法）\n",
}
_HEADING = re.compile(r"^(\S[^\n]*):$", re.MULTILINE)
_PLURAL = {"expected %s argument": "后面需要跟 %s 个值"}


def _gettext(message: str) -> str:
    return _TEXTS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _PLURAL.get(singular, singular if n == 1 else plural)


@contextlib.contextmanager
def _chinese() -> Iterator[None]:
    """argparse's texts in Chinese for the time being (re-entrant: each level puts back what it found)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def integer(text: str) -> int:
    """`type=` for whole numbers; argparse names it in its message (「x」不是有效的整数)."""
    return int(text)


integer.__name__ = "整数"


class _Formatter(argparse.HelpFormatter):
    def _split_lines(self, text: str, width: int) -> list[str]:
        """Help texts wrapped as Chinese is (after a clause, never inside an option or a name), not by spaces."""
        from .diagnostics import wrap

        return wrap(" ".join(text.split()), width, indent="")

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        return super()._format_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts (help, usage, errors) are Chinese; sub-commands are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Formatter)
        with _chinese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _chinese():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with _chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        with _chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese():
            text = super().format_help()
        return _HEADING.sub(r"\1：", text)  # argparse ends section headings with an ASCII colon

    def error(self, message: str) -> NoReturn:
        with _chinese():
            super().error(message)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value not among the choices: the choices, and the nearest as a suggestion."""
        if action.choices is not None and value not in action.choices:
            names = [str(choice) for choice in action.choices]
            guess = difflib.get_close_matches(str(value), names, n=2, cutoff=0.5)
            hint = f"；是否应为 {'、'.join(guess)}？" if guess else ""
            raise argparse.ArgumentError(action, f"「{value}」不是可选的值（可选：{'、'.join(names)}）{hint}")
