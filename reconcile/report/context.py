"""Report context: the tables -> plain lists and dicts in reading order for the HTML and Markdown templates."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
from markupsafe import Markup, escape

from reconcile.describe import (
    format_number,
    format_value,
    int_of,
    is_missing,
    source_label,
    split_list,
    subject_label,
    text_of,
)
from reconcile.report.plots import figure_to_svg, plot_timeline, timeline_points
from reconcile.validation import FAILURE_COLUMNS

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
PROVENANCE_WORDS = {"manifest": "from manifest", "inferred": "inferred from text", "unknown": UNKNOWN}


def highlight(sentence: object, document_text: object, start: int, end: int) -> Markup:
    """The evidence sentence, escaped, with the claim's document span [start, end) wrapped in <mark>.

    >>> str(highlight("At least 40 died.", "Storm. At least 40 died.", 7, 18))
    '<mark>At least 40</mark> died.'
    """
    sentence_text = text_of(sentence)
    if not sentence_text:
        return Markup("")
    offset = _sentence_offset(sentence_text, text_of(document_text), start, end)
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
    texts = {str(row.doc_id): text_of(row.text) for row in documents.itertuples(index=False)
             if row.status == "ok" and text_of(row.text)}
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
        "rejected": [{key: text_of(row[key]) for key in FAILURE_COLUMNS} for row in rejected.to_dict("records")],
        "texts": [_documenttext_of(doc_id, text, claims) for doc_id, text in texts.items()],
    }


class _Linker:
    """In-page links to evidence: to the claim's position in its document text, else to the document."""

    def __init__(self, texts: dict[str, str], doc_ids: set[str]) -> None:
        self.texts, self.doc_ids = texts, doc_ids

    def __call__(self, doc_id: object, start: object) -> str | None:
        key = str(doc_id)
        if key in self.texts and not is_missing(start) and int(start) < len(self.texts[key]):
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
        doc_id, start, end = text_of(row[f"doc_id_{side}"]), row[f"start_{side}"], row[f"end_{side}"]
        sides[side] = {
            "value": text_of(row[f"value_{side}"]) or "no figure",
            "sources": split_list(row[f"sources_{side}"]),
            "via": split_list(row[f"via_{side}"]),
            "outlets": split_list(row[f"outlets_{side}"]),
            "n_independent": 0 if is_missing(row[f"n_independent_{side}"]) else int(row[f"n_independent_{side}"]),
            "claim_ids": split_list(row[f"claim_ids_{side}"]),
            "doc_id": doc_id,
            "evidence": highlight(row[f"evidence_{side}"], texts.get(doc_id), int_of(start), int_of(end)),
            "evidence_text": text_of(row[f"evidence_{side}"]),
            "link": linker(doc_id, start),
        }
    return {
        "finding_id": text_of(row["finding_id"]),
        "rank": int_of(row["rank"]),
        "relation": text_of(row["relation"]),
        "rule_id": text_of(row["rule_id"]),
        "label": text_of(row["label"]),
        "subject": subject_label(row["subject"]) if not is_missing(row["subject"]) else "",
        "status": text_of(row["status"]),
        "severity": format_number(round(float(row["severity"]), 3)) if not is_missing(row["severity"]) else "",
        "summary": text_of(row["summary"]),
        "left": sides["l"],
        "right": sides["r"],
    }


def _estimate(row: dict) -> dict[str, object]:
    return {
        "subject": subject_label(row["subject"]),
        "status": text_of(row["status"]),
        "as_of": text_of(row["as_of"]) or "undated",
        "low": format_number(row["low"]) or "–",
        "best": format_number(row["best"]) or "–",
        "high": format_number(row["high"]) or "open",
        "n_sources": 0 if is_missing(row["n_sources"]) else int(row["n_sources"]),
        "sources": split_list(row["sources"]),
        "rule": text_of(row["rule_id"]),
    }


