"""Compare stage: claims -> pairs (ClaimSchema -> PairSchema) -> relations (RelationSchema) by an ordered rule ladder.

Pairing blocks claims by claim key (kind + subject) and a time window, never all against all. Classification walks
the ladder in `reconcile/data/relation_rules.yaml`; each rule names symmetric, vectorised predicates.
"""

from reconcile.compare.classify import classify_pairs, ladder_levels
from reconcile.compare.features import Features, claim_features, count_intervals, point_values, source_identity
from reconcile.compare.ladder import Ladder, Rule, load_ladder
from reconcile.compare.pairing import claim_keys, pair_claims
from reconcile.compare.predicates import PREDICATES, Sides

__all__ = [
    "PREDICATES",
    "Features",
    "Ladder",
    "Rule",
    "Sides",
    "claim_features",
    "claim_keys",
    "classify_pairs",
    "count_intervals",
    "ladder_levels",
    "load_ladder",
    "pair_claims",
    "point_values",
    "source_identity",
]
