"""Compare stage contract: claims -> positions -> timelines -> pairs, as tables of cases.

Positions: who a source is, one position per source, figure and moment, dates inherited by undated claims.
Timelines: each source's positions in order. Pairing: blocks, snapshot windows, currency, undated articles, caps,
empty and NaN-heavy input, no mutation, row order.
"""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_claims
from reconcile.compare import (
    build_timelines,
    collect_positions,
    compare_positions,
    load_ladder,
    pair_positions,
    relation_reasons,
)
from reconcile.schema import ClaimSchema, PairSchema, RelationSchema, TimelineSchema, columns_of

BASE = {column: None for column in columns_of(ClaimSchema)}
BASE.update(kind="count", subject="flood_deaths", status="killed", value_low=250.0, value_high=250.0,
            qualifier="exact", is_increment=False, text="A sentence.", start=0, end=5,
            source_org="Red Cross", source_country="International", published="2025-03-04")
RC = dict(source_org="Red Cross", source_country="International")
MIN = dict(source_org="Interior Ministry", source_country="Peru")
HEALTH = dict(source_org="Health Ministry", source_country="Peru")
UNION = dict(source_org="Transport Workers Union", source_country="Peru")


def claims_of(*rows: dict) -> pd.DataFrame:
    built = [{**BASE, "claim_id": f"c{i:02d}", "doc_id": f"d{i:02d}", "outlet": f"Outlet {i}", **row}
             for i, row in enumerate(rows)]
    return ClaimSchema.validate(pd.DataFrame(built, columns=columns_of(ClaimSchema)))


def timelines_of(*rows: dict) -> pd.DataFrame:
    return build_timelines(collect_positions(claims_of(*rows)))


def none_if_missing(value):
    return None if pd.isna(value) else value


def holders(timelines: pd.DataFrame) -> dict[str, pd.Series]:
    """claim id -> the timeline row holding it."""
    return {c: row for _, row in timelines.iterrows() for c in row["claim_ids"]}


def paired_claims(timelines: pd.DataFrame, **options) -> set[tuple[str, str]]:
    """The pairs, named by the first claim id of each position, smaller first."""
    first = {p: ids[0] for p, ids in zip(timelines["position_id"], timelines["claim_ids"], strict=True)}
    pairs = pair_positions(timelines, **options)
    return {tuple(sorted((first[a], first[b]))) for a, b in zip(pairs["position_id_l"], pairs["position_id_r"])}


# --- positions ---------------------------------------------------------------------------------------------------

POSITION_CASES = [
    # (rows, number of positions, a check on the positions) — one line per case
    pytest.param([dict(**RC), dict(**RC), dict(**RC, via="Senator Ana Ruiz")], 1, None, id="one-body-three-outlets-one-position"),
    pytest.param([dict(**RC), dict(**RC, published="2025-03-09")], 2, None, id="same-figure-other-day-two-positions"),
    pytest.param([dict(**MIN), dict(**HEALTH)], 1, None, id="one-government-one-voice"),
    pytest.param([dict(**MIN), dict(**UNION)], 2, None, id="union-and-ministry-of-one-country-are-two"),
    pytest.param([dict(**MIN), dict(source_org="police sources", source_country="Peru")], 2, None, id="unnamed-sources-stand-apart"),
    pytest.param([dict(source_org="Andean Miners' Federation", source_country="Peru", source_kind="organisers"), dict(source_org="the Federation", source_country="Peru", source_kind="organisers")], 1, None, id="a-body-called-by-the-last-word-of-its-name"),
    pytest.param([dict(**UNION), dict(source_org="the union", source_country="Peru")], 1, None, id="the-union-of-a-story-with-one-union"),
    pytest.param([dict(**UNION), dict(source_org="Teachers Union", source_country="Peru"), dict(source_org="the union", source_country="Peru")], 3, None, id="the-union-of-a-story-with-two-unions-is-neither"),
    pytest.param([dict(source_org="UN", source_country="International"), dict(source_org="Red Cross", source_country="International")], 2, None, id="international-bodies-are-not-one-government"),
    pytest.param([dict(source_org=None, source_country=None), dict(source_org=None, source_country=None)], 2, None, id="each-outlets-own-figure"),
    pytest.param([dict(subject=None), dict()], 1, None, id="no-subject-no-position"),
    pytest.param([dict(speaker="Volodymyr Zelensky", source_org=None, source_country="Ukraine"), dict(speaker="Volodymyr Zelenskyy", source_org=None, source_country="Ukraine")], 1, None, id="two-spellings-one-speaker"),
]


