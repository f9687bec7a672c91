"""Contracts at every stage boundary: documents -> claims -> pairs -> relations -> findings + estimates.

Schemas grow by inheritance where one stage's output extends another's. Every closed vocabulary comes from
`reconcile.vocab`, so hints and checks never drift apart. Dates are ISO strings (YYYY-MM-DD) so that tables
round-trip through CSV byte for byte.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from reconcile.vocab import (
    AS_OF_BASES,
    ATTRIBUTIONS,
    DATE_DIRECTIONS,
    DATE_PRECISIONS,
    DOC_STATUSES,
    KINDS,
    PROVENANCES,
    QUALIFIERS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
)

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
CALENDAR_DATE_ERROR = "must be a calendar date from 0001-01-01 to 9999-12-31"
FINITE_ERROR = "must be a finite number (not inf)"


def is_calendar_date(value: object) -> bool:
    """True for an ISO date a calendar has: `is_calendar_date("2024-02-29")`, not "2023-02-30" nor "0000-01-01"."""
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _calendar_dates(values):
    # A table holds few distinct dates, so each is parsed once.
    verdicts = {value: is_calendar_date(value) for value in values.unique()}
    return values.map(verdicts)


def _finite(values):
    return np.isfinite(values.astype("float64"))


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
    # Which story (event) of the corpus the document is about: the manifest's story column, else grouped by content.
    story: Series[str] = pa.Field(nullable=True)
    story_source: Series[str] = pa.Field(nullable=True, isin=PROVENANCES)
    # The text exactly as decoded from the file: every character offset downstream indexes this string.
    text: Series[str] = pa.Field(nullable=True)
    encoding: Series[str] = pa.Field(nullable=True)
    # JSON list of [start, end) spans of scraping debris ("Source link", comment-policy lines) to ignore.
    boilerplate_spans: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=DOC_STATUSES)
    reason: Series[str] = pa.Field(nullable=True)
    # Non-fatal notes ("decoded from cp1252", "not listed in manifest.csv"), joined by "; ".
    warnings: Series[str] = pa.Field(nullable=True)

    @pa.check("published", error=CALENDAR_DATE_ERROR)
    def published_is_a_date(cls, values):  # noqa: N805 - pandera passes the class
        return _calendar_dates(values)

    class Config:
        strict = True
        coerce = True


class ClaimSchema(pa.DataFrameModel):
    """One row per claim with full provenance (see DESIGN.md's claims contract)."""

    claim_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    published: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    # Which story (event) of the corpus the claim belongs to: claims of different stories are never compared.
    story: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(nullable=True, isin=STATUSES)
    # The place or group a count covers ("Lima", "Chilean travellers"); empty for the story's whole population.
    scope: Series[str] = pa.Field(nullable=True)
    # The record a count is made of when records stand for the counted ("68 burial permits" counts deaths):
    # counts of different records measure different steps. Optional in an edited claims table.
    record: Optional[Series[str]] = pa.Field(nullable=True)
    value_low: Series[float] = pa.Field(nullable=True, ge=0)
    value_high: Series[float] = pa.Field(nullable=True, ge=0)
    qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS)
    is_increment: Series[bool] = pa.Field(nullable=True)
    speaker: Series[str] = pa.Field(nullable=True)
    source_org: Series[str] = pa.Field(nullable=True)
    source_country: Series[str] = pa.Field(nullable=True)
    # government, police, organisers, media...: independence and the report's wording depend on it.
    source_kind: Series[str] = pa.Field(nullable=True, isin=SOURCE_KINDS)
    # same_sentence, carried (from an earlier sentence of the article) or none.
    attribution: Series[str] = pa.Field(nullable=True, isin=ATTRIBUTIONS)
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

    @pa.check("published", "stated_on", "refers_from", "refers_to", error=CALENDAR_DATE_ERROR)
    def dates_are_calendar_dates(cls, values):  # noqa: N805
        return _calendar_dates(values)

    @pa.check("value_low", "value_high", "leg", error=FINITE_ERROR)
    def numbers_are_finite(cls, values):  # noqa: N805
        return _finite(values)

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
        # The claims contract names the minimum columns and welcomes more (an analyst's notes column, a
        # newsroom's own tags): they pass through validation and are left out of the written tables.
        strict = False
        coerce = True


