"""YAML syntax errors name the real cause at its real place, in Chinese (issue 15).

Before: an unclosed quote opened on one line was blamed on a line far below as an indentation problem,
a full-width colon or `-item` on the next line, and every message ended with PyYAML's English.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reportgen.diagnostics import InputError
from reportgen.loader import load_text

INPUTS = Path(__file__).resolve().parent.parent / "inputs"
ENGLISH = re.compile(r"expected|found|mapping|scanning|parsing|while|token|could not|allowed|<|stream", re.I)

UNCLOSED = ("meeting:\n  name: 会议\n  year: 2023\n  date: 2023-12-01\n  organiser: \"深科技总工会\n"
            "  purpose:\n    - 总结\n  attendees:\n    people:\n      - name: 邱胜\n"
            "sections:\n  - type: paragraphs\n    heading: \"工作\"\n    paragraphs:\n      - 好\n")


def _error(text: str) -> tuple[int, int, str]:
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml")
    (diag,) = caught.value.diagnostics
    assert diag.code == "RG101"
    assert not ENGLISH.search(diag.message), diag.message
    return diag.line, diag.col, diag.message


@pytest.mark.parametrize(("text", "where", "words"), [
    (UNCLOSED, (5, 14), "第 5 行第 14 列的引号没有配对的结束引号"),
    ('a: 1\nb: "abc\n', (2, 4), "第 2 行第 4 列的引号没有配对"),
    ("a: 'abc\nb: 1\nc: 'x'\n", (1, 4), "引号没有配对"),
    ('meeting:\n  name: "他说"好"的"\n  year: 1\n', (2, 12), "后面的“好\"的\"”就多出来了"),
    ('a: 1\ntitle: "十四五"规划\n', (2, 12), "中文引号"),
    ("meeting:\n  name: x\n  organiser：深科技总工会\n  year: 2024\n", (3, 12), "英文冒号加一个空格"),
    ("organiser：深科技总工会\nyear: 2024\n", (1, 10), "中文冒号“：”"),
    ("  - a: 1\n    name：x\n    b: 2\n", (2, 9), "`name` 后面用了中文冒号"),
    ("meeting:\n  year:2024\n  name: x\n", (2, 7), "冒号后面缺少空格"),
    ("groups:\n  - 甲\n  -工会干部\n  - 乙\nx: 1\n", (3, 3), "写成“- 工会干部”"),
    ("meeting:\n\tname: x\n", (2, 1), "Tab 键缩进"),
    ("meeting:\n  name: x\n \t year: 1\n", (3, 2), "Tab 键缩进"),
    ("a: [1, 2\nb: 3\n", (1, 4), "方括号“[”没有配对的“]”"),
    ("a: {x: 1\nb: 3\n", (1, 4), "花括号“{”没有配对的“}”"),
    ("a: [1, 2}\n", (1, 9), "不配对"),
    ("a: 1\ntitle: [2024]年度总结\n", (2, 8), "请给整段文字加上引号"),
    # PyYAML's own findings, described in Chinese where PyYAML stopped
    ("meeting:\n  name: 会议: 总结\n", (2, 11), "请给整段文字加上双引号"),
    ("a:\n  b: 1\n c: 2\n", (3, 2), "缩进不一致"),
    ("a: *nothing\n", (1, 4), "没有对应的定义"),
    ('a: "\\q"\n', (1, 5), "不是有效的转义"),
    ("a: 1\n---\nb: 2\n", (2, 1), "只能包含一份"),
    ("a: [1, , 2]\n", (1, 8), "应写一个值"),
    ("a: !<x y> 1\n", (1, 4), "标签"),
    ("%FOO\n---\na: 1\n%\n", (4, 1), ""),
])
def test_syntax_error_names_the_cause_at_its_place_in_chinese(text, where, words):
    line, col, message = _error(text)
    assert (line, col) == where, message
    assert words in message


def _mutations(lines: list[str]):
    """Each common slip applied to one line of a good input: (name, line index, expected column, new line)."""
    for i, line in enumerate(lines):
        item = re.match(r"^(\s*(?:- )?)([a-z_]+): (\S.*)$", line)
        if item and item.group(3)[0] not in "\"'[{|>&*#":
            pre, key, value = item.groups()
            yield "unclosed quote", i, len(pre + key) + 3, f'{pre}{key}: "{value}'
            yield "full-width colon", i, len(pre + key) + 1, f"{pre}{key}：{value}"
            yield "no space after colon", i, len(pre + key) + 1, f"{pre}{key}:{value}"
            if len(value) > 1:
                yield "stray quote", i, len(pre + key) + 5, f'{pre}{key}: "{value[0]}"{value[1:]}"'
        entry = re.match(r"^(\s*)- (\S.*)$", line)
        if entry and not re.match(r"[a-z_]+:", entry.group(2)):
            yield "dash without space", i, len(entry.group(1)) + 1, f"{entry.group(1)}-{entry.group(2)}"
        if line.startswith("  ") and line.strip():
            yield "tab indentation", i, 1, "\t" + line[2:]


@pytest.mark.parametrize("source", sorted(INPUTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_slip_in_the_examples_is_reported_on_its_own_line(source):
    """Built for the class of fault: every slip that breaks the YAML, on any line of every example."""
    lines = source.read_text(encoding="utf-8").split("\n")
    tried = 0
    for name, i, col, new in _mutations(lines):
        text = "\n".join([*lines[:i], new, *lines[i + 1:]])
        try:
            load_text(text, "f.yaml")
        except InputError as exc:
            (diag,) = exc.diagnostics
            assert (diag.line, diag.col) == (i + 1, col), (name, new, diag.format())
            assert not ENGLISH.search(diag.message), diag.message
            tried += 1
    assert tried > 50


@pytest.mark.parametrize("source", sorted(INPUTS.glob("*.yaml"))[:2], ids=lambda p: p.stem)
def test_damaged_inputs_never_show_parser_english(source):
    """Truncated and garbled copies of the examples: every syntax error is Chinese, located inside the text."""
    text = source.read_text(encoding="utf-8")
    rng = random.Random(15)
    for _ in range(300):
        at = rng.randrange(len(text))
        damaged = text[:at] + rng.choice(['"', "'", "[", "{", "]", ":", "\t", "- ", "：", "#", "&", "!", "|", "%"]) \
            + text[at + rng.choice([0, 1]):]
        try:
            load_text(damaged, "f.yaml")
        except InputError as exc:
            for diag in exc.diagnostics:
                assert not ENGLISH.search(diag.message), (damaged[max(0, at - 40):at + 40], diag.message)
                assert 1 <= diag.line <= damaged.count("\n") + 2


def test_next_year_from_a_broken_file_names_the_cause_in_chinese(tmp_path):
    from reportgen.yearly import next_year

    source = tmp_path / "a.yaml"
    source.write_text('meeting:\n  year: 2023\n  name: "会议\n  date: 2023-12-01\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        next_year(source, 2024)
    (diag,) = caught.value.diagnostics
    assert (diag.line, diag.col, diag.code) == (3, 9, "RG101")
    assert "引号没有配对" in diag.message and not ENGLISH.search(diag.message)


def test_a_dash_item_read_as_more_text_of_the_item_above_is_an_error_at_its_line():
    """`-工会干部` indented under `- 总结工作` is valid YAML (one text: 总结工作 -工会干部), never what was meant."""
    loaded = load_text("meeting:\n  purpose:\n    - 总结工作\n      -工会干部\n  name: x\n", "f.yaml")
    assert [(d.line, d.col, d.code, d.path) for d in loaded.errors] == [(4, 7, "RG101", "meeting.purpose[0]")]
    assert "写成“- 工会干部”" in loaded.errors[0].message
    multi = load_text("intro: 第一行\n  -5 度也算\n  --不算\n", "f.yaml")
    assert multi.errors == []