@pytest.mark.parametrize(("rows", "expected", "check"), POSITION_CASES)
def test_positions(rows, expected, check) -> None:
    positions = collect_positions(claims_of(*rows))
    assert len(positions) == expected
    assert sorted(c for ids in positions["claim_ids"] for c in ids) == [f"c{i:02d}" for i in range(len(rows))
                                                                       if rows[i].get("subject", "x")]


SOURCE_CASES = [
    pytest.param(dict(**MIN), "government", "official:peru", True, id="ministry"),
    pytest.param(dict(source_org="police", source_country="Peru"), "police", "official:peru", True, id="police-joins-the-government"),
    pytest.param(dict(source_org="police sources", source_country="Peru"), "anonymous", "anonymous:police sources", True, id="police-sources"),
    pytest.param(dict(**UNION), "organisers", "organisers:transport workers union", True, id="union"),
    pytest.param(dict(source_org="Reuters", source_country=None), "media", "media:reuters", True, id="agency-count"),
    pytest.param(dict(source_org="AFP (tally)", source_country=None), "media", "media:afp (tally)", True, id="agency-tally"),
    pytest.param(dict(source_org=None, speaker=None, source_country="Peru"), "government", "official:peru", True, id="a-country-said"),
    pytest.param(dict(source_org=None, speaker=None, source_country=None), "media", "media:outlet 0 (own figure)", False, id="unattributed"),
    pytest.param(dict(source_org="Pacific Monitoring Group", source_country=None, source_kind="ngo"), "ngo", "ngo:pacific monitoring group", True, id="the-extractors-kind-wins"),
    pytest.param(dict(source_org="Peru harbour authority", source_country="Peru", source_kind="ngo"), "ngo", "ngo:harbour authority", True, id="a-body-named-with-its-country-is-the-plain-body"),
    pytest.param(dict(source_org="harbour authority", source_country="Peru", source_kind="ngo"), "ngo", "ngo:harbour authority", True, id="the-plain-body"),
    pytest.param(dict(source_org="coast guard", source_country="Peru"), "military", "official:peru", True, id="a-coast-guard-is-official"),
    pytest.param(dict(source_org="Cusco Regional Government", source_country="Peru"), "government", "official:peru:cusco", True, id="a-regional-government-speaks-apart-from-the-national-one"),
    pytest.param(dict(source_org="Islamic State", source_country="Peru", source_kind="government"), "government", "official:peru", True, id="a-name-that-only-looks-like-a-region"),
    pytest.param(dict(source_org="Chief District Officer", source_country="Peru", source_kind="government"), "government", "official:peru:post:district", True, id="a-district-office-speaks-apart-from-the-national-government"),
]


@pytest.mark.parametrize(("row", "kind", "group", "attributed"), SOURCE_CASES)
def test_source_kind_and_group(row, kind, group, attributed) -> None:
    position = collect_positions(claims_of(row)).iloc[0]
    assert (position["source_kind"], position["source_group"], position["attributed"]) == (kind, group, attributed)


def test_declared_groups_override_the_default(tmp_path, monkeypatch) -> None:
    from reconcile import rules

    (tmp_path / "source_groups.csv").write_text("source,group,label\nTransport Workers Union,official:peru,test\n")
    monkeypatch.setenv(rules.ENV_VAR, str(tmp_path))
    rules._load_cached.cache_clear()
    try:
        assert len(collect_positions(claims_of(dict(**MIN), dict(**UNION)))) == 1
    finally:
        monkeypatch.delenv(rules.ENV_VAR)
        rules._load_cached.cache_clear()