class PositionSchema(pa.DataFrameModel):
    """What one source said about one subject and scope at one as-of date: claims collapsed into positions.

    Claims stating the same figure from the same original source about the same thing at the same time are one
    position, whatever outlet carried them (its witnesses). `claim_ids` and `outlets` are sorted lists.
    """

    position_id: Series[str] = pa.Field(unique=True)
    story: Series[str]
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str]
    status: Series[str] = pa.Field(nullable=True, isin=STATUSES)
    # The place or group the figure covers ("Lima", "Chilean travellers"); empty for the story's whole population.
    scope: Series[str] = pa.Field(nullable=True)
    # The record every claim of the position counts ("burial permits"), else empty.
    record: Series[str] = pa.Field(nullable=True)
    source: Series[str]
    source_kind: Series[str] = pa.Field(nullable=True, isin=SOURCE_KINDS)
    # Positions of one independence group speak as one voice (one government's offices); other groups are
    # independent of it.
    source_group: Series[str]
    # False when no source is named: the figure is the outlet's own, in its own voice.
    attributed: Series[bool]
    as_of: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    as_of_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS)
    as_of_basis: Series[str] = pa.Field(isin=AS_OF_BASES)
    value_low: Series[float] = pa.Field(nullable=True, ge=0)
    value_high: Series[float] = pa.Field(nullable=True, ge=0)
    qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS)
    is_increment: Series[bool]
    # The person who gave the figure, when one did (the source is the body they speak for).
    speaker: Series[str] = pa.Field(nullable=True)
    # The period a figure covers when it is not the as-of day ("for the two busiest days"), and for dates the
    # date itself, with its precision and direction.
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
    # For dates and places of a statement: what was said in the same sentence (a quote or a figure), so that two
    # mentions are compared only when they report the same statement.
    statement: Series[str] = pa.Field(nullable=True)
    # What the position says, in words ("about 3,000 sent", "Oct 23, 2024", a quote): from describe.py.
    value: Series[str]
    n_claims: Series[int] = pa.Field(ge=1)
    n_outlets: Series[int] = pa.Field(ge=1)
    outlets: Series[object]
    doc_ids: Series[object]
    claim_ids: Series[object]

    class Config:
        strict = True
        coerce = True


class TimelineSchema(PositionSchema):
    """Positions in each source's timeline: per story, kind, subject, measure, scope and independence group."""

    timeline_id: Series[str]
    # 1-based as-of order inside the timeline; the previous step is the figure this one follows.
    step: Series[int] = pa.Field(ge=1)
    previous_position_id: Series[str] = pa.Field(nullable=True)
    # The source's latest figure in this timeline: later figures of other sources are set against this one.
    is_latest: Series[bool]


class PairSchema(pa.DataFrameModel):
    """Candidate pairs of positions inside one block and snapshot window. Ordering rule: position_id_l < _r."""

    position_id_l: Series[str]
    position_id_r: Series[str]
    story: Series[str]
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str]

    @pa.dataframe_check(error="pairs are ordered so that position_id_l < position_id_r")
    def ordered(cls, pairs):  # noqa: N805
        return pairs["position_id_l"] < pairs["position_id_r"]

    class Config:
        strict = True
        coerce = True


class RelationSchema(PairSchema):
    """A classified pair: which rule of the ladder fired, with its label. The sentence naming both sides (`reason`)
    is worded when relations.csv is written (`reconcile.compare.relation_reasons`), not held for every pair."""

    relation: Series[str] = pa.Field(isin=RELATIONS)
    rule_id: Series[str]
    label: Series[str]


