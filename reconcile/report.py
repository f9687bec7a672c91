"""Report stage: documents, claims, relations, findings, estimates -> out/ (HTML, Markdown, JSON, CSV)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from tqdm import tqdm

from reconcile._io import write_atomic, write_csv
from reconcile.plots import figure_to_svg, plot_timeline, subject_label, timeline_points
from reconcile.schema import (
    ClaimSchema,
    DocumentSchema,
    EstimateSchema,
    FindingSchema,
    RelationSchema,
    columns_of,
)
from reconcile.validation import FAILURE_COLUMNS

TEMPLATES = Path(__file__).resolve().parent / "templates"
UNKNOWN = "unknown"
# How many conflicts lead the report; the rest still appear, grouped with the other findings.
TOP_CONFLICTS = 10
# Reading order of the finding groups after the leading conflicts: most consequential first.
GROUP_ORDER = (
    "conflict",
    "revision",
    "scope_difference",
    "attribution_discrepancy",
    "quote_variant",
    "compatible",
    "agree",
    "unrelated",
)
GROUP_TITLES = {
    "conflict": ("More conflicts", "Same scope and period, incompatible figures from different sources."),
    "revision": ("Revisions", "The same source changed its figure over time."),
    "scope_difference": ("Scope differences", "The figures count different things (present vs planned, an "
                                              "increment vs a total), so they need not disagree."),
    "attribution_discrepancy": ("Attribution discrepancies", "Outlets credit the same claim to different "
                                                            "speakers or organisations."),
    "quote_variant": ("Quote variants", "The same quote is worded differently by different outlets."),
    "compatible": ("Compatible figures", "The figures overlap; one is less precise than the other."),
    "agree": ("Agreements", "Sources give the same figure."),
    "unrelated": ("Unrelated pairs", "Compared but found to be about different things."),
}
QUALIFIER_WORDS = {
    "approx": "about {low}",
    "at_least": "at least {low}",
    "more_than": "more than {low}",
    "up_to": "up to {high}",
    "less_than": "fewer than {high}",
}
PROVENANCE_WORDS = {"manifest": "from manifest", "inferred": "inferred from text", "unknown": UNKNOWN}


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


def render_report(outputs: ReportInputs, out_dir: str | Path, *, progress: bool = False) -> dict[str, Path]:
    """Write the HTML and Markdown reports, findings.json and every table as CSV; return name -> path.

    >>> sorted(render_report(inputs, "out"))[:3]  # doctest: +SKIP
    ['claims.csv', 'documents.csv', 'estimates.csv']
    """
    tables = sorted_tables(outputs)
    out = Path(out_dir)
    subjects = plotted_subjects(tables["claims"])
    csv_names = ("claims", "relations", "documents", "estimates", "rejected_claims")
    paths: dict[str, Path] = {}
    with _steps(progress, total=len(csv_names) + len(subjects) + 3) as advance:
        for name in csv_names:
            paths[f"{name}.csv"] = write_csv(tables[name], out / f"{name}.csv")
            advance(f"{name}.csv")
        plots = []
        for subject in subjects:
            plots.append(_timeline(tables["claims"], subject))
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
        "documents": _sorted(_conformed(outputs.documents, columns_of(DocumentSchema)), ["doc_id"]),
        "claims": _sorted(_conformed(outputs.claims, columns_of(ClaimSchema)), ["claim_id"]),
        "relations": _sorted(_conformed(outputs.relations, columns_of(RelationSchema)),
                             ["claim_id_l", "claim_id_r", "rule_id"]),
        "findings": _sorted(_conformed(outputs.findings, columns_of(FindingSchema)), ["rank", "finding_id"]),
        "estimates": _sorted(_conformed(outputs.estimates, columns_of(EstimateSchema)),
                             ["subject", "status", "as_of", "rule"]),
        "rejected_claims": _sorted(_conformed(outputs.rejected_claims, FAILURE_COLUMNS), ["row", "check", "column"]),
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


def format_number(value: object) -> str:
    """A figure as a reader writes it: `format_number(12500.0) == "12,500"`, `format_number(2.5) == "2.5"`."""
    if _missing(value):
        return ""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_value(low: object, high: object, qualifier: object) -> str:
    """The interval a claim's wording implies, in words: `format_value(300, None, "at_least") == "at least 300"`."""
    low_text, high_text = format_number(low), format_number(high)
    if not low_text and not high_text:
        return ""
    template = QUALIFIER_WORDS.get(str(qualifier)) if not _missing(qualifier) else None
    if low_text and high_text and low_text != high_text:
        # "about 80 to 100": an approximate figure the extractor widened into an interval keeps its hedge.
        return f"about {low_text}–{high_text}" if qualifier == "approx" else f"{low_text}–{high_text}"
    if template and (low_text or "{low}" not in template) and (high_text or "{high}" not in template):
        return template.format(low=low_text, high=high_text)
    if qualifier == "vague":
        return f"vague ({low_text or high_text})"
    return low_text or f"up to {high_text}"


