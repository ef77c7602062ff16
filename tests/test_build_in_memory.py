"""The build from text held in memory and from a typed report: what an editor builds from its buffer is what
`build` makes of the saved file."""

from __future__ import annotations

import pytest

from reportgen import build
from reportgen.diagnostics import InputError
from reportgen.pipeline import prepare, prepare_text, render_report, report_input

from .conftest import EXAMPLE


def test_text_builds_the_same_bytes_as_the_file(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    from_file = build(EXAMPLE, tmp_path / "file")
    from_text = build(EXAMPLE, tmp_path / "text", text=text)
    assert [p.name for p in from_file.outputs] == [p.name for p in from_text.outputs]
    for a, b in zip(from_file.outputs, from_text.outputs, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_text_is_what_is_built_not_the_file(tmp_path):
    """A changed buffer is built, not the file on disk it names; photos are still found beside that file."""
    text = EXAMPLE.read_text(encoding="utf-8")
    _loaded, doc, _style = prepare_text(text.replace("name: 2023年度", "name: 2031年度", 1), EXAMPLE)
    _loaded, on_disk, _style = prepare(EXAMPLE)
    assert doc.texts() != on_disk.texts()
    assert any("2031年度" in t for t in doc.texts())


def test_text_problems_are_located_like_the_files(tmp_path):
    broken = EXAMPLE.read_text(encoding="utf-8").replace("date: 2024-02-28", "date: 2024-13-28", 1)
    (tmp_path / "in.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as from_file:
        prepare(tmp_path / "in.yaml")
    with pytest.raises(InputError) as from_text:
        prepare_text(broken, tmp_path / "in.yaml")
    assert from_text.value.diagnostics == from_file.value.diagnostics
    assert from_text.value.diagnostics[0].line > 0


def test_a_typed_report_renders_as_its_file_does():
    from reportgen.loader import load_file
    from reportgen.validate import validate

    report = validate(load_file(EXAMPLE)).report
    doc, style = render_report(report_input(report, EXAMPLE))
    _loaded, expected, expected_style = prepare(EXAMPLE)
    assert doc == expected and style == expected_style
