"""describe.py: the one wording of figures, dates, subjects and sources, scalar and vectorised alike."""

from __future__ import annotations

import pandas as pd
import pytest

import numpy as np

from reconcile.describe import (
    as_list,
    count_words,
    describe_values,
    format_date,
    format_number,
    format_numbers,
    format_value,
    finding_summary,
    join_names,
    name_key,
    name_keys,
    side_words,
    sides_sentence,
    source_label,
    split_list,
    subject_label,
    witness_note,
)
from reconcile.rules import load_lexicon

VALUES = [
    pytest.param(3000.0, 3000.0, "exact", "3,000", id="exact"),
    pytest.param(40.0, None, "at_least", "at least 40", id="at-least"),
    pytest.param(40.0, None, "more_than", "more than 40", id="more-than"),
    pytest.param(None, 200.0, "up_to", "up to 200", id="up-to"),
    pytest.param(None, 200.0, "less_than", "fewer than 200", id="less-than"),
    pytest.param(80.0, 100.0, "approx", "about 80–100", id="approx-range"),
    pytest.param(90.0, 90.0, "approx", "about 90", id="approx-point"),
    pytest.param(1500.0, 2500.0, "range", "1,500–2,500", id="range"),
    pytest.param(2.5, 2.5, "exact", "2.5", id="fraction"),
    pytest.param(12.0, None, None, "at least 12", id="open-above-without-qualifier"),
    pytest.param(None, 12.0, None, "up to 12", id="open-below-without-qualifier"),
    pytest.param(None, None, "exact", "", id="no-figure"),
    pytest.param(2000.0, 9999.0, "vague", "thousands", id="vague-thousands"),
    pytest.param(20000.0, 99999.0, "vague", "tens of thousands", id="vague-tens-of-thousands"),
    pytest.param(2_000_000.0, 999_999_999.0, "vague", "millions", id="vague-millions-never-999999999"),
    pytest.param(7.0, 70.0, "vague", "at least 7 (vague)", id="vague-unlisted-interval"),
    pytest.param(None, None, "vague", "an unstated number", id="vague-without-size"),
    pytest.param(40.0, float("inf"), "at_least", "at least 40", id="infinite-high-is-open"),
]


@pytest.mark.parametrize("low, high, qualifier, expected", VALUES)
def test_format_value(low, high, qualifier, expected):
    assert format_value(low, high, qualifier) == expected


@pytest.mark.parametrize("low, high, qualifier, expected", VALUES)
def test_vectorised_wording_is_the_scalar_wording(low, high, qualifier, expected):
    claims = pd.DataFrame({"kind": ["count", "count"], "value_low": [low, low], "value_high": [high, high],
                           "qualifier": [qualifier, qualifier], "status": [None, "killed"],
                           "is_increment": [False, True]})
    worded = describe_values(claims).tolist()
    assert worded[0] == (expected or "no figure")
    assert worded[1] == format_value(low, high, qualifier, increment=True, status="killed")


@pytest.mark.parametrize("increment, status, expected", [
    pytest.param(True, "sent", "another 1,500 sent", id="increment-and-status"),
    pytest.param("true", None, "another 1,500", id="increment-as-text"),
    pytest.param(False, "killed", "1,500 killed", id="status-only"),
    pytest.param(False, "other", "1,500", id="catch-all-status-unworded"),
])
def test_format_value_increment_and_status(increment, status, expected):
    assert format_value(1500.0, 1500.0, "exact", increment=increment, status=status) == expected


@pytest.mark.parametrize("value, expected", [
    pytest.param(12500.0, "12,500", id="thousands"),
    pytest.param(0.5, "0.5", id="fraction"),
    pytest.param(1.125, "1.12", id="two-decimals"),
    pytest.param(float("nan"), "", id="nan"),
    pytest.param(float("inf"), "", id="inf"),
    pytest.param("abc", "", id="not-a-number"),
])
def test_format_number(value, expected):
    assert format_number(value) == expected
    assert format_numbers(pd.Series([value, value], dtype="object")).tolist() == [expected, expected]


