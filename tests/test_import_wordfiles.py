"""`reportgen import` of Word files as secretaries write them (tests/wordfiles.py): each way of writing one
report imports to the same sections, units, requirements, speaker, topic and date; `check` is clean; the
build carries every paragraph of the body in order."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from reportgen.pipeline import inspect

from . import wordfiles
from .lintkit import run
from .test_import import build_docx, docx_paragraphs

CASES = [(report, way) for report in wordfiles.REPORTS for way in wordfiles.WAYS]
CASES += [(report, f"{way}+lo") for report in wordfiles.REPORTS for way in wordfiles.RESAVED]


def imported(tmp_path, capsys, source):
    out = tmp_path / "imported.yaml"
    status, said, err = run(capsys, "import", str(source), "-o", str(out))
    assert status == 0, err
    return out, yaml.safe_load(out.read_text(encoding="utf-8")), said


@pytest.mark.slow
@pytest.mark.parametrize(("report", "way"), CASES, ids=[f"{r}-{w}" for r, w in CASES])
def test_every_way_imports_to_the_same_report(report, way, tmp_path, capsys):
    expected = wordfiles.REPORTS[report]()
    source = wordfiles.make(report, way, tmp_path / "source")
    out, data, said = imported(tmp_path, capsys, source)
    meeting = data["meeting"]
    assert meeting["date"] == expected.date
    assert meeting["organiser"] == expected.organiser
    sections = data["sections"]
    kinds = [s["type"] for s in sections]
    middle = ["paragraphs", "table", "image", "paragraphs"] if expected.middle else []
    assert kinds == ["lead", "unit_reports", *middle, "requirements", "closing"]
    numbered = wordfiles.WAYS[way.partition("+")[0]][0].numbered
    headings = expected.headings(numbered)
    units = sections[1]
    assert units["heading"] == headings[0]
    assert [u["name"] for u in units["units"]] == expected.unit_names(numbered)
    assert [u["paragraphs"] for u in units["units"]] == [paras for _, paras in expected.units.units]
    requirements = sections[-2]
    assert requirements["speaker"] == expected.requirements.speaker
    assert requirements["topic"] == expected.requirements.topic  # whole, from the heading
    assert requirements.get("heading") == (headings[-1] if numbered else None)  # else the template's
    assert [i["title"] for i in requirements["items"]] == [t for t, _ in expected.requirements.items]
    if expected.table:
        table = sections[3]
        assert table["caption"] == expected.table[0]
        assert [table["columns"], *table["rows"]] == expected.table[1]
        assert sections[4]["caption"] == expected.photo
    # the summary names what was understood
    units_count, points = len(expected.units.units), len(expected.requirements.items)
    assert f"{units_count} 个单位的汇报" in said and f"{points} 条要求" in said and str(expected.date) in said

    _loaded, problems = inspect(out)
    assert not [p for p in problems if p.severity == "error"], problems
    built = [t for s, t in docx_paragraphs(build_docx(out, tmp_path / "out")) if s not in ("table", "image")]
    assert built == ["".join(expected.title), *expected.body(numbered)]


def test_a_signature_date_is_not_the_meeting_date(tmp_path, capsys):
    """The right-aligned signature at the end dates the document; the meeting's date is the lead's."""
    report = wordfiles.safety()
    source = wordfiles.write(report, wordfiles.WAYS["word-styles"][0], tmp_path / "signed.docx")
    _out, data, said = imported(tmp_path, capsys, source)
    assert data["meeting"]["date"] == dt.date(2025, 2, 26)  # not the signature's 2025-02-28
    assert "落款" in said


def test_no_date_anywhere_is_left_to_fill_in_and_check_stops_there(tmp_path, capsys):
    report = wordfiles.safety()
    report.lead = report.lead.replace("2月26日，", "近日，")
    source = wordfiles.write(report, wordfiles.WAYS["word-styles"][0], tmp_path / "undated.docx")
    out, data, _said = imported(tmp_path, capsys, source)
    assert data["meeting"]["date"] == "待填写"
    lines = out.read_text(encoding="utf-8").split("\n")
    status, _said, err = run(capsys, "check", str(out))
    assert status == 1
    [rg308] = [line for line in err.splitlines() if "RG308" in line and "待填写」" in line]
    row = int(rg308.split(":")[1])
    assert lines[row - 1].strip() == "date: 待填写"
    assert "RG205" not in err and "RG203" not in err  # a placeholder, not a wrong type


def test_lead_month_and_day_take_the_year_the_report_plans_for(tmp_path, capsys):
    """2月26日 … 2024年度 … 研究部署2025年度 → 2025-02-26, said as a guess with its place."""
    report = wordfiles.safety()
    source = wordfiles.write(report, wordfiles.WAYS["typed-indents"][0], tmp_path / "plain.docx")
    out, data, said = imported(tmp_path, capsys, source)
    assert data["meeting"]["date"] == dt.date(2025, 2, 26) and data["meeting"]["year"] == 2024
    text = out.read_text(encoding="utf-8")
    assert "年份按标题和导语中最晚的年份（2025）推断" in said
    assert "原文第" in text  # the YAML's comments carry the place too


def test_pasted_text_speaker_is_a_person_the_lead_names(tmp_path, capsys):
    """An intro with no 指出/提出: the speaker is the lead's person in the heading, the topic whole."""
    from .conftest import corrected_paragraphs

    paragraphs = corrected_paragraphs()
    paragraphs[21] = "此次会议为各分工会相互交流、学习借鉴和凝聚共识搭建了良好的平台。"
    source = tmp_path / "pasted.txt"
    source.write_text("\n".join(paragraphs), encoding="utf-8")
    _out, data, _said = imported(tmp_path, capsys, source)
    [requirements] = [s for s in data["sections"] if s["type"] == "requirements"]
    assert requirements["speaker"] == "邱胜" and requirements["topic"] == "工会工作"


