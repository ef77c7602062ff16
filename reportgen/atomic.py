"""All-or-nothing output: every format is written to a temporary file first and
renamed into place only after all of them were produced.

The promise: after any build, failed or interrupted, the output folder holds
what it held before or the complete new files, nothing else.

- Temporary files are named `.NAME.reportgen-PID-RANDOM.tmp`, so they can be
  told from the user's files and from those of a build still running. A build
  that ends by an exception (a full disk, Ctrl-C, or SIGTERM/SIGHUP turned into
  :class:`Interrupted` by :func:`catch_signals`) removes its own; those of a
  process killed outright (SIGKILL, a power cut) are removed by the next build
  into the same folder (:func:`sweep`), once their process is gone.
- Several outputs are committed together: each previous file is first kept as a
  hard link (`.NAME.reportgen-PID-RANDOM.old`), so a target never goes missing;
  if a rename fails half-way, the files already replaced are put back.
- Creating the temporaries, committing and cleaning up run with SIGINT, SIGTERM
  and SIGHUP held back, so an interrupt lands before or after them, never in
  the middle of one.
- A folder made for the outputs is removed again when the build fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

TAG = "reportgen"
_STALE = re.compile(rf"^\.(?P<name>.*)\.{TAG}-(?P<pid>\d+)-[0-9a-f]+\.(?P<kind>tmp|old)$", re.DOTALL)
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(SystemExit):
    """A signal (SIGTERM, SIGHUP) raised as an exception, so that cleanup code runs; the exit status is
    128 + the signal's number, as a shell reports a process ended by it."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.signum = signum


PAUSE = "REPORTGEN_TEST_PAUSE"


def checkpoint(moment: str) -> None:
    """A test hook, inert unless the environment asks: with REPORTGEN_TEST_PAUSE=MOMENT[:SECONDS] the process
    says `reportgen-pause: MOMENT PID` on standard error when it reaches that moment and waits there (60 s unless
    told), so a test can signal or kill it at a known point. The moments: `staged` (temporaries made, nothing
    written), `written` (every temporary written, nothing committed), `committing` (the first output renamed
    into place, the others not yet; signals are held there)."""
    asked = os.environ.get(PAUSE, "")
    if asked.partition(":")[0] == moment:
        import sys
        import time

        print(f"reportgen-pause: {moment} {os.getpid()}", file=sys.stderr, flush=True)
        time.sleep(float(asked.partition(":")[2] or 60))


received: int | None = None  # the signal caught, if any (see `caught`)


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    global received
    received = signum
    raise Interrupted(signum)


def _raise_keyboard_interrupt(signum: int, _frame: FrameType | None) -> None:
    global received
    received = signum
    raise KeyboardInterrupt


def catch_signals() -> None:
    """SIGTERM and SIGHUP end the process through :class:`Interrupted`, SIGINT through KeyboardInterrupt as
    Python's own handler does, unless they are ignored (`nohup`), which stays so. Each is also noted (`caught`)."""
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise_interrupted)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _raise_keyboard_interrupt)


def caught() -> int | None:
    """The signal that came, if one did: a library may turn the exception raised for it into one of its own
    (pydantic-core reports a KeyboardInterrupt while it builds a model as a SchemaError), which is then still
    an interruption, not an internal error."""
    return received


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while the block runs; one that arrived meanwhile lands after it."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of `folder` (or its nearest existing parent) takes."""
    for place in (folder, *folder.parents):
        if place.exists():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                return int(os.pathconf(place, "PC_NAME_MAX"))
            break
    return 255


def _side_name(target: Path, kind: str, token: str) -> Path:
    """`.NAME.reportgen-PID-RANDOM.kind` beside `target`; if that is longer than the file system takes, NAME's
    stem is cut short (its extension kept, so the side names of one build's outputs still differ)."""
    limit = name_max(target.parent)
    stem, suffix = target.stem, target.suffix
    while stem and len(os.fsencode(f".{stem}{suffix}.{token}.{kind}")) > limit:
        stem = stem[:-1]
    return target.with_name(f".{stem}{suffix}.{token}.{kind}")