@pytest.mark.parametrize("value, precision, expected", [
    pytest.param("2024-10-23", None, "Oct 23, 2024", id="day"),
    pytest.param("2024-10-21", "week", "week of Oct 21, 2024", id="week"),
    pytest.param("2024-10-05", "part_of_month", "early October 2024", id="part-of-month"),
    pytest.param("2024-10-01", "month", "October 2024", id="month"),
    pytest.param("2024-01-01", "year", "2024", id="year"),
    pytest.param("9999-12-31", "day", "Dec 31, 9999", id="far-future"),
    pytest.param("not a date", None, "", id="not-a-date"),
    pytest.param(None, None, "", id="missing"),
])
def test_format_date(value, precision, expected):
    assert format_date(value, precision) == expected


@pytest.mark.parametrize("subject, names, expected", [
    pytest.param("flood_deaths", None, "flood deaths", id="no-actor"),
    pytest.param("statement:ana_folau", None, "statements by Ana Folau", id="statement-titled"),
    pytest.param("statement:ana_folau", {"ana_folau": "ANA Folau"}, "statements by ANA Folau", id="statement-named"),
    pytest.param("statement:institute_for_the_study_of_war", None,
                 "statements by Institute for the Study of War", id="small-words"),
    pytest.param("arrival:sindh_province", None, "arrival: Sindh Province", id="other-event"),
    pytest.param("statement", None, "statements", id="bare-statement"),
    pytest.param(None, None, "unknown", id="missing"),
])
def test_subject_label(subject, names, expected):
    assert subject_label(subject, names) == expected


def _actor_rows() -> list[tuple[str, str]]:
    actors = load_lexicon("actors.csv")
    rows = [(m, a) for m, a in zip(actors["modifier"], actors["actor"], strict=True) if name_key(m) == a]
    demonyms = load_lexicon("countries.csv").query("kind == 'demonym'")["alias"]
    return rows[:1] + [(alias, name_key(alias)) for alias in demonyms[:1]]


@pytest.mark.parametrize("modifier, actor", _actor_rows())
def test_subject_label_writes_the_actor_as_copy_does(modifier, actor):
    assert subject_label(f"{actor}_troops") == f"{modifier} troops"


def test_name_keys_match_the_extractor_keys():
    assert name_keys(["Kim Min-jun", "U.S. officials", None, "Kim Min-jun"]) == {
        "kim_min-jun": "Kim Min-jun", "u_s_officials": "U.S. officials"}


@pytest.mark.parametrize("n_outlets, n_sources, expected", [
    pytest.param(3, 1, "three outlets carry it: one independent source", id="one-witness"),
    pytest.param(12, 2, "12 outlets carry it: two independent sources", id="digits-above-ten"),
    pytest.param(1, 1, "", id="nothing-to-say"),
    pytest.param(2, 2, "", id="as-many-sources-as-outlets"),
])
def test_witness_note(n_outlets, n_sources, expected):
    assert witness_note(n_outlets, n_sources) == expected


@pytest.mark.parametrize("number, expected", [
    pytest.param(0, "no outlets", id="zero"), pytest.param(1, "one outlet", id="one"),
    pytest.param(11, "11 outlets", id="digits"),
])
def test_count_words(number, expected):
    assert count_words(number, "outlet") == expected


@pytest.mark.parametrize("names, expected", [
    pytest.param(["A"], "A", id="one"), pytest.param(["A", "B"], "A and B", id="two"),
    pytest.param(["A", None, "B", "C"], "A, B and C", id="three-skipping-missing"),
    pytest.param([], "", id="none"),
])
def test_join_names(names, expected):
    assert join_names(names) == expected


@pytest.mark.parametrize("speaker, org, expected", [
    pytest.param("Ana Folau", "Health Ministry", "Ana Folau (Health Ministry)", id="both"),
    pytest.param(None, "Red Cross", "Red Cross", id="org-only"),
    pytest.param("Ana Folau", None, "Ana Folau", id="speaker-only"),
    pytest.param(None, None, "unattributed", id="neither"),
])
def test_source_label(speaker, org, expected):
    assert source_label(speaker, org) == expected


