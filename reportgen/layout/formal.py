"""Where the formal edition's parts go (GB/T 9704-2012 §7.2–7.3.5), decided once for every format.

`head_box` places the red head: 份号/密级/紧急程度 flush left on the first lines of the text block, the mark
(发文机关标志) centred in red, its top `minutes.mark_top` mm below the block's top, as large as the block's
width allows up to `formal.mark_max`; the document number and 签发人 two blank lines below it (a report to a
superior body: the number one character in from the left on the line of the last signer, 签发人 one
character in from the right); the red rule `formal.rule_below` mm below the number, the block's width; the
title two blank lines below the rule.

`sign_box` places the signature (§7.3.5): with a seal the date four characters in from the right, the name
centred over it and the seal centred over both, pressing down so that they sit just below its centre, its
top within one line of the text above; without a seal the name two characters in from the right one blank
line below the text, the date on the next line, its first character two characters right of the name's
(or the date two characters in and the name moved left, when the date is the longer).

Both are pure geometry on the preset and the measured faces: the grid (`layout.grid`) draws them, the DOCX
writer writes the same numbers as indents, tab stops and anchored pictures. When the last page cannot hold
the signature, `layout.grid.settle_sign` adjusts the spacing (§7.3.5.5) and records it in `Flow.sign`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..cjk.linebreak import Line, run_in
from ..ir import RedHead, Signature
from ..styles import MM, FaceKind, Style
from .measure import FontSet, text_metrics

EM_TOP = 0.88          # the CJK em box's top above the baseline, in ems (its bottom 0.12 below)
SIGNERS_PER_LINE = 2   # §7.2.5: two signers' names a line
SEAL_DROP = -0.15      # the seal's centre above the name line's top, in lines: below it, the name just under the centre
MIN_SQUEEZED_PITCH = 1.15  # a squeezed line is at least this many body sizes tall (§7.3.5.5 adjusts, never crams)


def kai_face(style: Style) -> FaceKind:
    """签发人's names are in 楷体 (§7.2.5); a preset without 楷体 sets them in the body face."""
    return "kai" if "kai" in style.faces_used() else style.faces.body


def char_pitch(style: Style) -> float:
    """One body character on the grid (pt): the unit of the standard's "空一字"."""
    width = style.page.text_width * MM
    chars = style.chars_per_line
    return (width - style.sizes.body) / (chars - 1) if chars and chars > 1 else style.sizes.body


@dataclass(frozen=True)
class HeadBox:
    """The red head's geometry, in pt from the text block's left and in grid rows from its top."""

    corner: tuple[Line, ...]      # 份号, 密级, 紧急程度, one grid row each from the top, flush left
    mark_size: float
    mark: Line                    # the mark on one line, centred
    mark_top: float               # pt from the block's top to the mark's em-box top
    mark_rows: int                # grid rows from the block's top through the mark's last
    number: Line | None           # the document number
    number_x: float
    number_row: int               # the grid row of the number (and of the last 签发人 line)
    label: Line | None            # 签发人：
    names: tuple[tuple[Line, ...], ...]  # the names, SIGNERS_PER_LINE a line; the last line on the number's row
    label_x: float                # where 签发人： starts
    names_x: float                # where every line of names starts
    name_step: float              # from one name's start to the next's on a line (the longest name and a character)
    rule_y: float                 # pt from the block's top to the red rule's middle
    rule_width: float             # pt
    rows: int                     # grid rows the head takes (through the number's)
    title_blank: int = 2          # blank grid rows between the number's row and the title (the rule in the first)

    @property
    def first_signer_row(self) -> int:
        return self.number_row - max(len(self.names), 1) + 1


