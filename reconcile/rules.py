"""Rules and lexicons as data: every lexicon and ladder file is loaded here (shipped rows, then the user's), validated by its schema.

Users extend any lexicon by putting a CSV of the same name and columns in a folder named by the
`RECONCILE_LEXICONS` environment variable (several folders separated by the path separator) or by passing
`extra_dirs`. User rows come after the shipped rows, so a later row can override an earlier one where the
consumer keeps the last match.
"""

from __future__ import annotations

import calendar
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, Optional, get_args

import pandas as pd
import pandera.pandas as pa
import yaml
from pandera.typing import Series

from reconcile.vocab import QUALIFIERS, RELATIONS, SOURCE_KINDS, STATUSES

ENV_VAR = "RECONCILE_LEXICONS"


class LexiconError(ValueError):
    """A lexicon file is missing or breaks its schema; the message names the file and the failing rows."""


def user_lexicon_dirs() -> tuple[Path, ...]:
    """Folders the user named in RECONCILE_LEXICONS, in order."""
    return _dirs_of(os.environ.get(ENV_VAR, ""))


@lru_cache(maxsize=16)
def _dirs_of(raw: str) -> tuple[Path, ...]:
    # every lexicon look-up asks for the folders: parse the variable once per value
    return tuple(Path(part) for part in raw.split(os.pathsep) if part.strip())


def shipped_path(file_name: str) -> Path:
    """Path of a data file shipped inside the package."""
    return Path(str(resources.files("reconcile") / "data" / file_name))


def load_lexicon(
    file_name: str,
    schema: pa.DataFrameSchema | type[pa.DataFrameModel] | None = None,
    extra_dirs: tuple[Path, ...] | None = None,
) -> pd.DataFrame:
    """Load `reconcile/data/<file_name>` plus same-named user files, validated by `schema`.

    >>> load_lexicon("qualifiers.csv").columns[0]  # doctest: +SKIP
    'phrase'
    """
    dirs = user_lexicon_dirs() if extra_dirs is None else extra_dirs
    return _load_cached(file_name, schema, tuple(dirs))


@lru_cache(maxsize=64)
def _load_cached(file_name: str, schema, dirs: tuple[Path, ...]) -> pd.DataFrame:
    paths = [shipped_path(file_name)] + [d / file_name for d in dirs if (d / file_name).is_file()]
    frames = []
    for path in paths:
        if not path.is_file():
            raise LexiconError(f"lexicon file not found: {path}")
        frame = _read_data_csv(path)
        frames.append(_validated(frame, schema, path))
    return pd.concat(frames, ignore_index=True)


def _read_data_csv(path: Path) -> pd.DataFrame:
    # Whole lines starting with '#' are comments, so data files can say why a row is there; a '#' inside a
    # value (a regex, a hashtag) is data.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(line for line in lines if not line.lstrip().startswith("#"))
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, skipinitialspace=True)


def _validated(frame: pd.DataFrame, schema, path: Path) -> pd.DataFrame:
    if schema is None:
        return frame
    try:
        return schema.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as error:
        failures = getattr(error, "failure_cases", None)
        detail = failures.to_string(max_rows=20) if failures is not None else str(error)
        raise LexiconError(f"lexicon {path} breaks its schema:\n{detail}") from error


# ---------------------------------------------------------------------------------------------------------------
# Lexicons of the compare stage


class SourceKindSchema(pa.DataFrameModel):
    """`source_kinds.csv`: an ordered ladder of name words -> the kind of body a source is."""

    rule_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z_]+\.[a-z_]+$")
    words: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    # Whether a body so named that names no country belongs to the country the story is told from (optional in a
    # user's file: true when absent).
    domestic: Optional[Series[str]] = pa.Field(isin=("true", "false"))
    label: Series[str] = pa.Field(str_length={"min_value": 1})


class SourceGroupSchema(pa.DataFrameModel):
    """`source_groups.csv`: sources the user declares to speak as one voice (or apart) by naming their group."""

    source: Series[str] = pa.Field(str_length={"min_value": 1})
    group: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]


def source_kind_rules() -> pd.DataFrame:
    """The source-kind ladder, shipped rows then the user's: `source_kind_rules().iloc[0]["kind"] == "anonymous"`."""
    return load_lexicon("source_kinds.csv", SourceKindSchema)


def source_group_rules() -> pd.DataFrame:
    """Declared independence groups (source name -> group); empty unless the user adds rows."""
    return load_lexicon("source_groups.csv", SourceGroupSchema)


class LadderRuleSchema(pa.DataFrameModel):
    """One rung of `relation_rules.yaml`'s ladder: a stable id, a label for the report, a relation, predicates."""

    rule_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z_]+\.[a-z_]+$")
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    relation: Series[str] = pa.Field(isin=RELATIONS)
    # Predicate names joined by ", " ("not " negates one); empty for the fallback.
    when: Series[str]

    @pa.dataframe_check(error="the last rule must be a fallback with an empty `when`")
    def ends_with_fallback(cls, rules):  # noqa: N805
        return pd.Series([bool(len(rules)) and rules["when"].iloc[-1] == ""] * len(rules), index=rules.index)