def source_label(speaker: object, source_org: object) -> str:
    """Who said it: `source_label("Jane Roe", "Flood Agency") == "Jane Roe (Flood Agency)"`."""
    name, org = _text(speaker), _text(source_org)
    if name and org:
        return f"{name} ({org})"
    return name or org or "unattributed"


def highlight(sentence: object, document_text: object, start: int, end: int) -> Markup:
    """The evidence sentence, escaped, with the claim's document span [start, end) wrapped in <mark>.

    >>> str(highlight("At least 40 died.", "Storm. At least 40 died.", 7, 18))
    '<mark>At least 40</mark> died.'
    """
    sentence_text = _text(sentence)
    if not sentence_text:
        return Markup("")
    offset = _sentence_offset(sentence_text, _text(document_text), start, end)
    if offset is None:
        return Markup(escape(sentence_text))
    before, inside = start - offset, end - offset
    return Markup("").join([escape(sentence_text[:before]), Markup("<mark>"),
                            escape(sentence_text[before:inside]), Markup("</mark>"), escape(sentence_text[inside:])])


def anchor_id(doc_id: object) -> str:
    """An HTML id for a document's text: `anchor_id("wire 7") == "doc-wire-7-<hash>"`; plain ids stay readable."""
    raw = str(doc_id)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-")
    if slug == raw and slug:
        return f"doc-{slug}"
    return f"doc-{slug}-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:8]}"


def report_context(
    tables: dict[str, pd.DataFrame], title: str, generated_from: str, plots: list[dict]
) -> dict[str, object]:
    """Everything the HTML and Markdown templates show, as plain lists and dicts in reading order.

    >>> report_context(sorted_tables(inputs), "Floods", "corpus/", plots=[])["summary"]["claims"]  # doctest: +SKIP
    4
    """
    documents, claims, findings = tables["documents"], tables["claims"], tables["findings"]
    texts = {str(row.doc_id): _text(row.text) for row in documents.itertuples(index=False)
             if row.status == "ok" and _text(row.text)}
    linker = _Linker(texts, set(documents["doc_id"].astype(str)))
    finding_rows = [_finding(row, texts, linker) for row in findings.to_dict("records")]
    conflicts = [f for f in finding_rows if f["relation"] == "conflict"]
    top = conflicts[:TOP_CONFLICTS]
    top_ids = {f["finding_id"] for f in top}
    groups = []
    for relation in GROUP_ORDER + tuple(sorted({f["relation"] for f in finding_rows} - set(GROUP_ORDER))):
        members = [f for f in finding_rows if f["relation"] == relation and f["finding_id"] not in top_ids]
        if members:
            heading, blurb = GROUP_TITLES.get(relation, (relation.replace("_", " ").capitalize(), ""))
            groups.append({"relation": relation, "title": heading, "blurb": blurb, "findings": members})
    rejected = tables["rejected_claims"]
    return {
        "title": title,
        "generated_from": generated_from,
        "summary": _summary(documents, claims, findings, rejected),
        "conflicts": top,
        "n_conflicts": len(conflicts),
        "groups": groups,
        "estimates": [_estimate(row) for row in tables["estimates"].to_dict("records")],
        "plots": plots,
        "source_table": _source_table(claims),
        "claims": [_claim(row, texts, linker) for row in claims.to_dict("records")],
        "documents": [_document(row, linker) for row in documents.to_dict("records")],
        "rejected": [{key: _text(row[key]) for key in FAILURE_COLUMNS} for row in rejected.to_dict("records")],
        "texts": [_document_text(doc_id, text, claims) for doc_id, text in texts.items()],
    }


class _Linker:
    """In-page links to evidence: to the claim's position in its document text, else to the document."""

    def __init__(self, texts: dict[str, str], doc_ids: set[str]) -> None:
        self.texts, self.doc_ids = texts, doc_ids

    def __call__(self, doc_id: object, start: object) -> str | None:
        key = str(doc_id)
        if key in self.texts and not _missing(start) and int(start) < len(self.texts[key]):
            return f"#{anchor_id(key)}-{int(start)}"
        if key in self.texts or key in self.doc_ids:
            return f"#{anchor_id(key)}"
        return None


