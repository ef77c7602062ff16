"""The formal edition in the DOCX: the red head, the signature and the seal, as the layout placed them.

The numbers come from the flow (`layout.formal`: the red head's `HeadBox`, the signature's `SignBox`, the
page's `SignPlan`), so Word and LibreOffice set them where the PDF does: the mark in a style of its own (its
size the layout's), 签发人 and the number on tab stops, the red rule and the seal as anchored drawings in front
of the text at the same place (the seal a PNG whose transparency lets the text show through).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lxml import etree

from ..ir import Signature
from ..layout.flow import Flow, Placed
from ..layout.formal import EM_TOP, HeadBox, SignPlan, kai_face
from ..styles import MM, Style
from . import docx_styles
from .docx_xml import NS, Element, el, nsdecls, on_off, put, qn, twips

if TYPE_CHECKING:
    from .docx_writer import _Document

EXACT_LINE_BASELINE = 0.8  # as docx_writer's: LibreOffice's baseline in an exact line, a share of its height
EM_BOX_CENTRE = 0.38       # as layout.grid's: the PDF's baseline this many ems below a grid line's middle
EMU_PER_PT = 12700
MARK, CORNER, SIGNERS, SIGNER_NAME = "FormalMark", "FormalCorner", "FormalSigners", "SignerName"
ISSUER, SIGN_DATE = "FormalIssuer", "FormalDate"


def styles(flow: Flow, style: Style, fonts: docx_styles.Fonts) -> list[Element]:
    """The formal edition's styles, when the flow has its parts: 发文机关标志 (its size the layout's), the
    签发人 line, 签发人's names (楷体), 署名 and 成文日期 (each right-aligned at its inset)."""
    out: list[Element] = []
    pitch = twips(style.line_pitch)
    for placed in flow.items:
        head, sign = placed.head, placed.sign
        if head is not None:
            out += _head_styles(head, style, fonts)
        if sign is not None:
            for style_id, name, right in ((ISSUER, "发文机关署名", sign.issuer_right),
                                          (SIGN_DATE, "成文日期", sign.date_right)):
                out.append(docx_styles._style(style_id, name, based_on=docx_styles.BODY, priority=15, ppr=[
                    el("keepNext") if style_id == ISSUER else None,
                    el("spacing", before=0, after=0, line=pitch, lineRule="exact"),
                    el("ind", left=0, right=twips(right), firstLineChars=0, firstLine=0), el("jc", val="right"),
                ], rpr=[fonts.rfonts(style.faces.body)]))
    return out


def _head_styles(head: HeadBox, style: Style, fonts: docx_styles.Fonts) -> list[Element]:
    pitch = twips(style.line_pitch)
    corner = len(head.corner)
    size = head.mark_size
    # LibreOffice sets an exact line's baseline EXACT_LINE_BASELINE of its height down, the PDF the em box's top
    # EM_TOP above it: the mark's space above is that much larger, so that its top edge lies where the PDF's does.
    shift = (EM_TOP - EXACT_LINE_BASELINE) * size
    before = max(0, twips(head.mark_top + shift) - corner * pitch)
    line = twips(size)
    after = max(0, head.mark_rows * pitch - twips(head.mark_top + shift) - line)
    body = style.sizes.body
    # LibreOffice takes the larger of a paragraph's space after and the next one's before, not their sum: the
    # line is as tall as puts its baseline where the PDF's is, and the rest of the grid line is space after it.
    signer_line = twips((style.line_pitch / 2 + EM_BOX_CENTRE * body) / EXACT_LINE_BASELINE)
    return [
        docx_styles._style(MARK, "发文机关标志", based_on=docx_styles.BODY, priority=11, ppr=[
            el("keepNext"), on_off("snapToGrid", False),
            el("spacing", before=before, after=after, line=line, lineRule="exact"),
            el("ind", firstLineChars=0, firstLine=0), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.title), el("color", val=style.minutes.mark_color.lstrip("#").upper()),
                el("spacing", val=0), el("sz", val=round(size * 2)), el("szCs", val=round(size * 2))]),
        docx_styles._style(CORNER, "份号密级紧急程度", based_on=docx_styles.BODY, priority=11, ppr=[
            el("keepNext"), el("ind", left=0, right=0, firstLineChars=0, firstLine=0), el("jc", val="left"),
        ], rpr=[fonts.rfonts(style.faces.body)]),
        # One grid line each, an exact line whose baseline LibreOffice sets where the PDF does (EXACT_LINE_BASELINE
        # down it): the red rule, placed on the page 4 mm under that baseline, is 4 mm under the number in both.
        docx_styles._style(SIGNERS, "签发人", based_on=docx_styles.BODY, priority=11, ppr=[
            el("keepNext"), on_off("snapToGrid", False),
            el("spacing", before=0, after=pitch - signer_line, line=signer_line, lineRule="exact"),
            el("ind", left=0, right=0, firstLineChars=0, firstLine=0), el("jc", val="left"),
        ], rpr=[fonts.rfonts(style.faces.body)]),
        el("style", el("name", val="签发人姓名"), el("basedOn", val="DefaultParagraphFont"), el("uiPriority", val=11),
           el("qFormat"), el("rPr", fonts.rfonts(kai_face(style))), type="character", customStyle="1",
           styleId=SIGNER_NAME),
    ]


