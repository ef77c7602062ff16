"""Messages that say the right thing (issue 15): non-YAML inputs, argparse in Chinese, option checks,
values shown as written, a word on success."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from reportgen.cli import main
from reportgen.diagnostics import InputError

from .conftest import EXAMPLE, ROOT
from .lintkit import run

JPEG = next((ROOT / "inputs" / "images").glob("*.jpg"))


def _zip(path: Path, names: list[str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def word(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("深科技总工会2023年度工作会议")
    path = tmp_path / "会议 纪要.docx"
    document.save(str(path))
    return path


def test_a_word_file_as_input_is_told_how_to_convert_it(word, capsys):
    for command in ("build", "check"):
        status, _out, err = run(capsys, command, str(word), *(["-o", str(word.parent / "out")] if command == "build"
                                                             else []))
        assert status == 1
        assert err.splitlines() == [
            f"{word}: RG107 这是 Word 文件，不是 YAML 输入文件：请先把它转换为输入文件"
            f"（reportgen import '会议 纪要.docx' -o '会议 纪要.yaml'），核对后再生成"]


@pytest.mark.parametrize(("name", "make", "kind"), [
    ("a.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), "PDF 文件"),
    ("a.xlsx", lambda p: _zip(p, ["[Content_Types].xml", "xl/workbook.xml"]), "Excel 文件"),
    ("a.zip", lambda p: _zip(p, ["a.yaml"]), "zip 压缩文件"),
    ("a.jpg", lambda p: p.write_bytes(JPEG.read_bytes()), "JPEG 图片"),
    ("a.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40)), "PNG 图片"),
    ("a.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "旧版 Word 文件"),
    ("a.yaml", lambda p: p.write_bytes(b"meeting:\x00\x01\x02" + bytes(100)), "二进制文件"),
])
def test_other_files_as_input_are_named_never_re_save_as_utf8(tmp_path, capsys, name, make, kind):
    path = tmp_path / name
    make(path)
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1
    (line,) = err.splitlines()
    assert line.startswith(f"{path}: RG107 这是") and kind in line and "不是 YAML 输入文件" in line
    assert "UTF-8" not in line


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("where", ["value", "line start", "key", "two"])
def test_a_nul_byte_in_a_text_input_is_rg210_at_its_place(tmp_path, capsys, encoding, where):
    """A stray NUL in an otherwise good input (a damaged save, a paste) is a control character at its line
    and column, not "a binary file"."""
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("  organiser:"))
    col = {"value": len("  organiser: 深科技"), "line start": 0, "key": 4, "two": 14}[where]
    lines[row] = lines[row][:col] + "\x00" + lines[row][col:]
    if where == "two":
        lines[row + 1] = "\x00" + lines[row + 1]
    path = tmp_path / "a.yaml"
    path.write_bytes("\n".join(lines).encode(encoding))
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1 and "RG107" not in err and "二进制" not in err, err
    assert f"{path}:{row + 1}:{col + 1}: RG210 " in err and "U+0000" in err, err


def test_utf16_without_bom_is_still_an_encoding_problem(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_bytes("meeting:\n  name: 会议\n".encode("utf-16-le"))
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1 and "RG107" not in err


ARGPARSE_ENGLISH = re.compile(r"usage|positional|options|argument|required|invalid|choose|unrecognized|expected"
                              r"|show this|show program|error|ambiguous|not allowed", re.IGNORECASE)


@pytest.mark.parametrize("argv", [
    [], ["bild"], ["build"], ["build", "a.yaml", "-f", "odt"], ["build", "a.yaml", "--lang", "en"],
    ["build", "a.yaml", "-j", "x"], ["build", "a.yaml", "-o"], ["build", "a.yaml", "--kind", "minute"],
    ["check"], ["check", "a.yaml", "--nope"], ["new", "--from", "a.yaml"], ["new", "--from"],
    ["new", "--from", "a.yaml", "--year", "明年", "-o", "b.yaml"], ["build", "a.yaml", "--fo", "x"],
    ["init", "a", "b"],
])
def test_usage_errors_are_chinese_and_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("用法：reportgen") and "错误：" in err
    assert not ARGPARSE_ENGLISH.search(err), err


def test_a_wrong_command_or_choice_gets_a_suggestion(capsys):
    cases = ((["bild"], "是否应为 build？"), (["build", "a.yaml", "--kind", "minute"], "是否应为 minutes？"))
    for argv, words in cases:
        with pytest.raises(SystemExit):
            main(argv)
        assert words in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["-h"], ["build", "-h"], ["check", "--help"], ["new", "-h"], ["init", "-h"],
                                  ["fonts", "-h"], ["--version"]])
def test_help_is_chinese(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    out, _err = capsys.readouterr()
    assert not ARGPARSE_ENGLISH.search(out), out
    if argv != ["--version"]:
        assert out.startswith("用法：reportgen") and "选项：" in out and "显示这段帮助并退出" in out


def test_argparse_is_left_as_it_was():
    """The Chinese texts are in place only while our parser works: other code in the process is untouched."""
    import argparse

    with pytest.raises(SystemExit):
        main(["-h"])
    assert argparse._("usage: ") == "usage: "


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_templates_option_must_name_a_folder(tmp_path, capsys, kind):
    folder = tmp_path / "模板"
    if kind == "file":
        folder.write_text("x", encoding="utf-8")
    status, out, err = run(capsys, "build", str(EXAMPLE), "--templates", str(folder), "-o", str(tmp_path / "out"))
    assert (status, out) == (2, "")
    assert f"--templates {folder}：{'文件夹不存在' if kind == 'missing' else '不是文件夹'}" in err
    assert not (tmp_path / "out").exists()


def test_a_misspelt_style_gets_the_nearest_preset_names(tmp_path, capsys):
    status, _out, err = run(capsys, "build", str(EXAMPLE), "--style", "nwes", "-o", str(tmp_path / "out"))
    assert status == 1
    assert "RG501 找不到样式 `nwes`；是否应为 `news`？（可用的样式：news、official；" in err


@pytest.mark.parametrize("year", [2023, 2020])
def test_new_refuses_a_year_not_after_the_source(tmp_path, capsys, year):
    target = tmp_path / "next.yaml"
    status, out, err = run(capsys, "new", "--from", str(EXAMPLE), "--year", str(year), "-o", str(target))
    assert (status, out) == (1, "")
    line = next(n for n, text in enumerate(EXAMPLE.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("year:"))
    assert err.startswith(f"{EXAMPLE}:{line}:9: RG130 原文件总结的是 2023 年度，"
                          f"--year {year} 应在它之后（例如 --year 2024）")
    assert not target.exists()


def _messages(text: str) -> list[str]:
    from reportgen.loader import load_text
    from reportgen.validate import validate

    with pytest.raises(InputError) as caught:
        validate(load_text(text, "f.yaml"))
    return [d.message for d in caught.value.diagnostics]


MEETING = ("meeting:\n  date: 2024-02-28\n  year: 2023\n  organiser: 深科技总工会\n  name: 会议\n"
           "  purpose: {purpose}\n  attendees:\n    people:\n      - name: 邱胜\n    count: {count}\n"
           "kind: {kind}\nsections:\n  - type: {type}\n")


@pytest.mark.parametrize(("fields", "shown"), [
    ({"purpose": "总结工作"}, "实际是「总结工作」；列表的每一项单独一行，写成“- 总结工作”"),
    ({"purpose": "-工会干部"}, "写成“- 工会干部”（短横线后加一个空格）"),
    ({"count": "0"}, "取值 0 超出范围（应大于 0）"),
    ({"kind": "memo"}, "取值「memo」无效，可选：report、minutes"),
    ({"type": "leed"}, "未知的部分类型「leed」"),
    ({"count": "'六十八'"}, "实际是「六十八」"),
])
def test_values_are_shown_as_written_never_as_python_repr(fields, shown):
    values = {"purpose": "[总结]", "count": "68", "kind": "report", "type": "lead"} | fields
    messages = _messages(MEETING.format(**values))
    assert any(shown in m for m in messages), messages
    assert not any(re.search(r"'[^']*'|Input should|or '", m) for m in messages), messages


def test_check_says_one_line_per_file_also_when_all_is_well(tmp_path, capsys):
    from .lintkit import write_input

    clean = write_input(tmp_path / "clean.yaml", ["会议召开。"])
    fixable = write_input(tmp_path / "fixable.yaml", ["会议召开,总结工作。"])
    status, out, _err = run(capsys, "check", str(clean), str(fixable))
    assert status == 0
    assert out.splitlines() == [f"{clean}：没有发现问题", f"{fixable}：没有错误，1 条警告"]
    status, out, _err = run(capsys, "check", "--fix", str(clean), str(fixable))
    assert status == 0
    assert out.splitlines()[0] == f"{clean}：没有发现问题"
    assert out.splitlines()[-1] == f"{fixable}：已修正 1 处；没有发现问题"


def test_failures_around_the_input_carry_a_code(tmp_path, capsys, monkeypatch):
    """Output folder (RG801), options given to the API (RG011), environment (RG805): never a plain string."""
    from reportgen.pipeline import BuildFailure, build

    (tmp_path / "out").write_text("x", encoding="utf-8")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 1 and err.startswith(f"{EXAMPLE}: RG801 输出位置")
    for options in ({"formats": ["odt"]}, {"lang": "en"}, {"kind": "memo"}):
        with pytest.raises(BuildFailure, match=r"^RG011 不支持的"):
            build(EXAMPLE, tmp_path / "o", **options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "昨天")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "o"))
    assert status == 1 and err.startswith(f"{EXAMPLE}: RG805 环境变量 SOURCE_DATE_EPOCH") and "「昨天」" in err


@pytest.mark.parametrize(("template", "words"), [
    ("{{ meeting.nosuch }}\n", "Meeting 没有属性 nosuch"),
    ("\n{{ nosuchvar }}\n", "未定义的变量：nosuchvar"),
    ("{% foo %}\n", "未知的标签 foo"),
    ('{{ "a" | nosuchfilter }}\n', "没有名为 nosuchfilter 的过滤器"),
    ("{% if x %}\n", "模板提前结束"),
])
def test_template_errors_say_what_is_wrong_in_chinese(tmp_path, capsys, template, words):
    folder = tmp_path / "tpl" / "sections"
    folder.mkdir(parents=True)
    (folder / "lead.j2").write_text(template, encoding="utf-8")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "--templates", str(tmp_path / "tpl"),
                            "-o", str(tmp_path / "out"))
    assert status == 1
    assert re.search(rf"{re.escape(str(folder / 'lead.j2'))}:\d+: RG70\d ", err) and words in err, err
    assert not re.search(r"is undefined|has no attribute|Encountered|No filter|Unexpected end", err), err


def test_a_malformed_preset_is_located_and_explained_in_chinese(tmp_path, capsys):
    styles = tmp_path / "tpl" / "styles"
    styles.mkdir(parents=True)
    (styles / "official.yaml").write_text("sizes:\n  body: 16\n  title：22\n  heading1: 16\n", encoding="utf-8")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "--templates", str(tmp_path / "tpl"),
                            "-o", str(tmp_path / "out"))
    assert status == 1
    assert err.startswith(f"{styles / 'official.yaml'}:3:8: RG502 样式文件不是有效的 YAML："
                          "键 `title` 后面用了中文冒号"), err
    assert not re.search(r"expected|found|while|mapping", err)


# -- messages a new user met (issue 20) ----------------------------------------------------------------------

def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "a.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if line.lstrip().startswith(start))


@pytest.mark.parametrize(("old", "new", "start"), [
    ("  name: 2023年度工作总结及评比会议", "  name: “2023年度工作总结及评比会议”", "name: “"),
    ("    - 总结交流2023年度工作", "    - “总结交流2023年度工作”", "- “"),
    ("    - 总结交流2023年度工作", "    - ‘总结交流2023年度工作’", "- ‘"),
])
def test_chinese_quotes_around_a_whole_value_are_a_warning_fix_removes(tmp_path, capsys, old, new, start):
    path = _edited(tmp_path, old, new)
    status, _out, err = run(capsys, "check", str(path))
    row = _line_of(path, start)
    assert status == 0 and err.count("RG310") == 1, err
    assert f"{path}:{row}:{new.index(start[-1]) + 1}: RG310 警告 整段文字被中文引号" in err and "--fix" in err
    status, out, err = run(capsys, "check", "--fix", str(path))
    assert status == 0 and "RG310 已修复" in out and "没有发现问题" in out, out + err
    assert path.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["“不忘初心，牢记使命。”", "“甲”和“乙”", "关于“工会干部”的要求"])
def test_a_quotation_is_not_a_wrapper(text):
    from reportgen.lint import check_text

    assert [h for h in check_text(text) if h.code == "RG310"] == []


def test_a_colon_that_splits_a_text_into_a_mapping_is_explained(tmp_path, capsys):
    path = _edited(tmp_path, "    - 总结交流2023年度工作", "    - “总结交流: 2023年度工作”")
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1
    (line,) = [row for row in err.splitlines() if "RG203" in row]
    assert line.startswith(f"{path}:{_line_of(path, '- “')}:7: RG203 类型不对：应为文本")
    assert "“: ”（英文冒号加空格）" in line and "中文冒号" in line and "加上英文双引号" in line and "--fix" in line
    assert len(err.strip().splitlines()) == 1, err  # that one message: no quote-pair warnings
    # about the two halves the colon made


@pytest.mark.parametrize(("written", "number"), [("六十八", 68), ("68人", 68), ("一百零五", 105), ("６８", 68)])
def test_a_count_in_words_says_which_number_to_write(tmp_path, capsys, written, number):
    path = _edited(tmp_path, "    count: 68", f"    count: {written}")
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1 and f"RG203 类型不对：应为整数，实际是「{written}」；请用阿拉伯数字写成 {number}" in err, err


def test_a_date_wrong_in_form_and_day_says_both_at_once(tmp_path, capsys):
    path = _edited(tmp_path, "  date: 2024-02-28", "  date: 2024-2-30")
    status, _out, err = run(capsys, "check", str(path))
    (line,) = [row for row in err.splitlines() if "RG205" in row]
    assert status == 1 and "2024-02-30 这样的形式" in line and "2024 年 2 月只有 29 天，没有 30 日" in line, err
    path = _edited(tmp_path, "  date: 2024-02-28", "  date: 2024年2月8日")
    status, _out, err = run(capsys, "check", str(path))
    assert "应写成 2024-02-08" in err and "不存在" not in err, err
    path = _edited(tmp_path, "  date: 2024-02-28", "  date: 2023-02-29")
    status, _out, err = run(capsys, "check", str(path))
    assert "2023 年 2 月只有 28 天，没有 29 日" in err, err


def test_a_misspelt_required_key_is_one_message_at_it(tmp_path, capsys):
    path = _edited(tmp_path, "  organiser: 深科技总工会", "  organizer: 深科技总工会")
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1
    assert err.splitlines() == [f"{path}:{_line_of(path, 'organizer:')}:3: RG201 未知的键 `organizer`；"
                                "应为 `organiser`（必填项，现在缺少它）（meeting.organizer）"]


def test_a_colon_inside_chinese_quotes_says_they_are_not_quotes_to_yaml(tmp_path, capsys):
    path = _edited(tmp_path, "  name: 2023年度工作总结及评比会议", "  name: “2023年度工作总结: 评比会议”")
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1 and f"{path}:{_line_of(path, 'name: “')}:" in err and "RG101" in err
    assert "中文引号“”不算" in err and "中文冒号“：”" in err


@pytest.mark.parametrize(("old", "new", "fixed"), [
    ("  name: 2023年度工作总结及评比会议", "  name: “2023年度工作总结: 评比会议”  # 会议名称",
     '  name: "2023年度工作总结：评比会议"  # 会议名称'),
    ("    - 总结交流2023年度工作", "    - “总结交流: 2023年度工作”", '    - "总结交流：2023年度工作"'),
])
@pytest.mark.parametrize(("encoding", "newline"), [("utf-8", "\n"), ("gb18030", "\r\n")])
def test_fix_turns_chinese_quotes_holding_a_colon_into_yaml_quotes(tmp_path, capsys, old, new, fixed, encoding,
                                                                   newline):
    """`name: “…: …”` does not read (RG101), `- “…: …”` reads as a mapping (RG203): both say --fix repairs them,
    and --fix writes YAML's own quotes (then the colon full-width, RG301), nothing else changed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_bytes(text.replace(old, new, 1).replace("\n", newline).encode(encoding))
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1 and "reportgen check --fix 会把" in err, err
    status, out, err = run(capsys, "check", "--fix", str(path))
    assert status == 0 and "RG310 已修复" in out and "已修正 2 处" in out, out + err
    assert [row for row in err.splitlines() if "RG110" not in row] == [], err  # GB18030 is read with a warning
    assert path.read_bytes() == text.replace(old, fixed, 1).replace("\n", newline).encode(encoding)


