"""Chinese numerals and dates, shared by templates and both writers."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.cjk.dates import zh_date, zh_month_day
from reportgen.cjk.numerals import heading_number, zh_number


@pytest.mark.parametrize(("n", "text"), [(0, "零"), (4, "四"), (10, "十"), (12, "十二"), (20, "二十"),
                                         (21, "二十一"), (100, "一百"), (105, "一百零五"), (110, "一百一十"),
                                         (1001, "一千零一"), (2024, "二千零二十四")])
def test_zh_number(n, text):
    assert zh_number(n) == text


def test_zh_number_range():
    with pytest.raises(ValueError):
        zh_number(10000)


def test_heading_numbers():
    assert [heading_number(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_dates_have_no_leading_zeros():
    assert zh_date(dt.date(2024, 2, 8)) == "2024年2月8日"
    assert zh_month_day(dt.date(2024, 2, 28)) == "2月28日"
