"""Benchmark stage: synthetic claims (fixed seed) -> seconds and peak memory of pair, classify and summarise.

Each size runs in a fresh process so its peak resident memory is its own, not the largest run's so far.
"""

from __future__ import annotations

import multiprocessing
import resource
import time


def bench_reconciliation(sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000), seed: int = 0) -> dict:
    """Time reconciliation (pair_claims, classify_pairs, summarise_findings, estimate_counts) per size.

    Returns flat keys (`reconcile_seconds_<n>`, `reconcile_pairs_<n>`, `reconcile_peak_rss_mib_<n>`) plus
    `reconcile_seconds` keyed by count, and the 1M/100k time ratio when both sizes ran.

    >>> bench_reconciliation(sizes=(1000,))["reconcile_seconds"][1000] > 0  # doctest: +SKIP
    True
    """
    context = multiprocessing.get_context("spawn")
    results: dict = {"reconcile_seconds": {}, "reconcile_seed": seed}
    for size in sizes:
        with context.Pool(1) as pool:
            run = pool.apply(_run_once, (int(size), seed))
        results["reconcile_seconds"][int(size)] = run["seconds"]
        for name, value in run.items():
            results[f"reconcile_{name}_{int(size)}"] = value
    timings = results["reconcile_seconds"]
    if 100_000 in timings and 1_000_000 in timings and timings[100_000] > 0:
        results["reconcile_ratio_1m_over_100k"] = round(timings[1_000_000] / timings[100_000], 2)
    return results


def _run_once(size: int, seed: int) -> dict:
    from reconcile.compare import classify_pairs, pair_claims
    from reconcile.summarise import estimate_counts, summarise_findings
    from benchmarks.synthetic import synthetic_claims

    claims = synthetic_claims(size, seed=seed)
    started = time.perf_counter()
    pairs = pair_claims(claims)
    paired = time.perf_counter()
    relations = classify_pairs(pairs, claims)
    classified = time.perf_counter()
    findings = summarise_findings(claims, relations)
    estimates = estimate_counts(claims)
    finished = time.perf_counter()
    return {
        "seconds": round(finished - started, 3),
        "pair_seconds": round(paired - started, 3),
        "classify_seconds": round(classified - paired, 3),
        "summarise_seconds": round(finished - classified, 3),
        "pairs": int(len(pairs)),
        "findings": int(len(findings)),
        "estimates": int(len(estimates)),
        # ru_maxrss is in KiB on Linux: the peak of this worker process, which ran only this size.
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
