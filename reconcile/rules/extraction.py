"""Lexicons of the extract stage and its kernels: one schema per data file they read."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Optional, get_args

import pandera.pandas as pa
from pandera.typing import Series

from reconcile.rules.files import load_lexicon, user_lexicon_dirs
from reconcile.vocab import QUALIFIERS, SOURCE_KINDS, STATUSES

# ==== Extraction lexicons (reconcile/extract, reconcile/kernels) ====================================================
# One schema per data file the extract stage and its kernels read. Value sets that only a lexicon column uses live
# beside its schema; closed vocabularies of claims stay in `reconcile.vocab`.

# What a number is: only counts are claims; the others let the extractor skip "in 2023" or "a 25-year-old".
Role = Literal["count", "year", "percent", "money", "ordinal", "duration", "age", "date", "measure", "label"]
ROLES: tuple[str, ...] = get_args(Role)
NUMBER_KINDS = ("unit", "tens", "scale", "suffix", "multiplier", "fraction", "article", "ordinal")
QUALIFIER_EFFECTS = (*QUALIFIERS, "increment")
ROLE_CUES = (*ROLES, "not_a_quantity")
CUE_POSITIONS = ("after", "before", "glued_after", "glued_before")
PHRASE_POSITIONS = ("before", "after")
DATE_WORD_KINDS = (
    "month", "weekday", "ambiguous", "part", "offset", "anchor", "unit", "plural_default", "count", "forward",
    "backward", "direction", "season", "side", "preposition", "daypart",
)  # fmt: skip
REGISTRY_KINDS = ("person", "org", "outlet", "group", "role")
PLACE_KINDS = ("region", "alias", "timezone")
ROUTE_CUE_TYPES = ("movement_verb", "mode_noun", "mode_verb", "origin_prep", "destination_prep", "next_leg")
ROUTE_MODES = ("ship", "train", "air", "road", "foot")
CHUNK_WORD_EFFECTS = ("select", "ignore")
EVENT_CUE_KINDS = ("word", "prefix", "place_preposition")
NAME_WORD_KINDS = ("honorific", "leading_word", "not_name_start", "document", "heading_verb", "agency_word",
                   "agency_reference")


class NumberWordSchema(pa.DataFrameModel):
    """One row of number_words.csv: a word, its value and how it combines."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float] = pa.Field(ge=0)
    kind: Series[str] = pa.Field(isin=NUMBER_KINDS)
    note: Series[str]

    class Config:
        strict = True
        coerce = True


class QualifierSchema(pa.DataFrameModel):
    """One row of qualifiers.csv: a phrase, the bound it implies, and where it sits."""

    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(isin=QUALIFIER_EFFECTS)
    position: Series[str] = pa.Field(isin=PHRASE_POSITIONS)
    note: Series[str]

    class Config:
        strict = True


class VagueQuantitySchema(pa.DataFrameModel):
    """One row of vague_quantities.csv: a vague phrase and its documented interval (empty = unbounded)."""

    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    low: Series[str] = pa.Field(str_matches=r"^(\d+(\.\d+)?)?$")
    high: Series[str] = pa.Field(str_matches=r"^(\d+(\.\d+)?)?$")
    note: Series[str]

    class Config:
        strict = True


class RoleCueSchema(pa.DataFrameModel):
    """One row of quantity_roles.csv: a cue next to a number and the role it gives the number."""

    cue: Series[str] = pa.Field(str_length={"min_value": 1})
    role: Series[str] = pa.Field(isin=ROLE_CUES)
    position: Series[str] = pa.Field(isin=CUE_POSITIONS)
    note: Series[str]

    class Config:
        strict = True


class DateWordSchema(pa.DataFrameModel):
    """One row of date_words.csv: a word, what kind of date word it is, and its value."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=DATE_WORD_KINDS)
    value: Series[str]
    note: Series[str]

    class Config:
        strict = True


class PlaceRowSchema(pa.DataFrameModel):
    """One row of places.csv: a name as written, what it resolves to, and its parent region."""

    name: Series[str] = pa.Field(str_length={"min_value": 1})
    canonical: Series[str]
    kind: Series[str] = pa.Field(isin=PLACE_KINDS)
    country: Series[str]
    region: Series[str]

    class Config:
        strict = True


class SourceRegistrySchema(pa.DataFrameModel):
    """sources.csv: alias -> canonical name, kind, organisation, country, title."""

    alias: Series[str] = pa.Field(str_length={"min_value": 1})
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=REGISTRY_KINDS)
    organisation: Series[str]
    country: Series[str]
    title: Series[str]
    # The kind of body the row speaks for (vocab.SOURCE_KINDS); empty for groups and roles, read from their words.
    # Optional in a user's file written before the column existed.
    source_kind: Optional[Series[str]] = pa.Field(isin=("",) + SOURCE_KINDS)


class CountrySchema(pa.DataFrameModel):
    """countries.csv: a word for a country -> the country's common English name (a `region` row names a part of the
    world whose name holds a country's word, "Latin America", and stands for no country)."""

    alias: Series[str] = pa.Field(str_length={"min_value": 1})
    country: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=("name", "demonym", "capital", "body", "region"))


class ActorSchema(pa.DataFrameModel):
    """actors.csv: a modifier of a counted noun -> actor key (snake case) and its country."""

    modifier: Series[str] = pa.Field(str_length={"min_value": 1})
    actor: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    country: Series[str]


