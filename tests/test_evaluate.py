"""Tests for the evaluation stage (gold + predicted claims -> scores) and for the hand-checked seed fixtures."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.evaluate import FIELDS_BY_KIND, Evaluation, evaluate_claims
from reconcile.schema import ClaimSchema, columns_of
from reconcile.vocab import KINDS, RELATIONS

CLAIM_COLUMNS = columns_of(ClaimSchema)
NAN = math.nan


def claim(claim_id: str, start: int, end: int, kind: str = "count", doc_id: str = "d1", **fields) -> dict:
    """One claim row with every schema column; a count about a flood by default."""
    row = {column: None for column in CLAIM_COLUMNS}
    row.update(claim_id=claim_id, doc_id=doc_id, kind=kind, start=start, end=end, text="Floods killed 40 people.")
    if kind == "count":
        row.update(subject="people", status="killed", value_low=40.0, value_high=40.0, qualifier="exact")
    row.update(fields)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=CLAIM_COLUMNS)


def scores(evaluation: Evaluation, kind: str = "count") -> tuple:
    row = evaluation.per_kind.set_index("kind").loc[kind]
    return (int(row.gold), int(row.pred), int(row.matched), row.precision, row.recall, row.f1)


def same(actual: tuple, expected: tuple) -> bool:
    return all(
        (isinstance(e, float) and math.isnan(e) and math.isnan(a)) or a == pytest.approx(e)
        for a, e in zip(actual, expected, strict=True)
    )


# ---------------------------------------------------------------- matching and per-kind scores

MATCH_CASES = [
    pytest.param([claim("g1", 10, 20)], [claim("p1", 10, 20)], (1, 1, 1, 1.0, 1.0, 1.0), id="perfect-match"),
    pytest.param([claim("g1", 10, 20), claim("g2", 40, 50)], [claim("p1", 10, 20)], (2, 1, 1, 1.0, 0.5, 2 / 3), id="missed-claim"),
    pytest.param([claim("g1", 10, 20)], [claim("p1", 10, 20), claim("p2", 60, 70)], (1, 2, 1, 0.5, 1.0, 2 / 3), id="spurious-claim"),
    pytest.param([claim("g1", 10, 20)], [claim("p1", 15, 25)], (1, 1, 1, 1.0, 1.0, 1.0), id="partial-overlap-matches"),
    pytest.param([claim("g1", 10, 20)], [claim("p1", 20, 30)], (1, 1, 0, 0.0, 0.0, 0.0), id="touching-spans-do-not-match"),
    pytest.param([claim("g1", 10, 30)], [claim("p1", 10, 15), claim("p2", 12, 30)], (1, 2, 1, 0.5, 1.0, 2 / 3), id="two-preds-on-one-gold"),
    pytest.param([claim("g1", 10, 20), claim("g2", 20, 30)], [claim("p1", 12, 28)], (2, 1, 1, 1.0, 0.5, 2 / 3), id="one-pred-over-two-golds"),
    pytest.param([claim("g1", 10, 20)], [claim("p1", 10, 20, doc_id="d2")], (1, 1, 0, 0.0, 0.0, 0.0), id="other-document"),
    pytest.param([claim("g1", 10, 20)], [], (1, 0, 0, NAN, 0.0, 0.0), id="empty-pred"),
    pytest.param([], [claim("p1", 10, 20)], (0, 1, 0, 0.0, NAN, 0.0), id="empty-gold"),
]


@pytest.mark.parametrize(("gold_rows", "pred_rows", "expected"), MATCH_CASES)
def test_per_kind_scores(gold_rows, pred_rows, expected):
    evaluation = evaluate_claims(frame(*gold_rows), frame(*pred_rows), kinds=["count"])
    assert same(scores(evaluation), expected), scores(evaluation)


PAIR_CASES = [
    pytest.param([claim("g1", 10, 30)], [claim("p1", 10, 15), claim("p2", 12, 30)], [("g1", "p2")], id="largest-overlap-wins"),
    pytest.param([claim("g1", 10, 30)], [claim("p2", 20, 30), claim("p1", 10, 20)], [("g1", "p1")], id="tie-goes-to-earliest-start"),
    pytest.param([claim("g1", 10, 20), claim("g2", 20, 30)], [claim("p1", 15, 30)], [("g2", "p1")], id="one-to-one-best-gold"),
    pytest.param([claim("g1", 10, 20)], [claim("p1", 10, 20, kind="date")], [], id="different-kind-never-matches"),
]


@pytest.mark.parametrize(("gold_rows", "pred_rows", "expected_pairs"), PAIR_CASES)
def test_matching_is_one_to_one_and_greedy(gold_rows, pred_rows, expected_pairs):
    evaluation = evaluate_claims(frame(*gold_rows), frame(*pred_rows))
    assert list(zip(evaluation.matches["gold_id"], evaluation.matches["pred_id"])) == expected_pairs


def test_kinds_are_scored_separately_with_an_all_row():
    gold = frame(claim("g1", 0, 5), claim("g2", 10, 20, kind="date", refers_from="2024-05-01"))
    pred = frame(claim("p1", 0, 5), claim("p2", 30, 40, kind="date"))
    per_kind = evaluate_claims(gold, pred).per_kind.set_index("kind")
    assert per_kind.index.tolist() == ["count", "date", "all"]
    assert per_kind.loc["count", "f1"] == 1.0
    assert per_kind.loc["date", "matched"] == 0
    assert per_kind.loc["all", "precision"] == 0.5


def test_kinds_filter_keeps_only_the_named_kinds():
    gold = frame(claim("g1", 0, 5), claim("g2", 10, 20, kind="quote", quote_text="we are coping"))
    evaluation = evaluate_claims(gold, gold, kinds=["quote"])
    assert evaluation.per_kind["kind"].tolist() == ["quote", "all"]
    assert evaluation.field_accuracy["kind"].unique().tolist() == ["quote"]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="rumour"):
        evaluate_claims(frame(), frame(), kinds=["rumour"])


# ---------------------------------------------------------------- field accuracy on matched pairs

FIELD_CASES = [
    pytest.param("count", "interval", {}, {}, 1, id="interval-equal"),
    pytest.param("count", "interval", {"value_low": 40.0}, {"value_low": 35.0}, 0, id="interval-low-differs"),
    pytest.param("count", "interval", {"value_high": NAN}, {"value_high": NAN}, 1, id="interval-open-high-both"),
    pytest.param("count", "interval", {"value_high": NAN}, {"value_high": 40.0}, 0, id="interval-open-vs-closed"),
    pytest.param("count", "qualifier", {"qualifier": "approx"}, {"qualifier": "exact"}, 0, id="qualifier-differs"),
    pytest.param("count", "status", {"status": "killed"}, {"status": "wounded"}, 0, id="status-differs"),
    pytest.param("count", "subject", {"subject": "people"}, {"subject": " People "}, 1, id="subject-case-and-space"),
    pytest.param("count", "speaker", {"speaker": "Maria  Lopez"}, {"speaker": "maria lopez"}, 1, id="speaker-normalised"),
    pytest.param("count", "speaker", {"speaker": "Maria Lopez"}, {"speaker": "Ana Ruiz"}, 0, id="speaker-differs"),
    pytest.param("count", "source_org", {"source_org": None}, {"source_org": ""}, 1, id="empty-equals-empty"),
    pytest.param("count", "source_country", {"source_country": "Peru"}, {"source_country": None}, 0, id="missing-country"),
    pytest.param("count", "stated_on", {"stated_on": "2024-05-02"}, {"stated_on": None}, 0, id="missing-stated-on"),
    pytest.param("date", "refers_to", {"refers_to": "2024-05-31"}, {"refers_to": "2024-05-31"}, 1, id="date-refers-to"),
    pytest.param("date", "refers_from", {"refers_from": "2024-05-01"}, {"refers_from": "2024-05-02"}, 0, id="date-refers-from-off-by-one"),
    pytest.param("place", "place", {"place": "Lima’s port"}, {"place": "Lima's port"}, 1, id="place-typographic-apostrophe"),
    pytest.param("route", "mode", {"mode": "ship"}, {"mode": "air"}, 0, id="route-mode-differs"),
    pytest.param("route", "origin", {"origin": "Callao"}, {"origin": "callao"}, 1, id="route-origin-case"),
    pytest.param("quote", "quote_text", {"quote_text": "we are coping"}, {"quote_text": "we are hoping"}, 0, id="quote-variant"),
]


@pytest.mark.parametrize(("kind", "field", "gold_fields", "pred_fields", "correct"), FIELD_CASES)
def test_field_accuracy(kind, field, gold_fields, pred_fields, correct):
    gold = frame(claim("g1", 0, 9, kind=kind, **gold_fields))
    pred = frame(claim("p1", 0, 9, kind=kind, **pred_fields))
    accuracy = evaluate_claims(gold, pred).field_accuracy.set_index(["kind", "field"]).loc[(kind, field)]
    assert (accuracy["compared"], accuracy["correct"]) == (1, correct)


def test_field_accuracy_lists_the_fields_of_each_kind_in_order():
    gold = frame(claim("g1", 0, 5), claim("g2", 10, 20, kind="route", mode="ship"))
    table = evaluate_claims(gold, gold).field_accuracy
    assert table[table["kind"] == "count"]["field"].tolist() == list(FIELDS_BY_KIND["count"])
    assert table["accuracy"].eq(1.0).all()


def test_unmatched_claims_are_returned_on_both_sides():
    gold = frame(claim("g1", 0, 5), claim("g2", 8, 9))
    evaluation = evaluate_claims(gold, frame(claim("p1", 0, 5), claim("p9", 50, 60)))
    assert evaluation.unmatched_gold["claim_id"].tolist() == ["g2"]
    assert evaluation.unmatched_pred["claim_id"].tolist() == ["p9"]


# ---------------------------------------------------------------- invalid input is reported, not fatal

REJECT_CASES = [
    pytest.param((10, 20), {"qualifier": "roughly"}, "qualifier", id="qualifier-outside-vocabulary"),
    pytest.param((10, 20), {"value_low": 50.0, "value_high": 10.0}, None, id="low-above-high"),
    pytest.param((20, 10), {}, None, id="span-reversed"),
    pytest.param((10, 20), {"stated_on": "May 2"}, "stated_on", id="date-not-iso"),
]


@pytest.mark.parametrize(("span", "bad_fields", "column"), REJECT_CASES)
def test_invalid_predicted_rows_are_rejected_and_reported(span, bad_fields, column):
    pred = frame(claim("p1", 0, 5), claim("p2", *span, **bad_fields))
    evaluation = evaluate_claims(frame(claim("g1", 0, 5)), pred)
    assert set(evaluation.rejected["side"]) == {"pred"}
    assert "p2" in set(evaluation.rejected["id"])
    if column:
        assert column in set(evaluation.rejected["column"])
    assert scores(evaluation)[:3] == (1, 1, 1)


def test_a_frame_missing_a_column_is_rejected_whole_without_crashing():
    pred = frame(claim("p1", 0, 5), claim("p2", 10, 20, qualifier="roughly")).drop(columns=["speaker"])
    evaluation = evaluate_claims(frame(claim("g1", 0, 5)), pred)
    assert scores(evaluation)[:3] == (1, 0, 0)
    assert "speaker" in set(evaluation.rejected["failure_case"])


# ---------------------------------------------------------------- outputs and purity

def test_to_text_and_to_dict_report_the_scores():
    gold = frame(claim("g1", 0, 5), claim("g2", 8, 9))
    evaluation = evaluate_claims(gold, frame(claim("p1", 0, 5)))
    text = evaluation.to_text()
    assert re.search(r"count\s+2\s+1\s+1\s+1\.000\s+0\.500\s+0\.667", text)
    payload = json.loads(json.dumps(evaluation.to_dict()))
    assert payload["unmatched_gold"] == ["g2"]
    assert payload["per_kind"][0]["recall"] == 0.5


def test_inputs_are_not_mutated():
    gold = frame(claim("g1", 0, 5), claim("g2", 8, 9))
    pred = frame(claim("p1", 0, 5, qualifier="roughly"))
    before = (gold.copy(), pred.copy())
    evaluate_claims(gold, pred)
    pd.testing.assert_frame_equal(gold, before[0])
    pd.testing.assert_frame_equal(pred, before[1])


@settings(derandomize=True, deadline=None, max_examples=12)
@given(st.permutations(list(range(6))))
def test_row_order_never_changes_the_result(order):
    gold = frame(*[claim(f"g{i}", 10 * i, 10 * i + 6) for i in range(4)])
    pred = frame(*[claim(f"p{i}", 10 * (i % 4) + (i // 4), 10 * (i % 4) + 8) for i in range(6)])
    reference = evaluate_claims(gold, pred)
    shuffled = evaluate_claims(gold.iloc[::-1], pred.iloc[list(order)])
    pd.testing.assert_frame_equal(reference.matches, shuffled.matches)
    pd.testing.assert_frame_equal(reference.per_kind, shuffled.per_kind)


@settings(derandomize=True, deadline=None, max_examples=12)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30), st.sampled_from(KINDS)), max_size=8))
def test_claims_scored_against_themselves_are_perfect(spans):
    claims = frame(*[claim(f"c{i}", start, start + width, kind=kind) for i, (start, width, kind) in enumerate(spans)])
    evaluation = evaluate_claims(claims, claims)
    assert evaluation.per_kind["matched"].tolist() == evaluation.per_kind["gold"].tolist()
    assert evaluation.field_accuracy["accuracy"].eq(1.0).all()


# ---------------------------------------------------------------- the hand-checked seed fixtures


@pytest.fixture(scope="module")
def gold_claims(fixtures_dir) -> pd.DataFrame:
    return pd.read_csv(fixtures_dir / "claims_gold.csv", dtype={"is_increment": "boolean"})


@pytest.fixture(scope="module")
def seed_texts(seeds_dir) -> dict[str, str]:
    return {path.stem: path.read_bytes().decode("utf-8") for path in sorted(seeds_dir.glob("*.txt"))}


def test_gold_has_the_schema_columns_and_validates(gold_claims):
    assert gold_claims.columns.tolist() == CLAIM_COLUMNS
    validated = ClaimSchema.validate(gold_claims, lazy=True)
    assert len(validated) == len(gold_claims) > 0


def test_gold_spans_are_exact_in_the_seed_text(gold_claims, seed_texts):
    for row in gold_claims.itertuples():
        text = seed_texts[row.doc_id]
        span = text[row.start : row.end]
        assert span and span == span.strip(), row.claim_id
        assert span in row.text, row.claim_id
        assert row.text in text, row.claim_id
        if row.kind == "quote":
            assert span == row.quote_text, row.claim_id


def test_gold_metadata_matches_the_manifest(gold_claims, seeds_dir):
    manifest = pd.read_csv(seeds_dir / "manifest.csv", dtype=str).set_index("doc_id")
    for row in gold_claims.itertuples():
        assert row.published == manifest.at[row.doc_id, "published"], row.claim_id
        assert (row.outlet if isinstance(row.outlet, str) else None) == (
            manifest.at[row.doc_id, "outlet"] if isinstance(manifest.at[row.doc_id, "outlet"], str) else None
        ), row.claim_id


def test_gold_is_sorted_and_ids_follow_the_pattern(gold_claims):
    ordered = gold_claims.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort")
    assert ordered.index.tolist() == gold_claims.index.tolist()
    pattern = re.compile(r"^gold-\d{3}-(count|date|place|route|quote)-\d{2}$")
    for claim_id, kind in zip(gold_claims["claim_id"], gold_claims["kind"], strict=True):
        assert pattern.match(claim_id) and claim_id.split("-")[2] == kind, claim_id


def test_gold_counts_carry_subject_status_and_qualifier(gold_claims):
    counts = gold_claims[gold_claims["kind"] == "count"]
    assert counts[["subject", "status", "qualifier"]].notna().all().all()
    assert counts["is_increment"].notna().all()
    increments = counts[counts["is_increment"]]
    assert len(increments) == 2


def test_gold_scored_against_itself_is_perfect(gold_claims):
    evaluation = evaluate_claims(gold_claims, gold_claims)
    assert evaluation.per_kind["f1"].eq(1.0).all()
    assert evaluation.field_accuracy["accuracy"].eq(1.0).all()
    assert len(evaluation.rejected) == 0


def test_expected_findings_are_well_formed(fixtures_dir, gold_claims):
    findings = pd.read_csv(fixtures_dir / "expected_findings.csv", dtype=str, keep_default_na=False)
    assert findings.columns.tolist() == [
        "finding_key", "relation", "kind", "subject", "status", "value_l", "value_r", "sources_l", "sources_r", "note"
    ]
    assert 8 <= len(findings) <= 20
    assert findings["finding_key"].is_unique
    assert set(findings["relation"]) <= set(RELATIONS)
    assert set(findings["kind"]) <= set(KINDS)
    known = set(gold_claims["claim_id"])
    for note in findings["note"]:
        cited = re.findall(r"gold-\d{3}-[a-z]+-\d{2}", note)
        assert cited and set(cited) <= known, note