@pytest.mark.parametrize("report", list(wordfiles.REPORTS))
def test_text_pasted_from_a_pdf_is_joined_into_its_paragraphs(report, tmp_path, capsys):
    """Plain text broken at every 28 characters (a PDF's lines, paragraphs indented two characters): each
    paragraph whole again, headings apart."""
    expected = wordfiles.REPORTS[report]()
    paragraphs = ["".join(expected.title), expected.date_line, *(p for p in expected.body() if p != expected.photo)]
    source = tmp_path / "pasted.txt"
    lines = []
    for text in paragraphs:  # a paragraph's first line indented by two characters, as the PDF set it
        if text.endswith(("。", "！", "：")):
            text = "\u3000\u3000" + text
        lines += [text[k:k + 28] for k in range(0, len(text), 28)]
    source.write_text("\n".join(lines), encoding="utf-8")
    out, data, _said = imported(tmp_path, capsys, source)
    sections = data["sections"]
    units = next(s for s in sections if s["type"] == "unit_reports")
    assert [(u["name"], u["paragraphs"]) for u in units["units"]] == expected.units.units
    requirements = next(s for s in sections if s["type"] == "requirements")
    assert [(i["title"], i["paragraphs"]) for i in requirements["items"]] == expected.requirements.items
    assert requirements["speaker"] == expected.requirements.speaker
    assert sections[-1] == {"type": "closing", "paragraphs": [expected.closing]}
    assert data["meeting"]["date"] == expected.date
    built = [t for s, t in docx_paragraphs(build_docx(out, tmp_path / "out")) if s not in ("table", "image")]
    assert built == ["".join(expected.title), *(p for p in expected.body() if p != expected.photo)]