@pytest.mark.parametrize("cell, expected", [
    pytest.param("a; b", ["a", "b"], id="joined"),
    pytest.param(["a", None, " b "], ["a", "b"], id="list"),
    pytest.param(None, [], id="missing"),
])
def test_split_list(cell, expected):
    assert split_list(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    pytest.param(["a", None, "b"], ["a", "b"], id="list"),
    pytest.param(np.array(["a", "b"], dtype=object), ["a", "b"], id="parquet-array"),
    pytest.param("A; B", ["A; B"], id="text-is-one-item-not-split"),
    pytest.param(None, [], id="missing"),
])
def test_as_list(cell, expected):
    assert as_list(cell) == expected


NIS = {"sources": ["NIS", "White House"], "value": "3,000 / about 3,000", "as_of": "2024-10-23", "n_outlets": 4,
       "n_independent": 2}
KYIV = {"sources": ["Kyiv"], "value": "more than 12,000", "as_of": "2024-10-23", "n_outlets": 1, "n_independent": 1}


@pytest.mark.parametrize("side, expected", [
    pytest.param(NIS, "NIS and White House: 3,000 / about 3,000 (Oct 23, 2024; four outlets carry it: two "
                      "independent sources)", id="camp-with-witnesses"),
    pytest.param(KYIV, "Kyiv: more than 12,000 (Oct 23, 2024)", id="one-source-one-outlet"),
    pytest.param({"sources": [], "value": "40"}, "an unattributed source: 40", id="no-source-no-date"),
    pytest.param({"sources": ["Pentagon"], "value": "Oct 22, 2024", "as_of": "2024-10-22"}, "Pentagon: Oct 22, 2024",
                 id="a-date-is-said-once"),
    pytest.param({"sources": ["Mayor"], "value": "90", "scope": "riverton", "as_of": "2025-03-05"},
                 "Mayor: 90 (riverton; Mar 5, 2025)", id="scope-noted"),
])
def test_side_words(side, expected):
    assert side_words(side) == expected


@pytest.mark.parametrize("relation, left, right, steps, expected", [
    pytest.param("conflict", KYIV, NIS, (), "Kyiv: more than 12,000 (Oct 23, 2024) against NIS and White House: 3,000 "
                 "/ about 3,000 (Oct 23, 2024; four outlets carry it: two independent sources)", id="camps"),
    pytest.param("revision", {"sources": ["Agency"]}, {"sources": ["Agency", "Ministry"]},
                 ["40 (Mar 3)", "65 (Mar 5)"], "Agency and Ministry: 40 (Mar 3) → 65 (Mar 5)", id="chain"),
    pytest.param("quote_variant", {"sources": ["Port"], "value": "“a”"}, {"sources": ["Port"], "value": "“b”"}, (),
                 "Port: “a” vs “b”", id="one-source-named-once"),
    pytest.param("scope_difference", {"sources": ["A"], "value": "9"}, {"sources": ["B"], "value": "5"}, (),
                 "A: 9 vs B: 5", id="two-sources"),
])
def test_sides_sentence(relation, left, right, steps, expected):
    assert sides_sentence(relation, left, right, steps) == expected


@pytest.mark.parametrize("relation, scope, expected", [
    pytest.param("conflict", None, "Incompatible on flood deaths: A: 9 against B: 5.", id="no-scope"),
    pytest.param("conflict", "riverton", "Incompatible on flood deaths (riverton): A: 9 against B: 5.",
                 id="shared-scope"),
    pytest.param("scope_difference", "riverton", "Incompatible on flood deaths: A: 9 (riverton) vs B: 5.",
                 id="scope-of-the-left-side"),
])
def test_finding_summary(relation, scope, expected):
    left, right = {"sources": ["A"], "value": "9"}, {"sources": ["B"], "value": "5"}
    assert finding_summary("incompatible", relation, "flood_deaths", scope, left, right) == expected
