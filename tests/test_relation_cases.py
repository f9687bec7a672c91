"""Relation ladder as a table: two claims -> two positions -> the relation and rule that fire between them.

Every case is wire-copy style about events other than the seeds (floods, quakes, protests, evacuations). Each claim
comes from its own document and outlet unless the case says otherwise; the pair is classified directly, so the
pairing stage's window and currency filters (tested in test_compare.py) do not hide the ladder.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.compare import build_timelines, classify_pairs, collect_positions, load_ladder, relation_reasons
from reconcile.schema import ClaimSchema, PairSchema, columns_of
from reconcile.vocab import RELATIONS

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(
    kind="count", subject="flood_deaths", status="killed", value_low=250.0, value_high=250.0, qualifier="exact",
    is_increment=False, source_org="Red Cross", source_country="International", published="2025-03-04",
    stated_on="2025-03-04", text="A sentence.", start=0, end=5,
)
RC = dict(source_org="Red Cross", source_country="International")
MIN = dict(source_org="Interior Ministry", source_country="Peru")
HEALTH = dict(source_org="Health Ministry", source_country="Peru")
UNION = dict(source_org="Transport Workers Union", source_country="Peru")
NOBODY = dict(source_org=None, source_country=None, speaker=None)
QUOTE = dict(kind="quote", subject="statement:ana_ruiz", status=None, value_low=None, value_high=None, qualifier=None,
             speaker="Ana Ruiz", source_org="Civil Defence", source_country="Peru")
DATE = dict(kind="date", subject="evacuation", status=None, value_low=None, value_high=None, qualifier=None,
            event="onset", date_precision="day")
STATEMENT_DATE = dict(DATE, subject="statement:ana_ruiz", event="statement", speaker="Ana Ruiz",
                      source_org="Civil Defence", source_country="Peru")
PLACE = dict(kind="place", subject="evacuation", status=None, value_low=None, value_high=None, qualifier=None,
             event="shelter")
ROUTE = dict(kind="route", subject="evacuees", status=None, value_low=None, value_high=None, qualifier=None,
             event="movement")


def date(**overrides) -> dict:
    return {**DATE, **overrides}


def statement_date(**overrides) -> dict:
    return {**STATEMENT_DATE, **overrides}


def place(**overrides) -> dict:
    return {**PLACE, **overrides}


def route(**overrides) -> dict:
    return {**ROUTE, **overrides}


def quote(**overrides) -> dict:
    return {**QUOTE, **overrides}


def claims_of(left: dict, right: dict, said: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """Two claims (c1, c2), each in its own document unless overridden; `said` adds a quote in each one's sentence."""
    rows = [
        {**BASE, "claim_id": "c1", "doc_id": "d1", "outlet": "Andes Wire", **left},
        {**BASE, "claim_id": "c2", "doc_id": "d2", "outlet": "Pacific Herald", **right},
    ]
    for row, words in zip(list(rows), said, strict=True):
        if words:
            rows.append({**row, **QUOTE, "claim_id": row["claim_id"] + "q", "quote_text": words,
                         "stated_on": row["stated_on"], "start": 6, "end": 9})
    return ClaimSchema.validate(pd.DataFrame(rows))


def with_figures(claims: pd.DataFrame, figures: tuple[float | None, float | None]) -> pd.DataFrame:
    """The claims with a count of officers beside c1 and c2 in their sentences (None: no count there)."""
    rows = claims.to_dict("records")
    for row, figure in zip(list(rows[:2]), figures, strict=True):
        if figure is not None:
            rows.append({**BASE, "claim_id": row["claim_id"] + "n", "doc_id": row["doc_id"], "outlet": row["outlet"],
                         "subject": "officers", "status": "deployed", "value_low": figure, "value_high": figure,
                         "text": row["text"], "start": 10, "end": 14})
    return ClaimSchema.validate(pd.DataFrame(rows))


def relate(left: dict, right: dict, said: tuple[str | None, str | None] = (None, None),
           figures: tuple[float | None, float | None] = (None, None), others: tuple[dict, ...] = ()) -> pd.Series:
    """The relation between the positions holding c1 and c2 ("same position" when they collapse into one);
    `others` are more claims of the story, each in a document of its own."""
    claims = with_figures(claims_of(left, right, said), figures)
    if others:
        rows = [{**BASE, "claim_id": f"o{n}", "doc_id": f"o{n}", "outlet": "Steppe Daily", **other}
                for n, other in enumerate(others)]
        claims = ClaimSchema.validate(pd.concat([claims, pd.DataFrame(rows)], ignore_index=True))
    timelines = build_timelines(collect_positions(claims))
    holder = {c: p for p, ids in zip(timelines["position_id"], timelines["claim_ids"]) for c in ids}
    first, second = holder["c1"], holder["c2"]
    if first == second:
        return pd.Series({"relation": "same position", "rule_id": "", "label": "", "reason": " vs "})
    lead = timelines.set_index("position_id").loc[first]
    pairs = PairSchema.validate(pd.DataFrame({
        "position_id_l": [min(first, second)], "position_id_r": [max(first, second)],
        "story": [lead["story"]], "kind": [lead["kind"]], "subject": [lead["subject"]]}))
    relations = classify_pairs(pairs, timelines)
    return relations.assign(reason=relation_reasons(relations, timelines).to_numpy()).iloc[0]


