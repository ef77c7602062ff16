"""The DOCX package around the text: its parts, their relationships and content types, the zip.

The parts whose content never changes (the document, styles, settings and
footer skeletons, the theme, the core properties' layout) are XML files in
`docx_parts/`, taken from python-docx's MIT-licensed default template as
python-docx wrote it and as we trimmed it: no Japanese theme setup
(`themeFontLang eastAsia="ja-JP"`), no second styles part full of theme-font
ties (stylesWithEffects), no thumbnail of another document, no custom XML,
numbering or web settings. The package is zipped once, with every entry dated
the meeting stamp, so rebuilding the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from lxml import etree

from ..caches import memo
from ..fonts.roles import word_font
from .docx_xml import NS, Element, el, nsdecls, qn

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


class RT:
    """Relationship types."""

    OFFICE_DOCUMENT = f"{_OFFICE_RELS}/officeDocument"
    CORE_PROPERTIES = f"{_RELS}/metadata/core-properties"
    EXTENDED_PROPERTIES = f"{_OFFICE_RELS}/extended-properties"
    STYLES = f"{_OFFICE_RELS}/styles"
    SETTINGS = f"{_OFFICE_RELS}/settings"
    FONT_TABLE = f"{_OFFICE_RELS}/fontTable"
    THEME = f"{_OFFICE_RELS}/theme"
    FOOTER = f"{_OFFICE_RELS}/footer"
    IMAGE = f"{_OFFICE_RELS}/image"


# Content type of each part name, and the extensions a Default entry covers (python-docx's table, the ones we use).
_CONTENT_TYPES = {
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/word/document.xml": f"{_WML}.document.main+xml",
    "/word/styles.xml": f"{_WML}.styles+xml",
    "/word/settings.xml": f"{_WML}.settings+xml",
    "/word/fontTable.xml": f"{_WML}.fontTable+xml",
    "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
}
FOOTER_CONTENT_TYPE = f"{_WML}.footer+xml"
PNG = b"\x89PNG\r\n\x1a\n"  # a PNG file's signature
_DEFAULT_CONTENT_TYPES = {("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                          ("xml", "application/xml"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"),
                          ("jpg", "image/jpeg"), ("png", "image/png")}

# The package's relationships and the document's own, with the ids the template gave them (the ids in
# between were the parts we drop; new relationships take the lowest free id, as python-docx numbers them).
_PACKAGE_RELS = (("rId3", RT.CORE_PROPERTIES, "docProps/core.xml"),
                 ("rId4", RT.EXTENDED_PROPERTIES, "docProps/app.xml"),
                 ("rId1", RT.OFFICE_DOCUMENT, "word/document.xml"))
_DOCUMENT_RELS = (("rId3", RT.STYLES, "styles.xml"), ("rId5", RT.SETTINGS, "settings.xml"),
                  ("rId7", RT.FONT_TABLE, "fontTable.xml"), ("rId8", RT.THEME, "theme/theme1.xml"))

# What Word records for the faces of a Chinese Windows installation: lets Word pick a close
# substitute when the named face is missing (panose 1, family class, pitch).
_W = NS["w"]
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_A = NS["a"]
_PARTS = Path(__file__).with_name("docx_parts")
_XML_HEAD = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
         "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}


@memo(64, group="files")
def static_part(name: str) -> bytes:
    """A fixed part (or skeleton) from `docx_parts/`, as bytes."""
    return (_PARTS / name).read_bytes()


def parse_part(name: str) -> Element:
    """A fresh tree of a fixed part, to be filled in."""
    return etree.fromstring(static_part(name))


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def serialize(root: Element) -> bytes:
    """A part's XML as python-docx (and Word) write it: UTF-8, declared standalone; the template's namespace
    declarations the part does not use (Word 2008 for Mac's mo and mv, ink, canvas, …) left out, but for
    those `mc:Ignorable` and an `mc:Choice`'s `Requires` name, which must stay declared."""
    keep = root.get(f"{{{_MC}}}Ignorable", "").split()
    keep += [prefix for choice in root.iter(f"{{{_MC}}}Choice") for prefix in choice.get("Requires", "").split()]
    etree.cleanup_namespaces(root, keep_ns_prefixes=sorted(set(keep)) or None)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


class Package:
    """The parts of one DOCX as they are made, and the relationships from the document to them."""

    def __init__(self) -> None:
        self.rels: list[tuple[str, str, str]] = list(_DOCUMENT_RELS)
        self.parts: dict[str, bytes | Element] = {}  # by part name, in the order the package lists them
        self._images: dict[str, tuple[str, str]] = {}  # sha1 -> rId, the first file's name

    def relate(self, reltype: str, target: str) -> str:
        """The relationship id from the document to `target` (relative to word/), added if new."""
        for rid, kind, existing in self.rels:
            if kind == reltype and existing == target:
                return rid
        used = {rid for rid, _, _ in self.rels}
        rid = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        self.rels.append((rid, reltype, target))
        return rid

    def add_image(self, blob: bytes, shown: str) -> tuple[str, str]:
        """The photo's relationship id and the file name Word shows for it (`shown`); the same bytes are
        stored once (word/media/imageN.png or .jpg, the extension by what the bytes are, not the file's name:
        `blob` is a normalised photo, `ir.Image.data`)."""
        sha1 = hashlib.sha1(blob).hexdigest()
        if sha1 not in self._images:
            number = 1 + sum(name.startswith("/word/media/") for name in self.parts)
            name = f"/word/media/image{number}.{'png' if blob.startswith(PNG) else 'jpg'}"
            self.parts[name] = blob
            self._images[sha1] = (self.relate(RT.IMAGE, name.removeprefix("/word/")), shown)
        return self._images[sha1]

    def add_footer(self, footer: Element) -> str:
        """word/footerN.xml holding `footer`; its relationship id."""
        number = 1 + sum(name.startswith("/word/footer") for name in self.parts)
        name = f"/word/footer{number}.xml"
        self.parts[name] = footer
        return self.relate(RT.FOOTER, name.removeprefix("/word/"))

    def save(self, fixed: Mapping[str, bytes | Element], stamp: dt.datetime) -> bytes:
        """The zip: content types, package relationships, `fixed` parts (core, app, document, styles, settings,
        font table, theme), the document's relationships after the document, then each related part."""
        parts: dict[str, bytes | Element] = {}
        for name, blob in fixed.items():
            parts[name] = blob
            if name == "/word/document.xml":
                parts["/word/_rels/document.xml.rels"] = _relationships(self.rels)
        for _, _, target in self.rels:
            name = f"/word/{target}"
            if name in self.parts:
                parts[name] = self.parts[name]
        entries = {"[Content_Types].xml": self._content_types(parts), "_rels/.rels": _relationships(_PACKAGE_RELS)}
        for name, blob in parts.items():
            entries[name.lstrip("/")] = blob if isinstance(blob, bytes) else serialize(blob)
        return _zip(entries, stamp)

    def _content_types(self, parts: Mapping[str, object]) -> bytes:
        defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
        overrides: dict[str, str] = {}
        for name, blob in parts.items():
            if name.endswith(".rels"):
                continue
            if name.startswith("/word/media/"):
                content_type = "image/png" if isinstance(blob, bytes) and blob.startswith(PNG) else "image/jpeg"
            elif name.startswith("/word/footer"):
                content_type = FOOTER_CONTENT_TYPE
            else:
                content_type = _CONTENT_TYPES[name]
            ext = posixpath.splitext(name)[1][1:].lower()
            if (ext, content_type) in _DEFAULT_CONTENT_TYPES:
                defaults[ext] = content_type
            else:
                overrides[name] = content_type
        root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})  # type: ignore[dict-item]
        for ext in sorted(defaults):
            etree.SubElement(root, f"{{{_CT}}}Default", Extension=ext, ContentType=defaults[ext])
        for name in sorted(overrides):
            etree.SubElement(root, f"{{{_CT}}}Override", PartName=name, ContentType=overrides[name])
        return serialize(root)


