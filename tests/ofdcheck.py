"""A structural check of an OFD package, written here from GB/T 33190-2016's text (no schema file copied).

`problems(data)` lists what is wrong with an OFD file's bytes: parts that are
not well-formed XML or not in the OFD namespace, children out of the order the
standard's types give them, unknown elements among those the check knows,
identifiers that repeat or exceed MaxUnitID, references to no object, files
referenced but missing, and fonts that are not embedded TrueType programs with
OS/2, cmap and name tables covering every character drawn with them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

NS = "http://www.ofdspec.org/2016"

# Each element's children in the standard's sequence order; a tuple is a choice (any of them, in any order,
# at that place in the sequence). Only the elements a report uses are listed: anything else is flagged.
ORDER: dict[str, list[str | tuple[str, ...]]] = {
    "OFD": ["DocBody"],
    "DocBody": ["DocInfo", "DocRoot", "Versions", "Signatures"],
    "DocInfo": ["DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "DocUsage", "Cover",
                "Keywords", "Creator", "CreatorVersion", "CustomDatas"],
    "Keywords": ["Keyword"],
    "Document": ["CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences", "Bookmarks",
                 "Attachments", "Annotations", "CustomTags", "Extensions"],
    "CommonData": ["MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage", "DefaultCS"],
    "PageArea": ["PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"],
    "Pages": ["Page"],
    "Outlines": ["OutlineElem"],
    "OutlineElem": ["Actions", "OutlineElem"],
    "Actions": ["Action"],
    "Action": ["Region", ("Goto", "URI", "GotoA", "Sound", "Movie")],
    "Goto": [("Dest", "Bookmark")],
    "Res": [("ColorSpaces", "DrawParams", "Fonts", "MultiMedias", "CompositeGraphicUnits")],
    "Fonts": ["Font"],
    "Font": ["FontFile"],
    "MultiMedias": ["MultiMedia"],
    "MultiMedia": ["MediaFile"],
    "Page": ["Template", "PageRes", "Area", "Content", "Actions"],  # a page's Content.xml (Pages/Page differs)
    "Content": ["Layer"],
    "Layer": [("TextObject", "PathObject", "ImageObject", "CompositeObject", "PageBlock")],
    "TextObject": ["Actions", "Clips", "FillColor", "StrokeColor", ("CGTransform", "TextCode")],
    "PathObject": ["Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"],
    "ImageObject": ["Actions", "Clips", "Border"],
}
LEAVES = {"DocID", "Title", "Author", "Subject", "CreationDate", "Keyword", "Creator", "DocRoot", "MaxUnitID",
          "PhysicalBox", "PublicRes", "DocumentRes", "FontFile", "MediaFile", "TextCode", "AbbreviatedData",
          "FillColor", "StrokeColor", "Dest"}
REFERENCES = {"Font": "TextObject", "ResourceID": "ImageObject", "PageID": "Dest"}  # attribute -> its element


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _order(element: etree._Element, where: str, found: list[str]) -> None:
    """Children in the standard's sequence, each element in the OFD namespace, recursively."""
    name = _local(element)
    if etree.QName(element).namespace != NS:
        found.append(f"{where}: {element.tag} is not in the OFD namespace")
    if name in LEAVES:
        if len(element):
            found.append(f"{where}: {name} has child elements")
        return
    if name not in ORDER:
        found.append(f"{where}: {name} is not an element this check knows")
        return
    rank: dict[str, int] = {}
    for k, entry in enumerate(ORDER[name]):
        for child in (entry if isinstance(entry, tuple) else (entry,)):
            rank[child] = k
    last = -1
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment
        child_name = _local(child)
        if child_name not in rank:
            found.append(f"{where}: {child_name} may not be a child of {name}")
            continue
        if rank[child_name] < last:
            found.append(f"{where}: {child_name} comes after a later element of {name}")
        last = rank[child_name]
        if child_name == "Page" and name == "Pages":
            continue  # Pages/Page is a reference (ID, BaseLoc), not a page's content
        _order(child, where, found)


