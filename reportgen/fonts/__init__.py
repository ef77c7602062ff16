"""Fonts: which file sets each kind of face, what it covers, how wide its characters are.

- `discovery`: kinds of face (`KINDS`), `resolve`/`resolve_all` to a `Face`, the font errors (RG601–RG603);
- `fontconfig`: the faces fontconfig knows;
- `convert`: CFF faces converted to TrueType once (`reportgen fonts --prepare`);
- `sfnt`: the file's table directory, and whether the PDF writer can use it;
- `coverage`: the characters a face has (`missing_chars`) and glyph heights (`ink_top`);
- `metrics`: advance widths (`advance`, `has`) without ReportLab, the same numbers the PDF writer's ReportLab uses;
- `cache`: facts read from font files, kept on disk between runs.
"""

from .cache import disk_cached, pack_map
from .convert import PREPARED, prepare, prepared_dir
from .coverage import ink_top, missing_chars
from .discovery import KINDS, Face, FontFileMissing, FontNotFound, FontUnusable, resolve, resolve_all
from .metrics import FaceMetrics, advance, face_metrics, has
from .sfnt import is_truetype

__all__ = ["KINDS", "PREPARED", "Face", "FaceMetrics", "FontFileMissing", "FontNotFound", "FontUnusable", "advance",
           "disk_cached", "face_metrics", "has", "ink_top", "is_truetype", "missing_chars", "pack_map", "prepare",
           "prepared_dir", "resolve", "resolve_all"]
