"""`reportgen new`: next year's input from this year's, placeholders where text must be rewritten."""

from __future__ import annotations

import re

import docx
import yaml

from reportgen import build
from reportgen.cli import main
from reportgen.yearly import PLACEHOLDER, next_year, shift_years

from .conftest import EXAMPLE, ROOT, corrected_paragraphs


def test_shift_years_moves_reporting_and_planning_year_only():
    assert shift_years("总结2023年度，部署2024年，回顾2019年，编号12023", 2023, 2024) == \
        "总结2024年度，部署2025年，回顾2019年，编号12023"


def test_next_year_keeps_structure_and_marks_every_text(tmp_path):
    text = next_year(EXAMPLE, 2024)
    data = yaml.safe_load(text)
    old = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    meeting = data["meeting"]
    assert meeting["year"] == 2024
    # last year's day and head count are not this year's: to be filled in, last year's beside them
    assert meeting["date"] == f"{PLACEHOLDER}开会日期" and "# 去年是 2024-02-28" in text
    assert meeting["attendees"]["count"] == f"{PLACEHOLDER}参会人数" and "# 去年 68 人" in text
    assert meeting["name"] == "2024年度工作总结及评比会议"
    assert meeting["purpose"] == ["总结交流2024年度工作", "研究部署2025年度工会重点任务"]
    assert meeting["attendees"]["people"] == old["meeting"]["attendees"]["people"]
    assert meeting["attendees"]["groups"] == old["meeting"]["attendees"]["groups"]
    assert data["style"] == old["style"]
    assert [s["type"] for s in data["sections"]] == [s["type"] for s in old["sections"]]
    units = data["sections"][1]["units"]
    assert [u["name"] for u in units] == [u["name"] for u in old["sections"][1]["units"]]
    assert data["sections"][1]["heading"] == "各分工会汇报2024年工作情况"
    # Every paragraph but the lead, the two section headings and the seven unit names is a placeholder.
    placeholders = re.findall(rf"\"{PLACEHOLDER}[^\"]*\"", text)
    assert len(placeholders) == 31 - 1 - 2 - 7
    # Last year's text is kept beside each placeholder as a comment, unshifted.
    for paragraph in corrected_paragraphs()[2:]:
        if paragraph.startswith(("深科技", "成都长城开发工会", "就2024年")) and len(paragraph) < 20:
            continue
        first = paragraph.removeprefix(paragraph[:2] if paragraph[1] == "、" else "")[:20]
        assert f"# 去年：{first}" in text, first
    assert "# 深科技总工会 2024 年度工作总结及评比会议" in text  # the file's own comments speak of the new year
    assert "2023 年度" not in "\n".join(line for line in text.split("\n") if "去年" not in line)


def test_filled_next_year_builds(tmp_path):
    text = next_year(EXAMPLE, 2024)
    text = text.replace(f"{PLACEHOLDER}开会日期", "2025-02-28").replace(f"{PLACEHOLDER}参会人数", "70")
    counter = iter(range(1000))
    filled = re.sub(rf"{PLACEHOLDER}[^\"]*", lambda m: f"第{next(counter)}段新内容。", text)
    source = tmp_path / "2024-union-annual-meeting.yaml"
    source.write_text(filled, encoding="utf-8")
    result = build(source, tmp_path / "out")
    texts = [p.text for p in docx.Document(str(result.outputs[0])).paragraphs if p.text]
    assert texts[0] == "深科技总工会召开\n2024年度工作总结及评比会议"  # the title's two lines, split by a w:br
    assert texts[1].startswith("2月28日，深科技总工会召开2024年度工作总结及评比会议，总结交流2024年度工作，"
                               "研究部署2025年度")
    assert "就2025年工会工作邱胜提出四点要求" in texts
    assert "第0段新内容。" in texts


def test_new_then_check_flags_every_placeholder(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "inputs" / "2024-union-annual-meeting.yaml"
    run = subprocess.run([sys.executable, "-m", "reportgen", "new", "--from", str(EXAMPLE), "--year", "2024",
                          "-o", str(target)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "23 处" in run.stdout
    again = subprocess.run([sys.executable, "-m", "reportgen", "new", "--from", str(EXAMPLE), "--year", "2024",
                            "-o", str(target)], capture_output=True, text=True)
    assert again.returncode == 2 and "已存在" in again.stderr  # never overwrites a half-filled file silently
    lines = target.read_text(encoding="utf-8").splitlines()
    expected = sorted(number for number, line in enumerate(lines, start=1)
                      if f"\"{PLACEHOLDER}" in line or f": {PLACEHOLDER}" in line)
    check = subprocess.run([sys.executable, "-m", "reportgen", "check", str(target)], capture_output=True, text=True)
    assert check.returncode == 1
    flagged = sorted(int(m.group(1)) for m in re.finditer(r":(\d+):\d+: RG308 ", check.stderr))
    assert flagged == expected and len(flagged) == 23  # the date and the head count among them
    build_run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(target), "-o", str(tmp_path / "out")],
                               capture_output=True, text=True)
    assert build_run.returncode == 1 and "RG308" in build_run.stderr
    assert not (tmp_path / "out").exists()


def test_what_is_rewritten_is_declared_by_the_section_type(tmp_path, monkeypatch):
    import dataclasses

    from reportgen.render import REGISTRY

    monkeypatch.setitem(REGISTRY, "paragraphs", dataclasses.replace(
        REGISTRY["paragraphs"], rollover={"heading": "{year}年的标题", "paragraphs": "段落内容"}))
    source = tmp_path / "in.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").split("\nsections:")[0]
                      + "\nsections:\n  - type: paragraphs\n    heading: 其他事项\n    paragraphs:\n      - 甲。\n",
                      encoding="utf-8")
    assert next_year(source, 2024).split("\nsections:\n")[1] == (
        "  - type: paragraphs\n    # 去年：其他事项\n    heading: 待填写：2024年的标题\n    paragraphs:\n"
        "      # 去年：甲。\n      - 待填写：段落内容\n")


def test_new_moves_years_in_prose_only_never_in_a_path(tmp_path, capsys):
    """`images/2023-meeting.jpg` names a file: moving its year would point next year's input at nothing."""
    source = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
    target = tmp_path / "2024.yaml"
    assert main(["new", "--from", str(source), "--year", "2024", "-o", str(target)]) == 0
    rolled = target.read_text(encoding="utf-8")
    assert "path: images/2023-meeting.jpg" in rolled
    assert "name: 2024年度工作总结及评比会议" in rolled  # prose still moves on


def test_new_help_says_from_is_last_years_file(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["new", "--help"])
    said = capsys.readouterr().out
    assert "--from FILE" in said and "去年的输入文件" in said and "今年的输入文件" not in said
