"""Many inputs in one run: a process pool, a progress bar or plain lines, every failure named, a summary.

One bad input never stops the others; the run's exit status says whether any
failed. Each input is still built all-or-nothing by `pipeline.build`. Where
processes can be forked, workers start from a parent that has already imported
the pipeline and the writers, so no worker imports them again.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .pipeline import BuildOptions
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


def _clashes(paths: Sequence[Path]) -> dict[int, str]:
    """Inputs whose outputs would land on an earlier input's (same file name in one output folder)."""
    first: dict[str, Path] = {}
    clashes = {}
    for k, path in enumerate(paths):
        if path.stem in first:
            clashes[k] = (f"{path}: 输出文件名与 {first[path.stem]} 相同（{path.stem}.*），会互相覆盖；"
                          "未生成，请改名后单独生成")
        else:
            first[path.stem] = path
    return clashes


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run(paths: Sequence[Path], options: BuildOptions, jobs: int) -> Iterator[Outcome]:
    """Outcomes as they finish: in this process for one job, else in a pool of `jobs` processes."""
    clashes = _clashes(paths)
    for k, message in clashes.items():
        yield Outcome(paths[k], errors=[message])
    todo = [p for k, p in enumerate(paths) if k not in clashes]
    if jobs <= 1 or len(todo) <= 1:
        for path in todo:
            yield build_one(path, options)
        return
    for fmt in options.formats:
        FORMATS[fmt].load()  # imported once here rather than in each worker
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=_context()) as pool:
        futures = [pool.submit(build_one, path, options) for path in todo]
        for future in as_completed(futures):
            yield future.result()


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