CASES = [
    # counts: figures
    pytest.param(dict(**RC), dict(**MIN), "agree", "count.same_interval", id="same-figure-two-sources"),
    pytest.param(dict(**RC), dict(value_low=255.0, value_high=255.0, **MIN), "agree", "count.within_tolerance", id="exact-figures-within-3-percent"),
    pytest.param(dict(qualifier="at_least", value_high=None), dict(**MIN), "compatible", "count.overlapping", id="at-least-vs-exact"),
    pytest.param(dict(qualifier="approx"), dict(value_low=260.0, value_high=260.0, **MIN), "compatible", "count.overlapping", id="about-within-tolerance"),
    pytest.param(dict(qualifier="approx"), dict(value_low=300.0, value_high=300.0, **MIN), "conflict", "count.incompatible", id="about-beyond-tolerance"),
    pytest.param(dict(value_low=200000.0, value_high=200000.0), dict(value_low=210000.0, value_high=None, qualifier="at_least", **MIN), "compatible", "count.round_estimates_overlap", id="a-round-crowd-figure-is-an-estimate"),
    pytest.param(dict(value_low=201300.0, value_high=201300.0), dict(value_low=210000.0, value_high=None, qualifier="at_least", **MIN), "conflict", "count.incompatible", id="a-figure-with-more-digits-stays-exact"),
    pytest.param(dict(qualifier="approx"), dict(value_low=400.0, value_high=None, qualifier="more_than", **MIN), "conflict", "count.incompatible", id="more-than-vs-about"),
    pytest.param(dict(qualifier="up_to", value_low=None, value_high=300.0), dict(**MIN), "compatible", "count.overlapping", id="up-to-300-vs-250"),
    pytest.param(dict(qualifier="less_than", value_low=None, value_high=100.0), dict(**MIN), "conflict", "count.incompatible", id="fewer-than-100-vs-250"),
    pytest.param(dict(qualifier="range", value_low=200.0, value_high=300.0), dict(**MIN), "compatible", "count.overlapping", id="range-contains-figure"),
    pytest.param(dict(qualifier="vague", value_low=200.0, value_high=999.0), dict(value_low=1500.0, value_high=1500.0, **MIN), "compatible", "count.overlapping", id="hundreds-never-conflict-with-more"),
    pytest.param(dict(qualifier="vague", value_low=20000.0, value_high=99999.0, status="present", subject="protesters"), dict(value_low=3500000.0, value_high=3500000.0, status="present", subject="protesters", **UNION), "compatible", "count.overlapping", id="tens-of-thousands-vs-millions"),
    pytest.param(dict(value_low=None, value_high=None), dict(**MIN), "unrelated", "count.no_figure", id="count-without-figure"),
    # counts: who said them
    pytest.param(dict(), dict(value_low=600.0, value_high=600.0, stated_on="2025-03-07"), "revision", "count.same_source_changed", id="same-body-raises"),
    pytest.param(dict(**MIN), dict(value_low=600.0, value_high=600.0, stated_on="2025-03-07", **HEALTH), "revision", "count.same_source_changed", id="one-government-two-ministries"),
    pytest.param(dict(**MIN, scope="Cusco"), dict(value_low=350.0, value_high=350.0, source_org="Cusco Regional Government", source_country="Peru", scope="Cusco"), "conflict", "count.incompatible", id="a-region-disputes-the-national-figure-for-it"),
    pytest.param(dict(**MIN, doc_id="d1"), dict(value_low=300.0, value_high=300.0, **MIN, doc_id="d1"), "revision", "count.same_source_changed", id="one-article-gives-an-update"),
    pytest.param(dict(**MIN, status="present", subject="protesters"), dict(value_low=300.0, value_high=300.0, status="present", subject="protesters", **MIN), "attribution_discrepancy", "count.reported_differently", id="two-outlets-report-one-bodys-crowd-differently"),
    pytest.param(dict(**MIN), dict(value_low=300.0, value_high=300.0, **MIN), "revision", "count.same_source_changed", id="two-tolls-of-one-body-one-day-are-an-update"),
    pytest.param(dict(speaker="Ana Ruiz"), dict(speaker="Ana Ruiz", status="wounded"), "attribution_discrepancy", "count.status_misreported", id="killed-vs-wounded-same-speaker"),
    pytest.param(dict(**UNION, status="present", subject="protesters"), dict(**MIN, status="present", subject="protesters", value_low=80.0, value_high=80.0), "conflict", "count.incompatible", id="union-against-ministry-same-country"),
    pytest.param(dict(source_org="police sources", source_country="Peru"), dict(**MIN, value_low=180.0, value_high=180.0), "conflict", "count.incompatible", id="unnamed-police-sources-against-the-official-toll"),
    pytest.param(dict(**NOBODY), dict(value_low=400.0, value_high=400.0, **MIN), "unrelated", "count.unattributed_differs", id="unattributed-figure-differs"),
    pytest.param(dict(**NOBODY), dict(**MIN), "agree", "count.same_interval", id="unattributed-figure-agrees"),
    pytest.param(dict(source_org="Reuters", source_country=None), dict(**MIN, value_low=180.0, value_high=180.0), "conflict", "count.incompatible", id="agency-own-count-against-official"),
    # counts: time
    pytest.param(dict(**RC), dict(value_low=400.0, value_high=400.0, stated_on="2025-03-06", **MIN), "compatible", "count.total_grew", id="toll-rises-two-days-later"),
    pytest.param(dict(value_low=400.0, value_high=400.0, **RC), dict(stated_on="2025-03-06", **MIN), "conflict", "count.incompatible", id="toll-falls-two-days-later"),
    pytest.param(dict(**RC), dict(value_low=400.0, value_high=400.0, stated_on="2025-03-05", **MIN), "compatible", "count.total_grew", id="toll-rises-overnight"),
    pytest.param(dict(status="present", subject="protesters", **UNION), dict(status="present", subject="protesters", value_low=900.0, value_high=900.0, stated_on="2025-03-06", **MIN), "unrelated", "count.other_event", id="crowds-of-two-days-are-two-events"),
    # an undated article's larger toll may be the later one; its smaller toll is an older count still repeated
    pytest.param(dict(**RC), dict(value_low=400.0, value_high=400.0, published=None, stated_on=None, **MIN), "unrelated", "count.order_unknown", id="undated-larger-toll-may-be-later"),
    pytest.param(dict(value_low=400.0, value_high=400.0, **RC), dict(published=None, stated_on=None, **MIN), "conflict", "count.incompatible", id="undated-smaller-toll-still-contradicts"),
    pytest.param(dict(doc_id="d1", **RC), dict(value_low=400.0, value_high=400.0, published=None, stated_on=None, doc_id="d1", **MIN), "conflict", "count.incompatible", id="undated-toll-beside-another-in-one-article"),
    pytest.param(dict(status="other", subject="missing", value_low=14.0, value_high=14.0, **RC), dict(status="other", subject="missing", value_low=5.0, value_high=5.0, stated_on="2025-03-06", **MIN), "compatible", "count.missing_fell", id="fewer-missing-two-days-later"),
    pytest.param(dict(status="other", subject="missing", value_low=5.0, value_high=5.0, **RC), dict(status="other", subject="missing", value_low=14.0, value_high=14.0, stated_on="2025-03-06", **MIN), "compatible", "count.missing_grew", id="more-missing-two-days-later"),
    pytest.param(dict(status="other", subject="people", scope="sheltered", value_low=47000.0, value_high=47000.0, **RC), dict(status="other", subject="people", scope="sheltered", value_low=12600.0, value_high=12600.0, stated_on="2025-03-06", **MIN), "compatible", "count.missing_fell", id="fewer-in-shelters-days-later-as-families-go-home"),
    pytest.param(dict(status="other", subject="people", scope="sheltered", value_low=47000.0, value_high=47000.0, **RC), dict(status="other", subject="people", scope="sheltered", value_low=90000.0, value_high=90000.0, **MIN), "conflict", "count.incompatible", id="two-sources-on-the-sheltered-the-same-day"),
    pytest.param(dict(refers_from="2023-01-01", refers_to="2023-12-31", date_precision="year", value_low=43.0, value_high=43.0, published=None, stated_on=None), dict(**MIN), "scope_difference", "count.past_period", id="an-undated-article-recalls-an-earlier-year"),
    # counts: scope
    pytest.param(dict(status="present", subject="protesters"), dict(status="planned", subject="protesters", value_low=900.0, value_high=900.0, **MIN), "scope_difference", "count.status_differs", id="present-vs-planned"),
    pytest.param(dict(status="planned", subject="protesters", **UNION), dict(status="planned", subject="protesters", value_low=900.0, value_high=900.0, **MIN), "unrelated", "count.forecasts_of_others", id="target-vs-forecast"),
    pytest.param(dict(is_increment=True, value_low=120.0, value_high=120.0), dict(**MIN), "scope_difference", "count.increment_vs_total", id="another-120-vs-total"),
    pytest.param(dict(is_increment=True, **MIN), dict(is_increment=True), "agree", "count.same_interval", id="two-equal-increments"),
    pytest.param(dict(refers_from="2025-01-01", refers_to="2025-01-31", date_precision="month", stated_on="2025-03-04"), dict(refers_from="2025-02-01", refers_to="2025-02-28", date_precision="month", value_low=90.0, value_high=90.0, **MIN), "scope_difference", "count.other_period", id="january-vs-february"),
    pytest.param(dict(refers_from="2024-07-01", refers_to="2024-07-31", date_precision="month", value_low=23.0, value_high=23.0), dict(**MIN), "scope_difference", "count.past_period", id="a-month-last-year-vs-now"),
    pytest.param(dict(refers_from="2024-01-01", refers_to="2024-12-31", date_precision="year", value_low=23.0, value_high=23.0), dict(**MIN), "scope_difference", "count.past_period", id="last-year-vs-now"),
    pytest.param(dict(refers_from="2025-03-01", refers_to="2025-03-31", date_precision="month", value_low=23.0, value_high=23.0), dict(**MIN), "conflict", "count.incompatible", id="this-month-is-not-past"),
    pytest.param(dict(refers_from="2025-03-01", refers_to="2025-03-03", date_precision="day", value_low=14.0, value_high=14.0), dict(**MIN, refers_from="2025-03-03", refers_to="2025-03-03", date_precision="day"), "scope_difference", "count.day_of_a_period", id="one-day-inside-three-days"),
    pytest.param(dict(refers_from="2025-03-01", refers_to="2025-03-02", date_precision="day", value_low=14.0, value_high=14.0), dict(**MIN, refers_from="2025-03-03", refers_to="2025-03-03", date_precision="day"), "conflict", "count.incompatible", id="a-day-after-the-period-is-compared"),
    pytest.param(dict(scope="Cusco", value_low=90.0, value_high=90.0), dict(**MIN), "scope_difference", "count.other_scope", id="a-city-vs-the-whole"),
    pytest.param(dict(record="death certificates"), dict(record="burial permits", value_low=90.0, value_high=90.0, **MIN), "scope_difference", "count.other_records", id="certificates-vs-permits"),
    pytest.param(dict(record="burial permits"), dict(value_low=300.0, value_high=300.0, **MIN), "conflict", "count.incompatible", id="permits-vs-a-toll-still-compared"),
    pytest.param(dict(scope="Cusco", value_low=900.0, value_high=900.0), dict(**MIN), "scope_difference", "count.part_exceeds_whole", id="a-city-above-the-whole"),
    pytest.param(dict(place="Cusco", place_country="Peru"), dict(place="Lima", place_country="Peru", value_low=90.0, value_high=90.0, **MIN), "scope_difference", "count.other_scope", id="two-cities-from-their-places"),
    pytest.param(dict(place="Peru", place_country="Peru"), dict(value_low=90.0, value_high=90.0, **MIN), "conflict", "count.incompatible", id="a-country-narrows-nothing"),
    pytest.param(dict(value_low=12.0, value_high=12.0), dict(**MIN), "scope_difference", "count.far_apart", id="a-part-against-an-unstated-whole"),
    pytest.param(dict(value_low=26.0, value_high=26.0), dict(**MIN), "conflict", "count.incompatible", id="ten-times-apart-is-still-a-dispute"),
    pytest.param(dict(value_low=4.0, value_high=4.0), dict(value_low=40.0, value_high=40.0, **MIN), "scope_difference", "count.handful_against_many", id="a-handful-against-a-toll-is-a-part"),
    pytest.param(dict(subject="detainees", status="other", scope="escaped", value_low=87.0, value_high=87.0), dict(subject="detainees", status="other", scope="in hospital", value_low=23.0, value_high=23.0, **MIN), "scope_difference", "count.other_scope", id="the-escaped-against-those-in-hospital"),
    pytest.param(dict(subject="detainees", status="other", scope="escaped", value_low=87.0, value_high=87.0), dict(subject="detainees", status="other", scope="escaped", value_low=64.0, value_high=64.0, **MIN), "conflict", "count.incompatible", id="two-sources-on-the-escaped"),
    pytest.param(dict(value_low=4.0, value_high=4.0), dict(value_low=9.0, value_high=9.0, **MIN), "conflict", "count.incompatible", id="a-handful-against-a-handful-is-a-dispute"),
    pytest.param(dict(value_low=12.0, value_high=12.0), dict(value_low=60.0, value_high=60.0, **MIN), "conflict", "count.incompatible", id="a-dozen-against-five-times-more-is-still-a-dispute"),
    pytest.param(dict(value_low=4.0, value_high=4.0, source_org="Norland defence ministry", source_country="Norland"), dict(value_low=40.0, value_high=40.0, source_org="Sudland defence ministry", source_country="Sudland"), "conflict", "count.incompatible", id="two-governments-own-dead-against-the-others-claim"),
    pytest.param(dict(status="other", value_low=90000.0, value_high=90000.0), dict(**MIN), "unrelated", "count.unclassified_scope", id="army-size-vs-toll"),
    pytest.param(dict(qualifier="vague", value_low=20000.0, value_high=99999.0, **UNION), dict(value_low=4000.0, value_high=4000.0, **MIN), "unrelated", "count.vague_against_figure", id="tens-of-thousands-vs-a-count"),
    pytest.param(dict(status="other", value_low=90000.0, value_high=90000.0), dict(status="other", value_low=1200.0, value_high=1200.0, **MIN), "scope_difference", "count.unclassified_apart", id="army-size-vs-recruits-a-month"),
    pytest.param(dict(status="other", qualifier="approx", value_low=100000.0, value_high=100000.0, **UNION), dict(status="other", qualifier="up_to", value_low=None, value_high=25000.0, **MIN), "conflict", "count.incompatible", id="crowd-organisers-vs-police"),
    pytest.param(dict(subject="people", status="other", value_low=200.0, value_high=200.0, **UNION), dict(subject="people", status="other", value_low=11.0, value_high=11.0, **MIN), "unrelated", "count.unknown_fates", id="people-broke-away-vs-people-detained"),
    pytest.param(dict(subject="children", status="other", value_low=31.0, value_high=31.0, **RC), dict(subject="children", status="other", value_low=4.0, value_high=4.0, **MIN), "unrelated", "count.unknown_fates", id="children-rescued-vs-children-unaccompanied"),
    pytest.param(dict(subject="residents", status="other", value_low=38000.0, value_high=38000.0, **UNION), dict(subject="residents", status="present", value_low=2000.0, value_high=2000.0, **MIN), "unrelated", "count.unclassified_scope", id="unnamed-fate-vs-present-is-another-scope"),
    pytest.param(dict(subject="missing", status="other", value_low=19.0, value_high=19.0, **UNION), dict(subject="missing", status="other", value_low=64.0, value_high=64.0, **MIN), "conflict", "count.incompatible", id="missing-is-a-named-fate"),
    pytest.param(dict(), dict(subject="quake_deaths"), "unrelated", "any.subject_differs", id="other-subject"),
    pytest.param(dict(), date(refers_from="2025-03-04", refers_to="2025-03-04"), "unrelated", "any.kind_differs", id="count-vs-date"),
    # dates of an event
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(refers_from="2025-03-05", refers_to="2025-03-05", **MIN), "conflict", "date.disjoint", id="tuesday-vs-wednesday"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04", event="casualty:people"), date(refers_from="2025-03-05", refers_to="2025-03-05", event="casualty:people", **MIN), "unrelated", "date.casualty_days", id="two-days-of-deaths"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(refers_from="2025-03-09", refers_to="2025-03-09", **MIN), "unrelated", "date.other_incidents", id="days-apart-are-other-incidents"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04", subject="people", event="event:people"), date(refers_from="2025-03-05", refers_to="2025-03-05", subject="people", event="event:people", **MIN), "unrelated", "date.unnamed_people", id="what-unnamed-people-did-is-no-dated-event"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04", doc_id="d1"), date(refers_from="2025-03-05", refers_to="2025-03-05", doc_id="d1", **MIN), "unrelated", "date.one_article", id="one-article-gives-two-days"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-20", date_precision="part_of_month"), date(refers_from="2025-03-01", refers_to="2025-03-14", date_precision="week", **MIN), "agree", "date.same_period", id="early-to-mid-vs-first-two-weeks"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-31", date_precision="month"), date(refers_from="2025-03-10", refers_to="2025-03-10", **MIN), "compatible", "date.coarser_contains", id="march-vs-march-10"),
    pytest.param(date(refers_from="2025-03-01", refers_to="2025-03-10"), date(refers_from="2025-03-05", refers_to="2025-03-31", date_precision="month", **MIN), "compatible", "date.partly_overlapping", id="partly-overlapping-periods"),
    pytest.param(date(refers_to="2025-12-31", date_direction="before", date_precision="month", stated_on="2025-01-10"), date(refers_to="2025-10-31", date_direction="before", date_precision="month", stated_on="2025-02-10"), "revision", "date.deadline_moved", id="deadline-brought-forward"),
    pytest.param(date(stated_on=None, published=None), date(refers_from="2025-03-05", refers_to="2025-03-05"), "unrelated", "date.no_date", id="date-claim-without-date"),
    pytest.param(date(refers_from="2025-03-10", refers_to="2025-04-20", date_precision="week"), date(refers_from="2025-03-04", refers_to="2025-03-04", **MIN), "unrelated", "date.event_stages", id="next-weeks-vs-a-day-are-stages"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(event="landfall", refers_from="2025-03-09", refers_to="2025-03-09"), "unrelated", "any.event_differs", id="different-events"),
    pytest.param(statement_date(stated_on="2025-03-03"), statement_date(stated_on="2025-03-04"), "unrelated", "date.other_statement", id="two-statements-two-days"),
    # places
    pytest.param(place(place="Rome", place_country="Italy"), place(place_country="Italy", **MIN), "compatible", "place.contained", id="rome-within-italy"),
    pytest.param(place(place="Lyon"), place(place="the lyon", **MIN), "agree", "place.same_place", id="same-place-other-case"),
    pytest.param(place(place="Cusco region"), place(place="Cusco", **MIN), "compatible", "place.same_name_words", id="region-word-dropped"),
    pytest.param(place(place="Lima"), place(place="a military base in Peru", **MIN), "compatible", "place.same_name_words", id="gazetteer-city-in-country"),
    pytest.param(place(place="Lima"), place(place="Cusco", **MIN), "unrelated", "place.different", id="two-cities-of-an-event"),
    pytest.param(place(), place(place="Cusco"), "unrelated", "place.no_place", id="place-claim-without-place"),
    # routes
    pytest.param(route(origin="Pisco", destination="Lima", mode="bus"), route(destination="Lima"), "compatible", "route.more_specific", id="same-destination-one-more-specific"),
    pytest.param(route(origin="Pisco", destination="Lima"), route(origin="Pisco", destination="Lima", **MIN), "agree", "route.same_route", id="same-route"),
    pytest.param(route(destination="Lima"), route(destination="Arequipa"), "unrelated", "route.no_shared_end", id="two-legs-of-one-journey"),
    pytest.param(route(destination=None), route(destination="Lima"), "unrelated", "route.no_route", id="route-without-ends"),
    pytest.param(route(destination="Lima", leg=1.0), route(destination="Arequipa", leg=2.0), "unrelated", "route.other_leg", id="different-legs"),
    pytest.param(route(destination="Lyon, France"), route(destination="France"), "compatible", "route.more_specific", id="city-within-named-country"),
    pytest.param(route(origin="Lima", destination="Cusco", mode="bus"), route(origin="Lima", destination="Cusco", mode="plane"), "unrelated", "route.different", id="bus-vs-plane"),
    # quotes
    pytest.param(quote(quote_text="this is certainly a very grave possibility"), quote(quote_text="this is certainly a very grave probability"), "quote_variant", "quote.reworded", id="possibility-vs-probability"),
    pytest.param(quote(quote_text="“We will rebuild every home.”"), quote(quote_text="we will rebuild every home", stated_on="2025-03-09"), "agree", "quote.identical", id="same-quote-said-again-days-later"),
    pytest.param(quote(quote_text="a grave mistake"), quote(quote_text="closing the shelters would be a grave mistake"), "compatible", "quote.excerpt", id="partial-quote"),
    pytest.param(quote(quote_text="we will rebuild"), quote(quote_text="we will rebuild", speaker="Luis Soto", subject="statement:luis_soto"), "unrelated", "any.subject_differs", id="other-speaker"),
    pytest.param(quote(quote_text="the river is falling"), quote(quote_text="schools reopen on Monday"), "unrelated", "quote.different", id="different-quotes"),
    pytest.param(quote(quote_text=None), quote(quote_text="we will rebuild"), "unrelated", "quote.no_text", id="quote-without-words"),
]

