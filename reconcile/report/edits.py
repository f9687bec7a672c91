"""Report stage, edits: an analyst's edited claims table + what extraction finds in the same corpus -> every value
that differs, one row per (claim_id, column), and for each edited claim what extraction found, in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.describe import describe_values, is_missing, text_of
from reconcile.schema import ClaimSchema, columns_of, complete_claims

EDIT_COLUMNS = ["claim_id", "column", "edited", "extracted"]
# Columns that make up a claim's figure: an edit of any of them is shown as the extracted figure in words.
VALUE_COLUMNS = ("value_low", "value_high", "qualifier", "is_increment", "status")


def claim_edits(edited: pd.DataFrame, extracted: pd.DataFrame | None) -> pd.DataFrame:
    """Every value of an edited claims table that differs from what extraction gives for the same claim_id.

    One row per (claim_id, column) with both values; a claim the extractor never produced is one row with
    column "claim" (added by hand). Claims are joined by claim_id, which is stable for the same input.

    >>> claim_edits(edited, extracted).columns.tolist()  # doctest: +SKIP
    ['claim_id', 'column', 'edited', 'extracted']
    """
    if extracted is None or edited is None or edited.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in EDIT_COLUMNS})
    mine = complete_claims(edited).drop_duplicates("claim_id").set_index("claim_id")
    theirs = complete_claims(extracted).drop_duplicates("claim_id").set_index("claim_id")
    rows = [(claim_id, "claim", "added by hand", None) for claim_id in mine.index.difference(theirs.index)]
    shared = mine.index.intersection(theirs.index)
    for column in [c for c in columns_of(ClaimSchema) if c != "claim_id"]:
        left, right = mine.loc[shared, column], theirs.loc[shared, column]
        changed = _differs(left, right)
        rows += [(claim_id, column, left[claim_id], right[claim_id]) for claim_id in shared[changed]]
    edits = pd.DataFrame(rows, columns=EDIT_COLUMNS)
    return edits.sort_values(["claim_id", "column"], kind="mergesort").reset_index(drop=True)


def edit_notes(edits: pd.DataFrame, extracted: pd.DataFrame | None) -> dict[str, dict[str, object]]:
    """claim id -> the columns an analyst edited and what extraction found, in words ("2,400 sent").

    >>> edit_notes(claim_edits(edited, extracted), extracted)["count-1"]["extracted"]  # doctest: +SKIP
    '2,400 sent'
    """
    if edits.empty:
        return {}
    columns = edits.groupby("claim_id", sort=True)["column"].agg(list)
    words: dict[str, str] = {}
    if extracted is not None and len(extracted):
        original = complete_claims(extracted).drop_duplicates("claim_id")
        original = original[original["claim_id"].astype(str).isin(columns.index)]
        words = dict(zip(original["claim_id"].astype(str), describe_values(original), strict=True))
    notes = {}
    for claim_id, changed in columns.items():
        if changed == ["claim"]:
            notes[claim_id] = {"columns": ["added by hand"], "extracted": ""}
            continue
        if any(column in VALUE_COLUMNS for column in changed):
            extracted_words = words.get(claim_id, "")
        else:
            first = edits[edits["claim_id"] == claim_id].iloc[0]
            extracted_words = f"{first['column']}: {text_of(first['extracted']) or 'empty'}"
        notes[claim_id] = {"columns": changed, "extracted": extracted_words}
    return notes


def _differs(left: pd.Series, right: pd.Series) -> np.ndarray:
    mine = left.astype("object").map(_cell_key)
    theirs = right.astype("object").map(_cell_key)
    return (mine != theirs).to_numpy()


def _cell_key(value: object) -> str:
    """A cell in a form that compares equal across CSV and extraction types: 3000 == 3000.0, True == "true"."""
    if is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):.12g}"
    return str(value).strip()
