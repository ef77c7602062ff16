"""The lint reads prose only, and `check --fix` repairs prose only: never a path, a code, a date, a style name."""

from __future__ import annotations

from pathlib import Path

import docx
from PIL import Image

from reportgen.loader import load_text

from .lintkit import HEADER, findings, run

# A photo whose file name has ASCII parentheses next to Chinese, as a camera or a copy in Explorer names it.
PHOTO = "会议照片(1).png"


def _photo_input(folder: Path) -> Path:
    Image.new("RGB", (40, 30), (200, 30, 30)).save(folder / PHOTO)
    path = folder / "in.yaml"
    path.write_text(
        HEADER
        + "minutes:\n  number: 深科技工会纪(2024)1号\n"
        + "sections:\n"
        + f"  - type: image\n    path: {PHOTO}\n    caption: 会议现场(一)\n"
        + "  - type: paragraphs\n    paragraphs:\n      - 会议于今天召开,总结工作。\n",
        encoding="utf-8")
    return path


def test_fix_repairs_prose_but_never_a_path_or_a_code_then_the_build_succeeds(tmp_path, capsys):
    path = _photo_input(tmp_path)
    before = path.read_text(encoding="utf-8")
    status, out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0 and "RG301 已修复" in out
    after = path.read_text(encoding="utf-8")
    assert f"    path: {PHOTO}\n".encode() in path.read_bytes()  # the file name, byte for byte
    assert "  number: 深科技工会纪(2024)1号\n" in after  # a document number is a code, not prose
    assert "      - 会议于今天召开，总结工作。\n" in after  # prose repaired
    assert "    caption: 会议现场（一）\n" in after
    assert after.replace("召开，", "召开,").replace("（一）", "(一)") == before  # nothing else changed
    status, out, err = run(capsys, "build", str(path), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 0, err
    document = docx.Document(str(tmp_path / "out" / "in.docx"))
    assert len(document.inline_shapes) == 1
    assert "会议现场（一）" in [p.text for p in document.paragraphs]


def test_check_reports_nothing_in_values_that_are_not_prose(tmp_path, capsys):
    path = _photo_input(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("召开,", "召开，").replace("(一)", "（一）"), encoding="utf-8")
    assert run(capsys, "check", str(path)) == (0, f"{path}：没有发现问题\n", "")


def test_every_text_is_classified_by_the_schema():
    from reportgen.lint import prose

    loaded = load_text(
        HEADER + "style: official\nsections:\n"
        "  - type: image\n    path: a(1).png\n    caption: 照片\n"
        "  - type: table\n    columns: [甲]\n    rows: [[乙]]\n    widths: [3]\n"
        "  - type: tabel\n    caption: 说明\n"
        "  - type: closing\n    paragraphs: [完]\n    note: 备注\n", "f.yaml")
    found = {".".join(map(str, p)): known for p, _text, known in prose(loaded.data)}
    assert found["sections.0.caption"] is True and found["sections.1.rows.0.0"] is True
    assert found["meeting.organiser"] is True and found["meeting.attendees.people.0.role"] is True
    for not_prose in ("style", "kind", "sections.0.path", "sections.0.type", "meeting.date"):
        assert not_prose not in found
    # Where the schema cannot say (an unknown section type or key), a text is read but never fixed.
    assert found["sections.2.caption"] is False and found["sections.3.note"] is False


def test_in_a_file_that_does_not_validate_unknown_places_only_warn_and_are_never_fixed(tmp_path, capsys):
    path = tmp_path / "in.yaml"
    path.write_text(HEADER + "sections:\n  - type: closing\n    paragraphs:\n      - 会议结束,散会。\n"
                    "    note: 备注(见附件)\n", encoding="utf-8")
    status, _out, err = run(capsys, "check", "--fix", str(path))
    assert status == 1
    text = path.read_text(encoding="utf-8")
    assert "      - 会议结束，散会。\n" in text and "    note: 备注(见附件)\n" in text
    rows = findings(err)
    assert [code for _l, _c, code, _rest in rows] == ["RG201", "RG301", "RG301"]
    note = [rest for _l, _c, code, rest in rows if code == "RG301"]
    assert all(rest.startswith("警告 ") and "--fix" not in rest for rest in note)
