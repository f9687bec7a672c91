"""Report stage: documents, claims, positions, relations, findings, estimates -> out/ (HTML, Markdown, JSON, CSV,
Parquet), plus the who-said-what-when pictures and Jupyter views of the same cards."""

from reconcile.report.adapt import positions_from_claims
from reconcile.report.notebook import FindingCards, reconciliation_html
from reconcile.report.plots import plot_positions, plot_timeline
from reconcile.report.render import ReportInputs, render_report, render_report_seconds

__all__ = [
    "FindingCards",
    "ReportInputs",
    "plot_positions",
    "plot_timeline",
    "positions_from_claims",
    "reconciliation_html",
    "render_report",
    "render_report_seconds",
]
