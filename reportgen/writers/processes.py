"""Each output format written by a process of its own, forked when the command starts.

Most of a single build is importing. The main process needs PyYAML, pydantic and
Jinja2 to load, validate and render; only the writers need ReportLab,
python-docx and the parsed fonts. Forked before the main process imports
anything heavy, each writer process imports its writer and reads its fonts on
the other core, then waits for the document IR (pickled through a pipe), writes
its temporary file and says whether it succeeded. The main process commits the
files only after every format was written, as an in-process build does.

A writer process only saves time, it never changes the outcome: if one fails or
dies, the main process writes that format itself, so bytes, errors and their
messages are those of an in-process build. The command line uses it for a
single input on systems with `fork`; `reportgen.build()` called from Python and
the batch workers (already one per core) write in process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

if TYPE_CHECKING:
    from ..fonts import Face
    from ..ir import Document
    from ..styles import Style

_NICE = 5
SINGLE_PROCESS = "REPORTGEN_SINGLE_PROCESS"  # set to 1 to write every format in the main process


def warm(fmt: str, fonts: Mapping[str, str | Path], tell: Callable[[dict[str, Face] | None], None] | None = None,
         ) -> None:
    """Import the writer of `fmt`; for PDF also find and parse every face the presets may ask for.

    `tell` hears the faces found for every kind as soon as they are known (None for a format without font
    files, or when a kind has none: the build reports that itself, for its input).
    """
    from . import writer_for

    faces = None
    if fmt == "pdf":
        from ..fonts import KINDS, FontNotFound, resolve_all

        with contextlib.suppress(FontNotFound):
            faces = resolve_all(KINDS, {k: Path(v) for k, v in fonts.items()})
    if tell is not None:
        tell(faces)
    writer_for(fmt)
    if faces:
        from .pdf_fonts import load_face

        for face in faces.values():
            load_face(face.path, face.index)


class WriterProcess:
    """One forked writer for one format and one document; `write` hands it the job, `wait` its outcome."""

    def __init__(self, fmt: str, pid: int, job_fd: int, reply_fd: int) -> None:
        self.fmt, self.pid = fmt, pid
        self._job_fd: int | None = job_fd  # None once handed to a file object, which closes it
        self._replies: BinaryIO | None = os.fdopen(reply_fd, "rb")
        self._heard, self._faces = False, None

    @classmethod
    def start(cls, fmt: str, fonts: Mapping[str, str | Path],
              siblings: Iterable[WriterProcess] = ()) -> WriterProcess | None:
        """Fork a writer for `fmt`; None where processes cannot be forked (Windows) or it is switched off.

        The child closes its copies of the `siblings`' pipe ends, so each writer sees its job pipe close
        (and leaves) when the main process ends, whatever way it ends.
        """
        if not hasattr(os, "fork") or os.environ.get(SINGLE_PROCESS, "") not in ("", "0"):
            return None
        fds: list[int] = []
        try:
            fds += _pipe()
            fds += _pipe()
            pid = os.fork()
        except OSError:  # out of descriptors or processes: this process writes everything itself
            for fd in fds:
                os.close(fd)
            return None
        job_r, job_w, reply_r, reply_w = fds
        if pid == 0:
            for fd in (job_w, reply_r, *(fd for sibling in siblings for fd in sibling._fds())):
                os.close(fd)
            _serve(fmt, fonts, job_r, reply_w)
        os.close(job_r)
        os.close(reply_w)
        return cls(fmt, pid, job_w, reply_r)

    def write(self, doc: Document, style: Style, faces: Mapping[str, Face], target: Path) -> bool:
        """Send the job; False if it cannot be sent (the caller then writes the format itself)."""
        fd, self._job_fd = self._job_fd, None
        if fd is None:
            return False
        pipe = None
        try:
            data = pickle.dumps((doc, style, dict(faces), str(target)), protocol=pickle.HIGHEST_PROTOCOL)
            pipe = os.fdopen(fd, "wb")
            with pipe:
                pipe.write(data)
        except Exception:  # BrokenPipeError (the writer died before reading), or a document pickle refuses
            if pipe is None:
                os.close(fd)
            self.stop()
            return False
        return True

    def faces(self) -> dict[str, Face] | None:
        """The faces the writer found for every kind, which it looks up first thing; None from a writer
        that needs no font files, or has failed."""
        if not self._heard:
            self._faces, self._heard = self._receive(), True
        return self._faces

    def wait(self) -> bool:
        """True once the file is written; False if the writer failed or died."""
        self.faces()  # its first reply, if not yet read
        done = self._receive() is True
        self.stop()
        return done

    def _receive(self) -> Any:
        if self._replies is None:
            return None
        try:
            return pickle.load(self._replies)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def _fds(self) -> list[int]:
        return [fd for fd in (self._job_fd, self._replies and self._replies.fileno()) if fd is not None]

    def stop(self) -> None:
        """End the process whatever it is doing and reap it; safe to call twice."""
        if self.pid == 0:
            return
        if self._job_fd is not None:
            os.close(self._job_fd)
        if self._replies is not None:
            self._replies.close()
        self._job_fd = self._replies = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = 0


def _pipe() -> list[int]:
    """A pipe whose ends are not descriptors 0-2: a command started with a standard stream closed gets
    those from `os.pipe`, and the writer process points 0-2 at /dev/null."""
    import fcntl

    ends = []
    for fd in os.pipe():
        if fd <= 2:
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
            os.close(fd)
            fd = moved
        ends.append(fd)
    return ends


def start(formats: tuple[str, ...], fonts: Mapping[str, str | Path]) -> dict[str, WriterProcess]:
    """A writer process for each format, as far as they can be started.

    What every process needs (the IR and style classes) is imported once, before forking.
    """
    from .. import ir, styles  # noqa: F401

    started: dict[str, WriterProcess] = {}
    for fmt in formats:
        process = WriterProcess.start(fmt, fonts, started.values())
        if process is not None:
            started[fmt] = process
    return started


def _serve(fmt: str, fonts: Mapping[str, str | Path], job_fd: int, reply_fd: int) -> NoReturn:
    """The forked child: warm up (telling the faces it found), write the one job it is sent, say so, and leave
    without clean-up."""
    status = 1
    try:
        gc.disable()  # one bounded job; the collector would only copy pages shared with the parent
        os.nice(_NICE)  # the main process renders meanwhile, on the critical path: it goes first
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # never print: the main process speaks for the build
            os.dup2(null, fd)
        replies = os.fdopen(reply_fd, "wb")

        def reply(value: Any) -> None:
            pickle.dump(value, replies, protocol=pickle.HIGHEST_PROTOCOL)
            replies.flush()

        warm(fmt, fonts, reply)
        with os.fdopen(job_fd, "rb") as pipe:
            doc, style, faces, target = pickle.load(pipe)  # EOFError when the build stopped before writing
        from . import writer_for

        writer_for(fmt)(doc, style, faces, Path(target))
        reply(True)
        status = 0
    except BaseException:  # whatever went wrong, the main process writes this format itself
        pass
    finally:
        os._exit(status)