class MeasureSchema(pa.DataFrameModel):
    """One status of a count: its family, whether it grows, its snapshot window and revision-chain gap in days."""

    status: Series[str] = pa.Field(unique=True, isin=STATUSES)
    family: Series[str] = pa.Field(str_length={"min_value": 1})
    grows: Series[bool]
    window_days: Series[int] = pa.Field(ge=0, le=366)
    chain_gap_days: Series[float] = pa.Field(nullable=True, ge=0, le=366)


@dataclass(frozen=True)
class RelationRules:
    """`relation_rules.yaml`, validated: the ladder and the measures as frames, tolerances, place filler words."""

    ladder: pd.DataFrame
    measures: pd.DataFrame
    tolerances: dict[str, float]
    place_filler_words: tuple[str, ...]
    event_subjects: tuple[str, ...] = ()
    findings_per_document: float = 2.0


RELATION_RULES_FILE = "relation_rules.yaml"
TOLERANCES = {"approx_relative": 0.10, "exact_relative": 0.03, "quote_variant_min_ratio": 85.0,
              "same_statement_min_ratio": 80.0, "scope_gap_ratio": 50.0, "part_gap_ratio": 20.0,
              "same_moment_days": 1.0, "event_window_days": 1.0}


def load_relation_rules(path: str | Path | None = None) -> RelationRules:
    """Read and validate the relation rules (the shipped file unless `path` is given).

    >>> load_relation_rules().ladder["rule_id"].iloc[-1]
    'any.no_rule'
    """
    return _relation_rules(str(path) if path is not None else str(shipped_path(RELATION_RULES_FILE)))


@lru_cache(maxsize=8)
def _relation_rules(path: str) -> RelationRules:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not raw.get("measures") and Path(path) != shipped_path(RELATION_RULES_FILE):
        # A user's ladder may keep the shipped measures (families, growth, windows) and change only the rules.
        raw["measures"] = _relation_rules(str(shipped_path(RELATION_RULES_FILE))).measures.set_index("status").to_dict("index")
    ladder = pd.DataFrame(
        [{"rule_id": str(r.get("rule_id", "")), "label": str(r.get("label", "")),
          "relation": str(r.get("relation", "")), "when": ", ".join(str(p) for p in r.get("when") or ())}
         for r in raw.get("ladder") or ()],
        columns=["rule_id", "label", "relation", "when"],
    )
    measures = pd.DataFrame(
        [{"status": str(status), **{k: v for k, v in (spec or {}).items()}} for status, spec in
         (raw.get("measures") or {}).items()],
        columns=["status", "family", "grows", "window_days", "chain_gap_days"],
    )
    unknown = sorted(set(raw.get("tolerances") or {}) - set(TOLERANCES))
    if unknown:
        raise LexiconError(f"relation rules {path}: unknown tolerance(s) {', '.join(unknown)}")
    tolerances = {**TOLERANCES, **{k: float(v) for k, v in (raw.get("tolerances") or {}).items()}}
    return RelationRules(
        ladder=_validated(ladder, LadderRuleSchema, Path(path)),
        measures=_validated(measures, MeasureSchema, Path(path)),
        tolerances=tolerances,
        place_filler_words=tuple(sorted(str(w).casefold() for w in raw.get("place_filler_words") or ())),
        event_subjects=tuple(sorted(str(w).casefold() for w in raw.get("event_subjects") or ())),
        findings_per_document=float(raw.get("findings_per_document", 2)),
    )


def known_outlets() -> frozenset[str]:
    """Every outlet name and alias the lexicons know (outlets.csv, and outlet rows of sources.csv), casefolded.

    A figure credited to one of them ("Reuters counted 39 bodies") is a media source's own count.
    """
    outlets = load_lexicon("outlets.csv")
    registry = load_lexicon("sources.csv")
    registry = registry[registry["kind"].str.strip().eq("outlet")]
    names = [*outlets["outlet"], *outlets["alias"], *registry["alias"], *registry["name"]]
    return frozenset(str(n).strip().casefold().removeprefix("the ").strip() for n in names if str(n).strip())

# === Corpus stage lexicons: outlets, scraping debris, header lines, story grouping =========================
# (one block, so the extraction lexicon schemas can land beside it without touching these)

# Metadata fields a header line can give (corpus_header_patterns.csv `field`).
HEADER_FIELDS = ("outlet", "published", "byline")


