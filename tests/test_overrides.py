"""User templates and preset values next to the input override the built-in ones, in both outputs."""

from __future__ import annotations

import shutil

import docx
import pdfplumber

from reportgen import build

from .conftest import EXAMPLE, pdftotext


def test_template_and_preset_value_from_folder_next_to_input(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / "templates" / "styles").mkdir(parents=True)
    (tmp_path / "templates" / "title.j2").write_text("{{ meeting.organiser }}{{ meeting.name }}情况通报\n",
                                                      encoding="utf-8")
    (tmp_path / "templates" / "styles" / "official.yaml").write_text("sizes:\n  title: 26\n", encoding="utf-8")
    result = build(tmp_path / EXAMPLE.name, tmp_path / "out")
    outputs = {p.suffix: p for p in result.outputs}

    document = docx.Document(str(outputs[".docx"]))
    title = next(p for p in document.paragraphs if p.text.strip())
    assert title.text.replace("\n", "") == "深科技总工会2023年度工作总结及评比会议情况通报"
    assert document.styles["Title"].font.size.pt == 26
    assert document.styles["Normal"].font.size.pt == 16  # only the overridden value changed

    text = "".join(pdftotext(outputs[".pdf"], "-l", "1").split())
    assert text.startswith("深科技总工会2023年度工作总结及评比会议情况通报")
    with pdfplumber.open(outputs[".pdf"]) as pdf:
        sizes = {round(c["size"]) for c in pdf.pages[0].chars if c["text"] == "通"}
    assert 26 in sizes


def test_templates_option_wins_over_folder_next_to_input(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "title.j2").write_text("旁边的标题\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "title.j2").write_text("指定的标题\n", encoding="utf-8")
    result = build(tmp_path / EXAMPLE.name, tmp_path / "out", formats=["docx"], templates=[mine])
    document = docx.Document(str(result.outputs[0]))
    assert next(p.text for p in document.paragraphs if p.text.strip()) == "指定的标题"
