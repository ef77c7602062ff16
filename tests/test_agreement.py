"""Issue 14's acceptance, guarded: for every example as a report and as minutes (and the formal example as the
formal edition, issue 25), and for a held-out-like report of numbers with their measure words at every line
position (tests/data/held-out-numbers.yaml, issue 21), in the official and the news style, LibreOffice's
rendering of our DOCX agrees with our PDF (bench/agreement.py: the same pages, each starting at the same text,
≥ 95 % of line ends at the same character), and our PDF has no full-width line-end mark, no CJK–Latin gap off the
steady one, no mark pair wider than 1.5 em but on a line that would otherwise be loose, and few loose lines
(bench/defects.py).

Each variant is built once and rendered by LibreOffice once (module-scoped fixtures). Cases that fail today are
marked xfail(strict=True) with today's figure: when the fix lands they pass, and strict makes that an error
until the mark is removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .libreoffice import to_pdf

sys.path.insert(0, str(ROOT / "bench"))
import agreement
import defects

pytestmark = pytest.mark.slow

INPUTS = ("2023-union-annual-meeting", "2023-union-annual-meeting-minutes", "2023-union-annual-meeting-photos",
          "2023-union-annual-meeting-attachments")
VARIANTS = [(stem, kind, style) for stem in INPUTS for kind, style in agreement.VARIANTS]
# The formal edition (issue 25): its own example, red head, signature and seal, in both styles.
VARIANTS += [("2023-union-annual-meeting-formal", "formal", style) for style in ("official", "news")]
# Held-out-like text (issue 21): eight paragraphs of 41项, 3200余人次, 15场, 28.6万元 shifted a character apart, so
# that numbers end lines in both styles; our PDF must break where LibreOffice breaks.
HELD_OUT = ROOT / "tests" / "data" / "held-out-numbers.yaml"
VARIANTS += [("held-out-numbers", kind, style) for kind, style in agreement.VARIANTS]


def _source(stem: str) -> Path:
    return HELD_OUT if stem == HELD_OUT.stem else ROOT / "inputs" / f"{stem}.yaml"


def _id(variant: tuple[str, str, str]) -> str:
    stem, kind, style = variant
    return f"{stem.removeprefix('2023-union-annual-meeting').lstrip('-') or 'example'}-{kind}-{style}"


# Failing today (figures from bench/agreement.py at this commit); strict, so a fix shows.
AGREEMENT_XFAIL: dict[tuple[str, str, str], str] = {}
GAPS_XFAIL: dict[tuple[str, str, str], str] = {}


def _cases(xfail: dict[tuple[str, str, str], str]) -> list:
    return [pytest.param(v, id=_id(v), marks=[pytest.mark.xfail(strict=True, reason=xfail[v])] if v in xfail else [])
            for v in VARIANTS]


class Variants:
    """Each variant built once, rendered by LibreOffice once and its defects counted once, on first use."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[tuple[str, str, str], dict[str, Path]] = {}
        self.found: dict[tuple[str, str, str], defects.Defects] = {}
        self.renders: dict[tuple[str, str, str], Path] = {}

    def built(self, variant: tuple[str, str, str]) -> dict[str, Path]:
        if variant not in self.files:
            stem, kind, style = variant
            self.files[variant] = defects.build_pdf(_source(stem), kind, style, self.folder)
        return self.files[variant]

    def rendered(self, variant: tuple[str, str, str]) -> Path:
        """LibreOffice's rendering of the variant's DOCX, made once."""
        if variant not in self.renders:
            files = self.built(variant)
            self.renders[variant] = to_pdf(files["docx"], files["docx"].parent / "libreoffice")
        return self.renders[variant]

    def defects(self, variant: tuple[str, str, str]) -> defects.Defects:
        if variant not in self.found:
            stem, kind, style = variant
            self.found[variant] = defects.count(self.built(variant)["pdf"], _source(stem), kind, style)
        return self.found[variant]


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> Variants:
    return Variants(tmp_path_factory.mktemp("agreement"))


@pytest.mark.parametrize("variant", _cases(AGREEMENT_XFAIL))
def test_libreoffice_agrees_with_our_pdf(variant, variants):
    files = variants.built(variant)
    rendered = variants.rendered(variant)
    result = agreement.compare(_id(variant), files["pdf"], rendered)
    assert result.pages_ours == result.pages_theirs, \
        f"pages: ours {result.pages_ours}, LibreOffice's {result.pages_theirs}"
    assert result.same_page_starts == result.pages_ours, \
        f"only {result.same_page_starts} of {result.pages_ours} pages start at the same text"
    assert result.line_share >= 0.95, \
        f"{result.same_line_ends}/{result.line_ends_ours} = {result.line_share:.1%} line ends the same (< 95 %)"


def _marks(pdf: Path) -> dict[str, int]:
    """How many of each Chinese punctuation mark a PDF draws (pdfplumber's characters)."""
    import pdfplumber

    counts: dict[str, int] = {}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for ch in page.chars:
                if ch["text"] in "，。、；：？！“”‘’（）《》":
                    counts[ch["text"]] = counts.get(ch["text"], 0) + 1
    return counts


