"""Contracts at every stage boundary: documents -> claims -> pairs -> relations -> findings + estimates.

Schemas grow by inheritance where one stage's output extends another's. Every closed vocabulary comes from
`reconcile.vocab`, so hints and checks never drift apart. Dates are ISO strings (YYYY-MM-DD) so that tables
round-trip through CSV byte for byte.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from reconcile.vocab import (
    DATE_DIRECTIONS,
    DATE_PRECISIONS,
    DOC_STATUSES,
    KINDS,
    PROVENANCES,
    QUALIFIERS,
    RELATIONS,
    STATUSES,
)

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class DocumentSchema(pa.DataFrameModel):
    """One row per input file, processed or skipped, with where each metadata value came from."""

    doc_id: Series[str] = pa.Field(unique=True)
    path: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    outlet_source: Series[str] = pa.Field(isin=PROVENANCES)
    published: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    published_source: Series[str] = pa.Field(isin=PROVENANCES)
    url: Series[str] = pa.Field(nullable=True)
    byline: Series[str] = pa.Field(nullable=True)
    byline_source: Series[str] = pa.Field(isin=PROVENANCES)
    # The text exactly as decoded from the file: every character offset downstream indexes this string.
    text: Series[str] = pa.Field(nullable=True)
    encoding: Series[str] = pa.Field(nullable=True)
    # JSON list of [start, end) spans of scraping debris ("Source link", comment-policy lines) to ignore.
    boilerplate_spans: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=DOC_STATUSES)
    reason: Series[str] = pa.Field(nullable=True)
    # Non-fatal notes ("decoded from cp1252", "not listed in manifest.csv"), joined by "; ".
    warnings: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = False
        coerce = True


class ClaimSchema(pa.DataFrameModel):
    """One row per claim with full provenance (see DESIGN.md's claims contract)."""

    claim_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    published: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    # The story (event) of the document the claim comes from, copied from the document row when it has one.
    story: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(nullable=True, isin=STATUSES)
    value_low: Series[float] = pa.Field(nullable=True, ge=0)
    value_high: Series[float] = pa.Field(nullable=True, ge=0)
    qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS)
    is_increment: Series[bool] = pa.Field(nullable=True)
    speaker: Series[str] = pa.Field(nullable=True)
    source_org: Series[str] = pa.Field(nullable=True)
    source_country: Series[str] = pa.Field(nullable=True)
    via: Series[str] = pa.Field(nullable=True)
    cue: Series[str] = pa.Field(nullable=True)
    stated_on: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    refers_from: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    refers_to: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    date_direction: Series[str] = pa.Field(nullable=True, isin=DATE_DIRECTIONS)
    event: Series[str] = pa.Field(nullable=True)
    place: Series[str] = pa.Field(nullable=True)
    place_country: Series[str] = pa.Field(nullable=True)
    place_region: Series[str] = pa.Field(nullable=True)
    origin: Series[str] = pa.Field(nullable=True)
    destination: Series[str] = pa.Field(nullable=True)
    mode: Series[str] = pa.Field(nullable=True)
    leg: Series[float] = pa.Field(nullable=True, ge=1)
    quote_text: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check(error="value_low must not exceed value_high")
    def low_not_above_high(cls, claims):  # noqa: N805 - pandera passes the class
        both = claims["value_low"].notna() & claims["value_high"].notna()
        return ~both | (claims["value_low"] <= claims["value_high"])

    @pa.dataframe_check(error="start must be before end")
    def span_is_ordered(cls, claims):  # noqa: N805
        return claims["start"] < claims["end"]

    @pa.dataframe_check(error="refers_from must not be after refers_to")
    def period_is_ordered(cls, claims):  # noqa: N805
        both = claims["refers_from"].notna() & claims["refers_to"].notna()
        return ~both | (claims["refers_from"].astype(str) <= claims["refers_to"].astype(str))

    class Config:
        strict = False
        coerce = True


class PairSchema(pa.DataFrameModel):
    """Candidate pairs inside one claim key and time window. Ordering rule: claim_id_l < claim_id_r."""

    claim_id_l: Series[str]
    claim_id_r: Series[str]
    claim_key: Series[str]

    @pa.dataframe_check(error="pairs are ordered so that claim_id_l < claim_id_r")
    def ordered(cls, pairs):  # noqa: N805
        return pairs["claim_id_l"] < pairs["claim_id_r"]

    class Config:
        strict = False
        coerce = True


class RelationSchema(PairSchema):
    """A classified pair: which rule of the ladder fired and why, in one readable sentence."""

    relation: Series[str] = pa.Field(isin=RELATIONS)
    rule_id: Series[str]
    label: Series[str]
    reason: Series[str]


class FindingSchema(pa.DataFrameModel):
    """A notable relation for the analyst, ranked by severity, naming the sources on both sides.

    Side `_l` / `_r` follow the pair ordering rule (claim_id_l < claim_id_r). List-valued cells are joined by
    "; " and sorted, so the table stays flat and deterministic.
    """

    finding_id: Series[str] = pa.Field(unique=True)
    rank: Series[int] = pa.Field(ge=1)
    relation: Series[str] = pa.Field(isin=RELATIONS)
    rule_id: Series[str]
    label: Series[str]
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(nullable=True)
    severity: Series[float] = pa.Field(ge=0)
    summary: Series[str]
    claim_ids_l: Series[str]
    claim_ids_r: Series[str]
    value_l: Series[str] = pa.Field(nullable=True)
    value_r: Series[str] = pa.Field(nullable=True)
    sources_l: Series[str] = pa.Field(nullable=True)
    sources_r: Series[str] = pa.Field(nullable=True)
    via_l: Series[str] = pa.Field(nullable=True)
    via_r: Series[str] = pa.Field(nullable=True)
    outlets_l: Series[str] = pa.Field(nullable=True)
    outlets_r: Series[str] = pa.Field(nullable=True)
    n_independent_l: Series[int] = pa.Field(ge=0)
    n_independent_r: Series[int] = pa.Field(ge=0)
    # Evidence of the representative claim on each side: document, sentence and the claim's span in the document.
    doc_id_l: Series[str]
    doc_id_r: Series[str]
    evidence_l: Series[str]
    evidence_r: Series[str]
    start_l: Series[int] = pa.Field(ge=0)
    end_l: Series[int] = pa.Field(ge=0)
    start_r: Series[int] = pa.Field(ge=0)
    end_r: Series[int] = pa.Field(ge=0)

    class Config:
        strict = False
        coerce = True


class EstimateSchema(pa.DataFrameModel):
    """Per subject, status and date: low / best / high across independent sources, and the rule used."""

    subject: Series[str]
    status: Series[str] = pa.Field(isin=STATUSES)
    as_of: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    low: Series[float] = pa.Field(nullable=True, ge=0)
    best: Series[float] = pa.Field(nullable=True, ge=0)
    high: Series[float] = pa.Field(nullable=True, ge=0)
    n_sources: Series[int] = pa.Field(ge=0)
    sources: Series[str]
    claim_ids: Series[str]
    rule: Series[str]

    class Config:
        strict = False
        coerce = True


def columns_of(schema: type[pa.DataFrameModel]) -> list[str]:
    """The declared columns of a schema, in order: `columns_of(ClaimSchema)[0] == "claim_id"`."""
    return list(schema.to_schema().columns)