def _relationships(rels: Iterable[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_RELS}}}Relationships", nsmap={None: _RELS})  # type: ignore[dict-item]
    for rid, kind, target in rels:
        etree.SubElement(root, f"{{{_RELS}}}Relationship", Id=rid, Type=kind, Target=target)
    return serialize(root)


def _zip(entries: Mapping[str, bytes], stamp: dt.datetime) -> bytes:
    """The entries zipped in order, each dated `stamp` (1980 at the earliest, zip's epoch), no file attributes."""
    date_time = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in entries.items():
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            archive.writestr(entry, blob, compresslevel=6)
    return out.getvalue()


def picture(shape_id: int, rid: str, filename: str, descr: str, cx: int, cy: int) -> Element:
    """The `wp:inline` drawing of a picture `cx`×`cy` EMU: python-docx's `CT_Inline.new_pic_inline`, with Word's
    name for the shape (图片 n, not the file's: the same bytes wherever it lies) and the caption as its description.
    The distances from the text and the effect extent are written as Word writes them (0): without them
    LibreOffice keeps 8 pt left of the picture, and a picture as wide as the text block ran past its edge."""
    inline = etree.fromstring(
        f'<wp:inline {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0"><wp:extent/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{NS["pic"]}"/></a:graphic></wp:inline>')
    pic = etree.fromstring(
        f'<pic:pic {nsdecls("pic", "a", "r")}><pic:nvPicPr><pic:cNvPr/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>')
    pic[0][0].attrib.update({"id": "0", "name": filename})
    pic[1][0].set(qn("r:embed"), rid)
    pic[2][0][1].attrib.update({"cx": str(cx), "cy": str(cy)})
    inline[0].attrib.update({"cx": str(cx), "cy": str(cy)})
    inline[2].attrib.update({"id": str(shape_id), "name": f"图片 {shape_id}", "descr": descr})
    inline[4][0].append(pic)
    return inline


