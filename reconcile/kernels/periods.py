"""Kernel, calendar periods: a day and a unit -> the week, month or year around it, shifted, and its precision.

Weeks run Monday to Sunday (ISO 8601). Every function works on `datetime.date`, whose range is years 1 to 9999.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PRECISION_ORDER = ("day", "week", "part_of_month", "month", "year", "unknown")
# Thirds of a month (first day, last day; 31 means the month's end) and of a year (first month, last month).
MONTH_THIRDS = {1: (1, 10), 2: (11, 20), 3: (21, 31)}
YEAR_THIRDS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
# Distance between a window's ends in days -> precision: a day, up to two weeks, up to two months, longer.
WINDOW_PRECISION = ((1, "day"), (14, "week"), (62, "month"))


def month_end(year: int, month: int) -> date:
    """The last day of a month: `month_end(2024, 2) == date(2024, 2, 29)`."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day some months later (or earlier), clipped to the month's end: Jan 31 + 1 -> Feb 29, 2024."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def shift(day: date, unit: str, count: int) -> date:
    """`day` moved by `count` units (day, week, weekend, fortnight, month, year)."""
    if unit == "day":
        return day + timedelta(days=count)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=count)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * count)
    if unit == "month":
        return add_months(day, count)
    return add_months(day, 12 * count)


def period(day: date, unit: str) -> tuple[date, date]:
    """The calendar period of a unit that contains `day`."""
    if unit == "day":
        return day, day
    if unit == "week":
        return week_of(day)
    if unit == "fortnight":
        return day - timedelta(days=13), day
    if unit == "weekend":
        saturday = week_of(day)[0] + timedelta(days=5)
        return saturday, saturday + timedelta(days=1)
    if unit == "month":
        return date(day.year, day.month, 1), month_end(day.year, day.month)
    return date(day.year, 1, 1), date(day.year, 12, 31)


UNIT_PRECISION = {
    "day": "day", "week": "week", "weekend": "week", "fortnight": "week", "month": "month", "year": "year",
}


def span_precision(start: date, end: date, floor: str = "day") -> str:
    """Precision of a window from its length, never finer than `floor`."""
    days = (end - start).days
    by_length = next((precision for limit, precision in WINDOW_PRECISION if days <= limit), "year")
    return max(by_length, floor, key=PRECISION_ORDER.index)


def year_for_month(month: int, day: int | None, published: date, tense: str) -> int:
    """Year of a month (and day) named without one, by tense: latest not after / first not before / nearest."""
    year = published.year
    probe = (month, day or 1)
    if tense == "nearest":
        candidates = [y for y in (year - 1, year, year + 1)]
        return min(candidates, key=lambda y: (abs((safe_date(y, month, day or 15) - published).days), y))
    if tense == "future":
        return year + 1 if probe < (published.month, published.day if day else 1) else year
    if day is None:
        return year - 1 if month > published.month else year
    return year - 1 if probe > (published.month, published.day) else year


def safe_date(year: int, month: int, day: int) -> date:
    """A date with the day clipped to the month's end: `safe_date(2023, 2, 30) == date(2023, 2, 28)`."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
