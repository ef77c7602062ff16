"""Render a DOCX with LibreOffice as a real client would, safely in parallel and with a time limit.

Each call gets its own profile directory (`-env:UserInstallation`), so parallel
runs and a user's open LibreOffice never share a lock. LibreOffice finds the
DOCX's faces (仿宋, 黑体, …) through the fontconfig aliases `reportgen fonts
--install-aliases` writes for a user (`reportgen.fonts.aliases`); each call
gets the same file in a fontconfig configuration of its own, so the test shows
what that file does whether or not this machine's user has installed it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.fonts import KINDS, resolve_all
from reportgen.fonts.aliases import FILE_NAME, alias_map, conf_text

from .conftest import need


class LibreOfficeFailed(AssertionError):
    """soffice hung, crashed or wrote no PDF; the message has its output."""


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file: our aliases (as a user gets them) first, so they win, then the system configuration."""
    faces = resolve_all(KINDS)
    (folder / FILE_NAME).write_text(conf_text(alias_map(faces)), encoding="utf-8")
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    f'<include>{escape(str(folder / FILE_NAME))}</include>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<cachedir>{escape(str(folder / "fc-cache"))}</cachedir></fontconfig>\n', encoding="utf-8")
    return conf


def to_pdf(docx: Path, out_dir: Path, *, timeout: float = 240, attempts: int = 2) -> Path:
    """`docx` converted by `soffice --headless --convert-to pdf` into `out_dir`; the PDF's path.

    A run that hangs is killed (its whole process group) after `timeout`
    seconds and retried with a fresh profile; LibreOffice 7.4 occasionally hangs
    on start-up.
    """
    soffice = need("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (docx.stem + ".pdf")
    problems = []
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory(prefix="rg-soffice-") as scratch:
            env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(Path(scratch))))
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
