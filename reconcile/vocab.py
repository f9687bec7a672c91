"""Closed vocabularies shared by every stage: each is defined once and feeds type hints and schema checks."""

from __future__ import annotations

from typing import Literal, get_args

# What a claim is about.
Kind = Literal["count", "date", "route", "place", "quote"]
KINDS: tuple[str, ...] = get_args(Kind)

# For counts of people: what happened to them, from the verb, tense and modality.
Status = Literal["sent", "present", "deployed", "planned", "killed", "wounded", "casualties", "other"]
STATUSES: tuple[str, ...] = get_args(Status)

# How the wording bounds the figure ("at least" is closed, "more than" is open).
Qualifier = Literal["exact", "approx", "at_least", "more_than", "up_to", "less_than", "range", "vague"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)

# How two claims relate, from the design card's relations vocabulary.
Relation = Literal[
    "agree",
    "compatible",
    "revision",
    "scope_difference",
    "conflict",
    "attribution_discrepancy",
    "quote_variant",
    "unrelated",
]
RELATIONS: tuple[str, ...] = get_args(Relation)

# Whether an input document made it into the corpus.
DocStatus = Literal["ok", "skipped"]
DOC_STATUSES: tuple[str, ...] = get_args(DocStatus)

# Where a metadata value came from.
Provenance = Literal["manifest", "inferred", "unknown"]
PROVENANCES: tuple[str, ...] = get_args(Provenance)

# Precision of a date interval (GED-style: finer first).
DatePrecision = Literal["day", "week", "part_of_month", "month", "year", "unknown"]
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)

# Which way a temporal bound points: "by December" bounds from above, "since August" from below.
DateDirection = Literal["within", "before", "after"]
DATE_DIRECTIONS: tuple[str, ...] = get_args(DateDirection)

# What kind of body stands behind a figure. Official kinds (government, police, military) of one country speak as
# one voice unless the registry says otherwise; unnamed sources ("police sources", "diplomats") are `anonymous` and
# independent of the official statement; an outlet's own tally is `media`.
SourceKind = Literal[
    "government",
    "police",
    "military",
    "organisers",
    "party",
    "ngo",
    "international",
    "media",
    "company",
    "witness",
    "anonymous",
    "other",
]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
OFFICIAL_KINDS: tuple[str, ...] = ("government", "police", "military")

# How a claim got its source: said in its own sentence, carried from an earlier one, or not attributed at all.
Attribution = Literal["same_sentence", "carried", "none"]
ATTRIBUTIONS: tuple[str, ...] = get_args(Attribution)

# What a position's as-of date stands on: the dated event the figure is about, the end of a past period it is about
# ("last year", "in July 2025", said later), the day the source said it, the day the article was published, a date
# inferred from other articles repeating the figure, or nothing.
# How a position's as-of date was found, firmest first; the first four come from the article itself.
AsOfBasis = Literal["event", "past", "statement", "published", "inferred", "unknown"]
AS_OF_BASES: tuple[str, ...] = get_args(AsOfBasis)
STATED_AS_OF_BASES: tuple[str, ...] = AS_OF_BASES[:4]

# The scope part of a partitive count ("Nineteen of them died at home", "eight of the deaths"): one part of a group
# counted as a whole; two such parts are seldom the same part.
PARTITIVE_SCOPE = "part of a larger count"

# The record of a count of bodies a service collected ("the ambulance service collected 530 bodies"): the dead of
# every cause, a measure of its own beside a toll of one cause.
COLLECTED_BODIES = "bodies collected"
