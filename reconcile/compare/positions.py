"""Positions stage: claims -> positions (ClaimSchema -> PositionSchema).

Claims stating the same figure from the same original source (independence group) about the same subject, measure,
scope and as-of date are one position, however many outlets carried it: its claims are its witnesses. A claim whose
article gives no date joins the earliest dated position stating the same figure from the same source, and an
undated article is then dated by the figures it repeats (as an analyst dates an undated clipping).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.keys import claim_keys
from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.sources import resolve_sources
from reconcile.compare.values import days, iso_dates, lists_by_group, stable_ids
from reconcile.describe import describe_values
from reconcile.schema import ClaimSchema, PositionSchema, columns_of, complete_claims, empty_frame
from reconcile.vocab import AS_OF_BASES

# The identity of a position, in the order positions are sorted.
POSITION_KEY = ["story", "kind", "subject", "family", "scope", "source_group", "period_from", "period_to",
                "as_of", "figure"]
# The most precise wording of a figure stands for its position ("1,301" over "more than 1,300").
QUALIFIER_PRECISION = {"exact": 0, "approx": 1, "range": 2, "at_least": 3, "more_than": 3, "up_to": 3,
                       "less_than": 3, "vague": 4}
CARRIED = ["qualifier", "value_low", "value_high", "is_increment", "refers_from", "refers_to", "date_precision",
           "date_direction", "event", "place", "place_country", "place_region", "origin", "destination", "mode",
           "leg", "quote_text"]


@pa.check_types
def collect_positions(claims: DataFrame[ClaimSchema], ladder: Ladder | None = None) -> DataFrame[PositionSchema]:
    """Collapse claims into positions; every claim with a subject lands in exactly one position.

    >>> collect_positions(claims)[["source", "value", "n_outlets"]].iloc[0].tolist()  # doctest: +SKIP
    ['Interior Ministry', 'about 4,200 sent', 4]
    """
    ladder = ladder or load_ladder()
    frame = _with_statement_dates(complete_claims(claims))
    keys = claim_keys(frame, ladder)
    sources = resolve_sources(frame, ladder.local_posts)
    keyed = pd.concat([frame, keys.drop(columns=["story", "kind"]).add_prefix("key_")], axis=1)
    keyed = keyed.assign(story=keys["story"], kind=keys["kind"], source=sources.source,
                         source_kind=sources.kind, source_group=sources.group, attributed=sources.attributed)
    keyed = keyed[keyed["key_subject"].ne("")].reset_index(drop=True)
    if keyed.empty:
        return empty_frame(columns_of(PositionSchema))
    keyed = _dated(keyed)
    return _aggregated(keyed)


def position_of_claims(positions: pd.DataFrame) -> pd.Series:
    """claim_id -> position_id, for tables that show claims beside their positions."""
    exploded = positions[["position_id", "claim_ids"]].explode("claim_ids")
    return pd.Series(exploded["position_id"].to_numpy(), index=exploded["claim_ids"].to_numpy(), name="position_id")


def _with_statement_dates(frame: pd.DataFrame) -> pd.DataFrame:
    # "Austin said Tuesday": a date claim about a statement carries its date only in stated_on.
    frame = frame.copy()
    bare = frame["kind"].eq("date") & frame["refers_from"].isna() & frame["refers_to"].isna()
    frame.loc[bare, "refers_from"] = frame.loc[bare, "stated_on"]
    frame.loc[bare, "refers_to"] = frame.loc[bare, "stated_on"]
    frame.loc[bare & frame["stated_on"].notna(), "date_precision"] = "day"
    return frame


def _dated(keyed: pd.DataFrame) -> pd.DataFrame:
    """Undated claims join the earliest dated position of their figure; undated articles take the latest of those."""
    identity = [c for c in ["story", "kind", "key_subject", "key_family", "key_scope", "source_group",
                            "key_period_from", "key_period_to", "key_figure"]]
    as_of = days(keyed["key_as_of"])
    undated = np.isnan(as_of)
    if not undated.any():
        return keyed
    signature = pd.Series(keyed[identity].astype("object").fillna("").groupby(identity, sort=False).ngroup().to_numpy())
    earliest = pd.Series(as_of[~undated], index=signature[~undated]).groupby(level=0).min()
    inherited = signature.map(earliest).to_numpy(dtype=float)
    joined = undated & np.isfinite(inherited)
    as_of = np.where(joined, inherited, as_of)
    # An article with no date is about the latest moment of the figures it repeats.
    document_day = pd.Series(as_of[joined], index=keyed["doc_id"][joined]).groupby(level=0).max()
    from_document = keyed["doc_id"].map(document_day).to_numpy(dtype=float)
    by_document = np.isnan(as_of) & np.isfinite(from_document)
    as_of = np.where(by_document, from_document, as_of)
    basis = keyed["key_as_of_basis"].to_numpy(dtype=object).copy()
    basis[joined | by_document] = "inferred"
    return keyed.assign(key_as_of=iso_dates(as_of), key_as_of_basis=basis)


def _aggregated(keyed: pd.DataFrame) -> pd.DataFrame:
    key_columns = [c if c in ("story", "kind", "source_group") else f"key_{c}" for c in POSITION_KEY]
    keys = keyed[key_columns].astype("object").fillna("")
    group = keys.groupby(key_columns, sort=True).ngroup().to_numpy()
    precision = keyed["qualifier"].astype("object").map(QUALIFIER_PRECISION).fillna(5).to_numpy()
    order = np.lexsort((keyed["claim_id"].astype(str).to_numpy(), precision, group))
    first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
    lead = keyed.iloc[first].reset_index(drop=True)
    n_groups = len(first)
    outlet = keyed["outlet"].astype("object")
    outlet = outlet.where(outlet.notna(), "unknown outlet (" + keyed["doc_id"].astype(str) + ")")
    positions = pd.DataFrame(
        {
            "story": lead["story"],
            "kind": lead["kind"],
            "subject": lead["key_subject"],
            "status": _most_frequent(group, keyed["status"], n_groups),
            "scope": lead["key_scope"].where(lead["key_scope"].ne(""), None),
            "record": _shared_value(group, keyed["record"], n_groups),
            "source": _most_frequent(group, keyed["source"], n_groups),
            "source_kind": _most_frequent(group, keyed["source_kind"], n_groups),
            "source_group": lead["source_group"],
            "attributed": lead["attributed"].astype(bool),
            "as_of": lead["key_as_of"],
            "as_of_precision": np.where(lead["key_as_of"].isna(), "unknown", "day"),
            "as_of_basis": _firmest_basis(group, keyed["key_as_of_basis"], n_groups),
            "speaker": _most_frequent(group, keyed["speaker"], n_groups),
            "statement": _joined_text(group, keyed["key_statement"], n_groups),
            "n_claims": np.bincount(group, minlength=n_groups),
            "outlets": lists_by_group(group, outlet, n_groups),
            "doc_ids": lists_by_group(group, keyed["doc_id"].astype(str), n_groups),
            "claim_ids": lists_by_group(group, keyed["claim_id"].astype(str), n_groups),
        }
    )
    for column in CARRIED:
        positions[column] = lead[column].to_numpy()
    is_count = positions["kind"].eq("count")
    positions.loc[is_count, "refers_from"] = lead.loc[is_count, "key_period_from"].to_numpy()
    positions.loc[is_count, "refers_to"] = lead.loc[is_count, "key_period_to"].to_numpy()
    positions["is_increment"] = positions["is_increment"].astype("object").fillna(False).astype(bool)
    positions["n_outlets"] = positions["outlets"].map(len)
    positions["value"] = describe_values(positions).to_numpy()
    positions["position_id"] = stable_ids("P-", keys.iloc[first])
    return positions[columns_of(PositionSchema)]


def _firmest_basis(group: np.ndarray, basis: pd.Series, n_groups: int) -> np.ndarray:
    """Per group, the firmest basis (AS_OF_BASES order) any of its claims' as-of dates has: they share the date, and
    a position repeated in a dated and an undated article is dated by the dated one, whichever claim leads it."""
    missing = len(AS_OF_BASES)
    rank = basis.astype("object").map({name: n for n, name in enumerate(AS_OF_BASES)}).fillna(missing)
    best = pd.Series(rank.to_numpy(), index=group).groupby(level=0).min().reindex(range(n_groups))
    names = np.array([*AS_OF_BASES, None], dtype=object)
    return names[best.fillna(missing).astype(int).to_numpy()]


def _most_frequent(group: np.ndarray, values: pd.Series, n_groups: int) -> np.ndarray:
    """Per group, its most frequent non-empty value (ties: the first in alphabetical order); None when none."""
    frame = pd.DataFrame({"group": group, "value": values.astype("object").to_numpy()})
    frame = frame[frame["value"].notna() & frame["value"].astype(str).str.strip().ne("")]
    result = np.full(n_groups, None, dtype=object)
    if frame.empty:
        return result
    counts = frame.groupby(["group", "value"], sort=True).size().reset_index(name="n")
    best = counts.sort_values(["group", "n", "value"], ascending=[True, False, True], kind="mergesort")
    best = best.drop_duplicates("group")
    result[best["group"].to_numpy()] = best["value"].to_numpy()
    return result


def _shared_value(group: np.ndarray, values: pd.Series, n_groups: int) -> np.ndarray:
    """Per group, the value every one of its rows has; None when one row has none or another value."""
    text = values.astype("object").where(values.notna(), "").astype(str).str.strip().to_numpy(dtype=object)
    frame = pd.DataFrame({"group": group, "value": text})
    distinct = frame.drop_duplicates().groupby("group", sort=True)["value"]
    result = np.full(n_groups, None, dtype=object)
    one = distinct.nunique() == 1
    firsts = distinct.first()[one]
    firsts = firsts[firsts.ne("")]
    result[firsts.index.to_numpy()] = firsts.to_numpy()
    return result


def _joined_text(group: np.ndarray, values: pd.Series, n_groups: int) -> np.ndarray:
    return np.array([" | ".join(items) or None for items in lists_by_group(group, values, n_groups)], dtype=object)