def red_head(document: _Document, placed: Placed, style: Style) -> None:
    """份号/密级/紧急程度, the mark, two blank lines, 签发人 and the number on their lines, the red rule."""
    from .docx_writer import _add_paragraph, _run, add_text

    head = placed.head
    assert head is not None
    for text in (line.text for line in head.corner):
        paragraph = _add_paragraph(document, CORNER)
        add_text(paragraph, text)
    add_text(_add_paragraph(document, MARK), head.mark.text)
    for _ in range(head.first_signer_row - head.mark_rows):  # two blank lines below the mark
        _add_paragraph(document, docx_styles.BODY)
    last: Element
    if head.names:
        for k, names in enumerate(head.names):
            paragraph = _add_paragraph(document, SIGNERS)
            ends = k == len(head.names) - 1
            stops = []
            if ends and head.number is not None:
                stops.append(head.number_x)
            # The first line's first name follows 签发人： directly (a tab stop where the label ends could fall
            # just before it, and the name would jump to the next default stop); the others start at tab stops.
            first = 1 if k == 0 else 0
            if k == 0:
                stops.append(head.label_x)
            stops += [head.names_x + j * head.name_step for j in range(first, len(names))]
            put(paragraph[0], el("tabs", *(el("tab", val="left", pos=twips(x)) for x in stops)))
            text = f"\t{head.number.text}" if ends and head.number is not None else ""
            add_text(paragraph, text + ("\t签发人：" if k == 0 else ""))
            for j, name in enumerate(names):
                if j >= first:
                    add_text(paragraph, "\t")
                add_text(paragraph, name.text, SIGNER_NAME)
        last = paragraph
    elif head.number is not None:
        last = _add_paragraph(document, docx_styles.DOC_NUMBER)
        add_text(last, head.number.text)
    else:
        last = _add_paragraph(document, docx_styles.BODY)
    document.pictures += 1
    top = style.page.margin_top * MM + head.rule_y - head.rule_width / 2
    rule = _anchor(document.pictures, "分隔线", round(style.page.text_width * MM * EMU_PER_PT),
                   max(1, round(head.rule_width * EMU_PER_PT)), 0, round(top * EMU_PER_PT), "page",
                   _red_rect(style))
    _run(last).append(el("drawing", rule))


def signature(document: _Document, placed: Placed, style: Style, plan: SignPlan | None) -> None:
    """Blank lines as the plan says, the name, the date; the seal anchored to the name's paragraph, centred on
    the date and on the name line's top, in front of the text."""
    from .docx_writer import _add_paragraph, _run, add_text

    block, box = placed.block, placed.sign
    assert isinstance(block, Signature) and box is not None
    plan = plan or SignPlan(box.blank)
    if plan.keep:  # the last lines of text go to the next page with the signature
        previous = document.section.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            put(_ensure_ppr(previous), el("keepNext"))
    for _ in range(plan.blank):
        put(_ensure_ppr(_add_paragraph(document, docx_styles.BODY)), el("keepNext"))
    name = _add_paragraph(document, ISSUER)
    add_text(name, block.issuer)
    add_text(_add_paragraph(document, SIGN_DATE), block.date)
    if block.seal is not None and box.seal is not None:
        width, height = box.seal
        rid, filename = document.package.add_image(block.seal.data, block.seal.path.name)
        document.pictures += 1
        x = style.page.text_width * MM - box.date_centre - width / 2
        shape = _anchor(document.pictures, "印章", round(width * EMU_PER_PT), round(height * EMU_PER_PT),
                        round(x * EMU_PER_PT), round(-(box.seal_drop + height / 2) * EMU_PER_PT), "paragraph",
                        _picture(document.pictures, rid, filename, round(width * EMU_PER_PT),
                                 round(height * EMU_PER_PT)))
        _run(name).append(el("drawing", shape))


def squeeze(document: _Document, start: int, plan: SignPlan) -> None:
    """The paragraphs added since body index `start` set at the plan's closer pitch, off the grid (§7.3.5.5)."""
    body = document.body
    for element in list(body)[start:len(body) - 1]:
        for paragraph in ([element] if element.tag == qn("w:p") else []):
            ppr = _ensure_ppr(paragraph)
            put(ppr, on_off("snapToGrid", False))
            put(ppr, el("spacing", before=0, after=0, line=math.floor(plan.pitch * 20), lineRule="exact"))


def _ensure_ppr(paragraph: Element) -> Element:
    from .docx_writer import _ppr

    return _ppr(paragraph)


def _red_rect(style: Style) -> str:
    colour = style.minutes.mark_color.lstrip("#").upper()
    return (f'<a:graphicData uri="{NS["wps"]}"><wps:wsp><wps:cNvSpPr/>'
            '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1" cy="1"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData>')


def _picture(shape_id: int, rid: str, filename: str, cx: int, cy: int) -> str:
    return (f'<a:graphicData uri="{NS["pic"]}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{shape_id}" name="{filename}"/>'
            '<pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>')


def _anchor(shape_id: int, name: str, cx: int, cy: int, x: int, y: int, relative: str, graphic: str) -> Element:
    """A `wp:anchor` drawing `cx`×`cy` EMU in front of the text (no wrapping: the text keeps its place under
    it), `x` EMU right of the text block's left edge, `y` EMU below the top of the page or of its paragraph."""
    anchor = etree.fromstring(
        f'<wp:anchor {nsdecls("wp", "a", "wps", "pic", "r")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{2 + shape_id}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="{relative}"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="{name} {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic>{graphic}</a:graphic></wp:anchor>')
    ext = anchor.find(f".//{{{NS['a']}}}ext")
    if ext is not None and ext.get("cx") == "1":
        ext.set("cx", str(cx))
        ext.set("cy", str(cy))
    return anchor
