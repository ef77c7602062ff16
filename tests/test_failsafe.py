"""A failing build leaves the output folder exactly as it was: nothing new, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.atomic import staged

from .conftest import EXAMPLE
from .lintkit import run


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous_output(tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "2023-union-annual-meeting.docx").write_bytes(b"last year's docx")
    (out / "2023-union-annual-meeting.pdf").write_bytes(b"last year's pdf")
    (out / "notes.txt").write_text("用户自己的文件", encoding="utf-8")
    return out


def _replace_writers(monkeypatch, replace) -> None:
    """Writing each format's bytes into its staged file, as the pipeline does it: `replace(format name, real
    writer)` gives the writer to use instead (its first argument is the staged file, its second the bytes)."""
    from reportgen import pipeline

    real = pipeline.write_output

    def write_output(fmt, temp, blob):
        replace(fmt, lambda *args: real(fmt, *args))(temp, blob)

    monkeypatch.setattr(pipeline, "write_output", write_output)


def test_writer_failing_after_another_format_was_written(previous_output, capsys, monkeypatch):
    def failing(fmt, real):
        if fmt == "pdf":
            def write(*args):
                args[0].write_bytes(b"%PDF-1.7 half")
                raise OSError(28, "No space left on device")
            return write
        return real

    _replace_writers(monkeypatch, failing)
    before = _snapshot(previous_output)
    status, out, err = run(capsys, "build", str(EXAMPLE), "-o", str(previous_output))
    assert status == 1 and out == ""
    assert "磁盘空间不足" in err and "输出文件夹未改动" in err
    assert _snapshot(previous_output) == before


def test_rename_failing_half_way_puts_everything_back(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "a.pdf"
    first.write_bytes(b"old docx")
    second.mkdir()  # os.replace cannot put a file over a folder
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OSError), staged([first, second]) as temps:
        temps[0].write_bytes(b"new docx")
        temps[1].write_bytes(b"new pdf")
    assert first.read_bytes() == b"old docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_new_output_folder_is_removed_when_the_build_fails(tmp_path, capsys, monkeypatch):
    def broken(fmt, real):
        def write(*args):
            raise PermissionError(13, "Permission denied")
        return write

    _replace_writers(monkeypatch, broken)
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "new" / "out"))
    assert status == 1 and "没有写入权限" in err
    assert not (tmp_path / "new" / "out").exists()


def test_successful_build_replaces_both_files_and_leaves_no_temporaries(previous_output, capsys):
    status, _out, _err = run(capsys, "build", str(EXAMPLE), "-o", str(previous_output))
    assert status == 0
    after = _snapshot(previous_output)
    assert sorted(after) == ["2023-union-annual-meeting.docx", "2023-union-annual-meeting.pdf", "notes.txt"]
    assert after["2023-union-annual-meeting.pdf"].startswith(b"%PDF")
    assert after["2023-union-annual-meeting.docx"].startswith(b"PK")
