"""`reportgen init`: somewhere to start for someone who installed with pip and has no checkout.

Writes into a folder a commented starter input (`reportgen/starter.yaml`: every field explained, example
text marked with ×× to overwrite; it passes `reportgen check` and builds as it is) and a copy of the package's
own example inputs with the photo they use, in a subfolder to look at. Existing files are never replaced
unless asked (`--force`); all files are written or none.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import staged
from .resources import builtin_examples

STARTER_NAME = "会议报告.yaml"
EXAMPLES_FOLDER = "示例"
# The example inputs shipped in the wheel (pyproject.toml force-includes each one as reportgen/examples/…).
EXAMPLE_FILES = (
    "2023-union-annual-meeting.yaml",
    "2023-union-annual-meeting-minutes.yaml",
    "2023-union-annual-meeting-photos.yaml",
    "2023-union-annual-meeting-attachments.yaml",
    "2023-union-annual-meeting-formal.yaml",
    "images/2023-meeting.jpg",
    "images/示例印章.png",
)
_STARTER = Path(__file__).with_name("starter.yaml")


class StarterError(Exception):
    """A user-facing refusal, already located: `path: message`."""


def starter_bytes() -> bytes:
    """The starter input as `init` writes it (the editor starts a new file from it too)."""
    return _STARTER.read_bytes()


def plan(folder: Path) -> list[tuple[Path, Path]]:
    """(source, target) of every file `init` writes into `folder`: the starter first."""
    examples = builtin_examples(EXAMPLE_FILES[0])
    return [(_STARTER, folder / STARTER_NAME),
            *((examples / name, folder / EXAMPLES_FOLDER / name) for name in EXAMPLE_FILES)]


def write_starter(folder: Path, force: bool = False) -> list[Path]:
    """Write the starter input and the examples into `folder` (made if missing); the paths written."""
    if folder.exists() and not folder.is_dir():
        raise StarterError(f"{folder}: 这是一个文件，不是文件夹；请给出一个文件夹，例如 reportgen init 会议报告")
    files = plan(folder)
    if not force:
        for _source, target in files:
            if target.exists():
                raise StarterError(f"{target}: 已存在，没有写入任何文件；要覆盖请加 --force，"
                                   f"或写到另一个文件夹：reportgen init 文件夹名")
    contents = [source.read_bytes() for source, _target in files]  # a file missing here is our bug, not the user's
    targets = [target for _source, target in files]
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
        with staged(targets) as temps:
            for content, temp in zip(contents, temps, strict=True):
                temp.write_bytes(content)
    except OSError as exc:
        where = exc.filename or folder
        raise StarterError(f"{where}: 无法写入：{exc.strerror}") from None
    return targets


def _shell(path: Path) -> str:
    """A path as typed in a terminal (cmd, PowerShell or a POSIX shell): quoted when it has a space."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def next_steps(folder: Path) -> str:
    """What to do after `init`: edit the starter, check it, build it (into the folder's output/)."""
    starter = folder / STARTER_NAME
    build = f"reportgen build {_shell(starter)}"
    if folder != Path("."):
        build += f" -o {_shell(folder / 'output')}"
    return (f"下一步：用文本编辑器（如记事本）打开 {starter}，把带“××”的示例文字换成你们会议的内容"
            f"（完整的例子在 {folder / EXAMPLES_FOLDER}），然后运行\n"
            f"  reportgen check {_shell(starter)}\n"
            f"  {build}")
