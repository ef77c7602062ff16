"""Section renderers: one module per section type, each declaring everything about its type.

A section type module defines its pydantic model (fields from `reportgen.fields`,
reader-visible text as `Prose`) and registers its render function with
:func:`section_type`, together with its optional validation check and what
`reportgen new` rewrites in it next year. `Report.sections` (`reportgen.model`)
is the union of the registered models, told apart by `type`; the assembler
calls each section's renderer, which returns IR blocks. Renderers never touch
file formats.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, Union

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from ..ir import Block
    from ..templating import Templates
    from .context import RenderContext

class SectionModel(Protocol):
    """What a type checker knows of a section of `Report.sections`: one of the registered models (which ones,
    only the registry knows at run time), each told apart by its `type`."""

    @property
    def type(self) -> str: ...


Renderer = Callable[[Any, "RenderContext"], "list[Block]"]
# A problem a section's own check finds: (path below the section, code, message in Chinese).
Problem = tuple[tuple[str | int, ...], str, str]
# Checks beyond the model that need the input's place on disk (an image path): section, input folder → problems.
Checker = Callable[[Any, Path], list[Problem]]
# The pydantic error a failed check becomes; `reportgen.validate` lists its problems, each at its own place.
CHECK_ERROR = "section_check"


@dataclass(frozen=True)
class SubRun:
    """A sub-heading of a run and the paragraphs under it, as `reportgen import` read them."""

    heading: str                    # as the source shows it, its number included (一、围绕…, 深科技苏州工会)
    title: str                      # without its number
    number: str = ""                # 一、 （二） 3. (typed or Word's automatic number), "" if none
    numbering: str = ""             # the number's kind: cn 一、, pcn （一）, num 1., pnum （1）, circ ①, chapter 第一章
    value: int | None = None        # the number's value (一 → 1)
    unit: bool = False              # it reads as a unit's name (an organisation's ending, repeated under it)
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Run:
    """A run of the source's body as `reportgen import` hands it to each section type: a heading (or none) with
    the paragraphs under it and its sub-headings, or one table, or one picture. Texts are cleaned already."""

    heading: str | None = None      # the heading as the source shows it, number included
    title: str = ""                 # the heading without its number
    number: str = ""
    intro: tuple[str, ...] = ()     # the paragraphs between the heading and its first sub-heading
    subs: tuple[SubRun, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()   # a table's rows (the header first)
    caption: str = ""               # a table's or a picture's caption
    picture: str = ""               # a picture's path, relative to the YAML
    first: bool = False             # the body's first run (the lead's place)
    last: bool = False              # the body's last run, set apart from what precedes it (the closing's place)
    minutes: bool = False           # the document is minutes (they number their headings themselves)
    people: tuple[str, ...] = ()    # the people the lead names by role, then those the rest of the text names
    year: int | None = None         # the year the report is on (meeting.year)
    lead_exact: bool = False        # the lead template renders the meeting facts back to the first paragraph


@dataclass
class Reading:
    """How a section type reads a run: the section's data, how well it fits (the type with the highest fit
    wins; 1 is "only if nothing else does"), and what it guessed (path below the section → comment)."""

    data: dict[str, Any]
    fit: int
    notes: Sequence[tuple[tuple[str | int, ...], str]] = ()


# Whether (and how) a run of an imported document is a section of this type: None if it is not one.
# It may render its templates to see whether the source's text is what they write.
Recogniser = Callable[[Run, "Templates"], "Reading | None"]


@dataclass(frozen=True)
class SectionType:
    """Everything about one section type.

    `rollover` is what `reportgen new` rewrites for next year: a path below the section
    (`intro`, `items[].title`: `[]` is every item of a list) → the hint after the placeholder,
    a format string that may use `{year}` and the keys of the mapping holding the text (`{name}`).
    Texts not named stay as they are, with their years moved on.
    """

    name: str
    model: type[BaseModel]
    render: Renderer
    check: Checker | None = None
    rollover: Mapping[str, str] = field(default_factory=dict)
    recognise: Recogniser | None = None


REGISTRY: dict[str, SectionType] = {}


def section_type(name: str, model: type[BaseModel], check: Checker | None = None,
                 rollover: Mapping[str, str] | None = None,
                 recognise: Recogniser | None = None) -> Callable[[Renderer], Renderer]:
    """Register `render` for sections whose `type` is `name`, with `check` (run at validation), `rollover`
    (what `new` rewrites) and `recognise` (how `import` tells a run of a document is one of these)."""

    def register(render: Renderer) -> Renderer:
        REGISTRY[name] = SectionType(name, model, render, check, dict(rollover or {}), recognise)
        return render

    return register


def registry() -> dict[str, SectionType]:
    return REGISTRY


def _checked(kind: SectionType) -> Any:
    """The section's model, with its check run once the model's own fields are valid.

    The check looks at files relative to the validation context's `folder` (the input's folder),
    or the current folder when validated without one.
    """
    if kind.check is None:
        return kind.model
    check = kind.check

    def run(section: BaseModel, info: ValidationInfo) -> BaseModel:
        folder = Path((info.context or {}).get("folder", "."))
        problems = check(section, folder)
        if problems:
            raise PydanticCustomError(CHECK_ERROR, "{problems}", {"problems": problems})
        return section

    return Annotated[kind.model, AfterValidator(run)]


def section_union(names: Iterable[str] | None = None) -> Any:
    """Any registered section (or any of `names`), chosen by its `type`, each with its own check: a section
    type may hold other types' sections (attachments hold paragraphs, tables, photos), checked the same way."""
    arms = tuple(_checked(kind) for kind in REGISTRY.values() if names is None or kind.name in names)
    return Annotated[Union[arms], Field(discriminator="type")]  # noqa: UP007  (a union built at run time)


def _import_section_modules() -> None:
    """Every module of this package registers its section type on import: a new type is a new module here,
    listed nowhere else."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")


_import_section_modules()
