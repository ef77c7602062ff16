"""OFD (GB/T 33190): every example builds to it, an independent reader (ofdkit) reads back the PDF's text, every
glyph sits where the PDF draws it, and the package is sound by the standard's structure (`ofdcheck`)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import ofdkit
import pdfplumber
import pytest
from lxml import etree

from reportgen import build
from reportgen.ir import Appendix, Heading, Table, block_texts
from reportgen.pipeline import prepare

from . import ofdcheck, ofdrender
from .conftest import ROOT, need
from .pdfread import baseline_lines

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
CASES = [(p, None) for p in EXAMPLES] + [(ROOT / "inputs" / "2023-union-annual-meeting.yaml", "zh-Hant")]
IDS = [p.stem.removeprefix("2023-union-annual-meeting").strip("-") or "report" for p in EXAMPLES] + ["zh-Hant"]
MM = 25.4 / 72
PAGE_NUMBER = re.compile(r"—\d+—")
NS = {"ofd": ofdcheck.NS}
_built: dict[tuple[Path, str | None], dict[str, Path]] = {}


def built(tmp_path_factory, example: Path, lang: str | None) -> dict[str, Path]:
    """The example built once (PDF and OFD together, as `-f pdf -f ofd`): {"pdf": path, "ofd": path}."""
    key = (example, lang)
    if key not in _built:
        out = tmp_path_factory.mktemp("ofd")
        _built[key] = {p.suffix[1:]: p for p in build(example, out, formats=("pdf", "ofd"), lang=lang).outputs}
    return _built[key]


@pytest.fixture(params=CASES, ids=IDS)
def case(request, tmp_path_factory) -> tuple[Path, str | None, dict[str, Path]]:
    example, lang = request.param
    return example, lang, built(tmp_path_factory, example, lang)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_reader_gets_the_pdfs_lines_and_every_paragraph_in_order(case):
    example, lang, files = case
    with ofdkit.open(files["ofd"]) as ofd, pdfplumber.open(files["pdf"]) as pdf:
        assert not ofd.warnings
        assert len(ofd.pages) == len(pdf.pages)
        whole = ""
        for page_ofd, page_pdf in zip(ofd.pages, pdf.pages, strict=True):
            read = [_bare(line) for line in page_ofd.text().split("\n") if line.strip()]
            drawn = [_bare("".join(c["text"] for c in line)) for line in baseline_lines(page_pdf)]
            assert read == drawn
            whole += "".join(line for line in read if not PAGE_NUMBER.fullmatch(line))
    _loaded, doc, _style = prepare(example, lang=lang)
    at = 0
    texts = [_bare(t) for t in _texts(doc.blocks)]
    assert len(texts) >= 3
    for text in texts:
        found = whole.find(text, at)
        assert found >= 0, text
        at = found + len(text)


def _texts(blocks) -> list[str]:
    """Every block's text in reading order; of a table its caption and header (a cell that wraps is read line
    by line across the row, in the PDF as in the OFD)."""
    found = []
    for block in blocks:
        if isinstance(block, Table):
            found += [t for t in (block.caption, *block.header) if t]
        elif isinstance(block, Appendix):
            found += _texts(block.blocks)
        else:
            found += block_texts(block)
    return found


def _ofd_glyphs(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, every glyph's origin (x, y in mm from the top left) read from the XML: the TextObject's
    Boundary, then TextCode X/Y and the DeltaX steps (`g k v` expanded)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(archive.read("Doc_0/Document.xml"))
    pages = []
    for page in document.findall("ofd:Pages/ofd:Page", NS):
        root = etree.fromstring(archive.read("Doc_0/" + page.get("BaseLoc")))
        glyphs = []
        for text in root.iter(f"{{{ofdcheck.NS}}}TextObject"):
            bx, by, _w, _h = (float(v) for v in text.get("Boundary").split())
            assert text.get("CTM") is None
            for code in text.findall("ofd:TextCode", NS):
                steps = ofdrender.deltas(code.get("DeltaX"))
                assert len(steps) == len(code.text) - 1
                x, y = bx + float(code.get("X")), by + float(code.get("Y"))
                for k, ch in enumerate(code.text):
                    glyphs.append((x, y, ch))
                    if k < len(steps):
                        x += steps[k]
        pages.append(glyphs)
    return pages


def _ordered(glyphs):
    return sorted(glyphs, key=lambda g: (round(g[1], 1), g[0]))


def test_every_glyph_sits_where_the_pdf_draws_it(case):
    _example, _lang, files = case
    pages = _ofd_glyphs(files["ofd"].read_bytes())
    with pdfplumber.open(files["pdf"]) as pdf:
        assert len(pdf.pages) == len(pages)
        for k, (page, glyphs) in enumerate(zip(pdf.pages, pages, strict=True)):
            height = float(page.height)
            expected = _ordered([(c["matrix"][4] * MM, (height - c["matrix"][5]) * MM, c["text"]) for c in page.chars])
            got = _ordered(glyphs)
            assert [g[2] for g in got] == [g[2] for g in expected], f"page {k + 1}"
            for (x, y, ch), (ex, ey, _) in zip(got, expected, strict=True):
                assert abs(x - ex) <= 0.05 and abs(y - ey) <= 0.05, (k + 1, ch, x, y, ex, ey)


def test_the_package_is_sound(case):
    _example, _lang, files = case
    assert ofdcheck.problems(files["ofd"].read_bytes()) == []


def test_metadata_outline_pictures_and_rules(case):
    example, lang, files = case
    _loaded, doc, _style = prepare(example, lang=lang)
    data = files["ofd"].read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    with ofdkit.open(files["ofd"]) as ofd:
        info = ofd.info
    assert (info.title, info.author, info.subject) == (doc.meta.title, doc.meta.author, doc.meta.subject)
    assert info.creation_date == doc.meta.date.isoformat()
    document = etree.fromstring(archive.read("Doc_0/Document.xml"))
    assert document.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=NS) == "0 0 210 297"
    outline = [(e.get("Title"), len(list(e.iterancestors(f"{{{ofdcheck.NS}}}OutlineElem"))))
               for e in document.iter(f"{{{ofdcheck.NS}}}OutlineElem")]
    assert outline == _pdf_outline(files["pdf"])  # the PDF's bookmarks, level for level
    headings = [b.full_text for b in doc.blocks if isinstance(b, Heading)]
    assert [title for title, _ in outline[:1]] == headings[:1]
    with pdfplumber.open(files["pdf"]) as pdf:
        pdf_images = [[(round(i["x0"] * MM, 1), round(i["width"] * MM, 1)) for i in p.images] for p in pdf.pages]
        pdf_rules = sum(len(p.lines) for p in pdf.pages)
    ofd_images, ofd_rules = [], 0
    for page in document.findall("ofd:Pages/ofd:Page", NS):
        root = etree.fromstring(archive.read("Doc_0/" + page.get("BaseLoc")))
        boxes = [[float(v) for v in i.get("Boundary").split()] for i in root.iter(f"{{{ofdcheck.NS}}}ImageObject")]
        ofd_images.append([(round(b[0], 1), round(b[2], 1)) for b in boxes])
        for path in root.iter(f"{{{ofdcheck.NS}}}PathObject"):
            ofd_rules += path.findtext("ofd:AbbreviatedData", namespaces=NS).count("M ")
    assert ofd_images == pdf_images
    assert ofd_rules == pdf_rules
    if "photos" in example.stem:
        assert any(ofd_images)


def _pdf_outline(path: Path) -> list[tuple[str, int]]:
    import pikepdf

    found: list[tuple[str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            found.append((item.title, depth))
            walk(item.children, depth + 1)

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 0)
    return found


def test_fonts_carry_the_standards_family_names(case):
    _example, _lang, files = case
    from fontTools.ttLib import TTFont

    archive = zipfile.ZipFile(io.BytesIO(files["ofd"].read_bytes()))
    res = etree.fromstring(archive.read("Doc_0/PublicRes.xml"))
    families = {f.get("FamilyName") for f in res.iter(f"{{{ofdcheck.NS}}}Font")}
    assert families <= {"仿宋", "黑体", "楷体", "宋体", "小标宋", "Times New Roman"}
    assert {"仿宋", "小标宋"} <= families  # the body and the title
    for font in res.iter(f"{{{ofdcheck.NS}}}Font"):
        program = TTFont(io.BytesIO(archive.read("Doc_0/Res/" + font.findtext("ofd:FontFile", namespaces=NS))))
        assert program["name"].getDebugName(1)  # the face's own name stays for readers that match by it
        assert program.sfntVersion == "\x00\x01\x00\x00"  # TrueType outlines, not CFF


def test_rebuilds_are_byte_identical(tmp_path):
    example = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
    first = build(example, tmp_path / "a", formats=("ofd",)).outputs[0].read_bytes()
    second = build(example, tmp_path / "b", formats=("ofd",)).outputs[0].read_bytes()
    assert first == second


def test_the_check_catches_a_broken_package(tmp_path):
    """The structural check can fail: a missing font file, a repeated ID, elements out of order."""
    good = build(ROOT / "inputs" / "2023-union-annual-meeting.yaml", tmp_path, formats=("ofd",)).outputs[0]
    data = good.read_bytes()

    def altered(change) -> bytes:
        return _rewrite(data, change)

    no_font = altered(lambda name, body: None if name == "Doc_0/Res/font_0.ttf" else body)
    assert any("not in the package" in p for p in ofdcheck.problems(no_font))
    same_id = altered(lambda name, body: body.replace(b'ID="9"', b'ID="8"', 1) if name.endswith("Page_0/Content.xml")
                      else body)
    assert any("ID 8 also" in p for p in ofdcheck.problems(same_id))

    def swap(name: str, body: bytes) -> bytes:
        if name != "OFD.xml":
            return body
        root = etree.fromstring(body)
        info = root.find("ofd:DocBody/ofd:DocInfo", NS)
        info.append(info.find("ofd:Title", NS))  # Title after Creator
        return etree.tostring(root)
    assert any("Title comes after" in p for p in ofdcheck.problems(altered(swap)))
    foreign = altered(lambda name, body: body.replace(b"http://www.ofdspec.org/2016", b"urn:other")
                      if name == "Doc_0/PublicRes.xml" else body)
    assert ofdcheck.problems(foreign)


RENDER_DPI, SUPERSAMPLE, CELL = 40, 3, 3  # compared in cells of 3 px at 40 dpi (1.9 mm)
SAME_INK = 0.6  # correlation of ink per cell, page by page: 0.67–0.99 here; a page moved by 2 mm scores 0.45 or less


def _ink(image, cell: int) -> list[int]:
    from PIL import Image, ImageOps

    small = ImageOps.invert(image.convert("L")).resize((image.width // cell, image.height // cell),
                                                       Image.Resampling.BOX)
    return list(small.tobytes())


def _correlation(a: list[int], b: list[int]) -> float:
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va, vb = sum((x - ma) ** 2 for x in a), sum((y - mb) ** 2 for y in b)
    return cov / ((va * vb) ** 0.5 or 1.0)


def _ofd_pages(data: bytes):
    from PIL import Image

    from .ofdrender import render

    return [page.resize((round(page.width / SUPERSAMPLE), round(page.height / SUPERSAMPLE)), Image.Resampling.BOX)
            for page in render(data, RENDER_DPI * SUPERSAMPLE)]


def _pdf_pages(pdf: Path, folder: Path):
    from PIL import Image

    subprocess.run([need("pdftoppm"), "-r", str(RENDER_DPI), "-gray", "-png", str(pdf), str(folder / "p")],
                   check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob("p*.png"))]


def _same_ink(ofd_pages, pdf_pages) -> list[float]:
    """Per page, how alike the two pages' ink is: 1.0 for two blank pages (the formal edition's blank page before
    its end block), 0.0 for one blank against one inked."""
    assert len(ofd_pages) == len(pdf_pages)
    scores = []
    for o, p in zip(ofd_pages, pdf_pages, strict=True):
        a, b = _ink(o, CELL), _ink(p.crop((0, 0, *o.size)), CELL)
        blank_a, blank_b = max(a) <= 8, max(b) <= 8  # no cell darker than a speck
        scores.append(1.0 if blank_a and blank_b else 0.0 if blank_a or blank_b else _correlation(a, b))
    return scores


def test_drawn_from_its_own_fonts_the_ofd_puts_ink_where_the_pdf_does(case, tmp_path):
    """Rendered from the OFD's XML and embedded fonts alone (tests/ofdrender.py; no OFD renderer on the index
    draws embedded fonts), against poppler's rendering of the PDF: ink in the same places on every page."""
    _example, _lang, files = case
    scores = _same_ink(_ofd_pages(files["ofd"].read_bytes()), _pdf_pages(files["pdf"], tmp_path))
    assert min(scores) >= SAME_INK, scores


