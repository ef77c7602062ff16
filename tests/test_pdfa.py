"""PDF/A-2b: every example's PDF passes pikepdf's offline PDF/A checks (veraPDF's rules for level B), carries the
metadata and output intent the standard asks for, and its text reads back as the report's characters; a PDF that
breaks a rule is caught, so the check can fail."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import pdfa

from reportgen import build
from reportgen.pipeline import prepare
from reportgen.writers import pdfa as ours

from .conftest import ROOT, need

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
CASES = [(p, None) for p in EXAMPLES] + [(ROOT / "inputs" / "2023-union-annual-meeting.yaml", "zh-Hant")]
IDS = [p.stem.removeprefix("2023-union-annual-meeting").strip("-") or "report" for p in EXAMPLES] + ["zh-Hant"]
_built: dict[tuple[Path, str | None], Path] = {}


@pytest.fixture(params=CASES, ids=IDS)
def case(request, tmp_path_factory) -> tuple[Path, str | None, Path]:
    example, lang = request.param
    if request.param not in _built:
        out = tmp_path_factory.mktemp("pdfa")
        _built[request.param] = build(example, out, formats=("pdf",), lang=lang).outputs[0]
    return example, lang, _built[request.param]


def _verdict(path: Path) -> list[str]:
    report = pdfa.validate_written(path, "2b")
    return [str(f) for f in report.findings if f.kind in ("violation", "unsupported")]


def test_every_example_passes_pdfa_2b(case):
    _example, _lang, pdf = case
    assert _verdict(pdf) == []
    assert pdfa.validate_written(pdf, "2b").passed


def test_metadata_and_output_intent(case):
    example, lang, path = case
    _loaded, doc, _style = prepare(example, lang=lang)
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == doc.meta.title
        assert meta["dc:creator"] == [doc.meta.author]
        assert meta["dc:description"] == doc.meta.subject
        assert set(meta["dc:language"]) == {doc.meta.lang} == {"zh-CN" if lang is None else lang}
        assert meta["xmp:CreateDate"].startswith(doc.meta.date.isoformat())
        assert str(pdf.Root.Lang) == doc.meta.lang
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:" + doc.meta.date.strftime("%Y%m%d"))
        (intent,) = list(pdf.Root.OutputIntents)
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == ours.SRGB
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[12:20] == b"mntrRGB " and int(intent.DestOutputProfile.N) == 3
        for page in pdf.pages:
            assert "/Trans" not in page.obj
            for font in page.Resources.Font.values():
                descriptor = (font if "/FontDescriptor" in font else font.DescendantFonts[0]).FontDescriptor
                assert "/FontFile2" in descriptor  # embedded TrueType


def test_the_profile_is_made_here_and_always_the_same():
    from PIL import ImageCms

    made = ours._make_srgb()
    assert made == ours._make_srgb() == ours.srgb_profile()
    profile = ImageCms.ImageCmsProfile(ImageCms.core.profile_frombytes(made))
    assert "sRGB" in ImageCms.getProfileDescription(profile)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_text_extracts_to_exactly_the_reports_characters(case):
    """Poppler (not the library that wrote it) maps every glyph back through ToUnicode: the page text, less
    whitespace and page numbers, is the report's text in order, nothing more."""
    example, lang, pdf = case
    from .test_ofd import _texts

    _loaded, doc, _style = prepare(example, lang=lang)
    extracted = subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
    pages = [re.sub(r"—\s*\d+\s*—", "", page) for page in extracted.split("\f")]
    whole = _bare("".join(pages))
    at = 0
    for text in (_bare(t) for t in _texts(doc.blocks)):
        found = whole.find(text, at)
        assert found >= 0, text
        at = found + len(text)
    assert set(whole) <= set(_bare("".join(doc.texts())))  # no character the report does not hold


def test_the_check_catches_a_pdf_that_breaks_a_rule(tmp_path):
    """Without the font program, without the output intent, without the metadata, with a page transition:
    each is a finding (the check is not a rubber stamp)."""
    good = build(ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml", tmp_path, formats=("pdf",)).outputs[0]
    assert _verdict(good) == []

    def broken(change) -> list[str]:
        target = tmp_path / f"broken-{change.__name__}.pdf"
        with pikepdf.open(good) as pdf:
            change(pdf)
            pdf.save(target, static_id=True)
        return _verdict(target)

    def unembedded(pdf):
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        del font.FontDescriptor["/FontFile2"]

    def no_intent(pdf):
        del pdf.Root["/OutputIntents"]

    def no_metadata(pdf):
        del pdf.Root["/Metadata"]

    def transition(pdf):
        pdf.pages[0].obj["/Trans"] = pikepdf.Dictionary()

    for change in (unembedded, no_intent, no_metadata, transition):
        assert broken(change), change.__name__