# Dates and places of a speaker's statement, with what was said in each one's sentence.
STATEMENT_CASES = [
    pytest.param(statement_date(stated_on="2025-03-03"), statement_date(stated_on="2025-03-04"), ("the river is still rising", "the river is still rising fast"), "conflict", "date.disjoint", id="one-remark-dated-two-ways"),
    pytest.param(statement_date(stated_on="2025-03-03"), statement_date(stated_on="2025-03-04"), ("the river is still rising", "schools reopen on Monday"), "unrelated", "date.other_statement", id="two-remarks-two-days"),
    pytest.param(place(subject="statement:ana_ruiz", event="statement", place="Lima", **MIN), place(subject="statement:ana_ruiz", event="statement", place="Cusco", **MIN), ("the river is still rising", "the river is still rising"), "conflict", "place.different_for_statement", id="one-remark-placed-in-two-cities"),
    pytest.param(place(subject="statement:ana_ruiz", event="statement", place="Lima", doc_id="d1", **MIN), place(subject="statement:ana_ruiz", event="statement", place="San Isidro", doc_id="d1", **MIN), ("the river is still rising", "the river is still rising"), "compatible", "place.one_article_names_both", id="one-article-names-two-places-of-one-remark"),
    pytest.param(place(subject="statement:ana_ruiz", event="statement", place="Lima"), place(subject="statement:ana_ruiz", event="statement", place="Cusco"), ("the river is still rising", "schools reopen"), "unrelated", "place.other_statement", id="two-remarks-two-cities"),
]

