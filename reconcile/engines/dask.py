"""Dask engine: documents partitions -> claims (ClaimSchema) on a cluster, and claims -> relations grouped by claim key.

The pandas engine stays the default; this one runs the same stage functions on partitions so that months of
coverage (tens of thousands of articles, or a newsroom's millions) can be spread over a dask.distributed cluster.
Both engines give byte-identical claims.csv and relations.csv: claim ids do not depend on partitioning, pairs never
cross a claim key, and every output is sorted by the same keys as the pandas engine.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from reconcile.schema import ClaimSchema, columns_of
from reconcile.validation import FAILED_DOCUMENT_COLUMNS, FAILURE_COLUMNS, Validated, split_valid

@dataclass(frozen=True)
class DaskExtraction:
    """What extraction on the cluster gives: valid claims, failing checks, documents that could not be extracted."""

    valid: pd.DataFrame
    failures: pd.DataFrame
    failed_documents: pd.DataFrame


# An extractor returns claims (validated here, per partition) or an already validated split.
ClaimsFromDocuments = Callable[[pd.DataFrame], "pd.DataFrame | Validated"]
RelationsFromTimelines = Callable[[pd.DataFrame], pd.DataFrame]

# The order the compare stage returns relations in; a pair of position ids is unique.
RELATION_ORDER = ["story", "kind", "subject", "position_id_l", "position_id_r"]
# The pandas engine's claims.csv order; claim_id makes it total.
CLAIM_ORDER = ["doc_id", "start", "end", "kind", "claim_id"]
PARTITIONS_PER_WORKER = 4
PLUGIN_NAME = "reconcile-preload-nlp"
# Helper columns the engine adds to claims while they are partitioned by claim key.
KEY_COLUMN = "_partition_key"
POSITION_COLUMN = "_position"


class WarmUp(WorkerPlugin):
    """Run the pipeline's warm-up (load spaCy, lexicons, gazetteer) once when a worker starts, so no task pays it."""

    name = PLUGIN_NAME

    def __init__(self, warm_up: Callable[[], object]) -> None:
        self.warm_up = warm_up

    def setup(self, worker) -> None:
        self.warm_up()


def start_client(scheduler: str | None = None, n_workers: int = 2, *,
                 warm_up: Callable[[], object] | None = None) -> Client:
    """Connect to a running scheduler, or start a loopback-only LocalCluster of `n_workers` single-thread processes.

    >>> client = start_client(n_workers=2)  # doctest: +SKIP
    >>> len(client.scheduler_info()["workers"])  # doctest: +SKIP
    2
    """
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    if warm_up is not None:
        client.register_plugin(WarmUp(warm_up), name=PLUGIN_NAME)
    return client


