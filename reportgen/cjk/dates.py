"""Dates the way Chinese documents write them: Arabic numerals, full year, no leading zeros."""

from __future__ import annotations

import calendar
import datetime as dt


def zh_date(day: dt.date) -> str:
    """2024-02-28 → 2024年2月28日."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_month_day(day: dt.date) -> str:
    """2024-02-28 → 2月28日, as a news lead opens."""
    return f"{day.month}月{day.day}日"


def missing_day(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is no day (2024 年 2 月只有 29 天，没有 30 日), or None if it is one."""
    if not 1 <= month <= 12:
        return f"月份只能是 1 到 12，没有 {month} 月"
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        return f"{year} 年 {month} 月只有 {days} 天，没有 {day} 日" if day else "没有 0 日"
    return None
