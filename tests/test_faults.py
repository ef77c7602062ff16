"""Faults around a build, made real: a full disk (a small tmpfs), concurrent builds into one folder, standard
output full or closed, long names, output names that collide, inputs that are devices or huge, a bad
SOURCE_DATE_EPOCH. None ends in exit status 3; the output folder holds what it held before or complete files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT, pdftotext

NAME = EXAMPLE.stem


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "REPORTGEN_TEST_PAUSE")}
    return {**env, **extra}


def reportgen(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env or _env(), timeout=timeout)


def shell(command: str, tmp_path: Path) -> tuple[int, str]:
    """`command` in bash (`RG` stands for the reportgen command); its exit status and standard error."""
    rg = f'"{sys.executable}" -m reportgen'
    done = subprocess.run(["bash", "-c", command.replace("RG", rg) + f'; echo ${{PIPESTATUS[0]}} > "{tmp_path}/rc"'],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    return int((tmp_path / "rc").read_text()), done.stderr


def copies(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(EXAMPLE.read_bytes())
    return [folder / name for name in names]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- a full disk --------------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB tmpfs: too small for the example's PDF (about 300 KB)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_full_disk_leaves_no_new_folder_and_no_file(small_disk):
    run = reportgen("build", str(EXAMPLE), "-o", str(small_disk / "a" / "b"))
    assert run.returncode == 1, run.stderr
    assert "RG801" in run.stderr and "磁盘空间不足" in run.stderr and "Traceback" not in run.stderr
    assert names(small_disk) == []


def test_full_disk_keeps_the_previous_files(small_disk):
    out = small_disk / "out"
    out.mkdir()
    for ext in ("docx", "pdf"):
        (out / f"{NAME}.{ext}").write_bytes(b"old " + ext.encode())
    (out / "filler").write_bytes(b"x" * 100_000)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    run = reportgen("build", str(EXAMPLE), "-o", str(out))
    assert run.returncode == 1 and "磁盘空间不足" in run.stderr, run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- builds side by side ------------------------------------------------------------------------------------

def _together(commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "reportgen", *c], cwd=ROOT, env=_env(), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in procs]


def test_concurrent_builds_of_different_inputs_into_one_new_folder(tmp_path):
    inputs = copies(tmp_path / "in", [f"r{k}.yaml" for k in range(4)])
    out = tmp_path / "deep" / "out"
    runs = _together([["build", str(p), "-o", str(out)] for p in inputs])
    assert [r.returncode for r in runs] == [0] * 4, [r.stderr for r in runs]
    assert names(out) == sorted(f"r{k}.{f}" for k in range(4) for f in ("docx", "pdf"))


def test_concurrent_builds_of_one_input_end_with_one_complete_set(tmp_path, example_build):
    out = tmp_path / "out"
    out.mkdir()
    for ext in ("docx", "pdf"):
        (out / f"{NAME}.{ext}").write_bytes(b"old")
    runs = _together([["build", str(EXAMPLE), "-o", str(out)] for _ in range(4)])
    assert [r.returncode for r in runs] == [0] * 4, [r.stderr for r in runs]
    assert names(out) == [f"{NAME}.docx", f"{NAME}.pdf"]
    for ext in ("docx", "pdf"):
        assert (out / f"{NAME}.{ext}").read_bytes() == example_build[ext].read_bytes()


def test_concurrent_failing_and_succeeding_builds_into_one_new_folder(tmp_path):
    """A failing build removes the folder it made only when nothing is in it: the others' files stay."""
    good = copies(tmp_path / "in", ["g0.yaml", "g1.yaml", "g2.yaml"])
    bad = tmp_path / "in" / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("meeting:", "meeting: [", 1), encoding="utf-8")
    out = tmp_path / "out"
    runs = _together([["build", str(p), "-o", str(out)] for p in [bad, *good, bad]])
    assert [r.returncode for r in runs] == [1, 0, 0, 0, 1], [r.stderr for r in runs]
    assert names(out) == sorted(f"g{k}.{f}" for k in range(3) for f in ("docx", "pdf"))


# -- standard output full or closed -------------------------------------------------------------------------

def test_standard_output_full(tmp_path):
    inputs = copies(tmp_path / "in", ["a.yaml", "b.yaml"])
    out = tmp_path / "out"
    status, err = shell(f'RG build "{inputs[0]}" "{inputs[1]}" -o "{out}" > /dev/full', tmp_path)
    assert status == 1, err
    assert "标准输出" in err and "磁盘空间不足" in err and "Traceback" not in err and "内部错误" not in err
    assert names(out) == ["a.docx", "a.pdf", "b.docx", "b.pdf"]
    assert "工会" in pdftotext(out / "b.pdf")


