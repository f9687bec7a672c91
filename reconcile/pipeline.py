"""The only place that knows the order of stages: corpus -> documents -> claims -> positions -> timelines ->
relations -> findings + estimates -> report. Both engines run these stage functions, which they get from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from reconcile.compare import build_timelines, collect_positions, compare_positions, load_ladder
from reconcile.corpus import load_corpus
from reconcile.corpus.claims_table import read_claims
from reconcile.extract import extract_claims_validated, prepare_extraction, skip_failed_documents
from reconcile.extract.story_hints import with_corpus_story_hints
from reconcile.outputs import OutputRun
from reconcile.report import ReportInputs, render_report
from reconcile.schema import DocumentSchema, columns_of
from reconcile.summarise import estimate_counts, summarise_findings

ENGINES = ("pandas", "dask")
ARTICLE_TABLE_SUFFIXES = (".parquet", ".jsonl", ".json")
__all__ = ["ENGINES", "Reconciliation", "RunResult", "extract_corpus", "read_claims", "reconcile_claims",
           "run_report", "with_stories"]


@dataclass(frozen=True)
class Reconciliation:
    """What the reconciler makes of a claims table: positions, their timelines, relations, findings, estimates."""

    positions: pd.DataFrame
    timelines: pd.DataFrame
    relations: pd.DataFrame
    findings: pd.DataFrame
    estimates: pd.DataFrame

    def _repr_html_(self) -> str:  # Jupyter: the report's finding cards
        from reconcile.report import reconciliation_html

        return reconciliation_html(self)


@dataclass(frozen=True)
class RunResult:
    """Every table of one run, as the report and the notebooks see them."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    rejected_claims: pd.DataFrame
    reconciliation: Reconciliation
    source: str
    paths: dict[str, Path] = field(default_factory=dict)

    def _repr_html_(self) -> str:  # Jupyter: the report's finding cards, evidence highlighted in the articles
        from reconcile.report import reconciliation_html

        return reconciliation_html(self.reconciliation, documents=self.documents, claims=self.claims)


def reconcile_claims(claims: pd.DataFrame, compare=None) -> Reconciliation:
    """Positions, timelines, relations, findings and estimates of a validated claims table.

    `compare` runs the compare stage on the timelines (the Dask engine passes one that spreads it over a cluster).

    >>> reconcile_claims(claims).findings.columns[0]  # doctest: +SKIP
    'finding_id'
    """
    ladder = load_ladder()
    positions = collect_positions(claims, ladder)
    timelines = build_timelines(positions, ladder)
    relations = compare(timelines) if compare is not None else compare_positions(timelines, ladder)
    return Reconciliation(
        positions=positions,
        timelines=timelines,
        relations=relations,
        findings=summarise_findings(claims, timelines, relations, ladder),
        estimates=estimate_counts(timelines),
    )


def extract_corpus(corpus, *, progress: bool = False, n_process: int = 1, max_bytes: int | None = None, exclude=()):
    """Load a corpus and extract its claims: returns (documents, Extraction); failed documents are `skipped`."""
    options = {} if max_bytes is None else {"max_bytes": max_bytes}
    documents = load_corpus(corpus, exclude=exclude, **options)
    extraction = extract_claims_validated(documents, progress=progress, n_process=n_process)
    return skip_failed_documents(documents, extraction.failed_documents), extraction


