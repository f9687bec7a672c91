"""Command line: parses arguments and hands them to the pipeline; holds no logic of its own.

Conventions: `--version`; `-q` (errors only, no progress bar), `-v` (INFO, and Dask's own logs), `--log-level`
on every command; logs and warnings go through rich on stderr, without source lines. Nothing heavy is imported at
module level (pandas, spaCy and matplotlib load inside the commands), so `--help` answers at once.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "reconcile: extract claims (counts, dates, places, routes, quotes) with their sources from a folder of news "
        "articles, compare them by source and date, and write a consistency report.\n\n"
        "Start with:  reconcile report seeds --out out   then open out/report.html."
    ),
)
console = Console(stderr=True)
# Loggers of the libraries the Dask engine runs on: quiet (errors only) unless -v.
DASK_LOGGERS = ("distributed", "dask", "bokeh", "tornado", "asyncio")

CorpusArgument = typer.Argument(
    None,
    help="Folder of .txt/.md/.html articles (optional manifest.csv: doc_id,file,outlet,published,url,byline), "
    "or a single article file.",
)


class LogLevel(str, Enum):
    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Errors only: no progress bar, no warnings.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (INFO), Dask's logs included.")]
Level = Annotated[Optional[LogLevel], typer.Option("--log-level", help="Log level (overrides -q and -v).",
                                                    case_sensitive=False)]


def _version(value: bool) -> None:
    if value:
        from reconcile import __version__

        typer.echo(f"reconcile {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    pass


def _fail(message: str, code: int = 2) -> None:
    # One line, however long: scripts grep for it; the message is escaped so a path like "a[1]" prints as is.
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _configure_logging(quiet: bool = False, verbose: bool = False, level: LogLevel | None = None) -> int:
    """Route logging and warnings through rich on stderr at the level asked for; return that level."""
    from rich.logging import RichHandler

    chosen = getattr(logging, level.value.upper()) if level else (
        logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    handler = RichHandler(console=console, show_time=False, show_path=False, markup=False, rich_tracebacks=False)
    logging.basicConfig(level=chosen, format="%(message)s", handlers=[handler], force=True)
    dask_level = chosen if chosen <= logging.INFO else logging.ERROR
    # Dask sets its loggers from its config when it is imported (here, in the workers too): say it there first.
    os.environ["DASK_LOGGING__DISTRIBUTED"] = logging.getLevelName(dask_level).lower()
    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(dask_level)
    # A warning says what and where, never the line of source code it came from.
    warnings.formatwarning = _warning_text
    logging.captureWarnings(True)
    return chosen


def _warning_text(message, category, filename, lineno, line=None) -> str:
    return f"{category.__name__}: {message}"


@app.command()
def report(
    corpus: Optional[Path] = CorpusArgument,
    out: Path = typer.Option(Path("out"), "--out", "-o",
                             help="Folder for report.html, report.md, findings.json, CSV and Parquet tables."),
    claims: Optional[Path] = typer.Option(
        None, "--claims", help="Reconcile this (edited) claims CSV/Parquet; with CORPUS, evidence is shown and edits "
        "are marked beside the extracted values."
    ),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Worker processes for extraction (default 2: both cores)."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Skip article files larger than this."),
    engine: str = typer.Option(
        "pandas", "--engine", help="pandas (one machine) or dask (a Dask cluster; CORPUS may be a .parquet/.jsonl table)."
    ),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster of 2 workers."
    ),
    quiet: Quiet = False,
    verbose: Verbose = False,
    log_level: Level = None,
) -> None:
    """Extract, reconcile and write the consistency report (default: seeds/ -> out/).

    With --claims, name CORPUS too: the report then shows the evidence and marks every edited value."""
    _configure_logging(quiet, verbose, log_level)  # first: Dask reads its logging config when imported
    from reconcile.corpus import CorpusError
    from reconcile.corpus.articles_table import ArticlesTableError
    from reconcile.corpus.claims_table import ClaimsTableError
    from reconcile.outputs import OutputError
    from reconcile.pipeline import ENGINES, run_report

    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if corpus is None and claims is None:
        corpus = Path("seeds")
    if corpus is None:
        logging.getLogger("reconcile").warning(
            "no corpus named with --claims: the report cannot show evidence in the article text or mark edited "
            "values; name it: reconcile report CORPUS --claims %s", claims)
    try:
        result = run_report(
            corpus,
            out,
            claims_path=claims,
            progress=not quiet,
            n_process=jobs,
            max_bytes=max_bytes,
            engine=engine,
            scheduler=scheduler,
        )
    except (CorpusError, ArticlesTableError, ClaimsTableError, OutputError, FileNotFoundError) as error:
        _fail(str(error))
    documents = result.documents
    n_ok = int((documents["status"] == "ok").sum()) if len(documents) else 0
    n_skipped = len(documents) - n_ok
    n_rejected = _rejected_rows(result.rejected_claims)
    console.print(
        f"{n_ok} documents read, {n_skipped} skipped; {len(result.claims)} claims, {n_rejected} claim rows rejected "
        f"({len(result.rejected_claims)} failed checks); {len(result.reconciliation.findings)} findings."
    )
    _print_skipped(documents)
    if len(result.rejected_claims):
        console.print(f"[yellow]claim rows that failed validation are listed in {out / 'rejected_claims.csv'}[/]")
    console.print(f"report: {result.paths.get('report.html', out / 'report.html')}")
    if claims is not None and len(result.claims) == 0:
        _fail(f"no row of {claims} passed validation ({n_rejected} rejected): see {out / 'rejected_claims.csv'}", 1)


@app.command()
def extract(
    corpus: Path = typer.Argument(..., help="Folder of articles (or one article file)."),
    out: Path = typer.Option(Path("claims.csv"), "--out", "-o", help="claims.csv or claims.parquet"),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Worker processes for extraction (default 2: both cores)."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Skip article files larger than this."),
    quiet: Quiet = False,
    verbose: Verbose = False,
    log_level: Level = None,
) -> None:
    """Extract the claims table only (CSV or Parquet, by the file extension)."""
    _configure_logging(quiet, verbose, log_level)
    from reconcile._io import write_atomic, write_csv
    from reconcile.corpus import CorpusError
    from reconcile.pipeline import extract_corpus

    try:
        documents, validated = extract_corpus(corpus, progress=not quiet, n_process=jobs, max_bytes=max_bytes)
    except CorpusError as error:
        _fail(str(error))
    if out.suffix.lower() == ".parquet":
        write_atomic(out, validated.valid.to_parquet(index=False))
    else:
        write_csv(validated.valid, out)
    _print_skipped(documents)
    if len(validated.failures):
        rejected_path = out.with_name(out.stem + ".rejected.csv")
        write_csv(validated.failures, rejected_path)
        console.print(f"[yellow]{len(validated.rejected)} claim rows failed validation: see {rejected_path}[/]")
    console.print(f"{len(validated.valid)} claims written to {out}")


@app.command()
def validate(
    claims: Path = typer.Argument(..., help="A claims CSV or Parquet file."),
    quiet: Quiet = False,
    verbose: Verbose = False,
    log_level: Level = None,
) -> None:
    """Check a claims table against the claims contract; list every failing row and check. Exit 1 if any fail."""
    _configure_logging(quiet, verbose, log_level)
    from reconcile.corpus.claims_table import ClaimsTableError, read_claims

    try:
        validated = read_claims(claims)
    except (ClaimsTableError, FileNotFoundError) as error:
        _fail(str(error))
    if len(validated.failures):
        console.print(validated.failures.to_string(index=False), highlight=False)
        console.print(f"[red]{len(validated.rejected)} of {len(validated.rejected) + len(validated.valid)} rows failed[/]")
        raise typer.Exit(1)
    console.print(f"{len(validated.valid)} rows valid")


@app.command()
def evaluate(
    gold: Path = typer.Option(Path("fixtures/claims_gold.csv"), "--gold", help="Hand-checked claims."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Extracted claims to score against --gold."),
    devset: Optional[Path] = typer.Option(
        None, "--devset", help="A devset story folder (docs/, gold_counts.csv, conflicts_gold.csv) to score against."
    ),
    report_dir: Optional[Path] = typer.Option(
        None, "--report", help="With --devset: a `reconcile report` output folder; default: run the report on DIR/docs."
    ),
    corrections: Optional[Path] = typer.Option(
        None, "--corrections", help="With --devset: a CSV of gold corrections (story,doc_id,quote,occurrence,column,value,why)."
    ),
    details: bool = typer.Option(False, "--details", help="With --devset: list every miss, false count and conflict."),
    gold_claims: bool = typer.Option(
        False, "--gold-claims", help="With --devset: reconcile the story's gold counts (the reconciler alone, as if "
        "extraction were perfect) instead of extracting the docs."
    ),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="With --devset and no --report: extraction processes."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    quiet: Quiet = False,
    verbose: Verbose = False,
    log_level: Level = None,
) -> None:
    """Score extracted claims against gold: --pred against --gold claims, or a report against a --devset story."""
    _configure_logging(quiet, verbose, log_level)
    if devset is not None:
        _evaluate_devset(devset, report_dir, corrections, details, jobs, as_json, gold_claims)
        return
    if pred is None:
        _fail("give --pred CLAIMS (with --gold) or --devset DIR")
    from reconcile.corpus.claims_table import ClaimsTableError, read_claims
    from reconcile.evaluate import evaluate_claims

    try:
        gold_claims, pred_claims = read_claims(gold), read_claims(pred)
    except (ClaimsTableError, FileNotFoundError) as error:
        _fail(str(error))
    for name, validated in (("gold", gold_claims), ("pred", pred_claims)):
        if len(validated.failures):
            console.print(f"[yellow]{len(validated.rejected)} {name} rows failed validation and are not scored[/]")
    evaluation = evaluate_claims(gold_claims.valid, pred_claims.valid)
    if as_json:
        typer.echo(json.dumps(evaluation.to_dict(), indent=2, sort_keys=True))
    else:
        typer.echo(evaluation.to_text())


def _evaluate_devset(
    devset: Path, report_dir: Optional[Path], corrections: Optional[Path], details: bool, jobs: int, as_json: bool,
    gold_claims: bool = False,
) -> None:
    import tempfile

    from reconcile.corpus import CorpusError
    from reconcile.evaluate import (
        DevsetError,
        evaluate_devset,
        evaluate_reconciler,
        load_devset,
        read_corrections,
        read_report,
    )
    from reconcile.pipeline import reconcile_claims, run_report

    try:
        fixes = read_corrections(corrections) if corrections is not None else None
        story = load_devset(devset, fixes)
        if gold_claims:
            evaluation = evaluate_reconciler(devset, reconcile_claims, fixes)
        elif report_dir is not None:
            evaluation = evaluate_devset(story, *read_report(report_dir))
        else:
            with tempfile.TemporaryDirectory(prefix="reconcile-devset-") as scratch:
                run_report(devset / "docs", scratch, n_process=jobs)
                evaluation = evaluate_devset(story, *read_report(scratch))
    except (DevsetError, CorpusError) as error:
        _fail(str(error))
    if as_json:
        typer.echo(json.dumps(evaluation.to_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        typer.echo(evaluation.to_text(details=details))


@app.command()
def bench(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    docs: int = typer.Option(300, "--docs", help="Documents in the built corpus (seeds repeated)."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Processes for the extraction run."),
    sizes: str = typer.Option("10000,100000,1000000", "--sizes", help="Synthetic claim counts for reconciliation."),
    dask_docs: int = typer.Option(100, "--dask-docs", help="Documents for the Dask 1- vs 2-worker run (0: skip)."),
    report_docs: int = typer.Option(30, "--report-docs", help="Articles whose report render is timed (0: skip)."),
    workloads: str = typer.Option("even,skewed", "--workloads",
                                  help="Synthetic workloads: even (subjects of ~11 claims), skewed (Zipf subjects)."),
    quiet: Quiet = False,
    verbose: Verbose = False,
    log_level: Level = None,
) -> None:
    """Measure extraction against bare spaCy, the Dask engine, the report, and reconciliation on synthetic claims.

    The full run takes about 20 minutes on 2 cores (most of it the two 1,000,000-claim reconciliations)."""
    _configure_logging(quiet, verbose, log_level)
    from benchmarks import run_benchmarks

    results = run_benchmarks(
        n_docs=docs,
        n_process=jobs,
        sizes=tuple(int(s) for s in sizes.split(",") if s),
        dask_docs=dask_docs,
        report_docs=report_docs,
        workloads=tuple(w for w in workloads.split(",") if w),
    )
    if as_json:
        typer.echo(json.dumps(results, sort_keys=True))
    else:
        for key, value in sorted(results.items()):
            typer.echo(f"{key}: {value}")


def _rejected_rows(failures) -> int:
    # One failure line per failed check; a row failing three checks is still one rejected row.
    return int(failures["row"].nunique()) if len(failures) else 0


def _print_skipped(documents) -> None:
    if not len(documents):
        return
    from reconcile.corpus import summarise_inventory

    lines = summarise_inventory(documents)
    if lines:
        console.print(lines, highlight=False)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