def core_properties(*, title: str, author: str, subject: str, keywords: str, language: str,
                    stamp: dt.datetime) -> Element:
    """docProps/core.xml as python-docx writes it (its order, empty comments and category, revision 1)."""
    root = parse_part("core.xml")
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    texts = {"dc:title": title, "dc:subject": subject, "dc:creator": author, "cp:keywords": keywords,
             "dc:description": "", "cp:lastModifiedBy": author, "cp:revision": "1", "dcterms:created": when,
             "dcterms:modified": when, "cp:category": "", "dc:language": language}
    for name, text in texts.items():
        prefix, tag = name.split(":")
        node = root.find(f"{{{_CORE[prefix]}}}{tag}")
        assert node is not None, name
        node.text = text
    return root


def settings(lang: str, document: bytes) -> Element:
    """The template's settings with `themeFontLang` matching the text and the document's id (`w14:docId`) derived
    from the document part's bytes: a different text gets another id, a rebuild the same one.

    Word 2013+ mode (compatibilityMode 15, what Word 2013 to 365 write, with Chinese Word's `useFELayout` and
    `doNotExpandShiftReturn`: the IR's line break ends a line flush left, as in the PDF, where Word would stretch
    a justified line ending in w:br across the measure). No rsids (Word needs none) and no `proofState`: the text
    has not been proofed, so Word proofs it when opened. Odd and even footers, no preview picture.
    """
    root = parse_part("settings.xml")
    node = root.find(f"{{{_W}}}themeFontLang")
    assert node is not None
    node.set(f"{{{_W}}}eastAsia", lang)
    doc_id = root.find(f"{{{_W14}}}docId")
    assert doc_id is not None
    doc_id.set(f"{{{_W14}}}val", document_id(document))
    return root


def document_id(document: bytes) -> str:
    """`w14:docId`: eight hex digits from a hash of the document part, below 0x80000000 as Word's own ids are."""
    return f"{int.from_bytes(hashlib.sha256(document).digest()[:4], 'big') & 0x7FFFFFFF:08X}"


def font_table(names: Iterable[str]) -> bytes:
    """fontTable.xml naming each face the styles use, with what Word writes for it (`fonts.word_font`)."""
    root = etree.Element(f"{{{_W}}}fonts", nsmap={"w": _W})
    for name in names:
        face = word_font(name)
        sig = dict(zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), face.sig, strict=True)) if face.sig else None
        root.append(el("font",
                       el("altName", val=face.alt) if face.alt else None,
                       el("panose1", val=face.panose) if face.panose else None,
                       el("charset", val=face.charset), el("family", val=face.family), el("pitch", val=face.pitch),
                       el("sig", **sig) if sig else None,
                       name=name))
    return _XML_HEAD + etree.tostring(root, encoding="UTF-8")


@memo(16)
def theme_fonts(*, latin: str, heading: str, body: str) -> bytes:
    """The template's theme with major/minor fonts set to our faces, so even theme-aware features stay Chinese."""
    root = etree.fromstring(static_part("theme1.xml"))
    for scheme, east_asia in (("majorFont", heading), ("minorFont", body)):
        for fonts in root.iter(f"{{{_A}}}{scheme}"):
            for child in fonts:
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "latin":
                    child.set("typeface", latin)
                elif tag == "ea" or (tag == "font" and child.get("script") == "Hans"):
                    child.set("typeface", east_asia)
    return _XML_HEAD + etree.tostring(root, encoding="UTF-8")


def app_properties(company: str) -> bytes:
    """docProps/app.xml without the template's 'Microsoft Macintosh Word' and stale counts."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    # lxml-stubs allow no None key, lxml's own name for the default namespace
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})  # type: ignore[dict-item]
    for tag, text in (("Template", "Normal.dotm"), ("Application", "reportgen"), ("DocSecurity", "0"),
                      ("ScaleCrop", "false"), ("Company", company), ("LinksUpToDate", "false"),
                      ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{ns}}}{tag}").text = text
    return _XML_HEAD + etree.tostring(root, encoding="UTF-8")
