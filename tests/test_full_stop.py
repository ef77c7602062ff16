"""An ASCII full stop ending a Chinese sentence is flagged (RG301) and fixed to 。 (issue 15); decimals, file
names, web addresses, ellipses and Latin abbreviations are left alone."""

from __future__ import annotations

import pytest

from reportgen.lint.rules import ascii_punctuation
from reportgen.loader import load_file

from .lintkit import findings, run, write_input


@pytest.mark.parametrize(("text", "fixed"), [
    ("激发干劲.", "激发干劲。"),
    ("会议召开.随后总结工作.", "会议召开。随后总结工作。"),
    ("会议召开. 然后", "会议召开。 然后"),
    ("（见附件）.", "（见附件）。"),
    ("一.总结工作", "一、总结工作"),
    ("增长3.5%，共3.5万元", None),
    ("见照片.jpg和通知.docx。", None),
    ("网址www.深科技.com", None),
    ("等等...", None),
    ("Dr. Wang来访，e.g. 例如", None),
])
def test_full_stop_after_chinese(text, fixed):
    hits = ascii_punctuation(text)
    out = list(text)
    for hit in hits:
        out[hit.start] = hit.replacement or ""
    assert "".join(out) == (fixed or text)
    assert all(h.code == "RG301" for h in hits)


def test_check_flags_and_fix_repairs_the_full_stop(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["激发干劲.", "照片见会场.jpg，增长3.5%。"])
    status, _out, err = run(capsys, "check", str(path))
    assert status == 0
    assert [(code, rest.split("（")[0]) for _l, _c, code, rest in findings(err)] == [
        ("RG301", "警告 中文里用了半角标点「.」，应为全角「。」")]
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    assert load_file(path).data["sections"][0]["paragraphs"] == ["激发干劲。", "照片见会场.jpg，增长3.5%。"]