@pytest.mark.parametrize("jobs", [[], ["-j", "2"]], ids=["one-process", "batch"])
def test_standard_output_closed_by_its_reader(tmp_path, jobs):
    inputs = copies(tmp_path / "in", ["a.yaml", "b.yaml", "c.yaml"])
    out = tmp_path / "out"
    status, err = shell(f'RG build {" ".join(map(str, inputs))} {" ".join(jobs)} -o "{out}" | head -c 0', tmp_path)
    assert status == 1 and err == "", err  # not all was said; the reader chose to stop: nothing to add
    assert names(out) == sorted(f"{s}.{f}" for s in "abc" for f in ("docx", "pdf"))


# -- names --------------------------------------------------------------------------------------------------

def test_long_input_name_builds_with_short_temporaries(tmp_path):
    source = copies(tmp_path / "in", ["长" * 80 + ".yaml"])[0]  # 245 bytes: the temporaries are longer
    run = reportgen("build", str(source), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert names(tmp_path / "out") == ["长" * 80 + ".docx", "长" * 80 + ".pdf"]


@pytest.mark.parametrize("extra", [[], ["--kind", "minutes"]])
def test_output_name_too_long_says_what_to_do(tmp_path, extra):
    stem = "x" * (251 if not extra else 245)
    source = copies(tmp_path / "in", [f"{stem}.yml"])[0]
    run = reportgen("build", str(source), "-o", str(tmp_path / "out"), *extra)
    assert run.returncode == 1, run.stderr
    assert "RG804" in run.stderr and "255" in run.stderr and "改" in run.stderr
    assert not (tmp_path / "out").exists()


def test_same_file_name_from_two_folders_in_one_process(tmp_path):
    first = copies(tmp_path / "x", ["report.yaml"])[0]
    second = copies(tmp_path / "y", ["report.yaml"])[0]
    out = tmp_path / "out"
    run = reportgen("build", str(first), str(second), "-o", str(out))
    assert run.returncode == 1
    assert f"{second}: RG802" in run.stderr and str(first) in run.stderr
    assert names(out) == ["report.docx", "report.pdf"]
    # the same file named twice is no clash
    again = reportgen("build", str(first), str(tmp_path / "x" / ".." / "x" / "report.yaml"), "-o", str(out))
    assert again.returncode == 0, again.stderr


def test_kind_and_lang_options_never_replace_the_plain_report(tmp_path):
    out = tmp_path / "out"
    for extra in ([], ["--kind", "minutes"], ["--lang", "zh-Hant"], ["--kind", "minutes", "--lang", "zh-Hant"],
                  ["--kind", "report"], ["--lang", "zh-Hans"]):  # the last two restate the input: its own names
        run = reportgen("build", str(EXAMPLE), "-o", str(out), "-f", "pdf", *extra)
        assert run.returncode == 0, run.stderr
    assert names(out) == sorted(f"{NAME}{mark}.pdf" for mark in ("", "-纪要", "-zh-Hant", "-纪要-zh-Hant"))
    assert pdftotext(out / f"{NAME}-纪要.pdf").startswith("深科技总工会会议纪要")
    assert "總工會" in pdftotext(out / f"{NAME}-zh-Hant.pdf")


@pytest.mark.parametrize("name", ["r.pdf", "r.docx"])
def test_an_input_is_never_overwritten_by_its_report(tmp_path, name):
    source = copies(tmp_path, [name])[0]
    for args in (["-o", str(tmp_path)], ["-o", str(tmp_path), "-j", "2"]):
        run = reportgen("build", str(source), *args)
        assert run.returncode == 1 and "RG803" in run.stderr, run.stderr
        assert source.read_bytes() == EXAMPLE.read_bytes()
        assert names(tmp_path) == [name]


# -- bounds -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "fifo"])
def test_devices_and_pipes_are_refused_before_reading(tmp_path, device):
    if device == "fifo":
        device = str(tmp_path / "pipe.yaml")
        os.mkfifo(device)
    run = reportgen("build", device, "-o", str(tmp_path / "out"), timeout=30)
    assert run.returncode == 1 and "RG001" in run.stderr and "不是普通文件" in run.stderr, run.stderr


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:
        f.truncate(8 * 1024 ** 3)  # sparse: 8 GB that take no room
    run = subprocess.run(["bash", "-c", f'ulimit -v 2000000; "{sys.executable}" -m reportgen build "{huge}"'
                                        f' -o "{tmp_path / "out"}"'], cwd=ROOT, env=_env(), capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1 and "RG105" in run.stderr, run.stderr


@pytest.mark.parametrize("value", ["99999999999999999999999", "1" * 5000, "4354790400", "-1", "１７"])
def test_a_bad_source_date_epoch_is_a_coded_message(tmp_path, value):
    run = reportgen("build", str(EXAMPLE), "-o", str(tmp_path / "out"), env=_env(SOURCE_DATE_EPOCH=value))
    assert run.returncode == 1 and "RG805" in run.stderr and "SOURCE_DATE_EPOCH" in run.stderr, run.stderr
    assert len(run.stderr) < 400 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0", "4354790399"])
def test_source_date_epoch_at_its_bounds_builds(tmp_path, value):
    run = reportgen("build", str(EXAMPLE), "-o", str(tmp_path / "out"), env=_env(SOURCE_DATE_EPOCH=value))
    assert run.returncode == 0, run.stderr


# -- no writer process to hang -------------------------------------------------------------------------------

def test_a_build_starts_no_other_process(tmp_path):
    """Every writer runs in the build's own process: there is no writer process that could hang. The only
    program a build may start is fontconfig's fc-list (once, to list the fonts, with a 30 s timeout)."""
    script = f"""
import sys
started = []
sys.addaudithook(lambda event, args: started.append((event, repr(args)[:200]))
                 if event in ("os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.exec", "os.system",
                              "subprocess.Popen") else None)
from reportgen import build
build({str(EXAMPLE)!r}, {str(tmp_path / "out")!r})
print(started)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=120, check=True)
    started = eval(done.stdout)  # our own list of tuples of strings
    assert all(event == "subprocess.Popen" and "fc-list" in args for event, args in started), started
    assert names(tmp_path / "out") == [f"{NAME}.docx", f"{NAME}.pdf"]


# -- a damaged cache -----------------------------------------------------------------------------------------

def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _overwritten(path: Path) -> None:
    """Bytes in the last third replaced, the length kept: a pickle still loads, its data is wrong."""
    data = bytearray(path.read_bytes())
    at = len(data) * 2 // 3
    data[at:at + 64] = bytes((k * 37 + 11) % 256 for k in range(len(data[at:at + 64])))
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"\xff\xfe not a cache entry \x00" * 9)


def _replaced(path: Path, make) -> None:
    path.unlink()
    make(path)


DAMAGE = {"cut": _cut, "overwritten": _overwritten, "garbage": _garbage, "empty": lambda p: p.write_bytes(b""),
          "folder": lambda p: _replaced(p, Path.mkdir), "fifo": lambda p: _replaced(p, os.mkfifo)}
BUILDS = {"zh-CN": [], "zh-Hant": ["--lang", "zh-Hant"]}


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> tuple[Path, dict[str, dict[str, bytes]]]:
    """A cache folder filled by building the example (simplified and traditional), and what those builds wrote."""
    base = tmp_path_factory.mktemp("cache")
    made = {}
    for lang, extra in BUILDS.items():
        done = reportgen("build", str(EXAMPLE), "-o", str(base / lang), *extra, env=_env(XDG_CACHE_HOME=str(base)))
        assert done.returncode == 0, done.stderr
        made[lang] = {p.name: p.read_bytes() for p in (base / lang).iterdir()}
    assert sorted(p.name.split("-")[0] for p in (base / "reportgen").iterdir()) != []
    return base / "reportgen", made


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_never_trusted(tmp_path, warm_cache, damage):
    """Every file of `~/.cache/reportgen/` (parsed fonts, subsets, word breaks, compiled templates, OpenCC's
    tables) damaged or replaced: the build is the same as with a sound cache, and again with what it left."""
    import shutil

    source, made = warm_cache
    cache = tmp_path / "xdg"
    shutil.copytree(source, cache / "reportgen")
    files = [p for p in (cache / "reportgen").rglob("*") if p.is_file()]
    assert {p.name.split("-")[0] for p in files} >= {"cmap", "hmtx", "rl", "subset", "words"}
    assert any(p.suffix == ".cache" for p in files) and any(p.parent.name == "opencc" for p in files)
    for path in files:
        DAMAGE[damage](path)
    for round_ in ("damaged", "rebuilt"):  # the second reads what the first wrote back (or could not)
        for lang, extra in BUILDS.items():
            out = tmp_path / round_ / lang
            done = reportgen("build", str(EXAMPLE), "-o", str(out), *extra, env=_env(XDG_CACHE_HOME=str(cache)))
            assert done.returncode == 0 and "Traceback" not in done.stderr, (round_, lang, done.stderr)
            assert {p.name: p.read_bytes() for p in out.iterdir()} == made[lang], (round_, lang)


def test_a_cache_folder_that_is_a_file_is_passed_over(tmp_path, warm_cache):
    """`~/.cache/reportgen` replaced by a file: nothing is cached, the builds are the same."""
    _source, made = warm_cache
    (tmp_path / "xdg").mkdir()
    (tmp_path / "xdg" / "reportgen").write_bytes(b"not a folder")
    for lang, extra in BUILDS.items():
        out = tmp_path / lang
        done = reportgen("build", str(EXAMPLE), "-o", str(out), *extra, env=_env(XDG_CACHE_HOME=str(tmp_path / "xdg")))
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert {p.name: p.read_bytes() for p in out.iterdir()} == made[lang]
