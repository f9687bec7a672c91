"""Kernel, dates: plain text + publication date -> DateInterval spans (from, to, precision, direction); no spaCy.

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

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from reconcile.kernels.date_rule_ids import RULE_LABELS
from reconcile.kernels.date_rules import Rule, rules
from reconcile.kernels.date_words import Context, DateWords, Resolved, date_words, gates, lookup
from reconcile.kernels.periods import PRECISION_ORDER, month_end, span_precision, week_of
from reconcile.kernels.phrases import alternation

MIN_DATEPARSER_LENGTH, MAX_DATEPARSER_LENGTH = 4, 60
# What `datetime.date` raises for a day that does not exist or lies outside years 1 to 9999.
OFF_THE_CALENDAR = (ValueError, OverflowError)


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

    @property
    def label(self) -> str:
        """The readable label of the date rule behind this interval ("" when none)."""
        return RULE_LABELS.get(self.rule_id, "")


# --- matching ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match


# Every date expression names a month, a weekday, a unit of time, a season, a part of the day, a day relative to
# today or a number: a sentence with none of them cannot hold one, so the rule patterns need not run on it.
_TRIGGER_KINDS = ("month", "ambiguous", "weekday", "anchor", "unit", "season", "daypart")


@lru_cache(maxsize=4)
def _trigger(words: DateWords) -> re.Pattern:
    return re.compile(rf"\d|\b{words.pattern(*_TRIGGER_KINDS)}", re.IGNORECASE)


def _candidates(text: str, words: DateWords) -> list[_Candidate]:
    found = []
    passed: dict[str, bool] = {}
    gate = gates()
    for order, rule in enumerate(rules()):
        for name in rule.requires:
            if name not in passed:
                passed[name] = gate[name].search(text) is not None
        if not all(passed[name] for name in rule.requires):
            continue
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


def _select(candidates: list[tuple[_Candidate, Resolved]]) -> list[tuple[_Candidate, Resolved]]:
    """Longest spans first, then earlier rules; keep those that overlap nothing already kept."""
    kept: list[tuple[_Candidate, Resolved]] = []
    # a cue word kept in a span ("on March") does not make it longer than the date it shadows ("March 7")
    for entry in sorted(candidates, key=lambda e: (-(e[0].end - _core_start(e[0])), e[0].order, e[0].start)):
        candidate = entry[0]
        if all(candidate.end <= other.start or candidate.start >= other.end for other, _ in kept):
            kept.append(entry)
    return sorted(kept, key=lambda e: (e[0].start, e[0].end))


def _core_start(candidate: _Candidate) -> int:
    match = candidate.match
    if "cue" in match.re.groupindex and match["cue"]:
        return max(candidate.start, match.start("cue") + len(match["cue"]))
    return candidate.start


_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*$", re.IGNORECASE)
_RANGE_OPEN_WORD = re.compile(r"(?:between|from)\s+", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\b(?:between|from)\s+)$", re.IGNORECASE)


def _resolve(candidate: _Candidate, ctx: Context) -> Resolved | None:
    try:
        return candidate.rule.handler(candidate.match, ctx)
    except (*OFF_THE_CALENDAR, KeyError, TypeError):
        return None  # an impossible calendar date ("February 30", a day after December 31, 9999) is not a date


def find_dates(text: str, published: date | None, *, tense: str = "past",
               year_hint: int | None = None) -> list[DateInterval]:
    """Every date expression in `text`, resolved against `published`, sorted by start and non-overlapping.

    Without a publication day, `year_hint` (the year of the articles an undated one is read with) gives the year
    of a month and day written without one ("against 650,000 on January 19"); relative expressions stay unknown.

    >>> [(d.text, str(d.refers_from)) for d in find_dates("said on Wednesday", date(2024, 10, 23))]
    [('on Wednesday', '2024-10-23')]
    """
    if not isinstance(text, str) or not text:
        return []
    words = date_words()
    if not _trigger(words).search(text):
        return []
    ctx = Context(published, "future" if tense == "future" else "past", words, year_hint)
    resolved = [(candidate, _resolve(candidate, ctx)) for candidate in _candidates(text, words)]
    intervals = []
    for candidate, result in _select([(c, r) for c, r in resolved if r is not None]):
        try:
            intervals.append(_with_direction(text, candidate, result, ctx))
        except OFF_THE_CALENDAR:
            continue  # "by next week" in the calendar's last week: a period past year 9999 is no date
    return _join_ranges(text, _drop_overlaps(intervals))


def _drop_overlaps(intervals: list[DateInterval]) -> list[DateInterval]:
    kept: list[DateInterval] = []
    for interval in intervals:
        if kept and interval.start < kept[-1].end:
            continue
        kept.append(interval)
    return kept


def _with_direction(text: str, candidate: _Candidate, resolved: Resolved, ctx: Context) -> DateInterval:
    """Widen the span over a leading direction word or preposition and apply its direction."""
    words = ctx.words
    before = text[max(0, candidate.start - 30) : candidate.start]
    lead = _lead_word(words).search(before)
    start = candidate.start
    kind = None
    if lead:
        start = candidate.start - len(before) + lead.start()
        kind = lookup(words, "direction", lead["word"])
    if kind is None:
        return _interval(text, start, candidate, resolved, "within")
    if kind in ("before", "before_start") and ctx.published is not None:
        # deadlines: the occurrence nearest publication ("by December" in October is this December)
        resolved = _resolve(candidate, replace(ctx, tense="nearest")) or resolved
    if kind in ("after", "after_end") and ctx.published is not None:
        resolved = _resolve(candidate, replace(ctx, tense="past")) or resolved
    return _interval(text, start, candidate, _directed(resolved, kind, ctx.published),
                     "after" if kind.startswith("after") else "before")


@lru_cache(maxsize=4)
def _lead_word(words: DateWords) -> re.Pattern:
    """A direction word ("since", "by") or a preposition kept in the span ("on", "within") just before a date."""
    span_words = alternation(word for word, use in words.of("preposition").items() if use == "span")
    return re.compile(rf"(?<![\w-])(?P<word>{words.pattern('direction')}|{span_words})\s+$", re.IGNORECASE)


def _directed(resolved: Resolved, kind: str, published: date | None) -> Resolved:
    if resolved.refers_from is None or resolved.refers_to is None:
        return resolved
    if kind in ("after", "after_end"):
        start = resolved.refers_from if kind == "after" else resolved.refers_to + timedelta(days=1)
        end = published if published is not None and published >= start else None
        return Resolved(start, end, resolved.precision)
    end = resolved.refers_to if kind == "before" else resolved.refers_from - timedelta(days=1)
    start = published if published is not None and published <= end else None
    return Resolved(start, end, resolved.precision)


def _interval(text: str, start: int, candidate: _Candidate, resolved: Resolved, direction: str) -> DateInterval:
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
            precision = span_precision(previous.refers_from, interval.refers_to, precision)
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


def normalise_date(expression: str, published: date | None, *, tense: str = "past",
                   year_hint: int | None = None) -> DateInterval | None:
    """The longest date expression in `expression`, resolved against `published`; None when there is none.

    >>> d = normalise_date("early to mid October", date(2024, 10, 23)); (str(d.refers_from), str(d.refers_to))
    ('2024-10-01', '2024-10-20')
    """
    if not isinstance(expression, str):
        return None
    found = find_dates(expression, published, tense=tense, year_hint=year_hint)
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
    try:
        start, end, precision = _period_of(day, period)
    except OFF_THE_CALENDAR:
        return None  # the week of December 31, 9999 ends in year 10000: no date
    offset = expression.index(stripped)
    return DateInterval(offset, offset + len(stripped), stripped, start, end, precision, "within", "date.dateparser")


def _period_of(day: date, period: str) -> tuple[date, date, str]:
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year"
    if period == "month":
        return date(day.year, day.month, 1), month_end(day.year, day.month), "month"
    if period == "week":
        return (*week_of(day), "week")
    return day, day, "day"


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
