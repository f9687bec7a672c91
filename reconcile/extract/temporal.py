"""Extract stage, dates: plain text + publication date -> DateInterval spans (from, to, precision, direction); no spaCy.

News copy dates things relative to the day it was published ("on Wednesday", "last week", "earlier this month"),
so every relative expression is resolved against `published`; without it, relative expressions come back with no
dates and precision "unknown" (never a guess), while absolute ones ("October 23, 2024", "in 2023") still resolve.
The words (months, weekdays, "early/mid/late", "last/this/next", window sizes, "since/by") live in
`reconcile/data/date_words.csv`; the rules below are mechanisms only.

Conventions (documented in date_words.csv too):
- A bare weekday in past tense is the most recent such day on or before publication (a statement reported on its
  publication day); in future tense the next such day on or after it. "last Monday" / "next Monday" are strict.
- A bare month (or month and day) in past tense is the latest one not after publication; in future tense the
  first one not before it. Deadlines ("by December") take the occurrence nearest the publication date.
- Thirds of a month: early = days 1-10, mid = 11-20, late = 21 to the end (precision part_of_month).
  Thirds of a year: early = Jan-Apr, mid = May-Aug, late = Sep-Dec (precision year: coarser than a month).
- Weeks run Monday to Sunday (ISO 8601). Windows without a number take the plural defaults in date_words.csv
  ("in the coming days" = 7 days, "the next several weeks" = 6 weeks); their precision follows their length.
- Direction words: "since X" -> after, from X's start to publication; "by X" / "until X" -> before, up to X's end,
  from publication when that is earlier; "before X" ends the day before X starts; "after X" starts the day after.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import pandera.pandas as pa
from pandera.typing import Series

from reconcile.extract.quantity import parse_number
from reconcile.rules import load_lexicon

WORD_KINDS = (
    "month", "weekday", "ambiguous", "part", "offset", "anchor", "unit", "plural_default", "count", "forward",
    "backward", "direction", "season", "side", "preposition", "daypart",
)
PRECISION_ORDER = ("day", "week", "part_of_month", "month", "year", "unknown")
# Thirds of a month (first day, last day; 31 means the month's end) and of a year (first month, last month).
MONTH_THIRDS = {1: (1, 10), 2: (11, 20), 3: (21, 31)}
YEAR_THIRDS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
# Distance between a window's ends in days -> precision: a day, up to two weeks, up to two months, longer.
WINDOW_PRECISION = ((1, "day"), (14, "week"), (62, "month"))
YEAR_PATTERN = r"(?:1[5-9]\d\d|20\d\d)"
DAY_SUFFIX = r"(?:st|nd|rd|th)?"
MIN_DATEPARSER_LENGTH, MAX_DATEPARSER_LENGTH = 4, 60

RULE_LABELS: dict[str, str] = {
    "date.iso": "an ISO date, 2024-10-23",
    "date.month_day_range": "days of one month, October 1-14",
    "date.month_day": "a month and day, October 23 (, 2024)",
    "date.day_month": "a day and month, 23 October (2024)",
    "date.part_month": "a part of a month or a range of parts, early to mid-October",
    "date.part_year": "a part of a year, late 2023",
    "date.part_relative": "a part of a relative period, the end of the year",
    "date.weeks_of_month": "numbered weeks of a month, the first two weeks of October",
    "date.half": "a half of a month or year, the second half of 2024",
    "date.season": "a season, summer 2024 / last winter",
    "date.month_year": "a month and year, August 2023",
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


class DateWordSchema(pa.DataFrameModel):
    """One row of date_words.csv: a word, what kind of date word it is, and its value."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=WORD_KINDS)
    value: Series[str]
    note: Series[str]

    class Config:
        strict = True


@dataclass(frozen=True)
class DateInterval:
    """A date expression resolved to a period:
    `DateInterval(0, 12, "on Wednesday", date(2024, 10, 23), date(2024, 10, 23), "day", "within")`."""

    start: int
    end: int
    text: str
    refers_from: date | None
    refers_to: date | None
    precision: str
    direction: str
    rule_id: str = ""


@dataclass(frozen=True)
class _Resolved:
    refers_from: date | None
    refers_to: date | None
    precision: str


_UNKNOWN = _Resolved(None, None, "unknown")


