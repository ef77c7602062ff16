"""`reportgen check`: each copy-damage rule is reported at the damaged character, and --fix repairs
what can be repaired. The seed article, exactly as it was pasted, is the corpus."""

from __future__ import annotations

import re

import pytest

from reportgen.lint.rules import is_traditional_only

from .conftest import DATA, EXAMPLE, corrected_paragraphs
from .lintkit import HEADER, findings, position, run, write_input

# The three damaged spots of shared/source/README.md (one twice): paragraph, what is left, what it reads.
MOJIBAKE = [(10, "?shù)嚷毠ぜ寄芨?jìng)", "等职工技能竞"), (14, "?chē)@", "围绕"),
            (22, "?shù)男聲r(shí)", "的新时"), (25, "?chē)@", "围绕")]
LITERAL = {25, 26}  # these paragraphs are written as block scalars (|-) to exercise that path
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)")


def raw_paragraphs() -> list[str]:
    return (DATA / "seed-article-2023.txt").read_text(encoding="utf-8").split("\n")


def test_example_input_reports_nothing(capsys):
    assert run(capsys, "check", str(EXAMPLE)) == (0, f"{EXAMPLE}：没有发现问题\n", "")


@pytest.mark.parametrize(("text", "needle", "code", "words"), [
    ("会议于今天召开,总结工作。", ",", "RG301", "应为全角「，」"),
    ("成立工作室(东莞)。", "(", "RG301", "应为全角「（」"),
    ("深科技总工会(huì)召开会议。", "(huì)", "RG302", "拼音注音「(huì)」"),
    ("打螺钉?shù)嚷毠ぜ寄芨?jìng)赛。", "?shù)", "RG303", "乱码"),
    ("会议 â€œå¥½â€ 召开。", "â€œ", "RG303", "乱码"),
    ("我们" + "在公司进行工作".encode().decode("gbk", errors="replace") + "。", "鍦", "RG303", "乱码"),
    ("深科技總工会召开会议。", "總", "RG304", "繁体字「總」，应为「总」"),
    ("工作中 开展活动。", " 开", "RG305", "多余的空格"),
    ("品牌。 2023年荣获称号。", " 2023", "RG305", "多余的空格"),
    ("做“娘家人，发挥作用。", "“", "RG306", "缺少与之配对的「”」"),
    ("发挥作用）。", "）", "RG306", "缺少与之配对的「（」"),
    ("开展“点亮爱”、“红旗手”活动。", "、", "RG307", "GB/T 15834"),
    ("待填写：2024年工作情况", "待填写", "RG308", "还没有填写"),
    ("会议\u200b召开。", "\u200b", "RG309", "U+200B"),
])
def test_each_rule_reports_code_and_place(tmp_path, capsys, text, needle, code, words):
    path = write_input(tmp_path / "in.yaml", ["正常的段落。", text])
    status, out, err = run(capsys, "check", str(path))
    got = findings(err)
    line, col = position(path, needle)
    assert (line, col, code) in [(g[0], g[1], g[2]) for g in got], err
    rest = next(g[3] for g in got if g[:3] == (line, col, code))
    assert words in rest
    assert rest.endswith("（sections[0].paragraphs[1]）")
    warning = code in ("RG301", "RG305", "RG307", "RG309")
    assert rest.startswith("警告 ") == warning
    assert status == (0 if warning else 1)
    assert out.startswith(f"{path}：{'没有错误，' if warning else ''}") and out.count("\n") == 1  # one line a file


def test_literal_block_scalar_is_located_at_the_character(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["第一行文字\n第二行文字,有逗号"], literal={0})
    _status, _out, err = run(capsys, "check", str(path))
    assert [(g[0], g[1], g[2]) for g in findings(err)] == [(*position(path, ","), "RG301")]


def test_traditional_conversion_is_phrase_level_and_leaves_simplified_alone():
    from reportgen.lint import fix_text

    assert fix_text("凝聚著工會服務大局的擔當精神") == "凝聚着工会服务大局的担当精神"
    assert fix_text("他著名的著作。乾隆年間") == "他著名的著作。乾隆年间"
    assert fix_text("環境乾淨，工會幹部") == "环境干净，工会干部"
    assert fix_text("乾隆年间的显著变化") == "乾隆年间的显著变化"  # no Traditional-only character: untouched


def test_ignore_directive_switches_a_rule_off(tmp_path, capsys):
    text = "开展“点亮爱”、“红旗手”活动。"
    path = write_input(tmp_path / "in.yaml", [text], header=HEADER)
    assert [g[2] for g in findings(run(capsys, "check", str(path))[2])] == ["RG307"]
    path = write_input(tmp_path / "in.yaml", [text], header="# reportgen: ignore=RG307\n" + HEADER)
    assert run(capsys, "check", str(path)) == (0, f"{path}：没有发现问题\n", "")


