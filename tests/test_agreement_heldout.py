"""Issue 21's acceptance on text the examples do not hold: the second report of the import tests (a company's
safety meeting, `wordfiles.safety`: other units, numbers, a table and a photo) written as a Word file the way
secretaries write it, imported, then built in each kind and style. LibreOffice's rendering of our DOCX agrees
with our PDF as for the examples (`test_agreement`), every mark our PDF draws LibreOffice draws too, and our
PDF has none of the defects `bench/defects.py` counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportgen.cli import main

from . import wordfiles
from .conftest import ROOT
from .libreoffice import to_pdf
from .test_agreement import _marks

sys.path.insert(0, str(ROOT / "bench"))
import agreement
import defects

pytestmark = pytest.mark.slow

VARIANTS = [(kind, style) for kind, style in agreement.VARIANTS]


@pytest.fixture(scope="module")
def heldout(tmp_path_factory) -> Path:
    """The safety report's YAML, imported from its Word file (Word heading styles, signature block)."""
    folder = tmp_path_factory.mktemp("heldout")
    word = wordfiles.make("safety", "word-styles", folder)
    source = folder / "safety.yaml"
    assert main(["import", str(word), "-o", str(source)]) == 0
    return source


@pytest.fixture(scope="module")
def built(heldout, tmp_path_factory) -> dict[tuple[str, str], dict[str, Path]]:
    """Each variant's files, and LibreOffice's rendering of its DOCX (key "libreoffice")."""
    folder = tmp_path_factory.mktemp("heldout-built")
    out = {}
    for kind, style in VARIANTS:
        files = defects.build_pdf(heldout, kind, style, folder)
        files["libreoffice"] = to_pdf(files["docx"], files["docx"].parent / "libreoffice")
        out[(kind, style)] = files
    return out


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(v))
def test_libreoffice_agrees_with_our_pdf_on_held_out_text(variant, built):
    files = built[variant]
    result = agreement.compare("safety-" + "-".join(variant), files["pdf"], files["libreoffice"])
    assert result.pages_ours == result.pages_theirs, (result.pages_ours, result.pages_theirs)
    assert result.same_page_starts == result.pages_ours
    assert result.line_share >= 0.95, f"{result.same_line_ends}/{result.line_ends_ours} line ends the same"
    assert _marks(files["libreoffice"]) == _marks(files["pdf"])


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(v))
def test_no_typesetting_defects_on_held_out_text(variant, built, heldout):
    kind, style = variant
    found = defects.count(built[variant]["pdf"], heldout, kind, style)
    assert found.checked["line-end marks"] > 0
    assert (found.full_width_ends, found.wide_pairs, found.gaps, found.split_numbers, found.split_headings) == \
        (0, 0, 0, 0, 0), found.found
