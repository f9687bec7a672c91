"""Summarise stage: timelines + relations -> findings (FindingSchema, ranked) and timelines -> estimates
(EstimateSchema).

Independence is the thread through both: outlets repeating one source's figure are one position, and sides and
estimates count independence groups, never outlets.
"""

from reconcile.summarise.estimates import RULE_ID as ESTIMATE_RULE_ID
from reconcile.summarise.estimates import estimate_counts
from reconcile.summarise.findings import summarise_findings

__all__ = ["ESTIMATE_RULE_ID", "estimate_counts", "summarise_findings"]
