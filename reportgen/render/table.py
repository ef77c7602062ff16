"""A table (各分工会工作亮点一览表): a caption, a header row, rows of text; the header repeats on every page.

The layout chooses the column widths from the cells' content (`layout.boxes.table_box`);
`widths` in the input, relative weights, overrides that.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..fields import Prose, ProseList, ProseOrEmpty, Strict
from ..ir import Block, Table
from . import Problem, Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates

# Columns a table may have: a portrait A4 text block of 28 characters holds 12 columns of two characters or
# more; a wider table belongs in an attachment set another way (or split in two).
MAX_COLUMNS = 12


class TableSection(Strict):
    type: Literal["table"]
    caption: Prose | None = None
    columns: ProseList
    rows: Annotated[list[list[ProseOrEmpty]], Field(min_length=1)]
    widths: list[Annotated[float, Field(gt=0, le=100)]] | None = None


def check(section: TableSection, _base: Path) -> list[Problem]:
    problems: list[Problem] = []
    n = len(section.columns)
    if n > MAX_COLUMNS:
        problems.append((("columns",), "RG212", f"表格有 {n} 列，一页的宽度最多排 {MAX_COLUMNS} 列；"
                                                 "请合并或删去一些列，或把表格拆成两个"))
    for i, row in enumerate(section.rows):
        if len(row) != n:
            problems.append((("rows", i), "RG212", f"这一行有 {len(row)} 格，表头有 {n} 列；每行的格数应与表头相同"))
    if section.widths is not None and len(section.widths) != n:
        problems.append((("widths",), "RG212", f"widths 有 {len(section.widths)} 项，表头有 {n} 列"))
    return problems


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """A table of the source: its first row is the header; its caption the line before it."""
    if not run.table:
        return None
    width = max(len(row) for row in run.table)
    rows = [[*row, *[""] * (width - len(row))] for row in run.table]
    data: dict[str, object] = {"type": "table"}
    if run.caption:
        data["caption"] = run.caption
    data["columns"] = [cell or f"第{k + 1}列" for k, cell in enumerate(rows[0])]
    data["rows"] = rows[1:] or [[""] * width]
    return Reading(dict(data), 10)


@section_type("table", TableSection, check, recognise=recognise)
def render(section: TableSection, ctx: RenderContext) -> list[Block]:
    rows = [[cell.strip() for cell in row] for row in section.rows]
    widths = tuple(section.widths) if section.widths else ()
    return [Table(section.caption or "", tuple(section.columns), tuple(tuple(r) for r in rows), widths)]
