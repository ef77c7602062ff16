"""Many inputs in one run: worker processes, a progress bar or plain lines, every failure named, a summary.

One bad input never stops the others, nor does a worker that dies (killed, out
of memory): that costs only the input it was building. The run's exit status
says whether any failed. Each input is still built all-or-nothing by
`pipeline.build`. Ctrl-C, SIGTERM or SIGHUP end the run at once: queued inputs
are not started, the workers are ended and waited for, and no temporary file
stays. Where processes can be forked, workers start from a parent that has
already imported the pipeline and the writers, so no worker imports them again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.process
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TextIO, cast

from .atomic import catch_signals, held, sweep
from .pipeline import BuildOptions, clashes
from .writers import FORMATS


@dataclass
class Outcome:
    """One input's result: the files made, or the lines that say why not (each naming the file)."""

    input: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build_one(path: Path, options: BuildOptions) -> Outcome:
    """Build one input and never raise: whatever goes wrong becomes lines in the outcome."""
    from .diagnostics import InputError
    from .pipeline import BuildFailure

    outcome = Outcome(path)
    try:
        result = options.build(path)
    except InputError as exc:
        outcome.errors = [d.format() for d in sorted(exc.diagnostics)]
    except BuildFailure as exc:
        outcome.errors = [f"{path}: {exc}"]
    except Exception as exc:  # a bug must not cost the other inputs their reports
        last = traceback.extract_tb(exc.__traceback__)[-1]
        outcome.errors = [f"{path}: 内部错误（不是输入文件的问题）：{type(exc).__name__}: {exc}"
                          f"（{Path(last.filename).name}:{last.lineno}）"]
    else:
        outcome.outputs = list(result.outputs)
        outcome.warnings = [d.format() for d in sorted(result.warnings)]
    return outcome


def _context() -> multiprocessing.context.DefaultContext:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return cast(multiprocessing.context.DefaultContext, context)  # typeshed has no common type with .Process


