"""Hand-made report inputs (a flood in an invented country, not the seeds) shared by the report tests.

The texts carry hostile markup and spreadsheet formulas on purpose: every output must show them inert.
"""

from __future__ import annotations

import pandas as pd

from reconcile.report import ReportInputs
from reconcile.schema import ClaimSchema, DocumentSchema, EstimateSchema, FindingSchema, RelationSchema, columns_of
from reconcile.validation import FAILURE_COLUMNS

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b> & "quoted" | pipe'

TEXTS = {
    "wire-a": (
        "RIVERTON, March 3 (Wire) - At least 40 people died when the Lenna river burst its banks, the regional "
        "emergency agency said on Monday. Officials said 12 people were still missing."
    ),
    "wire-b": (
        "The death toll from the Lenna floods has risen to 65, health minister Ana Folau told reporters on Tuesday, "
        "citing hospital records. " + HOSTILE
    ),
    "blog-c": "=HYPERLINK(\"http://evil.example\") Local volunteers counted about 90 dead in three villages.",
}


def frame(schema, rows: list[dict]) -> pd.DataFrame:
    """A schema-valid frame from partial rows: every declared column present, missing cells empty."""
    columns = columns_of(schema)
    full = [{column: row.get(column) for column in columns} for row in rows]
    return schema.validate(pd.DataFrame(full, columns=columns))


def span(doc_id: str, words: str) -> tuple[int, int]:
    start = TEXTS[doc_id].index(words)
    return start, start + len(words)


def sentence_of(doc_id: str, words: str) -> str:
    text = TEXTS[doc_id]
    start = text.index(words)
    begin = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) != -1 else 0
    end = text.find(". ", start)
    return text[begin : (end + 1 if end != -1 else len(text))]


def claim(claim_id, doc_id, words, **values) -> dict:
    start, end = span(doc_id, words)
    base = {"claim_id": claim_id, "doc_id": doc_id, "kind": "count", "subject": "flood_deaths", "status": "killed",
            "text": sentence_of(doc_id, words), "start": start, "end": end}
    return base | values


def documents_frame() -> pd.DataFrame:
    return frame(DocumentSchema, [
        {"doc_id": "wire-a", "path": "a.txt", "outlet": "Wire Service", "outlet_source": "manifest",
         "published": "2025-03-03", "published_source": "manifest", "byline_source": "unknown", "text": TEXTS["wire-a"],
         "status": "ok", "url": "https://news.example/a"},
        {"doc_id": "wire-b", "path": "b.txt", "outlet": "Daily Ledger", "outlet_source": "inferred",
         "published": "2025-03-04", "published_source": "inferred", "byline": HOSTILE, "byline_source": "manifest",
         "text": TEXTS["wire-b"], "status": "ok"},
        {"doc_id": "blog-c", "path": "c.txt", "outlet_source": "unknown", "published_source": "unknown",
         "byline_source": "unknown", "text": TEXTS["blog-c"], "status": "ok", "warnings": "decoded from cp1252"},
        {"doc_id": "empty-d", "path": "d.pdf", "outlet_source": "unknown", "published_source": "unknown",
         "byline_source": "unknown", "status": "skipped", "reason": "not a text file (.pdf)"},
    ])


def claims_frame() -> pd.DataFrame:
    return frame(ClaimSchema, [
        claim("c1", "wire-a", "At least 40 people", outlet="Wire Service", published="2025-03-03",
              value_low=40.0, qualifier="at_least", source_org="Regional Emergency Agency",
              source_country="Valdoria", stated_on="2025-03-03"),
        claim("c2", "wire-a", "12 people", outlet="Wire Service", published="2025-03-03", status="other",
              subject="people_missing", value_low=12.0, value_high=12.0, qualifier="exact"),
        claim("c3", "wire-b", "risen to 65", outlet="Daily Ledger", published="2025-03-04", value_low=65.0,
              value_high=65.0, qualifier="exact", speaker="Ana Folau", source_org=HOSTILE, source_country="Valdoria",
              via="hospital records", stated_on="2025-03-04"),
        claim("c4", "blog-c", "about 90 dead", published=None, value_low=80.0, value_high=100.0, qualifier="approx",
              speaker="=cmd|' /C calc'!A0", source_country="International", stated_on="2025-03-05"),
    ])


