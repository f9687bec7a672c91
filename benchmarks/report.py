"""Report benchmark: distinct articles -> extraction and reconciliation (untimed) -> `render_report_seconds`, the
time the report takes beyond reconciliation (HTML, Markdown, JSON, CSV and Parquet, pictures), one dict.

The articles are those of the extraction benchmark (seeds and devset articles read at bench time), the first
`n_docs` of them; the render is timed `repeats` times into a fresh folder each time and the median reported.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks.extraction import bench_documents, default_corpora

DEFAULT_DOCS = 30
DEFAULT_REPEATS = 3


def bench_report(n_docs: int = DEFAULT_DOCS, repeats: int = DEFAULT_REPEATS) -> dict:
    """Seconds to render the report of `n_docs` articles once their claims are reconciled; one flat dict.

    >>> bench_report(n_docs=5, repeats=1)["render_report_seconds"] > 0  # doctest: +SKIP
    True
    """
    from reconcile.extract import extract_claims_validated
    from reconcile.pipeline import reconcile_claims, with_stories
    from reconcile.report import ReportInputs, render_report_seconds

    documents = bench_documents(default_corpora(), n_docs)
    extraction = extract_claims_validated(documents)
    claims = with_stories(extraction.valid, documents)
    result = reconcile_claims(claims)
    inputs = ReportInputs(documents=documents, claims=claims, relations=result.relations, findings=result.findings,
                          estimates=result.estimates, rejected_claims=extraction.failures, title="Bench",
                          generated_from="bench", timelines=result.timelines)
    with tempfile.TemporaryDirectory() as work:
        seconds = [render_report_seconds(inputs, Path(work) / f"out-{run}") for run in range(max(1, repeats))]
    return {
        "render_report_docs": int(len(documents)),
        "render_report_claims": int(len(claims)),
        "render_report_findings": int(len(result.findings)),
        "render_report_seconds": round(statistics.median(seconds), 3),
    }
