"""The DOCX's named styles: every element's look lives here, never on runs.

A secretary restyles the whole report by editing 正文, 标题 1–4 and the rest in
Word. Every paragraph style names its East Asian face itself (`w:eastAsia`),
the Latin face too, and no theme font: a theme attribute would override the
explicit name (see shared/reference/typesetting.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..styles import Style
from .docx_xml import el, on_off, twips

# Style ids and the names Word knows as built-in (shown localised: 正文, 标题 1, 题注, 页脚 …).
BODY, TITLE, CAPTION, ITEM, FOOTER, FOOTER_EVEN = "Normal", "Title", "Caption", "ListNumber", "Footer", "FooterEven"
HEADINGS = {level: f"Heading{level}" for level in range(1, 5)}
ROLE_STYLES = {"item": ITEM, "numbered": ITEM, "caption": CAPTION}


@dataclass(frozen=True)
class Fonts:
    """The names written into the file: one East Asian name per face kind, one Latin name."""

    east_asia: dict[str, str]
    latin: str

    def rfonts(self, kind: str, *, latin: str | None = None):
        latin = latin or self.latin
        return el("rFonts", ascii=latin, hAnsi=latin, eastAsia=self.east_asia[kind], cs=latin)


def char_spacing(style: Style) -> int:
    """Character spacing (1/20 pt) that fits `chars_per_line` body characters into the text width.

    156 mm holds 27.9 characters of 16 pt; -0.25 pt each gives 28 in Word and
    LibreOffice alike, with the grid type `lines` (LibreOffice mis-lays `linesAndChars`).
    """
    width_pt = style.page.text_width * 72 / 25.4
    slack = width_pt / style.grid.chars_per_line - style.sizes.body
    return min(0, math.floor(slack * 20))


def _indent(chars: int, char_pt: float):
    """A first-line indent both in character units (Word) and in twips (LibreOffice reads only these)."""
    return el("ind", firstLineChars=chars * 100, firstLine=twips(chars * char_pt))


def _size(points: float) -> list:
    half_points = round(points * 2)
    return [el("sz", val=half_points), el("szCs", val=half_points)]


def _style(style_id: str, name: str, *, based_on: str | None = None, next_: str | None = None, priority: int,
           ppr: list, rpr: list, default: bool = False, hidden: bool = False):
    attrs = {"type": "paragraph", "styleId": style_id}
    if default:
        attrs["default"] = "1"
    return el("style",
              el("name", val=name),
              el("basedOn", val=based_on) if based_on else None,
              el("next", val=next_) if next_ else None,
              el("uiPriority", val=priority),
              el("semiHidden") if hidden else None,
              el("unhideWhenUsed") if hidden else None,
              None if hidden else el("qFormat"),
              el("pPr", *ppr),
              el("rPr", *rpr),
              **attrs)


def doc_defaults(style: Style, fonts: Fonts, lang: str):
    """Document defaults: body face and size, and the language Word's proofing and layout use."""
    return el("docDefaults",
              el("rPrDefault", el("rPr", fonts.rfonts(style.faces.body), *_size(style.sizes.body),
                                  el("lang", val="en-US", eastAsia=lang, bidi="ar-SA"))),
              el("pPrDefault", el("pPr", el("spacing", before=0, after=0))))


