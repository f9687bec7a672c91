"""Benchmarks of `reconcile`, outside the package: each module measures one stage and returns one flat dict."""

from __future__ import annotations


def run_benchmarks(
    n_docs: int = 300,
    n_process: int = 2,
    sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000),
    dask_docs: int = 100,
    report_docs: int = 30,
    workloads: tuple[str, ...] = ("even", "skewed"),
) -> dict:
    """One run, one dict: extraction figures, Dask throughput and `dask_speedup_2_workers`, `render_report_seconds`
    on `report_docs` articles, then `reconcile_seconds` and `reconcile_peak_rss_mb` per workload and size
    ({"skewed": {"1000000": ...}, "even": {...}}) with per-stage figures under `reconcile_stages`.

    >>> run_benchmarks(n_docs=10, sizes=(1000,), dask_docs=0)["docs"]  # doctest: +SKIP
    10
    """
    from benchmarks.extraction import bench_extraction
    from benchmarks.reconciliation import bench_reconciliation

    results = dict(bench_extraction(n_docs=n_docs, n_process=n_process))
    if dask_docs:
        from benchmarks.dask_engine import bench_dask

        results.update(bench_dask(n_docs=dask_docs))
    if report_docs:
        from benchmarks.report import bench_report

        results.update(bench_report(n_docs=report_docs))
    if sizes:
        results.update(bench_reconciliation(sizes=sizes, workloads=workloads))
    return results