class FindingSchema(pa.DataFrameModel):
    """What the analyst reads: conflicts, revision chains, scope differences, attribution discrepancies and quote
    variants, ranked by severity, naming the sources and outlets on both sides and the evidence.

    Side `_l` / `_r` follow the pair ordering rule (position_id_l < position_id_r); for a revision chain `_l` is the
    first figure and `_r` the latest, with every figure in `steps`. List-valued cells are sorted Python lists
    (JSON arrays in findings.json; "; "-joined only in CSV).
    """

    finding_id: Series[str] = pa.Field(unique=True)
    rank: Series[int] = pa.Field(ge=1)
    story: Series[str]
    relation: Series[str] = pa.Field(isin=RELATIONS)
    rule_id: Series[str]
    label: Series[str]
    kind: Series[str] = pa.Field(isin=KINDS)
    subject: Series[str]
    status: Series[str] = pa.Field(nullable=True)
    scope: Series[str] = pa.Field(nullable=True)
    severity: Series[float] = pa.Field(ge=0)
    summary: Series[str]
    steps: Series[object]
    position_ids_l: Series[object]
    position_ids_r: Series[object]
    claim_ids_l: Series[object]
    claim_ids_r: Series[object]
    value_l: Series[str]
    value_r: Series[str]
    as_of_l: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    as_of_r: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    sources_l: Series[object]
    sources_r: Series[object]
    via_l: Series[object]
    via_r: Series[object]
    outlets_l: Series[object]
    outlets_r: Series[object]
    n_independent_l: Series[int] = pa.Field(ge=0)
    n_independent_r: Series[int] = pa.Field(ge=0)
    n_outlets_l: Series[int] = pa.Field(ge=0)
    n_outlets_r: Series[int] = pa.Field(ge=0)
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
        strict = True
        coerce = True


class EstimateSchema(pa.DataFrameModel):
    """Per story, subject, status, scope and as-of date: low / best / high across independent current positions."""

    story: Series[str]
    subject: Series[str]
    status: Series[str] = pa.Field(isin=STATUSES)
    scope: Series[str] = pa.Field(nullable=True)
    as_of: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    low: Series[float] = pa.Field(nullable=True, ge=0)
    best: Series[float] = pa.Field(nullable=True, ge=0)
    high: Series[float] = pa.Field(nullable=True, ge=0)
    n_sources: Series[int] = pa.Field(ge=0)
    sources: Series[object]
    position_ids: Series[object]
    rule_id: Series[str]

    class Config:
        strict = True
        coerce = True


def columns_of(schema: type[pa.DataFrameModel]) -> list[str]:
    """The declared columns of a schema, in order: `columns_of(ClaimSchema)[0] == "claim_id"`."""
    return list(schema.to_schema().columns)


def required_columns_of(schema: type[pa.DataFrameModel]) -> list[str]:
    """The declared columns a table must have (the optional ones, added after the contract, may be absent)."""
    return [name for name, column in schema.to_schema().columns.items() if column.required]


def conformed(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """A copy with every one of `columns` present (missing ones empty), in that order, extra columns after.

    Analyst-edited tables may drop empty optional columns; every stage reads them as if they were there.

    >>> conformed(pd.DataFrame({"b": [1]}), ["a", "b"]).columns.tolist()
    ['a', 'b']
    """
    columns = list(dict.fromkeys(columns))  # a column named twice is one column
    frame = pd.DataFrame(columns=columns) if frame is None else frame
    present = frame.copy()
    for column in (c for c in columns if c not in frame.columns):
        present[column] = pd.Series([None] * len(present), index=present.index, dtype="object")
    extra = [column for column in frame.columns if column not in columns]
    return present[list(columns) + extra].reset_index(drop=True)


def complete_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """A claims copy with every ClaimSchema column present: `complete_claims(claims)["via"]`."""
    return conformed(claims, columns_of(ClaimSchema))


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """An empty frame with these columns: `empty_frame(["a"]).columns.tolist() == ["a"]`."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
