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


def _title(tmp_path, name: str) -> str:
    result = build(tmp_path / EXAMPLE.name, tmp_path / name, formats=["docx"])
    document = docx.Document(str(result.outputs[0]))
    return next(p.text for p in document.paragraphs if p.text.strip())


def test_compiled_templates_follow_edits_and_survive_a_damaged_cache(tmp_path, monkeypatch):
    """Compiled templates are kept in the cache folder between builds; an edited template is compiled
    again, and a damaged or unwritable cache only costs the compile."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / "templates").mkdir()
    title = tmp_path / "templates" / "title.j2"
    title.write_text("第一版标题\n", encoding="utf-8")
    assert _title(tmp_path, "one") == "第一版标题"
    folders = list((cache / "reportgen").glob("templates-*"))  # one per reportgen version and options
    assert len(folders) == 1 and any(folders[0].iterdir()), "no compiled template was kept"

    title.write_text("第二版标题\n", encoding="utf-8")
    assert _title(tmp_path, "two") == "第二版标题"

    for entry in folders[0].iterdir():
        entry.write_bytes(b"\x00damaged")
    assert _title(tmp_path, "three") == "第二版标题"

    shutil.rmtree(cache)
    cache.write_text("a file where the cache folder should be", encoding="utf-8")
    assert _title(tmp_path, "four") == "第二版标题"