AS_OF_CASES = [
    pytest.param(dict(published="2025-03-04"), "2025-03-04", "published", id="published"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04"), "2025-03-04", "statement", id="stated-on-over-published"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_from="2025-03-01", refers_to="2025-03-01", date_precision="day"), "2025-03-01", "event", id="the-dated-event"),
    pytest.param(dict(published=None), None, "unknown", id="nothing-known"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_from="2024-07-01", refers_to="2024-07-31", date_precision="month"), "2024-07-31", "past", id="a-count-about-a-past-month-is-as-of-its-end"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_from="2025-03-01", refers_to="2025-03-31", date_precision="month"), "2025-03-04", "statement", id="the-current-month-is-not-past"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_from="2024-01-01", refers_to="2024-12-31", date_precision="year"), "2024-12-31", "past", id="a-count-about-last-year-is-about-that-year"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_to="2025-03-02", date_precision="day", date_direction="before"), "2025-03-02", "event", id="by-a-day-is-as-of-that-day"),
    pytest.param(dict(published="2025-03-05", stated_on="2025-03-04", refers_to="2025-03-07", date_precision="day", date_direction="before"), "2025-03-04", "statement", id="by-a-day-to-come-is-as-of-the-statement"),
]


@pytest.mark.parametrize(("row", "as_of", "basis"), AS_OF_CASES)
def test_as_of_date(row, as_of, basis) -> None:
    position = collect_positions(claims_of(row)).iloc[0]
    assert (none_if_missing(position["as_of"]), position["as_of_basis"]) == (as_of, basis)


def test_undated_claim_joins_the_earliest_dated_figure_and_dates_its_article() -> None:
    timelines = timelines_of(
        dict(**RC, published="2025-03-04"), dict(**RC, published="2025-03-06"),
        dict(**RC, published=None, doc_id="loose"), dict(**MIN, value_low=90.0, value_high=90.0, published=None, doc_id="loose"),
    )
    held = holders(timelines)
    assert held["c02"]["position_id"] == held["c00"]["position_id"]
    assert (held["c03"]["as_of"], held["c03"]["as_of_basis"]) == ("2025-03-04", "inferred")


def test_the_most_precise_wording_stands_for_the_position() -> None:
    position = collect_positions(claims_of(dict(qualifier="more_than", value_high=None), dict())).iloc[0]
    assert (position["qualifier"], position["value_low"], position["value_high"], position["n_claims"]) == ("exact", 250.0, 250.0, 2)


SCOPE_CASES = [
    pytest.param(dict(place="Cusco", place_country="Peru"), "cusco", id="a-city-is-a-scope"),
    pytest.param(dict(place="Peru", place_country="Peru"), None, id="the-country-is-not"),
    pytest.param(dict(scope="Jordan nationals", place="Cusco", place_country="Peru"), "jordan nationals", id="the-extractors-scope-wins"),
    pytest.param(dict(), None, id="no-place-no-scope"),
]


@pytest.mark.parametrize(("row", "scope"), SCOPE_CASES)
def test_scope(row, scope) -> None:
    assert none_if_missing(collect_positions(claims_of(row)).iloc[0]["scope"]) == scope


def test_covered_periods_are_kept_and_coarse_ones_dropped() -> None:
    positions = collect_positions(claims_of(
        dict(refers_from="2025-03-01", refers_to="2025-03-02", date_precision="day", stated_on="2025-03-04"),
        dict(**MIN, refers_from="2025-01-01", refers_to="2025-12-31", date_precision="year", stated_on="2025-03-04"),
    )).set_index("source")
    assert (positions.loc["Red Cross", "refers_from"], positions.loc["Red Cross", "refers_to"]) == ("2025-03-01", "2025-03-02")
    assert pd.isna(positions.loc["Interior Ministry", "refers_from"])


# --- timelines ---------------------------------------------------------------------------------------------------


def test_timeline_steps_follow_the_as_of_dates() -> None:
    timelines = timelines_of(
        dict(value_low=90.0, value_high=90.0, published="2025-03-06"),
        dict(value_low=41.0, value_high=41.0, published="2025-03-04"),
        dict(value_low=75.0, value_high=75.0, published="2025-03-09"),
        dict(**MIN, published="2025-03-05"),
    )
    held = holders(timelines)
    chain = [held[c] for c in ("c01", "c00", "c02")]
    assert [row["step"] for row in chain] == [1, 2, 3]
    assert chain[1]["previous_position_id"] == chain[0]["position_id"] and pd.isna(chain[0]["previous_position_id"])
    assert [row["is_latest"] for row in chain] == [False, False, True]
    assert held["c03"]["timeline_id"] != chain[0]["timeline_id"] and held["c03"]["is_latest"]


