"""Timelines stage: positions -> each source's positions in as-of order (PositionSchema -> TimelineSchema).

A timeline is one independence group's positions on one story, kind, subject, measure and scope. Its steps are in
as-of order; a change of figure along it is a revision (a toll rising daily is one revision chain), and a figure
followed by its own source's later figure is superseded: it is not set against other sources' newer figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.values import days, point_values, stable_ids
from reconcile.schema import PositionSchema, TimelineSchema, columns_of

TIMELINE_KEY = ["story", "kind", "subject", "family", "scope", "source_group"]


@pa.check_types
def build_timelines(positions: DataFrame[PositionSchema], ladder: Ladder | None = None) -> DataFrame[TimelineSchema]:
    """Order each source's positions in time and link each step to the one before it.

    >>> build_timelines(collect_positions(claims))[["source", "step", "is_latest"]].head(2)  # doctest: +SKIP
    """
    ladder = ladder or load_ladder()
    frame = positions.reset_index(drop=True)
    if frame.empty:
        empty = frame.assign(timeline_id=pd.Series(dtype=str), step=pd.Series(dtype="int64"),
                             previous_position_id=pd.Series(dtype=object), is_latest=pd.Series(dtype=bool))
        return empty[columns_of(TimelineSchema)]
    family = family_of(frame, ladder)
    keys = frame[["story", "kind", "subject"]].assign(family=family, scope=frame["scope"].fillna(""),
                                                       source_group=frame["source_group"]).astype(str)
    timeline = keys.groupby(TIMELINE_KEY, sort=True).ngroup().to_numpy()
    as_of = days(frame["as_of"])
    # Undated positions come last in their timeline; equal days are ordered by figure (a toll rises), then id.
    order = np.lexsort((frame["position_id"].to_numpy(dtype=object), np.nan_to_num(point_values(frame), nan=-1.0),
                        np.where(np.isnan(as_of), np.inf, as_of), timeline))
    sorted_timeline = timeline[order]
    starts = np.r_[True, sorted_timeline[1:] != sorted_timeline[:-1]]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    step = np.empty(len(order), dtype=np.int64)
    step[order] = np.arange(len(order)) - run_start + 1
    previous = np.full(len(order), None, dtype=object)
    ids = frame["position_id"].to_numpy(dtype=object)
    previous[order[~starts]] = ids[order[np.flatnonzero(~starts) - 1]]
    latest_day = pd.Series(as_of).groupby(timeline).transform("max").to_numpy()
    is_latest = (as_of == latest_day) | np.isnan(latest_day)
    # One id per timeline, from its key: built for the distinct timelines only, then spread to their positions.
    first = pd.Series(np.arange(len(timeline))).groupby(timeline).first()
    distinct = keys.iloc[first.to_numpy()]
    timeline_ids = stable_ids("T-", distinct[TIMELINE_KEY])[timeline]
    timelines = frame.assign(timeline_id=timeline_ids, step=step, previous_position_id=previous, is_latest=is_latest)
    return timelines[columns_of(TimelineSchema)]


def family_of(frame: pd.DataFrame, ladder: Ladder) -> pd.Series:
    """The measure family of each count position (killed, in_place, planned...); empty for other kinds."""
    family = frame["status"].astype("object").map(ladder.status_families).fillna("")
    return family.where(frame["kind"].eq("count"), "").astype(str)
