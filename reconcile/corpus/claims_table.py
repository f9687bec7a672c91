"""Corpus stage, edited claims: a claims CSV/Parquet an analyst edited -> Validated claims (ClaimSchema) + failures.

The contract is strict, because a silently blanked figure is worse than a refused row: every ClaimSchema column
must be present (an empty column is fine); numbers parse, with thousands separators ("4,500") accepted, or the row
is rejected with the failing check; is_increment is true/false (or 1/0), never a guess; a file that is empty,
binary or not a table is one clear error. Rejected rows are listed with their checks; the others pass on.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from reconcile._io import FORMULA_PREFIXES
from reconcile.schema import ClaimSchema, columns_of, required_columns_of
from reconcile.validation import FAILURE_COLUMNS, Validated, split_valid

NUMBER_COLUMNS = ("value_low", "value_high", "leg")
WHOLE_NUMBER_COLUMNS = ("start", "end")
BOOLEAN_COLUMNS = ("is_increment",)
TRUTH = {"true": True, "false": False, "1": True, "0": False}
# 4,500 / 1,250,000.5 (English thousands separators), or a plain number as Python reads it (1e6, 2.5, -3).
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
NUMBER_CHECK = "is a number (thousands separators such as 4,500 are accepted)"
WHOLE_NUMBER_CHECK = "is a whole number"
BOOLEAN_CHECK = "is true or false (or 1 or 0)"
SNIFFED_BYTES = 8192


class ClaimsTableError(ValueError):
    """The claims file cannot be read as a claims table at all; the message says why in one line."""


def read_claims(path: str | Path) -> Validated:
    """Read a claims table an analyst may have edited (CSV or Parquet) and validate it lazily, row by row.

    Cells the CSV writer protected against spreadsheet formulas ("'=...") get their original value back.

    >>> read_claims("claims_edited.csv").failures.columns.tolist()  # doctest: +SKIP
    ['row', 'id', 'column', 'check', 'failure_case']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"claims file not found: {path}")
    frame = _read_table(path)
    missing = [column for column in required_columns_of(ClaimSchema) if column not in frame.columns]
    if missing and len(missing) == len(required_columns_of(ClaimSchema)):
        found = ", ".join(str(column) for column in list(frame.columns)[:5])
        raise ClaimsTableError(f"{path} is not a claims table: none of its columns ({found}) is a claims column "
                               f"({', '.join(columns_of(ClaimSchema)[:5])}, ...)")
    if missing:
        raise ClaimsTableError(
            f"{path} is not a claims table: it lacks the required column(s) {', '.join(missing)} "
            f"(a claims table has every column that `reconcile extract` writes; leave a column empty, do not drop it)"
        )
    typed, parse_failures = _typed_claims(frame)
    return _merged(typed, split_valid(typed, ClaimSchema, "claim_id"), parse_failures)


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".parquet":
        try:
            return pd.read_parquet(path)
        except Exception as error:  # noqa: BLE001 - pyarrow raises many kinds; the user needs one line
            raise ClaimsTableError(f"{path} cannot be read as Parquet ({_first_line(error)})") from error
    data = path.read_bytes()
    if not data.strip():
        raise ClaimsTableError(f"{path} is empty: a claims table needs a header line and rows")
    if b"\x00" in data[:SNIFFED_BYTES]:
        raise ClaimsTableError(f"{path} is a binary file, not a claims CSV (use .parquet for Parquet files)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"{path} is not UTF-8 text (byte {error.start}): save the claims CSV as UTF-8"
        raise ClaimsTableError(message) from error
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise ClaimsTableError(f"{path} cannot be read as CSV ({_first_line(error)})") from error


def _typed_claims(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells parsed to their schema types; a cell that does not parse becomes empty and a failure row names it."""
    typed = frame.reset_index(drop=True).copy()
    failures = []
    parsers = {**{c: _number for c in NUMBER_COLUMNS}, **{c: _whole_number for c in WHOLE_NUMBER_COLUMNS},
               **{c: _boolean for c in BOOLEAN_COLUMNS}}
    for column in typed.columns:
        parser = parsers.get(column)
        if parser is None:
            typed[column] = typed[column].map(_unprotect)
            continue
        parsed = [parser(value) for value in typed[column].tolist()]
        for row, (value, check) in enumerate(parsed):
            if check:
                failures.append({"row": row, "id": _cell(typed, row, "claim_id"), "column": column,
                                 "check": check, "failure_case": str(typed.at[row, column])})
        values = [value for value, _check in parsed]
        typed[column] = pd.array(values, dtype="boolean") if column in BOOLEAN_COLUMNS else pd.to_numeric(
            pd.Series(values, dtype="object"), errors="raise")
    return typed, pd.DataFrame(failures, columns=FAILURE_COLUMNS)


def _merged(typed: pd.DataFrame, validated: Validated, parse_failures: pd.DataFrame) -> Validated:
    """Schema failures and parse failures together: a row with either kind is rejected, with all its checks."""
    if parse_failures.empty:
        return validated
    schema_rows = set(validated.failures["row"].dropna().astype(int))
    if validated.failures["row"].isna().any():
        schema_rows = set(range(len(typed)))
    parse_rows = set(parse_failures["row"].astype(int))
    # split_valid keeps the passing rows in their original order, so position i of `valid` is the i-th kept row.
    kept = [row for row in range(len(typed)) if row not in schema_rows]
    still_valid = [position for position, row in enumerate(kept) if row not in parse_rows]
    # A cell that did not parse was emptied; the schema's "not nullable" on that same cell would only repeat it.
    parsed_cells = set(zip(parse_failures["row"].astype(int), parse_failures["column"]))
    schema_failures = validated.failures[[
        (int(row), column) not in parsed_cells if pd.notna(row) else True
        for row, column in zip(validated.failures["row"], validated.failures["column"])
    ]]
    failures = pd.concat([schema_failures.astype("object"), parse_failures.astype("object")], ignore_index=True)
    failures["row"] = failures["row"].astype("Int64")
    failures = failures.sort_values(["row", "check", "column"], na_position="first", kind="stable")
    rejected = typed.iloc[sorted(schema_rows | parse_rows)]
    return Validated(validated.valid.iloc[still_valid].reset_index(drop=True), failures.reset_index(drop=True),
                     rejected.reset_index(drop=True))


def _number(value) -> tuple[float | None, str | None]:
    if _blank(value):
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    text = str(value).strip()
    if GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None, NUMBER_CHECK
    # "nan" reads as a float but is no figure; "inf" is left for the schema's finiteness check to name.
    return (None, NUMBER_CHECK) if number != number else (number, None)


def _whole_number(value) -> tuple[int | None, str | None]:
    number, check = _number(value)
    if check or number is None:
        return None, check
    if number != number // 1 or abs(number) == float("inf"):
        return None, WHOLE_NUMBER_CHECK
    return int(number), None


def _boolean(value) -> tuple[bool | None, str | None]:
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return value, None
    truth = TRUTH.get(str(value).strip().lower())
    return (truth, None) if truth is not None else (None, BOOLEAN_CHECK)


def _blank(value) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _unprotect(cell):
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


def _cell(frame: pd.DataFrame, row: int, column: str):
    value = frame.at[row, column] if column in frame.columns else None
    return None if _blank(value) else value


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
