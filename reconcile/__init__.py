"""reconcile: claims with provenance from news articles, compared by source and date. Public API only."""

from reconcile.corpus import CorpusError, load_corpus, summarise_inventory
from reconcile.extract import extract_claims
from reconcile.pipeline import Reconciliation, RunResult, read_claims, reconcile_claims, run_report
from reconcile.report import ReportInputs, plot_timeline, render_report
from reconcile.schema import (
    ClaimSchema,
    DocumentSchema,
    EstimateSchema,
    FindingSchema,
    PairSchema,
    RelationSchema,
)

__all__ = [
    "ClaimSchema",
    "CorpusError",
    "DocumentSchema",
    "EstimateSchema",
    "FindingSchema",
    "PairSchema",
    "Reconciliation",
    "RelationSchema",
    "ReportInputs",
    "RunResult",
    "extract_claims",
    "load_corpus",
    "plot_timeline",
    "read_claims",
    "reconcile_claims",
    "render_report",
    "run_report",
    "summarise_inventory",
]
