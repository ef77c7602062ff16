"""Render a DOCX with LibreOffice as a real client would, safely in parallel and with a time limit.

Each call gets its own profile directory (`-env:UserInstallation`), so parallel
runs and a user's open LibreOffice never share a lock. LibreOffice 7.4 ignores
the font table's `w:altName`, which Word uses when a named face is missing; we
give fontconfig the same name → alternate aliases, so LibreOffice sets 仿宋 in
the face our PDF embeds instead of an arbitrary fallback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .conftest import need

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class LibreOfficeFailed(AssertionError):
    """soffice hung, crashed or wrote no PDF; the message has its output."""


def font_aliases(docx: Path) -> dict[str, str]:
    """name → w:altName from the DOCX's fontTable.xml."""
    with zipfile.ZipFile(docx) as package:
        root = ElementTree.fromstring(package.read("word/fontTable.xml"))
    aliases = {}
    for font in root.iter(f"{W}font"):
        alt = font.find(f"{W}altName")
        if alt is not None:
            aliases[font.get(f"{W}name")] = alt.get(f"{W}val")
    return aliases


def _fontconfig(folder: Path, aliases: Mapping[str, str]) -> Path:
    """A fontconfig file: our aliases first (so they win), then the system configuration."""
    rules = "".join(f'<alias binding="same"><family>{escape(name)}</family>'
                    f'<prefer><family>{escape(alt)}</family></prefer></alias>' for name, alt in aliases.items())
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    f'{rules}<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<cachedir>{escape(str(folder / "fc-cache"))}</cachedir></fontconfig>\n', encoding="utf-8")
    return conf


def to_pdf(docx: Path, out_dir: Path, *, timeout: float = 240, attempts: int = 2,
           aliases: Mapping[str, str] | None = None) -> Path:
    """`docx` converted by `soffice --headless --convert-to pdf` into `out_dir`; the PDF's path.

    A run that hangs is killed (its whole process group) after `timeout`
    seconds and retried with a fresh profile; LibreOffice 7.4 occasionally hangs
    on start-up.
    """
    soffice = need("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (docx.stem + ".pdf")
    aliases = font_aliases(docx) if aliases is None else aliases
    problems = []
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory(prefix="rg-soffice-") as scratch:
            env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(Path(scratch), aliases)))
            command = [soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--norestore",
                       "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), str(docx)]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                                       start_new_session=True, text=True)
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                output, _ = process.communicate()
                problems.append(f"attempt {attempt}: no answer after {timeout:.0f} s: {output.strip()}")
                continue
        if process.returncode == 0 and target.is_file() and target.stat().st_size > 0:
            return target
        problems.append(f"attempt {attempt}: exit {process.returncode}: {output.strip()}")
    raise LibreOfficeFailed(f"LibreOffice could not convert {docx.name}:\n" + "\n".join(problems))
