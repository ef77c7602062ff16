"""Dates the way Chinese documents write them: Arabic numerals, full year, no leading zeros."""

from __future__ import annotations

import datetime as dt


def zh_date(day: dt.date) -> str:
    """2024-02-28 → 2024年2月28日."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_month_day(day: dt.date) -> str:
    """2024-02-28 → 2月28日, as a news lead opens."""
    return f"{day.month}月{day.day}日"
