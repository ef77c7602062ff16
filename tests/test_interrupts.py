"""Builds interrupted by real signals on real `python -m reportgen` processes: the output folder then holds
what it held before or the complete new files, nothing else, and a killed build's leftovers go with the next.

The moments are made exact with the REPORTGEN_TEST_PAUSE hook (reportgen.atomic.checkpoint); signals sent
after a range of delays, without the hook, check the same promise wherever they land.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT

NAME = EXAMPLE.stem
OUTPUTS = [f"{NAME}.docx", f"{NAME}.pdf"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "REPORTGEN_TEST_PAUSE")}
    return {**env, **extra}


def start(*args: str, pause: str | None = None, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    env = _env(REPORTGEN_TEST_PAUSE=pause) if pause else _env()
    return subprocess.Popen([sys.executable, "-m", "reportgen", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(proc: subprocess.Popen[bytes], moment: str, timeout: float = 60) -> None:
    """Read the process's standard error until it says it paused at `moment`."""
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while f"reportgen-pause: {moment}".encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, seen.decode(errors="replace")
        ready, _, _ = select.select([proc.stderr], [], [], left)
        if ready:
            chunk = os.read(proc.stderr.fileno(), 4096)
            assert chunk, f"ended before {moment}: {seen.decode(errors='replace')}"
            seen += chunk


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict[str, bytes]:
    """The complete new files, as a build that nothing disturbs writes them (builds are byte-identical)."""
    folder = tmp_path_factory.mktemp("fresh")
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(folder)],
                          cwd=ROOT, env=_env(), capture_output=True)
    assert done.returncode == 0, done.stderr
    return snapshot(folder)


@pytest.fixture
def previous(tmp_path) -> Path:
    """An output folder holding last year's two files and a file of the user's."""
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes(b"last year's " + name.encode())
    (out / "notes.txt").write_text("用户自己的文件", encoding="utf-8")
    return out


def either_before_or_new(folder: Path, before: dict[str, bytes], fresh: dict[str, bytes]) -> str:
    after = snapshot(folder)
    if after == before:
        return "before"
    assert after == {**before, **fresh}, sorted(after)
    return "new"


