"""Findings and estimates: independence counting, camps, revision chains, the few findings shown, ranking,
estimates, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_claims
from reconcile.pipeline import reconcile_claims
from reconcile.schema import ClaimSchema, EstimateSchema, FindingSchema, columns_of
from reconcile.summarise import estimate_counts, summarise_findings

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(kind="count", subject="flood_deaths", status="killed", qualifier="exact", is_increment=False,
            published="2025-03-04", stated_on="2025-03-04", text="Rescuers said 250 people died.", start=14, end=17)
RC = dict(source_org="Red Cross", source_country="International")
MIN = dict(source_org="Interior Ministry", source_country="Peru")
CIVIL = dict(source_org="Civil Defence Volunteers Network", source_country="Peru", source_kind="ngo")
UNION = dict(source_org="Transport Workers Union", source_country="Peru")


def claims_of(*rows: dict) -> pd.DataFrame:
    built = [{**BASE, "claim_id": f"c{i:02d}", "doc_id": f"d{i:02d}", "outlet": f"Outlet {i}", **row}
             for i, row in enumerate(rows)]
    return ClaimSchema.validate(pd.DataFrame(built))


def figure(value: float, **overrides) -> dict:
    return dict(value_low=value, value_high=value, **overrides)


def findings_of(*rows: dict) -> pd.DataFrame:
    return reconcile_claims(claims_of(*rows)).findings


@pytest.fixture(scope="module")
def wire_story() -> pd.DataFrame:
    # Three outlets carry the Red Cross toll (one via a lawmaker); one outlet carries the ministry's higher toll.
    return claims_of(
        figure(250, qualifier="approx", **RC),
        figure(250, **RC, via="Senator Ana Ruiz"),
        figure(250, qualifier="approx", **RC),
        dict(value_low=400.0, qualifier="more_than", **MIN),
    )


def test_outlets_repeating_one_source_are_one_witness(wire_story: pd.DataFrame) -> None:
    findings = reconcile_claims(wire_story).findings
    assert findings["relation"].tolist() == ["conflict"]
    conflict = findings.iloc[0]
    sides = {tuple(conflict[f"sources_{s}"]): (conflict[f"n_independent_{s}"], conflict[f"outlets_{s}"]) for s in "lr"}
    assert sides[("Red Cross",)] == (1, ["Outlet 0", "Outlet 1", "Outlet 2"])
    assert sides[("Interior Ministry",)] == (1, ["Outlet 3"])
    assert "Senator Ana Ruiz" in conflict["via_l"] + conflict["via_r"]
    assert {tuple(conflict["claim_ids_l"]), tuple(conflict["claim_ids_r"])} == {("c00", "c01", "c02"), ("c03",)}


def test_a_document_of_unknown_outlet_is_named_not_dropped(wire_story: pd.DataFrame) -> None:
    claims = wire_story.assign(outlet=wire_story["outlet"].where(wire_story["claim_id"] != "c03", None))
    conflict = reconcile_claims(claims).findings.iloc[0]
    ministry = "l" if conflict["sources_l"] == ["Interior Ministry"] else "r"
    assert conflict[f"outlets_{ministry}"] == ["unknown outlet (d03)"]


def test_evidence_comes_from_the_best_carried_claim(wire_story: pd.DataFrame) -> None:
    conflict = reconcile_claims(wire_story).findings.iloc[0]
    red_cross = "l" if conflict["sources_l"] == ["Red Cross"] else "r"
    assert (conflict[f"doc_id_{red_cross}"], conflict[f"start_{red_cross}"], conflict[f"end_{red_cross}"]) == ("d00", 14, 17)
    assert conflict[f"evidence_{red_cross}"] == BASE["text"]


def test_sources_that_agree_stand_in_one_camp() -> None:
    findings = findings_of(figure(250, **RC), figure(250, **CIVIL), figure(600, **MIN))
    assert findings["relation"].tolist() == ["conflict"]
    conflict = findings.iloc[0]
    camp = "l" if len(conflict["sources_l"]) == 2 else "r"
    assert conflict[f"sources_{camp}"] == ["Civil Defence Volunteers Network", "Red Cross"]
    assert conflict[f"n_independent_{camp}"] == 2


FINDING_CASES = [
    # (rows, the relations of the findings shown, in rank order) — one line per case
    pytest.param([figure(250, qualifier="at_least", **RC), dict(value_low=400.0, qualifier="more_than", **MIN)], [], id="two-lower-bounds-need-no-finding"),
    pytest.param([figure(250, **RC), figure(900, status="planned", **MIN)], [], id="another-source-planned-is-context"),
    pytest.param([figure(41, **MIN), figure(68, stated_on="2025-03-09", **MIN), figure(75, stated_on="2025-03-09", **MIN)], ["revision"], id="a-rising-toll-is-one-chain"),
    pytest.param([figure(41, **MIN), figure(41, stated_on="2025-03-09", **MIN)], [], id="a-repeated-figure-is-no-revision"),
    pytest.param([figure(1200, status="present", subject="protesters", **MIN), figure(1280, status="present", subject="protesters", stated_on="2025-03-28", **MIN)], [], id="crowds-of-two-marches-are-no-revision"),
    pytest.param([figure(1500, is_increment=True, **MIN), figure(3000, stated_on="2025-03-06", **MIN)], [], id="an-increment-is-no-step-of-a-chain"),
    pytest.param([figure(250, **MIN, status="present", subject="protesters"), figure(300, **MIN, status="present", subject="protesters")], ["attribution_discrepancy"], id="outlets-report-one-bodys-crowd-differently"),
    pytest.param([figure(250, **MIN), figure(300, **MIN)], ["revision"], id="two-tolls-of-one-day-are-an-update"),
    pytest.param([figure(800, status="present", subject="protesters", doc_id="d9", **MIN), figure(1200, status="present", subject="protesters", doc_id="d9", **MIN)], ["revision"], id="midday-then-evening-in-one-article"),
    pytest.param([figure(300, scope="Cusco", **RC), figure(250, **MIN)], ["scope_difference"], id="a-part-above-its-whole"),
    pytest.param([figure(90, scope="Cusco", **RC), figure(250, **MIN)], [], id="a-part-below-its-whole"),
    pytest.param([figure(250, **RC), figure(400, stated_on="2025-03-06", **MIN)], [], id="a-toll-that-grew-is-no-conflict"),
    pytest.param([figure(250, source_org=None, source_country=None), figure(400, **MIN)], [], id="an-unattributed-figure-is-no-side"),
]


@pytest.mark.parametrize(("rows", "relations"), FINDING_CASES)
def test_findings_shown(rows: list, relations: list) -> None:
    assert findings_of(*rows)["relation"].tolist() == relations


def test_a_revision_chain_names_every_step_in_order() -> None:
    chain = findings_of(figure(41, **MIN), figure(68, stated_on="2025-03-09", **MIN),
                        figure(75, stated_on="2025-03-10", **MIN)).iloc[0]
    assert chain["steps"] == ["41 killed (Mar 4, 2025)", "68 killed (Mar 9, 2025)", "75 killed (Mar 10, 2025)"]
    assert (chain["value_l"], chain["value_r"]) == ("41 killed", "75 killed")
    assert "41 killed (Mar 4, 2025) \u2192 68 killed (Mar 9, 2025) \u2192 75 killed (Mar 10, 2025)" in chain["summary"]


def test_quote_variants_are_findings() -> None:
    quote = dict(kind="quote", subject="statement:ana_ruiz", status=None, qualifier=None, speaker="Ana Ruiz", **MIN)
    findings = findings_of(dict(quote, quote_text="this is a very grave possibility"),
                           dict(quote, quote_text="this is a very grave probability"))
    assert findings["relation"].tolist() == ["quote_variant"]


@pytest.mark.parametrize(
    ("rows", "first_subject"),
    [
        pytest.param([figure(100, **RC), figure(10_000, **MIN), figure(250, subject="quake_deaths", **RC),
                      figure(400, subject="quake_deaths", **MIN)], "flood_deaths", id="wider-gap-ranks-first"),
        pytest.param([figure(250, **RC), figure(250, **CIVIL), figure(600, **MIN), figure(250, subject="quake_deaths", **RC),
                      figure(600, subject="quake_deaths", **MIN)], "flood_deaths", id="more-sources-rank-first"),
    ],
)
def test_ranking_by_severity(rows: list, first_subject: str) -> None:
    findings = findings_of(*rows)
    assert findings["rank"].tolist() == list(range(1, len(findings) + 1))
    assert findings["severity"].is_monotonic_decreasing
    assert findings.iloc[0]["subject"] == first_subject


ESTIMATE_CASES = [
    pytest.param([figure(250, **RC), figure(250, **RC), figure(400, **MIN)], (250.0, 250.0, 400.0, 2), id="one-source-once"),
    pytest.param([figure(250, **RC), dict(value_low=400.0, qualifier="more_than", **MIN)], (250.0, 250.0, 400.0, 2), id="open-ended-counts-at-bound"),
    pytest.param([figure(100, **RC), figure(300, **MIN), figure(200, **CIVIL)], (100.0, 200.0, 300.0, 3), id="median-of-three"),
    pytest.param([figure(250, **RC), figure(120, is_increment=True, **MIN)], (250.0, 250.0, 250.0, 1), id="increment-left-out"),
    pytest.param([dict(value_low=200.0, value_high=300.0, qualifier="range", **RC)], (200.0, 250.0, 300.0, 1), id="range-midpoint"),
    pytest.param([figure(250, **MIN), figure(300, **MIN, doc_id="d00")], (300.0, 300.0, 300.0, 1), id="a-group-counts-once-at-its-highest"),
]


@pytest.mark.parametrize(("rows", "expected"), ESTIMATE_CASES)
def test_estimates_on_small_frames(rows: list, expected: tuple) -> None:
    estimates = reconcile_claims(claims_of(*rows)).estimates
    assert len(estimates) == 1
    row = estimates.iloc[0]
    assert (row["low"], row["best"], row["high"], row["n_sources"]) == expected
    assert row["rule_id"] == "estimate.independent_same_day"


def test_estimates_split_by_status_scope_and_day() -> None:
    estimates = reconcile_claims(claims_of(figure(250, **RC), figure(30, status="wounded", **RC),
                                           figure(300, stated_on="2025-03-06", **RC), figure(20, scope="Cusco", **RC))).estimates
    assert estimates[["status", "scope", "as_of"]].fillna("").values.tolist() == [
        ["killed", "", "2025-03-04"], ["killed", "", "2025-03-06"], ["killed", "cusco", "2025-03-04"],
        ["wounded", "", "2025-03-04"]]
    assert estimates["sources"].tolist() == [["Red Cross"]] * 4


def test_empty_inputs_give_empty_valid_frames() -> None:
    reconciliation = reconcile_claims(claims_of(figure(250, **RC)))
    assert reconciliation.findings.empty
    empty = reconcile_claims(claims_of(figure(250, **RC)).iloc[0:0])
    FindingSchema.validate(empty.findings)
    EstimateSchema.validate(empty.estimates)
    assert summarise_findings(claims_of(figure(1)).iloc[0:0], empty.timelines, empty.relations).empty
    assert estimate_counts(empty.timelines).empty


def test_findings_and_estimates_are_deterministic() -> None:
    claims = synthetic_claims(2000, seed=5)
    first = reconcile_claims(claims)
    again = reconcile_claims(claims.sample(frac=1.0, random_state=1))
    assert len(first.findings) > 0 and first.findings["finding_id"].is_unique
    pd.testing.assert_frame_equal(first.findings, again.findings)
    pd.testing.assert_frame_equal(first.estimates, again.estimates)
