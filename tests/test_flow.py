"""Layout decisions made once (reportgen.layout.flow): what both writers are told, checked on the Flow itself."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.ir import (
    Appendix,
    Attendance,
    Document,
    EndBlock,
    Heading,
    Image,
    Meta,
    Paragraph,
    Table,
    Title,
    clean_text,
)
from reportgen.layout.flow import Region, arrange
from reportgen.layout.measure import face_metrics

from .conftest import ROOT

META = Meta(title="测试", author="测试单位", subject="测试会议", date=dt.date(2024, 2, 28))
PHOTO = ROOT / "inputs" / "images" / "2023-meeting.jpg"


def _flow(official, *blocks):
    style, faces = official
    return arrange(Document(META, list(blocks)), style, face_metrics(faces))


def test_clean_text_keeps_line_breaks_and_makes_other_whitespace_one_space():
    assert clean_text("  甲\t乙  丙\u3000丁 \r\n  第二行 \n\n第四行  ") == "甲 乙 丙 丁\n第二行\n\n第四行"
    assert Paragraph(" 正文\t内容 ").text == "正文 内容"


def test_a_newline_in_the_title_forces_its_break_and_each_part_is_balanced(official):
    flow = _flow(official, Title("深科技总工会\n2023年度工作总结及评比会议"))
    assert flow.items[0].line_texts == ("深科技总工会", "2023年度工作总结及评比会议")
    unforced = _flow(official, Title("深科技总工会召开2023年度工作总结及评比会议"))
    assert unforced.items[0].line_texts == ("深科技总工会召开", "2023年度工作总结及评比会议")


def test_blank_line_before_the_first_attendance_line_only_and_the_end_block_last(official):
    flow = _flow(official, Title("纪要"), Paragraph("正文。"), EndBlock("各分工会。", "深科技总工会", "2024年2月28日"),
                 Attendance("出席", "张三"), Attendance("请假", "李四"))
    blanks = [(type(p.block).__name__, p.blank_before) for p in flow.items]
    assert blanks == [("Title", 0), ("Paragraph", 0), ("Attendance", 1), ("Attendance", 0), ("EndBlock", 0)]
    assert flow.items[-1].region is Region.END and flow.items[0].region is Region.FRONT


def test_keeps_for_headings_photos_and_tables(official):
    flow = _flow(official, Heading(1, "一、标题"), Image(PHOTO, 800, 600, "说明"), Image(PHOTO, 800, 600),
                 Table("表题", ("甲", "乙"), (("1", "2"),), (1.0, 1.0)))
    heading, photo, bare, table = flow.items
    assert heading.keep_with_next and heading.outline_level == 0
    assert photo.keep_caption and not photo.keep_with_next and not bare.keep_caption
    assert table.keep_caption and table.repeat_header and not table.rows_whole and table.blank_after == 1
    assert table.table is not None and table.table.lines == (1, 1)


def test_an_appendix_starts_a_page_after_the_body_and_drops_its_leading_blank(official):
    flow = _flow(official, Title("报告"), Paragraph("正文。"),
                 Appendix((Paragraph("附件1", style="attachment-label"),
                           Paragraph("附件标题", style="attachment-title"), Paragraph("内容。"))))
    label, title, body = flow.items[2:]
    assert label.new_page and label.blank_before == 0
    assert title.blank_before == 1 and title.line_texts == ("附件标题",) and not title.new_page
    assert not body.new_page


def test_an_unregistered_paragraph_style_fails_in_the_layout_not_in_a_writer(official):
    with pytest.raises(LookupError, match="not registered"):
        _flow(official, Paragraph("正文。", style="no-such-style"))
