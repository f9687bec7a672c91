"""Extraction benchmark: documents -> timings of `extract_claims` against a bare spaCy pass, one flat dict."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import pandas as pd

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def bench_extraction(n_docs: int = 300, n_process: int = 1) -> dict:
    """Extract claims from `n_docs` documents and parse the same full texts with bare spaCy; compare the two.

    >>> bench_extraction(n_docs=10)["docs"]  # doctest: +SKIP
    10
    """
    from reconcile.extract import extract_claims_validated
    from reconcile.extract.nlp import load_nlp

    nlp = load_nlp()
    documents = _corpus(n_docs)
    nlp("warm up the pipeline before timing.")

    started = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(documents["text"].tolist(), batch_size=32, n_process=n_process):
        tokens += len(doc)
    spacy_seconds = time.perf_counter() - started

    started = time.perf_counter()
    validated = extract_claims_validated(documents, nlp=nlp, n_process=n_process)
    extract_seconds = time.perf_counter() - started

    return {
        "docs": int(len(documents)),
        "tokens": int(tokens),
        "claims": int(len(validated.valid)),
        "extract_seconds": round(extract_seconds, 3),
        "spacy_seconds": round(spacy_seconds, 3),
        "overhead_ratio": round(extract_seconds / spacy_seconds, 3) if spacy_seconds else None,
        "extract_docs_per_s": round(len(documents) / extract_seconds, 2) if extract_seconds else None,
        "n_process": int(n_process),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _corpus(n_docs: int) -> pd.DataFrame:
    """The seed documents repeated to `n_docs` rows, each with its own doc_id."""
    seeds = _seed_documents()
    rows = []
    for number in range(n_docs):
        row = dict(seeds[number % len(seeds)])
        row["doc_id"] = f"bench_{number:05d}_{row['doc_id']}"
        rows.append(row)
    return pd.DataFrame(rows)


def _seed_documents() -> list[dict]:
    from reconcile.corpus import load_corpus

    documents = load_corpus(SEEDS)
    return documents[documents["status"] == "ok"].to_dict("records")


def _peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return max(own, children) / scale