def relations_frame() -> pd.DataFrame:
    return frame(RelationSchema, [
        {"claim_id_l": "c1", "claim_id_r": "c3", "claim_key": "flood_deaths|killed", "relation": "compatible",
         "rule_id": "R-open-bound", "label": "open bound covers figure", "reason": "65 is at least 40"},
        {"claim_id_l": "c3", "claim_id_r": "c4", "claim_key": "flood_deaths|killed", "relation": "conflict",
         "rule_id": "R-disjoint", "label": "disjoint intervals", "reason": "+65 vs 80-100"},
    ])


def finding(finding_id, rank, relation, left, right, **values) -> dict:
    row = {"finding_id": finding_id, "rank": rank, "relation": relation, "rule_id": f"R-{relation}",
           "label": relation.replace("_", " "), "kind": "count", "subject": "flood_deaths", "status": "killed",
           "severity": 1.0 / rank, "summary": f"{relation} between {left['claim_id']} and {right['claim_id']}"}
    for side, one in (("l", left), ("r", right)):
        row |= {f"claim_ids_{side}": one["claim_id"], f"doc_id_{side}": one["doc_id"],
                f"evidence_{side}": one["text"], f"start_{side}": one["start"], f"end_{side}": one["end"],
                f"n_independent_{side}": 1}
    return row | values


def findings_frame() -> pd.DataFrame:
    claims = {row["claim_id"]: row for row in claims_frame().to_dict("records")}
    return frame(FindingSchema, [
        # Ranked second overall but the only conflict: its section numbers it #1.
        finding("f1", 2, "conflict", claims["c3"], claims["c4"], value_l="65", value_r="about 90",
                sources_l=f"Ana Folau ({HOSTILE})", sources_r="unattributed (unknown outlet (blog-c))",
                via_l="hospital records", outlets_l="Daily Ledger", outlets_r="unknown outlet (blog-c)"),
        finding("f2", 1, "compatible", claims["c1"], claims["c3"], value_l="at least 40", value_r="65",
                sources_l="Regional Emergency Agency", sources_r="Ana Folau", outlets_l="Wire Service",
                outlets_r="Daily Ledger"),
        finding("f3", 3, "revision", claims["c1"], claims["c4"], value_l="at least 40", value_r="about 80–100",
                sources_l="Regional Emergency Agency", sources_r="Regional Emergency Agency",
                outlets_l="Wire Service", outlets_r="unknown outlet (blog-c)"),
    ])


def estimates_frame() -> pd.DataFrame:
    return frame(EstimateSchema, [
        {"subject": "flood_deaths", "status": "killed", "as_of": "2025-03-05", "low": 40.0, "best": 65.0,
         "high": 100.0, "n_sources": 3, "sources": "Ana Folau; Regional Emergency Agency; unattributed",
         "claim_ids": "c1; c3; c4", "rule": "E-median"},
    ])


def rejected_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"row": 4, "id": "c9", "column": "qualifier", "check": "isin(...)", "failure_case": HOSTILE},
        {"row": 4, "id": "c9", "column": None, "check": "start must be before end", "failure_case": None},
    ], columns=FAILURE_COLUMNS)


def inputs(**overrides) -> ReportInputs:
    tables = {"documents": documents_frame(), "claims": claims_frame(), "relations": relations_frame(),
              "findings": findings_frame(), "estimates": estimates_frame(), "rejected_claims": rejected_frame(),
              "title": f"Lenna floods {HOSTILE}", "generated_from": "corpus/lenna"}
    return ReportInputs(**(tables | overrides))


def empty_inputs() -> ReportInputs:
    empty = {name: pd.DataFrame(columns=columns_of(schema)) for name, schema in (
        ("claims", ClaimSchema), ("relations", RelationSchema), ("findings", FindingSchema),
        ("estimates", EstimateSchema))}
    return inputs(**empty, rejected_claims=pd.DataFrame(columns=FAILURE_COLUMNS))