def problems(data: bytes) -> list[str]:
    found: list[str] = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    parts: dict[str, etree._Element] = {}
    for name in sorted(names):
        if name.endswith(".xml"):
            try:
                parts[name] = etree.fromstring(archive.read(name))
            except etree.XMLSyntaxError as exc:
                found.append(f"{name}: not well-formed: {exc}")
    if "OFD.xml" not in parts:
        return [*found, "OFD.xml missing"]
    for name, root in parts.items():
        _order(root, name, found)

    def q(root: etree._Element, path: str) -> list[etree._Element]:
        result: list[etree._Element] = root.findall(path, {"ofd": NS})
        return result

    def refer(base: str, target: str | None, what: str) -> str | None:
        if not target:
            found.append(f"{what}: no location")
            return None
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        if path not in names:
            found.append(f"{what}: {path} is referenced but not in the package")
            return None
        return path

    for doc_root in q(parts["OFD.xml"], "ofd:DocBody/ofd:DocRoot"):
        document_path = refer("", doc_root.text, "DocRoot")
        if document_path is None or document_path not in parts:
            continue
        base = posixpath.dirname(document_path)
        document = parts[document_path]
        ids: dict[str, str] = {}
        referenced: list[tuple[str, str, str]] = []  # (attribute, value, part)
        fonts: dict[str, str] = {}  # Font ID -> its file in the package
        part_paths = [document_path]
        for tag in ("ofd:CommonData/ofd:PublicRes", "ofd:CommonData/ofd:DocumentRes"):
            for res in q(document, tag):
                res_path = refer(base, res.text, tag)
                if res_path is None or res_path not in parts:
                    continue
                part_paths.append(res_path)
                res_root = parts[res_path]
                res_base = posixpath.join(base, res_root.get("BaseLoc", ""))
                for font in q(res_root, "ofd:Fonts/ofd:Font"):
                    for file in q(font, "ofd:FontFile"):
                        located = refer(res_base, file.text, f"font {font.get('ID')}")
                        if located:
                            fonts[font.get("ID", "")] = located
                    if not q(font, "ofd:FontFile"):
                        found.append(f"font {font.get('FontName')} is not embedded")
                for media in q(res_root, "ofd:MultiMedias/ofd:MultiMedia"):
                    for file in q(media, "ofd:MediaFile"):
                        refer(res_base, file.text, f"image {media.get('ID')}")
        for page in q(document, "ofd:Pages/ofd:Page"):
            located = refer(base, page.get("BaseLoc"), f"page {page.get('ID')}")
            if located:
                part_paths.append(located)
        for part in part_paths:
            for element in parts[part].iter():
                if not isinstance(element.tag, str):
                    continue
                if element.get("ID") is not None:
                    if element.get("ID") in ids:
                        found.append(f"{part}: ID {element.get('ID')} also in {ids[element.get('ID', '')]}")
                    ids[element.get("ID", "")] = part
                for attr, owner in REFERENCES.items():
                    if _local(element) == owner and element.get(attr) is not None:
                        referenced.append((attr, element.get(attr, ""), part))
        max_id = q(document, "ofd:CommonData/ofd:MaxUnitID")
        limit = int(max_id[0].text or 0) if max_id else 0
        for value in ids:
            if not value.isdigit() or int(value) <= 0 or int(value) > limit:
                found.append(f"ID {value!r} is not a positive integer up to MaxUnitID {limit}")
        for attr, value, part in referenced:
            if value not in ids:
                found.append(f"{part}: {attr}={value} refers to no object")
        found += _font_problems(archive, parts, part_paths, fonts)
    return found


def _font_problems(archive: zipfile.ZipFile, parts: dict[str, etree._Element], part_paths: list[str],
                   fonts: dict[str, str]) -> list[str]:
    """Every font drawn with is a TrueType program with OS/2, cmap and name, covering the characters drawn."""
    from fontTools.ttLib import TTFont

    drawn: dict[str, set[str]] = {}
    for part in part_paths:
        for text in parts[part].iter(f"{{{NS}}}TextObject"):
            chars = drawn.setdefault(text.get("Font", ""), set())
            for code in text.iter(f"{{{NS}}}TextCode"):
                chars.update(code.text or "")
    found = []
    for font_id, chars in sorted(drawn.items()):
        if font_id not in fonts:
            found.append(f"font {font_id} is drawn with but not embedded")
            continue
        try:
            font = TTFont(io.BytesIO(archive.read(fonts[font_id])))
        except Exception as exc:
            found.append(f"font {font_id}: not a font program: {exc}")
            continue
        for table in ("OS/2", "cmap", "name", "glyf"):
            if table not in font:
                found.append(f"font {font_id}: no {table} table")
        cmap = font.getBestCmap() or {}
        missing = sorted(ch for ch in chars if ord(ch) not in cmap)
        if missing:
            found.append(f"font {font_id} does not cover {''.join(missing)!r}")
    return found
