"""Findings and estimates: independence counting, merging, ranking, estimates on small frames, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.compare import classify_pairs, pair_claims
from reconcile.schema import ClaimSchema, EstimateSchema, FindingSchema, columns_of
from reconcile.summarise import estimate_counts, summarise_findings
from benchmarks.synthetic import synthetic_claims

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(kind="count", subject="flood_deaths", status="killed", qualifier="exact", is_increment=False,
            published="2025-03-04", stated_on="2025-03-04", text="Rescuers said 250 people died.", start=14, end=17)
RC = dict(source_org="Red Cross", source_country="International")
MIN = dict(source_org="Interior Ministry", source_country="Peru")


def claims_of(*rows: dict) -> pd.DataFrame:
    built = [{**BASE, "claim_id": f"c{i:02d}", "doc_id": f"d{i:02d}", "outlet": f"Outlet {i}", **row}
             for i, row in enumerate(rows)]
    return ClaimSchema.validate(pd.DataFrame(built))


def figure(value: float, **overrides) -> dict:
    return dict(value_low=value, value_high=value, **overrides)


def reconcile(claims: pd.DataFrame) -> pd.DataFrame:
    return summarise_findings(claims, classify_pairs(pair_claims(claims), claims))


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
    findings = reconcile(wire_story)
    conflict = findings[findings["relation"] == "conflict"].iloc[0]
    sides = {conflict["sources_l"]: (conflict["n_independent_l"], conflict["outlets_l"]),
             conflict["sources_r"]: (conflict["n_independent_r"], conflict["outlets_r"])}
    assert sides["Red Cross"] == (1, "Outlet 0; Outlet 1; Outlet 2")
    assert sides["Interior Ministry"] == (1, "Outlet 3")
    assert "Three outlets carry the Red Cross figure: one source." in conflict["summary"]


def test_a_document_of_unknown_outlet_is_named_not_dropped(wire_story: pd.DataFrame) -> None:
    claims = wire_story.assign(outlet=wire_story["outlet"].where(wire_story["claim_id"] != "c03", None))
    conflict = reconcile(claims).iloc[0]
    ministry_side = "l" if conflict["sources_l"] == "Interior Ministry" else "r"
    assert conflict[f"outlets_{ministry_side}"] == "unknown outlet (d03)"


def test_one_conflict_between_two_positions_is_one_finding(wire_story: pd.DataFrame) -> None:
    findings = reconcile(wire_story)
    assert findings["relation"].tolist() == ["conflict"]
    assert set(findings.iloc[0][["claim_ids_l", "claim_ids_r"]]) == {"c00; c01; c02", "c03"}
    assert "Senator Ana Ruiz" in {findings.iloc[0]["via_l"], findings.iloc[0]["via_r"]}


def test_evidence_comes_from_a_representative_claim(wire_story: pd.DataFrame) -> None:
    finding = reconcile(wire_story).iloc[0]
    assert (finding["doc_id_l"], finding["start_l"], finding["end_l"]) == ("d00", 14, 17)
    assert finding["evidence_l"] == BASE["text"] and finding["doc_id_r"] == "d03"


def test_at_least_is_compatible_not_a_conflict() -> None:
    findings = reconcile(claims_of(dict(value_low=250.0, qualifier="at_least", **RC), dict(value_low=400.0, qualifier="more_than", **MIN)))
    assert findings["relation"].tolist() == ["compatible"]


@pytest.mark.parametrize(
    ("rows", "first_relation"),
    [
        pytest.param([figure(100, **RC), figure(10_000, **MIN), figure(250, subject="quake_deaths", **RC),
                      figure(400, subject="quake_deaths", **MIN)], "conflict", id="wider-gap-ranks-first"),
        pytest.param([figure(250, **RC), figure(900, status="planned", **MIN), figure(250, subject="quake_deaths", **RC),
                      figure(400, subject="quake_deaths", **MIN)], "conflict", id="conflict-outranks-scope"),
    ],
)
def test_ranking_by_severity(rows: list, first_relation: str) -> None:
    findings = reconcile(claims_of(*rows))
    assert findings["rank"].tolist() == list(range(1, len(findings) + 1))
    assert findings["severity"].is_monotonic_decreasing
    assert findings.iloc[0]["relation"] == first_relation


def test_more_independent_sources_rank_higher() -> None:
    two_sources = reconcile(claims_of(figure(250, **RC), figure(250, source_org="Civil Defence"), figure(600, **MIN)))
    one_source = reconcile(claims_of(figure(250, **RC), figure(600, **MIN)))
    assert two_sources.iloc[0]["severity"] > one_source.iloc[0]["severity"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([figure(250, **RC), figure(250, **RC), figure(400, **MIN)], (250.0, 250.0, 400.0, 2), id="one-source-collapsed"),
        pytest.param([figure(250, **RC), dict(value_low=400.0, qualifier="more_than", **MIN)], (250.0, 250.0, 400.0, 2), id="open-ended-counts-at-bound"),
        pytest.param([figure(100, **RC), figure(300, **MIN), figure(200, source_org="Civil Defence")], (100.0, 200.0, 300.0, 3), id="median-of-three"),
        pytest.param([figure(250, **RC), figure(120, is_increment=True, **MIN)], (250.0, 250.0, 250.0, 1), id="increment-left-out"),
        pytest.param([dict(value_low=200.0, value_high=300.0, qualifier="range", **RC)], (200.0, 250.0, 300.0, 1), id="range-midpoint"),
    ],
)
def test_estimates_on_small_frames(rows: list, expected: tuple) -> None:
    estimates = estimate_counts(claims_of(*rows))
    assert len(estimates) == 1
    row = estimates.iloc[0]
    assert (row["low"], row["best"], row["high"], row["n_sources"]) == expected
    assert row["rule"].startswith("claims of one original source collapsed first")


def test_estimates_split_by_status_and_date() -> None:
    estimates = estimate_counts(claims_of(figure(250, **RC), figure(30, status="wounded", **RC), figure(300, stated_on="2025-03-06", **RC)))
    assert estimates[["status", "as_of"]].values.tolist() == [["killed", "2025-03-04"], ["killed", "2025-03-06"], ["wounded", "2025-03-04"]]
    assert estimates["sources"].tolist() == ["Red Cross"] * 3 and estimates["claim_ids"].tolist() == ["c00", "c02", "c01"]


def test_empty_inputs_give_empty_valid_frames() -> None:
    claims = claims_of(figure(250, **RC))
    assert summarise_findings(claims, classify_pairs(pair_claims(claims), claims)).empty
    FindingSchema.validate(summarise_findings(claims.iloc[0:0], classify_pairs(pair_claims(claims), claims)))
    EstimateSchema.validate(estimate_counts(claims.iloc[0:0]))


def test_findings_and_estimates_are_deterministic() -> None:
    claims = synthetic_claims(2000, seed=5)
    relations = classify_pairs(pair_claims(claims), claims)
    shuffled_claims = claims.sample(frac=1.0, random_state=1)
    shuffled_relations = relations.sample(frac=1.0, random_state=2)
    findings = summarise_findings(claims, relations)
    assert len(findings) > 0 and findings["finding_id"].is_unique
    pd.testing.assert_frame_equal(findings, summarise_findings(shuffled_claims, shuffled_relations))
    pd.testing.assert_frame_equal(estimate_counts(claims), estimate_counts(shuffled_claims))