def test_a_notice_with_a_salutation_and_a_lead_the_template_does_not_write(tmp_path, capsys):
    """各单位： before the lead, a time of day and a place in its opening, the speaker named by role only in
    the speech: the facts are still read, the lead kept as written, nothing invented."""
    source = tmp_path / "notice.txt"
    source.write_text("\n".join([
        "关于2024年度安全生产工作会议情况的通报", "各单位：",
        "2月26日上午，江南精工集团在集团总部召开2024年度安全生产工作会议，总结2024年度安全生产工作，"
        "研究部署2025年度重点任务。", "周立群讲话要点", "会上，集团董事长周立群作了重要讲话。他强调：",
        "一、压紧压实安全生产责任", "各单位主要负责人要切实履行第一责任人职责。",
        "二、深入开展隐患排查治理", "要坚持问题导向，做到隐患排查全覆盖。", "让我们团结一心，做好今年的工作！"]),
        encoding="utf-8")
    out, data, _said = imported(tmp_path, capsys, source)
    meeting = data["meeting"]
    assert (meeting["date"], meeting["year"], meeting["organiser"], meeting["name"]) == (
        dt.date(2025, 2, 26), 2024, "江南精工集团", "2024年度安全生产工作会议")
    assert meeting["purpose"] == ["总结2024年度安全生产工作", "研究部署2025年度重点任务"]
    sections = data["sections"]
    assert [s["type"] for s in sections] == ["paragraphs", "requirements", "closing"]
    assert sections[0]["paragraphs"][0] == "各单位："
    assert sections[1]["speaker"] == "周立群" and sections[1]["heading"] == "周立群讲话要点"
    _loaded, problems = inspect(out)
    assert not [p for p in problems if p.severity == "error"], problems


def test_a_docx_whose_part_unpacks_beyond_any_report_is_refused(tmp_path, capsys):
    """A zip bomb in document.xml is RG122, read no further."""
    import zipfile

    source = wordfiles.write(wordfiles.safety(), wordfiles.WAYS["word-styles"][0], tmp_path / "ok.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * (70 * 2 ** 20) + b"--></w:body>")
            new.writestr(item.filename, data)
    status, _said, err = run(capsys, "import", str(bomb))
    assert status == 1 and "RG122" in err


def test_lines_of_one_length_that_end_their_sentences_are_not_joined():
    """A list of names of one length (or paragraphs each on a line) is no text broken at a fixed width."""
    from reportgen.importer.text_reader import read_text

    names = [f"深科技第{k}分工会主席张{k}同志" for k in "一二三四五六七八九"]
    blocks, _warnings = read_text("\n".join(names).encode(), "x.txt")
    assert [b.text for b in blocks] == names


def test_a_title_ending_in_jiyao_over_the_lead_is_a_title_not_a_minutes_mark():
    """…会议纪要 is the mark only when a document number or the title follows it, not the lead."""
    from reportgen.importer import import_text

    text = ("江南精工集团2024年度安全生产工作会议纪要\n2月26日，江南精工集团召开2024年度安全生产工作会议，"
            "总结2024年度安全生产工作，研究部署2025年度重点任务。\n会议指出，要压实责任。")
    data = yaml.safe_load(import_text(text.encode("utf-8"), "x.txt").text)
    assert data["kind"] == "report" and data["title"] == "江南精工集团2024年度安全生产工作会议纪要"


def test_an_empty_paragraph_sets_the_closing_apart(tmp_path, capsys):
    """The last paragraph straight under a heading is its paragraph, unless an empty one sets it apart."""
    lines = ["工作回顾", "今年各项工作稳步推进，成效明显。", "下一步安排", "明年要继续努力，完成各项任务。"]
    source = tmp_path / "a.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    _out, data, _said = imported(tmp_path, capsys, source)
    assert data["sections"][-1]["type"] == "paragraphs"
    source.write_text("\n".join([*lines, "", "让我们团结一心，再创佳绩！"]), encoding="utf-8")
    _out, data, _said = imported(tmp_path / "again", capsys, source)
    assert data["sections"][-1] == {"type": "closing", "paragraphs": ["让我们团结一心，再创佳绩！"]}


def test_points_nobody_asks_for_are_no_requirements(tmp_path, capsys):
    """一、二、 under a heading that asks for nothing, with no speaker in sight, stay as they were written."""
    source = tmp_path / "review.txt"
    source.write_text("\n".join(["2024年主要工作", "一、强化安全责任", "全年签订责任书一百二十份。",
                                 "二、加强隐患排查", "全年排查隐患一千余项。", "", "新的一年，我们将继续努力！"]),
                      encoding="utf-8")
    _out, data, _said = imported(tmp_path, capsys, source)
    kinds = [s["type"] for s in data["sections"]]
    assert "requirements" not in kinds and "待填写：讲话人" not in _out.read_text(encoding="utf-8")
    [section] = [s for s in data["sections"] if s["type"] == "unit_reports"]
    assert [u["name"] for u in section["units"]] == ["一、强化安全责任", "二、加强隐患排查"]
