"""Extract stage: documents (DocumentSchema, status ok) -> claims (ClaimSchema), counts and events with provenance.

Only the sentences that can hold a claim are parsed (see `chunks`), in batches through `nlp.pipe`; attribution
memory comes from a cheap scan of each whole document. Documents are extracted in isolation (`documents`): one that
fails is reported in `Extraction.failed_documents` with its reason, and the run goes on. With `n_process` > 1,
whole documents go to forked worker processes that inherit the pipeline, the lexicons and the gazetteer, built once
before the fork (`prepare_extraction`).
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from reconcile.extract.documents import extract_documents, readable_records
from reconcile.extract.lexicons import event_words, lexicons, speech_lemmas
from reconcile.extract.nlp import load_nlp
from reconcile.extract.story_hints import HINT_COLUMNS, with_story_hints
from reconcile.kernels.date_rules import rules as date_rules
from reconcile.kernels.gazetteer import gazetteer
from reconcile.kernels.numbers import quantity_lexicon
from reconcile.rules import user_lexicon_dirs
from reconcile.schema import ClaimSchema, columns_of
from reconcile.validation import FAILED_DOCUMENT_COLUMNS, Validated, split_valid

__all__ = ["Extraction", "extract_claims", "extract_claims_validated", "prepare_extraction", "skip_failed_documents"]

CLAIM_COLUMNS = columns_of(ClaimSchema)
SORT_KEYS = ["doc_id", "start", "end", "kind", "claim_id"]
# Documents are parsed and extracted in tasks of about this many characters (a few seconds of parsing), so that the
# parsed Docs of one task at a time are held in memory; with worker processes, tasks are made smaller still (four
# per process at least) so that every worker stays busy to the end.
CHARS_PER_TASK = 40_000
TASKS_PER_PROCESS = 4


@dataclass(frozen=True)
class Extraction(Validated):
    """Validated claims, plus the documents whose extraction failed: `failed_documents` (doc_id, reason)."""

    failed_documents: pd.DataFrame


def extract_claims(
    documents: pd.DataFrame, *, nlp=None, progress: bool = False, n_process: int = 1
) -> pd.DataFrame:
    """Claims of every readable document, validated; rejected rows and failed documents are reported as a warning,
    never hidden.

    >>> extract_claims(load_corpus("seeds")).query("kind == 'count'").shape[0] > 0  # doctest: +SKIP
    True
    """
    extraction = extract_claims_validated(documents, nlp=nlp, progress=progress, n_process=n_process)
    if len(extraction.rejected):
        checks = "; ".join(sorted(set(extraction.failures["check"].astype(str))))
        warnings.warn(f"{len(extraction.rejected)} extracted claim(s) failed ClaimSchema ({checks})", stacklevel=2)
    if len(extraction.failed_documents):
        ids = ", ".join(extraction.failed_documents["doc_id"].astype(str))
        warnings.warn(f"{len(extraction.failed_documents)} document(s) could not be extracted: {ids}", stacklevel=2)
    return extraction.valid


def extract_claims_validated(
    documents: pd.DataFrame, *, nlp=None, progress: bool = False, n_process: int = 1
) -> Extraction:
    """Extract claims and split them into valid rows and rejected rows with their failing checks; documents whose
    extraction failed are listed apart with the reason.

    >>> extract_claims_validated(documents).failures.columns.tolist()  # doctest: +SKIP
    ['row', 'id', 'column', 'check', 'failure_case']
    """
    failed: list[dict] = []
    rows = list(_extract_rows(documents, nlp=nlp, progress=progress, n_process=n_process, failed=failed))
    validated = split_valid(_claims_frame(rows), ClaimSchema, "claim_id")
    failed_documents = pd.DataFrame(failed, columns=FAILED_DOCUMENT_COLUMNS).sort_values("doc_id", kind="stable")
    return Extraction(validated.valid, validated.failures, validated.rejected, failed_documents.reset_index(drop=True))


# A made-up paragraph with a count, dates, a route, a place and a quote: extracting it once loads every lexicon and
# compiles every pattern the extractors use, so that neither the first document nor a forked worker pays for it.
WARM_UP_DOCUMENT = {
    "doc_id": "warm-up",
    "published": "2024-10-23",
    "text": "On Monday, about 300 volunteers were sent from Lisbon to Porto by train, officials said. "
    "“We are ready to help,” the mayor told reporters in Porto last week.",
}


def skip_failed_documents(documents: pd.DataFrame, failed_documents: pd.DataFrame) -> pd.DataFrame:
    """The documents table with every document whose extraction failed marked `skipped`, with the reason.

    >>> skip_failed_documents(documents, extraction.failed_documents).query("status == 'skipped'")  # doctest: +SKIP
    """
    if failed_documents is None or not len(failed_documents):
        return documents
    reasons = dict(zip(failed_documents["doc_id"], failed_documents["reason"], strict=True))
    failed = documents["doc_id"].isin(list(reasons))
    marked = documents.copy()
    marked.loc[failed, "status"] = "skipped"
    marked.loc[failed, "reason"] = marked.loc[failed, "doc_id"].map(reasons)
    return marked


_PREPARED: set[tuple[int, tuple]] = set()


def prepare_extraction(nlp=None):
    """Load the pipeline, every lexicon and the gazetteer once, so that forked workers share them; returns nlp."""
    nlp = load_nlp() if nlp is None else nlp
    key = (id(nlp), user_lexicon_dirs())
    if key not in _PREPARED:
        lexicons(), event_words(), speech_lemmas(), quantity_lexicon(), date_rules(), gazetteer()
        extract_documents([dict(WARM_UP_DOCUMENT)], nlp)
        _PREPARED.add(key)
    return nlp


def _extract_rows(
    documents: pd.DataFrame, *, nlp, progress: bool, n_process: int, failed: list[dict]
) -> Iterator[dict]:
    nlp = prepare_extraction(nlp)
    readable = readable_documents(documents)
    tasks = _tasks(readable, n_process)
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(readable), desc="extracting", unit="doc")
    if n_process > 1 and len(tasks) > 1:
        results = _rows_in_processes(tasks, nlp, n_process)
    else:
        results = (extract_documents(task, nlp) for task in tasks)
    for task, (rows, failures) in zip(tasks, results, strict=True):
        if progress:
            bar.update(len(task))
        failed.extend(failures)
        yield from rows
    if progress:
        bar.close()


def _tasks(documents: list[dict], n_process: int) -> list[list[dict]]:
    """Whole documents in tasks of bounded size; for several processes the longest documents go first, so that the
    last task to finish is a short one (the claims are sorted afterwards, so the order never shows)."""
    limit = CHARS_PER_TASK
    ordered = documents
    if n_process > 1:
        total = sum(len(document["text"]) for document in documents)
        limit = min(CHARS_PER_TASK, max(1, total // (n_process * TASKS_PER_PROCESS)))
        ordered = sorted(documents, key=lambda document: (-len(document["text"]), document["doc_id"]))
    tasks: list[list[dict]] = []
    size = 0
    for document in ordered:
        if not tasks or size >= limit:
            tasks.append([])
            size = 0
        tasks[-1].append(document)
        size += len(document["text"])
    return tasks


# Whole documents go to worker processes (parse and extract there), so only small claim rows travel back:
# shipping parsed Docs to one process that extracts from them (nlp.pipe's n_process) left that process the
# bottleneck and cost more in pickling than the second core gained.
_WORKER_NLP = None


def _rows_in_processes(tasks: list[list[dict]], nlp, n_process: int) -> Iterator[tuple[list[dict], list[dict]]]:
    global _WORKER_NLP
    _WORKER_NLP = nlp  # forked workers inherit the loaded pipeline, lexicons and gazetteer instead of loading them
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=n_process, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_extract_in_worker, tasks)


def _extract_in_worker(documents: list[dict]) -> tuple[list[dict], list[dict]]:
    nlp = _WORKER_NLP if _WORKER_NLP is not None else prepare_extraction()  # a spawned worker loads them once
    return extract_documents(documents, nlp)


def readable_documents(documents: pd.DataFrame) -> list[dict]:
    """The rows worth extracting (status ok, with text), in doc_id order, as dicts, each with its story's hints
    (`story_hints`): computed here from these documents unless the caller gave them for the whole corpus."""
    if documents is None or len(documents) == 0:
        return []
    if not set(HINT_COLUMNS) <= set(documents.columns):
        documents = with_story_hints(documents)
    return readable_records(documents)


def _claims_frame(rows: list[dict]) -> pd.DataFrame:
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    if claims.empty:
        return claims
    # two extractors may report the very same claim (same kind, span, subject): keep one
    claims = claims.drop_duplicates("claim_id", keep="first")
    for column in ("value_low", "value_high", "leg"):
        claims[column] = pd.to_numeric(claims[column], errors="coerce").astype("float64")
    claims["is_increment"] = claims["is_increment"].astype("boolean")
    claims["start"] = claims["start"].astype("int64")
    claims["end"] = claims["end"].astype("int64")
    return claims.sort_values(SORT_KEYS, kind="stable").reset_index(drop=True)
