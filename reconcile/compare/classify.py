"""Classification: pairs + timelines -> relations (PairSchema -> RelationSchema) by walking the ordered ladder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.features import position_features
from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.predicates import PREDICATES, Sides
from reconcile.describe import describe_positions
from reconcile.schema import PairSchema, RelationSchema, TimelineSchema, columns_of, empty_frame


@pa.check_types
def classify_pairs(
    pairs: DataFrame[PairSchema], timelines: DataFrame[TimelineSchema], *, ladder: Ladder | None = None
) -> DataFrame[RelationSchema]:
    """Walk the ordered ladder for every pair; the first rule whose predicates all hold gives the relation.

    Pairs naming a position that is not in `timelines` are dropped; a pair given right-to-left is turned round.

    >>> classify_pairs(pair_positions(timelines), timelines)[["relation", "rule_id"]].iloc[0].tolist()  # doctest: +SKIP
    ['conflict', 'count.incompatible']
    """
    ladder = ladder or load_ladder()
    frame = timelines.reset_index(drop=True)
    if pairs.empty or frame.empty:
        return empty_frame(columns_of(RelationSchema))
    index = pd.Index(frame["position_id"].astype(str))
    left = index.get_indexer(pairs["position_id_l"].astype(str))
    right = index.get_indexer(pairs["position_id_r"].astype(str))
    known = (left >= 0) & (right >= 0) & (left != right)
    left, right = left[known], right[known]
    ids = frame["position_id"].to_numpy(dtype=object)
    turned = ids[left] > ids[right]
    left, right = np.where(turned, right, left), np.where(turned, left, right)
    chosen = ladder_levels(Sides(position_features(frame, ladder), left, right, ladder))
    rule_ids = np.array([r.rule_id for r in ladder.rules], dtype=object)
    labels = np.array([r.label for r in ladder.rules], dtype=object)
    relation_names = np.array([r.relation for r in ladder.rules], dtype=object)
    descriptions = describe_positions(frame)
    relations = pd.DataFrame(
        {
            "position_id_l": ids[left],
            "position_id_r": ids[right],
            "story": frame["story"].to_numpy(dtype=object)[left],
            "kind": frame["kind"].to_numpy(dtype=object)[left],
            "subject": frame["subject"].to_numpy(dtype=object)[left],
            "relation": relation_names[chosen],
            "rule_id": rule_ids[chosen],
            "label": labels[chosen],
            "reason": descriptions[left] + " vs " + descriptions[right] + ".",
        }
    )
    relations = relations.sort_values(["story", "kind", "subject", "position_id_l", "position_id_r"], kind="mergesort")
    return relations.reset_index(drop=True)


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
