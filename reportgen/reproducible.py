"""The one time a build writes into its files, so the same input always gives the same bytes.

By default it is the meeting day at 09:00 China time: a rebuild next year
gives the same files. A packager or CI pipeline that stamps everything with
the time of the source (https://reproducible-builds.org/specs/source-date-epoch/)
sets SOURCE_DATE_EPOCH, which then wins.
"""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8))
MEETING_HOUR = dt.time(9, 0)


# The latest time the files can carry: a DOCX is a zip, whose dates end with 2107 (China time here).
LATEST = int(dt.datetime(2107, 12, 31, 23, 59, 59, tzinfo=CHINA).timestamp())


class BadEpoch(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds from 1970 to 2107 (RG805)."""


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    if not (value.isascii() and value.isdigit()):
        raise BadEpoch(f"RG805 环境变量 SOURCE_DATE_EPOCH 应是从 1970-01-01 起的秒数（整数），当前值为「{shown}」")
    if len(value) > 20 or int(value) > LATEST:
        raise BadEpoch(f"RG805 环境变量 SOURCE_DATE_EPOCH 的值 {shown} 超出范围：应在 0 到 {LATEST} 之间"
                       "（1970 年到 2107 年，DOCX 文件的日期最晚到 2107 年）")
    return int(value)


def build_time(day: dt.date) -> dt.datetime:
    """The files' creation time as China local time (naive): SOURCE_DATE_EPOCH if set, else the meeting day."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.combine(day, MEETING_HOUR)
    return dt.datetime.fromtimestamp(epoch, CHINA).replace(tzinfo=None)
