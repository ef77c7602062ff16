"""Why a YAML text does not parse: the real cause at its real place, in Chinese.

PyYAML notices a mistake where it can no longer go on, which is often far from
the mistake itself: an unclosed quote opened on line 5 is reported on line 36
as a block-end problem. When PyYAML fails, :func:`explain` first scans the
source text for the mistakes people make by hand (a small tokenizer that knows
quotes, comments, block scalars and flow brackets) and reports the first one
found at or before the place PyYAML stopped; otherwise it describes PyYAML's own
problem in Chinese, at the place PyYAML names. No parser English reaches the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml


@dataclass(frozen=True, order=True)
class Cause:
    """One located explanation: 1-based line and column, and the message."""

    line: int
    col: int
    message: str


def explain(text: str, exc: yaml.MarkedYAMLError) -> Cause:
    """The cause of PyYAML's failure `exc` on `text`."""
    mark = exc.problem_mark or exc.context_mark
    limit = (mark.line + 1, mark.column + 1) if mark else (len(text.split("\n")) + 1, 1)
    for cause in _Scanner(text).causes():
        if (cause.line, cause.col) <= limit:
            return cause
        break
    return translate(exc)


# --- what people get wrong, found in the source text -------------------------------------------------------

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_FULLWIDTH_COLON = re.compile(rf"({_KEY})[ \u3000]*([：﹕︰])")
_NO_SPACE_COLON = re.compile(rf"({_KEY}):(?=[^\s:/])")
_PLAIN_KEY = re.compile(r"""([^\s"'\[\]{},#&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)""")
_QUOTED_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:(?=[ \t]|$)""")
_STRUCTURE = re.compile(rf"[ ]*(?:- |-$|{_KEY}[ \t]*:(?:[ \t]|$))")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_CLOSERS = {"[": "]", "{": "}"}
_BRACKET_NAMES = {"[": "方括号", "{": "花括号"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shown(text: str, limit: int = 12) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


class _Scanner:
    """Walks the text line by line, as much of YAML's block structure as the usual mistakes need."""

    def __init__(self, text: str):
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]

    def causes(self) -> Iterator[Cause]:
        block_indent: int | None = None  # inside a block scalar (| or >) under a line of this indentation
        plain_indent: int | None = None  # a plain value may continue on lines indented more than this
        previous: tuple[int, str] | None = None  # indentation and content of the last line with structure
        n = 0
        while n < len(self.lines):
            line = self.lines[n]
            body = line.lstrip(" ")
            indent = len(line) - len(body)
            n += 1
            if block_indent is not None:
                if not body.strip(" \t") or indent > block_indent:
                    continue
                block_indent = None
            if not body.strip(" \t") or body.startswith("#"):
                continue
            if plain_indent is not None and indent > plain_indent and not body.startswith("\t"):
                continue  # the next line of a plain value that runs over several lines
            plain_indent = None
            if body.startswith("\t"):
                yield Cause(n, indent + 1,
                            "这一行用 Tab 键缩进了；YAML 只能用空格缩进，请把 Tab 换成空格，并与同一层的其他行对齐")
                continue
            if line.startswith(("---", "...")) and line[3:4] in ("", " ", "\t"):
                continue
            col = dash = indent
            while line.startswith("-", col) and line[col + 1:col + 2] in (" ", "\t", ""):
                dash = col
                col += 1
                while line[col:col + 1] in (" ", "\t"):
                    col += 1
            rest = line[col:]
            if not rest:
                previous = (indent, body)
                continue
            missing_space = self._dash_without_space(n, indent, rest, previous)
            if missing_space:
                yield Cause(n, col + 1, missing_space)
                previous = (indent, body)
                continue
            found = _FULLWIDTH_COLON.match(rest)
            if found and ":" not in rest[:found.start(2)]:
                yield Cause(n, col + found.start(2) + 1,
                            f"键 `{found.group(1)}` 后面用了中文冒号“{found.group(2)}”；"
                            f"键和值之间要用英文冒号加一个空格，写成“{found.group(1)}: ”")
                previous = (indent, body)
                continue
            found = _NO_SPACE_COLON.match(rest)
            if found and not rest.startswith(("http:", "https:", "ftp:", "mailto:")):
                yield Cause(n, col + found.end(1) + 1,
                            f"键 `{found.group(1)}` 的冒号后面缺少空格；写成“{found.group(1)}: ”（英文冒号加一个空格）")
                previous = (indent, body)
                continue
            previous = (indent, body)
            # A value's own lines (a block scalar's, a plain or quoted value's continuation) are indented more
            # than the mapping it belongs to: the column of its key, or of the list item's dash.
            key = _QUOTED_KEY.match(rest) or _PLAIN_KEY.match(rest)
            parent = col if key else dash
            if key:
                col += key.end()
                while line[col:col + 1] in (" ", "\t"):
                    col += 1
            value = line[col:]
            if not value or value.startswith("#"):
                continue
            if value[0] in "\"'[{":
                cause, n = self._flow(n - 1, col, parent)
                if cause:
                    yield cause
                continue
            if _BLOCK_HEADER.match(value):
                block_indent = parent
                continue
            plain_indent = parent

    def _dash_without_space(self, n: int, indent: int, rest: str, previous: tuple[int, str] | None) -> str:
        """`-工会干部` where a list item `- 工会干部` is meant: among list items, or the first under a key."""
        if not rest.startswith("-") or len(rest) < 2 or rest[1] in " \t-.0123456789" or rest[1:2].isspace():
            return ""
        following = self._next_content(n)
        in_list = (previous is not None and previous[0] == indent and previous[1].startswith(("- ", "-\t"))) \
            or (following is not None and following[0] == indent and following[1].startswith(("- ", "-\t"))) \
            or (previous is not None and previous[0] < indent and previous[1].rstrip().endswith(":"))
        if not in_list:
            return ""
        return f"列表项的短横线后面缺少空格：写成“- {_shown(rest[1:])}”（短横线、一个空格，再写内容）"

    def _next_content(self, n: int) -> tuple[int, str] | None:
        for line in self.lines[n:]:
            body = line.lstrip(" ")
            if body.strip() and not body.startswith("#"):
                return len(line) - len(body), body
        return None

    def _flow(self, row: int, col: int, indent: int) -> tuple[Cause | None, int]:
        """A value that starts with a quote or a bracket, from `row` (0-based) and `col`, whose line has
        `indent`. The cause found in it, if any, and the 0-based row after the one where it ends."""
        stack: list[tuple[str, int, int]] = []  # open brackets: the bracket, its row and column
        r, c = row, col
        while True:
            line = self.lines[r]
            if c >= len(line) or (line[c] == "#" and (c == 0 or line[c - 1] in " \t")):
                if not stack:
                    return None, r + 1
                r, c = r + 1, 0
                if r >= len(self.lines):
                    return self._unclosed(stack[-1]), r
                following = self.lines[r]
                if _STRUCTURE.match(following) and _indent(following) <= indent and following.strip() \
                        and not following.lstrip().startswith(("]", "}")):
                    return self._unclosed(stack[-1]), r
                continue
            ch = line[c]
            if ch in "\"'":
                cause, r, c = self._quoted(r, c, indent, bool(stack))
                if cause:
                    return cause, r + 1
                continue
            if ch in "[{":
                stack.append((ch, r, c))
            elif ch in "]}":
                if not stack:
                    return (Cause(r + 1, c + 1, f"多出了一个“{ch}”：前面没有与它配对的“{'[' if ch == ']' else '{'}”"),
                            r + 1)
                opener, orow, ocol = stack.pop()
                if _CLOSERS[opener] != ch:
                    return (Cause(r + 1, c + 1, f"“{ch}”与第 {orow + 1} 行第 {ocol + 1} 列的“{opener}”不配对，"
                                                f"应为“{_CLOSERS[opener]}”"), r + 1)
                if not stack:
                    junk = self._after(line, c + 1, flow=False)
                    if junk:
                        return (Cause(orow + 1, ocol + 1,
                                      f"以“{opener}”开头的值被 YAML 当成了{'列表' if opener == '[' else '映射'}，"
                                      f"它在第 {r + 1} 行第 {c + 1} 列结束，后面的“{_shown(junk)}”就多出来了；"
                                      f"这是一段文字时，请给整段文字加上引号"), r + 1)
                    return None, r + 1
            elif not stack:
                return None, r + 1  # plain text: not ours to judge
            c += 1

    def _quoted(self, row: int, col: int, indent: int, in_flow: bool) -> tuple[Cause | None, int, int]:
        """A quoted scalar opened at (`row`, `col`): a cause, or None and where scanning goes on."""
        quote = self.lines[row][col]
        r, c = row, col + 1
        inner_structure = False
        while True:
            line = self.lines[r]
            if c >= len(line):
                r, c = r + 1, 0
                if r >= len(self.lines):
                    return self._unclosed_quote(row, col), row, col
                if _STRUCTURE.match(self.lines[r]) and _indent(self.lines[r]) <= indent:
                    inner_structure = True
                continue
            ch = line[c]
            if quote == '"' and ch == "\\":
                c += 2
                continue
            if ch == quote:
                if quote == "'" and line[c + 1:c + 2] == "'":
                    c += 2
                    continue
                break
            c += 1
        junk = self._after(self.lines[r], c + 1, flow=in_flow)
        if r != row and (junk or inner_structure):
            return self._unclosed_quote(row, col), row, col
        if junk:
            other = "中文引号“”" if quote == '"' else "中文引号‘’"
            escape = "在文字里的引号前加反斜杠（\\\"）" if quote == '"' else "把文字里的单引号写两遍（''）"
            return (Cause(r + 1, c + 1,
                          f"这个引号结束了第 {col + 1} 列开始的引号文字，后面的“{_shown(junk)}”就多出来了；"
                          f"文字里要用引号时请用{other}，或{escape}"), r, c)
        return None, r, c + 1

    @staticmethod
    def _after(line: str, start: int, *, flow: bool) -> str:
        """What follows a closed quote or bracket on its line, if it cannot follow there."""
        rest = line[start:]
        stripped = rest.lstrip(" \t")
        if not stripped or (stripped.startswith("#") and stripped != rest) or stripped[0] == ":":
            return ""
        if flow and stripped[0] in ",]}":
            return ""
        return stripped

    @staticmethod
    def _unclosed_quote(row: int, col: int) -> Cause:
        return Cause(row + 1, col + 1,
                     f"第 {row + 1} 行第 {col + 1} 列的引号没有配对的结束引号：请在这段文字的末尾补上引号；"
                     "文字里要用引号时请用中文引号“”")

    @staticmethod
    def _unclosed(opener: tuple[str, int, int]) -> Cause:
        bracket, row, col = opener
        name = _BRACKET_NAMES[bracket]
        return Cause(row + 1, col + 1,
                     f"第 {row + 1} 行第 {col + 1} 列的{name}“{bracket}”没有配对的“{_CLOSERS[bracket]}”：请补上；"
                     f"如果这是一段以“{bracket}”开头的文字，请给整段文字加上引号")


