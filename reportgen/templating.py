"""Jinja2 text templates for the sentences that recur every year.

Input text is only ever passed to templates as data, never compiled as a
template, so `{{ 7*7 }}` in a paragraph prints as written. Templates run in a
sandbox with undefined variables as errors, and render to one line of text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

from .caches import memo
from .cjk.dates import zh_date, zh_month_day
from .cjk.numerals import zh_number
from .diagnostics import Diagnostic
from .resources import builtin_templates, cache_dir, read_entry, write_entry


class TemplateFailure(Exception):
    """A template could not render: `diagnostic` names the template file and line and carries the code: RG701
    syntax error, RG702 undefined variable or other error while rendering, RG703 refused by the sandbox, RG704 a
    template (or one it includes) not found, RG705 over a limit (`Limits`). Printed `file:line: RG7xx 消息`."""

    def __init__(self, place: tuple[str, int], code: str, message: str):
        file, line = place
        self.diagnostic = Diagnostic(file, line, 0, code, message)
        super().__init__(f"{file}:{line}: {code} {message}" if line else f"{file}: {code} {message}")


# What one rendering may do: a template makes one sentence or paragraph, never megabytes or billions of steps.
MAX_TEXT = 100_000        # characters a template may render, and the longest string or list it may build
MAX_STEPS = 2_000_000     # template source lines run in one rendering (loops count every pass)
MAX_NUMBER_BITS = 4_096   # the largest number `**` may make


class LimitExceeded(Exception):
    """A template went over one of the limits above; the message (Chinese) says which."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


class _Code(CodeGenerator):
    """Jinja2's code generator, with every `~` passed through `_Sandbox.bounded_text`."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja2 names it)
        self.write("environment.bounded_text(")
        super().visit_Concat(node, frame)
        self.write(")")


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, also bounded in size: `*` and `+` may not build a string or list over MAX_TEXT, `**`
    no number over MAX_NUMBER_BITS bits, ranges no longer than MAX_TEXT, and no call (method, filter) may be
    given a number over MAX_TEXT (`"x".center(10**9)`). Constant folding of these operators is off (the sandbox
    sees them when the template runs, not while it is compiled)."""

    intercepted_binops = frozenset({"*", "+", "**"})
    code_generator_class = _Code

    @staticmethod
    def bounded_text(text: Any) -> Any:
        """`~` (joining texts) checked after each join, so doubling a text never gets far."""
        if _size(text) > MAX_TEXT:
            raise LimitExceeded(f"连接得到的文字超过 {MAX_TEXT} 个字符")
        return text

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if (isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
                    and right * max(abs(left).bit_length() - 1, 1) > MAX_NUMBER_BITS):
                raise LimitExceeded(f"乘方 {left} ** {right} 的结果太大")
            return super().call_binop(context, operator, left, right)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and isinstance(times, int) and _size(seq) * times > MAX_TEXT:
                    raise LimitExceeded(f"重复 {times} 次得到的文字或列表超过 {MAX_TEXT} 项")
        elif _size(left) + _size(right) > MAX_TEXT:
            raise LimitExceeded(f"连接得到的文字或列表超过 {MAX_TEXT} 项")
        return super().call_binop(context, operator, left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        return super().call(context, obj, *args, **kwargs)


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise LimitExceeded(f"传给函数或过滤器的数 {value} 太大（上限 {MAX_TEXT}）")


def _bounded(function: Any) -> Any:
    """A filter that refuses numbers over MAX_TEXT among its arguments (the value filtered itself aside), a
    join that would make a text over MAX_TEXT, and any text or list over MAX_TEXT it makes."""
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0  # a context or environment comes before the value

    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[skip], args[skip + 1:]) if len(args) > skip else (None, ())
        _check_arguments(rest, kwargs)
        texts = [a for a in (*rest, *kwargs.values()) if isinstance(a, str)]
        if isinstance(value, list | tuple | range) and texts and len(value) * (max(map(len, texts)) + 1) > MAX_TEXT:
            raise LimitExceeded(f"用过滤器连接得到的文字超过 {MAX_TEXT} 个字符")
        result = function(*args, **kwargs)
        if _size(result) > MAX_TEXT:
            raise LimitExceeded(f"过滤器得到的文字或列表超过 {MAX_TEXT} 项")
        return result

    if skip:
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


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
    compares each with its source, so an edited template is compiled again. Each entry is sealed with its
    checksum (`resources.read_entry`): damaged code is never loaded into the interpreter, the template is
    compiled again and the entry replaced. A cache that cannot be read or written is passed over."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        payload = read_entry(Path(self._get_cache_filename(bucket)))
        if payload is not None:
            with contextlib.suppress(Exception):  # sealed by another version of Jinja2: compile again
                bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_entry(Path(self._get_cache_filename(bucket)), bucket.bytecode_to_string())


