"""Benchmark command: extraction against bare spaCy on a built corpus, and reconciliation on synthetic claims."""

from __future__ import annotations


def run_benchmarks(n_docs: int = 300, n_process: int = 2, sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> dict:
    """One run, one flat dict: extraction figures, then `reconcile_seconds_<n>` per synthetic size.

    >>> run_benchmarks(n_docs=10, sizes=(1000,))["docs"]  # doctest: +SKIP
    10
    """
    from reconcile.extract.bench import bench_extraction
    from reconcile.reconcile_bench import bench_reconciliation

    results = dict(bench_extraction(n_docs=n_docs, n_process=n_process))
    if sizes:
        results.update(bench_reconciliation(sizes=sizes))
    return results
