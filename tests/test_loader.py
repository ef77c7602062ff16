"""Reading inputs: encodings, safe YAML only, bounded expansion, and exact places inside strings."""

from __future__ import annotations

import time

import pytest

from reportgen.diagnostics import InputError
from reportgen.loader import decode, load_file, load_text


def _codes(exc: InputError) -> list[tuple[int, int, str]]:
    return [(d.line, d.col, d.code) for d in exc.diagnostics]


def test_duplicate_key_is_an_error_at_the_second_key():
    loaded = load_text("meeting:\n  name: 甲\n  year: 2023\n  name: 乙\n", "f.yaml")
    assert [(d.line, d.col, d.code, d.path) for d in loaded.errors] == [(4, 3, "RG103", "meeting.name")]
    assert "第一次在第 2 行" in loaded.errors[0].message
    assert loaded.data == {"meeting": {"name": "甲", "year": 2023}}


@pytest.mark.parametrize("text", ["a: !!python/object/apply:os.system ['echo hi']\n",
                                  "a: !!python/name:os.system\n", "a: !custom 1\n", "<<: {a: 1}\n"])
def test_object_constructing_and_unknown_tags_are_refused(text):
    loaded = load_text(text, "f.yaml")
    assert [d.code for d in loaded.errors] == ["RG104"]
    assert loaded.errors[0].line == 1


def test_billion_laughs_fails_fast_with_a_clear_error():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert time.process_time() - started < 10  # a bound, not a speed target: unbounded would never end
    assert [d.code for d in caught.value.diagnostics] == ["RG105"]
    assert "别名" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("depth", [100, 5000])
def test_deep_nesting_fails_cleanly(depth):
    with pytest.raises(InputError) as caught:
        load_text("a: " + "[" * depth + "]" * depth + "\n", "deep.yaml")
    assert [d.code for d in caught.value.diagnostics] == ["RG105"]


def test_yaml_syntax_error_is_located_and_explained_in_chinese():
    with pytest.raises(InputError) as caught:
        load_text("meeting:\n  name: 会议: 总结\n", "f.yaml")
    (diag,) = caught.value.diagnostics
    assert (diag.line, diag.col, diag.code) == (2, 11, "RG101")
    assert "请给整段文字加上双引号" in diag.message


@pytest.mark.parametrize(("text", "col"), [("a: x\t# c\n", 5), ("a:\tx\n", 3), ("a: 深科技\t总工会\n", 7),
                                           ("a\t: x\n", 2)])
def test_tab_characters_are_refused_at_their_place(text, col):
    """PyYAML's rules (libyaml would take these, and put the Tab into the report's text)."""
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml")
    assert _codes(caught.value) == [(1, col, "RG101")]
    assert "Tab" in caught.value.diagnostics[0].message


def test_raw_control_character_is_an_error_at_its_place():
    with pytest.raises(InputError) as caught:
        load_text("a: 甲乙\x07丙\n", "f.yaml")
    assert _codes(caught.value) == [(1, 6, "RG210")]
    assert "U+0007" in caught.value.diagnostics[0].message


def test_utf8_with_and_without_bom_read_silently():
    for raw in ("a: 会议\n".encode(), b"\xef\xbb\xbf" + "a: 会议\n".encode()):
        decoded = decode(raw, "f.yaml")
        assert decoded.text == "a: 会议\n" and decoded.warnings == []


def test_gb18030_file_is_read_with_a_warning_naming_the_encoding(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("meeting:\n  name: 深科技总工会会议\n".encode("gb18030"))
    loaded = load_file(path)
    assert loaded.data == {"meeting": {"name": "深科技总工会会议"}}
    assert [(w.code, w.severity) for w in loaded.warnings] == [("RG110", "warning")]
    assert "GB18030" in loaded.warnings[0].message


def test_utf16_file_with_bom_is_read_with_a_warning(tmp_path):
    path = tmp_path / "u16.yaml"
    path.write_bytes("a: 会议\n".encode("utf-16"))
    loaded = load_file(path)
    assert loaded.data == {"a": "会议"} and [w.code for w in loaded.warnings] == ["RG110"]


def test_undecodable_bytes_are_an_error_with_the_byte_offset(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: ok\nb: \xff\xfe\xff\n")
    with pytest.raises(InputError) as caught:
        load_file(path)
    (diag,) = caught.value.diagnostics
    assert (diag.line, diag.col, diag.code) == (2, 4, "RG102")
    assert "第 9 字节（0xFF）" in diag.message


def test_damaged_utf8_is_an_error_not_gb18030_mojibake(tmp_path):
    path = tmp_path / "damaged.yaml"
    good = "a: 深科技总工会召开会议\n".encode()
    path.write_bytes(good + b"b: \xe4\xb8\n" + good.replace(b"a:", b"c:"))
    with pytest.raises(InputError) as caught:
        load_file(path)
    (diag,) = caught.value.diagnostics
    assert (diag.line, diag.col, diag.code) == (2, 4, "RG102")


def test_missing_input_and_folder_as_input(tmp_path):
    for path, words in ((tmp_path / "nope.yaml", "找不到输入文件"), (tmp_path, "这是一个文件夹")):
        with pytest.raises(InputError) as caught:
            load_file(path)
        assert caught.value.diagnostics[0].code == "RG001"
        assert words in caught.value.diagnostics[0].message


LOCATE = """\
plain: 中文,中文
double: "a\\u00e9\\t中文,中"
single: 'it''s 中文,文'
literal: |
  第一行
  第二行,有逗号
folded: >
  第一行
  第二行,有逗号
multi: 第一行
  第二行,有逗号
"""


@pytest.mark.parametrize(("key", "char", "where"), [
    ("plain", ",", (1, 10)),
    ("double", ",", (2, 21)),
    ("single", ",", (3, 18)),
    ("literal", ",", (6, 6)),
    ("folded", ",", (8, 3)),  # folded scalars: the first line of the text
    ("multi", ",", (10, 8)),  # multi-line plain scalars: where the text starts
])
def test_locate_finds_the_character_inside_the_scalar(key, char, where):
    loaded = load_text(LOCATE, "f.yaml")
    offset = loaded.data[key].index(char)
    assert loaded.locate((key,), offset) == where
    line, col = where
    if key not in ("folded", "multi"):
        assert LOCATE.splitlines()[line - 1][col - 1] == char