def with_stories(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims with their document's story where they have none (an edited table may lack the column's values)."""
    if "story" not in documents.columns or documents.empty or claims.empty:
        return claims
    story_of = documents.dropna(subset=["story"]).set_index("doc_id")["story"]
    filled = claims["story"].astype("object").where(claims["story"].notna(), claims["doc_id"].map(story_of))
    return claims.assign(story=filled)


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
    inventory (and the extracted values the edits are shown beside) then comes from `corpus` when given.

    >>> run_report("seeds", "out").paths["report.html"]  # doctest: +SKIP
    PosixPath('out/report.html')
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    # The output folder is checked and locked before any extraction; the run writes into a staging folder that
    # replaces out_dir whole at the end (reconcile.outputs), so out_dir is always one complete run.
    with OutputRun.start(out_dir, inputs=(corpus, claims_path)) as run:
        options = dict(claims_path=claims_path, progress=progress, n_process=n_process, max_bytes=max_bytes,
                       exclude=run.reserved)
        if engine == "dask":
            result = _run_on_dask(corpus, run.staging, scheduler=scheduler, **options)
        else:
            documents, claims, failures, source, extracted = _claims_of(corpus, **options)
            result = _write_outputs(documents, claims, failures, reconcile_claims(claims), source, run.staging,
                                    progress, extracted)
        return replace(result, paths=run.publish(result.paths, result.documents, claims_path, corpus))


def _claims_of(corpus, *, claims_path, progress, n_process, max_bytes, exclude):
    """(documents, claims, rejected rows, source name, extracted claims beside edited ones) from either input."""
    if claims_path is not None:
        documents = load_corpus(corpus, exclude=exclude) if corpus is not None else _no_documents()
        validated = read_claims(claims_path)
        # The corpus is extracted again so the report can show every edited value beside the extracted one.
        extracted = extract_claims_validated(documents, n_process=n_process).valid if corpus is not None else None
        claims, failures, source = validated.valid, validated.failures, str(claims_path)
    else:
        documents, extraction = extract_corpus(corpus, progress=progress, n_process=n_process, max_bytes=max_bytes,
                                               exclude=exclude)
        claims, failures, source, extracted = extraction.valid, extraction.failures, str(corpus), None
    return documents, with_stories(claims, documents), failures, source, extracted


def _write_outputs(documents, claims, failures, reconciliation, source, out_dir, progress,
                   extracted=None) -> RunResult:
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
        extracted_claims=extracted,
    )
    paths = render_report(inputs, out_dir, progress=progress)
    return RunResult(documents, claims, failures, reconciliation, source, paths)


def _run_on_dask(corpus, out_dir, *, scheduler, claims_path, progress, n_process, max_bytes, exclude) -> RunResult:
    """The same stages on a Dask cluster: extraction per partition of documents; positions and timelines on the
    client; pairing and classification per block; findings and estimates summarised as in the pandas engine."""
    from reconcile.engines.dask import close_client, compare_timelines_dask, extract_claims_dask, start_client

    client = start_client(scheduler, warm_up=prepare_extraction)
    try:
        if claims_path is not None:
            documents, claims, failures, source, extracted = _claims_of(
                corpus, claims_path=claims_path, progress=progress, n_process=n_process, max_bytes=max_bytes,
                exclude=exclude)
        else:
            documents, extracted, source = _documents_for_dask(corpus, exclude), None, str(corpus)
            extraction = extract_claims_dask(documents, client=client, extract=extract_claims_validated,
                                             prepare=with_corpus_story_hints, progress=progress)
            if not isinstance(documents, pd.DataFrame):
                # a lazily read articles table: the report's inventory needs the rows themselves
                documents = documents.compute().sort_values("doc_id").reset_index(drop=True)
            documents = skip_failed_documents(documents, extraction.failed_documents)
            claims, failures = extraction.valid, extraction.failures
            claims = with_stories(claims, documents)
        reconciliation = reconcile_claims(
            claims, compare=lambda timelines: compare_timelines_dask(timelines, client=client,
                                                                     compare=compare_positions))
    finally:
        close_client(client)
    return _write_outputs(documents, claims, failures, reconciliation, source, out_dir, progress, extracted)


def _documents_for_dask(corpus, exclude=()):
    # One Parquet or JSON Lines table of articles is read lazily; a folder goes through the usual loader.
    if corpus is not None and Path(corpus).suffix.lower() in ARTICLE_TABLE_SUFFIXES:
        from reconcile.corpus.articles_table import read_articles_table

        return read_articles_table(corpus)
    return load_corpus(corpus, exclude=exclude)


def _no_documents() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(DocumentSchema)})