class SubjectSchema(pa.DataFrameModel):
    """subjects.csv: a head noun -> subject class, whether it counts people, the status it implies, and whether a
    nationality names the group (troops of a country) or narrows the population to a part (pilgrims of a country)."""

    noun: Series[str] = pa.Field(str_length={"min_value": 1})
    subject: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    people: Series[str] = pa.Field(isin=("true", "false"))
    status: Series[str] = pa.Field(isin=("",) + STATUSES)
    nationality: Series[str] = pa.Field(isin=("actor", "scope"))
    # A record that stands for the counted ("burial permits"); optional in a user's file (absent: not a record).
    record: Optional[Series[str]] = pa.Field(isin=("true", "false", ""))


class StatusRuleSchema(pa.DataFrameModel):
    """statuses.csv: the ordered status ladder, planning words and combat words."""

    rule_id: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]
    kind: Series[str] = pa.Field(isin=("status", "planning", "combat", "raising", "forecast", "change",
                                                       "collect"))
    lemma: Series[str] = pa.Field(str_length={"min_value": 1})
    modality: Series[str] = pa.Field(isin=("", "any", "actual", "planned"))
    status: Series[str] = pa.Field(isin=("",) + STATUSES)
    # what happened to the people a rung of status other counts ("in hospital", "escaped"); optional in a user's
    # file written before the column existed
    fate: Optional[Series[str]]


class SpeechCueSchema(pa.DataFrameModel):
    """speech_cues.csv: verbs, prepositions and relay verbs that attribute a claim."""

    cue_id: Series[str] = pa.Field(unique=True)
    kind: Series[str] = pa.Field(isin=("verb", "prep", "relay", "figure_verb"))
    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    label_object: Series[str] = pa.Field(isin=("true", "false"))


class HedgeSchema(pa.DataFrameModel):
    """hedges.csv: words that make a figure a non-claim (ignorance, questions, hypotheticals)."""

    kind: Series[str] = pa.Field(isin=("ignorance_verb", "ignorance_adjective", "open_marker"))
    word: Series[str] = pa.Field(str_length={"min_value": 1})


class EventWordSchema(pa.DataFrameModel):
    """One row of event_words.csv: a governing lemma, the event class it names, and what follows the colon."""

    lemma: Series[str] = pa.Field(str_length={"min_value": 1})
    event: Series[str] = pa.Field(str_matches=r"^[a-z_]+$")
    target: Series[str] = pa.Field(isin=("subject", "place", "speaker"))
    label: Series[str]

    class Config:
        strict = True


class RouteCueSchema(pa.DataFrameModel):
    """One row of route_cues.csv: a lemma, what role it plays in a route, the mode it implies."""

    cue: Series[str] = pa.Field(str_length={"min_value": 1})
    cue_type: Series[str] = pa.Field(isin=ROUTE_CUE_TYPES)
    mode: Series[str] = pa.Field(isin=("", *ROUTE_MODES))
    label: Series[str]

    class Config:
        strict = True


class ScopeWordSchema(pa.DataFrameModel):
    """One row of scope_words.csv: a word that narrows a count to a part of the story (a subgroup, an interim
    count, a facility)."""

    word: Series[str] = pa.Field(str_matches=r"^[a-z][a-z-]*$")
    kind: Series[str] = pa.Field(isin=("subgroup", "interim", "group", "facility", "period", "division",
                                         "not_a_region", "apart", "incident", "landform",
                                         "withdrawn", "whole", "tally_verb", "lower_division"))
    scope: Series[str]
    note: Series[str]

    class Config:
        strict = True


def scope_words_of_kind(kind: str) -> frozenset[str]:
    """The words of one kind in scope_words.csv (shipped rows, then the user's): `"state" in
    scope_words_of_kind("division")`."""
    return _scope_words_of_kind(kind, user_lexicon_dirs())


@lru_cache(maxsize=32)
def _scope_words_of_kind(kind: str, dirs) -> frozenset[str]:
    rows = load_lexicon("scope_words.csv", ScopeWordSchema, dirs)
    return frozenset(rows.loc[rows["kind"] == kind, "word"])


class ChunkWordSchema(pa.DataFrameModel):
    """One row of chunk_words.csv: a word that makes a sentence worth parsing for counts, or one that must not."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    effect: Series[str] = pa.Field(isin=CHUNK_WORD_EFFECTS)
    note: Series[str]

    class Config:
        strict = True


class EventCueSchema(pa.DataFrameModel):
    """One row of event_cues.csv: a word that lets a sentence hold a date, place or route claim."""

    cue: Series[str] = pa.Field(str_matches=r"^[a-z]+$")
    kind: Series[str] = pa.Field(isin=EVENT_CUE_KINDS)
    note: Series[str]

    class Config:
        strict = True


class NameWordSchema(pa.DataFrameModel):
    """One row of name_words.csv: a word copy glues to a person's name, or one a name never starts with."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=NAME_WORD_KINDS)
    note: Series[str]

    class Config:
        strict = True


class AbbreviationSchema(pa.DataFrameModel):
    """One row of abbreviations.csv: a word whose full stop does not end a sentence ("Mr.", "Gen.", "Oct.")."""

    word: Series[str] = pa.Field(str_matches=r"^[A-Za-z]+$")
    note: Series[str]

    class Config:
        strict = True
