"""The command line writes each format in a forked writer process: same files, and never a process left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from reportgen import build
from reportgen.writers import processes

from .conftest import EXAMPLE, ROOT
from .lintkit import run


def _files(out: Path) -> dict[str, bytes]:
    return {p.suffix[1:]: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def in_process(tmp_path, monkeypatch) -> dict[str, bytes]:
    """The example built by `reportgen.build()`, which writes in its own process."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(processes.SINGLE_PROCESS, raising=False)
    build(EXAMPLE, tmp_path / "in-process")
    return _files(tmp_path / "in-process")


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_command_line_uses_writer_processes_and_reaps_them(tmp_path, capsys, monkeypatch, in_process):
    started = []
    real = processes.WriterProcess.start

    def spy(*args, **kwargs):
        process = real(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(processes.WriterProcess, "start", spy)
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert [p.fmt for p in started if p is not None] == ["docx", "pdf"]
    assert all(p.pid == 0 for p in started)  # reaped
    assert _no_children_left()
    assert _files(tmp_path / "out") == in_process


def test_faces_come_from_the_pdf_writer_process(tmp_path, capsys, monkeypatch, in_process):
    """The PDF writer looks the faces up while this process renders; this process does not look again."""
    import reportgen.pipeline

    def not_here(*args, **kwargs):
        raise AssertionError("the main process looked the faces up itself")

    monkeypatch.setattr(reportgen.pipeline, "resolve_all", not_here)
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert _files(tmp_path / "out") == in_process


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_one_format_through_its_writer_process_same_bytes(tmp_path, capsys, fmt, in_process):
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-f", fmt, "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert _files(tmp_path / "out") == {fmt: in_process[fmt]}


def test_a_writer_process_that_dies_is_replaced_by_this_process(tmp_path, capsys, monkeypatch, in_process):
    monkeypatch.setattr(processes, "_serve", lambda *args: os._exit(9))
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0 and err == ""
    assert _files(tmp_path / "out") == in_process
    assert _no_children_left()


def test_a_writer_that_fails_in_its_process_is_redone_here(tmp_path, capsys, monkeypatch, in_process):
    """The forked writers see this replacement (it is in place before they fork); the pipeline does not."""
    import reportgen.writers

    real = reportgen.writers.writer_for
    attempts = tmp_path / "attempts"

    def failing(fmt):
        def write(doc, style, faces, target):
            with attempts.open("a") as log:
                log.write(f"{fmt} in {os.getpid()}\n")
            target.write_bytes(b"half a file")
            raise RuntimeError("a bug in the writer process")
        return write if fmt == "pdf" else real(fmt)

    monkeypatch.setattr(reportgen.writers, "writer_for", failing)
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0 and err == ""
    (attempt,) = attempts.read_text().splitlines()
    assert attempt.startswith("pdf in ") and attempt != f"pdf in {os.getpid()}"  # it failed in its process
    assert _files(tmp_path / "out") == in_process


def test_input_errors_stop_the_writer_processes(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("meeting:", "meetin:", 1), encoding="utf-8")
    status, _out, err = run(capsys, "build", str(bad), "-o", str(tmp_path / "out"))
    assert status == 1 and "RG201" in err
    assert _no_children_left()
    assert not (tmp_path / "out").exists()


def _marked(mark: str) -> list[int]:
    """Processes whose environment carries `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# The command, held for a minute just after it forked its writers (when it imports the pipeline).
_HELD = """
import sys, time
class Hold:
    def find_spec(self, name, path=None, target=None):
        if name == "reportgen.pipeline":
            time.sleep(60)
sys.meta_path.insert(0, Hold())
from reportgen.cli import run
run()
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_writer_processes_leave_when_the_command_is_killed(tmp_path):
    """Killed while it renders, the command's writer processes see their job pipe close and end."""
    key, value = "RG_TEST_MARK", uuid.uuid4().hex
    mark = f"{key}={value}"
    proc = subprocess.Popen([sys.executable, "-c", _HELD, "build", str(EXAMPLE), "-o", str(tmp_path / "out")],
                            cwd=ROOT, env={**os.environ, key: value},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    writers = _children(proc.pid)
    assert len(writers) == 2, "the writer processes were not seen running"
    assert set(writers) <= set(_marked(mark))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _marked(mark) == []
    assert not (tmp_path / "out").exists()


# Standard streams closed before the command starts: its pipes then take descriptors 0-2.
_CLOSED = """
import json, os, sys
result = sys.argv[1]
for fd in (0, 1, 2):
    os.close(fd)
sys.stdin = sys.stdout = sys.stderr = None
from reportgen.cli import main
status = main(sys.argv[2:])
with open(result, "w") as f:
    json.dump([status, "reportlab" in sys.modules or "docx" in sys.modules], f)
"""


def test_writer_processes_work_with_the_standard_streams_closed(tmp_path, in_process):
    result = tmp_path / "result.json"
    subprocess.run([sys.executable, "-c", _CLOSED, str(result), "build", str(EXAMPLE), "-o", str(tmp_path / "out")],
                   cwd=ROOT, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, check=True)
    status, wrote_here = json.loads(result.read_text())
    assert status == 0
    assert not wrote_here, "the writer processes failed and this process wrote the files itself"
    assert _files(tmp_path / "out") == in_process


@pytest.mark.parametrize("closed", [">&-", "2>&-", "<&- >&- 2>&-"])
def test_command_exits_0_with_a_standard_stream_closed(tmp_path, closed):
    out = tmp_path / "out"
    shell = f'"{sys.executable}" -m reportgen build "{EXAMPLE}" -o "{out}" {closed}; echo $? > "{tmp_path / "rc"}"'
    subprocess.run(["bash", "-c", shell], cwd=ROOT, check=True)
    assert (tmp_path / "rc").read_text().strip() == "0"
    assert {p.suffix for p in out.iterdir()} == {".docx", ".pdf"}


def test_a_document_that_cannot_be_sent_is_written_here(tmp_path, capsys, monkeypatch, in_process):
    import pickle

    def refuse(*args, **kwargs):
        raise pickle.PicklingError("not this one")

    monkeypatch.setattr(processes.pickle, "dumps", refuse)
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0 and err == ""
    assert _files(tmp_path / "out") == in_process
    assert _no_children_left()


def test_without_fork_the_command_writes_in_its_own_process(tmp_path, capsys, monkeypatch, in_process):
    """Windows has no fork: no writer process is started and the files are the same."""
    monkeypatch.delattr(os, "fork")
    assert processes.start(("docx", "pdf"), {}) == {}
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert _files(tmp_path / "out") == in_process
