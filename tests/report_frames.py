"""Report inputs built the way a run builds them: hand-written claims (wire copy about a flood and a harbour
evacuation in an invented country, not the seeds) reconciled by `reconcile_claims`, so the report tests follow the
reconciler's real contract (positions, timelines, camps, revision chains, findings with list cells).

The texts carry hostile markup and spreadsheet formulas on purpose: every output must show them inert.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from reconcile.pipeline import Reconciliation, reconcile_claims
from reconcile.report import ReportInputs
from reconcile.schema import ClaimSchema, DocumentSchema, columns_of
from reconcile.validation import FAILURE_COLUMNS

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b> & "quoted" | pipe'
FORMULA = "=cmd|' /C calc'!A0"
FLOOD, HARBOUR = "lenna-floods", "harbour-evacuation"

TEXTS = {
    "wire-a": (
        "RIVERTON, March 3 (Wire) - 40 people died when the Lenna river burst its banks, the regional emergency "
        "agency said on Monday. Officials said 12 people were still missing."
    ),
    "ledger-b": (
        "The death toll from the Lenna floods has risen to 65, health minister Ana Folau told reporters on "
        "Wednesday, citing hospital records. " + HOSTILE
    ),
    "herald-c": (
        "Relief volunteers counted about 200 dead in the villages along the river, the Lenna Relief Network said on "
        "Wednesday. The health ministry put the toll at 65."
    ),
    "wire-d": (
        "An opposition party said 210 people had died by Wednesday. In Riverton alone, 90 people were killed, the "
        "city's mayor said."
    ),
    "blog-e": "=HYPERLINK(\"http://evil.example\") Our own count: 14 people are still missing in the hills.",
    "port-f": (
        "A harbour charity said 300 people were evacuated on Thursday. \"We moved everyone we could before the water "
        "rose,\" port chief Rui Tane said."
    ),
    "port-g": (
        "About 3,000 people were evacuated from the harbour district, port officials said on Thursday. \"We moved "
        "everyone we could before the river rose,\" port chief Rui Tane said."
    ),
}
OUTLETS = {"wire-a": "Wire Service", "ledger-b": "Daily Ledger", "herald-c": "Coast Herald", "wire-d": "Wire Service",
           "blog-e": None, "port-f": "Harbour Times", "port-g": "Wire Service"}
PUBLISHED = {"wire-a": "2025-03-03", "ledger-b": "2025-03-05", "herald-c": "2025-03-05", "wire-d": "2025-03-05",
             "blog-e": "2025-03-05", "port-f": "2025-03-06", "port-g": "2025-03-06"}
STORIES = {doc_id: HARBOUR if doc_id.startswith("port") else FLOOD for doc_id in TEXTS}
VALDORIA = {"source_country": "Valdoria", "source_kind": "government"}


def frame(schema, rows: list[dict]) -> pd.DataFrame:
    """A schema-valid frame from partial rows: every declared column present, missing cells empty."""
    columns = columns_of(schema)
    full = [{column: row.get(column) for column in columns} for row in rows]
    return schema.validate(pd.DataFrame(full, columns=columns))


def claim(claim_id: str, doc_id: str, words: str, **values) -> dict:
    """A claim of `words` in a document, with its span, sentence, outlet, date and story filled in."""
    text = TEXTS[doc_id]
    start = text.index(words)
    begin = text.rfind(". ", 0, start)
    begin = 0 if begin == -1 else begin + 2
    end = text.find(". ", start)
    base = {"claim_id": claim_id, "doc_id": doc_id, "outlet": OUTLETS[doc_id], "published": PUBLISHED[doc_id],
            "story": STORIES[doc_id], "kind": "count", "subject": "flood_deaths", "status": "killed",
            "qualifier": "exact", "attribution": "same_sentence", "stated_on": PUBLISHED[doc_id],
            "text": text[begin: len(text) if end == -1 else end + 1], "start": start, "end": start + len(words)}
    return base | values


def figure(value: float) -> dict:
    return {"value_low": value, "value_high": value}


def claims_frame() -> pd.DataFrame:
    return frame(ClaimSchema, [
        # One government (agency, ministry) revises its toll: 40, then 65, carried by two outlets.
        claim("c01", "wire-a", "40 people", **figure(40.0), source_org="Regional Emergency Agency", **VALDORIA),
        claim("c02", "wire-a", "12 people", **figure(12.0), subject="people_missing", status="other",
              source_org="Regional Emergency Agency", **VALDORIA),
        claim("c03", "ledger-b", "risen to 65", **figure(65.0), speaker="Ana Folau", source_org="Health Ministry",
              via="hospital records", **VALDORIA),
        claim("c04", "herald-c", "at 65", **figure(65.0), source_org="Health Ministry", **VALDORIA),
        # Two independent sources agree on about 200 against the government's 65: one camp.
        claim("c05", "herald-c", "about 200 dead", **figure(200.0), qualifier="approx",
              source_org="Lenna Relief Network", source_kind="ngo"),
        claim("c06", "wire-d", "210 people", **figure(210.0), source_org=HOSTILE, source_kind="party"),
        # A city's toll above the national one: a part larger than its whole.
        claim("c07", "wire-d", "90 people", **figure(90.0), scope="Riverton", speaker="the city's mayor",
              source_org="Riverton city council", **VALDORIA),
        # An outlet's own figure, no source named; its speaker cell is a spreadsheet formula.
        claim("c08", "blog-e", "14 people", **figure(14.0), subject="people_missing", status="other",
              attribution="none", speaker=None, cue=FORMULA),
        # The harbour story: a charity's 300 against the port's 3,000, and one quote worded two ways.
        claim("c09", "port-f", "300 people", **figure(300.0), subject="people_evacuated", status="other",
              source_org="Harbour Aid", source_kind="ngo"),
        claim("c10", "port-g", "About 3,000 people", **figure(3000.0), subject="people_evacuated", status="other",
              qualifier="approx", source_org="Port authority", **VALDORIA),
        claim("q01", "port-f", "We moved everyone we could before the water rose", kind="quote", status=None,
              qualifier=None, subject="statement:rui_tane", speaker="Rui Tane", source_org="Port authority",
              quote_text="We moved everyone we could before the water rose", **VALDORIA),
        claim("q02", "port-g", "We moved everyone we could before the river rose", kind="quote", status=None,
              qualifier=None, subject="statement:rui_tane", speaker="Rui Tane", source_org="Port authority",
              quote_text="We moved everyone we could before the river rose", **VALDORIA),
    ])


def documents_frame() -> pd.DataFrame:
    rows = []
    for doc_id, text in TEXTS.items():
        outlet = OUTLETS[doc_id]
        rows.append({"doc_id": doc_id, "path": f"{doc_id}.txt", "outlet": outlet,
                     "outlet_source": "manifest" if outlet else "unknown", "published": PUBLISHED[doc_id],
                     "published_source": "inferred" if doc_id == "ledger-b" else "manifest",
                     "byline": HOSTILE if doc_id == "ledger-b" else None,
                     "byline_source": "manifest" if doc_id == "ledger-b" else "unknown", "story": STORIES[doc_id],
                     "story_source": "manifest", "text": text, "status": "ok",
                     "url": "https://news.example/a" if doc_id == "wire-a" else None,
                     "warnings": "decoded from cp1252" if doc_id == "blog-e" else None})
    rows.append({"doc_id": "scan-z", "path": "scan-z.pdf", "outlet_source": "unknown", "published_source": "unknown",
                 "byline_source": "unknown", "status": "skipped", "reason": "not a text file (.pdf)"})
    return frame(DocumentSchema, rows)


@cache
def _reconciled() -> Reconciliation:
    return reconcile_claims(claims_frame())


def reconciliation() -> Reconciliation:
    """The reconciler's tables for these claims (fresh copies: a test may change its own)."""
    result = _reconciled()
    return Reconciliation(*(table.copy() for table in (result.positions, result.timelines, result.relations,
                                                       result.findings, result.estimates)))


