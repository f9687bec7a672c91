"""Extraction lexicons (extract stage helper): data CSVs -> validated, indexed lookup tables for every extractor.

The schemas live in `reconcile.rules`; the phrase tables are `reconcile.kernels.phrases` matchers. Everything is
loaded once per set of user lexicon folders (RECONCILE_LEXICONS) and shared by the worker processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from reconcile.kernels.phrases import NAME_END, NAME_START, PhraseMatcher, phrase_matcher
from reconcile.rules import (
    ActorSchema,
    CountrySchema,
    EventWordSchema,
    HedgeSchema,
    NameWordSchema,
    SourceRegistrySchema,
    SpeechCueSchema,
    StatusRuleSchema,
    SubjectSchema,
    load_lexicon,
    source_kind_rules,
    user_lexicon_dirs,
)

@dataclass(frozen=True)
class SourceEntry:
    """One registry row: who a name or body is, which organisation they speak for and its country."""

    name: str
    kind: str
    organisation: str | None
    country: str | None
    title: str | None
    # government, military, media ... (vocab.SOURCE_KINDS) of the body the row speaks for
    source_kind: str | None = None


@dataclass(frozen=True)
class Lexicons:
    """Every table the extract stage reads, loaded once per set of user lexicon folders."""

    sources: PhraseMatcher
    groups: PhraseMatcher
    # group rows with an organisation: a body that is a source even when the story names no country ("police said")
    group_bodies: PhraseMatcher
    roles: frozenset
    # roles whose post is its own body (sources.csv organisation "office"): "Mayor X" speaks for the mayor's office
    office_roles: frozenset
    countries: PhraseMatcher
    # the aliases of countries.csv that are demonyms ("Chilean", "Chileans"), as written
    demonyms: frozenset
    actors: PhraseMatcher
    actor_by_country: dict
    subjects: dict
    # subjects.csv nouns that are records standing for the counted ("burial permits")
    record_nouns: frozenset
    status_rules: tuple
    # status ladder rule_id -> the fate its rung names, for rungs of status other ("ST89" -> "rescued")
    fates: dict
    planning_lemmas: frozenset
    combat_lemmas: frozenset
    # verbs that pass their complement's status up ("are known to have died") and verbs of targets and forecasts
    # whose object is planned ("hoping for a million", "expected 750,000")
    raising_lemmas: frozenset
    forecast_lemmas: frozenset
    # verbs that change a total by the figure ("removed 44 deaths from the toll"): the figure is a difference
    change_lemmas: frozenset
    # verbs by which a service gathers bodies of every cause ("collected 530 bodies"): a record of its own
    collect_lemmas: frozenset
    # nouns that describe who speaks, never a group counted ("three police sources", "two diplomats")
    source_describers: frozenset
    verb_cues: dict
    # verbs that attribute only with a figure or document as object ("gave AFP a toll of 577")
    figure_cues: dict
    prep_cues: dict
    relay_cues: dict
    ignorance_verbs: frozenset
    ignorance_adjectives: frozenset
    open_markers: frozenset
    honorifics: frozenset
    # dropped from the front of a name ("President X"), and words a capitalised run naming a person never starts with
    name_leading_words: frozenset
    not_name_starts: frozenset
    # documents that stand for whoever issued them ("figures provided by X", "the BBC's findings")
    document_nouns: frozenset
    heading_verbs: frozenset
    # words that head a government agency's name, and the words that refer back to such a body ("the agency")
    agency_words: frozenset = frozenset()
    agency_references: frozenset = frozenset()


def lexicons() -> Lexicons:
    """The extraction lexicons for the current RECONCILE_LEXICONS setting: `lexicons().subjects["troops"]`."""
    return _lexicons_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _lexicons_for(dirs) -> Lexicons:
    registry = load_lexicon("sources.csv", SourceRegistrySchema, dirs)
    people_and_bodies = registry[~registry["kind"].isin(("group", "role"))]
    group_rows = registry[registry["kind"] == "group"]
    countries = load_lexicon("countries.csv", CountrySchema, dirs)
    actors = load_lexicon("actors.csv", ActorSchema, dirs)
    subjects = load_lexicon("subjects.csv", SubjectSchema, dirs)
    statuses = load_lexicon("statuses.csv", StatusRuleSchema, dirs)
    cues = load_lexicon("speech_cues.csv", SpeechCueSchema, dirs)
    hedges = load_lexicon("hedges.csv", HedgeSchema, dirs)
    name_words = load_lexicon("name_words.csv", NameWordSchema, dirs)

    actor_by_country: dict[str, str] = {}
    for row in actors.itertuples(index=False):
        actor_by_country.setdefault(row.country, row.actor)
    for _alias, actor, country in _demonym_rows(countries):
        actor_by_country.setdefault(country, actor)
    subject_table = {
        row.noun.lower(): (row.subject, row.people == "true", row.status or None, row.nationality)
        for row in subjects.itertuples()
    }
    # a user's subjects.csv may leave the record column out: its rows are no records
    record_nouns = frozenset(subjects.loc[subjects["record"].fillna("").eq("true"), "noun"].str.lower())
    ladder = statuses[statuses["kind"] == "status"]
    return Lexicons(
        sources=_names([(row.alias, _entry(row)) for row in people_and_bodies.itertuples(index=False)]),
        groups=_names([(row.alias, row.name) for row in group_rows.itertuples(index=False)], ignore_case=True),
        group_bodies=_names(
            [(row.alias, row.organisation) for row in group_rows.itertuples(index=False) if row.organisation],
            ignore_case=True,
        ),
        roles=frozenset(registry.loc[registry["kind"] == "role", "alias"].str.lower()),
        office_roles=frozenset(registry.loc[registry["kind"].eq("role") & registry["organisation"].eq("office"),
                                            "alias"].str.lower()),
        # a region ("Latin America") is matched so that the country word inside it ("America") is not
        countries=_names([(row.alias, None if row.kind == "region" else row.country)
                          for row in countries.itertuples(index=False)]),
        demonyms=frozenset(alias for alias, _actor, _country in _demonym_rows(countries))
        | frozenset(alias.replace("'", "’") for alias, _actor, _country in _demonym_rows(countries)),
        actors=_names(_demonym_actors(countries) + [(row.modifier, row.actor) for row in actors.itertuples()]),
        actor_by_country=actor_by_country,
        subjects=subject_table,
        record_nouns=record_nouns,
        status_rules=tuple(
            (row.rule_id, row.label, row.lemma, row.modality, row.status) for row in ladder.itertuples(index=False)
        ),
        fates={row.rule_id: row.fate for row in ladder.itertuples(index=False)
               if row.status in ("other", "present") and isinstance(getattr(row, "fate", None), str)
               and row.fate.strip()},
        planning_lemmas=_words(statuses, "planning"),
        combat_lemmas=_words(statuses, "combat"),
        raising_lemmas=_words(statuses, "raising"),
        forecast_lemmas=_words(statuses, "forecast"),
        change_lemmas=_words(statuses, "change"),
        collect_lemmas=_words(statuses, "collect"),
        source_describers=_source_describers(),
        verb_cues=_cues(cues, "verb"),
        figure_cues=_cues(cues, "figure_verb"),
        prep_cues=_cues(cues, "prep"),
        relay_cues=_cues(cues, "relay"),
        ignorance_verbs=frozenset(hedges.loc[hedges["kind"] == "ignorance_verb", "word"].str.lower()),
        ignorance_adjectives=frozenset(hedges.loc[hedges["kind"] == "ignorance_adjective", "word"].str.lower()),
        open_markers=frozenset(hedges.loc[hedges["kind"] == "open_marker", "word"].str.lower()),
        honorifics=_of_kind(name_words, "honorific"),
        name_leading_words=_of_kind(name_words, "leading_word"),
        not_name_starts=_of_kind(name_words, "not_name_start"),
        document_nouns=_of_kind(name_words, "document"),
        heading_verbs=_of_kind(name_words, "heading_verb"),
        agency_words=_of_kind(name_words, "agency_word"),
        agency_references=_of_kind(name_words, "agency_reference"),
    )


def _names(pairs: list[tuple[str, object]], *, ignore_case: bool = False) -> PhraseMatcher:
    """Registry aliases, countries and actors: whole names, longest first, straight or curly apostrophes."""
    return phrase_matcher(pairs, ignore_case=ignore_case, apostrophes=True, before=NAME_START, after=NAME_END)


def _of_kind(rows: pd.DataFrame, kind: str) -> frozenset:
    return frozenset(rows.loc[rows["kind"] == kind, "word"].str.lower())


def _demonym_rows(countries: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Every demonym in countries.csv is an actor too, keyed by the country's first demonym ("Kenyans" -> kenyan);
    actors.csv adds press-specific modifiers ("Northern", "Pyongyang's") and overrides these."""
    demonyms = countries[countries["kind"] == "demonym"]
    first: dict[str, str] = {}
    for row in demonyms.itertuples(index=False):
        first.setdefault(row.country, re.sub(r"[^a-z0-9]+", "_", row.alias.lower()).strip("_"))
    rows = []
    for row in demonyms.itertuples(index=False):
        rows.append((row.alias, first[row.country], row.country))
        if row.alias.endswith("n"):  # "Brazilian" -> "Brazilians": the people of a country, as copy counts them
            rows.append((row.alias + "s", first[row.country], row.country))
    return rows


