"""Validation: every problem of a file in one run, each with its code, line, column and YAML path."""

from __future__ import annotations

import pytest

from reportgen.diagnostics import InputError
from reportgen.loader import load_text
from reportgen.validate import validate

from .conftest import EXAMPLE

GOOD_MEETING = """\
meeting:
  date: 2024-02-28
  year: 2023
  organiser: 深科技总工会
  name: 2023年度工作总结及评比会议
  purpose: [总结交流2023年度工作]
  attendees:
    people:
      - name: 邱胜
    count: 68
"""


def _problems(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(InputError) as caught:
        validate(load_text(text, "f.yaml"))
    return [(d.line, d.col, d.code, d.path) for d in caught.value.diagnostics]


def test_the_example_validates():
    validated = validate(load_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)))
    assert validated.report.meeting.attendees.count == 68
    assert [s.type for s in validated.report.sections] == ["lead", "unit_reports", "requirements", "closing"]


def test_every_problem_of_a_file_in_one_run_sorted_by_position():
    """A required key written wrong (`nmae`, `titel`) is one problem at it, not also a missing key."""
    text = """\
titel: 报告
meeting:
  date: 2024-02-30
  year: 2023
  organiser: 深科技总工会
  name: 会议
  purpose: []
  attendees:
    people:
      - name: 邱胜
      - name: 刘宁
      - nmae: 张三
    count: 2
  form: 现场
sections:
  - type: lead
  - type: requirments
  - type: requirements
    speaker: 邱胜
    items:
      - title: 做
        paragraphs: [要]
      - titel: 做
        paragraphs: []
"""
    assert _problems(text) == [
        (1, 1, "RG201", "titel"),
        (3, 9, "RG205", "meeting.date"),
        (7, 12, "RG204", "meeting.purpose"),
        (12, 9, "RG201", "meeting.attendees.people[2].nmae"),
        (13, 12, "RG206", "meeting.attendees.count"),
        (14, 9, "RG203", "meeting.form"),
        (17, 11, "RG207", "sections[1].type"),
        (23, 9, "RG201", "sections[2].items[1].titel"),
        (24, 21, "RG204", "sections[2].items[1].paragraphs"),
    ]


def test_unknown_key_suggests_the_closest_name():
    with pytest.raises(InputError) as caught:
        validate(load_text(GOOD_MEETING + "titel: 报告\nsections: [{type: lead}]\n", "f.yaml"))
    assert [d.format() for d in caught.value.diagnostics] == [
        "f.yaml:11:1: RG201 未知的键 `titel`；是否应为 `title`？（titel）"]


@pytest.mark.parametrize(("date", "col"), [("2023-02-29", 9), ('"2024-13-01"', 9), ("20240228", 9), ("明天", 9)])
def test_dates_that_do_not_exist(date, col):
    text = GOOD_MEETING.replace("2024-02-28", date) + "sections: [{type: lead}]\n"
    assert _problems(text) == [(2, col, "RG205", "meeting.date")]


def test_missing_required_field_is_reported_at_its_parent():
    text = GOOD_MEETING.replace("  organiser: 深科技总工会\n", "") + "sections: [{type: lead}]\n"
    assert _problems(text) == [(2, 3, "RG202", "meeting")]


def test_wrong_type_and_out_of_range():
    text = GOOD_MEETING.replace("year: 2023", "year: [2023]").replace("count: 68", "count: 0")
    assert _problems(text + "sections: [{type: lead}]\n") == [
        (3, 9, "RG203", "meeting.year"), (10, 12, "RG208", "meeting.attendees.count")]


def test_head_count_below_listed_attendees():
    text = GOOD_MEETING.replace("count: 68", "count: 1").replace(
        "      - name: 邱胜\n", "      - name: 邱胜\n      - name: 刘宁\n")
    with pytest.raises(InputError) as caught:
        validate(load_text(text + "sections: [{type: lead}]\n", "f.yaml"))
    assert [d.format() for d in caught.value.diagnostics] == [
        "f.yaml:11:12: RG206 参会人数 1 少于列出的参会人员 2 人，请核对（meeting.attendees.count）"]


def test_empty_sections_and_unknown_section_type_with_suggestion():
    assert _problems(GOOD_MEETING + "sections: []\n") == [(11, 11, "RG204", "sections")]
    with pytest.raises(InputError) as caught:
        validate(load_text(GOOD_MEETING + "sections:\n  - type: closng\n    paragraphs: [好]\n", "f.yaml"))
    assert "是否应为 `closing`" in caught.value.diagnostics[0].message


