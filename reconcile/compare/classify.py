"""Classification: pairs + timelines -> relations (PairSchema -> RelationSchema) by walking the ordered ladder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.features import Sides, position_features
from reconcile.compare.ladder import Ladder
from reconcile.compare.ladder import load_ladder as load_rules
from reconcile.compare.predicates import PREDICATES
from reconcile.describe import describe_positions
from reconcile.schema import PairSchema, RelationSchema, TimelineSchema, columns_of, empty_frame


def load_ladder(path=None) -> Ladder:
    """The relation ladder (shipped `relation_rules.yaml` unless `path` is given), every predicate name checked.

    >>> load_ladder().rules[-1].relation
    'unrelated'
    """
    ladder = load_rules(path)
    unknown = [f"{rule.rule_id}: unknown predicate {name!r}" for rule in ladder.rules for name in rule.when
               if name.removeprefix("not ").strip() not in PREDICATES]
    if unknown:
        raise ValueError(f"rule ladder {path or 'relation_rules.yaml'} is invalid: " + "; ".join(unknown))
    return ladder


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
    # The pair ordering rule and the sort, on the ids' sorted ranks rather than on millions of strings.
    rank = pd.factorize(frame["position_id"], sort=True)[0]
    turned = rank[left] > rank[right]
    left, right = np.where(turned, right, left), np.where(turned, left, right)
    chosen = ladder_levels(Sides(position_features(frame, ladder), left, right, ladder))
    rule_ids = np.array([r.rule_id for r in ladder.rules], dtype=object)
    labels = np.array([r.label for r in ladder.rules], dtype=object)
    relation_names = np.array([r.relation for r in ladder.rules], dtype=object)
    # Columns are taken from the positions' own (Arrow) string arrays, not rebuilt from Python objects.
    relations = pd.DataFrame(
        {
            "position_id_l": frame["position_id"].array.take(left),
            "position_id_r": frame["position_id"].array.take(right),
            "story": frame["story"].array.take(left),
            "kind": frame["kind"].array.take(left),
            "subject": frame["subject"].array.take(left),
            "relation": relation_names[chosen],
            "rule_id": rule_ids[chosen],
            "label": labels[chosen],
        }
    )
    block = frame[["story", "kind", "subject"]].groupby(["story", "kind", "subject"], sort=True).ngroup().to_numpy()
    order = np.lexsort((rank[right], rank[left], block[left]))
    return relations.iloc[order].reset_index(drop=True)


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


def relation_reasons(relations: pd.DataFrame, timelines: pd.DataFrame) -> pd.Series:
    """One readable sentence per relation naming both sides ("Red Cross (Mar 4, 2025): about 250 killed vs ...").

    Worded only when a table of relations is written, not held for every pair in memory.
    """
    descriptions = pd.Series(describe_positions(timelines.reset_index(drop=True)),
                             index=timelines["position_id"].to_numpy())
    left = relations["position_id_l"].map(descriptions).fillna("an unknown position")
    right = relations["position_id_r"].map(descriptions).fillna("an unknown position")
    return (left + " vs " + right + ".").rename("reason")