def _cut(side: Path) -> bool:
    """Whether `side`'s NAME may have been cut short (the whole is at the file system's limit)."""
    return len(os.fsencode(side.name)) > name_max(side.parent) - 4


def _create(target: Path, token: str) -> Path:
    path = _side_name(target, "tmp", token)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows has no signal 0 to ask with: never sweep there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, another user's
        return True
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files a killed build left in `folder` (their process is gone); the files removed.

    A kept previous file (`.old`) whose target is missing is put back in its place.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        found = _STALE.match(entry.name)
        if found is None or _alive(int(found["pid"])):
            continue
        path = Path(entry.path)
        target = path.with_name(found["name"])
        with held(), contextlib.suppress(OSError):
            if found["kind"] == "old" and not os.path.lexists(target):
                if _cut(path):
                    continue  # the only copy of a file whose name is not known for sure: left as it is
                os.replace(path, target)
            else:
                path.unlink()
            removed.append(path)
    return removed


def _keep(target: Path, token: str) -> Path | None:
    """A second name for `target`'s current content (a hard link), or None if it has none."""
    if not os.path.lexists(target) or target.is_dir():  # a folder is refused by the rename itself
        return None
    kept = _side_name(target, "old", token)
    try:
        os.link(target, kept, follow_symlinks=False)
    except FileNotFoundError:  # replaced or removed by a build running beside this one
        return None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        os.replace(target, kept)  # a file system without hard links (FAT): moved aside instead
    return kept


def _commit(temps: list[Path], targets: list[Path], token: str) -> None:
    """Rename every temp onto its target; on any failure put the targets back as they were."""
    kept: list[tuple[Path, Path | None]] = []  # (target, its previous content under another name, or None)
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for target in targets:
            kept.append((target, _keep(target, token)))
        for temp, (target, previous) in zip(temps, kept, strict=True):
            os.chmod(temp, 0o644)
            os.replace(temp, target)
            replaced.append((target, previous))
            checkpoint("committing")
    except BaseException:
        for target, previous in reversed(replaced):
            with contextlib.suppress(OSError):
                if previous is not None:
                    os.replace(previous, target)
                else:
                    target.unlink(missing_ok=True)
        for target, previous in kept:  # moved aside and not replaced yet: back in place
            if previous is not None and previous.exists() and not os.path.lexists(target):
                with contextlib.suppress(OSError):
                    os.replace(previous, target)
        raise
    finally:
        for target, previous in kept:
            if previous is not None and os.path.lexists(target):  # else the only copy: swept back later
                with contextlib.suppress(OSError):
                    previous.unlink()


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones made here, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    made = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:  # made by a build running beside this one: not ours to remove
            continue
        made.append(path)
    return made


@contextlib.contextmanager
def staged(targets: list[Path], *, make_folder: bool = False) -> Iterator[list[Path]]:
    """Yield temporary paths beside `targets`; on success rename them all into place.

    With `make_folder`, the targets' folder is created if missing, and removed again (with the parents made
    for it) when the block fails. Stale temporaries of killed builds in the folder are removed first.
    """
    token = f"{TAG}-{os.getpid()}-{secrets.token_hex(4)}"
    temps: list[Path] = []
    made: list[Path] = []
    done = False
    try:
        with held():
            for _attempt in range(3):
                try:
                    if make_folder and targets:
                        made += _make_folders(targets[0].parent)
                    for target in targets[len(temps):]:
                        temps.append(_create(target, token))
                    break
                except FileNotFoundError:  # the folder was removed by a failing build beside this one
                    if not make_folder:
                        raise
            else:
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(targets[0].parent))
        if targets:
            sweep(targets[0].parent)
        checkpoint("staged")
        yield temps
        checkpoint("written")
        with held():
            _commit(temps, targets, token)
            done = True
    finally:
        with held():
            if not done:
                for temp in temps:
                    with contextlib.suppress(OSError):
                        temp.unlink()
                for folder in reversed(made):
                    try:
                        folder.rmdir()  # refused while anything is in it, a concurrent build's files too
                    except OSError:
                        break
