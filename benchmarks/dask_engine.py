"""Dask engine benchmark: documents per second with one and with two workers, and memory per worker."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from reconcile.engines.dask import PARTITIONS_PER_WORKER, close_client, extract_claims_dask, start_client
from distributed import Client


def bench_dask(n_docs: int = 200, *, documents: pd.DataFrame | None = None, seeds: Path = Path("seeds")) -> dict:
    """Documents per second with one and with two workers, and memory per worker, in one run.

    >>> sorted(bench_dask(n_docs=20))  # doctest: +SKIP
    ['dask_docs', 'docs_per_s_1_worker', 'docs_per_s_2_workers', 'memory_per_worker_mb']
    """
    corpus = _bench_documents(n_docs, seeds) if documents is None else documents
    client = start_client(n_workers=1)
    try:
        rates = {"docs_per_s_1_worker": _docs_per_second(corpus, client, 1)}
        client.cluster.scale(2)
        client.wait_for_workers(2)
        rates["docs_per_s_2_workers"] = _docs_per_second(corpus, client, 2)
        memory = client.run(_process_memory_mb)
    finally:
        close_client(client)
    return {
        **rates,
        "memory_per_worker_mb": round(max(memory.values()), 1),
        "dask_docs": len(corpus),
    }


def _docs_per_second(documents: pd.DataFrame, client: Client, n_workers: int) -> float:
    # The pipeline is loaded before the clock starts: a long run pays it once per worker, not per document.
    client.run(_warm_nlp)
    started = time.perf_counter()
    extract_claims_dask(documents, client=client, npartitions=n_workers * PARTITIONS_PER_WORKER)
    return round(len(documents) / (time.perf_counter() - started), 2)


def _warm_nlp() -> None:
    from reconcile.extract.nlp import load_nlp

    load_nlp()


def _process_memory_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _bench_documents(n_docs: int, seeds_folder: Path) -> pd.DataFrame:
    from reconcile.corpus import load_corpus

    seeds = load_corpus(seeds_folder)
    seeds = seeds[seeds["status"] == "ok"].reset_index(drop=True)
    copies = [seeds.iloc[[i % len(seeds)]].assign(doc_id=f"bench_{i:06d}") for i in range(n_docs)]
    return pd.concat(copies, ignore_index=True)


