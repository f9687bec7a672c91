"""Pairing: claims -> candidate pairs (ClaimSchema -> PairSchema), blocked by claim key and a time window."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from reconcile.compare.features import _days
from reconcile.schema import ClaimSchema, PairSchema, complete_claims, empty_frame

# Neighbours each claim is paired with inside its block, after sorting by date: bounds the work per claim so a
# story with thousands of claims on one subject still pairs in linear time.
MAX_NEIGHBOURS = 64


KINDS_NEEDING_SUBJECT = ("date", "place")


def claim_keys(claims: pd.DataFrame) -> pd.Series:
    """The block each claim is compared within: kind and subject ("count|flood_deaths").

    Status and place are not in the key on purpose: present vs planned and an increment vs a total must meet in
    one block so the ladder can call them scope differences.

    >>> claim_keys(pd.DataFrame({"kind": ["count"], "subject": ["flood_deaths"]})).tolist()
    ['count|flood_deaths']
    """
    kinds = claims["kind"].astype("object").fillna("").astype(str)
    subjects = claims["subject"].astype("object").fillna("").astype(str) if "subject" in claims else ""
    return (kinds + "|" + subjects).rename("claim_key")


def pair_claims(
    claims: DataFrame[ClaimSchema], *, window_days: int = 31, max_neighbours: int = MAX_NEIGHBOURS
) -> DataFrame[PairSchema]:
    """Candidate pairs: same claim key, stated within `window_days` of each other, each claim with at most
    `max_neighbours` date-sorted neighbours. Claims without any date pair with their key's latest claims.

    >>> pair_claims(claims).columns.tolist()  # doctest: +SKIP
    ['claim_id_l', 'claim_id_r', 'claim_key']
    """
    frame = complete_claims(claims)
    # A date or a place whose event has no subject ("a summit in June", "in London") has no claim key: it cannot
    # be told apart from another event's date or place, so it is not compared at all.
    unkeyed = frame["kind"].isin(KINDS_NEEDING_SUBJECT) & frame["subject"].isna()
    frame = frame[~unkeyed].reset_index(drop=True)
    if frame.empty:
        return PairSchema.validate(empty_frame(["claim_id_l", "claim_id_r", "claim_key"]))
    ids = frame["claim_id"].astype(str).to_numpy(dtype=object)
    # The claim id's rank decides the pair ordering rule without comparing millions of strings.
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    key_codes, key_names = pd.factorize(claim_keys(frame), sort=True)
    days = _days(frame["stated_on"])
    days = np.where(np.isnan(days), _days(frame["published"]), days)
    # Undated claims sort last in their block (+inf) and are let through the window test below.
    order = np.lexsort((id_rank, np.where(np.isnan(days), np.inf, days), key_codes))
    sorted_keys, sorted_days, sorted_ranks = key_codes[order], days[order], id_rank[order]
    lefts, rights = [], []
    for offset in range(1, max(int(max_neighbours), 0) + 1):
        same_block = sorted_keys[offset:] == sorted_keys[:-offset]
        if not same_block.any():
            break
        gap = sorted_days[offset:] - sorted_days[:-offset]
        inside = same_block & ((gap <= window_days) | np.isnan(gap))
        starts = np.flatnonzero(inside)
        lefts.append(starts)
        rights.append(starts + offset)
    first = np.concatenate(lefts) if lefts else np.array([], dtype=np.int64)
    second = np.concatenate(rights) if rights else np.array([], dtype=np.int64)
    rank_a, rank_b = sorted_ranks[first], sorted_ranks[second]
    rank_l, rank_r = np.minimum(rank_a, rank_b), np.maximum(rank_a, rank_b)
    block = sorted_keys[first]
    sequence = np.lexsort((rank_r, rank_l, block))
    ids_by_rank = np.sort(ids)
    pairs = pd.DataFrame(
        {
            "claim_id_l": ids_by_rank[rank_l[sequence]],
            "claim_id_r": ids_by_rank[rank_r[sequence]],
            "claim_key": np.asarray(key_names, dtype=object)[block[sequence]],
        }
    )
    return PairSchema.validate(pairs)