@pytest.mark.parametrize("variant", _cases({}))
def test_libreoffice_draws_every_mark_of_our_docx(variant, variants):
    """LibreOffice 7.4 dropped a comma it pulled up to the end of a full line when the grid's character spacing
    left 1.2 pt (技能水平提升，, 工作氛围，, 座谈会，); the DOCX's spacing leaves more now (`grid_tracking`), and
    every mark our PDF draws, LibreOffice draws too."""
    files = variants.built(variant)
    rendered = variants.rendered(variant)
    assert _marks(rendered) == _marks(files["pdf"])


@pytest.mark.parametrize("variant", _cases({}))
def test_no_full_width_line_end_marks_or_wide_mark_pairs(variant, variants):
    found = variants.defects(variant)
    assert found.checked["line-end marks"] > 0, "no justified line ending with a closing mark was found at all"
    assert (found.full_width_ends, found.wide_pairs) == (0, 0), found.found


# Lines spread more than 5 % of an em between their Han characters, at most (bench/defects.py, this commit): a line
# the word processors' rules leave short by a number or a word pushed down (the held-out text: 3 of its 30-odd
# lines, 5.7 % at worst), or the example's line of ”、“ that stays 7.4 % spread with every pair given back.
LOOSE = {"held-out-numbers": 3}


@pytest.mark.parametrize("variant", _cases({}))
def test_few_loose_lines(variant, variants):
    """Issue 21: no line letter-spaced 8–20 % (a line of many ”、“ gave 20.3 %, 39 lines over 5 % in the examples):
    a short line's mark pairs give their blank back before its gaps spread past 5 % of an em."""
    found = variants.defects(variant)
    assert found.checked["justified lines"] >= 3  # it saw lines (the news photos example has five)
    assert found.worst_spread < 0.08, [f for f in found.found if f.startswith("loose")]
    assert found.loose_lines <= LOOSE.get(variant[0], 1), [f for f in found.found if f.startswith("loose")]


@pytest.mark.parametrize("variant", _cases(GAPS_XFAIL))
def test_cjk_latin_gaps_steady(variant, variants):
    found = variants.defects(variant)
    assert found.checked["CJK–Latin gaps"] > 0
    assert found.gaps == 0, [f for f in found.found if f.startswith("gap")]


@pytest.mark.parametrize("variant", _cases({}))
def test_no_lone_last_character_in_either_file(variant, variants):
    """Issue 21: no paragraph or heading ends with one character alone on its last line (新闻样式的 质。, the
    heading's 贡献/力), in our PDF nor in LibreOffice's rendering of the DOCX (the line that gives the last line
    its second character is set wider there: `Placed.tail`)."""
    found = variants.defects(variant)
    assert found.checked["last lines"] > 2
    assert found.lone_tails == 0, [f for f in found.found if f.startswith("lone")]
    stem, kind, style = variant
    theirs = defects.Defects("libreoffice")
    rows = defects.read_rows(variants.rendered(variant))
    from reportgen.pipeline import prepare

    doc = prepare(_source(stem), kind=kind, style_name=style)[1]
    defects.lone_tails(rows, defects.paragraph_ends(rows, doc.texts()), theirs)
    assert theirs.lone_tails == 0, theirs.found


@pytest.mark.parametrize("variant", _cases({}))
def test_no_title_split_inside_a_word(variant, variants):
    """No title line ends inside a word of rjieba's segmentation (贡/献力). Body headings flow as paragraphs do
    (first fit). A number may end a line before its measure word (41/项) as it does in Word and LibreOffice: the
    held-out variants' agreement shows both files break there alike."""
    found = variants.defects(variant)
    assert found.split_headings == 0, found.found
    if variant[0] == HELD_OUT.stem:
        assert found.split_numbers > 0  # the case the held-out text exists for does occur


@pytest.mark.xfail(strict=True, reason="LibreOffice 7.4 splits …… at a line end (12次… / …全力) or starts a line with "
                   "it, and reads no custom line-start rule from the DOCX (w:noLineBreaksBefore); only an invisible "
                   "joiner in the text would tell it (docs/typesetting.md)")
def test_libreoffice_keeps_an_ellipsis_whole(tmp_path):
    """Our PDF never splits …… nor starts a line with it (tests/test_linebreak.py); LibreOffice's rendering of the
    DOCX should not either. The held-out paragraphs with 次…… put it at a line end in the official style."""
    import pdfplumber

    text = HELD_OUT.read_text(encoding="utf-8").replace("活动12次，全力以赴", "活动12次……全力以赴")
    source = tmp_path / "ellipsis.yaml"
    source.write_text(text, encoding="utf-8")
    files = defects.build_pdf(source, "report", "official", tmp_path)

    def rows(pdf: Path) -> list[str]:
        found: list[str] = []
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                lines: list[list[dict]] = []
                for char in sorted(page.chars, key=lambda c: (-round(c["matrix"][5], 1), c["x0"])):
                    if lines and abs(lines[-1][0]["matrix"][5] - char["matrix"][5]) < 2.0:
                        lines[-1].append(char)
                    else:
                        lines.append([char])
                found += ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines]
        return found

    ours = rows(files["pdf"])
    assert sum(r.count("……") for r in ours) == 8 and not any(r.startswith("…") for r in ours)
    theirs = rows(to_pdf(files["docx"], tmp_path / "libreoffice"))
    assert sum(r.count("……") for r in theirs) == 8 and not any(r.startswith("…") for r in theirs), \
        [r for r in theirs if "…" in r]
