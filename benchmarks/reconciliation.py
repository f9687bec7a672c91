"""Reconciliation benchmark: synthetic claims (fixed seed; even and skewed workloads) -> seconds per stage and peak
resident memory of positions, timelines, compare, findings and estimates.

Each (workload, size) runs in a fresh process, so its peak resident memory is its own and not the largest run's so
far. The claims are built before the clock starts; what is timed is `reconcile.pipeline.reconcile_claims`'s work,
stage by stage, including every schema check at the stage boundaries.
"""

from __future__ import annotations

import multiprocessing
import resource
import time

SIZES = (10_000, 100_000, 1_000_000)
WORKLOADS = ("even", "skewed")


def bench_reconciliation(sizes: tuple[int, ...] = SIZES, workloads: tuple[str, ...] = WORKLOADS,
                         seed: int = 0) -> dict:
    """Seconds and peak RSS per workload and size, with per-stage seconds and table sizes.

    Returns `reconcile_seconds` and `reconcile_peak_rss_mb` as {"skewed": {"1000000": ...}, "even": {...}}, the
    per-stage figures under `reconcile_stages`, and `reconcile_ratio_1m_over_100k` per workload when both ran.

    >>> bench_reconciliation(sizes=(1000,), workloads=("even",))["reconcile_seconds"]["even"]["1000"] > 0  # doctest: +SKIP
    True
    """
    context = multiprocessing.get_context("spawn")
    seconds: dict[str, dict[str, float]] = {}
    memory: dict[str, dict[str, float]] = {}
    stages: dict[str, dict[str, dict]] = {}
    for workload in workloads:
        for size in sizes:
            with context.Pool(1) as pool:
                run = pool.apply(_run_once, (int(size), seed, workload))
            seconds.setdefault(workload, {})[str(size)] = run.pop("seconds")
            memory.setdefault(workload, {})[str(size)] = run.pop("peak_rss_mb")
            stages.setdefault(workload, {})[str(size)] = run
    ratios = {workload: round(times["1000000"] / times["100000"], 2) for workload, times in seconds.items()
              if "1000000" in times and "100000" in times and times["100000"] > 0}
    return {"reconcile_seconds": seconds, "reconcile_peak_rss_mb": memory, "reconcile_stages": stages,
            "reconcile_ratio_1m_over_100k": ratios, "reconcile_seed": seed}


def _run_once(size: int, seed: int, workload: str) -> dict:
    from benchmarks.synthetic import synthetic_claims
    from reconcile.compare import build_timelines, collect_positions, compare_positions, load_ladder
    from reconcile.summarise import estimate_counts, summarise_findings

    claims = synthetic_claims(size, seed=seed, workload=workload)
    ladder = load_ladder()
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 3)

    positions = collect_positions(claims, ladder)
    positions_seconds = lap()
    timelines = build_timelines(positions, ladder)
    timelines_seconds = lap()
    relations = compare_positions(timelines, ladder)
    compare_seconds = lap()
    findings = summarise_findings(claims, timelines, relations, ladder)
    findings_seconds = lap()
    estimates = estimate_counts(timelines)
    estimates_seconds = lap()
    return {
        "seconds": round(clock[-1] - clock[0], 3),
        # ru_maxrss is in KiB on Linux: the peak of this worker process, which ran only this size.
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "positions_seconds": positions_seconds,
        "timelines_seconds": timelines_seconds,
        "compare_seconds": compare_seconds,
        "findings_seconds": findings_seconds,
        "estimates_seconds": estimates_seconds,
        "claims": int(len(claims)),
        "positions": int(len(positions)),
        "relations": int(len(relations)),
        "findings": int(len(findings)),
        "estimates": int(len(estimates)),
    }
