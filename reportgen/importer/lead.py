"""The lead paragraph's meeting facts, read off the sentence the lead template writes.

Every reading is checked by rendering `templates/sections/lead.j2` with the facts found: the lead becomes
`type: lead` only when the template gives back the paragraph exactly. Otherwise the facts that could be read
(date, organiser, meeting name, purpose) still fill `meeting:`, and the paragraph is kept as written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

# The opening sentence: [YYYY年]M月D日，ORGANISER召开NAME，PURPOSE。
_OPENING = re.compile(r"^(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日[，,]?(?P<org>[^，。]{2,40}?)"
                      r"(?:召开|举行|举办)(?:了)?(?P<name>[^，。]{2,80}?)(?:[，](?P<purpose>[^。]+))?。")
# An opening the template does not write, for the facts alone: 2月26日上午，ORGANISER在PLACE召开NAME，…
_LOOSE = re.compile(r"^(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:至\d{1,2}日)?"
                    r"(?:上午|下午|晚上|晚间)?(?:\d{1,2}[时点](?:\d{1,2}分|半)?)?[，,]?"
                    r"(?P<org>[^，。]{2,40}?)(?:在[^，。]{1,30}?)?(?:召开|举行|举办)(?:了)?(?P<name>[^，。]{2,80}?)"
                    r"(?:。|$|[，](?P<purpose>[^。]+))")
# The attendance sentence: WHO[共N人]参加会议[，会议以FORM形式召开]。
_ATTENDANCE = re.compile(r"^(?P<who>[^。]*?)(?:共(?P<count>\d+)人)?参加(?:了)?(?:会议|本次会议)"
                         r"(?:，会议以(?P<form>[^。]+?)(?:的)?形式召开)?。$")
# Words a role ends with: the name (2–4 Han characters) follows the last of them.
_ROLES = ("副主席", "主席", "书记", "副书记", "主任", "副主任", "部长", "副部长", "总经理", "副总经理", "经理",
          "负责人",
          "董事长", "总裁", "副总裁", "局长", "处长", "科长", "厅长", "院长", "校长", "所长", "主管", "总监", "委员",
          "理事长", "会长", "秘书长", "组长", "队长", "行长", "司长", "县长", "市长", "省长", "区长", "镇长", "站长",
          "馆长", "社长", "总编", "主编", "总工程师", "工程师", "老师", "教授", "专员", "干事", "代表", "常委", "监事",
          "董事", "总师", "厂长", "车间主任", "班长", "党委书记")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


@dataclass
class LeadFacts:
    """What the lead says; `exact` when the template renders these facts back to the paragraph."""

    date: dt.date | None = None
    year_given: bool = False
    organiser: str = ""
    name: str = ""
    purpose: list[str] = field(default_factory=list)
    people: list[dict[str, str]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    count: int | None = None
    form: list[str] = field(default_factory=list)
    exact: bool = False


def _person(segment: str) -> dict[str, str] | None:
    best = None
    for role in _ROLES:
        at = segment.rfind(role)
        if at >= 0 and (best is None or at + len(role) > best):
            best = at + len(role)
    if best is None:
        return None
    name = segment[best:]
    if not _NAME.fullmatch(name):
        return None
    return {"name": name, "role": segment[:best]}


# A role, then a name of two or three characters ending where a verb or the segment does (董事长周立群作了讲话).
_ROLE_NAME = re.compile("(?:" + "|".join(sorted(_ROLES, key=len, reverse=True)) + r")([\u4e00-\u9fff]{2,3}?)"
                        r"(?=同志|作|在|指出|强调|提出|讲话|主持|要求|表示|出席|参加|代表|$)")


def named_people(text: str) -> list[str]:
    """The names of the people a paragraph names by role (董事长周立群, 集团总经理孙海涛), in order."""
    names: list[str] = []
    for segment in re.split(r"[，、。；：,;及和与]", text):
        for m in _ROLE_NAME.finditer(segment.strip()):
            if m.group(1) not in names:
                names.append(m.group(1))
    return names


def _groups(part: str) -> list[str]:
    head, sep, last = part.rpartition("以及")
    if not sep:
        return [part] if part else []
    return [*head.split("，"), last]


def _forms(part: str) -> list[str]:
    head, sep, last = part.rpartition("和")
    if not sep:
        return [part]
    return [*head.split("、"), last]


def _who_readings(who: str) -> list[tuple[list[dict[str, str]], list[str]]]:
    """Ways to read `who` as people (role + name, joined by ，) then 及 then groups, most likely first."""
    out = []
    cuts = [m.start() for m in re.finditer("及", who) if who[max(0, m.start() - 1):m.start()] != "以"]
    for cut in cuts:
        people = [_person(s) for s in who[:cut].split("，")]
        if all(people):
            out.append(([p for p in people if p], _groups(who[cut + 1:])))
    people = [_person(s) for s in who.split("，")]
    if who and all(people):
        out.append(([p for p in people if p], []))
    out.append(([], _groups(who)))
    return out


def _loose(text: str, year_hint: int | None) -> LeadFacts | None:
    """The date, organiser and meeting name of an opening the template does not write (a time of day, a
    place): facts only, never `exact`."""
    m = _LOOSE.match(text)
    if not m:
        return None
    year = int(m["y"]) if m["y"] else year_hint
    try:
        date = dt.date(year, int(m["m"]), int(m["d"])) if year else None
    except ValueError:
        return None
    return LeadFacts(date=date, year_given=bool(m["y"]), organiser=m["org"].strip(), name=m["name"].strip(),
                     purpose=[p for p in (m["purpose"] or "").split("，") if p])


def read_lead(text: str, year_hint: int | None, render: Any) -> LeadFacts | None:
    """The facts of a lead paragraph, or None if it does not open as a lead does. `render(facts)` renders the
    lead template with the facts; `year_hint` is the meeting's year when the paragraph gives none."""
    opening = _OPENING.match(text)
    if not opening:
        return _loose(text, year_hint)
    month, day = int(opening["m"]), int(opening["d"])
    year = int(opening["y"]) if opening["y"] else year_hint
    try:
        date = dt.date(year or 2000, month, day) if year else None
    except ValueError:
        return None
    facts = LeadFacts(date=date, year_given=bool(opening["y"]), organiser=opening["org"].strip(),
                      name=opening["name"].strip(),
                      purpose=[p for p in (opening["purpose"] or "").split("，") if p])
    rest = text[opening.end():]
    attendance = _ATTENDANCE.match(rest)
    if not attendance or not facts.purpose or date is None:
        return facts
    count = int(attendance["count"]) if attendance["count"] else None
    forms = _forms(attendance["form"]) if attendance["form"] else []
    for people, groups in _who_readings(attendance["who"]):
        trial = LeadFacts(facts.date, facts.year_given, facts.organiser, facts.name, facts.purpose, people,
                          groups, count, forms)
        if render(trial) == text:
            trial.exact = True
            return trial
    for people, groups in itertools.islice(_who_readings(attendance["who"]), 1):
        facts.people, facts.groups, facts.count, facts.form = people, groups, count, forms
    return facts
