"""The free faces for Linux, made once: `reportgen fonts --prepare`.

GB/T 9704's faces have free counterparts in Debian's own packages: the Fandol set (仿宋, 宋体, 黑体, 楷体; complete
GB2312, mainland punctuation) in `texlive-lang-chinese`, and the heaviest free Song, Noto Serif CJK SC Black, for
小标宋 in `fonts-noto-cjk-extra`; Noto Serif CJK SC Regular (`fonts-noto-cjk`) sets the Traditional forms Fandol
lacks. Both packages are large and the first pulls in TeX, so we take only the font
files: from the installed package if it is there, else from the package file (`apt-get download`, no root, no
install). Their outlines are CFF, which ReportLab cannot embed; each is converted once to TrueType and kept in the
user's font folder (never the repository), where fontconfig finds it too, so LibreOffice sets the DOCX in the very
file the PDF embeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .fontconfig import installed_faces
from .prepared import PREPARED, Prepared, prepared_dir


class _Sources:
    """Finds each source file: installed (under / or known to fontconfig), else taken from its package file."""

    def __init__(self, scratch: Path, log: Callable[[str], object]) -> None:
        self.scratch, self.log = scratch, log
        self.packages: dict[str, Path | None] = {}

    def find(self, spec: Prepared) -> Path | None:
        installed = Path("/") / spec.member
        if installed.is_file():
            return installed
        for family, file, _index, _style in installed_faces():
            if family == spec.source_family and Path(file).name == Path(spec.member).name:
                return Path(file)
        package = self._package(spec.package)
        if package is None:
            return None
        target = self.scratch / spec.member
        try:
            with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(package)], stdout=subprocess.PIPE) as deb:
                assert deb.stdout is not None
                with tarfile.open(fileobj=deb.stdout, mode="r|") as tar:
                    for member in tar:
                        if member.name.lstrip("./") == spec.member and member.isfile():
                            source = tar.extractfile(member)
                            assert source is not None
                            target.parent.mkdir(parents=True, exist_ok=True)
                            with open(target, "wb") as out:
                                shutil.copyfileobj(source, out)
                            break
                deb.stdout.read()  # let dpkg-deb finish writing
        except (OSError, tarfile.TarError) as exc:
            self.log(f"无法从 {package.name} 中取出 {Path(spec.member).name}：{exc}")
            return None
        return target if target.is_file() else None

    def _package(self, name: str) -> Path | None:
        """The package file, downloaded once into the scratch folder (`apt-get download`: no root needed)."""
        if name not in self.packages:
            self.packages[name] = None
            if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
                self.log(f"跳过 {name}：本机没有 apt-get/dpkg-deb（不是 Debian/Ubuntu）")
                return None
            self.log(f"正在下载软件包 {name}（只取其中的字体，不安装）……")
            done = subprocess.run(["apt-get", "download", "-q", name], cwd=self.scratch, capture_output=True,
                                  text=True, check=False)
            found = sorted(self.scratch.glob(f"{name}_*.deb"))
            if done.returncode != 0 or not found:
                why = (done.stderr.strip().splitlines() or ["未知原因"])[-1]
                self.log(f"无法下载 {name}：{why}（可先运行 sudo apt-get update 再试）")
            else:
                self.packages[name] = found[0]
        return self.packages[name]


def prepare(log: Callable[[str], object] = print) -> list[Path]:
    """Make every prepared face that is missing (once, 10–40 s each); remove files of ours no longer made."""
    made: list[Path] = []
    folder = prepared_dir()
    wanted = {spec.file for spec in PREPARED.values()}
    if folder.is_dir():
        for old in folder.iterdir():
            if old.suffix == ".ttf" and old.name not in wanted:
                old.unlink()  # an earlier version's face: superseded by the files below
    with tempfile.TemporaryDirectory(prefix="reportgen-fonts-") as scratch:
        sources = _Sources(Path(scratch), log)
        for spec in PREPARED.values():
            target = folder / spec.file
            if target.is_file():
                log(f"已准备：{target}")
                continue
            source = sources.find(spec)
            if source is None:
                log(f"跳过 {spec.family}：找不到 {Path(spec.member).name}（Debian 软件包 {spec.package}）")
                continue
            log(f"正在把 {source.name} 转换为 TrueType（只需一次）……")
            folder.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            try:
                _convert(source, spec).save(str(temp))
                os.replace(temp, target)
            finally:
                temp.unlink(missing_ok=True)
            made.append(target)
            log(f"已生成 {target}")
    # Also when nothing was made: a stale fontconfig cache for this folder makes every `fc-list`
    # (once per build) rescan the faces.
    if folder.is_dir() and shutil.which("fc-cache"):
        subprocess.run(["fc-cache", str(folder)], capture_output=True, check=False)
        installed_faces.cache_clear()
    return made


def _face_index(path: Path, family: str) -> int:
    """Which face of a collection is `family` (0 for a single font)."""
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        name = font["name"]
        if family in (name.getDebugName(16), name.getDebugName(1)) or name.getDebugName(1) == family + " Regular":
            return index
    raise ValueError(f"{family} is not in {path}")


def _convert(path: Path, spec: Prepared) -> Any:  # a fontTools TTFont (fontTools has no types)
    """Redraw a CFF face's outlines as TrueType quadratics (as fontTools' otf2ttf does), first subsetting it to
    `spec.ranges` when it has far more glyphs than a report needs."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(path), fontNumber=_face_index(path, spec.source_family))
    if spec.ranges is not None:
        wanted = [cp for cp in font.getBestCmap() if any(lo <= cp <= hi for lo, hi in spec.ranges)]
        options = subset.Options()
        options.layout_features, options.hinting, options.desubroutinize = [], False, True
        options.name_IDs, options.name_languages, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
    order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    names = font["name"]
    names.names = [n for n in names.names if n.nameID not in (1, 2, 3, 4, 6, 16, 17, 21, 22)]
    for name_id, value in ((1, spec.family), (2, "Regular"), (3, f"reportgen;{spec.postscript}"),
                           (4, spec.family), (6, spec.postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font.sfntVersion = "\0\1\0\0"
    return font