# --- pairing -----------------------------------------------------------------------------------------------------

WINDOW_CASES = [
    pytest.param("killed", ["2025-03-01", "2025-03-03"], True, id="toll-two-days-apart-meets"),
    pytest.param("killed", ["2025-03-01", "2025-03-04"], False, id="toll-three-days-apart-does-not"),
    pytest.param("present", ["2025-03-01", "2025-03-08"], True, id="deployment-a-week-apart-meets"),
    pytest.param("present", ["2025-03-01", "2025-03-09"], False, id="crowds-eight-days-apart-do-not"),
    pytest.param("other", ["2025-03-01", "2025-03-04"], False, id="other-measures-two-days"),
    pytest.param("present-crowd", ["2025-03-01", "2025-03-02"], True, id="a-crowd-counted-the-next-morning-meets"),
    pytest.param("present-crowd", ["2025-03-01", "2025-03-03"], False, id="crowds-of-two-days-do-not"),
]


@pytest.mark.parametrize(("status", "days", "meet"), WINDOW_CASES)
def test_snapshot_window_of_each_measure(status, days, meet) -> None:
    subject = "protesters" if status.endswith("-crowd") else "flood_deaths"
    status = status.removesuffix("-crowd")
    timelines = timelines_of(dict(status=status, subject=subject, published=days[0]),
                             dict(**MIN, status=status, subject=subject, value_low=90.0, value_high=90.0, published=days[1]))
    assert bool(paired_claims(timelines)) == meet


def test_a_figure_its_source_replaced_does_not_meet_newer_figures_of_others() -> None:
    timelines = timelines_of(
        dict(**MIN, value_low=30.0, value_high=30.0, published="2025-03-01"),
        dict(**MIN, value_low=37.0, value_high=37.0, published="2025-03-02"),
        dict(**RC, value_low=82.0, value_high=82.0, published="2025-03-02"),
    )
    pairs = paired_claims(timelines)
    assert ("c01", "c02") in pairs and ("c00", "c01") in pairs  # the newer official figure, and the revision
    assert ("c00", "c02") not in pairs


def test_an_update_in_the_same_article_replaces_at_once_but_a_consistent_figure_does_not() -> None:
    update = timelines_of(
        dict(**MIN, value_low=735.0, value_high=735.0, doc_id="d9"), dict(**MIN, value_low=1270.0, value_high=1270.0, doc_id="d9"),
        dict(**UNION, value_low=2800.0, value_high=2800.0),
    )
    assert paired_claims(update) == {("c00", "c01"), ("c01", "c02")}
    consistent = timelines_of(
        dict(**MIN, value_low=39.0, value_high=39.0, doc_id="d9"), dict(**MIN, qualifier="approx", value_low=40.0, value_high=40.0, doc_id="d9"),
        dict(**RC, value_low=30.0, value_high=30.0),
    )
    assert {("c00", "c02"), ("c01", "c02")} <= paired_claims(consistent)


def test_an_undated_figure_meets_only_its_own_articles_figures() -> None:
    timelines = timelines_of(
        dict(**MIN, published=None, doc_id="loose", value_low=1.0, value_high=1.0),
        dict(**UNION, published=None, doc_id="loose", value_low=3.0, value_high=3.0),
        dict(**RC, published="2025-03-04", value_low=7.0, value_high=7.0),
    )
    assert paired_claims(timelines) == {("c00", "c01")}


def test_counts_without_a_figure_are_not_paired() -> None:
    assert paired_claims(timelines_of(dict(value_low=None, value_high=None), dict(**MIN))) == set()


