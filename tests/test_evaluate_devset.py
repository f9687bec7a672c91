"""Tests for the devset evaluator (story folder + report folder -> count, field and conflict scores), rule by rule.

Every gold/predicted table here is hand-made about an invented flood; none comes from ../shared/devsets.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.evaluate import Devset, evaluate_devset, evaluate_devset_folder, load_devset, read_report
from reconcile.evaluate.conflicts import parse_claim_ids, score_conflicts, side_position
from reconcile.evaluate.devset import GOLD_COLUMNS, apply_corrections, locate_quotes
from reconcile.evaluate.fields import (
    same_amount,
    same_country,
    same_date,
    same_interval,
    same_label,
    same_person,
    same_source_org,
    same_speaker,
)

NAN = math.nan

# ---------------------------------------------------------------- field rules, one line per case

SPEAKER_CASES = [
    pytest.param("Ana Ruiz", "Ana Ruiz", True, id="equal"),
    pytest.param("Ana Ruiz", "ana  RUIZ", True, id="case-and-spaces"),
    pytest.param("José Núñez", "Jose Nunez", True, id="accents"),
    pytest.param("Ana Ruiz", "Ruiz", True, id="surname-only"),
    pytest.param("Ruiz", "Ana Ruiz", True, id="surname-only-in-gold"),
    pytest.param("Ana María Ruiz", "María Ruiz", True, id="first-name-dropped"),
    pytest.param("Ana Ruiz", "Ana Ruiz-Soto", False, id="longer-surname-is-another-name"),
    pytest.param("Pedro Kowalczyk", "Pedro Kowalczykk", True, id="spelling-variant"),
    pytest.param("Omar Al-Haddad", "Omar bin Said Al-Haddad", True, id="same-surname-same-initial"),
    pytest.param("Omar Al-Haddad", "Karim Al-Haddad", False, id="same-surname-other-initial"),
    pytest.param("Ana Ruiz", "Luis Ortega", False, id="another-person"),
    pytest.param("Ana Ruiz; Luis Ortega", "Ortega", True, id="gold-list-shares-one"),
    pytest.param("Ana Ruiz", "Luis Ortega; Ana Ruiz", True, id="pred-list-shares-one"),
    pytest.param("Ana Ruiz; Luis Ortega", "Marta Gil", False, id="list-shares-none"),
    pytest.param(None, "", True, id="both-empty"),
    pytest.param(NAN, None, True, id="nan-is-empty"),
    pytest.param("Ana Ruiz", None, False, id="missed-speaker"),
    pytest.param(None, "Ana Ruiz", False, id="invented-speaker"),
]


@pytest.mark.parametrize(("gold", "pred", "right"), SPEAKER_CASES)
def test_speaker_rule(gold, pred, right):
    assert same_speaker(gold, pred) is right


def test_same_person_is_symmetric_on_the_cases():
    for case in SPEAKER_CASES:
        gold, pred, _ = case.values
        if isinstance(gold, str) and isinstance(pred, str) and ";" not in gold + pred:
            assert same_person(gold, pred) == same_person(pred, gold), case.id


ORG_CASES = [
    pytest.param("river authority", "River Authority", True, id="case"),
    pytest.param("police", "Northport police prefecture", True, id="words-contained"),
    pytest.param("Northport police prefecture", "police", True, id="words-contained-reversed"),
    pytest.param("WRB (tally)", "WRB", True, id="parenthesised-note"),
    pytest.param("prefectures", "prefecture", True, id="plural"),
    pytest.param("Ministry of the Interior", "interior ministry", True, id="word-order-and-filler"),
    pytest.param("Norland's health ministry", "Norland health ministry", True, id="possessive"),
    pytest.param("Norland foreign ministry", "Norlandian foreign ministry", True, id="country-adjective"),
    pytest.param("interior ministry", "foreign ministry", False, id="other-ministry"),
    pytest.param("Norland Commission on Human Rights", "NCHR", True, id="an-acronym-spells-the-name"),
    pytest.param("NCHR", "Norland Commission on Human Rights", True, id="an-acronym-spells-the-name-reversed"),
    pytest.param("Norland Commission on Human Rights", "NHRC", False, id="an-acronym-of-other-initials"),
    pytest.param("dock workers union", "river authority", False, id="other-body"),
    pytest.param("river authority; dock workers union", "union", True, id="list-shares-one"),
    pytest.param(None, "The Daily Courier", False, id="outlet-for-unattributed-is-wrong"),
    pytest.param("river authority", None, False, id="missed-org"),
    pytest.param("", None, True, id="both-empty"),
]


@pytest.mark.parametrize(("gold", "pred", "right"), ORG_CASES)
def test_source_org_rule(gold, pred, right):
    assert same_source_org(gold, pred) is right


COUNTRY_CASES = [
    pytest.param("Norland", "norland", True, id="case"),
    pytest.param("Côte d'Ivoire", "Cote d Ivoire", True, id="accents-and-punctuation"),
    pytest.param("Norland", "Southland", False, id="other-country"),
    pytest.param("Norland", "Southland; Norland", True, id="list-shares-one"),
    pytest.param(None, "Norland", False, id="invented-country"),
    pytest.param(None, None, True, id="both-empty"),
]


@pytest.mark.parametrize(("gold", "pred", "right"), COUNTRY_CASES)
def test_source_country_rule(gold, pred, right):
    assert same_country(gold, pred) is right


INTERVAL_CASES = [
    pytest.param(("40", "40"), (40.0, 40.0), True, id="exact-strings-vs-floats"),
    pytest.param(("40", None), (40.0, NAN), True, id="open-high-both"),
    pytest.param(("40", None), (40.0, 40.0), False, id="open-vs-closed"),
    pytest.param((None, None), (20000.0, 99999.0), False, id="vague-gold-has-no-bounds"),
    pytest.param((None, "400"), (NAN, 400.0), True, id="up-to"),
    pytest.param(("25000", "45000"), (25000.0, 45000.0), True, id="range"),
    pytest.param(("41", "41"), (14.0, 14.0), False, id="other-figure"),
]


@pytest.mark.parametrize(("gold", "pred", "right"), INTERVAL_CASES)
def test_interval_rule(gold, pred, right):
    assert same_interval(*gold, *pred) is right


AMOUNT_CASES = [
    pytest.param((None, None, "vague"), (24.0, 99.0, "vague"), True, id="vague-read-as-vague"),
    pytest.param((None, None, "vague"), (24.0, 24.0, "exact"), False, id="vague-read-as-a-figure"),
    pytest.param(("40", None, "at_least"), (40.0, NAN, "at_least"), True, id="figure-by-interval"),
    pytest.param(("40", None, "at_least"), (40.0, 40.0, "exact"), False, id="figure-bounds-differ"),
]


@pytest.mark.parametrize(("gold", "pred", "right"), AMOUNT_CASES)
def test_vague_amounts_are_scored_as_vague(gold, pred, right):
    assert same_amount(*gold, *pred) is right


LABEL_CASES = [
    pytest.param(same_label, "exact", "Exact ", True, id="label-case"),
    pytest.param(same_label, "present", "other", False, id="label-differs"),
    pytest.param(same_label, None, None, True, id="label-both-empty"),
    pytest.param(same_date, "2024-05-02", "2024-05-02", True, id="date-equal"),
    pytest.param(same_date, "2024-05-02", "2024-05-01", False, id="date-off-by-one"),
    pytest.param(same_date, "2024-05-02", None, False, id="date-missing"),
]


@pytest.mark.parametrize(("rule", "gold", "pred", "right"), LABEL_CASES)
def test_label_and_date_rules(rule, gold, pred, right):
    assert rule(gold, pred) is right


# ---------------------------------------------------------------- locating quotes

TEXT = "Floods: 40 dead. Floods: 40 dead. The river authority said 12 were missing."


def gold_row(quote: str, doc_id: str = "d1", **fields) -> dict:
    row = {column: None for column in GOLD_COLUMNS}
    row.update(doc_id=doc_id, quote=quote, value_low="40", value_high="40", qualifier="exact",
               subject="flood_dead", status="killed", position="p-40")
    row.update(fields)
    return row


def gold_frame(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=GOLD_COLUMNS)
    return frame.assign(line=range(2, len(frame) + 2))


LOCATE_CASES = [
    pytest.param([gold_row("40 dead")], [8], 0, id="first-occurrence"),
    pytest.param([gold_row("40 dead"), gold_row("40 dead")], [8, 25], 0, id="nth-row-nth-occurrence"),
    pytest.param([gold_row("40 dead")] * 3, [8, 25, None], 1, id="more-rows-than-occurrences"),
    pytest.param([gold_row("70 dead")], [None], 1, id="quote-not-found"),
    pytest.param([gold_row("40 dead", doc_id="d9")], [None], 1, id="unknown-document"),
]


@pytest.mark.parametrize(("rows", "starts", "n_problems"), LOCATE_CASES)
def test_locate_quotes(rows, starts, n_problems):
    located, problems = locate_quotes(gold_frame(*rows), {"d1": TEXT})
    assert [None if pd.isna(s) else int(s) for s in located["start"]] == starts
    assert len(problems) == n_problems
    found = located.dropna(subset=["start"])
    assert all(TEXT[int(r.start):int(r.end)] == r.quote for r in found.itertuples())


# ---------------------------------------------------------------- count matching, recall, precision, fields


def devset(*rows: dict, pairs: list[tuple[str, str, str]] = (), text: str = TEXT) -> Devset:
    gold, problems = locate_quotes(gold_frame(*rows), {"d1": text})
    pair_frame = pd.DataFrame([(a, b, label, "why") for a, b, label in pairs],
                              columns=["position_a", "position_b", "label", "why"])
    return Devset("flood", {"d1": text}, gold, pair_frame, problems)


def pred(claim_id: str, start: int, end: int, kind: str = "count", doc_id: str = "d1", **fields) -> dict:
    row = dict(claim_id=claim_id, doc_id=doc_id, kind=kind, start=start, end=end, value_low=40.0, value_high=40.0,
               qualifier="exact", subject="deaths", status="killed", speaker=None, source_org=None,
               source_country=None, stated_on=None)
    row.update(fields)
    return row


def claims(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


NO_FINDINGS = pd.DataFrame()

COUNT_CASES = [
    pytest.param([gold_row("40 dead")], [pred("c1", 8, 10)], (1, 1, 1), id="one-match"),
    pytest.param([gold_row("40 dead"), gold_row("40 dead")], [pred("c1", 25, 27)], (2, 1, 1), id="second-occurrence"),
    pytest.param([gold_row("40 dead")], [pred("c1", 8, 10), pred("c2", 9, 15)], (1, 2, 1), id="one-to-one"),
    pytest.param([gold_row("40 dead")], [pred("c1", 0, 6)], (1, 1, 0), id="no-overlap-is-false-count"),
    pytest.param([gold_row("40 dead")], [pred("c1", 8, 10, doc_id="d2")], (1, 1, 0), id="other-document"),
    pytest.param([gold_row("40 dead")], [pred("c1", 8, 10, kind="date")], (1, 0, 0), id="only-counts-are-predictions"),
    pytest.param([gold_row("70 dead")], [pred("c1", 8, 10)], (1, 1, 0), id="unlocated-gold-is-a-miss"),
    pytest.param([gold_row("40 dead")], [], (1, 0, 0), id="nothing-predicted"),
]


@pytest.mark.parametrize(("gold_rows", "pred_rows", "expected"), COUNT_CASES)
def test_count_recall_and_precision(gold_rows, pred_rows, expected):
    pred_frame = claims(*pred_rows) if pred_rows else pd.DataFrame(columns=["claim_id", "doc_id", "kind", "start",
                                                                             "end"])
    metrics = evaluate_devset(devset(*gold_rows), pred_frame, NO_FINDINGS).metrics
    n_gold, n_pred, n_matched = expected
    assert (metrics["count_gold"], metrics["count_predicted"], metrics["count_matched"]) == expected
    assert metrics["count_recall"] == n_matched / n_gold
    assert (math.isnan(metrics["count_precision"]) if not n_pred else metrics["count_precision"] == n_matched / n_pred)


def test_matching_is_deterministic_largest_overlap_first():
    story = devset(gold_row("40 dead"))
    order_a = claims(pred("c1", 8, 10), pred("c2", 8, 15))
    order_b = order_a.iloc[::-1].reset_index(drop=True)
    for frame in (order_a, order_b):
        assert evaluate_devset(story, frame, NO_FINDINGS).matched["pred_id"].tolist() == ["c2"]


# Gold quotes may overlap or hold a second number: a prediction goes first to an overlapping row of its own figure.
CLIMBERS = "Rescuers found 12 out of 30 climbers who had been reported lost, two guides said."
AT_12, AT_30 = CLIMBERS.find("12 out"), CLIMBERS.find("30 climbers")  # gold rows d1:2 and d1:3 start here


def figure(value: float, start: int, end: int, claim_id: str = "c1") -> dict:
    return pred(claim_id, start, end, value_low=value, value_high=value)


FIGURE_CASES = [
    pytest.param([figure(30, AT_30, AT_30 + 11)], {"c1": "d1:3"}, id="same-figure-wins-a-tie"),
    pytest.param([figure(30, AT_12, AT_30 + 11)], {"c1": "d1:3"}, id="same-figure-beats-a-larger-overlap"),
    pytest.param([figure(12, AT_12, AT_12 + 2), figure(30, AT_30, AT_30 + 11, "c2")], {"c1": "d1:2", "c2": "d1:3"},
                 id="both-rows-found"),
    pytest.param([figure(7, AT_30, AT_30 + 11)], {"c1": "d1:2"}, id="no-figure-agrees-earliest-gold-on-a-tie"),
]


@pytest.mark.parametrize(("pred_rows", "expected"), FIGURE_CASES)
def test_a_prediction_goes_to_the_overlapping_row_of_its_figure(pred_rows, expected):
    story = devset(gold_row("12 out of 30 climbers", value_low="12", value_high="12"),
                   gold_row("30 climbers who had been reported lost", value_low="30", value_high="30"), text=CLIMBERS)
    matched = evaluate_devset(story, claims(*pred_rows), NO_FINDINGS).matched
    assert dict(zip(matched["pred_id"], matched["gold_id"], strict=True)) == expected


FIELD_CASES = [
    pytest.param({}, {}, "interval", (1, 1), id="interval-right"),
    pytest.param({"value_high": None, "qualifier": "at_least"}, {}, "interval", (1, 0), id="interval-wrong"),
    pytest.param({"status": "killed"}, {"status": "other"}, "status", (1, 0), id="status-wrong"),
    pytest.param({"speaker": "Ana Ruiz"}, {"speaker": "Ruiz"}, "speaker", (1, 1), id="speaker-surname"),
    pytest.param({"source_org": "river authority"}, {"source_org": "Daily Courier"}, "source_org", (1, 0),
                 id="org-outlet-wrong"),
    pytest.param({"source_country": "Norland"}, {"source_country": "Norland"}, "source_country", (1, 1),
                 id="country-right"),
    pytest.param({"stated_on": None}, {"stated_on": "2024-05-02"}, "stated_on", (0, 0),
                 id="stated-on-not-scored-without-gold"),
    pytest.param({"stated_on": "2024-05-02"}, {"stated_on": None}, "stated_on", (1, 0), id="stated-on-missed"),
]


@pytest.mark.parametrize(("gold_fields", "pred_fields", "field", "expected"), FIELD_CASES)
def test_field_accuracy_on_matched_counts(gold_fields, pred_fields, field, expected):
    evaluation = evaluate_devset(devset(gold_row("40 dead", **gold_fields)), claims(pred("c1", 8, 10, **pred_fields)),
                                 NO_FINDINGS)
    row = evaluation.fields.set_index("field").loc[field]
    assert (row["compared"], row["correct"]) == expected
    assert evaluation.fields["field"].tolist() == ["interval", "qualifier", "status", "speaker", "source_org",
                                                   "source_country", "stated_on"]


# ---------------------------------------------------------------- conflicts

CLAIM_ID_CASES = [
    pytest.param("c1; c2", ["c1", "c2"], id="semicolon-string"),
    pytest.param("c1", ["c1"], id="single"),
    pytest.param(["c1", "c2"], ["c1", "c2"], id="list"),
    pytest.param('["c1", "c2"]', ["c1", "c2"], id="json-array-string"),
    pytest.param("", [], id="empty"),
    pytest.param(None, [], id="none"),
    pytest.param(NAN, [], id="nan"),
]


@pytest.mark.parametrize(("cell", "expected"), CLAIM_ID_CASES)
def test_parse_claim_ids(cell, expected):
    assert parse_claim_ids(cell) == expected


POSITION_OF = {"c1": "a", "c2": "a", "c3": "b", "c4": "b", "c5": "c"}
GOLD_ORDER = {"b": 0, "a": 1, "c": 2}
SIDE_CASES = [
    pytest.param(["c1"], "a", id="one-claim"),
    pytest.param(["c1", "c2", "c3"], "a", id="most-frequent"),
    pytest.param(["c1", "c3"], "b", id="tie-by-gold-order"),
    pytest.param(["c1", "x9", "x8"], "a", id="unmatched-claims-do-not-vote"),
    pytest.param(["x9"], None, id="no-vote-no-position"),
    pytest.param([], None, id="empty-side"),
]


@pytest.mark.parametrize(("claim_ids", "expected"), SIDE_CASES)
def test_side_position(claim_ids, expected):
    assert side_position(claim_ids, POSITION_OF, GOLD_ORDER) == expected


GOLD_PAIRS = pd.DataFrame(
    [("a", "b", "conflict", ""), ("a", "c", "tolerated", ""), ("b", "d", "conflict", "")],
    columns=["position_a", "position_b", "label", "why"],
)


def finding(rank: int, left, right, relation: str = "conflict", **extra) -> dict:
    return {"finding_id": f"F{rank}", "rank": rank, "relation": relation, "claim_ids_l": left, "claim_ids_r": right,
            **extra}


LABEL_CASES_CONFLICT = [
    pytest.param(finding(1, "c1", "c3"), "real", id="gold-conflict"),
    pytest.param(finding(1, "c3", "c1"), "real", id="either-order"),
    pytest.param(finding(1, ["c1"], '["c5"]'), "tolerated", id="gold-tolerated-list-and-json"),
    pytest.param(finding(1, "c3", "c5"), "false", id="pair-not-listed"),
    pytest.param(finding(1, "c1", "c2"), "false", id="same-position"),
    pytest.param(finding(1, "c1", "x9"), "false", id="unmapped-side"),
    pytest.param(finding(1, "c1; c2", "c3; c4", story="flood"), "real", id="camps-of-one-position-each"),
    pytest.param(finding(1, "c1", "c3; c5"), "real", id="camp-with-a-real-and-a-tolerated-pair"),
    pytest.param(finding(1, "c1; c5", "c3"), "false", id="camp-with-as-many-false-as-real-pairs"),
    pytest.param(finding(1, "c1; x9", "c3", story="flood"), "real", id="unmatched-claims-in-a-side-say-nothing"),
]


@pytest.mark.parametrize(("row", "label"), LABEL_CASES_CONFLICT)
def test_conflict_labels(row, label):
    scores = score_conflicts(pd.DataFrame([row]), POSITION_OF, ["b", "a", "c", "d"], GOLD_PAIRS)
    assert scores.conflicts["label"].tolist() == [label]


def test_conflict_precision_top_ten_and_recall():
    rows = [finding(rank, "c3", "c5") for rank in range(1, 11)]  # ten false conflicts first
    rows += [finding(11, "c1", "c3"), finding(12, "c1", "c5"), finding(13, "c1", "c4")]
    rows += [finding(14, "c1", "c3", relation="revision")]  # not a conflict: not scored
    metrics = score_conflicts(pd.DataFrame(rows), POSITION_OF, ["b", "a", "c", "d"], GOLD_PAIRS).metrics
    assert (metrics["conflicts_shown"], metrics["conflicts_real"], metrics["conflicts_tolerated"],
            metrics["conflicts_false"]) == (13, 2, 1, 10)
    assert metrics["conflict_precision"] == 2 / 12  # the tolerated one counts neither way
    assert metrics["top_ten_precision"] == 0.0
    assert metrics["conflict_recall"] == 0.5  # a-b found (twice), b-d missed


def test_conflicts_follow_rank_order_and_missed_pairs_are_listed():
    rows = [finding(3, "c1", "c3"), finding(1, "c3", "c5"), finding(2, "c1", "c5")]
    scores = score_conflicts(pd.DataFrame(rows), POSITION_OF, ["b", "a", "c", "d"], GOLD_PAIRS)
    assert scores.conflicts["rank"].tolist() == [1, 2, 3]
    assert scores.metrics["top_ten_precision"] == 0.5
    assert scores.missed_pairs[["position_a", "position_b"]].values.tolist() == [["b", "d"]]


def test_no_findings_gives_undefined_precision_and_zero_recall():
    metrics = score_conflicts(pd.DataFrame(), POSITION_OF, ["a"], GOLD_PAIRS).metrics
    assert metrics["conflicts_shown"] == 0
    assert math.isnan(metrics["conflict_precision"]) and math.isnan(metrics["top_ten_precision"])
    assert metrics["conflict_recall"] == 0.0


def test_conflict_sides_map_through_matched_count_claims():
    story = devset(gold_row("40 dead", position="a"),
                   gold_row("12 were missing", value_low="12", value_high="12", position="b"),
                   pairs=[("a", "b", "conflict")])
    found = claims(pred("c1", 8, 10), pred("c2", 60, 62))
    evaluation = evaluate_devset(story, found, pd.DataFrame([finding(1, "c1", "c2")]))
    assert evaluation.metrics["conflict_precision"] == 1.0
    assert evaluation.metrics["conflict_recall"] == 1.0


# ---------------------------------------------------------------- corrections

CORRECTION_CASES = [
    pytest.param(("d1", "40 dead", 2, "status", "wounded"), ["killed", "wounded"], 0, id="second-occurrence-set"),
    pytest.param(("d1", "40 dead", "", "status", "other"), ["other", "killed"], 0, id="default-first-occurrence"),
    pytest.param(("d1", "40 dead", 1, "drop", ""), ["killed"], 0, id="drop-a-row"),
    pytest.param(("d1", "70 dead", 1, "status", "other"), ["killed", "killed"], 1, id="unknown-quote-reported"),
    pytest.param(("d1", "40 dead", 1, "colour", "red"), ["killed", "killed"], 1, id="unknown-column-reported"),
]


@pytest.mark.parametrize(("correction", "statuses", "n_problems"), CORRECTION_CASES)
def test_apply_corrections(correction, statuses, n_problems):
    fixes = pd.DataFrame([("flood", *correction, "why")],
                         columns=["story", "doc_id", "quote", "occurrence", "column", "value", "why"])
    gold = gold_frame(gold_row("40 dead"), gold_row("40 dead"))
    corrected, problems = apply_corrections(gold, fixes, "flood")
    assert corrected["status"].tolist() == statuses
    assert len(problems) == n_problems
    assert gold["status"].tolist() == ["killed", "killed"]  # the input is not mutated


def test_corrections_of_another_story_are_ignored():
    fixes = pd.DataFrame([("other", "d1", "40 dead", 1, "drop", "", "why")],
                         columns=["story", "doc_id", "quote", "occurrence", "column", "value", "why"])
    corrected, problems = apply_corrections(gold_frame(gold_row("40 dead")), fixes, "flood")
    assert len(corrected) == 1 and problems == []


# ---------------------------------------------------------------- folders, JSON findings, the command line


@pytest.fixture()
def story_dir(tmp_path):
    story = tmp_path / "flood"
    (story / "docs").mkdir(parents=True)
    (story / "docs" / "d1.txt").write_text(TEXT, encoding="utf-8")
    (story / "docs" / "manifest.csv").write_text("doc_id,file,outlet,published,url\nd1,d1.txt,Daily Courier,"
                                                 "2024-05-03,\n", encoding="utf-8")
    gold = gold_frame(gold_row("40 dead", position="a"),
                      gold_row("12 were missing", value_low="12", value_high="12", status="other", position="b"))
    gold[GOLD_COLUMNS].to_csv(story / "gold_counts.csv", index=False)
    (story / "conflicts_gold.csv").write_text("position_a,position_b,label,why\na,b,conflict,invented\n",
                                              encoding="utf-8")
    return story


@pytest.fixture()
def report_dir(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    claims(pred("c1", 8, 10), pred("c2", 0, 6, value_low=7.0, value_high=7.0)).to_csv(out / "claims.csv", index=False)
    payload = {"findings": [finding(1, ["c1"], ["c2"])], "documents": {}}
    (out / "findings.json").write_text(json.dumps(payload), encoding="utf-8")
    return out


def test_folders_are_scored(story_dir, report_dir):
    evaluation = evaluate_devset_folder(story_dir, report_dir)
    assert evaluation.story == "flood"
    assert (evaluation.metrics["count_recall"], evaluation.metrics["count_precision"]) == (0.5, 0.5)
    assert evaluation.false_counts["span"].tolist() == ["Floods"]
    assert evaluation.missed_gold["quote"].tolist() == ["12 were missing"]
    assert evaluation.conflicts["label"].tolist() == ["false"]  # c2 maps to no gold position


def test_findings_json_may_be_a_bare_list(story_dir, report_dir):
    (report_dir / "findings.json").write_text(json.dumps([finding(1, "c1", "c2")]), encoding="utf-8")
    assert len(read_report(report_dir)[1]) == 1


def test_cli_scores_a_report_folder_as_text_and_json(story_dir, report_dir):
    runner = CliRunner()
    text = runner.invoke(app, ["evaluate", "--devset", str(story_dir), "--report", str(report_dir), "--details"])
    assert text.exit_code == 0, text.output
    assert "recall 0.500, precision 0.500" in text.output
    assert "12 were missing" in text.output
    as_json = runner.invoke(app, ["evaluate", "--devset", str(story_dir), "--report", str(report_dir), "--json"])
    payload = json.loads(as_json.output)
    assert payload["metrics"]["count_matched"] == 1
    assert payload["metrics"]["conflict_recall"] == 0.0
    assert math.isclose(payload["metrics"]["conflict_precision"], 0.0)


MISSING_CASES = [
    pytest.param("gold_counts.csv", "gold_counts.csv", id="no-gold"),
    pytest.param("docs/manifest.csv", "manifest.csv", id="no-manifest"),
]


@pytest.mark.parametrize(("removed", "message"), MISSING_CASES)
def test_cli_names_a_missing_devset_file(story_dir, report_dir, removed, message):
    (story_dir / removed).unlink()
    result = CliRunner().invoke(app, ["evaluate", "--devset", str(story_dir), "--report", str(report_dir)])
    assert result.exit_code == 2
    assert message in result.output.replace("\n", "")  # rich wraps long paths


def test_cli_names_a_missing_report_file(story_dir, report_dir):
    (report_dir / "findings.json").unlink()
    result = CliRunner().invoke(app, ["evaluate", "--devset", str(story_dir), "--report", str(report_dir)])
    assert result.exit_code == 2 and "findings.json" in result.output.replace("\n", "")


def test_cli_needs_pred_or_devset():
    result = CliRunner().invoke(app, ["evaluate"])
    assert result.exit_code == 2 and "--devset" in result.output


@pytest.mark.slow
def test_cli_runs_the_report_itself_without_report_option(story_dir):
    result = CliRunner().invoke(app, ["evaluate", "--devset", str(story_dir), "--json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output[result.output.index("{"):])
    assert payload["story"] == "flood" and payload["metrics"]["count_gold"] == 2


def test_load_devset_keeps_csv_lines_for_reference(story_dir):
    story = load_devset(story_dir)
    assert story.gold["gold_id"].tolist() == ["d1:2", "d1:3"]
    assert story.problems == []
