"""Fonts: which file sets each kind of face, what it covers, how wide its characters are.

- `roles`: the kinds of face (`KINDS`), the faces that can set each, Word's font table entries (`WORD_FONTS`);
- `discovery`: `resolve`/`resolve_all` a kind to a `Face`, the font errors (RG601–RG603);
- `index`: the faces in Windows' and macOS' font folders, by the families their name tables carry;
- `aliases`: a fontconfig file so that Linux readers of the DOCX use the faces the PDF embeds;
- `fontconfig`: the faces fontconfig knows;
- `prepared`: which free Linux faces are made and where they are; `convert` makes them (`--prepare`);
- `sfnt`: the file's table directory, and whether the PDF writer can use it;
- `coverage`: the characters a face has (`missing_chars`) and where a glyph's ink lies (`ink_top`, `ink_extent`);
- `metrics`: advance widths (`advance`, `has`) without ReportLab, the same numbers the PDF writer's ReportLab uses;
- `cache`: facts read from font files, kept on disk between runs.
"""

from .cache import disk_cached, pack_map
from .coverage import ink_extent, ink_top, missing_chars
from .discovery import Face, FontFileMissing, FontNotFound, FontUnusable, resolve, resolve_all
from .metrics import FaceMetrics, advance, face_metrics, has
from .prepared import PREPARED, prepared_dir
from .roles import KINDS, WORD_FONTS, word_font
from .sfnt import is_truetype

__all__ = [
           "KINDS",
           "PREPARED",
           "WORD_FONTS",
           "Face",
           "FaceMetrics",
           "FontFileMissing",
           "FontNotFound",
           "FontUnusable",
           "advance",
           "disk_cached",
           "face_metrics",
           "has",
           "ink_extent",
           "ink_top",
           "is_truetype",
           "missing_chars",
           "pack_map",
           "prepared_dir",
           "resolve",
           "resolve_all",
           "word_font",
]