# Two claims that collapse into one position: the same figure from one source at one moment.
SAME_POSITION_CASES = [
    pytest.param(dict(**RC), dict(**RC), id="one-body-two-outlets"),
    pytest.param(dict(qualifier="approx", **RC), dict(qualifier="at_least", value_high=None, **RC), id="about-and-at-least-one-figure"),
    pytest.param(dict(status="sent", subject="rescuers"), dict(status="present", subject="rescuers"), id="sent-and-present-one-scope"),
    pytest.param(dict(**MIN), dict(**HEALTH), id="two-ministries-one-government"),
    pytest.param(dict(stated_on=None, published=None, doc_id="d9"), dict(), id="undated-claim-joins-dated-figure"),
]


@pytest.mark.parametrize(("left", "right", "relation", "rule_id"), CASES)
def test_relation_case(left: dict, right: dict, relation: str, rule_id: str) -> None:
    row = relate(left, right)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)
    assert " vs " in row["reason"] and row["label"]


@pytest.mark.parametrize(("left", "right", "said", "relation", "rule_id"), STATEMENT_CASES)
def test_statement_case(left: dict, right: dict, said: tuple, relation: str, rule_id: str) -> None:
    row = relate(left, right, said)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)


# Dates of an event with the figures counted in each one's sentence.
COUNTED_EVENT_CASES = [
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(refers_from="2025-03-05", refers_to="2025-03-05", **MIN), (8000.0, 3000.0), "unrelated", "date.other_counted_event", id="two-deployments-two-days"),
    pytest.param(date(refers_from="2025-03-04", refers_to="2025-03-04"), date(refers_from="2025-03-05", refers_to="2025-03-05", **MIN), (8000.0, 8000.0), "conflict", "date.disjoint", id="one-deployment-dated-two-ways"),
]


