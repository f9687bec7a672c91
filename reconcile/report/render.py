"""Report rendering: documents, claims, positions, relations, findings, estimates -> out/ (HTML, Markdown, JSON,
CSV and Parquet).

`render_report(inputs, out_dir)` writes into the folder it is given: report.html (with report-pages/ for the
rows and texts of a large corpus), report.md, findings.json, and every table as CSV and Parquet.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from tqdm import tqdm

from reconcile._io import write_atomic, write_csv
from reconcile.compare import relation_reasons
from reconcile.describe import is_missing, text_of
from reconcile.report.context import ReportParts, report_context
from reconcile.report.edits import claim_edits, edit_notes
from reconcile.report.evidence import PAGES_DIR
from reconcile.report.plots import LEFT_OUT_WORDS
from reconcile.report import tables as paged
from reconcile.report.tables import render_rows
from reconcile.schema import (
    ClaimSchema,
    DocumentSchema,
    EstimateSchema,
    FindingSchema,
    RelationSchema,
    TimelineSchema,
    columns_of,
    conformed,
)
from reconcile.validation import FAILURE_COLUMNS

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Markdown is for reading in a terminal or a pull request: long lists stop here and name their CSV.
MARKDOWN_ROWS = 50
# Every table is written as CSV and Parquet under its name.
TABLE_NAMES = ("claims", "documents", "estimates", "findings", "rejected_claims", "relations", "timelines")


@dataclass(frozen=True)
class ReportInputs:
    """Every table the report shows, as the reconciler writes them (`reconcile.pipeline.Reconciliation`).

    `timelines` are the positions in their sources' timelines (TimelineSchema): the pictures, the camps of a
    conflict and the positions table come from them (None: no positions). `rejected_claims` holds validation
    failures (row, id, column, check, ...). `extracted_claims`, given with an edited claims table, are what
    extraction finds in the same corpus: every edited value is marked with the extracted one beside it.
    """

    documents: pd.DataFrame
    claims: pd.DataFrame
    relations: pd.DataFrame
    findings: pd.DataFrame
    estimates: pd.DataFrame
    rejected_claims: pd.DataFrame
    title: str
    generated_from: str
    timelines: pd.DataFrame | None = None
    extracted_claims: pd.DataFrame | None = None


def render_report(outputs: ReportInputs, out_dir: str | Path, *, progress: bool = False) -> dict[str, Path]:
    """Write the HTML and Markdown reports, findings.json and every table as CSV and Parquet; return name -> path.

    >>> sorted(render_report(inputs, "out"))[:3]  # doctest: +SKIP
    ['claims.csv', 'claims.parquet', 'documents.csv']
    """
    out = Path(out_dir)
    with _steps(progress, total=5) as advance:
        tables = sorted_tables(outputs)
        parts = report_parts(outputs, tables)
        advance("tables")
        paths = _write_tables(parts, out)
        paths["findings.json"] = write_atomic(out / "findings.json", findings_json(parts))
        advance("findings.json")
        context = report_context(parts, outputs.title, outputs.generated_from)
        advance("pictures")
        paths["report.md"] = write_atomic(out / "report.md", _environment(html=False).get_template(
            "report.md.j2").render(**context, md_rows=MARKDOWN_ROWS))
        advance("report.md")
        html = _environment(html=True)
        page = _page_globals()
        paths["report.html"] = write_atomic(out / "report.html", html.get_template("report.html.j2").render(
            **context, **page, left_out_words=LEFT_OUT_WORDS))
        paths.update(_write_pages(html, context, page, out))
        advance("report.html")
    return dict(sorted(paths.items()))


def render_report_seconds(outputs: ReportInputs, out_dir: str | Path) -> float:
    """Render the report for these tables and return how many seconds it took (for `reconcile bench`).

    >>> render_report_seconds(inputs, "out") < 5.0  # doctest: +SKIP
    True
    """
    started = time.perf_counter()
    render_report(outputs, out_dir)
    return time.perf_counter() - started


def sorted_tables(outputs: ReportInputs) -> dict[str, pd.DataFrame]:
    """Copies of the input tables with every declared column present, sorted by their keys.

    >>> list(sorted_tables(inputs))  # doctest: +SKIP
    ['documents', 'claims', 'timelines', 'relations', 'findings', 'estimates', 'rejected_claims']
    """
    relations = outputs.relations if outputs.relations is not None else pd.DataFrame()
    relation_columns = columns_of(RelationSchema)
    if len(relations) and outputs.timelines is not None:
        # Reasons are worded here, for the written table only, not held for every pair by the compare stage.
        relations = relations.assign(reason=relation_reasons(relations, outputs.timelines).to_numpy())
        relation_columns = [*relation_columns, "reason"]
    return {
        "documents": _sorted(conformed(outputs.documents, columns_of(DocumentSchema)), ["doc_id"]),
        "claims": _sorted(conformed(outputs.claims, columns_of(ClaimSchema)), ["claim_id"]),
        "timelines": _sorted(conformed(outputs.timelines, columns_of(TimelineSchema)),
                             ["story", "kind", "subject", "timeline_id", "step", "position_id"]),
        "relations": _sorted(conformed(relations, relation_columns),
                             ["position_id_l", "position_id_r", "rule_id"]),
        "findings": _sorted(conformed(outputs.findings, columns_of(FindingSchema)), ["rank", "finding_id"]),
        "estimates": _sorted(conformed(outputs.estimates, columns_of(EstimateSchema)),
                             ["story", "subject", "status", "scope", "as_of"]),
        "rejected_claims": _sorted(conformed(outputs.rejected_claims, FAILURE_COLUMNS), ["row", "check", "column"]),
    }


def report_parts(outputs: ReportInputs, tables: dict[str, pd.DataFrame]) -> ReportParts:
    """The sorted tables and the edits of an edited claims table (each beside what extraction found)."""
    edits = claim_edits(tables["claims"], outputs.extracted_claims)
    return ReportParts(tables=tables, edits=edits, edit_notes=edit_notes(edits, outputs.extracted_claims))


def findings_json(parts: ReportParts) -> str:
    """findings.json: the findings (list cells as arrays), the tool version and a fingerprint of the inputs.

    One finding per line (keys sorted): the file stays small on a large corpus and still diffs finding by
    finding.

    >>> json.loads(findings_json(parts))["tool"]["name"]  # doctest: +SKIP
    'reconcile'
    """
    from reconcile import __version__

    documents = parts.tables["documents"]
    header = {
        "inputs": {
            "claims": len(parts.tables["claims"]),
            "documents": {"ok": int((documents["status"] == "ok").sum()),
                          "skipped": int((documents["status"] == "skipped").sum())},
            "fingerprint": inputs_fingerprint(parts.tables),
            "fingerprint_of": "sha256 of every document's id, status and text, and of the claims table",
        },
        "tool": {"name": "reconcile", "version": __version__},
    }
    lines = [_json({str(key): plain_cell(value) for key, value in row.items()})
             for row in parts.tables["findings"].to_dict("records")]
    findings = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    rest = "".join(f',\n"{key}": {_json(value)}' for key, value in header.items())
    return f'{{"findings": {findings}{rest}\n}}\n'


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)


def inputs_fingerprint(tables: dict[str, pd.DataFrame]) -> str:
    """A sha256 over the documents (id, status, text) and the claims table: equal inputs, equal fingerprint."""
    digest = hashlib.sha256()
    for row in tables["documents"][["doc_id", "status", "text"]].itertuples(index=False):
        text_hash = hashlib.sha256(text_of(row.text).encode("utf-8")).hexdigest()
        digest.update(f"{text_of(row.doc_id)}\t{text_of(row.status)}\t{text_hash}\n".encode())
    digest.update(tables["claims"].to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return digest.hexdigest()


def plain_cell(value: object) -> object:
    """A cell as JSON writes it: lists stay lists (of plain values), numpy scalars become Python ones."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain_cell(item) for item in value]
    if is_missing(value):
        return None
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no infinity; a non-finite figure is no figure
    return value


