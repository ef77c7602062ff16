"""`reportgen build FILES -j N`: a pool of processes, one bad input among good ones, a summary, a progress bar."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

from reportgen import build

from .conftest import EXAMPLE, ROOT, pdftotext


def _batch(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen", "build", *args], cwd=cwd, capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})


def _copies(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for name in names:
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_one_bad_input_among_good_ones(tmp_path):
    good = _copies(tmp_path / "in", ["a", "b", "d"])
    bad = tmp_path / "in" / "c.yaml"
    bad.write_text("report:\n  title: [\n", encoding="utf-8")  # not YAML at all
    out = tmp_path / "out"
    run = _batch(*(str(p) for p in sorted([*good, bad])), "-o", str(out), "-j", "2")
    assert run.returncode == 1, run.stderr
    # the others were built, completely and readable
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "a.pdf", "b.docx", "b.pdf", "d.docx", "d.pdf"]
    for name in ("a", "b", "d"):
        assert "工会" in pdftotext(out / f"{name}.pdf")
    # the failure names its file (with line and column), and the summary says what happened
    assert f"{bad}:2:10: RG101" in run.stderr  # the unclosed [ itself
    assert f"失败：{bad}" in run.stderr.splitlines()
    assert "共 4 份：成功 3 份，失败 1 份" in run.stdout.splitlines()[-1]
    # not a terminal: one plain line per input, no progress bar
    progress = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == 3 and all("已生成" in line for line in progress)
    assert sum(line.startswith("[") and "失败" in line for line in run.stderr.splitlines()) == 1
    assert "\r" not in run.stdout + run.stderr


def test_all_good_exit_0_and_same_bytes_as_single_builds(tmp_path):
    inputs = _copies(tmp_path / "in", [f"r{k}" for k in range(4)])
    run = _batch(*(str(p) for p in inputs), "-o", str(tmp_path / "out"), "-j", "2")
    assert run.returncode == 0, run.stderr
    assert "共 4 份：成功 4 份，失败 0 份" in run.stdout
    single = build(inputs[0], tmp_path / "single")
    for path in single.outputs:
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def test_same_name_in_two_folders_is_not_overwritten(tmp_path):
    first = _copies(tmp_path / "x", ["report"])[0]
    second = _copies(tmp_path / "y", ["report"])[0]
    run = _batch(str(first), str(second), "-o", str(tmp_path / "out"), "-j", "1")
    assert run.returncode == 1
    assert f"{second}: RG802 输出文件名与 {first} 的相同" in run.stderr
    assert "共 2 份：成功 1 份，失败 1 份" in run.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.docx", "report.pdf"]


def test_progress_bar_on_a_terminal(tmp_path):
    inputs = _copies(tmp_path / "in", ["p1", "p2", "p3"])
    main_fd, term_fd = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", *map(str, inputs), "-o",
                             str(tmp_path / "out"), "-j", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=term_fd)
    os.close(term_fd)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    stdout = proc.communicate(timeout=120)[0].decode()
    os.close(main_fd)
    assert proc.returncode == 0
    screen = shown.decode(errors="replace")
    assert "生成报告" in screen and "3/3" in screen and "100%" in screen
    assert "已生成" not in stdout and "共 3 份：成功 3 份，失败 0 份" in stdout


def test_negative_jobs_is_a_usage_error(tmp_path):
    run = _batch(str(EXAMPLE), "-o", str(tmp_path / "out"), "-j", "-1")
    assert run.returncode == 2 and "-j" in run.stderr
    assert not (tmp_path / "out").exists()


def test_all_failed_leaves_no_output_folder(tmp_path):
    bad = [tmp_path / "x.yaml", tmp_path / "y.yaml"]
    for path in bad:
        path.write_text("report: {meeting: 1}\n", encoding="utf-8")
    run = _batch(*map(str, bad), "-o", str(tmp_path / "out"), "-j", "2")
    assert run.returncode == 1
    assert "共 2 份：成功 0 份，失败 2 份" in run.stdout
    assert all(f"失败：{path}" in run.stderr for path in bad)
    assert not (tmp_path / "out").exists()


def _group_alive(pgid: int) -> list[int]:
    """The processes still in process group `pgid` (Linux /proc)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_ctrl_c_stops_the_batch_at_once_and_leaves_nothing(tmp_path):
    """Ctrl-C reaches the terminal's whole process group: queued inputs are not started, the workers end,
    their temporaries go, and the folder the batch made is removed again."""
    from .test_interrupts import wait_for

    inputs = _copies(tmp_path / "in", [f"c{k}" for k in range(8)])
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", *map(str, inputs), "-o", str(out), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "REPORTGEN_TEST_PAUSE": "written"})
    wait_for(proc, "written")
    assert any(out.iterdir())  # a worker's temporaries
    os.killpg(proc.pid, signal.SIGINT)
    _stdout, err = proc.communicate(timeout=30)  # not the 8 × 60 s the paused builds would take
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and "已中断" in err.decode()
    assert not out.exists()
    assert _group_alive(proc.pid) == []


def test_sigterm_to_the_batch_keeps_finished_reports_and_removes_the_rest(tmp_path):
    inputs = _copies(tmp_path / "in", [f"t{k}" for k in range(6)])
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", *map(str, inputs), "-o", str(out), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    while not out.exists() or len([p for p in out.iterdir() if not p.name.startswith(".")]) < 2:
        assert proc.poll() is None
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)  # to the parent alone, as `kill` or a service manager sends it
    proc.communicate(timeout=30)
    assert proc.returncode == 143
    names = sorted(p.name for p in out.iterdir())
    assert names and all(not n.startswith(".") for n in names), names
    stems = {Path(n).stem for n in names}
    assert names == sorted(f"{s}.{f}" for s in stems for f in ("docx", "pdf"))  # each report whole
    assert len(stems) < 6  # it stopped
    assert _group_alive(proc.pid) == []


def test_a_killed_worker_costs_only_its_own_input(tmp_path):
    from .test_interrupts import wait_for

    names = [f"k{k}" for k in range(5)]
    inputs = _copies(tmp_path / "in", names)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", *map(str, inputs), "-o", str(out), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "REPORTGEN_TEST_PAUSE": "written:1"})
    wait_for(proc, "written")
    victim = _children(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    stdout, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err.decode()
    failed = [line for line in err.decode().splitlines() if "RG806" in line]
    assert len(failed) == 1 and "SIGKILL" in failed[0], err.decode()
    lost = next(n for n in names if f"{n}.yaml" in failed[0])
    assert "共 5 份：成功 4 份，失败 1 份" in stdout.decode()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.{f}" for n in names if n != lost
                                                           for f in ("docx", "pdf"))
    assert b"Traceback" not in err and b"BrokenProcessPool" not in err
    assert _group_alive(proc.pid) == []
