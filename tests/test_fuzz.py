"""Property test: whatever a user (or a web page) puts into an input, `reportgen` ends in success or a
clean, located error: never a traceback, never an internal error, never a partial or changed output folder.

Random values (control, astral, CJK and pasted-copy characters, huge strings, deep nesting, random
YAML) are put into a valid skeleton, and the YAML text itself is sometimes damaged. Most examples run
load + validate + lint + render and `reportgen check`; every tenth runs a full `reportgen build`.
CI (CI=true) runs 2,000 examples.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.pipeline import BuildFailure, prepare

settings.register_profile("ci", max_examples=2000, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=250, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

SKELETON: dict[str, Any] = {
    "meeting": {"date": "2024-02-28", "year": 2023, "organiser": "深科技总工会", "name": "工作总结会议",
                "purpose": ["总结交流工作"], "attendees": {"people": [{"name": "邱胜", "role": "副主席"}],
                                                     "groups": ["工会干部"], "count": 68},
                "form": ["现场", "视频"]},
    "sections": [
        {"type": "lead"},
        {"type": "unit_reports", "heading": "各分工会汇报", "overview": ["概述。"],
         "units": [{"name": "苏州工会", "paragraphs": ["开展活动。"]}]},
        {"type": "requirements", "speaker": "邱胜", "topic": "工会工作",
         "items": [{"title": "提升组织力", "paragraphs": ["要主动适应新形势。"]}]},
        {"type": "paragraphs", "heading": "其他", "paragraphs": ["段落。"]},
        {"type": "closing", "paragraphs": ["用奋斗擘画更加美好的未来！"]},
    ],
}


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


PATHS = [p for p in _paths(SKELETON) if p]

PASTED = "，。、；：？！“”‘’（）《》【】……——,.;:!?()\"' \t\u3000\u00a0\u200b\ufeff·会議總結(huì)?shù)锛銆鈥â€œ待填写："
characters = st.one_of(
    st.characters(codec="utf-8"),  # anything, control characters and lone escapes included
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
    st.characters(max_codepoint=0x1F),
    st.sampled_from(PASTED),
)
texts = st.text(characters, max_size=60)
huge = st.builds(lambda s, n: s * n, st.text(characters, min_size=1, max_size=8), st.integers(500, 5000))


def _nest(value: Any, depth: int, as_list: bool) -> Any:
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


scalars = st.one_of(texts, st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
values = st.one_of(
    scalars,
    huge,
    st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(texts, inner, max_size=4)), max_leaves=12),
    st.builds(_nest, scalars, st.integers(1, 150), st.booleans()),
)


@st.composite
def documents(draw) -> tuple[str, bool]:
    """(YAML text, whether to run a full build)."""
    data = copy.deepcopy(SKELETON)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(PATHS))
        node = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation replaced the parent
    if draw(st.booleans()):
        extra_key = draw(st.sampled_from(["titel", "meeting", "sections", "kind", "style", "lang", "x"]))
        data[extra_key] = draw(values)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    if draw(st.integers(0, 4)) == 0:  # damage the text itself
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(texts, st.sampled_from(["&a ", "*a", "!!python/object:x ", "<<: ",
                                                                     "\t", "- ", ": ", "{", "[", "'", '"']))) \
            + text[at:]
    full_build = draw(st.integers(0, 9)) == 0 and len(text) < 20_000  # typesetting huge texts is bench work
    return text, full_build


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(argv)
    return status, err.getvalue()


@given(documents())
def test_any_input_ends_in_success_or_a_clean_error(case):
    text, full_build = case
    with tempfile.TemporaryDirectory(prefix="rg-fuzz-") as tmp:
        root = Path(tmp)
        source = root / "input.yaml"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = root / "out"
        out.mkdir()
        (out / "input.pdf").write_bytes(b"previous pdf")
        (out / "keep.txt").write_bytes(b"user file")
        before = _snapshot(out)

        with contextlib.suppress(InputError, BuildFailure):  # anything else is a bug and fails the test
            prepare(source)  # load + validate + lint + render

        argv = ["build", str(source), "-o", str(out)] if full_build else ["check", str(source)]
        status, err = _run(argv)
        assert status in (0, 1), err  # 3 would be an internal error: a bug
        assert "Traceback" not in err
        for line in err.splitlines():
            assert line.startswith(str(source)), line  # every message names the file (and its place)
        after = _snapshot(out)
        if full_build and status == 0:
            assert sorted(after) == ["input.docx", "input.pdf", "keep.txt"]
            assert after["input.pdf"].startswith(b"%PDF") and after["input.pdf"].rstrip().endswith(b"%%EOF")
            assert after["input.docx"].startswith(b"PK")
        else:
            assert after == before  # nothing new, nothing half-written