def _write_tables(parts: ReportParts, out: Path) -> dict[str, Path]:
    frames = {name: parts.tables[name] for name in TABLE_NAMES}
    if len(parts.edits):
        frames["edited_values"] = parts.edits
    paths: dict[str, Path] = {}
    for name, frame in frames.items():
        paths[f"{name}.csv"] = write_csv(_joined_lists(frame), out / f"{name}.csv")
        paths[f"{name}.parquet"] = write_atomic(out / f"{name}.parquet", parquet_bytes(frame))
    return paths


def _joined_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells "; "-joined, for CSV only (JSON keeps arrays, Parquet keeps lists)."""
    joined = frame.copy()
    for column in joined.columns[joined.dtypes == object]:
        joined[column] = joined[column].map(
            lambda cell: "; ".join(map(str, cell)) if isinstance(cell, (list, tuple, np.ndarray)) else cell)
    return joined


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as Parquet bytes; a column of mixed cell types is written as text rather than failing the run."""
    import pyarrow as pa

    buffer = io.BytesIO()
    try:
        frame.to_parquet(buffer, index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError):
        buffer = io.BytesIO()
        mixed = frame.copy()
        for column in mixed.columns:
            if mixed[column].dtype == object and not mixed[column].map(lambda v: isinstance(v, list)).any():
                mixed[column] = mixed[column].map(lambda v: None if v is None or v != v else str(v))
        mixed.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _write_pages(html: Environment, context: dict, page: dict, out: Path) -> dict[str, Path]:
    """Pages of long tables and of document texts in report-pages/; pages left by an earlier run are removed."""
    folder = out / PAGES_DIR
    template = html.get_template("page.html.j2")
    written: dict[str, Path] = {}
    common = {"title": context["title"], **page}
    for table in _paged_tables(context):
        for part in table.pages():
            heading = f"{table.title or 'Table'}: rows {part['first']}–{part['last']} of {table.n_rows}"
            rows = render_rows(table, int(part["first"]) - 1, int(part["last"]))
            text = template.render(**common, heading=heading, table=table, rows=rows, documents=[])
            written[f"{PAGES_DIR}/{part['name']}"] = write_atomic(folder / str(part["name"]), text)
    for part in context["text_pages"]:
        heading = f"Document texts: {part['first']} to {part['last']}"
        text = template.render(**common, heading=heading, table=None, rows="", documents=part["documents"])
        written[f"{PAGES_DIR}/{part['name']}"] = write_atomic(folder / part["name"], text)
    if folder.is_dir():
        for stale in folder.glob("*.html"):
            if f"{PAGES_DIR}/{stale.name}" not in written:
                stale.unlink()
    return written


