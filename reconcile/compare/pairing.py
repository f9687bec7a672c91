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
    # Integer work to the end: the pair ordering rule by the ids' sorted ranks, duplicates dropped on packed ranks.
    rank = pd.factorize(frame["position_id"], sort=True)[0].astype(np.int64)
    turned = rank[left] > rank[right]
    left, right = np.where(turned, right, left), np.where(turned, left, right)
    packed = np.unique(rank[left] * len(frame) + rank[right], return_index=True)[1]
    left, right = left[packed], right[packed]
    order = np.lexsort((rank[right], rank[left], block[left]))
    left, right = left[order], right[order]
    pairs = pd.DataFrame({
        "position_id_l": frame["position_id"].array.take(left),
        "position_id_r": frame["position_id"].array.take(right),
        **{column: frame[column].array.take(left) for column in BLOCK},
    })
    return pairs[columns_of(PairSchema)]


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
    rows = np.flatnonzero(is_count & np.isfinite(day) & (block >= 0))
    if len(rows) < 2:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    code = {name: pd.factorize(frame[column].astype("object").fillna(""))[0][rows] for name, column in
            (("timeline", "timeline_id"), ("family", "_family"), ("scope", "scope"), ("group", "source_group"))}
    whole = frame["scope"].astype("object").fillna("").to_numpy(dtype=object)[rows] == ""
    steps = pd.DataFrame({"row": rows, "block": block[rows], "day": day[rows].astype(np.int64), "whole": whole,
                          **code})
    catalogue = steps.drop_duplicates("timeline")[["block", "timeline", "family", "scope", "group", "whole"]]
    asking = steps.merge(catalogue, on="block", suffixes=("", "_t"))
    # What can bear on a figure: the same measure, of the same scope or of the whole (a part above its whole), or
    # the same source counting another measure of the same scope (planned against present).
    same_scope = asking["scope"].to_numpy() == asking["scope_t"].to_numpy()
    bears = (asking["family"].to_numpy() == asking["family_t"].to_numpy()) & (
        same_scope | asking["whole"].to_numpy() | asking["whole_t"].to_numpy())
    bears |= (asking["group"].to_numpy() == asking["group_t"].to_numpy()) & same_scope
    asking = asking[bears & (asking["timeline"].to_numpy() != asking["timeline_t"].to_numpy())]
    if asking.empty:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    widest = int(np.nanmax(window[rows])) if np.isfinite(np.nanmax(window[rows])) else 366
    current = pd.merge_asof(
        asking[["row", "timeline_t", "day"]].sort_values("day", kind="mergesort"),
        steps[["timeline", "day"]].drop_duplicates().rename(columns={"timeline": "timeline_t"})
        .assign(day_t=lambda d: d["day"]).sort_values("day", kind="mergesort"),
        on="day", by="timeline_t", direction="backward", tolerance=widest,
    ).dropna(subset=["day_t"]).astype({"day_t": np.int64})
    # Every step of that timeline on its current day: outlets may report one source's figure of a day differently.
    partners = current.merge(steps[["row", "timeline", "day"]].rename(
        columns={"row": "partner", "timeline": "timeline_t", "day": "day_t"}), on=["timeline_t", "day_t"])
    row, partner = partners["row"].to_numpy(), partners["partner"].to_numpy()
    gap = np.abs(partners["day"].to_numpy() - partners["day_t"].to_numpy())
    keep = gap <= np.maximum(window[row], window[partner])
    # A figure replaced at once in its own article (a midday count, then the evening one) meets only its own
    # source's other figures (a status misreported, another measure), never another source's.
    group = pd.factorize(frame["source_group"])[0]
    replaced = until == -np.inf
    keep &= (group[row] == group[partner]) | ~(replaced[row] | replaced[partner])
    row, partner, gap = row[keep], partner[keep], gap[keep]
    order = np.lexsort((partner, gap, row))
    row, partner = row[order], partner[order]
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    place = np.arange(len(row)) - np.repeat(starts, np.diff(np.r_[starts, len(row)]))
    near = place < max(int(max_neighbours), 0)
    return row[near].astype(np.int64), partner[near].astype(np.int64)


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
