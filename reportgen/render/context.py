"""What every section renderer may read: the whole report model and the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is built from the section types, which render with this context
    from ..model import Meeting, Report
    from ..templating import Templates


@dataclass
class RenderContext:
    report: Report
    templates: Templates
    counters: dict[int, int] = field(default_factory=dict)
    base: Path = Path(".")  # the input's folder: image paths are relative to it

    @property
    def meeting(self) -> Meeting:
        return self.report.meeting
