"""`check --fix` changes only the repaired characters, only in prose, and never damages the user's file
(issue 15): line endings, encodings, anchors, links, owners kept; URLs, code and emoji protected; every
fault (read-only, immutable, read-only folder, full disk, a file changed meanwhile) is a coded message with
the file exactly as it was and nothing left beside it."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.lint.fix import fix_file
from reportgen.pipeline import inspect

from .lintkit import HEADER, findings, run

BODY = ("sections:\n"
        "  - type: paragraphs   # 正文\n"
        "    paragraphs:\n"
        "      - 会议于今天召开,总结工作。\n"
        "      - '他说:''好''。'\n"
        "      - |-\n"
        "        第一行没有问题。\n"
        "        第二行,有问题。\n")
BROKEN = HEADER + BODY
FIXED = BROKEN.replace("召开,总结", "召开，总结").replace("他说:", "他说：").replace("第二行,有", "第二行，有")


def _write(path: Path, text: str, *, newline: str = "\n", encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _places(text: str, needle: str) -> tuple[int, int]:
    """Line and column of `needle` as an editor shows them (line endings are not columns)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("newline", ["\r\n", "mixed"])
def test_crlf_files_are_checked_at_the_right_places_and_fixed_keeping_their_line_ends(tmp_path, capsys, newline):
    if newline == "mixed":  # every other line ends in CRLF
        lines = BROKEN.split("\n")
        raw = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
        path = tmp_path / "in.yaml"
        path.write_bytes(raw.encode())
        want = raw.replace("召开,总结", "召开，总结").replace("他说:", "他说：").replace("第二行,有", "第二行，有")
    else:
        path = _write(tmp_path / "in.yaml", BROKEN, newline=newline)
        want = FIXED.replace("\n", newline)
    status, _out, err = run(capsys, "check", str(path))
    assert status == 0
    got = sorted((line, col, code) for line, col, code, _rest in findings(err))
    assert got == sorted([(*_places(BROKEN, ",总结"), "RG301"), (*_places(BROKEN, ":''好"), "RG301"),
                          (*_places(BROKEN, ",有问题"), "RG301")])
    status, out, err = run(capsys, "check", "--fix", str(path))
    assert status == 0 and err == "" and out.count("RG301 已修复") == 3
    assert path.read_bytes() == want.encode()
    assert _listing(tmp_path) == ["in.yaml"]


@pytest.mark.parametrize(("codec", "bom"), [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                            ("utf-16-be", codecs.BOM_UTF16_BE), ("gb18030", b"")])
def test_fix_writes_back_in_the_encoding_it_read(tmp_path, capsys, codec, bom):
    path = _write(tmp_path / "in.yaml", BROKEN, newline="\r\n", encoding=codec, bom=bom)
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    assert path.read_bytes() == bom + FIXED.replace("\n", "\r\n").encode(codec)


def test_fix_keeps_anchors_aliases_comments_and_quoting(tmp_path, capsys):
    body = ("sections:\n"
            "  - type: paragraphs\n"
            "    paragraphs:\n"
            "      - &lead   \"会议于今天召开,总结工作。\"   # 导语\n"
            "      - *lead\n"
            "      - 'ok,好'\n")
    path = _write(tmp_path / "in.yaml", HEADER + body)
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    want = body.replace("召开,总结", "召开，总结").replace("ok,好", "ok，好")
    assert path.read_text(encoding="utf-8") == HEADER + want


def test_urls_code_and_emoji_are_not_prose(tmp_path, capsys):
    texts = ["详见https://zh.wikipedia.org/wiki/上海(3)。会议,好。",
             "请发邮件至hr@example.com,谢谢。",
             "调用print(x)函数,完成。",
             "家庭👨\u200d👩\u200d👧和睦,幸福。",
             "旗帜🏳\ufe0f\u200d🌈与数字1\ufe0f\u20e3,均保留。",
             "中\u200b文"]
    body = "sections:\n  - type: paragraphs\n    paragraphs:\n" + "".join(f"      - \"{t}\"\n" for t in texts)
    path = _write(tmp_path / "in.yaml", HEADER + body)
    status, _out, err = run(capsys, "check", str(path))
    reported = findings(err)
    assert [code for _l, _c, code, _r in reported] == ["RG301"] * 5 + ["RG309"]
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    want = [t.replace(",", "，").replace("\u200b", "") for t in texts]
    assert path.read_text(encoding="utf-8") == HEADER + "sections:\n  - type: paragraphs\n    paragraphs:\n" + \
        "".join(f"      - \"{t}\"\n" for t in want)
    assert "(3)" in want[0] and "\u200d" in want[3] and "\ufe0f\u20e3" in want[4]


def test_a_symlinked_input_is_fixed_in_its_target(tmp_path, capsys):
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    target = _write(real_folder / "in.yaml", BROKEN)
    inode = target.stat().st_ino
    link = link_folder / "in.yaml"
    link.symlink_to(os.path.relpath(target, link_folder))
    status, _out, _err = run(capsys, "check", "--fix", str(link))
    assert status == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8") == FIXED and target.stat().st_ino != inode  # replaced atomically
    assert _listing(real_folder) == ["in.yaml"] and _listing(link_folder) == ["in.yaml"]


def test_a_hard_linked_input_is_fixed_under_every_name(tmp_path, capsys):
    path = _write(tmp_path / "in.yaml", BROKEN)
    other = tmp_path / "other.yaml"
    os.link(path, other)
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0
    assert other.read_text(encoding="utf-8") == FIXED and path.stat().st_ino == other.stat().st_ino


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_fix_keeps_mode_and_owner(tmp_path, capsys):
    path = _write(tmp_path / "in.yaml", BROKEN)
    os.chown(path, 1234, 5678)
    path.chmod(0o640)
    status, _out, _err = run(capsys, "check", "--fix", str(path))
    assert status == 0 and path.read_text(encoding="utf-8") == FIXED
    st = path.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (1234, 5678, 0o640)