@pytest.mark.parametrize("moment", ["staged", "written"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_signal_before_the_commit_leaves_the_folder_as_it_was(previous, moment, signum):
    before = snapshot(previous)
    proc = start("build", str(EXAMPLE), "-o", str(previous), pause=moment)
    wait_for(proc, moment)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err.decode()
    assert "已中断" in err.decode() and b"Traceback" not in err
    assert snapshot(previous) == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_signal_in_the_commit_waits_for_it_to_finish(previous, fresh, signum):
    """Half the outputs renamed: the signal is held until the rest are, then ends the process."""
    before = snapshot(previous)
    proc = start("build", str(EXAMPLE), "-o", str(previous), pause="committing:1")
    wait_for(proc, "committing")
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err.decode()
    assert either_before_or_new(previous, before, fresh) == "new"


def test_a_new_folder_goes_when_the_build_is_interrupted(tmp_path):
    target = tmp_path / "a" / "b" / "out"
    proc = start("build", str(EXAMPLE), "-o", str(target), pause="written")
    wait_for(proc, "written")
    assert any(target.iterdir())  # the temporaries are there
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize("moment", ["staged", "written", "committing"])
def test_leftovers_of_a_killed_build_go_with_the_next_build(previous, fresh, tmp_path, moment):
    """SIGKILL cannot be caught: its temporaries stay, named as ours, until the next build into the folder
    (of another input here) finds their process gone and removes them."""
    before = snapshot(previous)
    proc = start("build", str(EXAMPLE), "-o", str(previous), pause=moment)
    wait_for(proc, moment)
    proc.kill()
    proc.communicate(timeout=60)
    left = sorted(set(snapshot(previous)) - set(before))
    assert left and all(".reportgen-" in name and name.startswith(".") for name in left), left
    for name in OUTPUTS:  # whatever the moment, each output is whole: last year's or this year's
        assert snapshot(previous)[name] in (before[name], fresh[name])
    other = tmp_path / "other.yaml"
    other.write_bytes(EXAMPLE.read_bytes())
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(other), "-o", str(previous)],
                          cwd=ROOT, env=_env(), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert sorted(snapshot(previous)) == sorted([*before, "other.docx", "other.pdf"])


def _large_input(folder: Path) -> Path:
    """The example with its paragraphs many times over: a build of a few seconds."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, sections = text.split("\nsections:\n", 1)
    path = folder / "large.yaml"
    path.write_text(head + "\nsections:\n" + sections * 12, encoding="utf-8")
    return path


@pytest.mark.parametrize("size", ["small", "large"])
def test_signals_at_many_moments_keep_the_promise(tmp_path, size):
    """No hook: SIGTERM or SIGINT after delays spread over the whole build (start-up, reading, laying out,
    writing, committing); each time the folder holds what it held before or the complete new files."""
    source = EXAMPLE if size == "small" else _large_input(tmp_path)
    reference = tmp_path / "reference"
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(reference)],
                          cwd=ROOT, env=_env(), capture_output=True)
    assert done.returncode == 0, done.stderr
    fresh = snapshot(reference)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(tmp_path / "timed")],
                   cwd=ROOT, env=_env(), capture_output=True, check=True)
    whole = time.monotonic() - started
    out = tmp_path / "out"
    out.mkdir()
    for name in fresh:
        (out / name).write_bytes(b"old")
    before = snapshot(out)
    seen = set()
    for k in range(8):
        delay = whole * (k + 0.5) / 8
        proc = start("build", str(source), "-o", str(out))
        time.sleep(delay)
        signum = signal.SIGTERM if k % 2 else signal.SIGINT
        proc.send_signal(signum)
        proc.communicate(timeout=120)
        # 0: done before the signal; -signum: ended by it while Python was starting, before any work
        assert proc.returncode in (0, 128 + signum, -signum), (delay, proc.returncode)
        seen.add(either_before_or_new(out, before, fresh))
        for name in fresh:  # the next round starts from the old files again
            (out / name).write_bytes(b"old")
    assert "before" in seen  # the signals did land inside builds


ENTRY_POINTS = {"module": [sys.executable, "-m", "reportgen"],
                "command": [str(Path(sys.executable).parent / "reportgen")]}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("target", ["process", "group"])
def test_ctrl_c_while_modules_load_is_quiet(tmp_path, entry, target):
    """Ctrl-C in the first few tenths of a second (the interpreter starting, modules loading) ends the build
    as later: exit status 130, no traceback, nothing written. Sent to the process, or to its process group as
    a terminal does."""
    out = tmp_path / "out"
    # From 0.05 s: the interpreter's own start comes before any code of ours.
    for k in range(10):
        proc = subprocess.Popen([*ENTRY_POINTS[entry], "build", str(EXAMPLE), "-o", str(out / str(k))], cwd=ROOT,
                                env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(0.05 + 0.03 * k)
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        if err.startswith(b"Could not import runpy module"):  # `python -m`: CPython's own start, before any
            continue                                            # code of ours (exit 1, its trace of runpy)
        # -SIGINT: ended by the signal itself while the interpreter was starting, as a shell shows it: 130
        assert proc.returncode in (0, 130, -signal.SIGINT), (k, proc.returncode, err.decode())
        quiet = b"Traceback" not in err and b"KeyboardInterrupt" not in err
        assert quiet or _interpreter_only(err), (k, err.decode())
        assert not (out / str(k)).exists() or names(out / str(k)) == OUTPUTS  # nothing, or the whole


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _interpreter_only(err: bytes) -> bool:
    """A trace of Python's own start alone (`python -m` looking for the package, before any file is run)."""
    frames = re.findall(rb'File "([^"]+)"', err)
    return bool(frames) and all(frame.startswith(b"<frozen ") for frame in frames)
