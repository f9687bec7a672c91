"""Summarise stage: claims + relations -> findings (FindingSchema, ranked) and claims -> estimates (EstimateSchema).

Independence is the thread through both: outlets repeating one original source's figure are one witness, so
sides and estimates count distinct original sources (organisation, else speaker, else country), never outlets.
"""

from reconcile.summarise.estimates import ESTIMATE_RULE, estimate_counts
from reconcile.summarise.findings import FINDING_WEIGHTS, summarise_findings

__all__ = ["ESTIMATE_RULE", "FINDING_WEIGHTS", "estimate_counts", "summarise_findings"]
