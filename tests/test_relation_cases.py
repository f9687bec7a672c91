"""Relation ladder as a table: two claims built from keyword overrides -> the relation and rule that fire.

Every case is wire-copy style about events other than the seeds (floods, quakes, protests, evacuations).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.compare import classify_pairs, load_ladder
from reconcile.schema import ClaimSchema, PairSchema, columns_of

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(
    kind="count", subject="flood_deaths", status="killed", value_low=250.0, value_high=250.0, qualifier="exact",
    is_increment=False, source_org="Red Cross", source_country="International", published="2025-03-04",
    stated_on="2025-03-04", text="A sentence.", start=0, end=5,
)
RC = dict(source_org="Red Cross", source_country="International")
MIN = dict(source_org="Interior Ministry", source_country="Peru")
HEALTH = dict(source_org="Health Ministry", source_country="Peru")
QUOTE = dict(kind="quote", subject="statement:ana_ruiz", status=None, value_low=None, value_high=None, qualifier=None,
             speaker="Ana Ruiz", source_org="Civil Defence", source_country="Peru")
DATE = dict(kind="date", subject="statement:ana_ruiz", status=None, value_low=None, value_high=None, qualifier=None,
            event="statement", date_precision="day")
PLACE = dict(kind="place", subject="evacuation", status=None, value_low=None, value_high=None, qualifier=None,
             event="shelter")
ROUTE = dict(kind="route", subject="evacuees", status=None, value_low=None, value_high=None, qualifier=None,
             event="movement")


def date(**overrides) -> dict:
    return {**DATE, **overrides}


def place(**overrides) -> dict:
    return {**PLACE, **overrides}


def route(**overrides) -> dict:
    return {**ROUTE, **overrides}


def quote(**overrides) -> dict:
    return {**QUOTE, **overrides}


def two_claims(left: dict, right: dict) -> pd.DataFrame:
    """Two valid claims from overrides; each from its own document and outlet unless the case says otherwise."""
    rows = [
        {**BASE, "claim_id": "c1", "doc_id": "d1", "outlet": "Andes Wire", **left},
        {**BASE, "claim_id": "c2", "doc_id": "d2", "outlet": "Pacific Herald", **right},
    ]
    return ClaimSchema.validate(pd.DataFrame(rows))


def relate(left: dict, right: dict) -> pd.Series:
    claims = two_claims(left, right)
    pairs = PairSchema.validate(pd.DataFrame({"claim_id_l": ["c1"], "claim_id_r": ["c2"], "claim_key": ["k"]}))
    return classify_pairs(pairs, claims).iloc[0]


CASES = [
    # counts
    pytest.param(dict(**RC), dict(**RC), "agree", "count.same_interval", id="same-figure-two-outlets"),
    pytest.param(dict(qualifier="at_least", value_high=None), dict(), "compatible", "count.overlapping", id="at-least-vs-exact"),
    pytest.param(dict(qualifier="approx"), dict(value_low=260.0, value_high=260.0, **MIN), "compatible", "count.overlapping", id="about-within-tolerance"),
    pytest.param(dict(qualifier="approx"), dict(value_low=300.0, value_high=300.0, **MIN), "conflict", "count.incompatible", id="about-beyond-tolerance"),
    pytest.param(dict(qualifier="approx"), dict(value_low=400.0, value_high=None, qualifier="more_than", **MIN), "conflict", "count.incompatible", id="more-than-vs-about"),
    pytest.param(dict(), dict(value_low=600.0, value_high=600.0, stated_on="2025-03-07"), "revision", "count.same_source_changed", id="same-org-raises"),
    pytest.param(dict(**MIN), dict(value_low=600.0, value_high=600.0, stated_on="2025-03-07", **HEALTH), "revision", "count.same_source_changed", id="same-country-raises"),
    pytest.param(dict(**MIN), dict(value_low=600.0, value_high=600.0, source_org="Civil Defence", source_country="Chile; Peru"), "revision", "count.same_source_changed", id="shared-country-in-list"),
    pytest.param(dict(status="present", subject="protesters"), dict(status="planned", subject="protesters", value_low=900.0, value_high=900.0, **MIN), "scope_difference", "count.status_differs", id="present-vs-planned"),
    pytest.param(dict(is_increment=True, value_low=120.0, value_high=120.0), dict(**MIN), "scope_difference", "count.increment_vs_total", id="another-120-vs-total"),
    pytest.param(dict(is_increment=True), dict(is_increment=True), "agree", "count.same_interval", id="two-equal-increments"),
    pytest.param(dict(speaker="Ana Ruiz"), dict(speaker="Ana Ruiz", status="wounded"), "attribution_discrepancy", "count.status_misreported", id="killed-vs-wounded-same-speaker"),
    pytest.param(dict(status="sent", subject="rescuers"), dict(status="present", subject="rescuers", **MIN), "agree", "count.same_interval", id="sent-and-present-one-scope"),
    pytest.param(dict(status="sent", subject="rescuers"), dict(status="present", subject="rescuers"), "attribution_discrepancy", "count.status_misreported", id="one-agency-sent-vs-present"),
    pytest.param(dict(status="sent", subject="rescuers", doc_id="d1", outlet="Andes Wire"), dict(status="present", subject="rescuers", doc_id="d1", outlet="Andes Wire"), "agree", "count.same_interval", id="one-article-sent-and-present"),
    pytest.param(place(place="Lima"), place(place="a military base in Peru"), "compatible", "place.same_name_words", id="gazetteer-city-in-country"),
    pytest.param(dict(), dict(subject="quake_deaths"), "unrelated", "any.subject_differs", id="other-subject"),
    pytest.param(dict(value_low=None, value_high=None), dict(), "unrelated", "count.no_figure", id="count-without-figure"),
    pytest.param(dict(refers_from="2025-01-01", refers_to="2025-01-31"), dict(refers_from="2025-03-01", refers_to="2025-03-31", value_low=90.0, value_high=90.0, **MIN), "scope_difference", "count.other_period", id="january-vs-march"),
    pytest.param(dict(place="Cusco", place_country="Peru"), dict(place="La Paz", place_country="Bolivia", value_low=90.0, value_high=90.0, **MIN), "scope_difference", "count.other_country", id="counts-in-two-countries"),
    pytest.param(dict(qualifier="up_to", value_low=None, value_high=300.0), dict(**MIN), "compatible", "count.overlapping", id="up-to-300-vs-250"),
    pytest.param(dict(qualifier="less_than", value_low=None, value_high=100.0), dict(**MIN), "conflict", "count.incompatible", id="fewer-than-100-vs-250"),
    pytest.param(dict(qualifier="range", value_low=200.0, value_high=300.0), dict(**MIN), "compatible", "count.overlapping", id="range-contains-figure"),
    pytest.param(dict(qualifier="vague", value_low=200.0, value_high=999.0), dict(value_low=1500.0, value_high=1500.0, **MIN), "conflict", "count.incompatible", id="hundreds-vs-1500"),
    pytest.param(dict(status="other", value_low=90000.0, value_high=90000.0), dict(**MIN), "unrelated", "count.unclassified_scope", id="army-size-vs-toll"),
    pytest.param(dict(status="other", value_low=90000.0, value_high=90000.0), dict(status="other", value_low=1200.0, value_high=1200.0, **MIN), "scope_difference", "count.unclassified_apart", id="army-size-vs-recruits-a-month"),
    pytest.param(dict(status="other", qualifier="approx", value_low=100000.0, value_high=100000.0), dict(status="other", qualifier="up_to", value_low=None, value_high=25000.0, **MIN), "conflict", "count.incompatible", id="crowd-organisers-vs-police"),
    pytest.param(dict(status="other", value_low=1200.0, value_high=1200.0), dict(status="other", qualifier="approx", **MIN, value_low=1200.0, value_high=1200.0), "compatible", "count.overlapping", id="two-unclassified-figures-that-overlap"),
    pytest.param(dict(), date(refers_from="2025-03-04", refers_to="2025-03-04"), "unrelated", "any.kind_differs", id="count-vs-date"),
    # dates
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(refers_from="2025-03-05", refers_to="2025-03-05"), "conflict", "date.disjoint", id="tuesday-vs-wednesday"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-20", date_precision="part_of_month"), date(refers_from="2025-03-01", refers_to="2025-03-14", date_precision="week"), "agree", "date.same_period", id="early-to-mid-vs-first-two-weeks"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-31", date_precision="month"), date(refers_from="2025-03-10", refers_to="2025-03-10"), "compatible", "date.coarser_contains", id="march-vs-march-10"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-10"), date(refers_from="2025-03-05", refers_to="2025-03-31", date_precision="month"), "compatible", "date.partly_overlapping", id="partly-overlapping-periods"),
    pytest.param(date(refers_to="2025-12-31", date_direction="before", date_precision="month", stated_on="2025-01-10"), date(refers_to="2025-10-31", date_direction="before", date_precision="month", stated_on="2025-02-10"), "revision", "date.deadline_moved", id="deadline-brought-forward"),
    pytest.param(date(stated_on=None, published=None), date(refers_from="2025-03-05", refers_to="2025-03-05"), "unrelated", "date.no_date", id="date-claim-without-date"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(event="landfall", refers_from="2025-03-09", refers_to="2025-03-09"), "unrelated", "any.event_differs", id="different-events"),
    # places
    pytest.param(place(place="Rome", place_country="Italy"), place(place_country="Italy"), "compatible", "place.contained", id="rome-within-italy"),
    pytest.param(place(place="Lyon"), place(place="the lyon"), "agree", "place.same_place", id="same-place-other-case"),
    pytest.param(place(place="Cusco region"), place(place="Cusco"), "compatible", "place.same_name_words", id="region-word-dropped"),
    pytest.param(place(place="Lima"), place(place="Cusco"), "conflict", "place.different", id="two-cities"),
    pytest.param(place(), place(place="Cusco"), "unrelated", "place.no_place", id="place-claim-without-place"),
    # routes
    pytest.param(route(origin="Pisco", destination="Lima", mode="bus"), route(destination="Lima"), "compatible", "route.more_specific", id="same-destination-one-more-specific"),
    pytest.param(route(origin="Pisco", destination="Lima"), route(origin="Pisco", destination="Lima"), "agree", "route.same_route", id="same-route"),
    pytest.param(route(destination="Lima"), route(destination="Arequipa"), "conflict", "route.different", id="different-destinations"),
    pytest.param(route(destination=None), route(destination="Lima"), "unrelated", "route.no_route", id="route-without-ends"),
    pytest.param(route(destination="Lima", leg=1.0), route(destination="Arequipa", leg=2.0), "unrelated", "route.other_leg", id="different-legs"),
    pytest.param(route(destination="Lyon, France"), route(destination="France"), "compatible", "route.more_specific", id="city-within-named-country"),
    pytest.param(route(origin="Lima", destination="Cusco", mode="bus"), route(origin="Lima", destination="Cusco", mode="plane"), "conflict", "route.different", id="bus-vs-plane"),
    # quotes
    pytest.param(quote(quote_text="this is certainly a very grave possibility"), quote(quote_text="this is certainly a very grave probability"), "quote_variant", "quote.reworded", id="possibility-vs-probability"),
    pytest.param(quote(quote_text="“We will rebuild every home.”"), quote(quote_text="we will rebuild every home"), "agree", "quote.identical", id="same-quote-other-marks"),
    pytest.param(quote(quote_text="a grave mistake"), quote(quote_text="closing the shelters would be a grave mistake"), "compatible", "quote.excerpt", id="partial-quote"),
    pytest.param(quote(quote_text="we will rebuild"), quote(quote_text="we will rebuild", speaker="Luis Soto", source_org="Red Cross"), "unrelated", "quote.other_speaker", id="other-speaker"),
    pytest.param(quote(quote_text="the river is falling"), quote(quote_text="schools reopen on Monday"), "unrelated", "quote.different", id="different-quotes"),
    pytest.param(quote(quote_text=None), quote(quote_text="we will rebuild"), "unrelated", "quote.no_text", id="quote-without-words"),
]


@pytest.mark.parametrize(("left", "right", "relation", "rule_id"), CASES)
def test_relation_case(left: dict, right: dict, relation: str, rule_id: str) -> None:
    row = relate(left, right)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)
    assert " vs " in row["reason"] and row["label"]


@pytest.mark.parametrize(("left", "right", "relation", "rule_id"), CASES)
def test_swapping_sides_keeps_relation(left: dict, right: dict, relation: str, rule_id: str) -> None:
    assert relate(right, left)["relation"] == relation


def test_every_relation_and_rule_is_covered() -> None:
    expected = {case.values[2] for case in CASES}
    assert expected == {"agree", "compatible", "revision", "scope_difference", "conflict",
                        "attribution_discrepancy", "quote_variant", "unrelated"}
    fired = {case.values[3] for case in CASES}
    assert {r.rule_id for r in load_ladder().rules} - fired <= {"any.no_rule"}


def test_reason_names_both_sides() -> None:
    row = relate(dict(qualifier="approx"), dict(value_low=400.0, value_high=None, qualifier="more_than", **MIN))
    assert row["reason"] == "Red Cross (Mar 4, 2025): about 250 killed vs Interior Ministry (Mar 4, 2025): more than 400 killed."


# --- properties ------------------------------------------------------------------------------------------------

NAMES = st.sampled_from([None, "Red Cross", "Interior Ministry", "Health Ministry"])
COUNTRIES = st.sampled_from([None, "Peru", "Chile", "International", "Chile; Peru"])
DAYS = st.sampled_from([None, "2025-03-01", "2025-03-04", "2025-03-20"])


@st.composite
def claim_overrides(draw, with_value: bool = False) -> dict:
    kind = draw(st.sampled_from(["count", "date", "place", "route", "quote"]))
    low = draw(st.sampled_from([10.0, 250.0, 400.0, 5000.0] if with_value else [None, 10.0, 250.0, 400.0]))
    qualifier = draw(st.sampled_from([None, "exact", "approx", "at_least", "more_than", "up_to", "less_than", "range", "vague"]))
    high = None if low is None else low * draw(st.sampled_from([1.0, 2.0]))
    start = draw(DAYS if not with_value else DAYS.filter(bool))
    return dict(
        kind=kind, subject=draw(st.sampled_from([None, "flood_deaths", "evacuees"])),
        status=draw(st.sampled_from([None, "killed", "wounded", "planned", "present", "other"])),
        value_low=low, value_high=high, qualifier=qualifier, is_increment=draw(st.sampled_from([None, False, True])),
        speaker=draw(st.sampled_from([None, "Ana Ruiz", "Luis Soto"])), source_org=draw(NAMES),
        source_country=draw(COUNTRIES), stated_on=draw(DAYS), published=draw(DAYS),
        refers_from=start, refers_to=start, date_precision=draw(st.sampled_from([None, "day", "week", "month"])),
        date_direction=draw(st.sampled_from([None, "within", "before", "after"])),
        event=draw(st.sampled_from([None, "onset", "statement"])),
        place=draw(st.sampled_from([None, "Lima", "Cusco region", "Cusco"] if not with_value else ["Lima", "Cusco"])),
        place_country=draw(st.sampled_from([None, "Peru", "Chile"])),
        origin=draw(st.sampled_from([None, "Pisco"])), destination=draw(st.sampled_from(["Lima", "Lima, Peru", "Arequipa"])),
        mode=draw(st.sampled_from([None, "bus"])), leg=draw(st.sampled_from([None, 1.0, 2.0])),
        quote_text=draw(st.sampled_from(["we will rebuild", "we will rebuild it all", "schools reopen"] if with_value else [None, "we will rebuild", "we will rebuild it all", "schools reopen"])),
    )


@settings(derandomize=True, deadline=None, max_examples=150)
@given(claim_overrides(), claim_overrides())
def test_property_swap_never_changes_relation(left: dict, right: dict) -> None:
    assert relate(left, right)["relation"] == relate(right, left)["relation"]


@settings(derandomize=True, deadline=None, max_examples=150)
@given(claim_overrides(with_value=True))
def test_property_claim_agrees_with_itself(claim: dict) -> None:
    # A second copy of the same claim (same outlet and document): only the id differs.
    same = {**claim, "doc_id": "d1", "outlet": "Andes Wire"}
    row = relate(same, same)
    assert row["relation"] == "agree", row["rule_id"]


@settings(derandomize=True, deadline=None, max_examples=150)
@given(claim_overrides(), claim_overrides())
def test_property_classify_never_raises(left: dict, right: dict) -> None:
    assert relate(left, right)["relation"] in {"agree", "compatible", "revision", "scope_difference", "conflict",
                                                 "attribution_discrepancy", "quote_variant", "unrelated"}