def _demonym_actors(countries: pd.DataFrame) -> list[tuple[str, str]]:
    return [(alias, actor) for alias, actor, _country in _demonym_rows(countries)]


def _entry(row) -> SourceEntry:
    kind = getattr(row, "source_kind", None)
    return SourceEntry(row.name, row.kind, row.organisation or None, row.country or None, row.title or None,
                       kind if isinstance(kind, str) and kind else None)


def _source_describers() -> frozenset:
    """The words of the source-kind ladder's unnamed sources ("sources", "diplomats"), singular and plural."""
    rules = source_kind_rules()
    words = {word.lower() for words in rules.loc[rules["kind"] == "anonymous", "words"] for word in words.split()}
    return frozenset(words | {word.rstrip("s") for word in words})


def _words(statuses: pd.DataFrame, kind: str) -> frozenset:
    return frozenset(statuses.loc[statuses["kind"] == kind, "lemma"].str.lower())


def _cues(cues: pd.DataFrame, kind: str) -> dict:
    rows = cues[cues["kind"] == kind]
    return {row.phrase.lower(): (row.cue_id, row.label, row.label_object == "true") for row in rows.itertuples()}


def population_classes() -> frozenset[str]:
    """Subject classes of people a nationality narrows (subjects.csv nationality "scope"): people, protesters,
    deaths...; not the forces a nationality names (troops). `"protesters" in population_classes()`."""
    return _population_classes_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _population_classes_for(dirs) -> frozenset[str]:
    return frozenset(entry[0] for entry in _lexicons_for(dirs).subjects.values() if entry[1] and entry[3] == "scope")


def event_words() -> dict[str, tuple[str, str]]:
    """lemma -> (event class, target) from event_words.csv; a later (user) row wins: `event_words()["say"][0]`."""
    return _event_words_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _event_words_for(dirs) -> dict[str, tuple[str, str]]:
    rows = load_lexicon("event_words.csv", EventWordSchema, dirs)
    return {row.lemma.lower(): (row.event, row.target) for row in rows.itertuples()}


def speech_lemmas() -> tuple[str, ...]:
    """Lemmas that introduce speech (event class "statement"), sorted: `"say" in speech_lemmas()`."""
    return _speech_lemmas_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _speech_lemmas_for(dirs) -> tuple[str, ...]:
    return tuple(sorted(lemma for lemma, (event, _) in _event_words_for(dirs).items() if event == "statement"))
