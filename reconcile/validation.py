"""Lazy schema validation that keeps every row: valid rows pass on, failing rows are reported with their checks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

FAILURE_COLUMNS = ["row", "id", "column", "check", "failure_case"]
# A document whose extraction failed: it becomes a `skipped` row of documents.csv with this reason.
FAILED_DOCUMENT_COLUMNS = ["doc_id", "reason"]


@dataclass(frozen=True)
class Validated:
    """The rows that passed (coerced to the schema) and one line per failed check of the rows that did not."""

    valid: pd.DataFrame
    failures: pd.DataFrame
    rejected: pd.DataFrame


def split_valid(frame: pd.DataFrame, schema: type[pa.DataFrameModel], id_column: str | None = None) -> Validated:
    """Validate lazily; return valid rows, failure reports and the rejected rows themselves.

    >>> split_valid(claims, ClaimSchema, "claim_id").failures.columns.tolist()  # doctest: +SKIP
    ['row', 'id', 'column', 'check', 'failure_case']
    """
    frame = frame.reset_index(drop=True)
    try:
        return Validated(schema.validate(frame, lazy=True), _empty_failures(), frame.iloc[0:0])
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    failures = _failure_rows(cases, frame, id_column)
    bad_rows = sorted({int(r) for r in failures["row"].dropna()})
    if failures["row"].isna().any():
        # A frame-wide failure (a missing column, a wrong dtype everywhere): nothing can pass.
        bad_rows = list(range(len(frame)))
    rejected = frame.iloc[bad_rows]
    kept = frame.drop(index=bad_rows)
    valid = schema.validate(kept, lazy=True) if len(kept) else kept
    return Validated(valid.reset_index(drop=True), failures, rejected.reset_index(drop=True))


def _empty_failures() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in FAILURE_COLUMNS})


def _failure_rows(cases: pd.DataFrame, frame: pd.DataFrame, id_column: str | None) -> pd.DataFrame:
    rows = pd.to_numeric(cases["index"], errors="coerce")
    ids = [
        frame.at[int(r), id_column] if id_column and pd.notna(r) and int(r) in frame.index else None for r in rows
    ]
    failures = pd.DataFrame(
        {
            "row": rows.astype("Int64"),
            "id": ids,
            "column": cases["column"].astype("object"),
            "check": cases["check"].astype(str),
            "failure_case": cases["failure_case"].astype(str),
        }
    )
    # A frame-level check (start < end) is reported by pandera once per column; keep one line per row and check.
    per_check = failures.groupby(["row", "check"], dropna=False)["column"].transform("size")
    frame_level = per_check > 2
    failures.loc[frame_level, ["column", "failure_case"]] = None
    failures = failures.drop_duplicates(["row", "id", "column", "check"])
    return failures.sort_values(["row", "check", "column"], na_position="first").reset_index(drop=True)
