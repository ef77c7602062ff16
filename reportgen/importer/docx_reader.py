"""Reading a DOCX into blocks: paragraphs with their styles, outline levels, automatic numbers and bold, tables,
pictures, and what text boxes hold (reportgen's end block is one), in reading order.

The package's parts are found through its relationships; the paragraphs are read from the XML so that text boxes,
content controls and tracked insertions are seen where Word shows them, and deleted text and field codes are
not. Word's automatic numbering is resolved by `numbering.Numbering`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .numbering import Numbering, w, wval
from .source import Block, face_kind, join_broken_lines

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFF = ("0", "false", "off")
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
# Styles whose line breaks are the layout's, not the author's: reportgen balances these centred lines itself.
# Paragraphs whose line breaks are layout, not text: centred blocks and headings, which reportgen writes as
# its balanced lines joined by line breaks (and Word users break by hand to balance a long heading).
_BALANCED = {"Title", "MinutesMark", "DocNumber", "AttachmentTitle"}


def _floating_column(table: etree._Element) -> bool:
    """A one-column table floated to a place on the page (`w:tblpPr`), as reportgen sets its end block: read, like
    a text box's content, as its paragraphs (抄送, 印发), not as a table of data."""
    floating = table.find(f"{w('tblPr')}/{w('tblpPr')}") is not None
    return floating and len(table.findall(f"{w('tblGrid')}/{w('gridCol')}")) == 1


class DocxUnreadable(Exception):
    """The file is not a DOCX python-docx can open (message for the user, in Chinese)."""


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    num: tuple[str, int] | None = None
    bold: bool | None = None
    align: str | None = None
    face: str | None = None
    size: float | None = None
    indented: bool | None = None


@dataclass
class _Look:
    """How one run of text looks: its characters' count, bold, face kind and size in points."""

    chars: int
    bold: bool
    face: str
    size: float


def _align(jc: str | None) -> str | None:
    if jc is None:
        return None
    return {"center": "centre", "right": "right", "end": "right"}.get(jc, "")


