"""Report rendering: documents, claims, relations, findings, estimates -> out/ (HTML, Markdown, JSON, CSV)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from tqdm import tqdm

from reconcile._io import write_atomic, write_csv
from reconcile.describe import format_number, is_missing, text_of
from reconcile.report.context import report_context, timeline_figure
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


@dataclass(frozen=True)
class ReportInputs:
    """Every table the report shows; `rejected_claims` holds validation failures (row, id, column, check, ...)."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    relations: pd.DataFrame
    findings: pd.DataFrame
    estimates: pd.DataFrame
    rejected_claims: pd.DataFrame
    title: str
    generated_from: str
    timelines: pd.DataFrame | None = None


def render_report(outputs: ReportInputs, out_dir: str | Path, *, progress: bool = False) -> dict[str, Path]:
    """Write the HTML and Markdown reports, findings.json and every table as CSV; return name -> path.

    >>> sorted(render_report(inputs, "out"))[:3]  # doctest: +SKIP
    ['claims.csv', 'documents.csv', 'estimates.csv']
    """
    tables = sorted_tables(outputs)
    out = Path(out_dir)
    subjects = plotted_subjects(tables["claims"])
    csv_names = ("claims", "positions", "relations", "documents", "estimates", "rejected_claims")
    paths: dict[str, Path] = {}
    with _steps(progress, total=len(csv_names) + len(subjects) + 3) as advance:
        for name in csv_names:
            paths[f"{name}.csv"] = write_csv(tables[name], out / f"{name}.csv")
            advance(f"{name}.csv")
        plots = []
        for subject in subjects:
            plots.append(timeline_figure(tables["claims"], subject))
            advance(f"plot {subject}")
        context = report_context(tables, outputs.title, outputs.generated_from, plots)
        paths["findings.json"] = write_atomic(out / "findings.json", findings_json(tables))
        advance("findings.json")
        paths["report.md"] = write_atomic(out / "report.md", _environment(html=False).get_template(
            "report.md.j2").render(**context))
        advance("report.md")
        paths["report.html"] = write_atomic(out / "report.html", _environment(html=True).get_template(
            "report.html.j2").render(**context))
        advance("report.html")
    return dict(sorted(paths.items()))


def sorted_tables(outputs: ReportInputs) -> dict[str, pd.DataFrame]:
    """Copies of the input tables with every declared column present, sorted by their keys.

    >>> list(sorted_tables(inputs))  # doctest: +SKIP
    ['documents', 'claims', 'relations', 'findings', 'estimates', 'rejected_claims']
    """
    return {
        "documents": _sorted(conformed(outputs.documents, columns_of(DocumentSchema)), ["doc_id"]),
        "claims": _sorted(conformed(outputs.claims, columns_of(ClaimSchema)), ["claim_id"]),
        "relations": _sorted(conformed(outputs.relations, columns_of(RelationSchema)),
                             ["story", "kind", "subject", "position_id_l", "position_id_r"]),
        "findings": _sorted(conformed(outputs.findings, columns_of(FindingSchema)), ["rank", "finding_id"]),
        "estimates": _sorted(conformed(outputs.estimates, columns_of(EstimateSchema)),
                             ["story", "subject", "status", "scope", "as_of"]),
        "rejected_claims": _sorted(conformed(outputs.rejected_claims, FAILURE_COLUMNS), ["row", "check", "column"]),
        # Each source's positions in as-of order: the timelines table holds every position with its step.
        "positions": _sorted(conformed(outputs.timelines, columns_of(TimelineSchema)),
                             ["story", "kind", "subject", "timeline_id", "step", "position_id"]),
    }


def plotted_subjects(claims: pd.DataFrame) -> list[str]:
    """Subjects with at least one count claim carrying a figure, sorted: one timeline each.

    >>> plotted_subjects(claims)  # doctest: +SKIP
    ['flood_deaths', 'people_evacuated']
    """
    if claims.empty:
        return []
    counted = claims[(claims["kind"] == "count") & claims["subject"].notna()
                     & (claims["value_low"].notna() | claims["value_high"].notna())]
    return sorted({str(subject) for subject in counted["subject"]})


def findings_json(tables: dict[str, pd.DataFrame]) -> str:
    """findings.json text: findings and estimates as records, document counts; sorted keys, NaN as null.

    >>> json.loads(findings_json(sorted_tables(inputs)))["documents"]  # doctest: +SKIP
    {'ok': 4, 'skipped': 1}
    """
    documents = tables["documents"]
    payload = {
        "findings": _records(tables["findings"]),
        "estimates": _records(tables["estimates"]),
        "documents": {
            "ok": int((documents["status"] == "ok").sum()),
            "skipped": int((documents["status"] == "skipped").sum()),
        },
    }
    return json.dumps(payload, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
    environment.filters["num"] = format_number
    return environment


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


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(key): _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
