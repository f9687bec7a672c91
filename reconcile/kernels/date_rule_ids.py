"""Kernel, date rule ids: every date rule's readable label, and the words its text must hold before its pattern
is tried (the gates of `date_words.gates`). The patterns and how each resolves are in `date_rules`."""

from __future__ import annotations

RULE_LABELS: dict[str, str] = {
    "date.iso": "an ISO date, 2024-10-23",
    "date.month_day_range": "days of one month, October 1-14",
    "date.month_day": "a month and day, October 23 (, 2024)",
    "date.ordinal_day": "a day of the month alone, the 31st (the latest month that has it)",
    "date.day_month": "a day and month, 23 October (2024)",
    "date.part_month": "a part of a month or a range of parts, early to mid-October",
    "date.part_year": "a part of a year, late 2023",
    "date.part_relative": "a part of a relative period, the end of the year",
    "date.weeks_of_month": "numbered weeks of a month, the first two weeks of October",
    "date.half": "a half of a month or year, the second half of 2024",
    "date.season": "a season, summer 2024 / last winter",
    "date.month_year": "a month and year, August 2023",
    "date.month_relative_year": "a month of a year relative to publication, July last year",
    "date.month": "a month named alone, in October",
    "date.decade": "a decade, the 1990s",
    "date.year": "a year named alone, in 2023",
    "date.year_range": "a range of years, the 1950-53 war",
    "date.weekday": "a weekday, on Wednesday / last Monday",
    "date.anchor": "a day relative to publication, yesterday",
    "date.relative_period": "a calendar period relative to publication, last week / earlier this month",
    "date.ago": "a point some units before publication, two weeks ago",
    "date.window": "a window starting or ending at publication, in the coming days / the past two weeks",
    "date.range": "two dates joined, between Monday and Wednesday",
    "date.dateparser": "an absolute date only dateparser understood",
}


# What every match of a rule contains, so that a rule need not run on a text without it: a digit, a word of one
# kind of date_words.csv, or a literal word of the pattern. Each gate is looser than the rule it guards.
RULE_REQUIRES: dict[str, tuple[str, ...]] = {
    "date.iso": ("digit",),
    "date.ordinal_day": ("digit",),
    "date.month_day_range": ("month", "digit"),
    "date.month_day": ("month", "digit"),
    "date.day_month": ("month", "digit"),
    "date.part_month": ("part", "month"),
    "date.part_year": ("part", "digit"),
    "date.part_relative": ("part", "unit"),
    "date.weeks_of_month": ("week", "month"),
    "date.half": ("half",),
    "date.season": ("season",),
    "date.month_year": ("month", "digit"),
    "date.month_relative_year": ("month", "offset"),
    "date.month": ("month",),
    "date.year_range": ("digit",),
    "date.decade": ("digit",),
    "date.year": ("digit",),
    "date.weekday": ("weekday",),
    "date.anchor": ("anchor",),
    "date.relative_period": ("offset", "unit"),
    "date.ago": ("unit", "ago"),
    "date.window": ("window", "unit"),
}
