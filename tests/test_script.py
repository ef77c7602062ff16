"""Traditional output: the IR converted with OpenCC, the language tag following."""

from __future__ import annotations

import opencc

from reportgen.cjk.script import to_language
from reportgen.pipeline import prepare

from .conftest import EXAMPLE


def _doc():
    return prepare(EXAMPLE)[1]


def test_zh_hant_round_trips_to_the_simplified_text():
    simplified = _doc()
    traditional = to_language(simplified, "zh-Hant")
    assert traditional.meta.lang == "zh-Hant"
    back = opencc.OpenCC("t2s.json")
    assert [back.convert(t) for t in traditional.texts()] == simplified.texts()
    assert traditional.texts()[0] == "深科技總工會召開2023年度工作總結及評比會議"


def test_no_simplified_only_characters_remain():
    traditional = "".join(to_language(_doc(), "zh-Hant").texts())
    to_trad = opencc.OpenCC("s2t.json")
    simplified_only = {ch for ch in traditional if to_trad.convert(ch) != ch}
    assert simplified_only == set()


def test_regional_variants_set_their_tags():
    assert to_language(_doc(), "zh-Hant-TW").meta.lang == "zh-TW"
    assert to_language(_doc(), "zh-Hant-HK").meta.lang == "zh-HK"
    assert to_language(_doc(), "zh-CN").texts() == _doc().texts()


def test_tables_and_captions_are_converted_too():
    from reportgen.ir import Table

    table = Table(caption="各分工会一览表", header=("分工会", "荣誉"), rows=(("深科技苏州工会", "优秀单位"),),
                  widths=(1.0, 2.0))
    doc = _doc()
    doc.blocks.append(table)
    converted = to_language(doc, "zh-Hant").blocks[-1]
    assert converted.caption == "各分工會一覽表"
    assert converted.header == ("分工會", "榮譽")
    assert converted.rows == (("深科技蘇州工會", "優秀單位"),)
    assert converted.widths == (1.0, 2.0)


def test_build_in_traditional_round_trips_in_both_files(tmp_path, example_build):
    import re
    import subprocess
    import sys
    import zipfile

    import docx

    from .conftest import pdftotext

    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "--lang", "zh-Hant",
                          "-o", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    back = opencc.OpenCC("t2s.json")
    to_trad = opencc.OpenCC("s2t.json")

    def pdf_text(pdf):
        lines = pdftotext(pdf).splitlines()
        return "".join(line.strip() for line in lines if line.strip() and not re.match(r"^— \d+ —$", line.strip()))

    simplified, traditional = pdf_text(example_build["pdf"]), pdf_text(tmp_path / f"{EXAMPLE.stem}-zh-Hant.pdf")
    assert traditional != simplified
    assert back.convert(traditional) == simplified
    assert {ch for ch in traditional if to_trad.convert(ch) != ch} == set()

    docx_path = tmp_path / f"{EXAMPLE.stem}-zh-Hant.docx"
    texts = [p.text for p in docx.Document(str(docx_path)).paragraphs if p.text.strip()]
    assert texts[0].replace("\n", "") == "深科技總工會召開2023年度工作總結及評比會議"
    styles = zipfile.ZipFile(docx_path).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' not in styles and re.search(r'w:eastAsia="zh-(Hant|TW|HK)', styles)
