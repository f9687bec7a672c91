"""Report stage: documents, claims, timelines, relations, findings, estimates -> out/ (HTML, Markdown, JSON, CSV,
Parquet), plus the who-said-what-when pictures and Jupyter views of the same cards."""

from reconcile.report.notebook import FindingCards, reconciliation_html
from reconcile.report.plots import plot_positions
from reconcile.report.render import ReportInputs, render_report, render_report_seconds

__all__ = [
    "FindingCards",
    "ReportInputs",
    "plot_positions",
    "reconciliation_html",
    "render_report",
    "render_report_seconds",
]
