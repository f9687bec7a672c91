"""Kernel, date rules: the table of date expressions ("early to mid-October", "last week", "two weeks ago") and how
each resolves against a publication date; the words come from date_words.csv, the rules below are mechanisms only.

`reconcile.kernels.temporal` runs the table over a text; each rule has a stable id and a readable label.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from reconcile.kernels.date_rule_ids import RULE_REQUIRES
from reconcile.kernels.date_words import UNKNOWN, Context, DateWords, Resolved, date_words_for, lookup, month_of
from reconcile.kernels.periods import (
    MONTH_THIRDS,
    UNIT_PRECISION,
    YEAR_THIRDS,
    month_end,
    period,
    safe_date,
    shift,
    span_precision,
    week_of,
    year_for_month,
)
from reconcile.kernels.phrases import alternation
from reconcile.kernels.quantity import parse_number
from reconcile.rules import user_lexicon_dirs

YEAR_PATTERN = r"(?:1[5-9]\d\d|20\d\d)"
DAY_SUFFIX = r"(?:st|nd|rd|th)?"



# --- rules ------------------------------------------------------------------------------------------------------


Handler = Callable[[re.Match, Context], "Resolved | None"]


@dataclass(frozen=True)
class Rule:
    """One date rule: its id (a key of date_rule_ids.RULE_LABELS), its compiled pattern and the handler that resolves a match."""

    rule_id: str
    pattern: re.Pattern
    handler: Handler
    capitalised: tuple[str, ...]  # groups that must start with a capital letter (month and weekday names)
    requires: tuple[str, ...] = ()  # gates (`date_words.gates`) a text must pass for this rule to match in it




def _ordinal_day(m: re.Match, ctx: Context) -> Resolved | None:
    """'on the 31st', 'against 41,000 on the 19th': that day of the latest month that has it, on or before
    publication (in future tense, on or after)."""
    if ctx.published is None:
        return None
    day = int(m["d"])
    year, month = ctx.published.year, ctx.published.month
    step = 1 if ctx.tense == "future" else -1
    for _ in range(13):
        if day <= month_end(year, month).day:
            found = date(year, month, day)
            if (found <= ctx.published) if step < 0 else (found >= ctx.published):
                return Resolved(found, found, "day")
        month += step
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return None


def _iso(m: re.Match, ctx: Context) -> Resolved | None:
    day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return Resolved(day, day, "day")


def _year_of_month(m: re.Match, month: int, day: int | None, ctx: Context) -> int | None:
    """The year the text gives, else the one the publication date implies ("in October" in a past-tense story
    published in January is last October); None when neither is known."""
    if m["y"]:
        return int(m["y"])
    if ctx.published is None:
        return ctx.year_hint if day is not None else None
    return year_for_month(month, day, ctx.published, ctx.tense)


def _month_day(m: re.Match, ctx: Context) -> Resolved | None:
    month = month_of(ctx.words, m["m"])
    first, last = int(m["d"]), int(m.groupdict().get("d2") or m["d"])
    if month is None:
        return None
    year = _year_of_month(m, month, first, ctx)
    if year is None:
        return UNKNOWN
    start, end = date(year, month, first), date(year, month, last)
    if start > end:
        return None
    return Resolved(start, end, "day" if start == end else span_precision(start, end))


def _part_month(m: re.Match, ctx: Context) -> Resolved | None:
    month = month_of(ctx.words, m["m"])
    first_part = lookup(ctx.words, "part", m["p1"])
    last_part = lookup(ctx.words, "part", m["p2"]) or first_part
    if month is None or first_part is None or last_part is None:
        return None
    year = _year_of_month(m, month, MONTH_THIRDS[int(first_part)][0], ctx)
    if year is None:
        return UNKNOWN
    start = date(year, month, MONTH_THIRDS[int(first_part)][0])
    end = safe_date(year, month, MONTH_THIRDS[int(last_part)][1])
    if start > end:
        return None
    return Resolved(start, end, "part_of_month")


def _part_year(m: re.Match, ctx: Context) -> Resolved | None:
    first_part = lookup(ctx.words, "part", m["p1"])
    last_part = lookup(ctx.words, "part", m["p2"]) or first_part
    if first_part is None or last_part is None:
        return None
    year = int(m["y"])
    start = date(year, YEAR_THIRDS[int(first_part)][0], 1)
    end = month_end(year, YEAR_THIRDS[int(last_part)][1])
    return Resolved(start, end, "year") if start <= end else None


def _relative_base(m: re.Match, ctx: Context) -> tuple[date, date, str] | None:
    """The calendar period named by "this/last/next <unit>" (group off, unit)."""
    unit = lookup(ctx.words, "unit", m["unit"])
    offset = lookup(ctx.words, "offset", m["off"])
    if unit is None or offset is None or ctx.published is None:
        return None
    start, end = period(shift(ctx.published, unit, int(offset)), unit)
    return start, end, unit


def _part_relative(m: re.Match, ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return UNKNOWN
    base = _relative_base(m, ctx)
    part = lookup(ctx.words, "part", m["p1"])
    if base is None or part is None:
        return None
    start, end, unit = base
    if unit == "month":
        first, last = MONTH_THIRDS[int(part)]
        return Resolved(safe_date(start.year, start.month, first), safe_date(start.year, start.month, last),
                         "part_of_month")
    if unit == "year":
        first, last = YEAR_THIRDS[int(part)]
        return Resolved(date(start.year, first, 1), month_end(start.year, last), "year")
    return Resolved(start, end, UNIT_PRECISION.get(unit, "week"))


def _weeks_of_month(m: re.Match, ctx: Context) -> Resolved | None:
    month = month_of(ctx.words, m["m"])
    if month is None:
        return None
    year = _year_of_month(m, month, None, ctx)
    if year is None:
        return UNKNOWN
    count = _count(ctx, m["n"], default=1)
    last_day = calendar.monthrange(year, month)[1]
    if lookup(ctx.words, "offset", m["ord"]) == "-1":
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
    return Resolved(start, end, "week" if count == 1 else "part_of_month")


def _half(m: re.Match, ctx: Context) -> Resolved | None:
    ordinal = parse_number(m["ord"])
    if ordinal not in (1.0, 2.0):
        return None
    month = month_of(ctx.words, m["m"]) if m["m"] else None
    if month is not None:
        year = int(m["y"]) if m["y"] else None
        if year is None:
            if ctx.published is None:
                return UNKNOWN
            year = year_for_month(month, None, ctx.published, ctx.tense)
        end = month_end(year, month)
        if ordinal == 1:
            return Resolved(date(year, month, 1), date(year, month, 15), "part_of_month")
        return Resolved(date(year, month, 16), end, "part_of_month")
    year = int(m["yy"])
    return Resolved(date(year, 1, 1) if ordinal == 1 else date(year, 7, 1),
                     date(year, 6, 30) if ordinal == 1 else date(year, 12, 31), "year")


def _season(m: re.Match, ctx: Context) -> Resolved | None:
    months = lookup(ctx.words, "season", m["season"])
    if months is None:
        return None
    first, last = (int(part) for part in months.split("-"))
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return UNKNOWN
    else:
        offset = int(lookup(ctx.words, "offset", m["off"]) or 0)
        year = ctx.published.year + offset
        if offset == 0 and ctx.tense != "future" and date(year, first, 1) > ctx.published:
            year -= 1
    start = date(year, first, 1)
    end = month_end(year + (1 if last < first else 0), last)
    return Resolved(start, end, "year")


def _month_year(m: re.Match, ctx: Context) -> Resolved | None:
    month = month_of(ctx.words, m["m"])
    if month is None:
        return None
    year = int(m["y"])
    return Resolved(date(year, month, 1), month_end(year, month), "month")


def _month_relative_year(m: re.Match, ctx: Context) -> Resolved | None:
    """'in July last year', 'March of next year': that month of the year before, of or after publication."""
    month = month_of(ctx.words, m["m"])
    offset = lookup(ctx.words, "offset", m["off"])
    if month is None or offset is None:
        return None
    if ctx.published is None:
        return UNKNOWN
    year = ctx.published.year + int(offset)
    return Resolved(date(year, month, 1), month_end(year, month), "month")


def _month_alone(m: re.Match, ctx: Context) -> Resolved | None:
    month = month_of(ctx.words, m["m"])
    if month is None:
        return None
    if lookup(ctx.words, "ambiguous", m["m"]) and not m["cue"]:
        return None  # "May" the modal verb or surname, "march" the verb
    if ctx.published is None:
        return UNKNOWN
    year = year_for_month(month, None, ctx.published, ctx.tense)
    return Resolved(date(year, month, 1), month_end(year, month), "month")


def _decade(m: re.Match, ctx: Context) -> Resolved | None:
    year = int(m["y"])
    return Resolved(date(year, 1, 1), date(year + 9, 12, 31), "year")


def _year(m: re.Match, ctx: Context) -> Resolved | None:
    year = int(m["y"])
    if not m["cue"] and m["tail"] is None:
        return None  # a bare four-digit number mid-sentence may be a count; a year needs a cue or to end a clause
    return Resolved(date(year, 1, 1), date(year, 12, 31), "year")


def _year_range(m: re.Match, ctx: Context) -> Resolved | None:
    first, raw_last = int(m["y"]), m["y2"]
    # "the 1950-53 war": a short second year shares the first one's century
    last = int(raw_last) if len(raw_last) == 4 else first // 100 * 100 + int(raw_last)
    if last <= first:
        return None
    return Resolved(date(first, 1, 1), date(last, 12, 31), "year")


def _weekday(m: re.Match, ctx: Context) -> Resolved | None:
    weekday = lookup(ctx.words, "weekday", m["wd"])
    if weekday is None:
        return None
    if ctx.published is None:
        return UNKNOWN
    target = int(weekday)
    offset = lookup(ctx.words, "offset", m["off"])
    today = ctx.published.weekday()
    if offset == "-1":
        day = ctx.published - timedelta(days=(today - target - 1) % 7 + 1)
    elif offset == "1":
        day = ctx.published + timedelta(days=(target - today - 1) % 7 + 1)
    elif offset == "0":
        day = week_of(ctx.published)[0] + timedelta(days=target)
    elif ctx.tense == "future":
        day = ctx.published + timedelta(days=(target - today) % 7)
    elif ctx.tense == "nearest":
        back = ctx.published - timedelta(days=(today - target) % 7)
        ahead = ctx.published + timedelta(days=(target - today) % 7)
        day = back if (ctx.published - back) <= (ahead - ctx.published) else ahead
    else:
        day = ctx.published - timedelta(days=(today - target) % 7)
    return Resolved(day, day, "day")


def _anchor(m: re.Match, ctx: Context) -> Resolved | None:
    offset = lookup(ctx.words, "anchor", m["anchor"])
    if offset is None:
        return None
    if ctx.published is None:
        return UNKNOWN
    day = ctx.published + timedelta(days=int(offset))
    return Resolved(day, day, "day")


def _relative_period(m: re.Match, ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return UNKNOWN
    base = _relative_base(m, ctx)
    if base is None:
        return None
    start, end, unit = base
    precision = UNIT_PRECISION.get(unit, "week")
    side = lookup(ctx.words, "side", m["side"])
    if side is not None and start <= ctx.published <= end:
        # "earlier this month": from the period's start to publication; "later this week": the rest of it
        start, end = (start, ctx.published) if side == "-1" else (ctx.published, end)
        precision = {"month": "part_of_month", "year": "year"}.get(unit, "week")
    elif side is not None:
        return None
    return Resolved(start, end, precision)


def _count(ctx: Context, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    vague = lookup(ctx.words, "count", raw)
    if vague is not None:
        return int(vague)
    if raw.strip().lower() in ("a", "an"):
        return 1
    value = parse_number(raw)
    if value is None or value != int(value) or not 1 <= value <= 1000:
        return 0
    return int(value)


def _ago(m: re.Match, ctx: Context) -> Resolved | None:
    unit = lookup(ctx.words, "unit", m["unit"])
    count = _count(ctx, m["n"], default=1)
    if unit is None or count == 0:
        return None
    if ctx.published is None:
        return UNKNOWN
    start, end = period(shift(ctx.published, unit, -count), unit)
    return Resolved(start, end, UNIT_PRECISION.get(unit, "week"))


def _window(m: re.Match, ctx: Context) -> Resolved | None:
    unit = lookup(ctx.words, "unit", m["unit"])
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
        return UNKNOWN
    other = shift(ctx.published, unit, count if forward else -count)
    start, end = (ctx.published, other) if forward else (other, ctx.published)
    return Resolved(start, end, span_precision(start, end))


def _month_pattern(words: DateWords) -> str:
    """Month names; an abbreviation may carry a dot ("Oct. 23"), a full name may not (the dot ends the sentence)."""
    names = {**words.of("month"), **words.of("ambiguous")}
    abbreviations = {word for word in names if any(o != word and o.startswith(word) for o in names)}
    return alternation(names, dotted=abbreviations)


def rules() -> tuple[Rule, ...]:
    """The date rules in priority order (an earlier rule wins a tie between spans of one length)."""
    return _rules_for(user_lexicon_dirs())


@lru_cache(maxsize=4)
def _rules_for(dirs) -> tuple[Rule, ...]:
    w = date_words_for(dirs)
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
         rf"{month}\s+(?P<d>\d{{1,2}}){DAY_SUFFIX}\s*(?:-|–|to|through)\s*(?P<d2>\d{{1,2}}){DAY_SUFFIX}(?![.,]?\d)"
         rf"{year_after}",
         _month_day, ("m",)),
        ("date.month_day", rf"(?:{weekday},?\s+)?{month}\s+(?P<d>\d{{1,2}}){DAY_SUFFIX}(?:,?\s+{year})?",
         _month_day, ("m", "wd")),
        ("date.day_month",
         rf"(?:{weekday},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){DAY_SUFFIX}\s+(?:of\s+)?{month}(?:,?\s+{year})?",
         _month_day, ("m", "wd")),
        ("date.ordinal_day",
         r"(?<![\w-])the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)\]–—-]|$)|\s+(?:and|or|as|when|while|at|in|with)\b)",
         _ordinal_day, ()),
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
        ("date.month_relative_year", rf"{month}(?:\s+of)?\s+{offset}\s+year", _month_relative_year, ("m",)),
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
        Rule(
            rule_id, re.compile(rf"(?<![\w-]){pattern}(?![\w])", re.IGNORECASE), handler, capitalised,
            RULE_REQUIRES[rule_id],
        )
        for rule_id, pattern, handler, capitalised in specs
    )


def _part_relative_or_this(m: re.Match, ctx: Context) -> Resolved | None:
    if m["off"] is None:
        # "the end of the year" = this year's
        patched = {"off": "this"}
        return _part_relative(_Patched(m, patched), ctx)
    return _part_relative(m, ctx)


def _season_needs_anchor(m: re.Match, ctx: Context) -> Resolved | None:
    if not m["y"] and not m["off"]:
        return None  # "summer" alone is too loose to date
    return _season(m, ctx)


class _Patched:
    """A match with some groups overridden (the default "this" of "the end of the year")."""

    def __init__(self, match: re.Match, groups: dict[str, str]) -> None:
        self._match, self._groups = match, groups

    def __getitem__(self, key: str) -> str | None:
        return self._groups[key] if key in self._groups else self._match[key]