def test_escaped_control_character_is_an_error_at_its_column():
    text = GOOD_MEETING + 'sections:\n  - type: closing\n    paragraphs: ["甲乙\\x07丙", "好\\u0000"]\n'
    with pytest.raises(InputError) as caught:
        validate(load_text(text, "f.yaml"))
    assert [(d.line, d.col, d.code, d.path) for d in caught.value.diagnostics] == [
        (13, 21, "RG210", "sections[0].paragraphs[0]"), (13, 31, "RG210", "sections[0].paragraphs[1]")]
    assert "U+0007" in caught.value.diagnostics[0].message


def test_reading_and_validation_problems_come_together():
    text = GOOD_MEETING.replace("year: 2023", "year: 2023\n  year: 2024") + "sections: [{type: lead, x: 1}]\n"
    assert [code for _l, _c, code, _p in _problems(text)] == ["RG103", "RG201"]


def test_names_that_go_into_the_title_have_a_length_limit():
    text = GOOD_MEETING.replace("organiser: 深科技总工会", "organiser: " + "深" * 101) + "sections: [{type: lead}]\n"
    with pytest.raises(InputError) as caught:
        validate(load_text(text, "f.yaml"))
    assert [d.format() for d in caught.value.diagnostics] == [
        "f.yaml:4:14: RG208 文字太长（101 字），这一项最多 100 字（meeting.organiser）"]


@pytest.mark.parametrize("style", ["../../etc/passwd", "x" * 300])
def test_style_name_is_a_name_not_a_path(style):
    assert _problems(GOOD_MEETING + f"style: {style}\nsections: [{{type: lead}}]\n") == [(11, 8, "RG208", "style")]


def test_one_validation_reports_section_checks_beside_every_other_problem():
    text = GOOD_MEETING.replace("year: 2023", "year: 1800") + """\
sections:
  - type: table
    columns: [甲, 乙]
    rows: [[一, 二], [三], [四, 五, 六]]
    widths: [1]
  - type: unit_reports
    heading: 各单位
    units:
      - nmae: 一厂
        paragraphs: [好]
  - 文字
  - {}
"""
    with pytest.raises(InputError) as caught:
        validate(load_text(text, "f.yaml"))
    assert [(d.line, d.code, d.path) for d in caught.value.diagnostics] == [
        (3, "RG208", "meeting.year"),
        (14, "RG212", "sections[0].rows[1]"),
        (14, "RG212", "sections[0].rows[2]"),
        (15, "RG212", "sections[0].widths"),
        (19, "RG201", "sections[1].units[0].nmae"),  # one problem: `name` is written wrong, not also missing
        (21, "RG203", "sections[2]"),
        (22, "RG202", "sections[3]"),
    ]
    by_path = {d.path: d.message for d in caught.value.diagnostics}
    assert by_path["sections[1].units[0].nmae"] == "未知的键 `nmae`；应为 `name`（必填项，现在缺少它）"
    assert by_path["sections[2]"] == "每个部分应为映射，至少包含 `type`"
    missing_type = by_path["sections[3]"]
    assert missing_type.startswith("缺少必填项 `type`（可选：") and "closing、image、lead、" in missing_type


def test_the_sections_are_typed_in_the_report():
    from reportgen.render.table import TableSection

    text = GOOD_MEETING + "sections:\n  - type: table\n    columns: [甲]\n    rows: [[' 一 ']]\n"
    [section] = validate(load_text(text, "f.yaml")).report.sections
    assert isinstance(section, TableSection) and section.rows == [[" 一 "]]


@pytest.mark.parametrize("day", ["2108-01-01", "9999-12-31", "1979-12-31"])
def test_a_meeting_day_the_docx_cannot_record_is_rg205_not_an_internal_error(tmp_path, capsys, day):
    """A DOCX is a zip, whose dates run from 1980 to 2107: a day outside is the user's to fix, at its line."""
    from .lintkit import run

    source = tmp_path / "far.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").replace("date: 2024-02-28", f"date: {day}"),
                      encoding="utf-8")
    status, _out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out"))
    assert status == 1 and "RG205 日期应在 1980 年到 2107 年之间" in err and "（meeting.date）" in err, err
    assert not (tmp_path / "out").exists()
