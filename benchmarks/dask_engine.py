"""Dask engine benchmark: documents per second with one and with two workers, the speed-up, and memory per worker.

The documents are the distinct articles the extraction benchmark uses (seeds and devsets), repeated only when more
are asked for than exist, so that the two benchmarks measure the same text.
"""

from __future__ import annotations

import time

import pandas as pd

from reconcile.extract import extract_claims_validated, prepare_extraction
from reconcile.extract.story_hints import with_corpus_story_hints
from reconcile.engines.dask import PARTITIONS_PER_WORKER, close_client, extract_claims_dask, start_client
from distributed import Client


def bench_dask(n_docs: int = 200, *, documents: pd.DataFrame | None = None) -> dict:
    """Documents per second with one and with two workers, and memory per worker, in one run.

    >>> sorted(bench_dask(n_docs=20))  # doctest: +SKIP
    ['dask_docs', 'dask_speedup_2_workers', 'docs_per_s_1_worker', 'docs_per_s_2_workers', 'memory_per_worker_mb']
    """
    corpus = _bench_documents(n_docs) if documents is None else documents
    client = start_client(n_workers=1, warm_up=prepare_extraction)
    try:
        rates = {"docs_per_s_1_worker": _docs_per_second(corpus, client, 1)}
        client.cluster.scale(2)
        client.wait_for_workers(2)
        rates["docs_per_s_2_workers"] = _docs_per_second(corpus, client, 2)
        memory = client.run(_process_memory_mb)
    finally:
        close_client(client)
    one, two = rates["docs_per_s_1_worker"], rates["docs_per_s_2_workers"]
    return {
        **rates,
        "dask_speedup_2_workers": round(two / one, 2) if one else None,
        "memory_per_worker_mb": round(max(memory.values()), 1),
        "dask_docs": len(corpus),
    }


def _docs_per_second(documents: pd.DataFrame, client: Client, n_workers: int) -> float:
    # The pipeline is loaded before the clock starts: a long run pays it once per worker, not per document.
    client.run(prepare_extraction)
    started = time.perf_counter()
    extract_claims_dask(documents, client=client, extract=extract_claims_validated,
                        npartitions=n_workers * PARTITIONS_PER_WORKER, prepare=with_corpus_story_hints)
    return round(len(documents) / (time.perf_counter() - started), 2)


def _process_memory_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _bench_documents(n_docs: int) -> pd.DataFrame:
    from benchmarks.extraction import bench_documents, default_corpora

    distinct = bench_documents(default_corpora())
    copies = [distinct.iloc[[i % len(distinct)]].assign(doc_id=f"bench_{i:06d}") for i in range(n_docs)]
    return pd.concat(copies, ignore_index=True)