def _face(rpr: etree._Element | None) -> str | None:
    fonts = rpr.find(w("rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    name = fonts.get(w("eastAsia")) or fonts.get(w("ascii")) or fonts.get(w("hAnsi"))
    return face_kind(name) if name else None


def _size(rpr: etree._Element | None) -> float | None:
    value = wval(rpr, "szCs") if rpr is not None and rpr.find(w("sz")) is None else wval(rpr, "sz")
    try:
        return int(value) / 2 if value else None
    except ValueError:
        return None


def _indented(ppr: etree._Element | None) -> bool | None:
    ind = ppr.find(w("ind")) if ppr is not None else None
    if ind is None:
        return None
    for key in ("firstLineChars", "firstLine"):
        value = ind.get(w(key))
        if value is not None:
            return value.lstrip("-").isdigit() and int(value) > 0
    return None


def _on(node: etree._Element | None) -> bool | None:
    if node is None:
        return None
    return node.get(w("val"), "true").lower() not in _OFF


def _styles(root: etree._Element | None) -> tuple[dict[str, _Style], str]:
    """Paragraph and character styles by id, and the default paragraph style's id."""
    styles: dict[str, _Style] = {}
    default = "Normal"
    if root is None:
        return styles, default
    for node in root.iter(w("style")):
        sid = node.get(w("styleId")) or ""
        if node.get(w("type")) == "paragraph" and node.get(w("default")) in ("1", "true"):
            default = sid
        ppr, rpr = node.find(w("pPr")), node.find(w("rPr"))
        style = _Style(name=wval(node, "name") or sid, based_on=wval(node, "basedOn"))
        outline = wval(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            style.outline = int(outline)
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is not None:
            ilvl = wval(numpr, "ilvl") or "0"
            style.num = (wval(numpr, "numId") or "0", int(ilvl) if ilvl.isdigit() else 0)
        if rpr is not None:
            style.bold = _on(rpr.find(w("b")))
        style.align = _align(wval(ppr, "jc"))
        style.face, style.size, style.indented = _face(rpr), _size(rpr), _indented(ppr)
        styles[sid] = style
    return styles, default


def _defaults(root: etree._Element | None) -> tuple[str, float]:
    """The document's default face kind and size (docDefaults), or ("", 0)."""
    rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}") if root is not None else None
    return _face(rpr) or "", _size(rpr) or 0


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_PART = 64 * 2 ** 20  # bytes, unpacked: no report's text or photo is larger
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


class _Package:
    """The parts of the DOCX zip that import reads: the main document, its styles, numbering and pictures,
    found through the package's relationships (python-docx is not needed to read, and costs a tenth of a
    second to import)."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        main = [target for kind, target in self.relations("").values() if kind.endswith("/officeDocument")]
        if not main:
            raise KeyError("officeDocument")
        self.main = main[0]
        self.related = self.relations(self.main)

    def read(self, name: str) -> bytes:
        """A part's bytes; a part larger than any report's (a zip bomb) is a damaged file."""
        if self.zip.getinfo(name).file_size > _MAX_PART:
            raise ValueError(f"{name} is too large")
        return self.zip.read(name)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.read(name), _PARSER)

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, the target part's name); external targets left out."""
        folder, _, name = part.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self.names:
            return {}
        out = {}
        for rel in self.xml(rels).iter(f"{{{_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            joined = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", joined)
        return out

    def part(self, kind: str) -> etree._Element | None:
        """The main document's related part of `kind` (styles, numbering), or None."""
        for rel_kind, target in self.related.values():
            if rel_kind.endswith("/" + kind) and target in self.names:
                return self.xml(target)
        return None


class _Reader:
    def __init__(self, package: _Package):
        self.package = package
        styles = package.part("styles")
        self.styles, self.default = _styles(styles)
        self.default_face, self.default_size = _defaults(styles)
        self.count = 0      # paragraphs seen, empty ones included: a block's place in the source
        self.gap = False    # an empty paragraph since the last block
        self.numbering = Numbering(package.part("numbering"))
        self.blocks: list[Block] = []

    def chain(self, sid: str) -> list[_Style]:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on or ""
        return out

    def inherited(self, sid: str, attr: str) -> Any:
        for style in self.chain(sid):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None

    # Body

    def body(self, container: etree._Element, *, flat_tables: bool = False) -> None:
        for child in container:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "p":
                self.paragraph(child)
            elif tag == "tbl":
                if flat_tables or _floating_column(child):
                    for cell_p in child.iter(w("p")):
                        self.paragraph(cell_p)
                else:
                    self.table(child)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.body(content, flat_tables=flat_tables)
            elif tag in ("ins", "customXml", "smartTag"):
                self.body(child, flat_tables=flat_tables)

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(w("pPr"))
        sid = wval(ppr, "pStyle") or self.default
        style = self.styles.get(sid, _Style(name=sid))
        self.count += 1
        texts: list[str] = []
        looks: list[_Look] = []
        pictures: list[Block] = []
        boxes: list[etree._Element] = []
        base = _Look(0, bool(self.inherited(sid, "bold")), self.inherited(sid, "face") or self.default_face,
                     self.inherited(sid, "size") or self.default_size)
        self.runs(p, texts, looks, pictures, boxes, base)
        text = "".join(texts)
        block = Block(text=text, style=sid, style_name=style.name, line=self.count, gap_before=self.gap)
        outline = wval(ppr, "outlineLvl")
        if outline is not None and outline.isdigit():
            block.outline = int(outline) if int(outline) < 9 else None
        else:
            block.outline = self.inherited(sid, "outline")
            if block.outline is None:
                m = _HEADING_NAME.match(style.name.strip()) or _HEADING_NAME.match(sid)
                if m:
                    block.outline = int(m.group(1)) - 1
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        num = None
        if numpr is not None:
            ilvl = wval(numpr, "ilvl") or "0"
            num = (wval(numpr, "numId") or "0", int(ilvl) if ilvl.isdigit() else 0)
        else:
            num = self.inherited(sid, "num")
        if num is not None and text.strip():
            block.label = self.numbering.label(*num)
        block.bold = bool(looks) and all(look.bold for look in looks)
        block.face, block.size = _most(looks)
        align = _align(wval(ppr, "jc"))
        block.align = align if align is not None else self.inherited(sid, "align") or ""
        indented = _indented(ppr)
        block.indented = (indented if indented is not None else bool(self.inherited(sid, "indented"))
                          ) or text.startswith(("\u3000", "  "))
        if sid in _BALANCED or block.centred or block.outline is not None:
            block.text = block.text.replace("\n", "")
        block.text = join_broken_lines(block.text)
        if block.text.strip() or block.label:
            self.blocks.append(block)
            self.gap = False
        elif not pictures and not boxes:
            self.gap = True
        for picture in pictures:
            picture.line = self.count
        self.blocks.extend(pictures)
        for box in boxes:
            self.body(box, flat_tables=True)

    def runs(self, node: etree._Element, texts: list[str], looks: list[_Look], pictures: list[Block],
             boxes: list[etree._Element], base: _Look) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child)
            tag = name.localname
            if name.namespace == MC and tag == "AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.runs(choice, texts, looks, pictures, boxes, base)
                continue
            if tag in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "fldChar", "commentReference"):
                continue
            if tag == "r":
                rpr = child.find(w("rPr"))
                run_bold = _on(rpr.find(w("b"))) if rpr is not None else None
                rstyle = wval(rpr, "rStyle") if rpr is not None else None
                if run_bold is None and rstyle:
                    run_bold = self.inherited(rstyle, "bold")
                face = _face(rpr) or (self.inherited(rstyle, "face") if rstyle else None) or base.face
                size = _size(rpr) or (self.inherited(rstyle, "size") if rstyle else None) or base.size
                before = len("".join(texts))
                self.runs(child, texts, looks, pictures, boxes, base)
                added = "".join(texts)[before:].strip()
                if added:
                    looks.append(_Look(len(added), run_bold if run_bold is not None else base.bold, face, size))
            elif tag == "t":
                texts.append(child.text or "")
            elif tag == "tab":
                texts.append("\t")
            elif tag in ("br", "cr"):
                if child.get(w("type")) not in ("page", "column"):
                    texts.append("\n")
            elif tag == "noBreakHyphen":
                texts.append("-")
            elif tag in ("drawing", "pict", "object"):
                for box in child.iter(w("txbxContent")):
                    boxes.append(box)
                for blip in child.iter(f"{{{A}}}blip"):
                    picture = self.picture(blip.get(f"{{{R}}}embed") or "")
                    if picture is not None:
                        pictures.append(picture)
            else:
                self.runs(child, texts, looks, pictures, boxes, base)

    def picture(self, rid: str) -> Block | None:
        kind, target = self.package.related.get(rid, ("", ""))
        if not kind.endswith("/image") or target not in self.package.names:
            return None
        suffix = Path(target).suffix.lower()
        if suffix == ".jpeg":
            suffix = ".jpg"
        return Block(kind="image", data=self.package.read(target), suffix=suffix)

    def cell_text(self, tc: etree._Element) -> tuple[str, str]:
        """A cell's text (its paragraphs joined by line breaks) and its first paragraph's style id."""
        texts, first_style = [], ""
        for p in tc.iter(w("p")):
            ppr = p.find(w("pPr"))
            if not first_style:
                first_style = wval(ppr, "pStyle") or ""
            parts: list[str] = []
            self.runs(p, parts, [], [], [], _Look(0, False, "", 0))
            texts.append("".join(parts))
        return "\n".join(t for t in texts if t.strip()), first_style

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[str]] = []
        caption = ""
        for k, tr in enumerate(tbl.findall(w("tr"))):
            cells: list[str] = []
            styles: list[str] = []
            for tc in tr.findall(w("tc")):
                tcpr = tc.find(w("tcPr"))
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                text, style = self.cell_text(tc)
                if vmerge is not None and vmerge.get(w("val"), "continue") == "continue":
                    text = ""
                span = wval(tcpr, "gridSpan")
                cells.append(text)
                styles.append(style)
                cells.extend([""] * (int(span) - 1 if span and span.isdigit() and int(span) > 1 else 0))
            if k == 0 and styles and styles[0] == "TableCaption" and len([c for c in cells if c]) <= 1:
                caption = cells[0]
                continue
            rows.append(cells)
        if rows:
            self.blocks.append(Block(kind="table", rows=rows, caption=caption, line=self.count + 1,
                                     gap_before=self.gap))
            self.gap = False


def _most(looks: list[_Look]) -> tuple[str, float]:
    """The face and size of most of the characters."""
    faces: dict[str, int] = {}
    sizes: dict[float, int] = {}
    for look in looks:
        faces[look.face] = faces.get(look.face, 0) + look.chars
        sizes[look.size] = sizes.get(look.size, 0) + look.chars
    if not looks:
        return "", 0
    return max(faces, key=lambda k: faces[k]), max(sizes, key=lambda k: sizes[k])


def read_docx(path: Path) -> list[Block]:
    """The blocks of the DOCX at `path`, in reading order."""
    try:
        package = _Package(path)
        reader = _Reader(package)
        body = package.xml(package.main).find(w("body"))
        if body is None:
            raise KeyError("body")
        reader.body(body)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError, NotImplementedError,
            etree.XMLSyntaxError):
        raise DocxUnreadable("无法作为 Word 文档（.docx）读取：文件不完整、已损坏，或只是改了扩展名；"
                             "请用 Word 或 WPS 打开后重新另存为 .docx") from None
    return reader.blocks
