"""The font index of Windows and macOS font folders, read from fake folders with the faces those systems carry."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from reportgen.fonts import index
from reportgen.fonts.index import forget_index, indexed_faces, system_font_dirs
from reportgen.fonts.sfnt import problem

from .fontfolders import MACOS, WINDOWS, WINDOWS_USER_FONTS, FakeFace, fake_macos_fonts, fake_windows_fonts, write_font


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, and the index read afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    forget_index()
    yield
    forget_index()


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The files whose name tables are read, in order."""
    seen: list[Path] = []
    read = index._read_names

    def counting(path: Path):
        seen.append(path)
        return read(path)

    monkeypatch.setattr(index, "_read_names", counting)
    return seen


def expected(files: dict[Path, tuple[FakeFace, ...]]) -> set[tuple[str, str, int, str]]:
    """What the index should list for fake `files`: each face under its English and its Chinese family."""
    return {(family, str(path), i, face.style)
            for path, faces in files.items() for i, face in enumerate(faces) for family in (face.family, face.chinese)}


def windows_files(env: dict[str, str]) -> dict[Path, tuple[FakeFace, ...]]:
    fonts, user = Path(env["WINDIR"]) / "Fonts", Path(env["LOCALAPPDATA"]) / WINDOWS_USER_FONTS
    return {(fonts if where.startswith("Fonts/") else user) / where.split("/", 1)[1]: faces
            for where, faces in WINDOWS.items()}


def macos_files(root: Path, home: Path) -> dict[Path, tuple[FakeFace, ...]]:
    return {(home / where.removeprefix("home/") if where.startswith("home/") else root / where): faces
            for where, faces in MACOS.items()}


def test_windows_faces_are_found_by_english_and_chinese_family(tmp_path):
    env = fake_windows_fonts(tmp_path)
    faces = indexed_faces(system_font_dirs("win32", env))
    assert set(faces) == expected(windows_files(env))
    assert list(faces) == sorted(set(faces))
    by_family = {family: (Path(file).name, i) for family, file, i, _ in faces}
    assert by_family["仿宋"] == by_family["FangSong"] == ("simfang.ttf", 0)
    assert by_family["新宋体"] == by_family["NSimSun"] == ("simsun.ttc", 1)
    assert by_family["宋体"] == ("simsun.ttc", 0)
    # Installed by the user under a file name of its own, with an upper-case suffix: found by its family only.
    assert by_family["方正小标宋简体"] == by_family["FZXiaoBiaoSong-B05S"] == ("方正小标宋简体.TTF", 0)
    # The fakes are faces the PDF writer can embed (TrueType outlines, sound), as the real ones are.
    assert all(problem(Path(file), i) is None for _, file, i, _ in faces)


def test_macos_faces_are_found_in_collections_and_subfolders(tmp_path):
    root, home = fake_macos_fonts(tmp_path)
    faces = indexed_faces(system_font_dirs("darwin", {}, home, root))
    # Supplemental is both a folder of its own and a subfolder of System/Library/Fonts: listed once.
    assert set(faces) == expected(macos_files(root, home))
    assert len(faces) == len(set(faces)) == 2 * sum(map(len, MACOS.values()))
    songti = sorted((i, style) for family, file, i, style in faces if family == "宋体-简")
    assert songti == [(0, "Black"), (1, "Bold"), (2, "Regular"), (3, "Light")]  # English styles, not 黑体/粗体
    assert [(Path(f).name, i, s) for fam, f, i, s in faces if fam == "黑体-简"] == [("STHeiti Medium.ttc", 0, "Medium")]
    assert [Path(f).parent.name for fam, f, _, _ in faces if fam == "方正小标宋简体"] == ["方正"]


def test_typographic_family_and_style_names_count(tmp_path):
    path = write_font(tmp_path / "fonts" / "wenkai-light.ttf", [FakeFace("WenKai Test", "文楷测试", "Light",
                                                                         typographic=True)])
    faces = indexed_faces([tmp_path / "fonts"])
    assert {(f, s) for f, _, _, s in faces} == {
        ("WenKai Test", "Light"), ("文楷测试", "Light"), ("WenKai Test Light", "Light"), ("文楷测试 Light", "Light")}
    assert {file for _, file, _, _ in faces} == {str(path)}