def _refused(capsys, path: Path, code: str) -> None:
    """`check --fix` says `code`, exit 1, and the file is byte for byte and inode for inode as it was."""
    before, inode, listing = path.read_bytes(), path.stat().st_ino, _listing(path.parent)
    status, _out, err = run(capsys, "check", "--fix", str(path))
    assert status == 1
    assert f"{path}: {code} " in err, err  # a fault of the whole file: no line and column
    assert path.read_bytes() == before and path.stat().st_ino == inode
    assert _listing(path.parent) == listing


@contextlib.contextmanager
def _chattr(path: Path) -> Iterator[None]:
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_an_immutable_input_is_refused(tmp_path, capsys):
    path = _write(tmp_path / "in.yaml", BROKEN)
    with _chattr(path):
        _refused(capsys, path, "RG312")


def test_a_read_only_input_is_refused(tmp_path, capsys):
    path = _write(tmp_path / "in.yaml", BROKEN)
    path.chmod(0o444)
    _refused(capsys, path, "RG312")


def test_a_folder_that_takes_no_new_file_is_refused(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = _write(folder / "in.yaml", BROKEN)
    if os.geteuid() == 0:
        with _chattr(folder):
            _refused(capsys, path, "RG313")
    else:
        folder.chmod(0o555)
        try:
            _refused(capsys, path, "RG313")
        finally:
            folder.chmod(0o755)


@contextlib.contextmanager
def _full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs filled to the last byte, or a skip where it cannot be mounted."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(folder: Path) -> None:
    """Take every free byte of `folder`'s file system."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


@pytest.mark.parametrize("linked", [False, True])
def test_a_full_disk_leaves_the_input_as_it_was(tmp_path, capsys, linked):
    with _full_disk(tmp_path) as folder:
        # a comment pads the file to just under a page: the repaired file needs one more page
        pad = 4094 - len(BROKEN.encode()) - len("#\n")
        path = _write(folder / "in.yaml", BROKEN + "#" + "x" * pad + "\n")
        assert path.stat().st_size == 4094
        if linked:
            os.link(path, folder / "other.yaml")
        _fill(folder)
        with pytest.raises(OSError) as full:
            (folder / "probe").write_bytes(b"x" * 4096)
        assert full.value.errno == errno.ENOSPC
        (folder / "probe").unlink(missing_ok=True)
        _refused(capsys, path, "RG314")


def test_a_file_changed_after_the_check_is_not_overwritten(tmp_path, capsys):
    path = _write(tmp_path / "in.yaml", BROKEN)
    loaded, _problems = inspect(path)
    path.write_text(BROKEN + "# 另一个程序写入的内容\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(Exception) as refused:
        fix_file(path, loaded)
    assert [d.code for d in refused.value.diagnostics] == ["RG315"]
    assert path.read_bytes() == edited and _listing(tmp_path) == ["in.yaml"]


def test_a_file_changed_while_the_fix_is_written_is_not_overwritten(tmp_path, monkeypatch):
    import reportgen.lint.fix as fix

    path = _write(tmp_path / "in.yaml", BROKEN)
    loaded, _problems = inspect(path)
    real_fsync = os.fsync

    def meanwhile(fd: int) -> None:  # another program saves the file while ours is being written
        path.write_text(BROKEN + "# 编辑器保存的内容\n", encoding="utf-8")
        real_fsync(fd)

    monkeypatch.setattr(fix.os, "fsync", meanwhile)
    with pytest.raises(Exception) as refused:
        fix_file(path, loaded)
    assert [d.code for d in refused.value.diagnostics] == ["RG315"]
    assert path.read_text(encoding="utf-8") == BROKEN + "# 编辑器保存的内容\n"
    assert _listing(tmp_path) == ["in.yaml"]


def test_repairs_that_cannot_be_placed_are_named_not_forced(tmp_path, capsys):
    """A string shared through an alias with a place that is not prose (an image path), and a space that is
    a folded line break, are left as they are, each with a located RG311 note; the rest is repaired."""
    body = ("sections:\n"
            "  - type: image\n    path: &photo 现场,照片.jpg\n    caption: 会议现场\n"
            "  - type: paragraphs\n    paragraphs:\n"
            "      - *photo\n"
            "      - 第一行文字\n        第二行,文字\n")
    path = _write(tmp_path / "in.yaml", HEADER + body)
    _status, out, err = run(capsys, "check", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == HEADER + body.replace("第二行,文字", "第二行，文字")
    notes = [(line, col) for line, col, code, _rest in findings(err) if code == "RG311"]
    fold = _places(HEADER + body, "第一行文字")
    assert notes == [_places(HEADER + body, ",照片"), (fold[0], fold[1] + 5)]
    assert out.count("已修复") == 1


def test_an_interrupt_while_the_fix_is_written_waits_until_the_file_is_whole(tmp_path, monkeypatch):
    import signal

    import reportgen.lint.fix as fix

    path = _write(tmp_path / "in.yaml", BROKEN)
    loaded, _problems = inspect(path)
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:  # Ctrl-C in the middle of writing
        os.kill(os.getpid(), signal.SIGINT)
        real_fsync(fd)

    monkeypatch.setattr(fix.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fix_file(path, loaded)
    assert path.read_text(encoding="utf-8") == FIXED and _listing(tmp_path) == ["in.yaml"]
