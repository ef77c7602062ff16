"""YAML composition that, after a small edit, re-scans only the one value the edit is in.

A live preview rebuilds after every keystroke, and PyYAML's pure-Python scanner (the loader's choice, see
`loader`) reads the whole file each time. Most keystrokes change one value on one line: here the last text
composed and its node tree are kept, and when the new text differs from it only inside one single-line value
(plain or quoted, in block context, not a key) that still reads as a whole value of the same style on its own
(no anchor or tag before it; and no node of the tree is an alias's),
the tree is rebuilt around that value, every later position moved by the edit's length. Anything else (a new
line, an indicator, an anchor, a key, a value in brackets) is composed from the start. The result is the
tree `yaml.compose` makes of the new text (`tests/test_recompose.py` checks edits of every kind against it).
"""

from __future__ import annotations

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .caches import register

_BREAKS = "\r\n\x85\u2028\u2029"  # what PyYAML reads as a line break
KEPT_MAX = 1 << 18  # characters: a longer text's tree is not kept (a 5,000-page report's would be tens of MB)
_LAST: list[tuple[str, Node]] = []  # the last text composed and its tree (one: an edit is always re-scanned),
#                                     when no node of it is shared (an alias's target)
register(f"{__name__}._LAST", "text", _LAST.clear, lambda: len(_LAST))


def compose(text: str) -> Node | None:
    """`yaml.compose(text, Loader=yaml.SafeLoader)`, re-scanning only an edited value when it can."""
    last = _LAST[0] if _LAST else None
    node = _patched(last[0], last[1], text) if last is not None else None
    if node is None:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        _LAST[:] = [(text, node)] if node is not None and len(text) <= KEPT_MAX and not _shared(node) else []
    else:
        _LAST[:] = [(text, node)]
    return node


def _shared(root: Node) -> bool:
    """Whether a node of the tree is reached twice (an alias names it): a rebuilt tree would part them."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            todo += [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            todo += node.value
    return False


def _common(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and (not overlapping it) suffix."""
    lo, hi = 0, min(len(old), len(new))
    while lo < hi:  # compared a slice at a time
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, min(len(old), len(new)) - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, lo


def _patched(old: str, root: Node, new: str) -> Node | None:
    """The tree of `new` made from `root` (the tree of `old`), or None when the edit is not inside one value."""
    if old == new:
        return root
    prefix, suffix = _common(old, new)
    start, end = prefix, len(old) - suffix  # the edit replaces old[start:end]
    path: list[Node] = []
    node = root
    while not isinstance(node, ScalarNode):
        if not isinstance(node, MappingNode | SequenceNode) or node.flow_style:
            return None  # in brackets a comma or a bracket ends a value
        children = [v for _k, v in node.value] if isinstance(node, MappingNode) else node.value
        inside = [c for c in children if c.start_mark.index <= start and end <= c.end_mark.index]
        if len(inside) != 1:
            return None  # between values, or on a key
        path.append(node)
        node = inside[0]
    first, last = node.start_mark, node.end_mark
    if not path or first.line != last.line or node.style not in (None, "'", '"'):
        return None
    quoted = node.style is not None
    if quoted and not (first.index < start and end < last.index):
        return None  # the quotes themselves
    delta = len(new) - len(old)
    source = new[first.index:last.index + delta]
    if not source or any(c in source for c in _BREAKS):
        return None
    try:
        alone = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if (not isinstance(alone, ScalarNode) or alone.style != node.style or alone.start_mark.index != 0
            or alone.end_mark.index != len(source)):
        return None
    if (alone.value != source) if not quoted else (source[0] != node.style or source[-1] != node.style):
        return None  # an anchor or a tag before the value
    edited = ScalarNode(alone.tag, alone.value, first, _moved(last, last.index, delta, first.line), node.style)
    return _rebuilt(root, node, edited, last.index, delta, first.line)


def _moved(mark: Mark, at: int, delta: int, line: int) -> Mark:
    """`mark` as it is after an edit that ends at index `at` of `line` and changes the length by `delta`."""
    if mark.index < at:
        return mark
    column = mark.column + delta if mark.line == line else mark.column
    return Mark(mark.name, mark.index + delta, mark.line, column, None, 0)  # no snippet: never shown


def _rebuilt(node: Node, old: Node, edited: Node, at: int, delta: int, line: int) -> Node:
    """`node` with `old` replaced by `edited` and every position from `at` on moved by `delta`."""
    if node is old:
        return edited
    if node.end_mark.index < at:
        return node  # wholly before the edit: as it was
    start, end = _moved(node.start_mark, at, delta, line), _moved(node.end_mark, at, delta, line)
    if isinstance(node, ScalarNode):
        return ScalarNode(node.tag, node.value, start, end, node.style)
    if isinstance(node, SequenceNode):
        return SequenceNode(node.tag, [_rebuilt(c, old, edited, at, delta, line) for c in node.value],
                            start, end, node.flow_style)
    assert isinstance(node, MappingNode)
    return MappingNode(node.tag, [(_rebuilt(k, old, edited, at, delta, line), _rebuilt(v, old, edited, at, delta, line))
                                  for k, v in node.value], start, end, node.flow_style)