def _summary(documents, claims, findings, rejected) -> dict[str, object]:
    counts = findings["relation"].value_counts() if len(findings) else pd.Series(dtype=int)
    by_relation = [(relation, int(counts[relation])) for relation in GROUP_ORDER if relation in counts]
    by_relation += [(str(r), int(n)) for r, n in sorted(counts.items()) if r not in GROUP_ORDER]
    dates = sorted({d for d in claims["published"].dropna().astype(str)} | {
        d for d in documents["published"].dropna().astype(str)})
    return {
        "documents_total": len(documents),
        "documents_ok": int((documents["status"] == "ok").sum()),
        "documents_skipped": int((documents["status"] == "skipped").sum()),
        "claims": len(claims),
        "subjects": int(claims["subject"].dropna().nunique()),
        "findings": len(findings),
        "findings_by_relation": by_relation,
        "rejected_rows": int(rejected["row"].dropna().nunique()) if len(rejected) else 0,
        "rejected_lines": len(rejected),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
    }


def _finding(row: dict, texts: dict[str, str], linker: _Linker) -> dict[str, object]:
    sides = {}
    for side in ("l", "r"):
        doc_id, start, end = _text(row[f"doc_id_{side}"]), row[f"start_{side}"], row[f"end_{side}"]
        sides[side] = {
            "value": _text(row[f"value_{side}"]) or "no figure",
            "sources": _split(row[f"sources_{side}"]),
            "via": _split(row[f"via_{side}"]),
            "outlets": _split(row[f"outlets_{side}"]),
            "n_independent": 0 if _missing(row[f"n_independent_{side}"]) else int(row[f"n_independent_{side}"]),
            "claim_ids": _split(row[f"claim_ids_{side}"]),
            "doc_id": doc_id,
            "evidence": highlight(row[f"evidence_{side}"], texts.get(doc_id), _int(start), _int(end)),
            "evidence_text": _text(row[f"evidence_{side}"]),
            "link": linker(doc_id, start),
        }
    return {
        "finding_id": _text(row["finding_id"]),
        "rank": _int(row["rank"]),
        "relation": _text(row["relation"]),
        "rule_id": _text(row["rule_id"]),
        "label": _text(row["label"]),
        "subject": subject_label(row["subject"]) if not _missing(row["subject"]) else "",
        "status": _text(row["status"]),
        "severity": format_number(round(float(row["severity"]), 3)) if not _missing(row["severity"]) else "",
        "summary": _text(row["summary"]),
        "left": sides["l"],
        "right": sides["r"],
    }


def _estimate(row: dict) -> dict[str, object]:
    return {
        "subject": subject_label(row["subject"]),
        "status": _text(row["status"]),
        "as_of": _text(row["as_of"]) or "undated",
        "low": format_number(row["low"]) or "–",
        "best": format_number(row["best"]) or "–",
        "high": format_number(row["high"]) or "open",
        "n_sources": 0 if _missing(row["n_sources"]) else int(row["n_sources"]),
        "sources": _split(row["sources"]),
        "rule": _text(row["rule"]),
    }


def _claim(row: dict, texts: dict[str, str], linker: _Linker) -> dict[str, object]:
    doc_id = _text(row["doc_id"])
    start, end = _int(row["start"]), _int(row["end"])
    text = texts.get(doc_id, "")
    words = text[start:end] if text and end <= len(text) else _text(row["quote_text"])
    figure = format_value(row["value_low"], row["value_high"], row["qualifier"])
    # "another 250" adds to an earlier figure: say so, or readers take it for a total.
    if not _missing(row["is_increment"]) and bool(row["is_increment"]):
        figure = f"another {figure}" if figure else "increment"
    return {
        "claim_id": _text(row["claim_id"]),
        "doc_id": doc_id,
        "outlet": _text(row["outlet"]) or UNKNOWN,
        "date": _text(row["stated_on"]) or _text(row["published"]) or UNKNOWN,
        "kind": _text(row["kind"]),
        "subject": subject_label(row["subject"]) if not _missing(row["subject"]) else "",
        "status": _text(row["status"]),
        "figure": figure,
        "words": words,
        "source": source_label(row["speaker"], row["source_org"]),
        "country": _text(row["source_country"]),
        "via": _text(row["via"]),
        "link": linker(doc_id, start),
    }


def _document(row: dict, linker: _Linker) -> dict[str, object]:
    def provenance(value_column: str, source_column: str) -> dict[str, str]:
        value = _text(row[value_column])
        source = _text(row[source_column]) or UNKNOWN
        if not value:
            return {"value": UNKNOWN, "source": "not stated"}
        return {"value": value, "source": PROVENANCE_WORDS.get(source, source)}

    status = _text(row["status"]) or UNKNOWN
    return {
        "doc_id": _text(row["doc_id"]),
        "path": _text(row["path"]),
        "status": status,
        "reason": _text(row["reason"]) or ("" if status == "ok" else "no reason given"),
        "outlet": provenance("outlet", "outlet_source"),
        "published": provenance("published", "published_source"),
        "byline": provenance("byline", "byline_source"),
        "url": _text(row["url"]),
        "encoding": _text(row["encoding"]),
        "warnings": _split(row["warnings"]),
        "link": linker(row["doc_id"], None) if status == "ok" and _text(row["text"]) else None,
    }