def _compiled_templates(options: dict[str, Any]) -> jinja2.BytecodeCache | None:
    """The cache for an environment with `options`: Jinja2 keys entries by template and source only, so
    code compiled by another version of reportgen, or with other options, lives in another folder."""
    from . import __version__

    key = zlib.crc32(repr((__version__, "bounded-concat", "sealed", sorted(options.items(), key=str))).encode())
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
        self.env = _Sandbox(
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
        self.env.filters.update({name: _bounded(f) for name, f in self.env.filters.items()})
        self.env.globals["range"] = _range
        self._traced: dict[str, bool] = {}

    def _needs_tracing(self, name: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether rendering `name` may run a user's template code (its own file, or one it includes, imports
        or extends found in a user folder): only that is counted step by step (`_render`); our built-in
        templates are trusted and run untraced. A reference not known before rendering counts as a user's."""
        if name in self._traced:
            return self._traced[name]
        if len(self.search) == 1:  # no folder of the user's: every template found, and all it uses, is built in
            return False
        try:
            source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            return True
        builtin = filename is not None and Path(filename).resolve().is_relative_to(self.search[-1].resolve())
        traced = not builtin or any(ref is None or (ref not in seen and self._needs_tracing(ref, seen | {name}))
                                    for ref in _references(source))
        self._traced[name] = traced
        return traced

    def render(self, name: str, **context: Any) -> str:
        """Render `name` to a single line: template line breaks are layout, not text.

        Any failure is a `TemplateFailure` whose message is `file:line: RG7xx …` (the template's file and line).
        """
        where = name
        try:
            template = self.env.get_template(name)
            where = template.filename or name
            text = _render(template, context, traced=self._needs_tracing(name))
        except LimitExceeded as exc:
            raise TemplateFailure(_template_place(exc, where), "RG705", f"模板的运算超出限制：{exc}") from None
        except RecursionError as exc:
            raise TemplateFailure(_template_place(exc, name), "RG705", "模板的运算超出限制：宏或 include "
                                  "调用自己，递归过深") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure((exc.filename or name, exc.lineno), "RG701",
                                  f"模板语法错误：{_in_chinese(exc.message)}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateFailure(_template_place(exc, name), "RG704", f"找不到模板 {exc.name}"
                                  f"（查找位置：{', '.join(map(str, self.search))}）") from None
        except jinja2.UndefinedError as exc:
            raise TemplateFailure(_template_place(exc, name), "RG702",
                                  f"模板使用了未定义的变量：{_in_chinese(str(exc))}") from None
        except UnicodeDecodeError:  # Jinja reads template files as UTF-8; one saved as GBK or UTF-16 fails here
            found = next((str(folder / name) for folder in self.search if (folder / name).is_file()), name)
            raise TemplateFailure((found, 0), "RG701", "模板文件不是 UTF-8 编码的文字（可能存成了 GBK 或 UTF-16）；"
                                  "请用文本编辑器以 UTF-8 编码另存") from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateFailure(_template_place(exc, name), "RG703", "模板做了沙箱不允许的操作（访问内部属性或调用"
                                  "不安全的方法）；模板只用来排文字，请删去这样的写法") from None
        except Exception as exc:  # a user's template may fail in any way (1/0, int("x")); it is their input
            raise TemplateFailure(_template_place(exc, name), "RG702", f"模板出错：{type(exc).__name__}: {exc}"
                                  ) from None
        return "".join(line.strip() for line in text.splitlines())


def templates_for(search: Iterable[Path]) -> Templates:
    """The templates for a build that looks in `search` (user folders; those that do not exist are passed over):
    with none of the user's, the built-in set, kept between builds of a process (their compiled code is loaded
    once, not at every rebuild of a live preview); with the user's, looked up afresh."""
    folders = [p for p in search if p.is_dir()]
    return Templates(folders) if folders else _builtin_only()


@memo(1, group="files")
def _builtin_only() -> Templates:
    return Templates()


@memo(256, group="files")
def _references(source: str) -> tuple[str | None, ...]:
    """The templates `source` includes, imports or extends by name (None: one named only when it renders)."""
    try:
        return tuple(jinja2.meta.find_referenced_templates(jinja2.Environment().parse(source)))
    except jinja2.TemplateSyntaxError:
        return (None,)


def _range(*args: int) -> range:
    """`range` for templates: at most MAX_TEXT numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_TEXT:
        raise LimitExceeded(f"range 的长度 {len(numbers)} 超过上限 {MAX_TEXT}")
    return numbers


def _render(template: jinja2.Template, context: dict[str, Any], *, traced: bool = True) -> str:
    """The template's text, counted as it is made: over MAX_TEXT characters, or (`traced`: a user's template
    code) MAX_STEPS lines of template code run (a loop inside a loop that makes nothing counts too), is
    LimitExceeded. The steps are counted by a line tracer on the template's own code only; whatever tracer was
    there before is put back."""
    steps = 0
    template_file = template.filename or ""

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
            if steps > MAX_STEPS:
                raise LimitExceeded(f"运行了超过 {MAX_STEPS} 步（循环次数太多）")
        return local

    def trace(frame: Any, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        if filename == template_file or filename.endswith((".j2", ".jinja", ".txt")):
            return local
        return None

    previous = sys.gettrace()
    if traced:
        sys.settrace(trace)
    try:
        pieces, size = [], 0
        for piece in template.generate(**context):
            size += len(piece)
            if size > MAX_TEXT:
                raise LimitExceeded(f"生成的文字超过 {MAX_TEXT} 个字符")
            pieces.append(piece)
    finally:
        if traced:
            sys.settrace(previous)
    return "".join(pieces)


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


def _template_place(exc: BaseException, name: str) -> tuple[str, int]:
    """The template file and line a runtime error came from, read off the traceback (line 0: not known)."""
    tb = exc.__traceback__
    place = (name, 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".jinja", ".txt")):
            place = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return place
