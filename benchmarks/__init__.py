"""Benchmarks of `reconcile`, outside the package: each module measures one stage and returns one flat dict."""

from __future__ import annotations


def run_benchmarks(
    n_docs: int = 300,
    n_process: int = 2,
    sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000),
    dask_docs: int = 100,
) -> dict:
    """One run, one flat dict: extraction figures, Dask throughput, then `reconcile_seconds_<n>` per size.

    >>> run_benchmarks(n_docs=10, sizes=(1000,), dask_docs=0)["docs"]  # doctest: +SKIP
    10
    """
    from benchmarks.extraction import bench_extraction
    from benchmarks.reconciliation import bench_reconciliation

    results = dict(bench_extraction(n_docs=n_docs, n_process=n_process))
    if dask_docs:
        from benchmarks.dask_engine import bench_dask

        results.update(bench_dask(n_docs=dask_docs))
    if sizes:
        results.update(bench_reconciliation(sizes=sizes))
    return results