def test_the_ink_comparison_sees_a_page_moved_by_2_mm(tmp_path):
    files = built_once(tmp_path)
    data = files["ofd"].read_bytes()
    moved = _rewrite(data, lambda name, body: re.sub(rb'Boundary="([\d.]+) ([\d.]+) ',
                                                     lambda m: b'Boundary="%s %.3f ' % (m[1], float(m[2]) + 2),
                                                     body) if b"<ofd:Page " in body[:200] else body)
    scores = _same_ink(_ofd_pages(moved), _pdf_pages(files["pdf"], tmp_path))
    assert max(scores) < SAME_INK, scores


def built_once(tmp_path: Path) -> dict[str, Path]:
    return {p.suffix[1:]: p for p in build(ROOT / "inputs" / "2023-union-annual-meeting.yaml", tmp_path / "out",
                                           formats=("pdf", "ofd")).outputs}


def _rewrite(data: bytes, change) -> bytes:
    """The package with each part's bytes passed through `change(name, body)` (None leaves the part out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            changed = change(item.filename, source.read(item.filename))
            if changed is not None:
                target.writestr(item.filename, changed)
    return out.getvalue()


def test_source_date_epoch_before_zips_epoch_still_builds(tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH=0 (1970): the document says 1970-01-01; the zip entries, which cannot, say 1980."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    out = build(ROOT / "inputs" / "2023-union-annual-meeting.yaml", tmp_path, formats=("ofd",)).outputs[0]
    with ofdkit.open(out) as ofd:
        assert ofd.info.creation_date == "1970-01-01"
    assert {i.date_time[0] for i in zipfile.ZipFile(out).infolist()} == {1980}
    assert ofdcheck.problems(out.read_bytes()) == []


def test_the_command_line_takes_formats_one_by_one_or_comma_separated(tmp_path, capsys):
    from reportgen.cli import main

    example = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
    assert main(["build", str(example), "-o", str(tmp_path / "a"), "-f", "docx,pdf,ofd"]) == 0
    assert sorted(p.suffix for p in (tmp_path / "a").iterdir()) == [".docx", ".ofd", ".pdf"]
    assert main(["build", str(example), "-o", str(tmp_path / "b"), "-f", "ofd", "-f", "pdf"]) == 0
    assert sorted(p.suffix for p in (tmp_path / "b").iterdir()) == [".ofd", ".pdf"]
    name = example.stem + ".ofd"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    capsys.readouterr()
    with pytest.raises(SystemExit) as caught:
        main(["build", str(example), "-o", str(tmp_path / "c"), "-f", "pdf,odt"])
    assert caught.value.code == 2
    assert "「odt」不是可选的值（可选：docx、pdf、ofd）；是否应为 ofd？" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_the_subset_cache_keeps_only_the_newest(tmp_path, monkeypatch):
    """Each new text makes new subsets; the disk cache keeps the newest `SUBSETS_ON_DISK` of them."""
    from reportgen.fonts import resolve_all
    from reportgen.fonts import subset as subsetter

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(subsetter, "SUBSETS_ON_DISK", 3)
    face = resolve_all({"fangsong"})["fangsong"]
    for k in range(6):
        program = subsetter.subset(face.path, face.index, "会议" + chr(0x4E00 + k)).program
        assert len(program) > 1000
    assert len(list(subsetter.cache_dir().glob("ttsubset-*.pickle"))) <= 3 + 1
