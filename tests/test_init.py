"""`reportgen init`: a commented starter input and the examples, never over an existing file."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.starter import EXAMPLE_FILES, EXAMPLES_FOLDER, STARTER_NAME

from .conftest import ROOT
from .lintkit import findings, run

STARTER_SOURCE = ROOT / "reportgen" / "starter.yaml"


def _written(folder: Path) -> list[Path]:
    return [folder / STARTER_NAME, *(folder / EXAMPLES_FOLDER / name for name in EXAMPLE_FILES)]


def test_init_writes_the_starter_and_the_examples(tmp_path, capsys):
    folder = tmp_path / "年会" / "2024"  # made, parents too
    status, out, err = run(capsys, "init", str(folder))
    assert (status, err) == (0, "")
    files = _written(folder)
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == sorted(files)
    assert files[0].read_bytes() == STARTER_SOURCE.read_bytes()
    for name, copy in zip(EXAMPLE_FILES, files[1:], strict=True):
        assert copy.read_bytes() == (ROOT / "inputs" / name).read_bytes()
    lines = out.splitlines()
    assert lines[:len(files)] == [f"已写入 {p}" for p in files]
    assert lines[-2:] == [f"  reportgen check {files[0]}", f"  reportgen build {files[0]} -o {folder / 'output'}"]


def _marks_left(capsys, starter: Path) -> list[tuple[int, int]]:
    """`check` of the starter: it fails, and only for the ×× marks, one RG308 at each (line, column)."""
    status, _out, err = run(capsys, "check", str(starter))
    found = findings(err)
    assert status == 1 and {code for _line, _col, code, _rest in found} == {"RG308"}, err
    return [(line, col) for line, col, _code, _rest in found]


def _marks(text: str) -> list[tuple[int, int]]:
    """Where the starter's ×× runs stand outside comments, found by plain search."""
    return [(number, m.start() + 1) for number, line in enumerate(text.splitlines(), 1)
            for m in re.finditer("××+", line.partition(" #")[0]) if not line.lstrip().startswith("#")]


def test_the_untouched_starter_names_every_example_text_to_replace(tmp_path, capsys):
    """`check` on the starter as `init` wrote it lists each ×× as RG308 (so does `build`, which writes nothing);
    replaced, it passes and builds; the examples beside it build as they are."""
    run(capsys, "init", str(tmp_path))
    starter = tmp_path / STARTER_NAME
    text = starter.read_text(encoding="utf-8")
    assert _marks_left(capsys, starter) == _marks(text) and len(_marks(text)) >= 20
    status, _out, err = run(capsys, "build", str(starter), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 1 and "RG308" in err and not (tmp_path / "out").exists()
    starter.write_text(text.replace("××", "甲乙"), encoding="utf-8")
    assert run(capsys, "check", str(starter)) == (0, f"{starter}：没有发现问题\n", "")
    example = tmp_path / EXAMPLES_FOLDER / EXAMPLE_FILES[0]
    status, out, _err = run(capsys, "build", str(example), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 0 and "已生成" in out


def test_starter_explains_every_field(tmp_path, capsys):
    run(capsys, "init", str(tmp_path))
    starter = tmp_path / STARTER_NAME
    text = starter.read_text(encoding="utf-8")
    body = text.split("# 其他可用的部分")[0]
    comments = "".join(line.partition("#")[2] for line in body.splitlines())
    # Every field set is explained: a comment on its own line, or its name in the comment of the line above
    # it ("name 姓名，role 职务").
    keys = re.findall(r"^ *(?:- )?([a-z_]+):(.*)$", body, flags=re.MULTILINE)
    assert len(keys) >= 25
    for key, rest in keys:
        assert "#" in rest or re.search(rf"\b{key}\b", comments), key
    assert text.count("××") >= 10  # the example text to overwrite is marked


def test_the_commented_section_examples_work_once_uncommented(tmp_path, capsys):
    run(capsys, "init", str(tmp_path))
    starter = tmp_path / STARTER_NAME
    head, extras = starter.read_text(encoding="utf-8").split("# 其他可用的部分")
    # What the comment asks: drop "# " from each line of a block and keep it under `sections:`.
    blocks = "\n".join(line[2:] for line in extras.splitlines()[1:] if line.startswith("#   "))
    assert blocks.count("- type:") == 3
    blocks = blocks.replace("images/会议现场.jpg", f"{EXAMPLES_FOLDER}/images/2023-meeting.jpg")
    starter.write_text(head + blocks + "\n", encoding="utf-8")
    assert _marks_left(capsys, starter) == _marks(head + blocks)  # nothing but the marks to replace


def test_init_never_replaces_a_file(tmp_path, capsys):
    run(capsys, "init", str(tmp_path))
    starter = tmp_path / STARTER_NAME
    starter.write_text("meeting: 我改过的\n", encoding="utf-8")
    status, out, err = run(capsys, "init", str(tmp_path))
    assert (status, out) == (1, "")
    assert err.startswith(f"{starter}: 已存在，没有写入任何文件；要覆盖请加 --force")
    assert starter.read_text(encoding="utf-8") == "meeting: 我改过的\n"

    # One example file in the way: nothing at all is written, the starter included.
    other = tmp_path / "other"
    photo = other / EXAMPLES_FOLDER / "images" / "2023-meeting.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"mine")
    status, _out, err = run(capsys, "init", str(other))
    assert status == 1 and err.startswith(f"{photo}: 已存在")
    assert sorted(p for p in other.rglob("*") if p.is_file()) == [photo] and photo.read_bytes() == b"mine"

    assert run(capsys, "init", "--force", str(tmp_path))[0] == 0
    assert starter.read_bytes() == STARTER_SOURCE.read_bytes()


def test_init_in_the_current_folder_and_onto_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _err = run(capsys, "init")
    assert status == 0 and (tmp_path / STARTER_NAME).is_file()
    assert out.splitlines()[-1] == f"  reportgen build {STARTER_NAME}"  # into ./output, the default

    status, out, err = run(capsys, "init", STARTER_NAME)
    assert (status, out) == (1, "") and err.startswith(f"{STARTER_NAME}: 这是一个文件，不是文件夹")