# Counts in a story whose other counts name two sides (the soldiers of each army).
KG = dict(source_org="Kyrgyzstan defence ministry", source_country="Kyrgyzstan")
TJ = dict(source_org="Tajikistan defence ministry", source_country="Tajikistan")
TWO_SIDES = (dict(subject="kyrgyz_troops", value_low=5.0, value_high=5.0, **KG),
             dict(subject="tajik_troops", value_low=3.0, value_high=3.0, **TJ))
PART = "part of a larger count"
PARTS_CASES = [
    pytest.param(dict(record="bodies collected", value_low=530.0, value_high=530.0, source_org="Rescue Ambulance Service", source_country="Peru"), dict(value_low=138.0, value_high=138.0, **HEALTH), "scope_difference", "count.collected_bodies", id="bodies-collected-against-a-toll"),
    pytest.param(dict(scope=PART, value_low=19.0, value_high=19.0, **MIN), dict(scope=PART, value_low=8.0, value_high=8.0, **RC), "scope_difference", "count.parts_of_counts", id="two-parts-picked-out-by-their-clauses"),
    pytest.param(dict(scope=PART, value_low=19.0, value_high=19.0, **MIN), dict(value_low=47.0, value_high=47.0, **RC), "scope_difference", "count.other_scope", id="a-part-against-a-whole"),
]
SIDED_CASES = [
    pytest.param(dict(subject="deaths", value_low=5.0, value_high=5.0, **KG), dict(subject="deaths", value_low=3.0, value_high=3.0, **TJ), TWO_SIDES, "scope_difference", "count.unnamed_sides", id="two-armies-each-count-their-dead"),
    pytest.param(dict(subject="deaths", value_low=5.0, value_high=5.0, **KG), dict(subject="deaths", value_low=3.0, value_high=3.0, **TJ), (), "conflict", "count.incompatible", id="two-governments-in-a-story-of-one-side"),
    pytest.param(dict(subject="deaths", value_low=5.0, value_high=5.0, **KG), dict(subject="deaths", value_low=13.0, value_high=13.0, source_org="Kyrgyzstan health ministry", source_country="Kyrgyzstan", stated_on="2025-03-05"), TWO_SIDES, "revision", "count.same_source_changed", id="one-government-two-figures-in-a-story-of-two-sides"),
]


