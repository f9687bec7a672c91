"""Tests for the date parser: expressions resolved against a publication date into from/to, precision, direction."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reconcile.kernels.temporal import DateInterval, find_dates, normalise_date
from reconcile.vocab import DATE_DIRECTIONS, DATE_PRECISIONS

WED = date(2024, 10, 23)  # a Wednesday
JAN = date(2025, 1, 6)  # a Monday early in a year, so relative dates cross the year boundary
N = None

# expression, published, tense, refers_from, refers_to, precision, direction
EXPRESSIONS = [
    pytest.param("on Wednesday", WED, "past", "2024-10-23", "2024-10-23", "day", "within", id="weekday-same-day"),
    pytest.param("Tuesday", WED, "past", "2024-10-22", "2024-10-22", "day", "within", id="weekday-past"),
    pytest.param("on Friday", WED, "past", "2024-10-18", "2024-10-18", "day", "within", id="weekday-last-friday"),
    pytest.param("on Friday", WED, "future", "2024-10-25", "2024-10-25", "day", "within", id="weekday-future"),
    pytest.param("last Wednesday", WED, "past", "2024-10-16", "2024-10-16", "day", "within", id="last-weekday"),
    pytest.param("next Monday", WED, "past", "2024-10-28", "2024-10-28", "day", "within", id="next-weekday"),
    pytest.param("Sunday night", JAN, "past", "2025-01-05", "2025-01-05", "day", "within", id="weekday-daypart"),
    pytest.param("yesterday", WED, "past", "2024-10-22", "2024-10-22", "day", "within", id="yesterday"),
    pytest.param("today", JAN, "past", "2025-01-06", "2025-01-06", "day", "within", id="today"),
    pytest.param("last week", WED, "past", "2024-10-14", "2024-10-20", "week", "within", id="last-week"),
    pytest.param("last week", JAN, "past", "2024-12-30", "2025-01-05", "week", "within", id="last-week-new-year"),
    pytest.param("this week", WED, "past", "2024-10-21", "2024-10-27", "week", "within", id="this-week"),
    pytest.param("next week", WED, "past", "2024-10-28", "2024-11-03", "week", "within", id="next-week"),
    pytest.param("last month", JAN, "past", "2024-12-01", "2024-12-31", "month", "within", id="last-month-new-year"),
    pytest.param("this month", WED, "past", "2024-10-01", "2024-10-31", "month", "within", id="this-month"),
    pytest.param("earlier this month", WED, "past", "2024-10-01", "2024-10-23", "part_of_month", "within",
                 id="earlier-this-month"),
    pytest.param("later this week", WED, "past", "2024-10-23", "2024-10-27", "week", "within", id="later-this-week"),
    pytest.param("next month", WED, "past", "2024-11-01", "2024-11-30", "month", "within", id="next-month"),
    pytest.param("last year", WED, "past", "2023-01-01", "2023-12-31", "year", "within", id="last-year"),
    pytest.param("in July last year", WED, "past", "2023-07-01", "2023-07-31", "month", "within", id="a-month-last-year"),
    pytest.param("March of next year", WED, "future", "2025-03-01", "2025-03-31", "month", "within", id="a-month-of-next-year"),
    pytest.param("this year", JAN, "past", "2025-01-01", "2025-12-31", "year", "within", id="this-year"),
    pytest.param("between early and mid-October", WED, "past", "2024-10-01", "2024-10-20", "part_of_month", "within",
                 id="between-early-and-mid"),
    pytest.param("early to mid October", WED, "past", "2024-10-01", "2024-10-20", "part_of_month", "within",
                 id="early-to-mid"),
    pytest.param("late February", WED, "past", "2024-02-21", "2024-02-29", "part_of_month", "within",
                 id="late-leap-february"),
    pytest.param("mid-December", JAN, "past", "2024-12-11", "2024-12-20", "part_of_month", "within",
                 id="mid-month-previous-year"),
    pytest.param("the first two weeks of October", WED, "past", "2024-10-01", "2024-10-14", "part_of_month",
                 "within", id="first-two-weeks"),
    pytest.param("the last week of June", WED, "past", "2024-06-24", "2024-06-30", "week", "within",
                 id="last-week-of-month"),
    pytest.param("between late September and early October", WED, "past", "2024-09-21", "2024-10-10", "month",
                 "within", id="range-across-months"),
    pytest.param("late 2023", WED, "past", "2023-09-01", "2023-12-31", "year", "within", id="late-year"),
    pytest.param("in October", WED, "past", "2024-10-01", "2024-10-31", "month", "within", id="month-current"),
    pytest.param("in November", WED, "past", "2023-11-01", "2023-11-30", "month", "within", id="month-after-pub"),
    pytest.param("in November", WED, "future", "2024-11-01", "2024-11-30", "month", "within", id="month-future"),
    pytest.param("in June", JAN, "past", "2024-06-01", "2024-06-30", "month", "within", id="june-previous-year"),
    pytest.param("October 23, 2024", N, "past", "2024-10-23", "2024-10-23", "day", "within", id="us-date"),
    pytest.param("23 October 2024", N, "past", "2024-10-23", "2024-10-23", "day", "within", id="uk-date"),
    pytest.param("2024-10-23", N, "past", "2024-10-23", "2024-10-23", "day", "within", id="iso-date"),
    pytest.param("Aug. 4", WED, "past", "2024-08-04", "2024-08-04", "day", "within", id="abbreviated-month"),
    pytest.param("in 2023", N, "past", "2023-01-01", "2023-12-31", "year", "within", id="year"),
    pytest.param("the 1950-53 war", N, "past", "1950-01-01", "1953-12-31", "year", "within", id="year-range"),
    pytest.param("summer 2022", N, "past", "2022-06-01", "2022-08-31", "year", "within", id="season"),
    pytest.param("since August 2023", WED, "past", "2023-08-01", "2024-10-23", "month", "after", id="since-month-year"),
    pytest.param("since August", WED, "past", "2024-08-01", "2024-10-23", "month", "after", id="since-month"),
    pytest.param("since Monday", WED, "past", "2024-10-21", "2024-10-23", "day", "after", id="since-weekday"),
    pytest.param("by December", WED, "past", "2024-10-23", "2024-12-31", "month", "before", id="by-month"),
    pytest.param("by the end of the year", WED, "past", "2024-10-23", "2024-12-31", "year", "before",
                 id="by-end-of-year"),
    pytest.param("by the end of the month", WED, "past", "2024-10-23", "2024-10-31", "part_of_month", "before",
                 id="by-end-of-month"),
    pytest.param("before March", JAN, "past", "2025-01-06", "2025-02-28", "month", "before", id="before-month"),
    pytest.param("within the next several weeks", WED, "past", "2024-10-23", "2024-12-04", "month", "within",
                 id="next-several-weeks"),
    pytest.param("in the coming days", WED, "past", "2024-10-23", "2024-10-30", "week", "within", id="coming-days"),
    pytest.param("in the next week", WED, "past", "2024-10-23", "2024-10-30", "week", "within", id="in-the-next-week"),
    pytest.param("over the past three days", JAN, "past", "2025-01-03", "2025-01-06", "week", "within",
                 id="past-three-days"),
    pytest.param("in recent months", WED, "past", "2024-04-23", "2024-10-23", "year", "within", id="recent-months"),
    pytest.param("two weeks ago", WED, "past", "2024-10-07", "2024-10-13", "week", "within", id="weeks-ago"),
    pytest.param("from Monday to Wednesday", WED, "past", "2024-10-21", "2024-10-23", "week", "within",
                 id="weekday-range"),
    pytest.param("February 30, 2024", WED, "past", "2024-02-01", "2024-02-29", "month", "within",
                 id="impossible-day-falls-back-to-month"),
    pytest.param("on Wednesday", N, "past", N, N, "unknown", "within", id="relative-without-publication"),
    pytest.param("last week", N, "past", N, N, "unknown", "within", id="relative-week-without-publication"),
    pytest.param("since August 2023", N, "past", "2023-08-01", N, "month", "after", id="since-without-publication"),
    pytest.param("23/10/2024", N, "past", "2024-10-23", "2024-10-23", "day", "within", id="dateparser-fallback"),
    pytest.param("on the 31st", WED, "past", "2024-08-31", "2024-08-31", "day", "within",
                 id="day-alone-latest-month-that-has-it"),
    pytest.param("on the 19th", WED, "past", "2024-10-19", "2024-10-19", "day", "within", id="day-alone-this-month"),
    pytest.param("on October 7", WED, "past", "2024-10-07", "2024-10-07", "day", "within",
                 id="cue-word-does-not-shadow-the-day"),
]


@pytest.mark.parametrize("expression, published, tense, start, end, precision, direction", EXPRESSIONS)
def test_normalise_date(expression, published, tense, start, end, precision, direction):
    interval = normalise_date(expression, published, tense=tense)
    assert interval is not None
    got_from = interval.refers_from.isoformat() if interval.refers_from else None
    got_to = interval.refers_to.isoformat() if interval.refers_to else None
    assert (got_from, got_to) == (start, end)
    assert (interval.precision, interval.direction) == (precision, direction)


@pytest.mark.parametrize(
    "expression, year_hint, start",
    [
        pytest.param("against 650,000 on January 19", 2023, "2023-01-19", id="month-day-in-the-story-year"),
        pytest.param("on Tuesday", 2023, None, id="relative-stays-unknown"),
        pytest.param("on January 19", None, None, id="no-hint-no-year"),
    ],
)
def test_year_hint_for_an_undated_article(expression, year_hint, start):
    interval = normalise_date(expression, None, year_hint=year_hint)
    got = interval.refers_from.isoformat() if interval is not None and interval.refers_from else None
    assert got == start


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("the 20th century", id="ordinal-before-a-noun"),
        pytest.param("Theresa May said", id="may-surname"),
        pytest.param("they may march", id="modal-and-verb"),
        pytest.param("killed 2000 people", id="bare-number-not-year"),
        pytest.param("no date here", id="plain-words"),
    ],
)
def test_not_a_date(expression):
    assert normalise_date(expression, WED) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Officials said on Wednesday that between early and mid-October about 3,000 troops moved.",
            [("on Wednesday", "2024-10-23"), ("between early and mid-October", "2024-10-01")],
            id="wire-sentence",
        ),
        pytest.param(
            "The river crested Tuesday, days after rains that began in late September, and may recede by Friday.",
            [("Tuesday", "2024-10-22"), ("in late September", "2024-09-21"), ("by Friday", "2024-10-23")],
            id="flood-sentence",
        ),
        pytest.param(
            "Protests that began in 2022 have drawn crowds every week since last month.",
            [("in 2022", "2022-01-01"), ("since last month", "2024-09-01")],
            id="protest-sentence",
        ),
        pytest.param(
            "Police counted 1.1 million on March 7 – 1.28 million by evening.",
            [("on March 7", "2024-03-07")],
            id="a-day-range-needs-a-day-after-the-dash",
        ),
    ],
)
def test_find_dates_in_sentences(text, expected):
    found = find_dates(text, WED)
    assert [(d.text, d.refers_from.isoformat()) for d in found] == expected
    assert all(text[d.start : d.end] == d.text for d in found)


def _check(interval: DateInterval, text: str) -> None:
    assert 0 <= interval.start < interval.end <= len(text)
    assert text[interval.start : interval.end] == interval.text
    assert interval.precision in DATE_PRECISIONS
    assert interval.direction in DATE_DIRECTIONS
    if interval.refers_from is not None and interval.refers_to is not None:
        assert interval.refers_from <= interval.refers_to


WORDS = st.lists(
    st.sampled_from(
        ["on", "Wednesday", "last", "next", "this", "week", "month", "year", "early", "mid", "late", "-", "to",
         "and", "between", "October", "May", "2023", "1950", "53", "since", "by", "the", "end", "of", "in",
         "coming", "days", "several", "weeks", "ago", "two", "23", "31", "February", "30", ",", "first", "half"]
    ),
    max_size=12,
).map(" ".join)
# The calendar's ends (years 1 and 9999), where a week or a month after the day does not exist.
CALENDAR_ENDS = [date(1, 1, 1), date(1, 1, 3), date(1, 12, 31), date(9999, 1, 1), date(9999, 12, 25), date(9999, 12, 31)]
PUBLISHED = st.one_of(
    st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(CALENDAR_ENDS),
    st.dates(),
)


@settings(derandomize=True, deadline=None, max_examples=400)
@given(st.one_of(st.text(max_size=60), WORDS), PUBLISHED, st.sampled_from(["past", "future", "nearest", "odd"]))
@example("0week% 3,000 ", date(9999, 12, 31), "past")  # the week of the calendar's last day ends in year 10000
@example("by December 31", date(9999, 12, 31), "past")
@example("since January 1", date(1, 1, 1), "past")
@example("next week", date(9999, 12, 31), "past")
@example("last week", date(1, 1, 1), "past")
@example("December 31, 9999 and the day after", date(9999, 12, 31), "future")
def test_never_raises_and_from_not_after_to(text, published, tense):
    for interval in find_dates(text, published, tense=tense):
        _check(interval, text)
    single = normalise_date(text, published, tense=tense)
    if single is not None:
        assert single.precision in DATE_PRECISIONS
        if single.refers_from is not None and single.refers_to is not None:
            assert single.refers_from <= single.refers_to


def test_every_date_rule_has_a_readable_label():
    from reconcile.kernels.date_rule_ids import RULE_LABELS
    from reconcile.kernels.date_rules import rules

    # the two rule ids find_dates gives besides the table's: joined ranges and the dateparser fallback
    assert {rule.rule_id for rule in rules()} | {"date.range", "date.dateparser"} == set(RULE_LABELS)
    assert all(label.strip() for label in RULE_LABELS.values())


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        pytest.param("0week% 3,000 ", date(9999, 12, 31), id="week-after-the-last-day"),
        pytest.param("next week", date(9999, 12, 31), id="next-week-at-the-end"),
        pytest.param("last week", date(1, 1, 1), id="last-week-at-the-start"),
        pytest.param("by next month", date(9999, 12, 15), id="deadline-after-the-end"),
        pytest.param("after December 31, 9999", date(9999, 12, 31), id="day-after-the-end"),
        pytest.param("before January 1, 0001", date(1, 1, 1), id="day-before-the-start"),
    ],
)
def test_a_date_off_the_calendar_is_no_date(expression, published):
    interval = normalise_date(expression, published)
    # a period that would run past the calendar's ends is not resolved; what is resolved stays inside it
    if interval is not None and interval.refers_to is not None:
        assert date(1, 1, 1) <= interval.refers_to <= date(9999, 12, 31)
