"""Jinja2 text templates for the sentences that recur every year.

Input text is only ever passed to templates as data, never compiled as a
template, so `{{ 7*7 }}` in a paragraph prints as written. Templates run in a
sandbox with undefined variables as errors, and render to one line of text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .cjk.dates import zh_date, zh_month_day
from .cjk.numerals import zh_number
from .resources import builtin_templates, cache_dir


class TemplateFailure(Exception):
    """A template could not render; the message names the template file and line, then the code: RG701 syntax
    error, RG702 undefined variable or other error while rendering, RG703 refused by the sandbox, RG704 a
    template (or one it includes) not found."""


def _prev_year(year: int | dt.date) -> int:
    return (year.year if isinstance(year, dt.date) else int(year)) - 1


def _next_year(year: int | dt.date) -> int:
    return (year.year if isinstance(year, dt.date) else int(year)) + 1


def _zh_count(n: int) -> str:
    """A count before a measure word: 2 is 两 (两点要求, 两个), every other number as `zh_number` writes it."""
    return "两" if n == 2 else zh_number(n)


def _zh_join(items: Iterable[str], sep: str = "、", last: str | None = None) -> str:
    """Join with `sep`, the last pair with `last` (A、B和C)."""
    items = list(items)
    if last is None or len(items) < 2:
        return sep.join(items)
    return sep.join(items[:-1]) + last + items[-1]


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling the lead paragraph's costs ~6 ms a build); Jinja2
    compares each with its source, so an edited template is compiled again. A cache that cannot be read or
    written is passed over: it only saves time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(Exception):  # a damaged entry of any kind: compile as if it were not there
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates(options: dict[str, Any]) -> jinja2.BytecodeCache | None:
    """The cache for an environment with `options`: Jinja2 keys entries by template and source only, so
    code compiled by another version of reportgen, or with other options, lives in another folder."""
    from . import __version__

    key = zlib.crc32(repr((__version__, sorted(options.items(), key=str))).encode())
    folder = cache_dir() / f"templates-{key:08x}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


_OPTIONS: dict[str, Any] = {"undefined": jinja2.StrictUndefined, "autoescape": False, "keep_trailing_newline": False,
                            "trim_blocks": True, "lstrip_blocks": True}


class Templates:
    """Looks templates up in the user's folders first, then in the built-in set."""

    def __init__(self, search: Iterable[Path] = ()):
        self.search = [p for p in search if p.is_dir()] + [builtin_templates()]
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search]),
            bytecode_cache=_compiled_templates(_OPTIONS),
            **_OPTIONS,
        )
        self.env.filters.update(
            zh_date=zh_date,
            zh_month_day=zh_month_day,
            zh_number=zh_number,
            zh_count=_zh_count,
            prev_year=_prev_year,
            next_year=_next_year,
            zh_join=_zh_join,
            count=lambda items: len(list(items)),
        )

    def render(self, name: str, **context: Any) -> str:
        """Render `name` to a single line: template line breaks are layout, not text.

        Any failure is a `TemplateFailure` whose message is `file:line: RG7xx …` (the template's file and line).
        """
        try:
            template = self.env.get_template(name)
            text = template.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure(f"{exc.filename or name}:{exc.lineno}: RG701 模板语法错误：{_in_chinese(exc.message)}"
                                  ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateFailure(f"{_template_place(exc, name)}: RG704 找不到模板 {exc.name}"
                                  f"（查找位置：{', '.join(map(str, self.search))}）") from None
        except jinja2.UndefinedError as exc:
            raise TemplateFailure(f"{_template_place(exc, name)}: RG702 模板使用了未定义的变量：{_in_chinese(str(exc))}"
                                  ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateFailure(f"{_template_place(exc, name)}: RG703 模板做了沙箱不允许的操作：{exc}") from None
        except Exception as exc:  # a user's template may fail in any way (1/0, int("x")); it is their input
            raise TemplateFailure(f"{_template_place(exc, name)}: RG702 模板出错：{type(exc).__name__}: {exc}"
                                  ) from None
        return "".join(line.strip() for line in text.splitlines())


# Jinja2's most frequent complaints about a template, in Chinese (others are shown as Jinja2 says them).
_JINJA = (
    (re.compile(r"^'([^']*)' is undefined$"), r"\1"),
    (re.compile(r"^'(?:[\w.]+\.)?([^'.]*?)(?: object)?' has no attribute '([^']*)'$"), r"\1 没有属性 \2"),
    (re.compile(r"^Encountered unknown tag '([^']*)'.*$", re.S), r"未知的标签 \1（或缺少与它配对的开始标签）"),
    (re.compile(r"^No filter named '([^']*)'.*$", re.S), r"没有名为 \1 的过滤器"),
    (re.compile(r"^No test named '([^']*)'.*$", re.S), r"没有名为 \1 的测试"),
    (re.compile(r"^Unexpected end of template.*$", re.S | re.I),
     "模板提前结束：缺少 {% endif %}、{% endfor %} 之类的结束标签"),
    (re.compile(r"^unexpected '([^']*)'$"), r"这里不应出现 \1"),
    (re.compile(r"^expected token '([^']*)', got '([^']*)'$"), r"这里应是 \1，却是 \2"),
)


def _in_chinese(message: str | None) -> str:
    message = message or ""
    for pattern, words in _JINJA:
        if pattern.match(message):
            return pattern.sub(words, message)
    return f"（Jinja2：{message}）"


def _template_place(exc: BaseException, name: str) -> str:
    """The template file and line a runtime error came from, read off the traceback."""
    tb = exc.__traceback__
    place = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".jinja", ".txt")):
            place = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place
