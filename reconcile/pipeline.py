"""The only place that knows the order of stages: corpus -> documents -> claims -> positions -> timelines ->
relations -> findings + estimates -> report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from reconcile.compare import build_timelines, collect_positions, compare_positions, load_ladder
from reconcile.corpus import load_corpus
from reconcile.corpus.claims_table import read_claims
from reconcile.extract import extract_claims_validated, skip_failed_documents
from reconcile.outputs import OutputRun
from reconcile.report import ReportInputs, render_report
from reconcile.schema import DocumentSchema, columns_of
from reconcile.summarise import estimate_counts, summarise_findings

ENGINES = ("pandas", "dask")
ARTICLE_TABLE_SUFFIXES = (".parquet", ".jsonl", ".json")


@dataclass(frozen=True)
class Reconciliation:
    """What the reconciler makes of a claims table."""

    positions: pd.DataFrame
    timelines: pd.DataFrame
    relations: pd.DataFrame
    findings: pd.DataFrame
    estimates: pd.DataFrame


@dataclass(frozen=True)
class RunResult:
    """Every table of one run, as the report and the notebooks see them."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    rejected_claims: pd.DataFrame
    reconciliation: Reconciliation
    source: str
    paths: dict[str, Path] = field(default_factory=dict)


def reconcile_claims(claims: pd.DataFrame) -> Reconciliation:
    """Positions, timelines, relations, findings and estimates of a validated claims table.

    >>> reconcile_claims(claims).findings.columns[0]  # doctest: +SKIP
    'finding_id'
    """
    ladder = load_ladder()
    positions = collect_positions(claims, ladder)
    timelines = build_timelines(positions, ladder)
    return summarised(claims, positions, timelines, compare_positions(timelines, ladder))


def summarised(claims, positions, timelines, relations) -> Reconciliation:
    """The summarise stage on the compare stage's tables (both engines end here)."""
    return Reconciliation(
        positions=positions,
        timelines=timelines,
        relations=relations,
        findings=summarise_findings(claims, timelines, relations),
        estimates=estimate_counts(timelines),
    )


def extract_corpus(corpus, *, progress: bool = False, n_process: int = 1, max_bytes: int | None = None, exclude=()):
    """Load a corpus and extract its claims: returns (documents, Validated claims)."""
    options = {} if max_bytes is None else {"max_bytes": max_bytes}
    documents = load_corpus(corpus, exclude=exclude, **options)
    extraction = extract_claims_validated(documents, progress=progress, n_process=n_process)
    return skip_failed_documents(documents, extraction.failed_documents), extraction


def run_report(
    corpus: str | Path | None = None,
    out_dir: str | Path = "out",
    *,
    claims_path: str | Path | None = None,
    progress: bool = False,
    n_process: int = 1,
    max_bytes: int | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
) -> RunResult:
    """Run the whole pipeline and write every output into `out_dir`.

    With `claims_path`, reconcile an (analyst-edited) claims table instead of extracting again; the document
    inventory then comes from `corpus` when given, else it is empty.

    >>> run_report("seeds", "out").paths["report.html"]  # doctest: +SKIP
    PosixPath('out/report.html')
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    # The output folder is checked and locked before any extraction; the run writes into a staging folder that
    # replaces out_dir whole at the end (reconcile.outputs), so out_dir is always one complete run.
    with OutputRun.start(out_dir, inputs=(corpus, claims_path)) as run:
        if engine == "dask":
            result = _run_report_dask(corpus, run.staging, claims_path=claims_path, progress=progress,
                                      scheduler=scheduler, exclude=run.reserved)
        else:
            result = _run_report_pandas(corpus, run.staging, claims_path=claims_path, progress=progress,
                                        n_process=n_process, max_bytes=max_bytes, exclude=run.reserved)
        return replace(result, paths=run.publish(result.paths, result.documents, claims_path, corpus))


def _run_report_pandas(corpus, out_dir, *, claims_path, progress, n_process, max_bytes, exclude) -> RunResult:
    if claims_path is not None:
        documents, claims, failures, source = _edited_claims(corpus, claims_path, exclude)
    else:
        documents, validated = extract_corpus(corpus, progress=progress, n_process=n_process, max_bytes=max_bytes,
                                              exclude=exclude)
        claims, failures, source = validated.valid, validated.failures, str(corpus)
    claims = with_stories(claims, documents)
    return _write_outputs(documents, claims, failures, reconcile_claims(claims), source, out_dir, progress)


def with_stories(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims with their document's story where they have none (an edited table may lack the column's values)."""
    if "story" not in documents.columns or documents.empty or claims.empty:
        return claims
    story_of = documents.dropna(subset=["story"]).set_index("doc_id")["story"]
    filled = claims["story"].astype("object").where(claims["story"].notna(), claims["doc_id"].map(story_of))
    return claims.assign(story=filled)


def _edited_claims(corpus, claims_path, exclude=()):
    """An analyst's claims table, validated, with the corpus inventory when a corpus is named."""
    documents = load_corpus(corpus, exclude=exclude) if corpus is not None else _no_documents()
    validated = read_claims(claims_path)
    return documents, validated.valid, validated.failures, str(claims_path)


def _write_outputs(documents, claims, failures, reconciliation, source, out_dir, progress) -> RunResult:
    inputs = ReportInputs(
        documents=documents,
        claims=claims,
        relations=reconciliation.relations,
        findings=reconciliation.findings,
        estimates=reconciliation.estimates,
        rejected_claims=failures,
        title="Consistency report",
        generated_from=source,
        timelines=reconciliation.timelines,
    )
    paths = render_report(inputs, out_dir, progress=progress)
    return RunResult(documents, claims, failures, reconciliation, source, paths)


def _run_report_dask(corpus, out_dir, *, claims_path, progress, scheduler, exclude=()) -> RunResult:
    """The same stages on a Dask cluster: extraction per partition of documents, positions and timelines on the
    client, pairing and classification per block; findings and estimates summarised as in the pandas engine."""
    from reconcile.engines.dask import close_client, compare_timelines_dask, extract_claims_dask, start_client

    client = start_client(scheduler)
    try:
        if claims_path is not None:
            documents, claims, failures, source = _edited_claims(corpus, claims_path, exclude)
        else:
            documents = _documents_for_dask(corpus, exclude)
            claims, failures = extract_claims_dask(documents, client=client)
            source = str(corpus)
            if not isinstance(documents, pd.DataFrame):
                # a lazily read articles table: the report's inventory needs the rows themselves
                documents = documents.compute().sort_values("doc_id").reset_index(drop=True)
        claims = with_stories(claims, documents)
        ladder = load_ladder()
        positions = collect_positions(claims, ladder)
        timelines = build_timelines(positions, ladder)
        relations = compare_timelines_dask(timelines, client=client, compare=compare_positions)
    finally:
        close_client(client)
    reconciliation = summarised(claims, positions, timelines, relations)
    return _write_outputs(documents, claims, failures, reconciliation, source, out_dir, progress)


def _documents_for_dask(corpus, exclude=()):
    # One Parquet or JSON Lines table of articles is read lazily; a folder goes through the usual loader.
    if corpus is not None and Path(corpus).suffix.lower() in ARTICLE_TABLE_SUFFIXES:
        from reconcile.corpus.articles_table import read_articles_table

        return read_articles_table(corpus)
    return load_corpus(corpus, exclude=exclude)


def _no_documents() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(DocumentSchema)})