def _claim(row: dict, texts: dict[str, str], linker: _Linker) -> dict[str, object]:
    doc_id = text_of(row["doc_id"])
    start, end = int_of(row["start"]), int_of(row["end"])
    text = texts.get(doc_id, "")
    words = text[start:end] if text and end <= len(text) else text_of(row["quote_text"])
    figure = format_value(row["value_low"], row["value_high"], row["qualifier"])
    # "another 250" adds to an earlier figure: say so, or readers take it for a total.
    if not is_missing(row["is_increment"]) and bool(row["is_increment"]):
        figure = f"another {figure}" if figure else "increment"
    return {
        "claim_id": text_of(row["claim_id"]),
        "doc_id": doc_id,
        "outlet": text_of(row["outlet"]) or UNKNOWN,
        "date": text_of(row["stated_on"]) or text_of(row["published"]) or UNKNOWN,
        "kind": text_of(row["kind"]),
        "subject": subject_label(row["subject"]) if not is_missing(row["subject"]) else "",
        "status": text_of(row["status"]),
        "figure": figure,
        "words": words,
        "source": source_label(row["speaker"], row["source_org"]),
        "country": text_of(row["source_country"]),
        "via": text_of(row["via"]),
        "link": linker(doc_id, start),
    }


def _document(row: dict, linker: _Linker) -> dict[str, object]:
    def provenance(value_column: str, source_column: str) -> dict[str, str]:
        value = text_of(row[value_column])
        source = text_of(row[source_column]) or UNKNOWN
        if not value:
            return {"value": UNKNOWN, "source": "not stated"}
        return {"value": value, "source": PROVENANCE_WORDS.get(source, source)}

    status = text_of(row["status"]) or UNKNOWN
    return {
        "doc_id": text_of(row["doc_id"]),
        "path": text_of(row["path"]),
        "status": status,
        "reason": text_of(row["reason"]) or ("" if status == "ok" else "no reason given"),
        "outlet": provenance("outlet", "outlet_source"),
        "published": provenance("published", "published_source"),
        "byline": provenance("byline", "byline_source"),
        "url": text_of(row["url"]),
        "encoding": text_of(row["encoding"]),
        "warnings": split_list(row["warnings"]),
        "link": linker(row["doc_id"], None) if status == "ok" and text_of(row["text"]) else None,
    }


def _documenttext_of(doc_id: str, text: str, claims: pd.DataFrame) -> dict[str, object]:
    """A document's text, escaped, with every claim span marked and an anchor at each claim's start."""
    anchor = anchor_id(doc_id)
    own = claims[claims["doc_id"].astype(str) == doc_id] if len(claims) else claims
    spans = [(int(s), int(e)) for s, e in zip(own["start"], own["end"], strict=True)
             if not is_missing(s) and not is_missing(e) and 0 <= int(s) < int(e) <= len(text)]
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
    keys = sorted({(str(s), text_of(t)) for s, t in zip(counted["subject"], counted["status"], strict=True)})
    cells: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = {}
    for row in counted.to_dict("records"):
        source = (source_label(row["speaker"], row["source_org"]), text_of(row["source_country"]))
        figure = format_value(row["value_low"], row["value_high"], row["qualifier"]) or "no figure"
        when = text_of(row["stated_on"]) or text_of(row["published"]) or "undated"
        outlet = text_of(row["outlet"]) or "unknown outlet"
        cells.setdefault(source, {}).setdefault((str(row["subject"]), text_of(row["status"])), []).append(
            f"{figure} ({when}, {outlet})")
    columns = [{"subject": subject_label(s), "status": t} for s, t in keys]
    rows = [{"source": source, "country": country or UNKNOWN,
             "cells": [sorted(set(cells[(source, country)].get(key, []))) for key in keys]}
            for source, country in sorted(cells, key=lambda k: (k[0] == "unattributed", k))]
    return {"columns": columns, "rows": rows}


def timeline_figure(claims: pd.DataFrame, subject: str) -> dict[str, object]:
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
