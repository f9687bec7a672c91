"""The two sides of every finding at once: members (candidate, side, timeline row) -> who stands behind each side,
which outlets carried it, its claims, intermediaries, figure, as-of date and the evidence of its best-carried claim.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.compare.values import lists_by_group
from reconcile.schema import complete_claims

SIDE_FIELDS = ["position_ids", "claim_ids", "value", "as_of", "sources", "via", "outlets", "n_independent",
               "n_outlets", "doc_id", "evidence", "start", "end"]


def side_table(members: pd.DataFrame, frame: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (candidate, side) with every SIDE_FIELDS column; list cells are sorted lists.

    For a revision chain the right side's figure and date are its last step's (`order`), the others' the sides'
    figures joined in position-id order.
    """
    members = members.reset_index(drop=True)
    cells, cell_of = np.unique(members["candidate"].to_numpy() * 2 + members["side"].to_numpy(), return_inverse=True)
    n_cells = len(cells)
    rows = members["row"].to_numpy()
    table = pd.DataFrame({"candidate": cells // 2, "side": cells % 2})
    ids = frame["position_id"].to_numpy(dtype=object)
    table["position_ids"] = lists_by_group(cell_of, ids[rows], n_cells)
    table["sources"] = lists_by_group(cell_of, frame["source"].to_numpy(dtype=object)[rows], n_cells)
    table["n_independent"] = pd.Series(frame["source_group"].to_numpy(dtype=object)[rows]).groupby(
        cell_of).nunique().reindex(range(n_cells), fill_value=0).to_numpy()
    outlets = _exploded(cell_of, frame["outlets"].to_numpy(dtype=object)[rows])
    table["outlets"] = lists_by_group(outlets[0], outlets[1], n_cells)
    table["n_outlets"] = table["outlets"].map(len)
    claim_cells, claim_ids = _exploded(cell_of, frame["claim_ids"].to_numpy(dtype=object)[rows])
    table["claim_ids"] = lists_by_group(claim_cells, claim_ids, n_cells)
    evidence = complete_claims(claims)[["claim_id", "doc_id", "via", "text", "start", "end"]].drop_duplicates(
        "claim_id").set_index("claim_id")
    via = pd.Series(claim_ids, dtype=object).map(evidence["via"]).to_numpy(dtype=object)
    table["via"] = lists_by_group(claim_cells, via, n_cells)
    table["value"] = _values(cell_of, members, frame, n_cells)
    lead = _lead_rows(cell_of, rows, frame, n_cells)
    table["as_of"] = frame["as_of"].to_numpy(dtype=object)[lead]
    last = _last_rows(cell_of, members, n_cells)
    chained = ~np.isnan(last)
    table.loc[chained, "as_of"] = frame["as_of"].to_numpy(dtype=object)[last[chained].astype(int)]
    first_claim = pd.Series([sorted(ids_)[0] if len(ids_) else None
                             for ids_ in frame["claim_ids"].to_numpy(dtype=object)[lead]], dtype=object)
    found = evidence.reindex(first_claim)
    table["doc_id"] = found["doc_id"].fillna("").astype(str).to_numpy()
    table["evidence"] = found["text"].fillna("").astype(str).to_numpy()
    table["start"] = pd.to_numeric(found["start"], errors="coerce").fillna(0).astype("int64").to_numpy()
    table["end"] = pd.to_numeric(found["end"], errors="coerce").fillna(0).astype("int64").to_numpy()
    return table


def _exploded(cell_of: np.ndarray, lists: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cell, item) for every item of every member's list."""
    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    items = np.array([item for items_ in lists for item in items_], dtype=object)
    return np.repeat(cell_of, lengths), items


def _values(cell_of: np.ndarray, members: pd.DataFrame, frame: pd.DataFrame, n_cells: int) -> np.ndarray:
    """A side's figure: its positions' distinct figures joined in position-id order, or a chain's last step."""
    rows = members["row"].to_numpy()
    values = frame["value"].to_numpy(dtype=object)
    parts = lists_by_group(cell_of, values[rows], n_cells, order=frame["position_id"].to_numpy(dtype=object)[rows])
    result = np.array([" / ".join(items) for items in parts], dtype=object)
    last = _last_rows(cell_of, members, n_cells)
    chained = ~np.isnan(last)
    result[chained] = values[last[chained].astype(int)]
    return result


def _last_rows(cell_of: np.ndarray, members: pd.DataFrame, n_cells: int) -> np.ndarray:
    """For the right side of a revision chain (more than one step, ordered), the row of its last step; NaN else."""
    order = members["order"].to_numpy(dtype=float)
    sides = members["side"].to_numpy()
    frame = pd.DataFrame({"cell": cell_of, "order": order, "row": members["row"].to_numpy(), "side": sides})
    chains = frame[frame["side"] == 1].sort_values(["cell", "order"])
    counts = chains.groupby("cell")["order"].max()
    last = chains.drop_duplicates("cell", keep="last").set_index("cell")["row"]
    result = np.full(n_cells, np.nan)
    multi = counts[counts > 1].index
    result[multi.to_numpy()] = last.reindex(multi).to_numpy(dtype=float)
    return result


def _lead_rows(cell_of: np.ndarray, rows: np.ndarray, frame: pd.DataFrame, n_cells: int) -> np.ndarray:
    """Per side, its best-carried position: most outlets, then most claims, then the smallest id."""
    outlets = frame["n_outlets"].to_numpy()[rows]
    claims = frame["n_claims"].to_numpy()[rows]
    ids = frame["position_id"].to_numpy(dtype=object)[rows]
    order = np.lexsort((ids, -claims, -outlets, cell_of))
    first = np.r_[True, cell_of[order][1:] != cell_of[order][:-1]]
    lead = np.zeros(n_cells, dtype=np.int64)
    lead[cell_of[order][first]] = rows[order][first]
    return lead
