"""Pairing: timelines -> candidate pairs of positions (TimelineSchema -> PairSchema), never all against all.

Positions meet only inside one block (story, kind, subject). A count meets, in every other timeline that can bear on
it (the same measure and a comparable scope, or the same source counting another measure), only that timeline's
current figure on its as-of date: the latest step no later than its date and inside its measure's snapshot window
(and every step of that same day, which outlets may report differently). A figure its own source has since replaced
(a later day, or a later, different figure in the same article) is not set against another source's newer figure.
A source's own steps meet their neighbours in its timeline (its revisions). An undated count meets only the
positions reported in the same article (an article that gives two figures sets them in one moment). So a subject
with 20,000 claims from 40 sources costs comparisons among positions and timelines, not among claims.
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

# Partners each position meets at the most (the nearest in time first): bounds the work per position, so a block
# in which a thousand outlets each give their own figure still pairs in linear time.
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
    frame = frame.assign(_family=family_of(frame, ladder))
    block = frame[BLOCK].astype(str).groupby(BLOCK, sort=True).ngroup().to_numpy()
    day = days(frame["as_of"])
    window = _windows(frame, ladder)
    # A count with no figure ("a sizable number") has nothing to compare.
    figured = ~frame["kind"].eq("count").to_numpy() | frame["value_low"].notna().to_numpy() | frame[
        "value_high"].notna().to_numpy()
    block = np.where(figured, block, -1 - np.arange(len(frame)))
    is_count = frame["kind"].eq("count").to_numpy()
    until = _replaced_on(frame, day, ladder)
    parts = [
        _current_figure_pairs(frame, block, day, window, until, is_count, max_neighbours),
        _timeline_neighbours(frame, block, day, window, is_count, max_neighbours),
        _same_article_pairs(frame, block, day),
        _other_kind_pairs(block, day, is_count, max_neighbours),
    ]
    left = np.concatenate([p[0] for p in parts]).astype(np.int64)
    right = np.concatenate([p[1] for p in parts]).astype(np.int64)
    keep = left != right
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


def _current_figure_pairs(frame, block, day, window, until, is_count, max_neighbours):
    """Each dated count against the current figure of every other timeline that bears on it."""
    dated = is_count & np.isfinite(day) & (block >= 0)
    rows = np.flatnonzero(dated)
    if len(rows) < 2:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    family = frame["_family"].to_numpy(dtype=object)
    scope = frame["scope"].astype("object").fillna("").to_numpy(dtype=object)
    group = frame["source_group"].to_numpy(dtype=object)
    timeline = frame["timeline_id"].to_numpy(dtype=object)
    steps = pd.DataFrame({"row": rows, "block": block[rows], "timeline": timeline[rows], "family": family[rows],
                          "scope": scope[rows], "group": group[rows], "day": day[rows].astype(np.int64)})
    catalogue = steps.drop_duplicates("timeline")[["block", "timeline", "family", "scope", "group"]]
    asking = steps.merge(catalogue, on="block", suffixes=("", "_t"))
    # What can bear on a figure: the same measure, of the same scope or of the whole (a part above its whole), or
    # the same source counting another measure of the same scope (planned against present).
    bears = ((asking["family"] == asking["family_t"])
             & ((asking["scope"] == asking["scope_t"]) | (asking["scope"] == "") | (asking["scope_t"] == "")))
    bears |= (asking["group"] == asking["group_t"]) & (asking["scope"] == asking["scope_t"])
    asking = asking[bears & (asking["timeline"] != asking["timeline_t"])]
    if asking.empty:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    widest = int(np.nanmax(window[rows])) if np.isfinite(np.nanmax(window[rows])) else 366
    current = pd.merge_asof(
        asking[["row", "timeline_t", "day"]].sort_values("day", kind="mergesort"),
        steps[["timeline", "day"]].drop_duplicates().rename(columns={"timeline": "timeline_t", "day": "day_t"})
        .assign(day=lambda d: d["day_t"]).sort_values("day", kind="mergesort"),
        on="day", by="timeline_t", direction="backward", tolerance=widest,
    ).dropna(subset=["day_t"])
    # Every step of that timeline on its current day: outlets may report one source's figure of a day differently.
    partners = current.merge(steps[["row", "timeline", "day"]].rename(
        columns={"row": "partner", "timeline": "timeline_t", "day": "day_t"}), on=["timeline_t", "day_t"])
    gap = (partners["day"] - partners["day_t"]).abs().to_numpy()
    reach = np.maximum(window[partners["row"].to_numpy()], window[partners["partner"].to_numpy()])
    partners = partners[gap <= reach].assign(gap=gap[gap <= reach])
    # A figure replaced at once in its own article (a midday count, then the evening one) meets only its own
    # source's other figures (a status misreported, another measure), never another source's.
    replaced = until == -np.inf
    own = group[partners["row"].to_numpy()] == group[partners["partner"].to_numpy()]
    partners = partners[own | ~(replaced[partners["row"].to_numpy()] | replaced[partners["partner"].to_numpy()])]
    partners = partners.sort_values(["row", "gap", "partner"], kind="mergesort")
    partners = partners[partners.groupby("row").cumcount() < max(int(max_neighbours), 0)]
    return partners["row"].to_numpy(dtype=np.int64), partners["partner"].to_numpy(dtype=np.int64)


def _timeline_neighbours(frame: pd.DataFrame, block: np.ndarray, day: np.ndarray, window: np.ndarray,
                         is_count: np.ndarray, max_neighbours: int):
    """A source's steps in each of its count timelines: each with the next, and with the others in its window."""
    rows = np.flatnonzero(is_count & (block >= 0))
    timeline = frame["timeline_id"].to_numpy(dtype=object)[rows]
    order = np.lexsort((frame["step"].to_numpy()[rows], timeline))
    ordered, names = rows[order], timeline[order]
    lefts, rights = [], []
    for offset in range(1, max(int(max_neighbours), 1) + 1):
        same = names[offset:] == names[:-offset]
        near = np.abs(day[ordered[offset:]] - day[ordered[:-offset]]) <= window[ordered[:-offset]]
        keep = same & (near | (offset == 1))
        if not same.any():
            break
        lefts.append(ordered[:-offset][keep])
        rights.append(ordered[offset:][keep])
    if not lefts:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _other_kind_pairs(block: np.ndarray, day: np.ndarray, is_count: np.ndarray, max_neighbours: int):
    """Dates, places, routes and quotes meet their block's neighbours in date order (their blocks are small)."""
    rows = np.flatnonzero(~is_count & (block >= 0))
    order = rows[np.lexsort((np.where(np.isfinite(day[rows]), day[rows], 0.0), block[rows]))]
    sorted_block = block[order]
    lefts, rights = [], []
    for offset in range(1, max(int(max_neighbours), 0) + 1):
        same_block = sorted_block[offset:] == sorted_block[:-offset]
        if not same_block.any():
            break
        starts = np.flatnonzero(same_block)
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
