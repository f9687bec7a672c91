"""Group kernels shared by findings and estimates: ranks, joined distinct values, counts and lower medians."""

from __future__ import annotations

import numpy as np
import pandas as pd

def ranks(ids: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    return ranks


def joined(cells: np.ndarray, values: pd.Series, n_cells: int) -> np.ndarray:
    """Per cell, its distinct non-empty values sorted and joined by "; " (None when there are none)."""
    frame = pd.DataFrame({"cell": cells, "value": values.astype("object").to_numpy(dtype=object)})
    frame = frame[frame["value"].notna()]
    frame = frame.assign(value=frame["value"].astype(str))
    frame = frame[frame["value"].str.strip().ne("")].drop_duplicates()
    result = np.full(n_cells, None, dtype=object)
    if frame.empty:
        return result
    codes, uniques = pd.factorize(frame["value"], sort=True)
    order = np.lexsort((codes, frame["cell"].to_numpy()))
    cell = frame["cell"].to_numpy()[order]
    text = np.asarray(uniques, dtype=object)[codes[order]]
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    separated = "; " + text
    separated[starts] = text[starts]
    result[cell[starts]] = np.add.reduceat(separated, starts)
    return result


def distinct_counts(cells: np.ndarray, values: pd.Series, n_cells: int) -> np.ndarray:
    frame = pd.DataFrame({"cell": cells, "value": values.astype("object").to_numpy(dtype=object)}).dropna()
    counts = frame.drop_duplicates().groupby("cell").size()
    result = np.zeros(n_cells, dtype=np.int64)
    result[counts.index.to_numpy()] = counts.to_numpy()
    return result


def lower_medians(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the lower median of its values: a figure someone actually reported, ties to the lower."""
    order = np.lexsort((values, groups))
    sizes = np.bincount(groups, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    medians = np.full(n_groups, np.nan)
    present = sizes > 0
    medians[present] = values[order][starts[present] + (sizes[present] - 1) // 2]
    return medians
