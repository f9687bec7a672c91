"""Tests for the quantity parser: wording -> interval, qualifier, increment and role, on wire-copy phrasings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.kernels.quantity import ROLES, Quantity, find_quantities, parse_number, parse_quantity
from reconcile.vocab import QUALIFIERS

N = None
# phrase, low, high, qualifier, low_inclusive, high_inclusive, is_increment, role
PHRASES = [
    pytest.param("at least 3,000", 3000, N, "at_least", True, False, False, "count", id="at-least"),
    pytest.param("more than 12,000", 12000, N, "more_than", False, False, False, "count", id="more-than"),
    pytest.param("up to 10,000", N, 10000, "up_to", False, True, False, "count", id="up-to"),
    pytest.param("fewer than 500", N, 500, "less_than", False, False, False, "count", id="fewer-than"),
    pytest.param("about 3,000", 3000, 3000, "approx", True, True, False, "count", id="about"),
    pytest.param("the flood killed 212 people", 212, 212, "exact", True, True, False, "count", id="flood-exact"),
    pytest.param("around 40,000 protesters", 40000, 40000, "approx", True, True, False, "count", id="around-crowd"),
    pytest.param("some 1,200 rescuers", 1200, 1200, "approx", True, True, False, "count", id="some"),
    pytest.param("roughly 75 villages", 75, 75, "approx", True, True, False, "count", id="roughly"),
    pytest.param("nearly 900 homes", 900, 900, "approx", True, True, False, "count", id="nearly"),
    pytest.param("almost 60 miners", 60, 60, "approx", True, True, False, "count", id="almost"),
    pytest.param("an estimated 250,000 marchers", 250000, 250000, "approx", True, True, False, "count", id="estimated"),
    pytest.param("approximately 4,100 aftershocks", 4100, 4100, "approx", True, True, False, "count", id="approx"),
    pytest.param("close to 2,000 evacuees", 2000, 2000, "approx", True, True, False, "count", id="close-to"),
    pytest.param("no fewer than 30 bodies", 30, N, "at_least", True, False, False, "count", id="no-fewer-than"),
    pytest.param("a minimum of 18 deaths", 18, N, "at_least", True, False, False, "count", id="minimum-of"),
    pytest.param("over 100,000 demonstrators", 100000, N, "more_than", False, False, False, "count", id="over"),
    pytest.param("upwards of 5,000 volunteers", 5000, N, "more_than", False, False, False, "count", id="upwards"),
    pytest.param("in excess of 700 arrests", 700, N, "more_than", False, False, False, "count", id="in-excess"),
    pytest.param("as many as 80 missing", N, 80, "up_to", False, True, False, "count", id="as-many-as"),
    pytest.param("a maximum of 400 guests", N, 400, "up_to", False, True, False, "count", id="maximum-of"),
    pytest.param("less than 1,000 police", N, 1000, "less_than", False, False, False, "count", id="less-than"),
    pytest.param("under 50 survivors", N, 50, "less_than", False, False, False, "count", id="under"),
    pytest.param("between 11,000 and 12,000", 11000, 12000, "range", True, True, False, "count", id="between"),
    pytest.param("25,000 to 30,000 recruits", 25000, 30000, "range", True, True, False, "count", id="to-range"),
    pytest.param("10,000-12,000 marchers", 10000, 12000, "range", True, True, False, "count", id="hyphen-range"),
    pytest.param("10,000–12,000 marchers", 10000, 12000, "range", True, True, False, "count", id="en-dash-range"),
    pytest.param("from 200 to 300 houses", 200, 300, "range", True, True, False, "count", id="from-to"),
    pytest.param("between 2 and 3 million people", 2e6, 3e6, "range", True, True, False, "count", id="shared-scale"),
    pytest.param("two or three boats", 2, 3, "range", True, True, False, "count", id="or-range"),
    pytest.param("another 1,500 soldiers", 1500, 1500, "exact", True, True, True, "count", id="another"),
    pytest.param("an additional 2,000 firefighters", 2000, 2000, "exact", True, True, True, "count", id="additional"),
    pytest.param("a further 500 troops", 500, 500, "exact", True, True, True, "count", id="further"),
    pytest.param("at least another 40 dead", 40, N, "at_least", True, False, True, "count", id="at-least-another"),
    pytest.param("1,500 more medics", 1500, 1500, "exact", True, True, True, "count", id="postfix-more"),
    pytest.param("thousands of protesters", 2000, 9999, "vague", True, True, False, "count", id="thousands"),
    pytest.param("dozens of villagers", 24, 99, "vague", True, True, False, "count", id="dozens"),
    pytest.param("several hundred homes", 300, 999, "vague", True, True, False, "count", id="several-hundred"),
    pytest.param("hundreds were injured", 200, 999, "vague", True, True, False, "count", id="hundreds"),
    pytest.param("tens of thousands marched", 2e4, 99999, "vague", True, True, False, "count", id="tens-thousands"),
    pytest.param("hundreds of thousands fled", 2e5, 999999, "vague", True, True, False, "count", id="100s-thousands"),
    pytest.param("a handful of looters", 2, 9, "vague", True, True, False, "count", id="handful"),
    pytest.param("scores of casualties", 40, 199, "vague", True, True, False, "count", id="scores"),
    pytest.param("a sizable number of migrants", N, N, "vague", False, False, False, "count", id="sizable"),
    pytest.param("more than a dozen aftershocks", 12, N, "more_than", False, False, False, "count", id="more-dozen"),
    pytest.param("more than thousands", 2000, N, "more_than", False, False, False, "count", id="more-than-vague"),
    pytest.param("three thousand", 3000, 3000, "exact", True, True, False, "count", id="words-thousand"),
    pytest.param("twenty-five climbers", 25, 25, "exact", True, True, False, "count", id="hyphen-words"),
    pytest.param("three hundred and fifty", 350, 350, "exact", True, True, False, "count", id="british-and"),
    pytest.param("1.5 million refugees", 1.5e6, 1.5e6, "exact", True, True, False, "count", id="decimal-million"),
    pytest.param("12 thousand", 12000, 12000, "exact", True, True, False, "count", id="digits-thousand"),
    pytest.param("10k runners", 10000, 10000, "exact", True, True, False, "count", id="k-suffix"),
    pytest.param("a dozen boats", 12, 12, "exact", True, True, False, "count", id="a-dozen"),
    pytest.param("two dozen", 24, 24, "exact", True, True, False, "count", id="two-dozen"),
    pytest.param("half a million", 5e5, 5e5, "exact", True, True, False, "count", id="half-a-million"),
    pytest.param("two and a half million", 2.5e6, 2.5e6, "exact", True, True, False, "count", id="and-a-half"),
    pytest.param("a hundred", 100, 100, "exact", True, True, False, "count", id="a-hundred"),
    pytest.param("one million", 1e6, 1e6, "exact", True, True, False, "count", id="one-million"),
    pytest.param("12 000 people", 12000, 12000, "exact", True, True, False, "count", id="space-thousands"),
    pytest.param("200.000 people", 200000, 200000, "exact", True, True, False, "count", id="full-stop-thousands"),
    pytest.param("1.250.000 people", 1250000, 1250000, "exact", True, True, False, "count", id="full-stop-millions"),
    pytest.param("1,5 million people", 1500000, 1500000, "exact", True, True, False, "count", id="decimal-comma-before-a-scale"),
    pytest.param("10,000-plus", 10000, N, "at_least", True, False, False, "count", id="plus"),
    pytest.param("500 or more", 500, N, "at_least", True, False, False, "count", id="or-more"),
    pytest.param("3,000-odd", 3000, 3000, "approx", True, True, False, "count", id="odd"),
    pytest.param("in 2023", 2023, 2023, "exact", True, True, False, "year", id="year"),
    pytest.param("a 25-year-old man", 25, 25, "exact", True, True, False, "age", id="age"),
    pytest.param("nearly 3-year-old war", 3, 3, "approx", True, True, False, "age", id="age-approx"),
    pytest.param("aged 67", 67, 67, "exact", True, True, False, "age", id="aged"),
    pytest.param("five days", 5, 5, "exact", True, True, False, "duration", id="days"),
    pytest.param("two weeks", 2, 2, "exact", True, True, False, "duration", id="weeks"),
    pytest.param("a 10-day search", 10, 10, "exact", True, True, False, "duration", id="day-compound"),
    pytest.param("50% of the vote", 50, 50, "exact", True, True, False, "percent", id="percent-sign"),
    pytest.param("12 percent", 12, 12, "exact", True, True, False, "percent", id="percent-word"),
    pytest.param("$2 billion in aid", 2e9, 2e9, "exact", True, True, False, "money", id="dollars"),
    pytest.param("about $2.3bn", 2.3e9, 2.3e9, "approx", True, True, False, "money", id="money-approx"),
    pytest.param("4 million euros", 4e6, 4e6, "exact", True, True, False, "money", id="euros"),
    pytest.param("the 1950-53 war", 1950, 1953, "range", True, True, False, "year", id="year-range"),
    pytest.param("the 1990s", 1990, 1990, "exact", True, True, False, "year", id="decade"),
    pytest.param("a 600-mile front", 600, 600, "exact", True, True, False, "measure", id="miles"),
    pytest.param("a magnitude 6.8 quake", 6.8, 6.8, "exact", True, True, False, "measure", id="magnitude"),
    pytest.param("the 3rd brigade", 3, 3, "exact", True, True, False, "ordinal", id="ordinal-digits"),
    pytest.param("for the first time", 1, 1, "exact", True, True, False, "ordinal", id="ordinal-word"),
    pytest.param("on March 14", 14, 14, "exact", True, True, False, "date", id="day-of-month"),
    pytest.param("one million and 340,000", 1340000, 1340000, "exact", True, True, False, "count",
                 id="words-and-digits"),
    pytest.param("surged past 900", 900, N, "more_than", False, False, False, "count", id="past-is-more-than"),
    pytest.param("Thrity-four", 34, 34, "exact", True, True, False, "count", id="misspelt-tens-in-compound"),
    pytest.param("ninty", 90, 90, "exact", True, True, False, "count", id="misspelt-tens-alone"),
]


@pytest.mark.parametrize("phrase, low, high, qualifier, low_inc, high_inc, increment, role", PHRASES)
def test_parse_quantity(phrase, low, high, qualifier, low_inc, high_inc, increment, role):
    quantity = parse_quantity(phrase)
    assert quantity is not None
    assert (quantity.low, quantity.high) == (low, high)
    assert quantity.qualifier == qualifier
    assert (quantity.low_inclusive, quantity.high_inclusive) == (low_inc, high_inc)
    assert quantity.is_increment is increment
    assert quantity.role == role


@pytest.mark.parametrize(
    "phrase, span",
    [
        pytest.param("Officials said at least 3,000 troops crossed.", "at least 3,000", id="qualifier-in-span"),
        pytest.param("Police put the crowd at between 11,000 and 14,000.", "between 11,000 and 14,000", id="range"),
        pytest.param("Turnout rose to 50%.", "50%", id="percent-in-span"),
        pytest.param("The fund pledged about $2 billion.", "about $2 billion", id="currency-in-span"),
        pytest.param("Crews found another 14 bodies.", "another 14", id="increment-span"),
    ],
)
def test_span_covers_qualifier_words(phrase, span):
    quantity = parse_quantity(phrase)
    assert quantity is not None
    assert (quantity.text, phrase[quantity.start : quantity.end]) == (span, span)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Rescuers said on Tuesday that at least 212 people died after the 7.1-magnitude quake in 2023.",
            [("at least 212", "count"), ("7.1", "measure"), ("2023", "year")],
            id="quake",
        ),
        pytest.param(
            "A 25-year-old man was among some 40,000 marchers, up 12% on last year, police said.",
            [("25", "age"), ("some 40,000", "count"), ("12%", "percent")],
            id="protest",
        ),
        pytest.param(
            "The river rose for five days; another 1,500 residents fled, and $3m in aid arrived.",
            [("five", "duration"), ("another 1,500", "count"), ("$3m", "money")],
            id="flood",
        ),
        pytest.param(
            "One of the survivors said no one expected the 1950-53 style siege to last two weeks.",
            [("1950-53", "year"), ("two", "duration")],
            id="pronoun-one-skipped",
        ),
        pytest.param(
            "The G7 summit discussed F-16 jets and COVID-19 on 2024-10-23.",
            [("2024-10-23", "date")],
            id="identifiers-skipped",
        ),
        pytest.param(
            "Tens of thousands rallied on October 5, and one million signed.",
            [("Tens of thousands", "count"), ("5", "date"), ("one million", "count")],
            id="vague-and-words",
        ),
        pytest.param("No figures were given.", [], id="no-figures"),
        pytest.param(
            "On April 3 – 2.1 million people, and on April 9 – 1.9 million.",
            [("3", "date"), ("2.1 million", "count"), ("9", "date"), ("1.9 million", "count")],
            id="date-then-dash-is-no-range",
        ),
        pytest.param(
            "Two million and 300,000 in Lisbon marched.",
            [("Two million", "count"), ("300,000", "count")],
            id="second-figure-for-a-place-is-not-added",
        ),
        pytest.param("The tree fell and there were three of them.", [("three", "count")], id="no-fuzzy-tree"),
    ],
)
def test_find_quantities_roles(text, expected):
    found = find_quantities(text)
    assert [(q.text, q.role) for q in found] == expected
    assert all(text[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize(
    "phrase, value",
    [
        pytest.param("twenty-five", 25.0, id="words"),
        pytest.param("3,000", 3000.0, id="digits"),
        pytest.param("a dozen", 12.0, id="dozen"),
        pytest.param("at least 5", None, id="bounded-is-not-a-bare-number"),
        pytest.param("nothing here", None, id="no-number"),
    ],
)
def test_parse_number(phrase, value):
    assert parse_number(phrase) == value


def test_find_quantities_is_sorted_and_non_overlapping():
    text = "About 3,000 fled in 2023, another 1,500 in 2024, and thousands more were displaced for two weeks."
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert all(left.end <= right.start for left, right in zip(found, found[1:]))
    assert len(found) == 6


def _check(quantity: Quantity, text: str) -> None:
    assert 0 <= quantity.start < quantity.end <= len(text)
    assert text[quantity.start : quantity.end] == quantity.text
    assert quantity.qualifier in QUALIFIERS
    assert quantity.role in ROLES
    if quantity.low is not None and quantity.high is not None:
        assert quantity.low <= quantity.high


NEWSY = st.lists(
    st.sampled_from(
        ["at least", "more than", "about", "between", "and", "to", "-", "–", "another", "3,000", "12", "1950", "53",
         "thousands", "of", "one", "a", "dozen", "half", "million", "$", "%", "year", "old", "5k", "2.3bn", "or",
         "more", "plus", "twenty", "five", "October", "days", ",", ".", "G7", "hundred", "and a half"]
    ),
    max_size=14,
).map(" ".join)


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.one_of(st.text(max_size=80), NEWSY))
def test_find_quantities_never_raises_and_keeps_low_below_high(text):
    for quantity in find_quantities(text):
        _check(quantity, text)
    single = parse_quantity(text)
    if single is not None:
        _check(single, text)
