"""WordprocessingML building blocks: elements made in schema order.

Word rejects (or silently repairs) a `w:rPr`/`w:pPr`/`w:style` whose children
are out of the order ECMA-376 fixes, so every element we build is sorted by
the sequences below instead of being appended as it comes.
"""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

# The namespaces the writer builds elements in (python-docx's `docx.oxml.ns` has the same table).
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
_W_NSMAP = {"w": NS["w"]}

# ECMA-376 Part 1, CT_RPr (EG_RPrBase).
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)
# CT_PPrBase, then CT_PPr's own tail.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
# CT_Style.
STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
    "tblPr", "trPr", "tcPr", "tblStylePr",
)
# CT_Font (fontTable.xml).
FONT_ORDER = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig")

ORDERS = {"rPr": RPR_ORDER, "pPr": PPR_ORDER, "style": STYLE_ORDER, "font": FONT_ORDER}


def qn(name: str) -> str:
    """Clark notation for a prefixed name: `w:p` -> `{http://…/main}p`."""
    prefix, tag = name.split(":")
    return f"{{{NS[prefix]}}}{tag}"


def nsdecls(*prefixes: str) -> str:
    """Namespace declarations for the root of an XML snippet, e.g. `nsdecls("wp", "a")`."""
    return " ".join(f'xmlns:{prefix}="{NS[prefix]}"' for prefix in prefixes)


def local(element: Element) -> str:
    tag: str = element.tag
    return tag.rsplit("}", 1)[-1]


def el(tag: str, *children: Element | None, **attrs: str | int) -> Element:
    """`w:tag` with `w:` attributes (keyword names, `_` for a clash with Python) and children.

    Children of rPr, pPr, style and font are sorted into schema order.
    """
    element = etree.Element(f"{{{NS['w']}}}{tag}", nsmap=_W_NSMAP)
    for key, value in attrs.items():
        element.set(f"{{{NS['w']}}}{key.rstrip('_')}", str(value))
    order = ORDERS.get(tag)
    kids = [c for c in children if c is not None]
    if order:
        kids.sort(key=lambda c: order.index(local(c)))
    for child in kids:
        element.append(child)
    return element


def put(parent: Element, child: Element) -> Element:
    """Insert or replace `child` in `parent` at its schema position (parent is rPr or pPr)."""
    order = ORDERS[local(parent)]
    name = local(child)
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(name)
    for index, existing in enumerate(parent):
        if local(existing) in order and order.index(local(existing)) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def on_off(tag: str, value: bool) -> Element:
    """A toggle property written explicitly, so a style overrides what it is based on."""
    return el(tag) if value else el(tag, val=0)


def twips(points: float) -> int:
    return round(points * 20)
