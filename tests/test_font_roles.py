"""Every kind of face found by family name on a Windows and on a macOS machine (fake font folders whose files
carry the real systems' name tables), whatever the files are called; the standard's faces before substitutes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportgen.fonts import KINDS, discovery, index

from .fontfolders import fake_macos_fonts, fake_windows_fonts
from .lintkit import run


@pytest.fixture
def machine(monkeypatch):
    """Point the font lookup at a fake system: `machine(platform)` after setting up its folders."""

    def switch(platform: str) -> None:
        monkeypatch.setattr(sys, "platform", platform)
        monkeypatch.setattr(discovery, "installed_faces", lambda: ())  # no fontconfig on Windows or macOS
        monkeypatch.setattr(discovery, "prepared_file", lambda family: None)  # nor faces prepared on Linux
        discovery.system_faces.cache_clear()
        index.forget_index()

    yield switch
    discovery.system_faces.cache_clear()
    index.forget_index()


def _resolved() -> dict[str, tuple[str, str, int, str]]:
    out = {}
    for kind in KINDS:
        face = discovery.resolve(kind)
        out[kind] = (face.family, face.path.name, face.index, face.describe())
    return out


def test_windows_faces_are_found_by_family_name(tmp_path, monkeypatch, machine):
    for name, value in fake_windows_fonts(tmp_path).items():
        monkeypatch.setenv(name, value)
    machine("win32")
    assert _resolved() == {
        "fangsong": ("FangSong", "simfang.ttf", 0, "仿宋"),
        "hei": ("SimHei", "simhei.ttf", 0, "黑体"),
        "kai": ("KaiTi", "simkai.ttf", 0, "楷体"),
        "song": ("SimSun", "simsun.ttc", 0, "宋体"),
        # Installed for the user only, under a file name of its own: found by its family all the same.
        "xiaobiaosong": ("方正小标宋简体", "方正小标宋简体.TTF", 0, "小标宋"),
    }


def test_a_stock_windows_without_xiaobiaosong_sets_the_title_in_hei_and_says_so(tmp_path, monkeypatch, machine,
                                                                             capsys):
    env = fake_windows_fonts(tmp_path)
    for user_font in Path(env["LOCALAPPDATA"]).rglob("*.TTF"):
        user_font.unlink()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    machine("win32")
    face = discovery.resolve("xiaobiaosong")
    assert (face.family, face.looks, face.acceptable) == ("SimHei", "hei", False)
    status, out, _err = run(capsys, "fonts")
    assert status == 0
    assert "小标宋（xiaobiaosong）：SimHei，替代：黑体代替小标宋" in out


def test_macos_faces_are_found_by_family_name_in_its_four_folders(tmp_path, monkeypatch, machine):
    root, home = fake_macos_fonts(tmp_path)
    monkeypatch.setattr(index, "system_font_dirs", lambda: [
        root / "System/Library/Fonts", root / "System/Library/Fonts/Supplemental", root / "Library/Fonts",
        home / "Library/Fonts"])
    machine("darwin")
    resolved = _resolved()
    assert resolved["fangsong"] == ("STFangsong", "华文仿宋.ttf", 0, "仿宋")
    assert resolved["hei"][:2] == ("Heiti SC", "STHeiti Medium.ttc")
    assert resolved["kai"][:2] == ("Kaiti SC", "Kaiti.ttc")
    assert resolved["xiaobiaosong"][:2] == ("方正小标宋简体", "FZXBSJW.TTF")  # the user's own, in a subfolder
    song = discovery.resolve("song")
    assert (song.family, song.path.name) == ("Songti SC", "Songti.ttc")
    assert _style(song) == "Regular"
    # Without 方正小标宋, the heaviest Song the system has stands in: Songti SC Black.
    (home / "Library/Fonts/方正/FZXBSJW.TTF").unlink()
    discovery.system_faces.cache_clear()
    index.forget_index()
    title = discovery.resolve("xiaobiaosong")
    assert (title.family, title.path.name, _style(title), title.describe()) == (
        "Songti SC", "Songti.ttc", "Black", "替代：粗宋体代替小标宋")
    assert title.acceptable


def test_the_default_folders_are_the_systems_own(tmp_path, monkeypatch):
    env = fake_windows_fonts(tmp_path)
    folders = index.system_font_dirs("win32", env)
    assert folders == [Path(env["WINDIR"]) / "Fonts", Path(env["LOCALAPPDATA"]) / "Microsoft/Windows/Fonts"]
    root, home = fake_macos_fonts(tmp_path / "mac")
    assert [p.relative_to(tmp_path / "mac") for p in index.system_font_dirs("darwin", {}, home, root)] == [
        Path("root/System/Library/Fonts"), Path("root/System/Library/Fonts/Supplemental"),
        Path("root/Library/Fonts"), Path("home/Library/Fonts")]


def _style(face: discovery.Face) -> str:
    from fontTools.ttLib import TTFont

    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(2)