def expand_date_placeholders(pattern: str) -> str:
    """Expand {DATE}, {WEEKDAY} and {TIME} in a header pattern into the date shapes news pages print.

    >>> bool(re.search(expand_date_placeholders("^{DATE}$"), "Oct. 23, 2024"))
    True
    """
    # Month and weekday names come from the standard library, so no calendar is written out by hand here.
    months = "|".join(calendar.month_abbr[1:])
    weekdays = "|".join(calendar.day_abbr)
    month = rf"(?:{months})[a-z]*\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    month_first = rf"{month}[ \t]+{day},?[ \t]+\d{{4}}"
    day_first = rf"{day}[ \t]+(?:of[ \t]+)?{month},?[ \t]+\d{{4}}"
    written = rf"(?:{month_first}|{day_first}|\d{{4}}-\d{{2}}-\d{{2}})"
    weekday = rf"(?:(?:{weekdays})[a-z]*\.?,?[ \t]+)?"
    time = r"(?:\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?,?[ \t]+)?"
    return pattern.replace("{DATE}", written).replace("{WEEKDAY}", weekday).replace("{TIME}", time)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(expand_date_placeholders(pattern))
    except re.error:
        return False
    return True


class OutletLexiconSchema(pa.DataFrameModel):
    """outlets.csv: canonical outlet name and one spelling of it per row."""

    outlet: Series[str] = pa.Field(str_length={"min_value": 1})
    alias: Series[str] = pa.Field(str_length={"min_value": 1})


class BoilerplateSchema(pa.DataFrameModel):
    """boilerplate.csv: one regex per kind of scraping debris."""

    pattern_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    pattern: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.check("pattern", error="pattern must be a valid regular expression")
    def compiles(cls, patterns):  # noqa: N805 - pandera passes the class
        return patterns.map(_compiles)


class HeaderPatternSchema(BoilerplateSchema):
    """corpus_header_patterns.csv: which metadata field a header line gives, and where to look for it."""

    field: Series[str] = pa.Field(isin=HEADER_FIELDS)
    scope: Series[str] = pa.Field(isin=("head", "tail", "both"))


# story_grouping.csv: each setting's allowed range; a user's file may override any of them (the last row wins).
STORY_SETTING_RANGES = {
    "min_similarity": (0.0, 1.0),
    "noun_weight": (0.0, 10.0),
    "min_noun_count": (1.0, 1000.0),
    "min_noun_length": (1.0, 100.0),
    "id_names": (1.0, 10.0),
    "max_documents": (2.0, 1_000_000.0),
}


class StorySettingSchema(pa.DataFrameModel):
    """story_grouping.csv: the tunable settings of automatic story grouping, one per row, each within its range."""

    setting: Series[str] = pa.Field(isin=tuple(STORY_SETTING_RANGES))
    value: Series[float] = pa.Field(coerce=True)
    meaning: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check(error="value outside the setting's range (see STORY_SETTING_RANGES)")
    def in_range(cls, settings):  # noqa: N805
        low = settings["setting"].map(lambda name: STORY_SETTING_RANGES[name][0])
        high = settings["setting"].map(lambda name: STORY_SETTING_RANGES[name][1])
        return settings["value"].between(low, high)


def load_story_settings(extra_dirs: tuple[Path, ...] | None = None) -> dict[str, float]:
    """The story grouping settings, shipped values overridden by a user's story_grouping.csv.

    >>> 0 < load_story_settings()["min_similarity"] < 1
    True
    """
    settings = load_lexicon("story_grouping.csv", StorySettingSchema, extra_dirs)
    found = dict(zip(settings["setting"], settings["value"].astype(float)))
    missing = [name for name in STORY_SETTING_RANGES if name not in found]
    if missing:
        raise LexiconError(f"story_grouping.csv lacks setting(s): {', '.join(missing)}")
    return found
# ==== Extraction lexicons (reconcile/extract, reconcile/kernels) ====================================================
# One schema per data file the extract stage and its kernels read. Value sets that only a lexicon column uses live
# beside its schema; closed vocabularies of claims stay in `reconcile.vocab`.

# What a number is: only counts are claims; the others let the extractor skip "in 2023" or "a 25-year-old".
Role = Literal["count", "year", "percent", "money", "ordinal", "duration", "age", "date", "measure"]
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
NAME_WORD_KINDS = ("honorific", "leading_word", "not_name_start", "document")


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
    """countries.csv: a word for a country -> the country's common English name."""

    alias: Series[str] = pa.Field(str_length={"min_value": 1})
    country: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=("name", "demonym", "capital", "body"))


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


class StatusRuleSchema(pa.DataFrameModel):
    """statuses.csv: the ordered status ladder, planning words and combat words."""

    rule_id: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]
    kind: Series[str] = pa.Field(isin=("status", "planning", "combat", "raising", "forecast"))
    lemma: Series[str] = pa.Field(str_length={"min_value": 1})
    modality: Series[str] = pa.Field(isin=("", "any", "actual", "planned"))
    status: Series[str] = pa.Field(isin=("",) + STATUSES)


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
    kind: Series[str] = pa.Field(isin=("subgroup", "interim", "group", "facility"))
    scope: Series[str]
    note: Series[str]

    class Config:
        strict = True


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