@pytest.mark.parametrize(("left", "right", "relation", "rule_id"), PARTS_CASES)
def test_parts_case(left: dict, right: dict, relation: str, rule_id: str) -> None:
    row = relate(left, right)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)


@pytest.mark.parametrize(("left", "right", "others", "relation", "rule_id"), SIDED_CASES)
def test_sided_case(left: dict, right: dict, others: tuple, relation: str, rule_id: str) -> None:
    row = relate(left, right, others=others)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)


@pytest.mark.parametrize(("left", "right", "figures", "relation", "rule_id"), COUNTED_EVENT_CASES)
def test_counted_event_case(left: dict, right: dict, figures: tuple, relation: str, rule_id: str) -> None:
    row = relate(left, right, figures=figures)
    assert (row["relation"], row["rule_id"]) == (relation, rule_id)


@pytest.mark.parametrize(("left", "right"), SAME_POSITION_CASES)
def test_same_position_case(left: dict, right: dict) -> None:
    assert relate(left, right)["relation"] == "same position"


@pytest.mark.parametrize(("left", "right", "relation", "rule_id"), CASES)
def test_swapping_sides_keeps_relation(left: dict, right: dict, relation: str, rule_id: str) -> None:
    assert relate(right, left)["relation"] == relation


def test_every_relation_and_rule_is_covered() -> None:
    cases = CASES + STATEMENT_CASES + COUNTED_EVENT_CASES + SIDED_CASES + PARTS_CASES
    expected = {case.values[-2] for case in cases}
    assert expected == set(RELATIONS)
    fired = {case.values[-1] for case in cases}
    assert {r.rule_id for r in load_ladder().rules} - fired <= {"any.no_rule"}


