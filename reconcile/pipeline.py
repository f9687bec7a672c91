"""The only place that knows the order of stages: corpus -> documents -> claims -> pairs -> relations -> findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reconcile._io import FORMULA_PREFIXES
from reconcile.compare import classify_pairs, pair_claims
from reconcile.corpus import load_corpus
from reconcile.extract import extract_claims_validated
from reconcile.report import ReportInputs, render_report
from reconcile.schema import ClaimSchema, DocumentSchema, columns_of
from reconcile.summarise import estimate_counts, summarise_findings
from reconcile.validation import Validated, split_valid

ENGINES = ("pandas", "dask")
ARTICLE_TABLE_SUFFIXES = (".parquet", ".jsonl", ".json")
NUMERIC_CLAIM_COLUMNS = ("value_low", "value_high", "leg")
INTEGER_CLAIM_COLUMNS = ("start", "end")


@dataclass(frozen=True)
class Reconciliation:
    """What the reconciler makes of a claims table."""

    pairs: pd.DataFrame
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


def reconcile_claims(claims: pd.DataFrame) -> Reconciliation:
    """Pair, classify and summarise a validated claims table.

    >>> reconcile_claims(claims).findings.columns[0]  # doctest: +SKIP
    'finding_id'
    """
    pairs = pair_claims(claims)
    return _summarised(claims, pairs, classify_pairs(pairs, claims))


def _summarised(claims: pd.DataFrame, pairs: pd.DataFrame, relations: pd.DataFrame) -> Reconciliation:
    return Reconciliation(
        pairs=pairs,
        relations=relations,
        findings=summarise_findings(claims, relations),
        estimates=estimate_counts(claims),
    )


def extract_corpus(corpus, *, progress: bool = False, n_process: int = 1, max_bytes: int | None = None):
    """Load a corpus and extract its claims: returns (documents, Validated claims)."""
    options = {} if max_bytes is None else {"max_bytes": max_bytes}
    documents = load_corpus(corpus, **options)
    return documents, extract_claims_validated(documents, progress=progress, n_process=n_process)


def read_claims(path: str | Path) -> Validated:
    """Read a claims table an analyst may have edited (CSV or Parquet) and validate it lazily.

    Cells the CSV writer protected against spreadsheet formulas ("'=...") get their original value back.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"claims file not found: {path}")
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        frame = _typed_claims(frame)
    return split_valid(frame, ClaimSchema, "claim_id")


def _typed_claims(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    for column in typed.columns:
        if column in NUMERIC_CLAIM_COLUMNS or column in INTEGER_CLAIM_COLUMNS:
            typed[column] = pd.to_numeric(typed[column], errors="coerce")
        elif column == "is_increment":
            truth = {"true": True, "false": False, "1": True, "0": False}
            typed[column] = typed[column].map(lambda v: truth.get(str(v).strip().lower()) if pd.notna(v) else None)
            typed[column] = typed[column].astype("boolean")
        else:
            typed[column] = typed[column].map(_unprotect)
    # Optional columns an analyst left out are empty; a missing required column is left for the schema to report.
    declared = ClaimSchema.to_schema().columns
    for column in columns_of(ClaimSchema):
        if column not in typed.columns and declared[column].nullable:
            typed[column] = None
    return typed


def _unprotect(cell):
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


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
    if engine == "dask":
        return _run_report_dask(corpus, out_dir, claims_path=claims_path, progress=progress, scheduler=scheduler)
    extracted = None
    if claims_path is not None:
        documents, claims, failures, source, extracted = _edited_claims(corpus, claims_path, n_process)
    else:
        documents, validated = extract_corpus(corpus, progress=progress, n_process=n_process, max_bytes=max_bytes)
        claims, failures, source = validated.valid, validated.failures, str(corpus)
    return _write_outputs(documents, claims, failures, reconcile_claims(claims), source, out_dir, progress,
                          extracted)


def _edited_claims(corpus, claims_path, n_process=1):
    """An analyst's claims table, validated, with the corpus inventory when a corpus is named, and what
    extraction finds in that corpus (so the report can mark every edited value beside the extracted one)."""
    documents = load_corpus(corpus) if corpus is not None else _no_documents()
    validated = read_claims(claims_path)
    extracted = extract_claims_validated(documents, n_process=n_process).valid if corpus is not None else None
    return documents, validated.valid, validated.failures, str(claims_path), extracted


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
        extracted_claims=extracted,
    )
    paths = render_report(inputs, out_dir, progress=progress)
    return RunResult(documents, claims, failures, reconciliation, source, paths)


def _run_report_dask(corpus, out_dir, *, claims_path, progress, scheduler) -> RunResult:
    """The same stages on a Dask cluster: extraction per partition of documents, pairing and classification per
    claim key; findings and estimates are summarised from the gathered relations as in the pandas engine."""
    from reconcile.engines.dask import close_client, extract_claims_dask, reconcile_claims_dask, start_client

    client = start_client(scheduler)
    extracted = None
    try:
        if claims_path is not None:
            documents, claims, failures, source, extracted = _edited_claims(corpus, claims_path)
        else:
            documents = _documents_for_dask(corpus)
            claims, failures = extract_claims_dask(documents, client=client, progress=progress)
            source = str(corpus)
            if not isinstance(documents, pd.DataFrame):
                # a lazily read articles table: the report's inventory needs the rows themselves
                documents = documents.compute().sort_values("doc_id").reset_index(drop=True)
        relations = reconcile_claims_dask(claims, client=client)
    finally:
        close_client(client)
    reconciliation = _summarised(claims, relations[["claim_id_l", "claim_id_r", "claim_key"]], relations)
    return _write_outputs(documents, claims, failures, reconciliation, source, out_dir, progress, extracted)


def _documents_for_dask(corpus):
    # One Parquet or JSON Lines table of articles is read lazily; a folder goes through the usual loader.
    if corpus is not None and Path(corpus).suffix.lower() in ARTICLE_TABLE_SUFFIXES:
        from reconcile.articles_table import read_articles_table

        return read_articles_table(corpus)
    return load_corpus(corpus)


def _no_documents() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(DocumentSchema)})
