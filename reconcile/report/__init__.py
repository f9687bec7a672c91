"""Report stage: documents, claims, relations, findings, estimates -> out/ (HTML, Markdown, JSON, CSV)."""

from reconcile.report.plots import plot_timeline
from reconcile.report.render import ReportInputs, render_report

__all__ = ["ReportInputs", "plot_timeline", "render_report"]
