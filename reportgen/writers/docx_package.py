"""The DOCX package around the text: parts we keep, fonts, theme, settings, reproducible bytes.

python-docx's default template carries a Japanese theme setup (ＭＳ 明朝,
`themeFontLang eastAsia="ja-JP"`), a second styles part full of theme-font ties
(stylesWithEffects), a thumbnail of another document and a list definition we
never use; we drop or rewrite all of it. It also stamps every zip entry with
the current time, so the archive is rewritten with fixed entry dates.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .docx_xml import el

if TYPE_CHECKING:
    from docx.document import Document

# Relationships of the default template that only add theme fonts, ja-JP or stale content.
_DROPPED_DOCUMENT_RELS = {RT.CUSTOM_XML, RT.NUMBERING, RT.WEB_SETTINGS,
                          "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
_DROPPED_PACKAGE_RELS = {RT.THUMBNAIL}

# What Word records for the faces of a Chinese Windows installation: lets Word pick a close
# substitute when the named face is missing (panose 1, family class, pitch).
_KNOWN_FACES = {
    "Times New Roman": ("02020603050405020304", "00", "roman", "variable"),
    "宋体": ("02010600030101010101", "86", "auto", "variable"),
    "黑体": ("02010609060101010101", "86", "modern", "fixed"),
    "仿宋": ("02010609060101010101", "86", "modern", "fixed"),
    "楷体": ("02010609060101010101", "86", "modern", "fixed"),
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XML_HEAD = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def prune(document: Document) -> None:
    """Drop the template parts that would bring theme fonts, Japanese defaults or a foreign thumbnail."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED_DOCUMENT_RELS:
            part.rels.pop(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype in _DROPPED_PACKAGE_RELS:
            package_rels.pop(rid)


def set_language(document: Document, lang: str) -> None:
    """`themeFontLang` to match the text; no preview picture (its part is gone)."""
    settings = document.settings.element
    for tag in ("themeFontLang",):
        node = settings.find(f"{{{_W}}}{tag}")
        if node is not None:
            node.set(f"{{{_W}}}val", "en-US")
            node.set(f"{{{_W}}}eastAsia", lang)
    for node in settings.findall(f"{{{_W}}}savePreviewPicture"):
        settings.remove(node)
    compat = settings.find(f"{{{_W}}}compat")
    if compat is not None and compat.find(f"{{{_W}}}doNotExpandShiftReturn") is None:
        # The IR's line break ends a line flush left, as in the PDF: Word would stretch a justified line
        # ending in w:br across the measure. First in w:compat by the schema's order.
        compat.insert(0, el("doNotExpandShiftReturn"))


def font_table(names: Mapping[str, str | None]) -> bytes:
    """fontTable.xml naming each face the styles use, with an alternate name (the face the PDF embeds)."""
    root = etree.Element(f"{{{_W}}}fonts", nsmap={"w": _W})
    for name, alternate in names.items():
        panose, charset, family, pitch = _KNOWN_FACES.get(name, (None, "86", "auto", "variable"))
        root.append(el("font",
                       el("altName", val=alternate) if alternate and alternate != name else None,
                       el("panose1", val=panose) if panose else None,
                       el("charset", val=charset), el("family", val=family), el("pitch", val=pitch),
                       name=name))
    return _XML_HEAD + etree.tostring(root, encoding="UTF-8")


def theme_fonts(theme_xml: bytes, *, latin: str, heading: str, body: str) -> bytes:
    """The theme's major/minor fonts set to our faces, so even theme-aware features stay Chinese."""
    root = etree.fromstring(theme_xml)
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


def reproducible(blob: bytes, stamp: dt.datetime, replace: Mapping[str, bytes] = {}) -> bytes:
    """The package re-zipped with fixed entry dates and attributes (and some parts replaced), same order."""
    date_time = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, replace.get(info.filename, src.read(info)), compresslevel=6)
    return out.getvalue()
