"""A fontconfig file that makes Linux readers of our DOCX (LibreOffice, WPS) set it in the faces the PDF embeds.

The DOCX names faces as a Chinese Windows has them (仿宋, 黑体, …); a Linux machine has none of them, and
without aliases LibreOffice falls back to one arbitrary face for all. An alias for each name a Word document
uses for a kind (`roles.Kind.names`) puts the face `discovery` resolved for that kind first. It is the user's
own configuration (`~/.config/fontconfig/conf.d/`), written by `reportgen fonts --install-aliases` and by
`make report`; nothing system-wide changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from .discovery import Face, system_faces
from .prepared import prepared_file
from .roles import HANT, KINDS

FILE_NAME = "60-reportgen.conf"


def aliases_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "fontconfig" / "conf.d" / FILE_NAME


def alias_map(faces: Mapping[str, Face]) -> dict[str, str]:
    """Name a DOCX may use → the family to set it in. A name that is itself an installed family keeps its face."""
    installed = {family.lower() for family, _file, _index, _style in system_faces()}
    table: dict[str, str] = {}
    for kind, face in sorted(faces.items()):
        for name in KINDS[kind].names:
            if name.lower() not in installed and name != face.family:
                table.setdefault(name, face.family)
    # A Traditional DOCX names its region's faces as Google Fonts installs them (`roles.HANT`: Noto Serif TC);
    # where that family is not installed, it is set in the TrueType face we prepared from Debian's Noto CJK,
    # the file the PDF embeds.
    for kinds in HANT.values():
        for hant in kinds.values():
            made = [c.family for c in hant.candidates if prepared_file(c.family) is not None]
            if hant.word.lower() not in installed and made:
                table.setdefault(hant.word, made[0])
    return table


def conf_text(table: Mapping[str, str]) -> str:
    rules = "\n".join(f'  <alias binding="same"><family>{escape(name)}</family>'
                      f"<prefer><family>{escape(family)}</family></prefer></alias>"
                      for name, family in table.items())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            "  <description>reportgen: Word 文件里的中文字体名 → 本机 PDF 所用的字体"
            "（reportgen fonts --install-aliases 生成，可删除）</description>\n"
            f"{rules}\n</fontconfig>\n")


def install(faces: Mapping[str, Face]) -> Path:
    """Write the aliases file (atomically) and refresh fontconfig's cache; the file's path."""
    target = aliases_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    try:
        temp.write_text(conf_text(alias_map(faces)), encoding="utf-8")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    if shutil.which("fc-cache"):
        subprocess.run(["fc-cache"], capture_output=True, check=False)
    return target