# --- PyYAML's own problem, in Chinese -----------------------------------------------------------------------

_TOKENS = {
    "<scalar>": "文字", "<block mapping start>": "“键: 值”", "<block sequence start>": "列表项“- ”",
    "<block end>": "缩进的结束", "-": "列表项“- ”", ":": "冒号“:”", ",": "逗号“,”", "?": "问号“?”",
    "[": "“[”", "]": "“]”", "{": "“{”", "}": "“}”", "<alias>": "引用“*”", "<anchor>": "锚点“&”",
    "<tag>": "标签“!”", "<document start>": "“---”", "<document end>": "“...”", "<stream end>": "文件结尾",
    "<directive>": "指令“%”",
}


def _token(problem: str) -> str:
    """The token PyYAML names at the end of its problem (`…, but found '<scalar>'`), in Chinese."""
    found = re.search(r"but (?:found|got) (.+)$", problem)
    if not found:
        return "这里的内容"
    raw = found.group(1).strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    return _TOKENS.get(raw, f"“{raw}”")


_QUOTE_HINT = "文字以这个符号开头时，请给整段文字加上引号"

# (start of PyYAML's problem, use the context mark instead of the problem mark, message); {token} is filled in.
_PROBLEMS: tuple[tuple[str, bool, str], ...] = (
    ("mapping values are not allowed here", False,
     "这里不能出现“: ”（英文冒号加空格），YAML 会把它当成键和值的分隔；文字里有英文冒号时，请给整段文字加上双引号"
     "（英文的 \"，中文引号“”不算），或改用中文冒号“：”"),
    ("found character '\\t' that cannot start any token", False,
     "这里有一个 Tab 字符；YAML 不能用 Tab 缩进或分隔，请改用空格"),
    ("could not find expected ':'", True,
     "这一行应写成“键: 值”（英文冒号后加一个空格），或者它是上一项的续行但缩进不对；也请检查前面的引号是否配对"),
    ("found undefined alias", False, "引用（*名字）没有对应的定义（&名字）；文字以 * 开头时，请给整段文字加上引号"),
    ("found duplicate anchor", False, "同一个锚点名字（&名字）定义了两次，请改用不同的名字"),
    ("expected <block end>", False,
     "缩进不一致：这里的{token}与上面的行没有对齐；同一层的键或列表项要用同样多的空格缩进"),
    ("expected ',' or ']'", True,
     "这个“[”开始的列表没有正确结束：各项之间用英文逗号分隔，最后写“]”；如果这是一段以“[”开头的文字，请给整段文字加上引号"),
    ("expected ',' or '}'", True,
     "这个“{”开始的映射没有正确结束：各项之间用英文逗号分隔，最后写“}”；如果这是一段以“{”开头的文字，请给整段文字加上引号"),
    ("found unexpected end of stream", True, "这里开始的引号或括号直到文件结尾也没有配对，请补上另一半"),
    ("found unexpected document separator", True, "这里开始的引号文字没有结束，就遇到了 --- 或 ...；请补上结束的引号"),
    ("found unknown escape character", False,
     "双引号里的反斜杠 \\ 不是有效的转义；需要反斜杠本身时请写成 \\\\，或改用单引号"),
    ("expected escape sequence of", False,
     "双引号里的 \\x、\\u、\\U 后面应是十六进制数字；需要反斜杠本身时请写成 \\\\，或改用单引号"),
    ("expected a single document", False, "文件只能包含一份会议资料（这里出现了第二个 ---）"),
    ("but found another document", False, "文件只能包含一份会议资料（这里出现了第二个 ---）"),
    ("expected '<document start>'", False,
     "这里多出了无法归属的{token}：检查多余的“]”“}”或引号，以及这一行的缩进"),
    ("expected the node content", False, "这里应写一个值，却遇到了{token}；" + _QUOTE_HINT),
    ("mapping keys are not allowed here", False, "这里不能出现“? ”（问号加空格）；" + _QUOTE_HINT),
    ("sequence entries are not allowed here", False,
     "这里不能出现列表项“- ”：列表项要单独成行，与同一列表的其他项对齐；文字里有“- ”时请给整段文字加上引号"),
    ("expected alphabetic or numeric character", False, "“&”或“*”后面应紧跟名字（字母或数字）；" + _QUOTE_HINT),
    ("expected a comment or a line break", False, "“|”“>”或“%”这一行后面只能写注释；" + _QUOTE_HINT),
    ("expected indentation indicator", False, "“|”或“>”后面只能跟 -、+ 或 1–9 的数字；" + _QUOTE_HINT),
    ("expected chomping or indentation indicators", False, "“|”或“>”后面只能跟 -、+ 或 1–9 的数字；" + _QUOTE_HINT),
)
# Problems with tags (`!`) and directives (`%`): anything else PyYAML says while reading one.
_TAG = "以“!”开头的写法是 YAML 标签，这里写法不对；" + _QUOTE_HINT
_DIRECTIVE = "以“%”开头的行是 YAML 指令，这里写法不对；" + _QUOTE_HINT
_OTHER = "YAML 格式有误：请检查这里的写法（引号、括号是否配对，缩进是否对齐，冒号后是否有空格）"


def translate(exc: yaml.MarkedYAMLError) -> Cause:
    """PyYAML's problem in Chinese, at the place it names."""
    problem, context = exc.problem or "", exc.context or ""
    use_context, message = False, _OTHER
    if "directive" in context or "YAML document" in problem or "YAML directive" in problem:
        use_context, message = True, _DIRECTIVE
    elif " a tag" in context or "tag handle" in problem or "URI" in problem:
        use_context, message = True, _TAG
    else:
        for prefix, at_context, text in _PROBLEMS:
            if problem.startswith(prefix):
                use_context, message = at_context, text.replace("{token}", _token(problem))
                break
    mark = (exc.context_mark if use_context else None) or exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if problem.startswith("found unknown escape character") and col > 1:
        col -= 1  # at the backslash, not the letter after it
    return Cause(line, col, message)