def rejected_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"row": 4, "id": "c99", "column": "qualifier", "check": "isin(...)", "failure_case": HOSTILE},
        {"row": 4, "id": "c99", "column": None, "check": "start must be before end", "failure_case": None},
    ], columns=FAILURE_COLUMNS)


def inputs(**overrides) -> ReportInputs:
    result = reconciliation()
    tables = {"documents": documents_frame(), "claims": claims_frame(), "relations": result.relations,
              "findings": result.findings, "estimates": result.estimates, "timelines": result.timelines,
              "rejected_claims": rejected_frame(), "title": f"Lenna floods {HOSTILE}",
              "generated_from": "corpus/lenna"}
    return ReportInputs(**(tables | overrides))


def findings_of(relation: str, story: str | None = None) -> pd.DataFrame:
    """The reconciler's findings of one relation (and story), in rank order."""
    findings = reconciliation().findings
    chosen = findings[(findings["relation"] == relation) & ((findings["story"] == story) if story else True)]
    return chosen.sort_values("rank").reset_index(drop=True)


def empty_inputs() -> ReportInputs:
    empty = reconcile_claims(claims_frame().iloc[0:0])
    return inputs(claims=claims_frame().iloc[0:0], relations=empty.relations, findings=empty.findings,
                  estimates=empty.estimates, timelines=empty.timelines,
                  rejected_claims=pd.DataFrame(columns=FAILURE_COLUMNS))
