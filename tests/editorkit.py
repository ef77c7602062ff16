"""`reportgen serve` run for tests: a real server process on a copy of the examples, and a real Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .conftest import ROOT

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1000")


def copy_examples(folder: Path) -> Path:
    """The example inputs and their photos in `folder`; the main example's path."""
    for item in (ROOT / "inputs").iterdir():
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
        elif item.suffix == ".yaml" and item.name.startswith("2023-"):
            shutil.copy(item, folder / item.name)
    return folder / "2023-union-annual-meeting.yaml"


class Server:
    """`python -m reportgen serve [FILE] --no-browser` in a process of its own; `url` carries the token."""

    def __init__(self, source: str | None, cwd: Path):
        env = {**os.environ, "REPORTGEN_NO_BROWSER": "1", "PYTHONUNBUFFERED": "1"}
        given = [source] if source is not None else []
        self.proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", *given, "--no-browser"],
                                     cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.started = time.monotonic()
        assert self.proc.stdout is not None and self.proc.stderr is not None
        found, printed = None, ""
        while found is None:  # the address line, after what an import printed
            line = self.proc.stdout.readline()
            printed += line
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
            if not line:
                raise AssertionError(f"no address printed: {printed!r} {self.proc.stderr.read()}")
        self.port, self.token = int(found[1]), found[2]
        self.url = found[0]
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@contextlib.contextmanager
def serving(source: str | None, cwd: Path) -> Iterator[Server]:
    server = Server(source, cwd)
    try:
        yield server
    finally:
        server.stop()


def chromium() -> Any:
    """A headless Debian Chromium driven by its chromedriver (never a downloaded one), fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from .conftest import need

    options = webdriver.ChromeOptions()
    options.binary_location = need("chromium")
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='rg-chromium-')}")
    return webdriver.Chrome(service=Service(need("chromedriver")), options=options)


def wait(what: Callable[[], Any], timeout: float = 30, message: str = "") -> Any:
    """`what()` once it is truthy; a failure after `timeout` seconds."""
    end = time.monotonic() + timeout
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting: {message}")
        time.sleep(0.05)


PAGES_TEXT = "return [...document.querySelectorAll('#pages .pagewrap')].map(p => p.textContent).join('')"


def settled(driver: Any) -> None:
    """Every edit sent has its preview on screen."""
    wait(lambda: driver.execute_script("return window.__rg.seq === window.__rg.sent && window.__rg.painted > 0"),
         60, "the preview of the last edit")


def open_editor(driver: Any, url: str) -> None:
    """The editor at `url`, its first pages shown and settled."""
    driver.get(url)
    wait(lambda: driver.execute_script("return window.__rg && window.__rg.pages > 0"), 60, "first pages")
    settled(driver)