def test_seed_article_every_damaged_spot_found_at_its_place(tmp_path, capsys):
    raw = raw_paragraphs()
    path = write_input(tmp_path / "seed.yaml", raw, literal=LITERAL, header=HEADER)
    status, _out, err = run(capsys, "check", str(path))
    assert status == 1
    got = {(line, col, code) for line, col, code, _rest in findings(err)}
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = []  # (line, column) where each paragraph's text begins in the file
    number = lines.index("    paragraphs:") + 2
    for i in range(len(raw)):
        if i in LITERAL:  # `      - |-`, then the text indented by 8
            starts.append((number + 1, 9))
            number += 2
        else:  # `      - "...`; the seed has no characters JSON would escape
            starts.append((number, 10))
            number += 1

    def place(paragraph: int, offset: int) -> tuple[int, int]:
        line, col = starts[paragraph]
        return line, col + offset

    spots = []
    for i, remnant, _reading in MOJIBAKE:
        spots.append((*place(i, raw[i].index(remnant)), "RG303"))
    masked = []
    for i, text in enumerate(raw):
        hidden = text
        for j, remnant, _ in MOJIBAKE:
            if j == i:
                hidden = hidden.replace(remnant, "\0" * len(remnant), 1)
        masked.append(hidden)
    for i, text in enumerate(masked):
        spots += [(*place(i, m.start()), "RG302") for m in PINYIN.finditer(text)]
        spots += [(*place(i, m.start()), "RG301") for m in re.finditer(r"[,;:!]", text)]
        spots += [(*place(i, m.start()), "RG305") for m in re.finditer(r"(?<=[。\u4e00-\u9fff]) (?=\S)", text)]
        first_traditional = next((k for k, ch in enumerate(text) if is_traditional_only(ch)), None)
        if first_traditional is not None:
            spots.append((*place(i, first_traditional), "RG304"))
    assert len([s for s in spots if s[2] == "RG303"]) == 4
    assert len([s for s in spots if s[2] == "RG302"]) == 423  # 424 readings, one inside mojibake
    assert len([s for s in spots if s[2] == "RG305"]) == 2
    missing = [s for s in spots if s not in got]
    assert missing == []
    for line, col, code in spots:  # the reported column really is the damaged character
        if code in ("RG301", "RG303", "RG302"):
            assert lines[line - 1][col - 1] in ",;:!?(", (line, col, code)


def test_seed_article_fix_repairs_all_but_the_mojibake(tmp_path, capsys):
    from reportgen.loader import load_file

    raw = raw_paragraphs()
    path = write_input(tmp_path / "seed.yaml", raw, literal=LITERAL)
    original = path.read_bytes()
    status, out, err = run(capsys, "check", "--fix", str(path))
    assert status == 1  # the mojibake remains, as an error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.yaml"]  # no backup, no temporary file
    assert "修改了 31 段文字" in out
    assert "已修复" in out
    remaining = findings(err)
    assert sorted(code for _l, _c, code, _r in remaining) == ["RG303"] * 4 + ["RG307"] * 6  # not fixable
    fixed = load_file(path).data["sections"][0]["paragraphs"]
    expected = corrected_paragraphs()
    for i, remnant, reading in MOJIBAKE:
        expected[i] = expected[i].replace(reading, remnant, 1)
    assert fixed == expected
    text = path.read_text(encoding="utf-8")
    header = original.decode().split("\nsections:")[0]
    assert text.startswith(header)  # comments and everything outside the changed texts kept
    assert text.count("      - |-\n") == len(LITERAL)  # quoting style kept


def test_fix_keeps_comments_and_reports_nothing_when_clean(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["会议于今天召开,总结工作。  "])
    path.write_text(path.read_text(encoding="utf-8").replace("    paragraphs:\n", "    paragraphs:  # 正文\n"),
                    encoding="utf-8")
    status, out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    assert f"{path}:" in out and "RG301 已修复" in out
    text = path.read_text(encoding="utf-8")
    assert '      - "会议于今天召开，总结工作。  "\n' in text and "paragraphs:  # 正文" in text
    assert run(capsys, "check", "--fix", str(path)) == (0, f"{path}：没有发现问题\n", "")  # nothing left to fix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml"]


def test_fix_edits_ragged_files_in_place(tmp_path, capsys):
    """Indentation no YAML dumper reproduces is no obstacle: the text is edited where the damage is."""
    path = tmp_path / "odd.yaml"
    before = "kind:    report\nsections:\n       -    type: closing\n            paragraphs: [ \"好,的\" ]\n"
    path.write_text(before, encoding="utf-8")
    status, out, err = run(capsys, "check", "--fix", str(path))
    assert status == 1 and "RG202" in err and "RG311" not in err  # the missing meeting is still an error
    assert "RG301 已修复" in out
    assert path.read_text(encoding="utf-8") == before.replace("好,的", "好，的")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd.yaml"]


def test_build_prints_lint_warnings_and_goes_on(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["会议于今天召开,总结工作。"])
    status, out, err = run(capsys, "build", str(path), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 0
    assert [(g[0], g[1], g[2]) for g in findings(err)] == [(*position(path, ","), "RG301")]
    assert "已生成" in out and (tmp_path / "out" / "in.docx").is_file()


def test_lint_errors_stop_the_build_with_every_problem(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["待填写：2024年工作情况", "总工會(huì)召开会议。"])
    status, out, err = run(capsys, "build", str(path), "-o", str(tmp_path / "out"))
    assert status == 1 and out == ""
    assert sorted(g[2] for g in findings(err)) == ["RG302", "RG304", "RG308"]
    assert not (tmp_path / "out").exists()


def test_ignore_comment_holds_in_a_file_with_cr_line_endings(tmp_path, capsys):
    from .lintkit import write_input

    path = write_input(tmp_path / "cr.yaml", ["“甲”、“乙”两项。"])
    text = path.read_text(encoding="utf-8")
    for name, body in (("plain.yaml", text), ("ignored.yaml", "# reportgen: ignore=RG307\n" + text)):
        (tmp_path / name).write_bytes(body.replace("\n", "\r").encode("utf-8"))
    _status, _out, err = run(capsys, "check", str(tmp_path / "plain.yaml"))
    assert "RG307" in err
    _status, _out, err = run(capsys, "check", str(tmp_path / "ignored.yaml"))
    assert "RG307" not in err
