"""Classification: pairs + claims -> relations (PairSchema -> RelationSchema) by walking the ordered ladder."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from reconcile.compare.features import claim_features, source_identity
from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.predicates import PREDICATES, Sides
from reconcile.describe import describe_claims
from reconcile.schema import ClaimSchema, PairSchema, RelationSchema, complete_claims, empty_frame

def classify_pairs(
    pairs: DataFrame[PairSchema], claims: DataFrame[ClaimSchema], *, ladder: Ladder | None = None
) -> DataFrame[RelationSchema]:
    """Walk the ordered ladder for every pair; the first rule whose predicates all hold gives the relation.

    Pairs naming a claim that is not in `claims` are dropped; a pair given right-to-left is turned round.

    >>> classify_pairs(pair_claims(claims), claims)[["relation", "rule_id"]].iloc[0].tolist()  # doctest: +SKIP
    ['conflict', 'count.incompatible']
    """
    ladder = ladder or load_ladder()
    frame = complete_claims(claims).reset_index(drop=True)
    columns = ["claim_id_l", "claim_id_r", "claim_key", "relation", "rule_id", "label", "reason"]
    if pairs.empty or frame.empty:
        return RelationSchema.validate(empty_frame(columns))
    index = pd.Index(frame["claim_id"].astype(str))
    position_l = index.get_indexer(pairs["claim_id_l"].astype(str))
    position_r = index.get_indexer(pairs["claim_id_r"].astype(str))
    keys = pairs["claim_key"].astype("object").fillna("").astype(str).to_numpy(dtype=object)
    known = (position_l >= 0) & (position_r >= 0) & (position_l != position_r)
    position_l, position_r, keys = position_l[known], position_r[known], keys[known]
    ids = frame["claim_id"].astype(str).to_numpy(dtype=object)
    turned = ids[position_l] > ids[position_r]
    left = np.where(turned, position_r, position_l)
    right = np.where(turned, position_l, position_r)
    chosen = ladder_levels(Sides(claim_features(frame, ladder), left, right, ladder))
    rule_ids = np.array([r.rule_id for r in ladder.rules], dtype=object)
    labels = np.array([r.label for r in ladder.rules], dtype=object)
    relation_names = np.array([r.relation for r in ladder.rules], dtype=object)
    descriptions = describe_claims(frame, source_identity(frame))
    relations = pd.DataFrame(
        {
            "claim_id_l": ids[left],
            "claim_id_r": ids[right],
            "claim_key": keys,
            "relation": relation_names[chosen],
            "rule_id": rule_ids[chosen],
            "label": labels[chosen],
            "reason": descriptions[left] + " vs " + descriptions[right] + ".",
        }
    )
    # Sort by integer ranks rather than millions of strings: same order as (claim_key, claim_id_l, claim_id_r).
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    key_codes, _ = pd.factorize(keys, sort=True)
    order = np.lexsort((id_rank[right], id_rank[left], key_codes))
    return RelationSchema.validate(relations.iloc[order].reset_index(drop=True))


def ladder_levels(sides: Sides) -> np.ndarray:
    """Index of the first rule of the ladder that holds for each pair (predicates evaluated once each).

    >>> ladder_levels(sides)  # doctest: +SKIP
    array([11, 9])
    """
    cache: dict[str, np.ndarray] = {}

    def holds(name: str) -> np.ndarray:
        negated = name.startswith("not ")
        base = name.removeprefix("not ").strip()
        if base not in cache:
            cache[base] = np.asarray(PREDICATES[base](sides), dtype=bool)
        return ~cache[base] if negated else cache[base]

    chosen = np.full(len(sides.left), -1, dtype=np.int64)
    for level, rule in enumerate(sides.ladder.rules):
        open_rows = chosen < 0
        if not open_rows.any():
            break
        condition = open_rows.copy()
        for name in rule.when:
            condition &= holds(name)
        chosen[condition] = level
    return chosen
