"""Every use of ReportLab's private members by the PDF writer, in one place.

ReportLab's public canvas cannot place each glyph at its own x, embed a
photo by its content, or write what PDF/A asks for (XMP metadata, an output
intent) and leave out what it forbids (the empty page transition ReportLab
writes on every page). These few functions reach into its document model;
`tests/test_rl_private.py` checks each member they use on the installed
ReportLab, which must be one of `CHECKED_WITH` (the versions the PDF, PDF/A and
page-layout tests have passed with): an upgrade fails that test until it is checked.
`pdf_fonts` subclasses ReportLab's TrueType classes (their members are checked
by the same test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

CHECKED_WITH = ("4.2.5", "5.1.0")  # 4.2.5, the lower bound's: test_pdf_layout, test_page_layout, test_pdfa, test_ofd

# (object, attribute) pairs this module and pdf_fonts rely on, for the test
CANVAS_MEMBERS = ("_doc", "_code", "_setXObjects", "_formsinuse")
DOCUMENT_MEMBERS = ("Catalog", "Pages", "idToObject", "getXObjectName", "Reference", "addForm")
CATALOG_MEMBERS = ("__NoDefault__", "__Refs__")
FONT_MEMBERS = ("splitString", "getSubsetInternalName", "addObjects")  # TTFont's; pdf_fonts also sets `face`, `state`
FACE_MEMBERS = ("makeSubset", "addSubsetObjects", "get_table", "get_table_pos")  # TTFontFace's, overridden there


def emit(canvas: Canvas, operators: str) -> None:
    """Content-stream operators appended to the current page as they are."""
    canvas._code.append(operators)


def subset_pieces(canvas: Canvas, font: Any, text: str) -> tuple[tuple[int, bytes], ...]:
    """`text` in ReportLab's 256-glyph subsets of a TrueType `font`: (subset, its bytes) for each stretch of
    characters in one subset, in order. Assigns each new character its place, in drawing order."""
    pieces: tuple[tuple[int, bytes], ...] = tuple(font.splitString(text, canvas._doc))
    return pieces


def subset_name(canvas: Canvas, font: Any, subset: int) -> str:
    """The resource name (`/F1+0`) of one subset of `font` in this document."""
    name: str = font.getSubsetInternalName(subset, canvas._doc)
    return name


def draw_image(canvas: Canvas, name: str, load: Callable[[pdfdoc.PDFImageXObject], None]) -> None:
    """Draw the image XObject `name` into the unit square of the current matrix, embedding it on first use
    (`load` fills it); later uses on any page share the one object."""
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is None:
        image = pdfdoc.PDFImageXObject(name)
        load(image)
        image.name = name
        canvas._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(name, image)
        smask = getattr(image, "_smask", None)
        if smask is not None:  # a transparent image's soft mask (named by its content, as ReportLab does), once
            mask_name = doc.getXObjectName(smask.name)
            if doc.idToObject.get(mask_name) is None:
                canvas._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_name)
            else:
                image.smask = pdfdoc.PDFObjectReference(mask_name)
            del image._smask
    canvas._code.append(f"/{reg_name} Do")
    canvas._formsinuse.append(name)


def make_archival(canvas: Canvas, metadata: bytes, profile: bytes, condition: str, flate: Any) -> None:
    """What PDF/A asks of the catalog and pages, just before saving: the XMP `metadata` stream (not
    compressed, as PDF/A wants it readable), an output intent carrying the ICC `profile` (RGB), and no
    page transitions (ReportLab writes an empty one on every page). The profile, and each page's content
    stream where ReportLab would only deflate it (the writer turns `rl_config.useA85` off), are deflated with
    the Flate filter `flate`."""
    doc = canvas._doc
    for page in doc.Pages.pages:
        page.Trans = None
        if page.stream and not page.Contents and page.compression and not rl_config.useA85:
            page.Contents = pdfdoc.PDFStream(content=page.stream, filters=[flate])
    catalog = doc.Catalog
    catalog.Metadata = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}),
        content=metadata, filters=[])
    icc = doc.Reference(pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), content=profile, filters=[flate]))
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(condition), "Info": pdfdoc.PDFString(condition),
        "DestOutputProfile": icc})
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    if "OutputIntents" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]  # this catalog only, not the class


def info_strings(canvas: Canvas) -> tuple[str, str, str]:
    """(Producer, Creator, Keywords) as the document information will have them: the XMP must say the same."""
    info = canvas._doc.info
    return str(info.producer), str(info.creator), str(info.keywords)
