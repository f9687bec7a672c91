"""Report stage, inventory: estimates, positions, claims, documents and rejected rows -> sortable, paged tables."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from reconcile.describe import (
    as_list,
    describe_values,
    format_date,
    format_number,
    int_of,
    join_names,
    source_label,
    split_list,
    subject_label,
    text_of,
    truthy,
)
from reconcile.report.evidence import Linker, anchor_id, safe_url
from reconcile.report.tables import Cell, Column, Table, link_cell, number_cell, text_cell
from reconcile.validation import FAILURE_COLUMNS

UNKNOWN = "unknown"
# The estimate rules in words (summarise/estimates.py gives each estimate its rule_id); written once above the table.
ESTIMATE_RULES = {
    "estimate.independent_same_day": (
        "Per story, subject, status, scope and day, across the independent sources that gave a figure that day: "
        "each independence group counts once (its highest figure of the day, the latest reading of a rising "
        "count); low is the lowest reading, high the highest closed reading (an open \u201cmore than 400\u201d "
        "lifts it to 400), best the lower median of the groups\u2019 figures, a figure someone actually reported."),
}
PROVENANCE_WORDS = {"manifest": "from manifest", "inferred": "inferred from text", "unknown": UNKNOWN}


def inventory_tables(parts, linker: Linker, names: dict[str, str]) -> dict[str, object]:
    """The tables after the stories, each with its id, and the estimate rules worded once."""
    estimates, rules = _estimates(parts.tables["estimates"], names)
    return {
        "estimates": estimates,
        "estimate_rules": rules,
        "positions": _positions(parts.timelines, names),
        "claims": _claims(parts.tables["claims"], linker, names, parts.edit_notes),
        "documents": _documents(parts.tables["documents"], linker),
        "rejected": _rejected(parts.tables["rejected_claims"]),
        "edits": _edits(parts.edits),
    }


def _estimates(estimates: pd.DataFrame, names: dict[str, str]) -> tuple[Table, list[dict[str, str]]]:
    # The rule behind an estimate is a paragraph: it is written once above the table, each row names it by number.
    rule_ids = sorted({text_of(rule) for rule in estimates["rule_id"] if text_of(rule)})
    number = {rule_id: index for index, rule_id in enumerate(rule_ids, start=1)}
    rows = [[
        text_cell(row["story"]),
        text_cell(subject_label(row["subject"], names), muted=text_of(row["scope"])),
        text_cell(row["status"]),
        text_cell(format_date(row["as_of"]) or "undated", sort=row["as_of"]),
        number_cell(row["low"], format_number(row["low"]) or "–"),
        number_cell(row["best"], format_number(row["best"]) or "–"),
        number_cell(row["high"], format_number(row["high"]) or "open"),
        text_cell(join_names(as_list(row["sources"])), muted=f"{int_of(row['n_sources'])} independent"),
        text_cell(f"rule {number[text_of(row['rule_id'])]}" if text_of(row["rule_id"]) else ""),
    ] for row in estimates.to_dict("records")]
    columns = [Column("story", filter=True), Column("subject", filter=True), Column("status", filter=True),
               Column("as of"), Column("low", "num"), Column("best", "num"), Column("high", "num"),
               Column("sources"), Column("rule", filter=True)]
    table = Table("estimates-table", "Estimates", columns, rows, "No estimates: no counted figures to combine.",
                  files=["estimates.csv", "estimates.parquet"])
    rules = [{"name": f"rule {index}", "text": ESTIMATE_RULES.get(rule_id, ""), "rule_id": rule_id}
             for rule_id, index in number.items()]
    return table, rules


def _positions(timelines: pd.DataFrame, names: dict[str, str]) -> Table:
    rows = []
    for row in timelines.to_dict("records"):
        outlets = as_list(row["outlets"])
        rows.append([
            text_cell(row["story"]),
            text_cell(subject_label(row["subject"], names), muted=text_of(row["scope"])),
            text_cell(row["kind"]),
            text_cell(row["status"]),
            text_cell(row["source"], muted=text_of(row["source_group"])),
            text_cell(text_of(row["source_kind"]) or UNKNOWN),
            text_cell(format_date(row["as_of"], row["as_of_precision"]) or "undated", sort=row["as_of"]),
            number_cell(row["value_low"] if text_of(row["value_low"]) else row["value_high"], text_of(row["value"])),
            text_cell(join_names(outlets), sort=len(outlets)),
            text_cell(int_of(row["step"]), sort=int_of(row["step"]),
                      muted="latest" if truthy(row["is_latest"]) else ""),
        ])
    columns = [Column("story", filter=True), Column("subject", filter=True), Column("kind", filter=True),
               Column("status", filter=True), Column("source (independence group)", filter=True),
               Column("kind of source", filter=True), Column("as of"), Column("figure", "num"),
               Column("carried by (witnesses)"), Column("step", "num")]
    return Table("positions-table", "Who said what, when", columns, rows, "No claims with a subject, so no positions.",
                 files=["timelines.csv", "timelines.parquet"])


def _claims(claims: pd.DataFrame, linker: Linker, names: dict[str, str], edits: dict[str, dict]) -> Table:
    words = describe_values(claims).tolist() if len(claims) else []
    texts = linker.texts
    rows = []
    for row, figure in zip(claims.to_dict("records"), words, strict=True):
        doc_id, start, end = text_of(row["doc_id"]), int_of(row["start"]), int_of(row["end"])
        text = texts.get(doc_id, "")
        span = text[start:end] if text and end <= len(text) else text_of(row["quote_text"])
        rows.append([
            link_cell(row["claim_id"], linker.text_link(doc_id, start)),
            text_cell(text_of(row["outlet"]) or UNKNOWN),
            text_cell(format_date(row["stated_on"]) or format_date(row["published"]) or UNKNOWN,
                      sort=text_of(row["stated_on"]) or text_of(row["published"])),
            text_cell(row["kind"]),
            text_cell(subject_label(row["subject"], names) if text_of(row["subject"]) else ""),
            _figure_cell(figure, row, edits.get(text_of(row["claim_id"]))),
            text_cell(span),
            text_cell(source_label(row["speaker"], row["source_org"]), muted=row["source_country"]),
            text_cell(row["via"]),
        ])
    columns = [Column("claim"), Column("outlet", filter=True), Column("date"), Column("kind", filter=True),
               Column("subject", filter=True), Column("figure", "num"), Column("words"), Column("source"),
               Column("via")]
    return Table("claims-table", "Claims", columns, rows, "No claims were extracted.",
                 files=["claims.csv", "claims.parquet"])


def _figure_cell(figure: str, row: dict, edit: dict | None) -> Cell:
    sort = text_of(row["value_low"]) or text_of(row["value_high"])
    shown = figure if row["kind"] == "count" else ""
    if not edit:
        return Cell(Markup(escape(shown)), sort)
    html = escape(shown) + Markup(' <span class="edited">edited</span>')
    extracted = text_of(edit.get("extracted"))
    if extracted:
        html += Markup('<br><span class="muted">extracted: ') + escape(extracted) + Markup("</span>")
    else:
        html += Markup('<br><span class="muted">') + escape(join_names(edit.get("columns", []))) + Markup("</span>")
    return Cell(html, sort)


def _documents(documents: pd.DataFrame, linker: Linker) -> Table:
    rows, row_ids = [], []
    for row in documents.to_dict("records"):
        doc_id, status = text_of(row["doc_id"]), text_of(row["status"]) or UNKNOWN
        url = safe_url(row["url"])
        reason = text_of(row["reason"]) or ("" if status == "ok" else "no reason given")
        notes = [text_of(row["encoding"])] + split_list(row["warnings"])
        rows.append([
            link_cell(doc_id, linker.text_link(doc_id)),
            text_cell(row["path"]),
            Cell(Markup(f'<span class="status-{escape(status)}">{escape(status)}</span>')
                 + (Markup("<br>") + escape(reason) if reason else Markup("")), status),
            *(_provenance(row, value, source) for value, source in (
                ("outlet", "outlet_source"), ("published", "published_source"), ("byline", "byline_source"))),
            link_cell(text_of(row["url"]) or UNKNOWN, url, external=True),
            text_cell("; ".join(note for note in notes if note)),
        ])
        row_ids.append(anchor_id(doc_id, "row"))
    columns = [Column("document"), Column("file"), Column("status", filter=True), Column("outlet", filter=True),
               Column("published"), Column("byline"), Column("url"), Column("notes")]
    return Table("documents-table", "Documents", columns, rows, "No documents listed.", row_ids=row_ids,
                 files=["documents.csv", "documents.parquet"])


def _provenance(row: dict, value_column: str, source_column: str) -> Cell:
    value = text_of(row[value_column])
    if not value:
        return text_cell(UNKNOWN, muted="not stated")
    source = text_of(row[source_column]) or UNKNOWN
    return text_cell(value, muted=PROVENANCE_WORDS.get(source, source))


def _rejected(rejected: pd.DataFrame) -> Table:
    rows = [[text_cell(row["row"], sort=row["row"])] + [text_cell(row[key]) for key in FAILURE_COLUMNS[1:]]
            for row in rejected.to_dict("records")]
    columns = [Column("row", "num"), Column("claim"), Column("column", filter=True), Column("check", filter=True),
               Column("failing value")]
    return Table("rejected-table", "Rejected claim rows", columns, rows, "No claim rows were rejected.",
                 files=["rejected_claims.csv"])


def _edits(edits: pd.DataFrame) -> Table:
    rows = [[text_cell(row["claim_id"]), text_cell(row["column"]), text_cell(row["edited"]),
             text_cell(row["extracted"])] for row in edits.to_dict("records")]
    columns = [Column("claim"), Column("column", filter=True), Column("edited value"), Column("extracted value")]
    return Table("edits-table", "Edited values", columns, rows, "No value was edited.",
                 files=["edited_values.csv"])
