"""Pairing contract: blocks by claim key and window, ordering rule, no self or duplicate pairs, empty and NaN input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.compare import claim_keys, classify_pairs, load_ladder, pair_claims
from reconcile.schema import ClaimSchema, PairSchema, RelationSchema, columns_of
from benchmarks.synthetic import synthetic_claims

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(kind="count", subject="flood_deaths", status="killed", value_low=250.0, value_high=250.0,
            qualifier="exact", outlet="Andes Wire", text="A sentence.", start=0, end=5)


def claims_on(days: list[str | None], **overrides) -> pd.DataFrame:
    rows = [{**BASE, "claim_id": f"c{i:02d}", "doc_id": f"d{i}", "stated_on": day, **overrides}
            for i, day in enumerate(days)]
    return ClaimSchema.validate(pd.DataFrame(rows, columns=columns_of(ClaimSchema)))


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return synthetic_claims(3000, seed=7)


@pytest.fixture(scope="module")
def synthetic_pairs(synthetic: pd.DataFrame) -> pd.DataFrame:
    return pair_claims(synthetic)


def test_pairs_never_cross_blocks(synthetic: pd.DataFrame, synthetic_pairs: pd.DataFrame) -> None:
    keys = claim_keys(synthetic).set_axis(synthetic["claim_id"])
    assert len(synthetic_pairs) > 0
    assert (keys.loc[synthetic_pairs["claim_id_l"]].to_numpy() == keys.loc[synthetic_pairs["claim_id_r"]].to_numpy()).all()
    assert (keys.loc[synthetic_pairs["claim_id_l"]].to_numpy() == synthetic_pairs["claim_key"].to_numpy()).all()


def test_ordering_rule_no_self_no_duplicates(synthetic_pairs: pd.DataFrame) -> None:
    assert (synthetic_pairs["claim_id_l"] < synthetic_pairs["claim_id_r"]).all()
    assert not synthetic_pairs.duplicated(["claim_id_l", "claim_id_r"]).any()


@pytest.mark.parametrize(
    ("days", "window", "expected"),
    [
        pytest.param(["2025-03-01", "2025-03-11", "2025-04-10"], 31, {("c00", "c01"), ("c01", "c02")}, id="chain-within-window"),
        pytest.param(["2025-03-01", "2025-03-11", "2025-04-10"], 5, set(), id="nothing-within-five-days"),
        pytest.param(["2025-03-01", "2025-03-01"], 0, {("c00", "c01")}, id="same-day-window-zero"),
        pytest.param(["2025-03-01", None], 31, {("c00", "c01")}, id="undated-pairs-with-dated"),
        pytest.param([None, None], 31, {("c00", "c01")}, id="two-undated"),
    ],
)
def test_window_is_respected(days: list, window: int, expected: set) -> None:
    pairs = pair_claims(claims_on(days), window_days=window)
    assert set(zip(pairs["claim_id_l"], pairs["claim_id_r"])) == expected


def test_neighbours_are_capped() -> None:
    pairs = pair_claims(claims_on(["2025-03-01"] * 12), max_neighbours=3)
    assert len(pairs) == 3 * 12 - (1 + 2 + 3)
    assert pairs.groupby("claim_id_l").size().max() <= 3


def test_published_stands_in_for_stated_on() -> None:
    claims = claims_on([None, None]).assign(published=["2025-01-01", "2025-06-01"])
    assert pair_claims(claims).empty


def test_present_and_planned_share_a_block() -> None:
    claims = claims_on(["2025-03-01", "2025-03-02"]).assign(status=["present", "planned"])
    assert len(pair_claims(claims)) == 1


@pytest.mark.parametrize(
    "kind, subjects, expected_pairs",
    [
        pytest.param("date", [None, None], 0, id="dates-of-unidentified-events-are-not-compared"),
        pytest.param("date", ["statement:ana_ruiz", "statement:ana_ruiz"], 1, id="dates-of-one-statement-are"),
        pytest.param("place", [None, None], 0, id="places-of-unidentified-events-are-not-compared"),
        pytest.param("place", ["statement:ana_ruiz", "statement:ana_ruiz"], 1, id="places-of-one-statement-are"),
        pytest.param("quote", [None, None], 1, id="quotes-without-subject-still-compare"),
    ],
)
def test_dates_and_places_need_a_subject_to_be_compared(kind: str, subjects: list, expected_pairs: int) -> None:
    claims = claims_on(["2025-03-01", "2025-03-02"], kind=kind, status=None, qualifier=None,
                       value_low=None, value_high=None).assign(subject=subjects)
    assert len(pair_claims(claims)) == expected_pairs


@pytest.mark.parametrize("stage", ["pair", "classify"])
def test_empty_input_gives_empty_valid_frame(stage: str) -> None:
    empty = claims_on([]).astype(object)
    result = pair_claims(empty) if stage == "pair" else classify_pairs(pair_claims(empty), empty)
    schema = PairSchema if stage == "pair" else RelationSchema
    assert result.empty and list(result.columns)[:3] == ["claim_id_l", "claim_id_r", "claim_key"]
    schema.validate(result)


def test_nan_heavy_input() -> None:
    rows = [{**{c: None for c in columns_of(ClaimSchema)}, "claim_id": f"n{i}", "doc_id": "d", "kind": kind,
             "text": "t", "start": 0, "end": 1} for i, kind in enumerate(["count", "count", "date", "quote", "route", "place"] * 2)]
    claims = ClaimSchema.validate(pd.DataFrame(rows))
    pairs = pair_claims(claims)
    relations = classify_pairs(pairs, claims)
    # Four undated counts without a subject share one block (6 pairs); quotes and routes have one pair each;
    # dates and places without a subject are not compared at all.
    assert len(pairs) == 6 + 2 and (relations["relation"] == "unrelated").all()


def test_inputs_are_not_mutated(synthetic: pd.DataFrame, synthetic_pairs: pd.DataFrame) -> None:
    claims_before, pairs_before = synthetic.copy(deep=True), synthetic_pairs.copy(deep=True)
    classify_pairs(synthetic_pairs, synthetic)
    pair_claims(synthetic)
    pd.testing.assert_frame_equal(synthetic, claims_before)
    pd.testing.assert_frame_equal(synthetic_pairs, pairs_before)


def test_pairing_and_classification_ignore_row_order(synthetic: pd.DataFrame, synthetic_pairs: pd.DataFrame) -> None:
    shuffled = synthetic.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(pair_claims(shuffled), synthetic_pairs)
    pd.testing.assert_frame_equal(classify_pairs(synthetic_pairs, shuffled), classify_pairs(synthetic_pairs, synthetic))


def test_relations_carry_rule_and_reason(synthetic: pd.DataFrame, synthetic_pairs: pd.DataFrame) -> None:
    relations = classify_pairs(synthetic_pairs, synthetic)
    ladder = {r.rule_id: (r.relation, r.label) for r in load_ladder().rules}
    assert len(relations) == len(synthetic_pairs)
    assert all(ladder[rid] == (rel, lab) for rid, rel, lab in relations[["rule_id", "relation", "label"]].itertuples(index=False))
    assert relations["reason"].str.contains(" vs ").all()


def test_unknown_claims_and_reversed_pairs() -> None:
    claims = claims_on(["2025-03-01", "2025-03-02"])
    pairs = pd.DataFrame({"claim_id_l": ["c01", "c00"], "claim_id_r": ["c00", "zz"], "claim_key": ["k", "k"]})
    relations = classify_pairs(pairs, claims)
    assert relations[["claim_id_l", "claim_id_r"]].values.tolist() == [["c00", "c01"]]


def test_synthetic_claims_are_deterministic_and_valid() -> None:
    first, second = synthetic_claims(500, seed=1), synthetic_claims(500, seed=1)
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(synthetic_claims(500, seed=2))
    assert first["claim_id"].is_unique and set(first["kind"]) <= {"count", "date"}


def test_ladder_rejects_unknown_predicate(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("ladder:\n  - {rule_id: x, label: x, relation: agree, when: [no_such_test]}\n"
                    "  - {rule_id: y, label: y, relation: unrelated, when: []}\n")
    with pytest.raises(ValueError, match="no_such_test"):
        load_ladder(path)


def test_claim_keys_use_kind_and_subject() -> None:
    keys = claim_keys(pd.DataFrame({"kind": ["count", "quote"], "subject": ["flood_deaths", np.nan]}))
    assert keys.tolist() == ["count|flood_deaths", "quote|"]