def test_reason_names_both_sides() -> None:
    row = relate(dict(qualifier="approx"), dict(value_low=400.0, value_high=None, qualifier="more_than", **MIN))
    sides = ["Red Cross (Mar 4, 2025): about 250 killed", "Interior Ministry (Mar 4, 2025): more than 400 killed"]
    # The pair ordering rule (smaller position id on the left) decides which side is named first.
    assert row["reason"] in {" vs ".join(sides) + ".", " vs ".join(reversed(sides)) + "."}


# --- properties ------------------------------------------------------------------------------------------------

NAMES = st.sampled_from([None, "Red Cross", "Interior Ministry", "Health Ministry", "police sources"])
COUNTRIES = st.sampled_from([None, "Peru", "Chile", "International"])
DAYS = st.sampled_from([None, "2025-03-01", "2025-03-04", "2025-03-20"])


@st.composite
def claim_overrides(draw) -> dict:
    kind = draw(st.sampled_from(["count", "date", "place", "route", "quote"]))
    low = draw(st.sampled_from([None, 10.0, 250.0, 400.0]))
    qualifier = draw(st.sampled_from([None, "exact", "approx", "at_least", "more_than", "up_to", "less_than", "range", "vague"]))
    high = None if low is None else low * draw(st.sampled_from([1.0, 2.0]))
    start = draw(DAYS)
    return dict(
        kind=kind, subject=draw(st.sampled_from(["flood_deaths", "evacuees", "statement:ana_ruiz"])),
        status=draw(st.sampled_from([None, "killed", "wounded", "planned", "present", "other"])),
        value_low=low, value_high=high, qualifier=qualifier, is_increment=draw(st.sampled_from([None, False, True])),
        speaker=draw(st.sampled_from([None, "Ana Ruiz", "Luis Soto"])), source_org=draw(NAMES),
        source_country=draw(COUNTRIES), stated_on=draw(DAYS), published=draw(DAYS),
        refers_from=start, refers_to=start, date_precision=draw(st.sampled_from([None, "day", "week", "month"])),
        date_direction=draw(st.sampled_from([None, "within", "before", "after"])),
        event=draw(st.sampled_from([None, "onset", "statement"])), scope=draw(st.sampled_from([None, "Cusco"])),
        place=draw(st.sampled_from([None, "Lima", "Cusco region", "Cusco"])),
        place_country=draw(st.sampled_from([None, "Peru", "Chile"])),
        origin=draw(st.sampled_from([None, "Pisco"])), destination=draw(st.sampled_from([None, "Lima", "Lima, Peru", "Arequipa"])),
        mode=draw(st.sampled_from([None, "bus"])), leg=draw(st.sampled_from([None, 1.0, 2.0])),
        quote_text=draw(st.sampled_from([None, "we will rebuild", "we will rebuild it all", "schools reopen"])),
    )


@settings(derandomize=True, deadline=None, max_examples=40)
@given(claim_overrides(), claim_overrides())
def test_property_swap_never_changes_relation(left: dict, right: dict) -> None:
    assert relate(left, right)["relation"] == relate(right, left)["relation"]


@settings(derandomize=True, deadline=None, max_examples=40)
@given(claim_overrides())
def test_property_a_claim_repeated_by_another_outlet_is_its_own_position(claim: dict) -> None:
    # A named source's figure, carried by a second outlet; unattributed figures are each outlet's own (two sources).
    named = {**claim, "source_org": claim["source_org"] or "Red Cross"}
    assert relate(named, named)["relation"] == "same position"


@settings(derandomize=True, deadline=None, max_examples=40)
@given(claim_overrides(), claim_overrides())
def test_property_classify_never_raises(left: dict, right: dict) -> None:
    assert relate(left, right)["relation"] in {*RELATIONS, "same position"}
