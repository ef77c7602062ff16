"""Formal minutes (会议纪要, GB/T 9704 clause 10.3) around the same sections as the report.

The sections render exactly as for a report; minutes add the 纪要 mark and the
document number in front, number the headings 一、（一）1.（1）, and close with
the attendance block (出席/请假/列席) and the end block (抄送, 印发机关, date 印发).
"""

from __future__ import annotations

import dataclasses

from .cjk.dates import zh_date
from .cjk.numerals import heading_number
from .ir import Attendance, Block, DocNumber, EndBlock, Heading, Mark, Title
from .model import Report
from .templating import Templates

LABELS = (("present", "出席"), ("absent", "请假"), ("attending", "列席"))


def number_headings(blocks: list[Block]) -> list[Block]:
    """Every heading numbered by its level, counters below a level restarting under each new heading."""
    counters = [0, 0, 0, 0]
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            counters[level - 1] += 1
            counters[level:] = [0] * (4 - level)
            block = dataclasses.replace(block, number=heading_number(level, counters[level - 1]))
        out.append(block)
    return out


def front(report: Report, templates: Templates, title: str) -> list[Block]:
    """The mark, the document number (if any) and the title."""
    info, meeting = report.minutes, report.meeting
    mark = info.mark or templates.render("minutes_mark.j2", meeting=meeting, report=report)
    blocks: list[Block] = [Mark(mark)]
    if info.number:
        blocks.append(DocNumber(info.number))
    blocks.append(Title(title))
    return blocks


def default_present(report: Report) -> list[str]:
    attendees = report.meeting.attendees
    return [p.name for p in attendees.people] + list(attendees.groups)


def back(report: Report) -> list[Block]:
    """The attendance block, then the end block."""
    info, meeting = report.minutes, report.meeting
    blocks: list[Block] = []
    for key, label in LABELS:
        names = getattr(info, key) or (default_present(report) if key == "present" else [])
        if names:
            blocks.append(Attendance(label, "、".join(names)))
    copy_to = "，".join(info.copy_to)
    if copy_to and not copy_to.endswith("。"):
        copy_to += "。"  # GB/T 9704: 抄送 ends with a full stop
    blocks.append(EndBlock(copy_to, info.issuer or meeting.organiser, zh_date(info.issued or meeting.date)))
    return blocks
