"""The free faces `reportgen fonts --prepare` makes on Linux (`convert`): which ones, from which Debian packages,
and where the made files live. Data only, read on every build to find them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"


@dataclass(frozen=True)
class Prepared:
    """A TrueType face we make from a CFF one, and where the CFF one comes from."""

    family: str      # the family the converted face carries (and `roles.KINDS` names)
    postscript: str
    package: str     # the Debian package that carries the source
    member: str      # the source's path inside that package (and under / once it is installed)
    source_family: str  # the source face's family, to pick it from a collection or find it through fontconfig
    file: str        # the converted face's file name in `prepared_dir()`
    ranges: tuple[tuple[int, int], ...] | None  # code points kept; None: all of a face made for Chinese
    traditional: bool = False  # made only when asked (`fonts --prepare --traditional`): for `--lang zh-Hant` builds


# For the 65,535-glyph Noto face, what a Chinese report sets: ASCII and Latin-1, pinyin tone letters, general
# punctuation, letterlike and number forms, arrows and maths, enclosed numbers, shapes, CJK symbols, enclosed
# CJK, the URO, full-width forms. CJK Extension A is left out; the coverage check names any character missing.
_REPORT_RANGES = ((0x20, 0x17F), (0x2C6, 0x2DD), (0x2000, 0x206F), (0x2100, 0x22FF), (0x2460, 0x24FF),
                  (0x2500, 0x26FF), (0x3000, 0x303F), (0x3200, 0x33FF), (0x4E00, 0x9FFF), (0xFE30, 0xFE4F),
                  (0xFF00, 0xFFEF))
_VERSION = "v2"  # in every file name: bump when the conversion changes, so old files are made anew


def _fandol(face: str) -> Prepared:
    return Prepared(face, f"{face}-Regular", "texlive-lang-chinese", f"{FANDOL}{face}-Regular.otf", face,
                    f"{face}-Regular-{_VERSION}.ttf", None)


def _noto(region: str, design: str, weight: str) -> Prepared:
    """Noto `design` CJK `region` `weight`, from the collection `fonts-noto-cjk` installs."""
    postscript = f"Noto{design}CJK{region.lower()}TT-{weight}"
    return Prepared(f"Noto {design} CJK {region} TT {weight}", postscript, "fonts-noto-cjk",
                    f"usr/share/fonts/opentype/noto/Noto{design}CJK-{weight}.ttc",
                    f"Noto {design} CJK {region}", f"{postscript}-{_VERSION}.ttf", _REPORT_RANGES, traditional=True)


PREPARED = {p.family: p for p in (
    _fandol("FandolFang"), _fandol("FandolSong"), _fandol("FandolHei"), _fandol("FandolKai"),
    # The Song for Traditional-Chinese builds (`--lang zh-Hant`): Fandol is made for GB2312 and lacks the
    # Traditional forms OpenCC writes (爲, 並, 強, …).
    Prepared("Noto Serif CJK SC TT Regular", "NotoSerifCJKscTT-Regular", "fonts-noto-cjk",
             "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC",
             f"NotoSerifCJKscTT-Regular-{_VERSION}.ttf", _REPORT_RANGES),
    Prepared("Noto Serif CJK SC TT Black", "NotoSerifCJKscTT-Black", "fonts-noto-cjk-extra",
             "usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc", "Noto Serif CJK SC Black",
             f"NotoSerifCJKscTT-Black-{_VERSION}.ttf", _REPORT_RANGES),
    # The faces of Traditional-Chinese builds (`roles.HANT`): Taiwan's (TC) and Hong Kong's (HK) glyph forms and
    # punctuation, all in `fonts-noto-cjk`. Six faces of the URO each (more than half the work of preparing), so
    # made only when asked: `reportgen fonts --prepare --traditional`.
    *(_noto(region, design, weight) for region in ("TC", "HK")
      for design, weight in (("Serif", "Regular"), ("Serif", "Bold"), ("Sans", "Regular"))),
)}


def prepared_dir() -> Path:
    """Where prepared faces live: the user's font folder, so fontconfig finds them too; never the repository."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fonts" / "reportgen"


def prepared_file(family: str) -> Path | None:
    """The prepared face of `family`, if it is one we prepare and it has been made."""
    spec = PREPARED.get(family)
    if spec is None:
        return None
    path = prepared_dir() / spec.file
    return path if path.is_file() else None
