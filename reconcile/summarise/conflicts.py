"""Conflict findings: conflicting pairs of positions -> one finding per pair of camps.

Positions that agree with each other form a camp (the White House's and the NIS's 3,000); a conflict finding sets
one camp against another, naming every independent source on each side, instead of one card per pair of outlets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.summarise.sides import Candidate, distance

AGREEING = ("agree",)
# A compatible pair whose stated figures are this close ("12,000" and "more than 12,000") stands in one camp; wider
# compatibility ("thousands" with anything above) would chain every figure into one camp.
CAMP_RELATIVE = 0.10
WEIGHT = 1.0


def conflict_candidates(timelines: pd.DataFrame, relations: pd.DataFrame, points: np.ndarray,
                        day_numbers: np.ndarray) -> list[Candidate]:
    """One candidate per pair of camps with at least one conflict between them, weighted by distance and sources."""
    index = pd.Index(timelines["position_id"])
    left = index.get_indexer(relations["position_id_l"])
    right = index.get_indexer(relations["position_id_r"])
    relation = relations["relation"].to_numpy(dtype=object)
    conflict = relation == "conflict"
    if not conflict.any():
        return []
    with np.errstate(invalid="ignore", divide="ignore"):
        close = np.abs(points[left] - points[right]) <= CAMP_RELATIVE * np.maximum(points[left], points[right])
    together = np.isin(relation, AGREEING) | ((relation == "compatible") & close)
    camp = _camps(len(timelines), left[together], right[together])
    pairs = pd.DataFrame({
        "l": left[conflict], "r": right[conflict], "rule_id": relations["rule_id"].to_numpy(dtype=object)[conflict],
        "label": relations["label"].to_numpy(dtype=object)[conflict],
    })
    pairs["camp_l"], pairs["camp_r"] = camp[pairs["l"]], camp[pairs["r"]]
    # One orientation per pair of camps: the camp holding the smaller position id is on the left.
    ids = timelines["position_id"].to_numpy(dtype=object)
    flip = ids[pairs["l"]] > ids[pairs["r"]]
    pairs.loc[flip, ["l", "r"]] = pairs.loc[flip, ["r", "l"]].to_numpy()
    pairs["camp_l"], pairs["camp_r"] = camp[pairs["l"]], camp[pairs["r"]]
    pairs["key"] = np.minimum(pairs["camp_l"], pairs["camp_r"]).astype(str) + "-" + np.maximum(
        pairs["camp_l"], pairs["camp_r"]).astype(str)
    groups = timelines["source_group"].to_numpy(dtype=object)
    candidates = []
    for _key, members in pairs.sort_values(["key", "rule_id"], kind="mergesort").groupby("key", sort=True):
        low_camp = members["camp_l"].iloc[0]
        side_l = members["l"].where(members["camp_l"] == low_camp, members["r"])
        side_r = members["r"].where(members["camp_l"] == low_camp, members["l"])
        left_rows, right_rows = tuple(sorted(set(side_l))), tuple(sorted(set(side_r)))
        if ids[left_rows[0]] > ids[right_rows[0]]:
            left_rows, right_rows = right_rows, left_rows
        n_sources = len(set(groups[list(left_rows)])) + len(set(groups[list(right_rows)]))
        severity = WEIGHT * distance(timelines, left_rows, right_rows, points, day_numbers) * n_sources
        candidates.append(Candidate("conflict", str(members["rule_id"].iloc[0]), str(members["label"].iloc[0]),
                                    left_rows, right_rows, severity))
    return candidates


def _camps(n_positions: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of the agreement graph: positions saying the same thing share a camp number."""
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n_positions, n_positions))
    _count, labels = connected_components(graph, directed=False)
    return labels
