"""The DOCX writer makes its package itself: python-docx is never imported on the write path.

python-docx stays a dependency (the tests read DOCX with it); a build must not pay for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import docx

from .conftest import ROOT

BUILD_AND_REPORT = """
import json, sys
import reportgen
out = sys.argv[1]
built = [str(reportgen.build(f"{sys.argv[2]}/inputs/{name}.yaml", out, formats=["docx"], kind=kind).outputs[0])
         for name, kind in (("2023-union-annual-meeting-photos", "minutes"), ("2023-union-annual-meeting", None))]
print(json.dumps({"built": built, "docx_modules": sorted(m for m in sys.modules if m.split(".")[0] == "docx")}))
"""


def test_building_a_docx_does_not_import_python_docx(tmp_path):
    result = subprocess.run([sys.executable, "-c", BUILD_AND_REPORT, str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, check=True, cwd=tmp_path)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["docx_modules"] == []
    # the builds really wrote the DOCX (a photo, footers, the end block's text box), and python-docx reads them
    photos, plain = report["built"]
    with zipfile.ZipFile(photos) as archive:
        names = archive.namelist()
        body = archive.read("word/document.xml").decode("utf-8")
    assert "word/media/image1.jpg" in names and "word/footer2.xml" in names
    assert "<w:tblpPr " in body and "印发" in body
    document = docx.Document(photos)
    assert len(document.inline_shapes) == 1
    assert docx.Document(plain).paragraphs
