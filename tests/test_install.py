"""The way in without the Makefile: the wheel installed into a fresh venv (its dependencies from the package
index, as `pip install reportgen-cn` would get them), `reportgen init`, and a build from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from reportgen.starter import EXAMPLES_FOLDER, STARTER_NAME

from .conftest import ROOT, pdftotext

DIST = "reportgen-cn"


def _run(*argv: str | Path, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_init_and_build(tmp_path):
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, ROOT, cwd=tmp_path)
    [wheel] = wheels.glob("*.whl")
    assert wheel.name.startswith(DIST.replace("-", "_") + "-")

    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    python, reportgen = bin_dir / "python", bin_dir / "reportgen"
    _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed package, not the checkout: its files are in the venv, its version under the new name.
    where = _run(python, "-c", "import importlib.metadata as m, reportgen;"
                 f"print(reportgen.__file__); print(m.version({DIST!r}))", cwd=elsewhere).split()
    assert Path(where[0]).is_relative_to(env) and where[1] == _version()

    work = tmp_path / "我的会议"
    work.mkdir()
    out = _run(reportgen, "init", cwd=work)
    starter = work / STARTER_NAME
    assert f"已写入 {STARTER_NAME}" in out and starter.is_file()

    # Untouched, the starter is refused (its ×× marks are RG308); filled in, it builds, as the examples do as they are.
    refused = subprocess.run([reportgen, "build", starter, "-o", tmp_path / "refused"], cwd=elsewhere,
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "RG308" in refused.stderr and not (tmp_path / "refused").exists()
    starter.write_text(starter.read_text(encoding="utf-8").replace("××", "甲乙"), encoding="utf-8")
    for source, title in ((starter, "甲乙公司工会召开2024年度工作总结会议"),
                          (work / EXAMPLES_FOLDER / "2023-union-annual-meeting-photos.yaml",
                           "深科技总工会召开2023年度工作总结及评比会议")):
        target = tmp_path / "out" / source.stem
        _run(reportgen, "build", source, "-o", target, cwd=elsewhere)
        docx, pdf = target / f"{source.stem}.docx", target / f"{source.stem}.pdf"
        assert docx.stat().st_size > 0 and pdf.stat().st_size > 0
        assert title in pdftotext(pdf).replace("\n", "")


def _version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