def _paged_tables(context: dict) -> list:
    tables = [section["table"] for story in context["stories"] for section in story["sections"] if section["table"]]
    inventory = context["inventory"]
    return tables + [inventory[name] for name in ("estimates", "positions", "claims", "documents", "rejected",
                                                  "edits")]


@lru_cache(maxsize=1)
def _page_globals() -> dict[str, object]:
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
           "form-action 'none'")
    css = (TEMPLATES / "report.css").read_text("utf-8") + (TEMPLATES / "cards.css").read_text("utf-8")
    return {"script": Markup(script), "csp": Markup(csp), "css": Markup(css)}


@contextmanager
def _steps(progress: bool, total: int) -> Iterator:
    bar = tqdm(total=total, desc="report", unit="step", disable=not progress, leave=False)
    try:
        def advance(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)

        yield advance
    finally:
        bar.close()


@lru_cache(maxsize=2)
def _environment(*, html: bool) -> Environment:
    # Article text is untrusted: the HTML environment escapes every value unless the code marked it safe.
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["cell"] = markdown_cell
    environment.globals.update(rows_per_view=paged.ROWS_PER_VIEW, pages_dir=PAGES_DIR)
    return environment


def html_environment() -> Environment:
    """The autoescaping environment of report.html, for other views of the same cards (Jupyter)."""
    return _environment(html=True)


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: `markdown_cell("a|b\\nc") == "a\\\\|b c"`; HTML is neutralised."""
    text = text_of(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame.sort_values(keys, kind="mergesort", na_position="last").reset_index(drop=True)
