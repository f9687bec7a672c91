"""Dask engine: documents partitions -> claims (ClaimSchema) on a cluster, and claims -> relations grouped by claim key.

The pandas engine stays the default; this one runs the same stage functions on partitions so that months of
coverage (tens of thousands of articles, or a newsroom's millions) can be spread over a dask.distributed cluster.
Both engines give byte-identical claims.csv and relations.csv: claim ids do not depend on partitioning, pairs never
cross a claim key, and every output is sorted by the same keys as the pandas engine.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from collections.abc import Callable

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from reconcile.schema import ClaimSchema, columns_of
from reconcile.validation import Validated, split_valid

# An extractor returns claims (validated here, per partition) or an already validated split.
ClaimsFromDocuments = Callable[[pd.DataFrame], "pd.DataFrame | Validated"]
RelationsFromTimelines = Callable[[pd.DataFrame], pd.DataFrame]

# The order the compare stage returns relations in; a pair of position ids is unique.
RELATION_ORDER = ["story", "kind", "subject", "position_id_l", "position_id_r"]
FAILURE_COLUMNS = ["partition", "doc_ids", "error", "row", "claim_id", "column", "check", "failure_case"]
PARTITIONS_PER_WORKER = 4
PLUGIN_NAME = "reconcile-preload-nlp"
# Helper columns the engine adds to claims while they are partitioned by claim key.
KEY_COLUMN = "_partition_key"
POSITION_COLUMN = "_position"


class PreloadNlp(WorkerPlugin):
    """Load the spaCy pipeline once when a worker starts, so no extraction task pays for it."""

    name = PLUGIN_NAME

    def setup(self, worker) -> None:
        from reconcile.extract.nlp import load_nlp

        load_nlp()


def start_client(scheduler: str | None = None, n_workers: int = 2, *, preload_nlp: bool = True) -> Client:
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
    if preload_nlp:
        client.register_plugin(PreloadNlp(), name=PLUGIN_NAME)
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
    npartitions: int | None = None,
    extract: ClaimsFromDocuments | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract claims per partition of documents on the cluster; return (valid claims, failures).

    Claims are validated per partition; a partition whose extraction raises is reported in `failures`
    (partition, doc_ids, error) instead of stopping the run. `extract` defaults to the pandas engine's stage.

    >>> claims, failures = extract_claims_dask(documents, client=client)  # doctest: +SKIP
    >>> failures.columns.tolist()[:3]  # doctest: +SKIP
    ['partition', 'doc_ids', 'error']
    """
    extract = extract or extract_claims_on_worker
    frame = _as_dask(documents, npartitions, client)
    tasks = [
        dask.delayed(_extract_partition, pure=True)(part, number, extract)
        for number, part in enumerate(frame.to_delayed())
    ]
    futures = client.compute(tasks)
    outcomes = [_outcome(future, number) for number, future in enumerate(futures)]
    valid = [outcome["claims"] for outcome in outcomes if outcome["claims"] is not None]
    failures = [outcome["failures"] for outcome in outcomes if len(outcome["failures"])]
    claims, duplicates = _without_cross_partition_duplicates(_concat(valid) if valid else _no_claims())
    failures_frame = _concat(failures + [duplicates]) if failures or len(duplicates) else _no_failures()
    from reconcile.extract import SORT_KEYS  # the pandas engine's claims.csv order; claim_id makes it total

    ordered = claims.sort_values(SORT_KEYS, kind="mergesort").reset_index(drop=True) if len(claims) else claims
    return ordered, failures_frame.sort_values(["partition", "row"], kind="mergesort").reset_index(drop=True)


def extract_claims_on_worker(documents: pd.DataFrame) -> Validated:
    """The pandas engine's extraction and validation, with the worker's spaCy pipeline (loaded once per process).

    >>> extract_claims_on_worker(documents).valid.columns[0]  # doctest: +SKIP
    'claim_id'
    """
    from reconcile.extract import extract_claims_validated
    from reconcile.extract.nlp import load_nlp

    return extract_claims_validated(documents, nlp=load_nlp())


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


def _extract_partition(documents: pd.DataFrame, number: int, extract: ClaimsFromDocuments) -> dict:
    documents = documents.reset_index(drop=True)
    doc_ids = "; ".join(sorted(str(d) for d in documents.get("doc_id", pd.Series(dtype=object)).dropna()))
    try:
        extracted = extract(documents)
        # An extractor that validates its own output is not validated twice.
        validated = extracted if isinstance(extracted, Validated) else split_valid(extracted, ClaimSchema, "claim_id")
    except Exception as error:  # one bad partition must not sink a run over thousands of documents
        return {"claims": None, "failures": _partition_failure(number, doc_ids, error)}
    return {"claims": validated.valid, "failures": _check_failures(validated.failures, validated.rejected, number)}


def _outcome(future, number: int) -> dict:
    try:
        return future.result()
    except Exception as error:  # the partition never reached our code: unreadable block, or a worker died
        return {"claims": None, "failures": _partition_failure(number, "", error)}


def _partition_failure(number: int, doc_ids: str, error: BaseException) -> pd.DataFrame:
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    location = f" (at {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    row = {
        "partition": number,
        "doc_ids": doc_ids,
        "error": f"{type(error).__name__}: {error}{location}",
        "row": None,
        "claim_id": None,
        "column": None,
        "check": None,
        "failure_case": None,
    }
    return _typed_failures(pd.DataFrame([row], columns=FAILURE_COLUMNS))


def _check_failures(failures: pd.DataFrame, rejected: pd.DataFrame, number: int) -> pd.DataFrame:
    if not len(failures):
        return _no_failures()
    rows = failures["row"].astype("Int64")
    doc_by_row = rejected["doc_id"].tolist() if "doc_id" in rejected.columns else []
    bad_rows = sorted({int(r) for r in rows.dropna()})
    docs = {row: doc_by_row[i] for i, row in enumerate(bad_rows) if i < len(doc_by_row)}
    frame = pd.DataFrame(
        {
            "partition": number,
            "doc_ids": [docs.get(int(r), "") if pd.notna(r) else "" for r in rows],
            "error": "claim failed a check",
            "row": rows,
            "claim_id": failures["id"].astype("object"),
            "column": failures["column"].astype("object"),
            "check": failures["check"].astype("object"),
            "failure_case": failures["failure_case"].astype("object"),
        },
        columns=FAILURE_COLUMNS,
    )
    return _typed_failures(frame)


def _no_claims() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(ClaimSchema)})


def _no_failures() -> pd.DataFrame:
    return _typed_failures(pd.DataFrame({column: [] for column in FAILURE_COLUMNS}))


def _typed_failures(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.astype({column: "object" for column in FAILURE_COLUMNS})
    return typed.astype({"partition": "int64", "row": "Int64"})


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
            "partition": -1,
            "doc_ids": dropped["doc_id"].astype("object").to_numpy(),
            "error": "claim id repeated in another partition; first kept",
            "row": pd.array([None] * len(dropped), dtype="Int64"),
            "claim_id": dropped["claim_id"].astype("object").to_numpy(),
            "column": "claim_id",
            "check": "field_uniqueness",
            "failure_case": dropped["claim_id"].astype("object").to_numpy(),
        },
        columns=FAILURE_COLUMNS,
    )
    return claims[~repeated].reset_index(drop=True), _typed_failures(failures)


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
