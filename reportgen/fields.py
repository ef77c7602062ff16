"""The field types every input model is made of: the meeting model (`model.py`) and each section's model.

Reader-visible text is a type of its own, :data:`Prose`: paragraphs, titles,
captions, names, headings. The copy-damage lint reads and `check --fix`
repairs prose only, never a path, a number, a date, a code or a style name,
which are plain :data:`Text` or other types. Mark every new field the reader
sees as prose, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


class _ProseMark:
    """The marker in `Annotated[str, PROSE]`: this text is shown to the reader."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = _ProseMark()

# Text that is not prose: a path, a document number, a key. Stripped, not empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Reader-visible text: stripped, not empty; linted and repaired by `check --fix`.
Prose = Annotated[Text, PROSE]
# Reader-visible text that may be left empty (a caption, a person's role, a table cell).
ProseOrEmpty = Annotated[str, PROSE]
ProseList = Annotated[list[Prose], Field(min_length=1)]

# Names that go into the title and the document properties (DOCX core properties hold at most 255 characters).
NAME_MAX = 100
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
ShortProse = Annotated[ShortText, PROSE]
# A style preset is looked up as a file name: letters, digits, - and _ only (no paths, no huge names).
StyleName = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_\-\u4e00-\u9fff]{1,64}$")]


def _no_number_dates(value: Any) -> Any:
    """pydantic reads a number as seconds since 1970; in an input a number is never a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a number is not a date")
    return value


# A DOCX is a zip, whose entries carry dates from 1980 to 2107: the files take the meeting day as theirs.
FIRST_YEAR, LAST_YEAR = 1980, 2107
DATE_RANGE = f"日期应在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间"


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(DATE_RANGE)
    return value


Date = Annotated[dt.date, BeforeValidator(_no_number_dates), AfterValidator(_in_range)]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not silently drop text); numbers may stand for text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


# Walking the schema: which type a place in the input has, and whether it holds prose.


def resolve(annotation: Any) -> tuple[Any, bool]:
    """`annotation` without its `Annotated[...]` layers and `| None`, and whether a layer marked it prose."""
    prose = False
    while True:
        if get_origin(annotation) is Annotated:
            prose = prose or any(m is PROSE for m in annotation.__metadata__)
            annotation = annotation.__origin__
        elif get_origin(annotation) in (Union, UnionType):
            arms = [a for a in get_args(annotation) if a is not type(None)]
            if len(arms) != 1:
                return annotation, prose  # a union of models told apart by `type` (the sections)
            annotation = arms[0]
        else:
            return annotation, prose


def model_of(annotation: Any) -> type[BaseModel] | None:
    core, _prose = resolve(annotation)
    return core if isinstance(core, type) and issubclass(core, BaseModel) else None


def arm_for(annotation: Any, tag: Any) -> Any | None:
    """In a union of models told apart by `type`, the arm whose `type` is `tag` (None if none is)."""
    core, _prose = resolve(annotation)
    if get_origin(core) not in (Union, UnionType):
        return None
    for arm in get_args(core):
        model = model_of(arm)
        field = model.model_fields.get("type") if model else None
        if field is not None and tag in get_args(field.annotation):
            return arm
    return None


def child(annotation: Any, part: str | int, value: Any = None) -> Any | None:
    """The type of `value[part]` when `value` has type `annotation`; None if the schema does not know it.

    `value` (the input data) chooses the arm of a union of sections by its `type`.
    """
    core, _prose = resolve(annotation)
    if get_origin(core) in (Union, UnionType):
        core = arm_for(core, value.get("type")) if isinstance(value, dict) else None
        if core is None:
            return None
        core, _prose = resolve(core)
    if isinstance(core, type) and issubclass(core, BaseModel):
        field = core.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            return None
        return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    if get_origin(core) is list and isinstance(part, int):
        return get_args(core)[0]
    return None


def texts(annotation: Any, value: Any, path: tuple[str | int, ...] = ()
          ) -> Iterator[tuple[tuple[str | int, ...], str, bool | None]]:
    """Every string in `value` with its path and whether it is prose: True, False, or None where the
    schema does not say (an unknown key or section type, a value of the wrong shape)."""
    if isinstance(value, str):
        if annotation is None:
            yield path, value, None
            return
        core, prose = resolve(annotation)
        shaped = model_of(core) is not None or get_origin(core) in (list, Union, UnionType)
        yield path, value, None if shaped else prose  # a text where a mapping or a list belongs: unknown
    elif isinstance(value, dict):
        if annotation is not None and resolve(annotation)[0] is str:
            return  # one line of text that a `: ` split into a mapping: validation explains it (RG203), and
            # its two halves are not texts to lint (their quotes pair across the split)
        known = annotation is not None and (model_of(annotation) or arm_for(annotation, value.get("type")))
        for key, item in value.items():
            yield from texts(child(annotation, key, value) if known else None, item, (*path, key))
    elif isinstance(value, list):
        known = annotation is not None and get_origin(resolve(annotation)[0]) is list
        for i, item in enumerate(value):
            yield from texts(child(annotation, i, value) if known else None, item, (*path, i))