def test_neighbours_are_capped() -> None:
    rows = [dict(source_org=f"Agency {i}", source_country=None, value_low=float(i + 1), value_high=float(i + 1))
            for i in range(12)]
    pairs = pair_positions(timelines_of(*rows), max_neighbours=3)
    assert len(pairs) == 3 * 12 - (1 + 2 + 3)


@pytest.fixture(scope="module")
def synthetic_timelines() -> pd.DataFrame:
    return build_timelines(collect_positions(synthetic_claims(3000, seed=7)))


def test_pairs_never_cross_blocks_and_follow_the_ordering_rule(synthetic_timelines: pd.DataFrame) -> None:
    pairs = pair_positions(synthetic_timelines)
    block = synthetic_timelines.set_index("position_id")[["story", "kind", "subject"]]
    assert len(pairs) > 0
    assert (block.loc[pairs["position_id_l"]].to_numpy() == block.loc[pairs["position_id_r"]].to_numpy()).all()
    assert (pairs["position_id_l"] < pairs["position_id_r"]).all()
    assert not pairs.duplicated(["position_id_l", "position_id_r"]).any()


def test_relations_carry_rule_label_and_reason(synthetic_timelines: pd.DataFrame) -> None:
    relations = compare_positions(synthetic_timelines)
    ladder = {r.rule_id: (r.relation, r.label) for r in load_ladder().rules}
    assert len(relations) == len(pair_positions(synthetic_timelines))
    assert all(ladder[rid] == (rel, lab) for rid, rel, lab in relations[["rule_id", "relation", "label"]].itertuples(index=False))
    assert relation_reasons(relations, synthetic_timelines).str.contains(" vs ").all()


@pytest.mark.parametrize("stage", ["positions", "timelines", "pairs", "relations"])
def test_empty_input_gives_empty_valid_frame(stage: str) -> None:
    positions = collect_positions(claims_of().astype(object))
    timelines = build_timelines(positions)
    frames = {"positions": positions, "timelines": timelines, "pairs": pair_positions(timelines),
              "relations": compare_positions(timelines)}
    schema = {"positions": TimelineSchema, "timelines": TimelineSchema, "pairs": PairSchema, "relations": RelationSchema}
    assert frames[stage].empty
    if stage != "positions":
        schema[stage].validate(frames[stage])


def test_nan_heavy_input() -> None:
    rows = [{**{c: None for c in columns_of(ClaimSchema)}, "claim_id": f"n{i}", "doc_id": "d", "kind": kind,
             "subject": "s", "text": "t", "start": 0, "end": 1}
            for i, kind in enumerate(["count", "count", "date", "quote", "route", "place"] * 2)]
    timelines = build_timelines(collect_positions(ClaimSchema.validate(pd.DataFrame(rows))))
    relations = compare_positions(timelines)
    assert set(relations["relation"]) <= {"unrelated", "agree"}


def test_inputs_are_not_mutated_and_row_order_does_not_matter(synthetic_timelines: pd.DataFrame) -> None:
    claims = synthetic_claims(1500, seed=3)
    before = claims.copy(deep=True)
    first = compare_positions(build_timelines(collect_positions(claims)))
    pd.testing.assert_frame_equal(claims, before)
    shuffled = claims.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(compare_positions(build_timelines(collect_positions(shuffled))), first)


def test_synthetic_claims_are_deterministic_and_valid() -> None:
    first, second = synthetic_claims(500, seed=1), synthetic_claims(500, seed=1)
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(synthetic_claims(500, seed=2))
    assert first["claim_id"].is_unique and set(first["kind"]) <= {"count", "date"}


def test_ladder_rejects_unknown_predicate(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("ladder:\n  - {rule_id: x.y, label: x, relation: agree, when: [no_such_test]}\n"
                    "  - {rule_id: y.z, label: y, relation: unrelated, when: []}\n")
    with pytest.raises(ValueError, match="no_such_test"):
        load_ladder(path)


def test_ladder_needs_a_fallback(tmp_path) -> None:
    from reconcile.rules import LexiconError

    path = tmp_path / "rules.yaml"
    path.write_text("ladder:\n  - {rule_id: x.y, label: x, relation: agree, when: [is_count]}\n")
    with pytest.raises(LexiconError, match="fallback"):
        load_ladder(path)
