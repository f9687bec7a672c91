"""Issue 13, edited claims: the strict contract of a claims table an analyst edited (reconcile.corpus.claims_table).

Each case edits one cell (or drops a column, or breaks the file) of the hand-checked seed claims, runs
`reconcile report --claims` or `reconcile validate`, and asserts the exit code, the rejected row with its failing
check, and that every other row passes untouched.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.corpus.claims_table import ClaimsTableError, read_claims

runner = CliRunner()


@pytest.fixture(scope="module")
def gold(fixtures_dir) -> pd.DataFrame:
    return pd.read_csv(fixtures_dir / "claims_gold.csv", dtype=str, keep_default_na=False)


def _first_count(claims: pd.DataFrame) -> int:
    counts = claims.index[(claims["kind"] == "count") & (claims["value_low"] != "")]
    return int(counts[0])


def _edited(gold: pd.DataFrame, tmp_path: Path, column: str, value: str) -> tuple[Path, int]:
    claims = gold.copy()
    row = _first_count(claims)
    claims.loc[row, column] = value
    path = tmp_path / "edited.csv"
    claims.to_csv(path, index=False)
    return path, row


CELLS = [
    # column, edited value, accepted?, failing check, value the accepted row carries (or the failure case shown)
    pytest.param("value_low", "3,000", True, None, 3000.0, id="thousands-separator-accepted"),
    pytest.param("value_high", "1,250,000.5", True, None, 1250000.5, id="grouped-decimal-accepted"),
    pytest.param("value_low", "abc", False, "is a number", None, id="number-that-is-not-one"),
    pytest.param("value_low", "nan", False, "is a number", None, id="nan-is-not-a-figure"),
    pytest.param("value_high", "inf", False, "must be a finite number", None, id="infinite-figure"),
    pytest.param("value_low", "-5", False, "greater_than_or_equal_to(0)", "'-5.0", id="negative-count"),
    pytest.param("is_increment", "maybe", False, "is true or false", None, id="boolean-maybe"),
    pytest.param("is_increment", "TRUE", True, None, True, id="boolean-upper-case"),
    pytest.param("start", "12.5", False, "is a whole number", None, id="fractional-offset"),
    pytest.param("published", "0000-01-01", False, "calendar date", None, id="year-zero"),
    pytest.param("stated_on", "2023-02-30", False, "calendar date", None, id="impossible-day"),
    pytest.param("refers_to", "10000-01-01", False, "str_matches", None, id="five-digit-year"),
]


@pytest.mark.parametrize(("column", "value", "accepted", "check", "kept_value"), CELLS)
def test_one_edited_cell(tmp_path, gold, column, value, accepted, check, kept_value):
    path, row = _edited(gold, tmp_path, column, value)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--claims", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    claims = pd.read_csv(out / "claims.csv", dtype={"claim_id": str})
    rejected = pd.read_csv(out / "rejected_claims.csv", dtype=str, keep_default_na=False)
    claim_id = gold.loc[row, "claim_id"]
    assert len(claims) == len(gold) - (0 if accepted else 1)
    assert (f"{0 if accepted else 1} claim rows rejected") in result.output
    if accepted:
        assert rejected.empty
        assert claims.set_index("claim_id").loc[claim_id, column] == kept_value
    else:
        # Other checks may fail as a consequence (an unknown start cannot be before end); all of them on this row.
        assert set(rejected["row"]) == {str(row)} and set(rejected["id"]) == {claim_id}
        failure = rejected[(rejected["column"] == column) & rejected["check"].str.contains(check, regex=False)]
        assert failure["failure_case"].tolist() == [kept_value or value], rejected.to_dict("records")


@pytest.mark.parametrize("column", [pytest.param("kind", id="no-kind"), pytest.param("subject", id="no-subject")])
def test_a_missing_column_is_one_error_naming_it(tmp_path, gold, column):
    path = tmp_path / "edited.csv"
    gold.drop(columns=[column]).to_csv(path, index=False)
    for command in (["report", "--claims", str(path), "--out", str(tmp_path / "out"), "-q"], ["validate", str(path)]):
        result = runner.invoke(app, command)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2 and len(lines) == 1, result.output
        assert lines[0].startswith("error:") and f"required column(s) {column} " in lines[0]
    assert not (tmp_path / "out").exists()


UNREADABLE = [
    pytest.param(b"", "is empty", id="empty-file"),
    pytest.param(b"  \n\n", "is empty", id="blank-lines"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="binary-file"),
    pytest.param("claim_id,doc_id\ncafé,1\n".encode("latin-1"), "not UTF-8", id="latin-1-file"),
    pytest.param(b"name,age\nAna,3\n", "none of its columns (name, age) is a claims column", id="some-other-table"),
    pytest.param(b'claim_id,doc_id\n"unclosed,1\n', "cannot be read as CSV", id="broken-quoting"),
]


@pytest.mark.parametrize(("data", "message"), UNREADABLE)
def test_an_unreadable_claims_file_is_one_error_line(tmp_path, data, message):
    path = tmp_path / "edited.csv"
    path.write_bytes(data)
    for command in (["validate", str(path)], ["report", "--claims", str(path), "--out", str(tmp_path / "out"), "-q"],
                    ["evaluate", "--gold", str(path), "--pred", str(path)]):
        result = runner.invoke(app, command)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert (result.exit_code, len(lines)) == (2, 1), result.output
        assert lines[0].startswith("error:") and message in lines[0], lines[0]


def test_a_parquet_file_that_is_not_parquet_is_one_error(tmp_path):
    path = tmp_path / "claims.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(ClaimsTableError, match="cannot be read as Parquet") as caught:
        read_claims(path)
    assert "\n" not in str(caught.value)


def test_report_exits_non_zero_when_no_row_validates(tmp_path, gold):
    broken = gold.copy()
    broken["kind"] = "rumour"
    path = tmp_path / "edited.csv"
    broken.to_csv(path, index=False)
    result = runner.invoke(app, ["report", "--claims", str(path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert f"no row of {path} passed validation ({len(gold)} rejected)" in result.output
    rejected = pd.read_csv(tmp_path / "out" / "rejected_claims.csv", dtype=str)
    assert rejected["row"].nunique() == len(gold) and set(rejected["column"]) == {"kind"}


def test_a_row_with_two_bad_cells_is_one_rejected_row_with_two_checks(tmp_path, gold):
    claims = gold.copy()
    row = _first_count(claims)
    claims.loc[row, ["value_low", "is_increment"]] = ["lots", "perhaps"]
    path = tmp_path / "edited.csv"
    claims.to_csv(path, index=False)
    validated = read_claims(path)
    assert sorted(zip(validated.failures["row"], validated.failures["column"])) == [
        (row, "is_increment"), (row, "value_low")]
    assert (len(validated.rejected), len(validated.valid)) == (1, len(gold) - 1)
    assert gold.loc[row, "claim_id"] not in set(validated.valid["claim_id"])


def test_the_gold_table_round_trips_through_parquet(tmp_path, fixtures_dir):
    csv = read_claims(fixtures_dir / "claims_gold.csv")
    csv.valid.to_parquet(tmp_path / "claims.parquet", index=False)
    parquet = read_claims(tmp_path / "claims.parquet")
    assert (parquet.failures.empty, len(parquet.valid)) == (True, len(csv.valid))
    pd.testing.assert_frame_equal(parquet.valid, csv.valid, check_dtype=False)


def test_an_analysts_extra_column_is_welcome(tmp_path, gold):
    # The contract names the minimum columns; more are welcome and never cost a row.
    claims = gold.assign(notes="checked by hand")
    path = tmp_path / "edited.csv"
    claims.to_csv(path, index=False)
    read = read_claims(path)
    assert read.failures.empty
    assert len(read.valid) == len(gold)
    assert read.valid["notes"].eq("checked by hand").all()