@dataclass(frozen=True)
class _Words:
    by_kind: dict[str, dict[str, str]]

    def of(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})

    def pattern(self, *kinds: str) -> str:
        words = sorted({word for kind in kinds for word in self.of(kind)}, key=lambda w: (-len(w), w))
        return "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words) + ")" if words else "(?!)"


@lru_cache(maxsize=4)
def _words() -> _Words:
    rows = load_lexicon("date_words.csv", DateWordSchema)
    by_kind: dict[str, dict[str, str]] = {}
    for row in rows.itertuples():
        by_kind.setdefault(row.kind, {})[re.sub(r"\s+", " ", row.word.strip().lower())] = row.value.strip()
    return _Words(by_kind)


def _lookup(words: _Words, kind: str, text: str | None) -> str | None:
    if text is None:
        return None
    return words.of(kind).get(re.sub(r"\s+", " ", text.strip().lower().rstrip(".")))


def _month_of(words: _Words, text: str | None) -> int | None:
    value = _lookup(words, "month", text) or _lookup(words, "ambiguous", text)
    return int(value) if value else None


# --- calendar helpers -------------------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _shift(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=count)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * count)
    if unit == "month":
        return _add_months(day, count)
    return _add_months(day, 12 * count)


def _period(day: date, unit: str) -> tuple[date, date]:
    """The calendar period of a unit that contains `day`."""
    if unit == "day":
        return day, day
    if unit == "week":
        return _week_of(day)
    if unit == "fortnight":
        return day - timedelta(days=13), day
    if unit == "weekend":
        saturday = _week_of(day)[0] + timedelta(days=5)
        return saturday, saturday + timedelta(days=1)
    if unit == "month":
        return date(day.year, day.month, 1), _month_end(day.year, day.month)
    return date(day.year, 1, 1), date(day.year, 12, 31)


UNIT_PRECISION = {
    "day": "day", "week": "week", "weekend": "week", "fortnight": "week", "month": "month", "year": "year",
}


def _span_precision(start: date, end: date, floor: str = "day") -> str:
    """Precision of a window from its length, never finer than `floor`."""
    days = (end - start).days
    by_length = next((precision for limit, precision in WINDOW_PRECISION if days <= limit), "year")
    return max(by_length, floor, key=PRECISION_ORDER.index)


def _year_for_month(month: int, day: int | None, published: date, tense: str) -> int:
    """Year of a month (and day) named without one, by tense: latest not after / first not before / nearest."""
    year = published.year
    probe = (month, day or 1)
    if tense == "nearest":
        candidates = [y for y in (year - 1, year, year + 1)]
        return min(candidates, key=lambda y: (abs((_safe_date(y, month, day or 15) - published).days), y))
    if tense == "future":
        return year + 1 if probe < (published.month, published.day if day else 1) else year
    if day is None:
        return year - 1 if month > published.month else year
    return year - 1 if probe > (published.month, published.day) else year


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


# --- rules ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    published: date | None
    tense: str
    words: _Words


Handler = Callable[[re.Match, _Context], "_Resolved | None"]


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    pattern: re.Pattern
    handler: Handler
    capitalised: tuple[str, ...]  # groups that must start with a capital letter (month and weekday names)


def _iso(m: re.Match, ctx: _Context) -> _Resolved | None:
    day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _Resolved(day, day, "day")


def _year_of_month(m: re.Match, month: int, day: int | None, ctx: _Context) -> int | None:
    """The year the text gives, else the one the publication date implies ("in October" in a past-tense story
    published in January is last October); None when neither is known."""
    if m["y"]:
        return int(m["y"])
    if ctx.published is None:
        return None
    return _year_for_month(month, day, ctx.published, ctx.tense)


