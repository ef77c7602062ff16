"""After an edit, the tree re-made around the edited value (`reportgen.recompose`) is the tree PyYAML composes
from the whole new text: the same nodes, values, tags, styles and positions, or the same error."""

from __future__ import annotations

import random

import pytest
import yaml

from reportgen import recompose
from reportgen.loader import load_text

from .conftest import ROOT

INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))
# Characters an editor may type: text, and every one that means something to YAML.
TYPED = ["势", "龘", "a", "7", " ", ":", ": ", " #", "#", "-", "- ", '"', "'", "\\", "\n", "\t", ",", "[", "]",
         "{", "}", "&a ", "*a", "!", "|", ">", "%", "@", "`", "?", "“", "”", "...", "---", "true", ".5", ""]


def _shape(node: yaml.Node | None) -> object:
    if node is None:
        return None
    marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column,
             node.end_mark.index, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, node.flow_style, marks, [_shape(n) for n in node.value])
    return ("map", node.tag, node.flow_style, marks, [(_shape(k), _shape(v)) for k, v in node.value])


def _whole(text: str) -> object:
    try:
        return _shape(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        return type(exc)


def _edited(old: str, new: str) -> object:
    recompose.compose(old)  # the last text composed
    try:
        return _shape(recompose.compose(new))
    except yaml.YAMLError as exc:
        return type(exc)


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.stem)
def test_an_edit_anywhere_gives_the_tree_of_the_whole_new_text(source):
    text = source.read_text(encoding="utf-8")
    rng = random.Random(source.stem)
    patched = 0
    for _ in range(400):
        at = rng.randrange(len(text))
        cut = rng.choice([0, 0, 1, 2])
        new = text[:at] + rng.choice(TYPED) + text[at + cut:]
        before = recompose._patched(text, yaml.compose(text, Loader=yaml.SafeLoader), new)
        patched += before is not None
        assert _edited(text, new) == _whole(new), (at, cut, new[max(0, at - 20):at + 20])
    assert patched > 50  # most edits land inside a value: the patch, not the whole text, made those trees


def test_a_run_of_edits_in_one_paragraph_keeps_every_position_right():
    """Typing a sentence into one paragraph, a character at a time, then deleting it: each step from the last."""
    text = (ROOT / "inputs" / "2023-union-annual-meeting.yaml").read_text(encoding="utf-8")
    anchor = "深科技苏州工会顺应企业高质量发展形势"
    at = text.index(anchor) + len(anchor)
    typed = "，全年开展活动12次（含“职工之家”建设）"
    steps = [text[:at] + typed[:k] + text[at:] for k in range(len(typed) + 1)]
    for new in steps + steps[::-1]:
        assert _shape(recompose.compose(new)) == _whole(new)
    for new in steps:
        warm = load_text(new, "x.yaml")  # from the last text loaded
        recompose._LAST.clear()
        assert warm == load_text(new, "x.yaml")  # data, positions, scalar spans, problems


@pytest.mark.parametrize(("text", "old", "new"), [
    ("a: &x 1\nb: *x\nc: hello world\n", "hello", "hellO"),          # a tree with an alias: composed whole
    ("a: &x 1\nc: hello world\n", "hello world", "&x hello world"),   # the anchor again: PyYAML's error
    ("a: 1\nc: hello world\n", "hello", "!!int hello"),              # a tag before the value
    ("a: 1\nc: hello world\nd: [x, y]\n", "x", "x, z"),               # in brackets
    ("a: 1\nc: 'it''s'\nd: 2\n", "it''s", "it'''s"),                  # a quote left open
    ("a: 1\nc: \"tab\\t\"\nd: 2\n", "tab", "ta\\qb"),                  # an escape that is no escape
    ("a: 1\nc: 2023\nd: 2\n", "2023", "2023-02-30"),                  # a value that becomes an impossible date
    ("a: 1\nc: hello world\nd: 2\n", "world", "world: no"),           # a value that becomes a mapping
])
def test_edits_that_change_what_the_text_means(text, old, new):
    edited = text.replace(old, new, 1)
    assert _edited(text, edited) == _whole(edited)