def head_box(block: RedHead, style: Style, fonts: FontSet) -> HeadBox:
    width = style.page.text_width * MM
    pitch, body = style.line_pitch, style.sizes.body
    char = char_pitch(style)
    body_m = text_metrics(fonts[style.faces.body], body, None, width)
    corner = tuple(run_in(text, body_m) for text in block.corner)
    face = fonts[style.faces.title]
    text = block.mark.replace("\n", "")  # one line, as large as the block's width allows
    natural = sum(face.advance(ch, 1.0) for ch in text) or 1.0
    size = min(style.formal.mark_max, math.floor(width / natural * 2) / 2)  # half points, as Word records sizes
    mark = run_in(text, text_metrics(face, size, None, width * 2))
    mark_top = style.minutes.mark_top * MM
    mark_rows = max(len(corner), math.ceil((mark_top + size) / pitch - 1e-6))
    names: list[tuple[Line, ...]] = []
    label = None
    label_x = names_x = step = 0.0
    kai_m = text_metrics(fonts[kai_face(style)], body, None, width)
    if block.signers:
        label = run_in("签发人：", body_m)
        groups = [block.signers[k:k + SIGNERS_PER_LINE] for k in range(0, len(block.signers), SIGNERS_PER_LINE)]
        names = [tuple(run_in(name, kai_m) for name in group) for group in groups]
        step = max(n.right for line in names for n in line) + char
        widest = max((len(line) - 1) * step + line[-1].right for line in names)
        names_x = width - char - widest
        label_x = names_x - label.right
    number_row = mark_rows + 2 + max(len(names) - 1, 0)  # two blank lines below the mark (§7.2.4, §7.2.5)
    number = run_in(block.number, body_m) if block.number else None
    if number is None:
        number_x = 0.0
    elif block.signers:
        number_x = char  # an upward document: one character in from the left (§7.2.4)
    else:
        number_x = (width - number.right) / 2  # centred
    # The number's em box bottom, then the rule `rule_below` mm lower (§7.2.6).
    baseline = (number_row + 0.5) * pitch + 0.38 * body
    rule_y = baseline + (1 - EM_TOP) * body + style.formal.rule_below * MM
    return HeadBox(corner, size, mark, mark_top, mark_rows, number, number_x, number_row, label, tuple(names), label_x,
                   names_x, step, rule_y, style.formal.rule_width * MM, number_row + 1)


@dataclass(frozen=True)
class SignBox:
    """The signature's geometry: right insets (pt from the block's right edge to the text's end), widths, the
    seal's drawn size; the blank lines above the name before any adjustment."""

    issuer: Line
    date: Line
    issuer_right: float
    date_right: float
    blank: int                              # blank grid lines between the text above and the name
    seal: tuple[float, float] | None = None  # (width, height) drawn, pt
    seal_drop: float = SEAL_DROP            # the seal's centre above the name line's top, in pt

    @property
    def date_centre(self) -> float:
        """The date's middle, pt from the block's right edge."""
        return self.date_right + self.date.right / 2


def sign_box(block: Signature, style: Style, fonts: FontSet) -> SignBox:
    width = style.page.text_width * MM
    char = char_pitch(style)
    m = text_metrics(fonts[style.faces.body], style.sizes.body, None, width)
    issuer, date = run_in(block.issuer, m), run_in(block.date, m)
    if block.seal is not None:
        date_right = 4 * char  # §7.3.5.1: 右空四字
        issuer_right = date_right + (date.right - issuer.right) / 2  # centred over the date
        diameter = style.formal.seal_diameter * MM
        seal_w = diameter
        seal_h = diameter * block.seal.height / max(block.seal.width, 1)
        drop = SEAL_DROP * style.line_pitch
        # The seal's top within one line of the text above: as few blank lines as put it there.
        blank = max(0, math.ceil((seal_h / 2 + drop) / style.line_pitch - 1e-6))
        return SignBox(issuer, date, issuer_right, date_right, blank, (seal_w, seal_h), drop)
    # §7.3.5.2: the name two characters in; the date's first character two characters right of the name's,
    # unless that pushes the date closer than two characters to the edge.
    if date.right + 2 * char <= issuer.right + 1e-6:
        issuer_right = 2 * char
        date_right = width - (width - issuer_right - issuer.right + 2 * char) - date.right
    else:
        date_right = 2 * char
        issuer_right = width - (width - date_right - date.right - 2 * char) - issuer.right
    return SignBox(issuer, date, issuer_right, date_right, 1)


@dataclass(frozen=True)
class SignPlan:
    """How the signature shares the last page of text (settled on the grid, followed by every format):
    `blank` lines above the name; with `squeeze_from` set, the blocks of the flow from that index through the
    signature (and its 附注) are set at `pitch` instead of the grid's, so that they fit (§7.3.5.5);
    `keep` when not even that would do: the last lines of text go to the next page with the signature."""

    blank: int
    squeeze_from: int | None = None
    squeeze_to: int | None = None           # the last flow item squeezed (inclusive)
    pitch: float = 0.0
    extra: int = 0                          # grid lines the squeezed page holds beyond the preset's
    keep: bool = False