def test_font_kinds_may_be_named_in_chinese(tmp_path, capsys):
    """`--font 仿宋=FILE` names the same kind as `--font fangsong=FILE`; a kind that is none says which are."""
    from reportgen.fonts.roles import kind_named

    names = ("仿宋", "仿宋_GB2312", "宋体", "黑体", "楷体", "小标宋", "方正小标宋简体", "fangsong", "SimSun", "仿体")
    assert [kind_named(n) for n in names] == [
        "fangsong", "fangsong", "song", "hei", "kai", "xiaobiaosong", "xiaobiaosong", "fangsong", "song", None]
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path), "--font", "仿体=x.ttf")
    assert status == 2 and "fangsong（仿宋）" in err and "--font 仿宋=" in err, err
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf",
                            "--font", "仿宋=/nonexistent/simfang.ttf")
    assert status == 1 and "RG602" in err and "仿宋" in err, err


def test_a_face_without_the_texts_characters_is_one_message(tmp_path, capsys):
    """A Latin face given for 仿宋 lacks hundreds of characters: one RG401 that says it is the wrong face, at the
    first of them, not hundreds of lines."""
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core, in the Makefile's list
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "pdf",
                            "--font", f"仿宋={latin}")
    assert status == 1 and not (tmp_path / "out").exists()
    (line,) = err.strip().splitlines()
    count = int(re.search(r"缺少 (\d+) 个要用的字符", line).group(1))
    assert count > 100 and "不是能排这些文字的中文字体" in line and "--font fangsong=" in line, line
