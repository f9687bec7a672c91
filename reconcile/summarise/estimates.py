"""Estimates: claims -> low / best / high per subject, status and date (ClaimSchema -> EstimateSchema)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from reconcile.compare import count_intervals, point_values, source_identity
from reconcile.schema import ClaimSchema, EstimateSchema, columns_of, complete_claims, empty_frame
from reconcile.summarise._groups import joined, lower_medians

ESTIMATE_RULE = (
    "claims of one original source collapsed first (low = min, high = max, point = lower median); then "
    "low = min of source lows, high = max of source highs (an open-ended figure counts at its bound), "
    "best = lower median of source points; increments excluded"
)


def estimate_counts(claims: DataFrame[ClaimSchema]) -> DataFrame[EstimateSchema]:
    """Low / best / high per subject, status and date (as_of = stated_on, else published), across sources.

    Rule (also in the `rule` column): claims of one original source (organisation, else speaker, else country)
    collapse first, so ten outlets carrying one agency's figure count once; then low = min of the sources'
    lows, high = max of their highs (an open-ended "at least 400" counts at 400), best = the lower median of the
    sources' point figures (an actually reported figure; ties go to the lower one, so reruns agree).
    Increments ("another 120") are not totals and are left out.

    >>> estimate_counts(claims)[["low", "best", "high"]].iloc[0].tolist()  # doctest: +SKIP
    [250.0, 250.0, 400.0]
    """
    frame = complete_claims(claims).reset_index(drop=True)
    columns = columns_of(EstimateSchema)
    if frame.empty:
        return EstimateSchema.validate(empty_frame(columns))
    low, high = count_intervals(frame, approx_relative=0.0)
    counts = pd.DataFrame(
        {
            "subject": frame["subject"].astype("object"),
            "status": frame["status"].astype("object"),
            "as_of": frame["stated_on"].astype("object").where(frame["stated_on"].notna(), frame["published"]),
            "source": source_identity(frame),
            "outlet": frame["outlet"].astype("object"),
            "claim_id": frame["claim_id"].astype(str),
            "low": low,
            # An open-ended figure ("more than 400") still lifts the high to its own bound.
            "high": np.where(np.isfinite(high), high, low),
            "point": point_values(frame),
        }
    )
    counts["source"] = counts["source"].where(counts["source"].notna(), "unattributed (" + counts["outlet"].fillna("unknown outlet").astype(str) + ")")
    increment = frame["is_increment"].astype("object").fillna(False).astype(bool).to_numpy()
    keep = (
        frame["kind"].astype("object").eq("count").to_numpy()
        & ~increment
        & counts["subject"].notna().to_numpy()
        & counts["status"].notna().to_numpy()
        & ~np.isnan(counts["point"].to_numpy())
    )
    counts = counts[keep]
    if counts.empty:
        return EstimateSchema.validate(empty_frame(columns))
    keys = ["subject", "status", "as_of"]
    counts = counts.assign(as_of=counts["as_of"].fillna("")).reset_index(drop=True)
    source_group = counts.groupby(keys + ["source"], sort=True).ngroup().to_numpy()
    per_source = (
        counts.assign(cell=source_group)
        .groupby("cell", sort=True)
        .agg(**{k: (k, "first") for k in keys + ["source"]}, low=("low", "min"), high=("high", "max"))
        .reset_index(drop=True)
    )
    per_source["point"] = lower_medians(source_group, counts["point"].to_numpy(dtype=float), len(per_source))
    estimate_group = per_source.groupby(keys, sort=True).ngroup().to_numpy()
    estimates = (
        per_source.assign(cell=estimate_group)
        .groupby("cell", sort=True)
        .agg(**{k: (k, "first") for k in keys}, low=("low", "min"), high=("high", "max"), n_sources=("source", "size"))
    )
    estimates["best"] = lower_medians(estimate_group, per_source["point"].to_numpy(dtype=float), len(estimates))
    claim_group = estimate_group[source_group]
    estimates["sources"] = joined(claim_group, counts["source"], len(estimates))
    estimates["claim_ids"] = joined(claim_group, counts["claim_id"], len(estimates))
    estimates = estimates.reset_index(drop=True)
    estimates["as_of"] = estimates["as_of"].where(estimates["as_of"].ne(""), None)
    estimates["rule"] = ESTIMATE_RULE
    return EstimateSchema.validate(estimates[columns].reset_index(drop=True))