def paragraph_styles(style: Style, fonts: Fonts) -> list:
    """Every paragraph style the report uses, based on 正文 (Normal) so one edit restyles them all."""
    size, pitch = style.sizes.body, twips(style.grid.line_pitch)
    spacing = char_spacing(style)
    char_pt = size + spacing / 20

    def no_indent():
        return el("ind", firstLineChars=0, firstLine=0)

    styles = [
        _style(BODY, "Normal", priority=0, default=True, ppr=[
            on_off("widowControl", False),  # the grid fills every page: 22 lines, no widow shuffling
            on_off("overflowPunct", False),  # mainland practice: no punctuation hanging into the margin
            el("spacing", before=0, after=0, line=pitch, lineRule="exact"),
            _indent(style.body.first_line_indent_chars, char_pt),
            el("jc", val="both"),
        ], rpr=[fonts.rfonts(style.faces.body), el("spacing", val=spacing), *_size(size)]),
        _style(TITLE, "Title", based_on=BODY, next_=BODY, priority=10, ppr=[
            el("keepNext"), el("keepLines"),
            on_off("snapToGrid", False),  # a 2号 line is one grid line; LibreOffice would give it two
            el("spacing", before=0, after=pitch * style.title.lines_after, line=pitch, lineRule="exact"),
            no_indent(), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.title), el("spacing", val=0), *_size(style.sizes.title)]),
    ]
    for level, style_id in HEADINGS.items():
        styles.append(_style(style_id, f"heading {level}", based_on=BODY, next_=BODY, priority=9, ppr=[
            el("keepNext"), el("keepLines"), _indent(style.headings.first_line_indent_chars, char_pt),
            el("outlineLvl", val=level - 1),
        ], rpr=[fonts.rfonts(style.faces.heading(level)), on_off("b", False), on_off("bCs", False),
                *_size(style.sizes.heading)]))
    styles += [
        _style(ITEM, "List Number", based_on=BODY, priority=99, ppr=[], rpr=[fonts.rfonts(style.faces.body)]),
        _style(CAPTION, "caption", based_on=BODY, next_=BODY, priority=35, ppr=[no_indent(), el("jc", val="center")],
               rpr=[fonts.rfonts(style.faces.body), *_size(size)]),
    ]
    styles += _footer_styles(style, fonts)
    return styles


def _footer_styles(style: Style, fonts: Fonts) -> list:
    """Page-number footers: odd pages right, even pages left, one character in from the edge.

    The digits are half-width 宋体 (GB/T 9704 §7.5), so the Latin slot names the
    page-number face too.
    """
    kind, size = style.faces.page_number, style.sizes.page_number
    inset = twips(style.sizes.body * style.page_number.outside_indent_chars)

    def page_face():  # a fresh element per style: lxml moves, not copies, an appended node
        return fonts.rfonts(kind, latin=fonts.east_asia[kind])

    return [
        _style(FOOTER, "footer", based_on=BODY, priority=99, hidden=True, ppr=[
            on_off("snapToGrid", False),
            el("spacing", before=0, after=0, line=twips(size), lineRule="exact"),
            el("ind", left=0, right=inset, firstLineChars=0, firstLine=0), el("jc", val="right"),
        ], rpr=[page_face(), el("spacing", val=0), *_size(size)]),
        _style(FOOTER_EVEN, "偶数页页脚", based_on=FOOTER, priority=99, hidden=True, ppr=[
            el("ind", left=inset, right=0, firstLineChars=0, firstLine=0), el("jc", val="left"),
        ], rpr=[page_face()]),
    ]


def housekeeping_styles() -> list:
    """The defaults Word expects in every styles part: paragraph font, table and list."""
    character = el("style", el("name", val="Default Paragraph Font"), el("uiPriority", val=1), el("semiHidden"),
                   el("unhideWhenUsed"), type="character", default="1", styleId="DefaultParagraphFont")
    table = el("style", el("name", val="Normal Table"), el("uiPriority", val=99), el("semiHidden"),
               el("unhideWhenUsed"),
               el("tblPr", el("tblInd", w=0, type="dxa"),
                  el("tblCellMar", el("top", w=0, type="dxa"), el("left", w=108, type="dxa"),
                     el("bottom", w=0, type="dxa"), el("right", w=108, type="dxa"))),
               type="table", default="1", styleId="TableNormal")
    numbering = el("style", el("name", val="No List"), el("uiPriority", val=99), el("semiHidden"),
                   el("unhideWhenUsed"), type="numbering", default="1", styleId="NoList")
    return [character, table, numbering]


def replace_styles(styles_element, style: Style, fonts: Fonts, lang: str) -> None:
    """Swap the template's styles (theme-font ties, Japanese defaults) for ours; keep its latent list."""
    latent = styles_element.find(el("latentStyles").tag)
    for child in list(styles_element):
        styles_element.remove(child)
    styles_element.append(doc_defaults(style, fonts, lang))
    if latent is not None:
        styles_element.append(latent)
    for child in [*paragraph_styles(style, fonts), *housekeeping_styles()]:
        styles_element.append(child)
