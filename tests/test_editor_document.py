"""The editor's operations as edits of the YAML text: the user's comments, order and quoting kept; what the
form sets is what the file then reads."""

from __future__ import annotations

import pytest

from reportgen.editor import document
from reportgen.loader import load_text

from .conftest import EXAMPLE

TEXT = EXAMPLE.read_text(encoding="utf-8")


def _data(text):
    return load_text(text, "t.yaml").data


def _comments(text):
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def test_a_value_is_replaced_where_it_stands():
    path = ("sections", 1, "units", 0, "paragraphs", 0)
    new = document.set_value(TEXT, path, "新的段落：含“引号”、#号和 a: b")
    assert _data(new)["sections"][1]["units"][0]["paragraphs"][0] == "新的段落：含“引号”、#号和 a: b"
    changed = [(a, b) for a, b in zip(TEXT.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1  # one line, the rest byte for byte


def test_an_impossible_date_is_written_as_typed():
    new = document.set_value(TEXT, ("meeting", "date"), "2024-02-30", raw=True)
    assert "  date: 2024-02-30          # 开会日期" in new
    again = document.set_value(new, ("meeting", "date"), "2024-02-28", raw=True)
    assert again == TEXT


def test_moving_inserting_deleting_keep_comments():
    moved = document.move(TEXT, ("sections", 1, "units"), 0, 1)
    units = [u["name"] for u in _data(TEXT)["sections"][1]["units"]]
    assert [u["name"] for u in _data(moved)["sections"][1]["units"]] == [units[1], units[0], *units[2:]]
    assert _comments(moved) == _comments(TEXT)
    added = document.insert(TEXT, ("meeting", "purpose"), 2, "第三项")
    assert _data(added)["meeting"]["purpose"][-1] == "第三项" and _comments(added) == _comments(TEXT)
    removed = document.delete(added, ("meeting", "purpose", 2))
    assert removed == TEXT


def test_paragraphs_become_a_units_report():
    text = TEXT.replace("  - type: closing", "  - type: paragraphs\n    heading: 其他\n    paragraphs:\n"
                        "      - 第一段。\n      - 第二段。\n\n  - type: closing", 1)
    index = [s["type"] for s in _data(text)["sections"]].index("paragraphs")
    new = document.retype(text, index, "unit_reports")
    section = _data(new)["sections"][index]
    assert section["type"] == "unit_reports" and section["heading"] == "其他"
    assert section["units"][0]["paragraphs"] == ["第一段。", "第二段。"]
    run = text.replace("      - 第一段。\n", "      - 深科技测试工会\n      - 第一段。\n", 1)
    unit = _data(document.retype(run, index, "unit_reports"))["sections"][index]["units"][0]
    assert unit == {"name": "深科技测试工会", "paragraphs": ["第一段。", "第二段。"]}


def test_broken_yaml_is_refused_for_form_edits():
    with pytest.raises(document.EditRefused):
        document.set_value("meeting: [\n", ("meeting",), "x")


def test_undo_history():
    buffer = document.Buffer("a", 1)
    assert buffer.change("b") and buffer.change("c") and not buffer.change("c")
    assert buffer.undo() and buffer.text == "b" and buffer.undo() and buffer.text == "a" and not buffer.undo()


def test_typing_in_one_field_is_one_undo_step():
    buffer = document.Buffer("a", 1)
    for text in ("b", "bc", "bcd"):
        buffer.change(text, group="x")
    buffer.change("bcd!", group="y")
    assert buffer.undo() and buffer.text == "bcd"
    assert buffer.undo() and buffer.text == "a"


ATTACHMENTS = (EXAMPLE.parent / "2023-union-annual-meeting-attachments.yaml").read_text(encoding="utf-8")
TABLE = ("sections", 3, "items", 1, "content", 0)


def test_a_column_added_or_removed_in_every_row():
    wider = document.column(ATTACHMENTS, TABLE, 1, add=True)
    table = _data(wider)["sections"][3]["items"][1]["content"][0]
    assert table["columns"] == ["分工会", "待填写：列名", "主要活动", "荣誉与成果"]
    assert all(len(row) == 4 and row[1] == "" for row in table["rows"])
    assert _comments(wider) == _comments(ATTACHMENTS)
    narrower = document.column(wider, TABLE, 0, add=False)
    table = _data(narrower)["sections"][3]["items"][1]["content"][0]
    assert table["columns"] == ["待填写：列名", "主要活动", "荣誉与成果"]
    assert [row[1] for row in table["rows"]] == [row[1] for row in _data(ATTACHMENTS)["sections"][3]["items"][1]
                                                  ["content"][0]["rows"]]
    with pytest.raises(document.EditRefused):
        document.column(ATTACHMENTS, TABLE, 3, add=False)
    with pytest.raises(document.EditRefused):
        document.column(ATTACHMENTS, ("sections", 1), 0, add=True)


def test_widths_follow_the_columns():
    text = ATTACHMENTS.replace("            columns: [分工会, 主要活动, 荣誉与成果]",
                               "            columns: [分工会, 主要活动, 荣誉与成果]\n            widths: [20, 50, 30]")
    table = _data(document.column(text, TABLE, 3, add=True))["sections"][3]["items"][1]["content"][0]
    assert table["widths"] == [20, 50, 30, 33.3]
    table = _data(document.column(text, TABLE, 1, add=False))["sections"][3]["items"][1]["content"][0]
    assert table["widths"] == [20, 30]


def test_paragraphs_made_an_attachment_and_back():
    made = document.retype(ATTACHMENTS, 1, "attachments")
    section = _data(made)["sections"][1]
    old = _data(ATTACHMENTS)["sections"][1]
    assert section["items"][0]["title"] == old.get("heading", "待填写：附件名称")
    assert section["items"][0]["content"] == [{"type": "paragraphs", "paragraphs": old["paragraphs"]}]
    back = _data(document.retype(made, 1, "paragraphs"))["sections"][1]
    assert back["paragraphs"] == old["paragraphs"]


def test_a_new_photo_or_table_starts_blank_not_from_an_examples_data():
    for kind in ("image", "table"):
        made = _data(document.retype(ATTACHMENTS, 1, kind))["sections"][1]
        assert made == document.BLANK_SECTIONS[kind]
        assert "2023" not in str(document.section_template(kind, [{"type": kind, "caption": "2023 会议"}]))


def test_a_column_moves_with_its_cells_and_width():
    text = ATTACHMENTS.replace("            columns: [分工会, 主要活动, 荣誉与成果]",
                               "            columns: [分工会, 主要活动, 荣誉与成果]\n            widths: [20, 50, 30]")
    before = _data(text)["sections"][3]["items"][1]["content"][0]
    table = _data(document.move_column(text, TABLE, 0, 2))["sections"][3]["items"][1]["content"][0]
    assert table["columns"] == ["主要活动", "荣誉与成果", "分工会"] and table["widths"] == [50, 30, 20]
    assert table["rows"] == [[b, c, a] for a, b, c in before["rows"]]
    with pytest.raises(document.EditRefused):
        document.move_column(text, TABLE, 0, 3)


def test_an_attachments_content_is_retyped_in_its_place():
    at = ("sections", 3, "items", 0, "content")
    made = _data(document.retype(ATTACHMENTS, 1, "table", within=at))["sections"][3]["items"][0]["content"]
    before = _data(ATTACHMENTS)["sections"][3]["items"][0]["content"]
    assert made[0] == before[0] and made[1] == document.BLANK_SECTIONS["table"]
    with pytest.raises(document.EditRefused):
        document.retype(ATTACHMENTS, 5, "table", within=at)
