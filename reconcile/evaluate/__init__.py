"""Evaluation: scores of extracted claims and findings against hand-checked gold.

`claims` scores claims against claims (the seed fixtures); `devset` scores a report against a devset story folder
(../shared/devsets/<story>); `oracle` reconciles a devset's gold claims to score the reconciler alone; `fields` and
`conflicts` hold the rules they are documented by.
"""

from reconcile.evaluate.claims import FIELDS_BY_KIND, Evaluation, evaluate_claims, match_claims
from reconcile.evaluate.devset import (
    Devset,
    DevsetError,
    DevsetEvaluation,
    evaluate_devset,
    evaluate_devset_folder,
    load_devset,
    read_corrections,
    read_report,
)
from reconcile.evaluate.oracle import evaluate_reconciler, gold_claims

__all__ = [
    "FIELDS_BY_KIND",
    "Devset",
    "DevsetError",
    "DevsetEvaluation",
    "Evaluation",
    "evaluate_claims",
    "evaluate_devset",
    "evaluate_devset_folder",
    "evaluate_reconciler",
    "gold_claims",
    "load_devset",
    "match_claims",
    "read_corrections",
    "read_report",
]