def _month_day(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_of(ctx.words, m["m"])
    first, last = int(m["d"]), int(m.groupdict().get("d2") or m["d"])
    if month is None:
        return None
    year = _year_of_month(m, month, first, ctx)
    if year is None:
        return _UNKNOWN
    start, end = date(year, month, first), date(year, month, last)
    if start > end:
        return None
    return _Resolved(start, end, "day" if start == end else _span_precision(start, end))


def _part_month(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_of(ctx.words, m["m"])
    first_part = _lookup(ctx.words, "part", m["p1"])
    last_part = _lookup(ctx.words, "part", m["p2"]) or first_part
    if month is None or first_part is None or last_part is None:
        return None
    year = _year_of_month(m, month, MONTH_THIRDS[int(first_part)][0], ctx)
    if year is None:
        return _UNKNOWN
    start = date(year, month, MONTH_THIRDS[int(first_part)][0])
    end = _safe_date(year, month, MONTH_THIRDS[int(last_part)][1])
    if start > end:
        return None
    return _Resolved(start, end, "part_of_month")


def _part_year(m: re.Match, ctx: _Context) -> _Resolved | None:
    first_part = _lookup(ctx.words, "part", m["p1"])
    last_part = _lookup(ctx.words, "part", m["p2"]) or first_part
    if first_part is None or last_part is None:
        return None
    year = int(m["y"])
    start = date(year, YEAR_THIRDS[int(first_part)][0], 1)
    end = _month_end(year, YEAR_THIRDS[int(last_part)][1])
    return _Resolved(start, end, "year") if start <= end else None


def _relative_base(m: re.Match, ctx: _Context) -> tuple[date, date, str] | None:
    """The calendar period named by "this/last/next <unit>" (group off, unit)."""
    unit = _lookup(ctx.words, "unit", m["unit"])
    offset = _lookup(ctx.words, "offset", m["off"])
    if unit is None or offset is None or ctx.published is None:
        return None
    start, end = _period(_shift(ctx.published, unit, int(offset)), unit)
    return start, end, unit


def _part_relative(m: re.Match, ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return _UNKNOWN
    base = _relative_base(m, ctx)
    part = _lookup(ctx.words, "part", m["p1"])
    if base is None or part is None:
        return None
    start, end, unit = base
    if unit == "month":
        first, last = MONTH_THIRDS[int(part)]
        return _Resolved(_safe_date(start.year, start.month, first), _safe_date(start.year, start.month, last),
                         "part_of_month")
    if unit == "year":
        first, last = YEAR_THIRDS[int(part)]
        return _Resolved(date(start.year, first, 1), _month_end(start.year, last), "year")
    return _Resolved(start, end, UNIT_PRECISION.get(unit, "week"))


def _weeks_of_month(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_of(ctx.words, m["m"])
    if month is None:
        return None
    year = _year_of_month(m, month, None, ctx)
    if year is None:
        return _UNKNOWN
    count = _count(ctx, m["n"], default=1)
    last_day = calendar.monthrange(year, month)[1]
    if _lookup(ctx.words, "offset", m["ord"]) == "-1":
        start_day, end_day = last_day - 7 * count + 1, last_day
    else:
        ordinal = parse_number(m["ord"])
        if ordinal is None or ordinal != int(ordinal) or ordinal < 1:
            return None
        start_day = 7 * (int(ordinal) - 1) + 1
        end_day = start_day + 7 * count - 1
    if not 1 <= start_day <= end_day or start_day > last_day:
        return None
    start, end = date(year, month, start_day), date(year, month, min(end_day, last_day))
    return _Resolved(start, end, "week" if count == 1 else "part_of_month")


def _half(m: re.Match, ctx: _Context) -> _Resolved | None:
    ordinal = parse_number(m["ord"])
    if ordinal not in (1.0, 2.0):
        return None
    month = _month_of(ctx.words, m["m"]) if m["m"] else None
    if month is not None:
        year = int(m["y"]) if m["y"] else None
        if year is None:
            if ctx.published is None:
                return _UNKNOWN
            year = _year_for_month(month, None, ctx.published, ctx.tense)
        end = _month_end(year, month)
        if ordinal == 1:
            return _Resolved(date(year, month, 1), date(year, month, 15), "part_of_month")
        return _Resolved(date(year, month, 16), end, "part_of_month")
    year = int(m["yy"])
    return _Resolved(date(year, 1, 1) if ordinal == 1 else date(year, 7, 1),
                     date(year, 6, 30) if ordinal == 1 else date(year, 12, 31), "year")


def _season(m: re.Match, ctx: _Context) -> _Resolved | None:
    months = _lookup(ctx.words, "season", m["season"])
    if months is None:
        return None
    first, last = (int(part) for part in months.split("-"))
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return _UNKNOWN
    else:
        offset = int(_lookup(ctx.words, "offset", m["off"]) or 0)
        year = ctx.published.year + offset
        if offset == 0 and ctx.tense != "future" and date(year, first, 1) > ctx.published:
            year -= 1
    start = date(year, first, 1)
    end = _month_end(year + (1 if last < first else 0), last)
    return _Resolved(start, end, "year")


def _month_year(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_of(ctx.words, m["m"])
    if month is None:
        return None
    year = int(m["y"])
    return _Resolved(date(year, month, 1), _month_end(year, month), "month")


def _month_alone(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_of(ctx.words, m["m"])
    if month is None:
        return None
    if _lookup(ctx.words, "ambiguous", m["m"]) and not m["cue"]:
        return None  # "May" the modal verb or surname, "march" the verb
    if ctx.published is None:
        return _UNKNOWN
    year = _year_for_month(month, None, ctx.published, ctx.tense)
    return _Resolved(date(year, month, 1), _month_end(year, month), "month")


def _decade(m: re.Match, ctx: _Context) -> _Resolved | None:
    year = int(m["y"])
    return _Resolved(date(year, 1, 1), date(year + 9, 12, 31), "year")


def _year(m: re.Match, ctx: _Context) -> _Resolved | None:
    year = int(m["y"])
    if not m["cue"] and m["tail"] is None:
        return None  # a bare four-digit number mid-sentence may be a count; a year needs a cue or to end a clause
    return _Resolved(date(year, 1, 1), date(year, 12, 31), "year")


def _year_range(m: re.Match, ctx: _Context) -> _Resolved | None:
    first, raw_last = int(m["y"]), m["y2"]
    # "the 1950-53 war": a short second year shares the first one's century
    last = int(raw_last) if len(raw_last) == 4 else first // 100 * 100 + int(raw_last)
    if last <= first:
        return None
    return _Resolved(date(first, 1, 1), date(last, 12, 31), "year")


def _weekday(m: re.Match, ctx: _Context) -> _Resolved | None:
    weekday = _lookup(ctx.words, "weekday", m["wd"])
    if weekday is None:
        return None
    if ctx.published is None:
        return _UNKNOWN
    target = int(weekday)
    offset = _lookup(ctx.words, "offset", m["off"])
    today = ctx.published.weekday()
    if offset == "-1":
        day = ctx.published - timedelta(days=(today - target - 1) % 7 + 1)
    elif offset == "1":
        day = ctx.published + timedelta(days=(target - today - 1) % 7 + 1)
    elif offset == "0":
        day = _week_of(ctx.published)[0] + timedelta(days=target)
    elif ctx.tense == "future":
        day = ctx.published + timedelta(days=(target - today) % 7)
    elif ctx.tense == "nearest":
        back = ctx.published - timedelta(days=(today - target) % 7)
        ahead = ctx.published + timedelta(days=(target - today) % 7)
        day = back if (ctx.published - back) <= (ahead - ctx.published) else ahead
    else:
        day = ctx.published - timedelta(days=(today - target) % 7)
    return _Resolved(day, day, "day")


def _anchor(m: re.Match, ctx: _Context) -> _Resolved | None:
    offset = _lookup(ctx.words, "anchor", m["anchor"])
    if offset is None:
        return None
    if ctx.published is None:
        return _UNKNOWN
    day = ctx.published + timedelta(days=int(offset))
    return _Resolved(day, day, "day")


def _relative_period(m: re.Match, ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return _UNKNOWN
    base = _relative_base(m, ctx)
    if base is None:
        return None
    start, end, unit = base
    precision = UNIT_PRECISION.get(unit, "week")
    side = _lookup(ctx.words, "side", m["side"])
    if side is not None and start <= ctx.published <= end:
        # "earlier this month": from the period's start to publication; "later this week": the rest of it
        start, end = (start, ctx.published) if side == "-1" else (ctx.published, end)
        precision = {"month": "part_of_month", "year": "year"}.get(unit, "week")
    elif side is not None:
        return None
    return _Resolved(start, end, precision)


def _count(ctx: _Context, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    vague = _lookup(ctx.words, "count", raw)
    if vague is not None:
        return int(vague)
    if raw.strip().lower() in ("a", "an"):
        return 1
    value = parse_number(raw)
    if value is None or value != int(value) or not 1 <= value <= 1000:
        return 0
    return int(value)


def _ago(m: re.Match, ctx: _Context) -> _Resolved | None:
    unit = _lookup(ctx.words, "unit", m["unit"])
    count = _count(ctx, m["n"], default=1)
    if unit is None or count == 0:
        return None
    if ctx.published is None:
        return _UNKNOWN
    start, end = _period(_shift(ctx.published, unit, -count), unit)
    return _Resolved(start, end, UNIT_PRECISION.get(unit, "week"))


def _window(m: re.Match, ctx: _Context) -> _Resolved | None:
    unit = _lookup(ctx.words, "unit", m["unit"])
    direction_word = m["dir"].lower()
    forward = direction_word in ctx.words.of("forward")
    if unit is None or unit == "weekend":
        return None
    if direction_word in ctx.words.of("offset") and not m["the"] and not m["n"]:
        return None  # "next week" / "last month" are calendar periods, not windows
    plural = m["unit"].lower() != unit
    default = int(ctx.words.of("plural_default").get(unit, "1")) if plural else 1
    count = _count(ctx, m["n"], default)
    if count == 0:
        return None
    if ctx.published is None:
        return _UNKNOWN
    other = _shift(ctx.published, unit, count if forward else -count)
    start, end = (ctx.published, other) if forward else (other, ctx.published)
    return _Resolved(start, end, _span_precision(start, end))


def _month_pattern(words: _Words) -> str:
    """Month names; an abbreviation may carry a dot ("Oct. 23"), a full name may not (the dot ends the sentence)."""
    names = {**words.of("month"), **words.of("ambiguous")}
    abbreviations = {word for word in names if any(o != word and o.startswith(word) for o in names)}
    ordered = sorted(names, key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) + (r"\.?" if word in abbreviations else "") for word in ordered)


@lru_cache(maxsize=4)
def _rules() -> tuple[_Rule, ...]:
    w = _words()
    month = rf"(?P<m>{_month_pattern(w)})"
    weekday = rf"(?P<wd>{w.pattern('weekday')})"
    part = w.pattern("part")
    year = rf"(?P<y>{YEAR_PATTERN})"
    unit = rf"(?P<unit>{w.pattern('unit')})"
    offset = rf"(?P<off>{w.pattern('offset')})"
    dash = r"(?:-|–|—|to|through|and|or)"
    count = rf"(?P<n>{w.pattern('count')}|\d+|an?|[a-z]+(?:-[a-z]+)?)"
    ordinal = r"(?P<ord>[a-z]+|\d+(?:st|nd|rd|th))"
    parts = (
        rf"(?:between\s+|from\s+)?(?:the\s+)?(?P<p1>{part})(?:\s+of)?"
        rf"(?:\s*{dash}\s*(?:the\s+)?(?P<p2>{part})(?:\s+of)?)?"
    )
    year_after = rf"(?:,?\s+{year})?"
    cue_words = w.pattern("preposition", "direction", "offset", "part")
    specs: list[tuple[str, str, Handler, tuple[str, ...]]] = [
        ("date.iso", r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})", _iso, ()),
        ("date.month_day_range",
         rf"{month}\s+(?P<d>\d{{1,2}}){DAY_SUFFIX}\s*(?:-|–|to|through)\s*(?P<d2>\d{{1,2}}){DAY_SUFFIX}{year_after}",
         _month_day, ("m",)),
        ("date.month_day", rf"(?:{weekday},?\s+)?{month}\s+(?P<d>\d{{1,2}}){DAY_SUFFIX}(?:,?\s+{year})?",
         _month_day, ("m", "wd")),
        ("date.day_month",
         rf"(?:{weekday},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){DAY_SUFFIX}\s+(?:of\s+)?{month}(?:,?\s+{year})?",
         _month_day, ("m", "wd")),
        ("date.part_month", rf"{parts}[\s-]+{month}(?:,?\s+{year})?", _part_month, ("m",)),
        ("date.part_year", rf"{parts}[\s-]+{year}", _part_year, ()),
        ("date.part_relative", rf"(?:the\s+)?(?P<p1>{part})\s+of\s+(?:the\s+)?{offset}?\s*{unit}",
         _part_relative_or_this, ()),
        ("date.weeks_of_month", rf"(?:the\s+)?{ordinal}\s+(?:{count}\s+)?weeks?\s+of\s+{month}(?:,?\s+{year})?",
         _weeks_of_month, ("m",)),
        ("date.half", rf"(?:the\s+)?{ordinal}\s+half\s+of\s+(?:{month}{year_after}|(?P<yy>{YEAR_PATTERN}))",
         _half, ("m",)),
        ("date.season", rf"(?:{offset}\s+)?(?:the\s+)?(?P<season>{w.pattern('season')})(?:\s+of)?(?:\s+{year})?",
         _season_needs_anchor, ()),
        ("date.month_year", rf"{month}(?:\s+of)?,?\s+{year}", _month_year, ("m",)),
        ("date.month", rf"(?P<cue>\b{cue_words}\s+)?{month}", _month_alone, ("m",)),
        ("date.year_range",
         rf"(?:(?:from|between)\s+)?{year}\s*(?:-|–|to|through|and)\s*(?P<y2>{YEAR_PATTERN}|\d{{2}})(?![\d%])",
         _year_range, ()),
        ("date.decade", r"(?:the\s+)?(?P<y>1[5-9]\d0|20\d0)['’]?s", _decade, ()),
        ("date.year",
         rf"(?P<cue>\b{cue_words}\s+)?(?<![\d,./$£€])(?P<y>{YEAR_PATTERN})(?![\d%]|,\d)"
         rf"(?P<tail>(?=\s*[.,;:)]|\s*$))?",
         _year, ()),
        ("date.weekday", rf"(?:{offset}\s+)?{weekday}(?:\s+(?:{w.pattern('daypart')}))?", _weekday, ("wd",)),
        ("date.anchor", rf"(?P<anchor>{w.pattern('anchor')})", _anchor, ()),
        ("date.relative_period", rf"(?:(?P<side>{w.pattern('side')})\s+)?{offset}\s+{unit}", _relative_period, ()),
        ("date.ago", rf"{count}\s+{unit}\s+ago", _ago, ()),
        ("date.window",
         rf"(?:(?P<the>the)\s+)?(?P<dir>{w.pattern('forward', 'backward')})\s+(?:{count}\s+)?{unit}", _window, ()),
    ]
    return tuple(
        _Rule(rule_id, re.compile(rf"(?<![\w-]){pattern}(?![\w])", re.IGNORECASE), handler, capitalised)
        for rule_id, pattern, handler, capitalised in specs
    )


def _part_relative_or_this(m: re.Match, ctx: _Context) -> _Resolved | None:
    if m["off"] is None:
        # "the end of the year" = this year's
        patched = {"off": "this"}
        return _part_relative(_Patched(m, patched), ctx)
    return _part_relative(m, ctx)


def _season_needs_anchor(m: re.Match, ctx: _Context) -> _Resolved | None:
    if not m["y"] and not m["off"]:
        return None  # "summer" alone is too loose to date
    return _season(m, ctx)


class _Patched:
    """A match with some groups overridden (the default "this" of "the end of the year")."""

    def __init__(self, match: re.Match, groups: dict[str, str]) -> None:
        self._match, self._groups = match, groups

    def __getitem__(self, key: str) -> str | None:
        return self._groups[key] if key in self._groups else self._match[key]


# --- matching ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: _Rule
    match: re.Match


# Every date expression names a month, a weekday, a unit of time, a season, a part of the day, a day relative to
# today or a number: a sentence with none of them cannot hold one, so the rule patterns need not run on it.
_TRIGGER_KINDS = ("month", "ambiguous", "weekday", "anchor", "unit", "season", "daypart")


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    return re.compile(rf"\d|\b{_words().pattern(*_TRIGGER_KINDS)}", re.IGNORECASE)


def _candidates(text: str, words: _Words) -> list[_Candidate]:
    found = []
    for order, rule in enumerate(_rules()):
        for match in rule.pattern.finditer(text):
            if any(match[group] and not match[group][:1].isupper() for group in rule.capitalised):
                continue
            start = match.start()
            if "p2" in rule.pattern.groupindex and match["p2"] is None:
                # "between late September" only opens a range; the opener belongs to the range, not the date
                opener = _RANGE_OPEN_WORD.match(text, start)
                start = opener.end() if opener else start
            if "cue" in rule.pattern.groupindex and match["cue"]:
                cue = match["cue"].strip().lower()
                if words.of("preposition").get(cue) != "span":
                    start = match.start("cue") + len(match["cue"])
            found.append(_Candidate(start, match.end(), order, rule, match))
    return found


def _select(candidates: list[tuple[_Candidate, _Resolved]]) -> list[tuple[_Candidate, _Resolved]]:
    """Longest spans first, then earlier rules; keep those that overlap nothing already kept."""
    kept: list[tuple[_Candidate, _Resolved]] = []
    for entry in sorted(candidates, key=lambda e: (-(e[0].end - e[0].start), e[0].order, e[0].start)):
        candidate = entry[0]
        if all(candidate.end <= other.start or candidate.start >= other.end for other, _ in kept):
            kept.append(entry)
    return sorted(kept, key=lambda e: (e[0].start, e[0].end))


_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*$", re.IGNORECASE)
_RANGE_OPEN_WORD = re.compile(r"(?:between|from)\s+", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\b(?:between|from)\s+)$", re.IGNORECASE)


def _resolve(candidate: _Candidate, ctx: _Context) -> _Resolved | None:
    try:
        return candidate.rule.handler(candidate.match, ctx)
    except (ValueError, OverflowError, KeyError, TypeError):
        return None  # an impossible calendar date ("February 30") is not a date


def find_dates(text: str, published: date | None, *, tense: str = "past") -> list[DateInterval]:
    """Every date expression in `text`, resolved against `published`, sorted by start and non-overlapping.

    >>> [(d.text, str(d.refers_from)) for d in find_dates("said on Wednesday", date(2024, 10, 23))]
    [('on Wednesday', '2024-10-23')]
    """
    if not isinstance(text, str) or not text:
        return []
    words = _words()
    if not _trigger().search(text):
        return []
    ctx = _Context(published, "future" if tense == "future" else "past", words)
    resolved = [(candidate, _resolve(candidate, ctx)) for candidate in _candidates(text, words)]
    intervals = [
        _with_direction(text, candidate, result, ctx)
        for candidate, result in _select([(c, r) for c, r in resolved if r is not None])
    ]
    return _join_ranges(text, _drop_overlaps(intervals))


def _drop_overlaps(intervals: list[DateInterval]) -> list[DateInterval]:
    kept: list[DateInterval] = []
    for interval in intervals:
        if kept and interval.start < kept[-1].end:
            continue
        kept.append(interval)
    return kept


def _with_direction(text: str, candidate: _Candidate, resolved: _Resolved, ctx: _Context) -> DateInterval:
    """Widen the span over a leading direction word or preposition and apply its direction."""
    words = ctx.words
    before = text[max(0, candidate.start - 30) : candidate.start]
    direction_words = words.pattern("direction")
    span_words = "|".join(re.escape(word) for word, use in sorted(words.of("preposition").items()) if use == "span")
    lead = re.search(rf"(?<![\w-])(?P<word>{direction_words}|{span_words or '(?!)'})\s+$", before, re.IGNORECASE)
    start = candidate.start
    kind = None
    if lead:
        start = candidate.start - len(before) + lead.start()
        kind = _lookup(words, "direction", lead["word"])
    if kind is None:
        return _interval(text, start, candidate, resolved, "within")
    if kind in ("before", "before_start") and ctx.published is not None:
        # deadlines: the occurrence nearest publication ("by December" in October is this December)
        resolved = _resolve(candidate, replace(ctx, tense="nearest")) or resolved
    if kind in ("after", "after_end") and ctx.published is not None:
        resolved = _resolve(candidate, replace(ctx, tense="past")) or resolved
    return _interval(text, start, candidate, _directed(resolved, kind, ctx.published),
                     "after" if kind.startswith("after") else "before")


def _directed(resolved: _Resolved, kind: str, published: date | None) -> _Resolved:
    if resolved.refers_from is None or resolved.refers_to is None:
        return resolved
    if kind in ("after", "after_end"):
        start = resolved.refers_from if kind == "after" else resolved.refers_to + timedelta(days=1)
        end = published if published is not None and published >= start else None
        return _Resolved(start, end, resolved.precision)
    end = resolved.refers_to if kind == "before" else resolved.refers_from - timedelta(days=1)
    start = published if published is not None and published <= end else None
    return _Resolved(start, end, resolved.precision)


def _interval(text: str, start: int, candidate: _Candidate, resolved: _Resolved, direction: str) -> DateInterval:
    return DateInterval(
        start, candidate.end, text[start : candidate.end], resolved.refers_from, resolved.refers_to,
        resolved.precision, direction, candidate.rule.rule_id,
    )


def _join_ranges(text: str, intervals: list[DateInterval]) -> list[DateInterval]:
    """Join "between A and B" / "from A to B" / "A to B" into one interval from A's start to B's end."""
    joined: list[DateInterval] = []
    for interval in intervals:
        previous = joined[-1] if joined else None
        if previous is not None and _joinable(text, previous, interval):
            window = text[max(0, previous.start - 10) : previous.start]
            opener = _RANGE_OPEN.search(window)
            start = previous.start - len(window) + opener.start() if opener else previous.start
            precision = max(previous.precision, interval.precision, key=PRECISION_ORDER.index)
            precision = _span_precision(previous.refers_from, interval.refers_to, precision)
            joined[-1] = DateInterval(
                start, interval.end, text[start : interval.end], previous.refers_from, interval.refers_to,
                precision, "within", "date.range",
            )
            continue
        joined.append(interval)
    return joined


def _joinable(text: str, left: DateInterval, right: DateInterval) -> bool:
    if left.direction != "within" or right.direction != "within":
        return False
    if left.refers_from is None or right.refers_to is None or left.refers_from > right.refers_to:
        return False
    between = text[left.end : right.start]
    joiner = _RANGE_JOIN.match(between)
    if joiner is None or joiner.end() != len(between):
        return False
    opener = _RANGE_OPEN.search(text[max(0, left.start - 10) : left.start])
    return opener is not None or between.strip().lower() not in ("and", "")


def normalise_date(expression: str, published: date | None, *, tense: str = "past") -> DateInterval | None:
    """The longest date expression in `expression`, resolved against `published`; None when there is none.

    >>> d = normalise_date("early to mid October", date(2024, 10, 23)); (str(d.refers_from), str(d.refers_to))
    ('2024-10-01', '2024-10-20')
    """
    if not isinstance(expression, str):
        return None
    found = find_dates(expression, published, tense=tense)
    if found:
        return max(found, key=lambda interval: (interval.end - interval.start, -interval.start))
    return _dateparser_fallback(expression, published, tense)


def _dateparser_fallback(expression: str, published: date | None, tense: str) -> DateInterval | None:
    """Absolute dates in formats the rules do not cover ("23/10/2024"), via dateparser, pinned to `published`."""
    stripped = expression.strip()
    if not (MIN_DATEPARSER_LENGTH <= len(stripped) <= MAX_DATEPARSER_LENGTH) or not re.search(r"\d", stripped):
        return None
    parsed = _dateparser(stripped, published, "future" if tense == "future" else "past")
    if parsed is None:
        return None
    day, period, parts = parsed
    if published is None and "year" not in parts:
        return None  # without a publication date a yearless date would be resolved against today: never guess
    if period == "year":
        start, end, precision = date(day.year, 1, 1), date(day.year, 12, 31), "year"
    elif period == "month":
        start, end, precision = date(day.year, day.month, 1), _month_end(day.year, day.month), "month"
    elif period == "week":
        (start, end), precision = _week_of(day), "week"
    else:
        start, end, precision = day, day, "day"
    offset = expression.index(stripped)
    return DateInterval(offset, offset + len(stripped), stripped, start, end, precision, "within", "date.dateparser")


def _dateparser(expression: str, published: date | None, tense: str) -> tuple[date, str, tuple[str, ...]] | None:
    from dateparser.date import DateDataParser

    base = datetime(published.year, published.month, published.day) if published else datetime(2000, 1, 1)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": tense,
        "RETURN_TIME_AS_PERIOD": True,
        "STRICT_PARSING": published is None,
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(expression)
    except Exception:  # noqa: BLE001 - a third-party fallback must never break extraction
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day", tuple(getattr(data, "parts", ()) or ())
