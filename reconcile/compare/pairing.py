"""Pairing: timelines -> candidate pairs of positions (TimelineSchema -> PairSchema), never all against all.

Positions meet only inside one block (story, kind, subject). Counts meet only when their as-of dates fall inside the
snapshot window of their measure; an undated position meets only the positions reported in the same article (an
article that gives two figures sets them in one moment). Positions of different sources meet only while both are
current: a figure its own source has since replaced (a later day, or a later figure in the same article) is not
set against another source's newer figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.timelines import family_of
from reconcile.compare.values import count_intervals, days
from reconcile.schema import PairSchema, TimelineSchema, columns_of, empty_frame

# Neighbours each position is paired with inside its block, after sorting by date: bounds the work per position so
# a subject with thousands of positions still pairs in linear time.
MAX_NEIGHBOURS = 64
BLOCK = ["story", "kind", "subject"]


@pa.check_types
def pair_positions(
    timelines: DataFrame[TimelineSchema], ladder: Ladder | None = None, *, max_neighbours: int = MAX_NEIGHBOURS
) -> DataFrame[PairSchema]:
    """Candidate pairs: same block, inside the snapshot window, both current. Ordering rule: id_l < id_r.

    >>> pair_positions(build_timelines(collect_positions(claims))).columns[:2].tolist()  # doctest: +SKIP
    ['position_id_l', 'position_id_r']
    """
    ladder = ladder or load_ladder()
    frame = timelines.reset_index(drop=True)
    if len(frame) < 2:
        return empty_frame(columns_of(PairSchema))
    block = frame[BLOCK].astype(str).groupby(BLOCK, sort=True).ngroup().to_numpy()
    day = days(frame["as_of"])
    window = _windows(frame, ladder)
    # A count with no figure ("a sizable number") has nothing to compare.
    figured = ~frame["kind"].eq("count").to_numpy() | frame["value_low"].notna().to_numpy() | frame[
        "value_high"].notna().to_numpy()
    block = np.where(figured, block, -1 - np.arange(len(frame)))
    left, right = _dated_pairs(block, day, window, frame["kind"].eq("count").to_numpy(), max_neighbours)
    shared_left, shared_right = _same_article_pairs(frame, block, day)
    left, right = np.concatenate([left, shared_left]), np.concatenate([right, shared_right])
    keep = _both_current(frame, day, left, right, ladder)
    left, right = left[keep], right[keep]
    ids = frame["position_id"].to_numpy(dtype=object)
    turned = ids[left] > ids[right]
    left, right = np.where(turned, right, left), np.where(turned, left, right)
    pairs = pd.DataFrame({"position_id_l": ids[left], "position_id_r": ids[right]})
    pairs = pd.concat([pairs, frame.loc[left, BLOCK].reset_index(drop=True)], axis=1).drop_duplicates()
    pairs = pairs.sort_values(["story", "kind", "subject", "position_id_l", "position_id_r"], kind="mergesort")
    return pairs[columns_of(PairSchema)].reset_index(drop=True)


def _windows(frame: pd.DataFrame, ladder: Ladder) -> np.ndarray:
    """Snapshot window in days per position (its measure's); other kinds meet whatever their dates."""
    by_family = {m.family: m.window_days for _status, m in ladder.measures}
    window = family_of(frame, ladder).map(by_family).astype(float).to_numpy()
    # A crowd is counted for one day's event: another day's crowd is another event.
    event = ladder.is_event_count(frame).to_numpy()
    window = np.where(event, np.minimum(window, ladder.tolerance("event_window_days")), window)
    return np.where(frame["kind"].eq("count").to_numpy(), np.nan_to_num(window, nan=0.0), np.inf)


def _dated_pairs(block, day, window, is_count, max_neighbours) -> tuple[np.ndarray, np.ndarray]:
    dated = np.flatnonzero(np.isfinite(day) | ~is_count)
    order = dated[np.lexsort((np.where(np.isfinite(day[dated]), day[dated], 0.0), block[dated]))]
    sorted_block, sorted_day, sorted_window = block[order], day[order], window[order]
    lefts, rights = [], []
    for offset in range(1, max(int(max_neighbours), 0) + 1):
        same_block = sorted_block[offset:] == sorted_block[:-offset]
        if not same_block.any():
            break
        gap = np.abs(sorted_day[offset:] - sorted_day[:-offset])
        reach = np.maximum(sorted_window[offset:], sorted_window[:-offset])
        inside = same_block & ((gap <= reach) | np.isnan(gap))
        starts = np.flatnonzero(inside)
        lefts.append(order[starts])
        rights.append(order[starts + offset])
    if not lefts:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _same_article_pairs(frame: pd.DataFrame, block: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An undated count meets the positions of its own block reported in the same article."""
    undated = frame["kind"].eq("count").to_numpy() & np.isnan(day)
    if not undated.any():
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    members = pd.DataFrame({"row": np.arange(len(frame)), "block": block, "doc": frame["doc_ids"]}).explode("doc")
    mine = members[undated[members["row"].to_numpy()]]
    joined = mine.merge(members, on=["block", "doc"], suffixes=("_l", "_r"))
    joined = joined[joined["row_l"] != joined["row_r"]].drop_duplicates(["row_l", "row_r"])
    return joined["row_l"].to_numpy(dtype=np.int64), joined["row_r"].to_numpy(dtype=np.int64)


def _both_current(frame: pd.DataFrame, day: np.ndarray, left: np.ndarray, right: np.ndarray,
                  ladder: Ladder) -> np.ndarray:
    """Keep pairs of one source (revisions, misreports) and pairs of sources whose figures both stand."""
    group = frame["source_group"].to_numpy(dtype=object)
    same_group = group[left] == group[right]
    until = _replaced_on(frame, day, ladder)
    with np.errstate(invalid="ignore"):
        left_stands = ~(until[left] <= day[right])
        right_stands = ~(until[right] <= day[left])
    return same_group | (left_stands & right_stands)


def _replaced_on(frame: pd.DataFrame, day: np.ndarray, ladder: Ladder) -> np.ndarray:
    """The day each position stops being its source's current figure (inf while it stands, -inf if never).

    A later day's step replaces it from that day; a later step of the same day in the same article (a midday count,
    then the evening one) replaces it at once.
    """
    timeline = frame["timeline_id"].to_numpy(dtype=object)
    steps = pd.DataFrame({"timeline": timeline, "day": np.where(np.isnan(day), np.inf, day)})
    distinct = steps.drop_duplicates().sort_values(["timeline", "day"], kind="mergesort")
    following = distinct.groupby("timeline", sort=False)["day"].shift(-1)
    next_day = pd.Series(following.to_numpy(), index=pd.MultiIndex.from_frame(distinct))
    until = next_day.reindex(pd.MultiIndex.from_frame(steps)).fillna(np.inf).to_numpy(dtype=float, copy=True)
    low, high = count_intervals(frame, ladder.tolerance("approx_relative"))
    articles = pd.DataFrame({"row": np.arange(len(frame)), "step": frame["step"].to_numpy(), "timeline": timeline,
                             "day": steps["day"], "doc": frame["doc_ids"], "high": high}).explode("doc")
    articles = articles.sort_values(["timeline", "day", "doc", "step"], kind="mergesort")
    top = articles.groupby(["timeline", "day", "doc"], sort=False)
    last_step, last_low = top["step"].transform("max"), articles["row"].map(pd.Series(low)).groupby(
        [articles["timeline"], articles["day"], articles["doc"]], sort=False).transform("last")
    # Replaced only by a figure the article gives later that really differs (39, then "nearly 40", is one figure).
    replaced = articles.loc[(articles["step"] < last_step) & (articles["high"] < last_low), "row"]
    until[replaced.to_numpy(dtype=np.int64)] = -np.inf
    return np.where(np.isnan(day), np.inf, until)