def _document_text(doc_id: str, text: str, claims: pd.DataFrame) -> dict[str, object]:
    """A document's text, escaped, with every claim span marked and an anchor at each claim's start."""
    anchor = anchor_id(doc_id)
    own = claims[claims["doc_id"].astype(str) == doc_id] if len(claims) else claims
    spans = [(int(s), int(e)) for s, e in zip(own["start"], own["end"], strict=True)
             if not _missing(s) and not _missing(e) and 0 <= int(s) < int(e) <= len(text)]
    starts = sorted({s for s, _ in spans})
    cuts = sorted({0, len(text)} | set(starts) | {e for _, e in spans})
    pieces: list[Markup] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        if left in starts:
            pieces.append(Markup(f'<span class="at" id="{anchor}-{left}"></span>'))
        chunk = escape(text[left:right])
        marked = any(s <= left and right <= e for s, e in spans)
        pieces.append(Markup("<mark>") + chunk + Markup("</mark>") if marked else chunk)
    return {"doc_id": doc_id, "anchor": anchor, "html": Markup("").join(pieces), "n_claims": len(own)}


def _source_table(claims: pd.DataFrame) -> dict[str, object]:
    """Rows: original sources; columns: what they counted (subject and status); cells: their figures and dates."""
    counted = claims[(claims["kind"] == "count") & claims["subject"].notna()] if len(claims) else claims
    if counted.empty:
        return {"columns": [], "rows": []}
    keys = sorted({(str(s), _text(t)) for s, t in zip(counted["subject"], counted["status"], strict=True)})
    cells: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = {}
    for row in counted.to_dict("records"):
        source = (source_label(row["speaker"], row["source_org"]), _text(row["source_country"]))
        figure = format_value(row["value_low"], row["value_high"], row["qualifier"]) or "no figure"
        when = _text(row["stated_on"]) or _text(row["published"]) or "undated"
        outlet = _text(row["outlet"]) or "unknown outlet"
        cells.setdefault(source, {}).setdefault((str(row["subject"]), _text(row["status"])), []).append(
            f"{figure} ({when}, {outlet})")
    columns = [{"subject": subject_label(s), "status": t} for s, t in keys]
    rows = [{"source": source, "country": country or UNKNOWN,
             "cells": [sorted(set(cells[(source, country)].get(key, []))) for key in keys]}
            for source, country in sorted(cells, key=lambda k: (k[0] == "unattributed", k))]
    return {"columns": columns, "rows": rows}


def _timeline(claims: pd.DataFrame, subject: str) -> dict[str, object]:
    figure = plot_timeline(claims, subject)
    anchor = "plot-" + anchor_id(subject).removeprefix("doc-")
    points = timeline_points(claims, subject)
    counted = claims[(claims["subject"] == subject) & (claims["kind"] == "count")]
    undated = int((counted["value_low"].notna() | counted["value_high"].notna()).sum()) - len(points)
    return {
        "subject": subject_label(subject),
        "anchor": anchor,
        "svg": Markup(figure_to_svg(figure, id_prefix=anchor)),
        "n_points": len(points),
        "n_undated": undated,
    }


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
    text = _text(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def _conformed(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(columns=columns) if frame is None else frame
    missing = [column for column in columns if column not in frame.columns]
    extra = [column for column in frame.columns if column not in columns]
    present = frame.copy()
    for column in missing:
        present[column] = pd.Series([None] * len(present), index=present.index, dtype="object")
    return present[columns + extra].reset_index(drop=True)


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame.sort_values(keys, kind="mergesort", na_position="last").reset_index(drop=True)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(key): _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    if _missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)


def _int(value: object) -> int:
    return 0 if _missing(value) else int(value)


def _split(value: object) -> list[str]:
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def _sentence_offset(sentence: str, document: str, start: int, end: int) -> int | None:
    """Where the evidence sentence sits in its document so that it covers the claim span; None if it cannot."""
    if not document or end <= start:
        return None
    position = document.find(sentence)
    while position != -1:
        if position <= start and end <= position + len(sentence):
            return position
        position = document.find(sentence, position + 1)
    # Extractors may normalise whitespace in the sentence: fall back to the span's words if they occur once.
    words = document[start:end]
    if words and sentence.count(words) == 1:
        return start - sentence.index(words)
    return None
