"""Compare stage: claims -> positions -> timelines -> relations (ClaimSchema -> PositionSchema -> TimelineSchema ->
RelationSchema).

Positions collapse claims repeating one source's figure; timelines order each source's positions in time; pairs
meet only inside one story, kind and subject, inside a snapshot window, while both figures stand; the ordered
ladder in `reconcile/data/relation_rules.yaml` classifies each pair with a rule id and a reason.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare.classify import classify_pairs, ladder_levels, load_ladder, relation_reasons
from reconcile.compare.features import Features, Sides, position_features
from reconcile.compare.ladder import Ladder, Measure, Rule
from reconcile.compare.pairing import pair_positions
from reconcile.compare.positions import collect_positions, position_of_claims
from reconcile.compare.predicates import PREDICATES
from reconcile.compare.timelines import build_timelines, family_of
from reconcile.compare.values import count_intervals, point_values
from reconcile.schema import RelationSchema, TimelineSchema


@pa.check_types
def compare_positions(timelines: DataFrame[TimelineSchema], ladder: Ladder | None = None) -> DataFrame[RelationSchema]:
    """Pair positions and classify every pair: `compare_positions(build_timelines(collect_positions(claims)))`."""
    ladder = ladder or load_ladder()
    return classify_pairs(pair_positions(timelines, ladder), timelines, ladder=ladder)


__all__ = [
    "PREDICATES",
    "Features",
    "Ladder",
    "Measure",
    "Rule",
    "Sides",
    "build_timelines",
    "classify_pairs",
    "collect_positions",
    "compare_positions",
    "count_intervals",
    "family_of",
    "ladder_levels",
    "load_ladder",
    "pair_positions",
    "point_values",
    "position_features",
    "position_of_claims",
    "relation_reasons",
]