def test_damaged_files_and_files_that_are_no_fonts_are_left_out(tmp_path):
    env = fake_windows_fonts(tmp_path)
    fonts = Path(env["WINDIR"]) / "Fonts"
    whole = (fonts / "simsun.ttc").read_bytes()
    (fonts / "half.ttc").write_bytes(whole[: len(whole) // 2])
    (fonts / "head.ttf").write_bytes((fonts / "simhei.ttf").read_bytes()[:40])
    (fonts / "empty.otf").write_bytes(b"")
    (fonts / "readme.ttf").write_text("这不是字体文件\n", encoding="utf-8")
    (fonts / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    (fonts / "folder.ttf").mkdir()
    faces = indexed_faces(system_font_dirs("win32", env))
    assert set(faces) == expected(windows_files(env))


def test_names_are_read_once_and_again_when_a_file_changes(tmp_path, reads):
    env = fake_windows_fonts(tmp_path)
    dirs = system_font_dirs("win32", env)
    first = indexed_faces(dirs)
    assert sorted(reads) == sorted(windows_files(env))
    reads.clear()
    assert indexed_faces(dirs) == first and reads == []  # this process: the list is kept
    forget_index()
    assert indexed_faces(dirs) == first and reads == []  # the next process: each file's names come from disk
    assert list((tmp_path / "cache" / "reportgen").glob("names-*.pickle"))

    # A font replaced in place (as an update does): its names are read again, and only its names.
    simhei = Path(env["WINDIR"]) / "Fonts" / "simhei.ttf"
    stamp = simhei.stat().st_mtime_ns
    write_font(simhei, [FakeFace("SimHei", "黑体", "Bold")])
    os.utime(simhei, ns=(stamp + 10**9, stamp + 10**9))
    forget_index()
    changed = indexed_faces(dirs)
    assert reads == [simhei]
    assert ("黑体", str(simhei), 0, "Bold") in changed and ("黑体", str(simhei), 0, "Regular") not in changed

    # A font installed meanwhile is seen once the index is read again.
    reads.clear()
    added = write_font(Path(env["WINDIR"]) / "Fonts" / "simfang2.ttf", [FakeFace("FangSong_GB2312", "仿宋_GB2312")])
    assert indexed_faces(dirs) == changed
    forget_index()
    assert ("仿宋_GB2312", str(added), 0, "Regular") in indexed_faces(dirs) and reads == [added]


def test_a_symlink_loop_is_read_once(tmp_path):
    root, home = fake_macos_fonts(tmp_path)
    library = root / "Library" / "Fonts"
    (library / "again").symlink_to(library, target_is_directory=True)
    (library / "up").symlink_to(root / "Library", target_is_directory=True)
    (home / "Library" / "Fonts" / "方正" / "mine").symlink_to(home / "Library", target_is_directory=True)
    (library / "dangling").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    (library / "dangling.ttf").symlink_to(tmp_path / "nowhere.ttf")
    # A folder of the user's linked from elsewhere is followed.
    kai = (FakeFace("KaiTi_GB2312", "楷体_GB2312"),)
    (home / "Library" / "Fonts" / "linked").symlink_to(write_font(tmp_path / "elsewhere" / "kai.ttf", kai).parent)
    dirs = system_font_dirs("darwin", {}, home, root)
    done: list[tuple[tuple[str, str, int, str], ...]] = []
    reader = threading.Thread(target=lambda: done.append(indexed_faces(dirs)), daemon=True)  # a hang fails
    reader.start()
    reader.join(timeout=60)
    assert done, "the index was not read within a minute: caught in the symlink loop"
    faces = done[0]
    linked = home / "Library" / "Fonts" / "linked" / "kai.ttf"
    assert set(faces) == expected(macos_files(root, home)) | expected({linked: kai})


def test_system_font_dirs(tmp_path):
    env = fake_windows_fonts(tmp_path / "win")
    windir, local = Path(env["WINDIR"]), Path(env["LOCALAPPDATA"])
    assert system_font_dirs("win32", env) == [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    shutil.rmtree(local)
    assert system_font_dirs("win32", env) == [windir / "Fonts"]  # a user who installed no font of their own
    assert system_font_dirs("win32", {"LOCALAPPDATA": str(local)}) == []  # C:\Windows\Fonts, not on this machine

    root, home = fake_macos_fonts(tmp_path / "mac")
    four = [root / "System/Library/Fonts", root / "System/Library/Fonts/Supplemental", root / "Library/Fonts",
            home / "Library/Fonts"]
    assert system_font_dirs("darwin", {}, home, root) == four
    shutil.rmtree(home / "Library")
    assert system_font_dirs("darwin", {}, home, root) == four[:3]

    # Elsewhere fontconfig knows the fonts, whatever folders there are.
    assert system_font_dirs("linux", env, home, root) == []
    assert system_font_dirs("linux") == []
    assert indexed_faces([tmp_path / "nowhere"]) == ()
