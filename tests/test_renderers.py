"""Each section renderer: model in, IR blocks out."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.cjk.numerals import zh_number
from reportgen.ir import Heading, Paragraph
from reportgen.model import Report
from reportgen.render import registry
from reportgen.render.context import RenderContext
from reportgen.templating import Templates

MEETING = {
    "date": dt.date(2025, 3, 6), "year": 2024, "organiser": "某公司工会", "name": "2024年度工作总结会",
    "purpose": ["总结2024年度工作", "部署2025年重点任务"],
    "attendees": {"people": [{"name": "张三", "role": "工会主席"}], "groups": ["各部门负责人", "工会委员"],
                  "count": 30},
    "form": ["现场"],
}


def _render(section: dict, meeting: dict | None = None):
    report = Report.model_validate({"meeting": meeting or MEETING, "sections": [section]})
    ctx = RenderContext(report=report, templates=Templates())
    return registry()[section["type"]].render(report.sections[0], ctx)


def test_registry_has_the_builtin_types():
    assert {"lead", "unit_reports", "requirements", "paragraphs", "closing"} <= set(registry())


def test_lead_is_rendered_from_meeting_facts():
    [block] = _render({"type": "lead"})
    assert block == Paragraph(
        "3月6日，某公司工会召开2024年度工作总结会，总结2024年度工作，部署2025年重点任务。"
        "工会主席张三及各部门负责人以及工会委员共30人参加会议，会议以现场形式召开。", style="lead")


def test_lead_without_groups_count_or_form():
    meeting = {**MEETING, "attendees": {"people": [{"name": "张三", "role": "主席"}, {"name": "李四"}]}, "form": []}
    [block] = _render({"type": "lead"}, meeting)
    assert block.text.endswith("。主席张三，李四参加会议。")


def test_unit_reports_gives_heading_per_unit():
    blocks = _render({"type": "unit_reports", "heading": "各单位汇报", "overview": ["概述。"],
                      "units": [{"name": "一厂", "paragraphs": ["甲。", "乙。"]},
                                {"name": "二厂", "paragraphs": ["丙。"]}]})
    assert blocks == [Heading(1, "各单位汇报"), Paragraph("概述。"), Heading(2, "一厂"), Paragraph("甲。"),
                      Paragraph("乙。"), Heading(2, "二厂"), Paragraph("丙。")]


_P1, _P2 = {"name": "张三", "role": "主席"}, {"name": "李四"}


# Every combination of people, groups and a head count (issue 15: people and a count larger than them read
# 邱胜共68人参加会议, without 等).
@pytest.mark.parametrize(("attendees", "sentence"), [
    ({"people": [_P1], "groups": ["工会委员"], "count": 30}, "主席张三及工会委员共30人参加会议，会议以现场形式召开。"),
    ({"people": [_P1], "groups": ["工会委员"]}, "主席张三及工会委员参加会议，会议以现场形式召开。"),
    ({"people": [_P1, _P2], "count": 68}, "主席张三，李四等共68人参加会议，会议以现场形式召开。"),
    ({"people": [_P1, _P2], "count": 2}, "主席张三，李四共2人参加会议，会议以现场形式召开。"),
    ({"people": [_P1]}, "主席张三参加会议，会议以现场形式召开。"),
    ({"groups": ["工会委员", "职工代表"], "count": 30}, "工会委员以及职工代表共30人参加会议，会议以现场形式召开。"),
    ({"groups": ["工会委员"]}, "工会委员参加会议，会议以现场形式召开。"),
    ({"count": 30}, "共30人参加会议，会议以现场形式召开。"),
    ({}, "会议以现场形式召开。"),
])
def test_lead_attendance_in_every_combination(attendees, sentence):
    [block] = _render({"type": "lead"}, {**MEETING, "attendees": attendees})
    assert block.text == "3月6日，某公司工会召开2024年度工作总结会，总结2024年度工作，部署2025年重点任务。" + sentence
    [block] = _render({"type": "lead"}, {**MEETING, "attendees": attendees, "form": []})
    assert block.text.endswith("部署2025年重点任务。" + sentence.removesuffix("会议以现场形式召开。")
                               .removesuffix("，").replace("参加会议", "参加会议。"))


@pytest.mark.parametrize(("count", "word"), [(1, "一"), (2, "两"), (4, "四"), (12, "十二"), (22, "二十二")])
def test_requirements_heading_counts_items_and_year(count, word):
    items = [{"title": f"第{i}条", "paragraphs": ["内容。"]} for i in range(count)]
    blocks = _render({"type": "requirements", "speaker": "张三", "topic": "工会工作", "intro": ["张三指出。"],
                      "items": items})
    assert blocks[0] == Heading(1, f"就2025年工会工作张三提出{word}点要求")
    assert blocks[1] == Paragraph("张三指出。")
    numbered = [b for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert len(numbered) == count
    assert numbered[-1].full_text == f"{zh_number(count)}、第{count - 1}条"


def test_requirements_year_and_heading_can_be_given():
    blocks = _render({"type": "requirements", "speaker": "张三", "year": 2030,
                      "items": [{"title": "甲", "paragraphs": ["乙。"]}]})
    assert blocks[0].text == "就2030年工作张三提出一点要求"
    blocks = _render({"type": "requirements", "speaker": "张三", "heading": "自拟标题",
                      "items": [{"title": "甲", "paragraphs": ["乙。"]}]})
    assert blocks[0].text == "自拟标题"


def test_paragraphs_and_closing():
    assert _render({"type": "paragraphs", "paragraphs": ["甲。"]}) == [Paragraph("甲。")]
    assert _render({"type": "paragraphs", "heading": "其他", "paragraphs": ["甲。"]})[0] == Heading(1, "其他")
    assert _render({"type": "closing", "paragraphs": ["完。"]}) == [Paragraph("完。", style="closing")]


def test_input_text_is_never_evaluated_as_template():
    blocks = _render({"type": "unit_reports", "heading": "{{ 7*7 }}",
                      "units": [{"name": "{% if true %}x{% endif %}", "paragraphs": ["{{ meeting }}"]}]})
    assert [b.text for b in blocks] == ["{{ 7*7 }}", "{% if true %}x{% endif %}", "{{ meeting }}"]
    meeting = {**MEETING, "organiser": "{{ 7*7 }}"}
    [lead] = _render({"type": "lead"}, meeting)
    assert "{{ 7*7 }}召开" in lead.text


def test_unit_reports_need_at_least_one_unit():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        registry()["unit_reports"].model.model_validate({"type": "unit_reports", "heading": "甲", "units": []})
