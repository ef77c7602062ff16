"""Where Chinese text may be broken without splitting a word (GB/T 9704 §7.3.1: a wrapped title or heading
keeps its words whole, 词意完整).

The words come from jieba's dictionary (`rjieba`, a binding of jieba-rs), imported the first time a text is
segmented: only a title or heading that needs more than one line asks. On top of the segmenter's words:
a number and its measure word are one word (2023年度, 1,200余人次), a particle the segmenter tags as one
(的 了 着) and a mark belong to the word before them (an opening mark to the word after it), and a run of
letters and digits is never split.

The breaks found for a text are kept on disk (`fonts.cache.disk_cached`, keyed by the text and by rjieba's
installed file): importing rjieba builds its dictionary, a tenth of a second and 30 MB, which a rebuild of
the same document (a live preview, the next run) then does not pay again.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..caches import memo
from ..fonts.cache import disk_cached
from .punct import NO_LINE_END, NO_LINE_START, is_cjk, is_han

RULES = 1  # bump when what `word_breaks` makes of the segmenter's words changes: the disk cache is keyed by it


def _latin(ch: str) -> bool:
    return not ch.isspace() and not is_cjk(ch)


def _joined(before: str, after: str) -> bool:
    """Do the two characters either side of a segmenter's word boundary belong to one word for breaking?"""
    if before.isspace() or after.isspace():
        return False
    return (after in NO_LINE_START or before in NO_LINE_END  # a mark with its word
            or (_latin(before) and _latin(after))          # 1,200 6000+ ESD-2
            or (before.isdigit() and is_han(after)))       # a number with its measure word


@memo(1024)
def word_breaks(text: str) -> frozenset[int]:
    """Offsets in `text` (0 < k < len) between two words, where a line break keeps every word whole."""
    spec = importlib.util.find_spec("rjieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("rjieba is not installed (a dependency of reportgen)")
    return disk_cached("words", Path(spec.origin), 0, lambda: _segmented(text), version=f"{RULES}|{text}")


def _segmented(text: str) -> frozenset[int]:
    import rjieba  # builds its dictionary (~0.1 s): only text that needs breaking, and is not on disk, pays

    breaks, at = set(), 0
    for word, tag in rjieba.tag(text):
        if at > 0 and not tag.startswith("u") and not _joined(text[at - 1], text[at]):
            breaks.add(at)  # before a word that is no particle (的 了 着 go with the word before them)
        at += len(word)
    return frozenset(breaks)
