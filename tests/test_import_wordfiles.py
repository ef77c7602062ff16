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