def _worker(conn: Connection, options: BuildOptions) -> None:
    """A worker process: build each input it is sent, answer with its outcome; stop at None or a closed pipe.

    Ctrl-C reaches every process of the terminal's group: the workers ignore it and the parent decides, ending
    them with SIGTERM, which unwinds a build (its temporaries removed) and ends the worker with status 143.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    catch_signals()
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        conn.send(build_one(path, options))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    input: Path | None = None


def _died(path: Path, code: int | None) -> Outcome:
    """The outcome of an input whose worker ended before answering (killed, out of memory, crashed)."""
    how = (f"被信号 {signal.Signals(-code).name} 终止" if code is not None and code < 0 and -code in
           signal.valid_signals() else f"退出状态 {code}")
    return Outcome(path, errors=[f"{path}: RG806 生成这份报告的进程意外结束（{how}），这份未生成，其余各份不受影响；"
                                 "请重新生成这一份，如果每次都这样，可能是内存不足"])


def _pooled(todo: Sequence[Path], options: BuildOptions, jobs: int) -> Iterator[Outcome]:
    """Outcomes as `jobs` worker processes finish them. A worker that dies costs only the input it was
    building (RG806), and a new worker takes its place; when this generator is left early (Ctrl-C, SIGTERM,
    an error), every worker is ended and waited for, and the temporaries of any killed one removed."""
    context = _context()
    queue = list(reversed(todo))
    workers: list[_Worker] = []

    def start() -> None:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, options), daemon=True)
        process.start()
        child.close()
        workers.append(_Worker(process, parent))

    def give(worker: _Worker) -> None:
        worker.input = queue.pop() if queue else None
        try:
            worker.conn.send(worker.input)
        except OSError:  # the worker died after its last answer: the input waits for another one
            if worker.input is not None:
                queue.append(worker.input)
            worker.input = None
            return
        if worker.input is None:  # nothing left for it: it ends by itself
            worker.process.join()
            workers.remove(worker)

    try:
        for _ in range(min(jobs, len(queue))):
            start()
        for worker in list(workers):
            give(worker)
        while workers:
            ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers]))
            for worker in list(workers):
                answered = worker.conn in ready and worker.conn.poll()
                if answered:
                    try:
                        outcome: Outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        answered = False
                    else:
                        yield outcome
                        give(worker)
                        continue
                if worker.process.sentinel in ready or (worker.conn in ready and not answered):
                    worker.process.join()
                    workers.remove(worker)
                    if worker.input is not None:
                        sweep(options.output)  # what the dead worker left in the output folder
                        yield _died(worker.input, worker.process.exitcode)
                    if queue:
                        start()
                        give(workers[-1])
    finally:
        with held():
            for worker in workers:
                with contextlib.suppress(OSError, ValueError):
                    worker.process.terminate()  # SIGTERM: the build unwinds, its temporaries removed
            for worker in workers:
                worker.process.join(10)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()
                worker.conn.close()
            sweep(options.output)


def run(paths: Sequence[Path], options: BuildOptions, jobs: int) -> Iterator[Outcome]:
    """Outcomes as they finish: in this process for one job, else in `jobs` worker processes."""
    clashing = clashes(paths)
    for k, problem in clashing.items():
        yield Outcome(paths[k], errors=[problem.format()])
    todo = [p for k, p in enumerate(paths) if k not in clashing]
    if jobs <= 1 or len(todo) <= 1:
        for path in todo:
            yield build_one(path, options)
        return
    for fmt in options.formats:
        FORMATS[fmt].load()  # imported once here rather than in each worker
    yield from _pooled(todo, options, jobs)


class Reporter:
    """A progress bar (tqdm) on a terminal; one plain line per input otherwise (logs, CI)."""

    def __init__(self, total: int, out: TextIO = sys.stdout, err: TextIO = sys.stderr):
        self.total, self.out, self.err, self.done = total, out, err, 0
        self.bar = None
        if err.isatty():
            from tqdm import tqdm

            try:
                columns, lines = os.get_terminal_size(err.fileno())
            except (OSError, ValueError):
                columns = lines = 0
            # A terminal that reports no size (a bare pty, some CI consoles) still gets a bar: tqdm would
            # otherwise hide it as if it were below a screen of 0 lines.
            size = {"dynamic_ncols": True} if columns else {"ncols": 80}
            self.bar = tqdm(total=total, unit="份", desc="生成报告", file=err, nrows=lines or 24, **size)

    def _say(self, line: str, stream: TextIO) -> None:
        if self.bar is not None:
            self.bar.write(line, file=stream)
        else:
            print(line, file=stream, flush=True)

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        for line in outcome.warnings:
            self._say(line, self.err)
        for line in outcome.errors:
            self._say(line, self.err)
        if self.bar is not None:
            self.bar.update(1)
            return
        step = f"[{self.done}/{self.total}]"
        if outcome.ok:
            self._say(f"{step} 已生成 {'、'.join(str(p) for p in outcome.outputs)}", self.out)
        else:
            self._say(f"{step} 失败 {outcome.input}", self.err)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build_many(paths: Sequence[Path], options: BuildOptions, jobs: int,
               report: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every input, reporting each as it finishes; outcomes in input order."""
    outcomes = {}
    for outcome in run(paths, options, jobs):
        outcomes[outcome.input] = outcome
        if report is not None:
            report(outcome)
    return [outcomes[p] for p in paths]


def _make_folder(folder: Path) -> bool:
    """Create the output folder before the workers start, so they never race to create it.

    True if it was made here. If it cannot be made, each build says why for its own input.
    """
    if folder.exists():
        return False
    try:
        folder.mkdir(parents=True)
    except OSError:
        return False
    return True


def summary(outcomes: Sequence[Outcome], seconds: float) -> list[str]:
    """The closing lines: counts, time and rate, then each failed input."""
    failed = [o for o in outcomes if not o.ok]
    rate = len(outcomes) / seconds if seconds > 0 else 0.0
    lines = [f"共 {len(outcomes)} 份：成功 {len(outcomes) - len(failed)} 份，失败 {len(failed)} 份"
             f"（用时 {seconds:.1f} 秒，每秒 {rate:.1f} 份）"]
    lines += [f"失败：{o.input}" for o in failed]
    return lines


def main(paths: Sequence[Path], options: BuildOptions, jobs: int) -> bool:
    """The `build -j N` command: True when every input was built."""
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    unique = list(dict.fromkeys(paths))  # the same file named twice (a shell glob and a name) is built once
    reporter = Reporter(len(unique))
    start = time.perf_counter()
    made = _make_folder(options.output)
    try:
        outcomes = build_many(unique, options, jobs, reporter)
    finally:
        reporter.close()
        if made and not any(options.output.iterdir()):
            options.output.rmdir()  # nothing was built: leave no trace, as a single failed build does
    lines = summary(outcomes, time.perf_counter() - start)
    print(lines[0], flush=True)
    for line in lines[1:]:
        print(line, file=sys.stderr)
    return all(o.ok for o in outcomes)
