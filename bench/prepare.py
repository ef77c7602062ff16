"""`reportgen fonts --prepare` on a new machine (issue 20, "Fonts"): the whole command, from nothing, with the target.

Usage: .venv/bin/python bench/prepare.py [--runs N] [--traditional]

Each run is a new process with empty XDG data, config and cache folders (so the packages are downloaded with
`apt-get download` and every face is converted, as for a new user; the user's own prepared faces and font aliases
are never touched). Prints each run's wall and CPU time (the command and its worker processes, `wait4`) and peak
memory of the largest process, then a second run over the made faces (it makes nothing). With `--traditional`
the Traditional TC/HK faces are timed as well (`fonts --prepare --traditional` after the default faces).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREPARE_MAX_S = 60.0  # issue 20: a fresh `reportgen fonts --prepare` on this 2-core machine; the README says ~1 min


def _run(args: list[str], home: Path) -> tuple[float, float, float, str]:
    """(wall s, CPU s of the process and its children, peak MB of the largest, stdout) of `reportgen` `args`."""
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reportgen", *args], env=env, cwd=home, capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some kind has no face (a machine without the packages)
        sys.exit(f"reportgen {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="fresh prepares to time (default 1: each is ~0.5 min)")
    parser.add_argument("--traditional", action="store_true", help="also time --traditional after each")
    args = parser.parse_args()
    if shutil.which("apt-get") is None:
        sys.exit("apt-get not found: `fonts --prepare` takes its faces from Debian/Ubuntu packages")
    walls, extra = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-prepare-") as tmp:
            home = Path(tmp)
            wall, cpu, peak, out = _run(["fonts", "--prepare"], home)
            made = sorted(p.name for p in (home / "data" / "fonts" / "reportgen").glob("*.ttf"))
            walls.append(wall)
            print(f"run {run + 1}: fonts --prepare, fresh: {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB; "
                  f"{len(made)} faces made")
            for line in out.splitlines():
                if line.startswith("已生成 ") and "秒）" in line:  # the command's progress: face, n/N, seconds
                    print(f"        {line}")
            again, again_cpu, _peak, out = _run(["fonts", "--prepare"], home)
            print(f"        again (nothing to make): {again:.1f} s wall, {again_cpu:.1f} s CPU; "
                  f"{out.count('已准备：')} faces already there")
            if args.traditional:
                wall, cpu, peak, out = _run(["fonts", "--prepare", "--traditional"], home)
                total = len(list((home / "data" / "fonts" / "reportgen").glob("*.ttf")))
                extra.append(wall)
                print(f"        --traditional after it: {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB; "
                      f"{total - len(made)} more faces")
    best, median = min(walls), statistics.median(walls)
    print(f"fonts --prepare (fresh, {os.cpu_count()} cores): median {median:.1f} s, best {best:.1f} s "
          f"(target <= {PREPARE_MAX_S:.0f} s) {'OK' if median <= PREPARE_MAX_S else 'OVER'}; load average now "
          f"{os.getloadavg()[0]:.1f}")
    if extra:
        print(f"--traditional (6 more faces): median {statistics.median(extra):.1f} s")


if __name__ == "__main__":
    main()