def close_client(client: Client) -> None:
    """Close the client and, when start_client made it, its LocalCluster too."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def extract_claims_dask(
    documents: pd.DataFrame | dd.DataFrame,
    *,
    client: Client,
    extract: ClaimsFromDocuments,
    npartitions: int | None = None,
    progress: bool = False,
    prepare: Callable[[pd.DataFrame | dd.DataFrame], pd.DataFrame | dd.DataFrame] | None = None,
) -> DaskExtraction:
    """Extract claims per partition of documents on the cluster, in the pandas engine's shapes.

    Claims are validated per partition. Rows that fail a check are `failures` (row, id, column, check,
    failure_case, as `reconcile.validation` reports them for the pandas engine); a document whose extraction
    failed, or whose partition raised, is a `failed_documents` row (doc_id, reason), so the pipeline marks it
    skipped, as it does for the pandas engine. `extract` is the extract stage the pipeline gives; `prepare`, when
    given, runs once on the whole documents table before it is partitioned (what a document borrows from the rest
    of the corpus, such as its story's home country, must not depend on the partitioning).

    >>> extract_claims_dask(documents, client=client, extract=extract_claims_validated).failures.columns[0]  # doctest: +SKIP
    'row'
    """
    frame = _as_dask(prepare(documents) if prepare is not None else documents, npartitions, client)
    tasks = [
        dask.delayed(_extract_partition, pure=True)(part, extract)
        for part in frame.to_delayed()
    ]
    futures = client.compute(tasks)
    _wait_with_progress(futures, progress, "extract (partitions)")
    outcomes = [_outcome(future) for future in futures]
    valid = [outcome.valid for outcome in outcomes if len(outcome.valid)]
    claims, duplicates = _without_cross_partition_duplicates(_concat(valid) if valid else _no_claims())
    failures = _concat([outcome.failures for outcome in outcomes] + [duplicates])
    failed = _concat([outcome.failed_documents for outcome in outcomes])
    ordered = claims.sort_values(CLAIM_ORDER, kind="mergesort").reset_index(drop=True) if len(claims) else claims
    return DaskExtraction(
        valid=ordered,
        failures=failures.sort_values(["id", "check", "column"], kind="mergesort", na_position="first")
        .reset_index(drop=True) if len(failures) else _no_failures(),
        failed_documents=failed.sort_values("doc_id", kind="mergesort").reset_index(drop=True)
        if len(failed) else _no_failed_documents(),
    )


def compare_timelines_dask(
    timelines: pd.DataFrame,
    *,
    client: Client,
    compare: RelationsFromTimelines,
    npartitions: int | None = None,
) -> pd.DataFrame:
    """Pair and classify positions as Dask dataframe operations grouped by block; return relations.

    Timelines are partitioned on the compare stage's block (story, kind, subject) so that every block lives in one
    partition, then each partition runs the pandas engine's own compare stage (given by the pipeline): pairs never
    cross a block, so nothing is lost and nothing is paired twice.

    >>> compare_timelines_dask(timelines, client=client, compare=compare_positions).columns[:2].tolist()  # doctest: +SKIP
    ['position_id_l', 'position_id_r']
    """
    ordered = timelines.reset_index(drop=True)
    dtypes = ordered.dtypes.to_dict()
    block = ordered["story"].astype(str) + "|" + ordered["kind"].astype(str) + "|" + ordered["subject"].astype(str)
    keyed = ordered.assign(**{KEY_COLUMN: block, POSITION_COLUMN: range(len(ordered))})
    meta = _relate_partition(keyed.iloc[0:0], dtypes, compare)
    if not len(ordered):
        return meta
    parts = max(1, min(npartitions or _default_partitions(client, ordered), int(keyed[KEY_COLUMN].nunique())))
    # Timelines are already in the client's memory, so a sorted index on the block partitions them without a
    # shuffle: Dask never splits one index value across two partitions, so every block lands whole in one.
    by_key = keyed.set_index(KEY_COLUMN).sort_index(kind="mergesort")
    # Dask would turn object columns into Arrow strings; the stages must see exactly what the pandas engine sees.
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(by_key, npartitions=parts, sort=True)
        relations = frame.map_partitions(_relate_partition, dtypes, compare, meta=meta)
        # Gathering partitions one by one (not as one concatenated frame) keeps empty partitions from
        # widening typed columns to object.
        computed = _concat(client.gather(client.compute(relations.to_delayed())))
    return _sorted_relations(computed, meta)


def _default_partitions(client: Client, frame) -> int:
    n_workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    rows = len(frame) if isinstance(frame, pd.DataFrame) else None
    target = n_workers * PARTITIONS_PER_WORKER
    return max(1, min(target, rows)) if rows is not None else target


def _as_dask(documents, npartitions: int | None, client: Client) -> dd.DataFrame:
    if isinstance(documents, pd.DataFrame):
        parts = npartitions or _default_partitions(client, documents)
        with dask.config.set({"dataframe.convert-string": False}):
            return dd.from_pandas(documents.reset_index(drop=True), npartitions=max(1, parts), sort=False)
    # A lazily read table keeps its own blocks unless the caller asks for another split.
    return documents.repartition(npartitions=npartitions) if npartitions else documents


def _extract_partition(documents: pd.DataFrame, extract: ClaimsFromDocuments) -> DaskExtraction:
    documents = documents.reset_index(drop=True)
    try:
        extracted = extract(documents)
        # An extractor that validates its own output (valid rows, failures, rejected rows) is not validated twice.
        validated = extracted if hasattr(extracted, "valid") else split_valid(extracted, ClaimSchema, "claim_id")
    except Exception as error:  # one bad partition must not sink a run over thousands of documents
        return _partition_failed(documents, error)
    failed = getattr(validated, "failed_documents", None)
    # A failing row's number means something only inside its partition: the claim id names it.
    failures = validated.failures.assign(row=pd.array([None] * len(validated.failures), dtype="Int64"))
    return DaskExtraction(validated.valid, failures, failed if failed is not None else _no_failed_documents())


def _wait_with_progress(futures: list, progress: bool, label: str) -> None:
    """A progress bar that advances as each partition finishes (in any order); waiting is all it does."""
    if not progress or not futures:
        return
    from distributed import as_completed
    from tqdm import tqdm

    with tqdm(total=len(futures), desc=label, unit="partition", leave=False) as bar:
        for _ in as_completed(futures):
            bar.update(1)


def _outcome(future) -> DaskExtraction:
    try:
        return future.result()
    except Exception as error:  # the partition never reached our code: unreadable block, or a worker died
        return _partition_failed(pd.DataFrame({"doc_id": []}), error)


def _partition_failed(documents: pd.DataFrame, error: BaseException) -> DaskExtraction:
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    location = f" (at {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    reason = f"extraction failed on the cluster: {type(error).__name__}: {error}{location}"
    doc_ids = sorted(str(d) for d in documents.get("doc_id", pd.Series(dtype=object)).dropna())
    failed = pd.DataFrame({"doc_id": doc_ids, "reason": reason}, columns=FAILED_DOCUMENT_COLUMNS)
    return DaskExtraction(_no_claims(), _no_failures(), failed)


def _no_claims() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(ClaimSchema)})


def _no_failures() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in FAILURE_COLUMNS}).astype({"row": "Int64"})


def _no_failed_documents() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in FAILED_DOCUMENT_COLUMNS})


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    # Empty frames carry no dtypes worth keeping and would turn typed columns into object ones.
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        return frames[0] if frames else pd.DataFrame()
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)


def _without_cross_partition_duplicates(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    # A document listed twice (a feed that redelivers a story) can land in two partitions and yield the same
    # claim ids twice; the pandas engine keeps the first of identical claims, so this does too, and says so.
    if not len(claims) or "claim_id" not in claims.columns:
        return claims, _no_failures()
    repeated = claims["claim_id"].duplicated(keep="first")
    if not repeated.any():
        return claims, _no_failures()
    dropped = claims[repeated]
    failures = pd.DataFrame(
        {
            "row": pd.array([None] * len(dropped), dtype="Int64"),
            "id": dropped["claim_id"].astype("object").to_numpy(),
            "column": "claim_id",
            "check": "field_uniqueness (claim id repeated in another partition; first kept)",
            "failure_case": dropped["doc_id"].astype("object").to_numpy(),
        },
        columns=FAILURE_COLUMNS,
    )
    return claims[~repeated].reset_index(drop=True), failures


def _relate_partition(keyed: pd.DataFrame, dtypes: dict, compare: RelationsFromTimelines):
    # The stage sees timelines in the pandas engine's row order and dtypes, so nothing depends on partitioning.
    timelines = (
        keyed.reset_index(drop=True)
        .sort_values(POSITION_COLUMN, kind="mergesort")
        .drop(columns=[KEY_COLUMN, POSITION_COLUMN], errors="ignore")
        .reset_index(drop=True)
        .astype(dtypes)
    )
    return compare(timelines)


def _sorted_relations(relations: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    if not len(relations):
        return meta
    order = [column for column in RELATION_ORDER if column in relations.columns]
    return relations.sort_values(order, kind="mergesort").reset_index(drop=True)
