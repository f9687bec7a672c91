"""Estimates: timelines -> low / best / high per story, subject, status, scope and as-of day (-> EstimateSchema).

As conflict-event datasets record fatalities (UCDP GED's low / best / high), across the independent sources that
gave a figure for that day: each independence group counts once (its highest figure of the day, the latest
reading of a rising count), low is the lowest reading, high the highest closed reading (an open "more than 400"
lifts it to 400), best the lower median of the groups' figures (a figure someone actually reported).
"""

from __future__ import annotations

import numpy as np
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare import count_intervals, point_values
from reconcile.schema import EstimateSchema, TimelineSchema, columns_of, empty_frame
from reconcile.summarise._groups import lower_medians

RULE_ID = "estimate.independent_same_day"
KEYS = ["story", "subject", "status", "scope", "as_of"]


@pa.check_types
def estimate_counts(timelines: DataFrame[TimelineSchema]) -> DataFrame[EstimateSchema]:
    """Low / best / high per story, subject, status, scope and as-of day across independent sources.

    >>> estimate_counts(timelines)[["low", "best", "high"]].iloc[0].tolist()  # doctest: +SKIP
    [250.0, 250.0, 400.0]
    """
    counts = timelines[timelines["kind"].eq("count") & timelines["status"].notna()
                       & ~timelines["is_increment"].astype(bool)].reset_index(drop=True)
    if counts.empty:
        return empty_frame(columns_of(EstimateSchema))
    low, high = count_intervals(counts, approx_relative=0.0)
    frame = counts[KEYS + ["source_group", "source", "position_id"]].assign(
        scope=counts["scope"].fillna(""), as_of=counts["as_of"].fillna(""),
        low=low, high=np.where(np.isfinite(high), high, low), point=point_values(counts),
    )
    frame = frame[np.isfinite(frame["point"])]
    if frame.empty:
        return empty_frame(columns_of(EstimateSchema))
    # One reading per independence group and day: its highest, the latest of a rising count.
    per_group = frame.sort_values(KEYS + ["source_group", "point", "position_id"], kind="mergesort")
    per_group = per_group.drop_duplicates(KEYS + ["source_group"], keep="last").reset_index(drop=True)
    cell = per_group.groupby(KEYS, sort=True).ngroup().to_numpy()
    estimates = per_group.assign(cell=cell).groupby("cell", sort=True).agg(
        **{k: (k, "first") for k in KEYS}, low=("low", "min"), high=("high", "max"), n_sources=("source_group", "size"),
        sources=("source", lambda s: sorted(set(s))), position_ids=("position_id", lambda s: sorted(s)),
    )
    estimates["best"] = lower_medians(cell, per_group["point"].to_numpy(dtype=float), len(estimates))
    estimates = estimates.reset_index(drop=True)
    estimates["scope"] = estimates["scope"].where(estimates["scope"].ne(""), None)
    estimates["as_of"] = estimates["as_of"].where(estimates["as_of"].ne(""), None)
    estimates["rule_id"] = RULE_ID
    return estimates[columns_of(EstimateSchema)]
