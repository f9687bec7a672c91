"""Property tests of the text parsers in reconcile/kernels over arbitrary unicode: they never raise, and what comes
back indexes the text it came from. Fixed seed (derandomized). The date parsers' properties, with publication dates
at the calendar's ends (years 1 and 9999), are in test_temporal.py."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.kernels.date_words import date_words, lookup, month_of
from reconcile.kernels.gazetteer import Place, city_country, fold, gazetteer, located_in, plain, resolve_place
from reconcile.kernels.numbers import Tokens, parse_number_at, quantity_lexicon
from reconcile.kernels.phrases import NAME_END, NAME_START, phrase_matcher, phrase_tokens, tokenise
from reconcile.kernels.quantity import RULE_LABELS, find_quantities, parse_number, parse_quantity
from reconcile.vocab import QUALIFIERS

PROPERTIES = settings(derandomize=True, deadline=None, max_examples=400)

# Words the parsers react to, so that generated texts reach their rules and not only their first test.
VOCABULARY = [
    "on", "Wednesday", "last", "next", "this", "week", "weeks", "month", "year", "early", "mid", "late", "-", "–",
    "to", "and", "between", "from", "October", "Oct.", "May", "December", "31", "30", "2023", "9999", "0001", "1950",
    "53", "since", "by", "until", "before", "after", "the", "end", "of", "in", "coming", "days", "several", "ago",
    "two", "first", "second", "half", "summer", "winter", "yesterday", "tomorrow", "1990s", "2024-10-23",
    "10/23/2024", "at", "least", "more", "than", "about", "up", "thousands", "3,000", "12 000", "1.5", "million",
    "twenty-five", "a", "dozen", "another", "%", "$", "10k", "people", "troops", "one", "or", "so", ",", ".", "?",
    "0week%", "\u00a0", "’s", "'s", "Ⅻ", "٣", "ſ", "İ", "\u0301", "\x00",
]  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join),
    st.lists(st.sampled_from(VOCABULARY), max_size=14).map("".join),
)
@PROPERTIES
@given(TEXTS)
def test_quantities_never_raise_and_index_the_text(text):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.qualifier in QUALIFIERS
        assert quantity.label == RULE_LABELS[quantity.rule_id]
        for bound in (quantity.low, quantity.high):
            assert bound is None or (math.isfinite(bound) and bound >= 0)
    parsed = parse_quantity(text)
    assert parsed is None or text[parsed.start : parsed.end] == parsed.text
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@PROPERTIES
@given(TEXTS)
def test_numbers_and_tokens_never_raise(text):
    tokens = Tokens(text)
    assert [token.text for token in tokens] == [text[token.start : token.end] for token in tokenise(text)]
    lex = quantity_lexicon()
    for at in range(len(tokens) + 1):
        number = parse_number_at(tokens, at, lex)
        if number is not None:
            assert at == number.first < number.end <= len(tokens)
    assert all(word for word in phrase_tokens(text))


@PROPERTIES
@given(TEXTS, st.lists(st.text(min_size=1, max_size=12), max_size=5), st.booleans(), st.sampled_from(
    ["exact", "whitespace", "tokens"]))
def test_phrase_matchers_never_raise(text, phrases, ignore_case, spacing):
    matcher = phrase_matcher(
        [(phrase, index) for index, phrase in enumerate(phrases)], ignore_case=ignore_case, spacing=spacing,
        apostrophes=True, before=NAME_START, after=NAME_END,
    )
    for start, end, value in matcher.find_all(text):
        assert 0 <= start <= end <= len(text)
        assert value in range(len(phrases))
    assert matcher.search(text) == bool(matcher.pattern is not None and matcher.pattern.search(text))
    found = matcher.match_at(text, 0)
    assert found is None or 0 <= found[0] <= len(text)


@PROPERTIES
@given(TEXTS)
def test_gazetteer_never_raises(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert isinstance(plain(text), str)
    place = resolve_place(text)
    assert place is None or place.name
    assert isinstance(city_country(text), str)
    assert located_in(text, fold(text).split()) in (True, False)
    places = gazetteer()
    assert places.is_sizeable(text) in (True, False)
    assert places.is_lexicon_spelling(text) in (True, False)
    within = places.city_within(text, Place(text, text, None))
    assert within is None or within.country == text


@PROPERTIES
@given(TEXTS, st.sampled_from(["month", "weekday", "unit", "offset", "part", "anchor"]))
def test_date_word_lookups_never_raise(text, kind):
    words = date_words()
    value = lookup(words, kind, text)
    assert value is None or isinstance(value, str)
    month = month_of(words, text)
    assert month is None or 1 <= month <= 12
