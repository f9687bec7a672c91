"""Extraction lexicons (shared helper): data CSVs -> validated, indexed lookup tables for counts and attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from reconcile.rules import load_lexicon, user_lexicon_dirs
from reconcile.vocab import STATUSES

SOURCE_KINDS = ("person", "org", "outlet", "group", "role")


class SourceRegistrySchema(pa.DataFrameModel):
    """sources.csv: alias -> canonical name, kind, organisation, country, title."""

    alias: Series[str] = pa.Field(str_length={"min_value": 1})
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    organisation: Series[str]
    country: Series[str]
    title: Series[str]


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
    """subjects.csv: a head noun -> subject class, whether it counts people, and the status it implies."""

    noun: Series[str] = pa.Field(str_length={"min_value": 1})
    subject: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    people: Series[str] = pa.Field(isin=("true", "false"))
    status: Series[str] = pa.Field(isin=("",) + STATUSES)


class StatusRuleSchema(pa.DataFrameModel):
    """statuses.csv: the ordered status ladder, planning words and combat words."""

    rule_id: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]
    kind: Series[str] = pa.Field(isin=("status", "planning", "combat"))
    lemma: Series[str] = pa.Field(str_length={"min_value": 1})
    modality: Series[str] = pa.Field(isin=("", "any", "actual", "planned"))
    status: Series[str] = pa.Field(isin=("",) + STATUSES)


class SpeechCueSchema(pa.DataFrameModel):
    """speech_cues.csv: verbs, prepositions and relay verbs that attribute a claim."""

    cue_id: Series[str] = pa.Field(unique=True)
    kind: Series[str] = pa.Field(isin=("verb", "prep", "relay"))
    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    label_object: Series[str] = pa.Field(isin=("true", "false"))


class HedgeSchema(pa.DataFrameModel):
    """hedges.csv: words that make a figure a non-claim (ignorance, questions, hypotheticals)."""

    kind: Series[str] = pa.Field(isin=("ignorance_verb", "ignorance_adjective", "open_marker"))
    word: Series[str] = pa.Field(str_length={"min_value": 1})


@dataclass(frozen=True)
class SourceEntry:
    """One registry row: who a name or body is, which organisation they speak for and its country."""

    name: str
    kind: str
    organisation: str | None
    country: str | None
    title: str | None


@dataclass(frozen=True)
class PhraseIndex:
    """Case-sensitive, whole-word, longest-first matcher over a table of aliases."""

    pattern: re.Pattern | None
    values: dict

    def find_all(self, text: str) -> list[tuple[int, int, object]]:
        """All non-overlapping matches as (start, end, value), longest alias first at each position."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.values[m.group(0)]) for m in self.pattern.finditer(text)]

    def first(self, text: str):
        found = self.find_all(text)
        return found[0][2] if found else None


def phrase_index(pairs: list[tuple[str, object]], *, ignore_case: bool = False) -> PhraseIndex:
    """Index (alias, value) pairs; a later row overrides an earlier one with the same alias (user copies win)."""
    values: dict = {}
    for alias, value in pairs:
        # copy prints both straight and curly apostrophes ("Korea's", "Korea’s"): register both
        for variant in dict.fromkeys((alias, alias.replace("'", "’"))):
            values[variant.lower() if ignore_case else variant] = value
    if not values:
        return PhraseIndex(None, {})
    ordered = sorted(values, key=lambda alias: (-len(alias), alias))
    body = "|".join(re.escape(alias) for alias in ordered)
    flags = re.IGNORECASE if ignore_case else 0
    pattern = re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", flags)
    if ignore_case:
        return _CaselessIndex(pattern, values)
    return PhraseIndex(pattern, values)


class _CaselessIndex(PhraseIndex):
    def find_all(self, text: str) -> list[tuple[int, int, object]]:
        return [(m.start(), m.end(), self.values[m.group(0).lower()]) for m in self.pattern.finditer(text)]


@dataclass(frozen=True)
class Lexicons:
    """Every table the extract stage reads, loaded once per set of user lexicon folders."""

    sources: PhraseIndex
    groups: PhraseIndex
    # group rows with an organisation: a body that is a source even when the story names no country ("police said")
    group_bodies: PhraseIndex
    roles: frozenset
    countries: PhraseIndex
    actors: PhraseIndex
    actor_by_country: dict
    subjects: dict
    status_rules: tuple
    planning_lemmas: frozenset
    combat_lemmas: frozenset
    verb_cues: dict
    prep_cues: dict
    relay_cues: dict
    ignorance_verbs: frozenset
    ignorance_adjectives: frozenset
    open_markers: frozenset


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

    actor_by_country: dict[str, str] = {}
    for row in actors.itertuples(index=False):
        actor_by_country.setdefault(row.country, row.actor)
    for _alias, actor, country in _demonym_rows(countries):
        actor_by_country.setdefault(country, actor)
    subject_table = {
        row.noun.lower(): (row.subject, row.people == "true", row.status or None) for row in subjects.itertuples()
    }
    ladder = statuses[statuses["kind"] == "status"]
    return Lexicons(
        sources=phrase_index([(row.alias, _entry(row)) for row in people_and_bodies.itertuples(index=False)]),
        groups=phrase_index([(row.alias, row.name) for row in group_rows.itertuples(index=False)], ignore_case=True),
        group_bodies=phrase_index(
            [(row.alias, row.organisation) for row in group_rows.itertuples(index=False) if row.organisation],
            ignore_case=True,
        ),
        roles=frozenset(registry.loc[registry["kind"] == "role", "alias"].str.lower()),
        countries=phrase_index([(row.alias, row.country) for row in countries.itertuples(index=False)]),
        actors=phrase_index(_demonym_actors(countries) + [(row.modifier, row.actor) for row in actors.itertuples()]),
        actor_by_country=actor_by_country,
        subjects=subject_table,
        status_rules=tuple(
            (row.rule_id, row.label, row.lemma, row.modality, row.status) for row in ladder.itertuples(index=False)
        ),
        planning_lemmas=_words(statuses, "planning"),
        combat_lemmas=_words(statuses, "combat"),
        verb_cues=_cues(cues, "verb"),
        prep_cues=_cues(cues, "prep"),
        relay_cues=_cues(cues, "relay"),
        ignorance_verbs=frozenset(hedges.loc[hedges["kind"] == "ignorance_verb", "word"].str.lower()),
        ignorance_adjectives=frozenset(hedges.loc[hedges["kind"] == "ignorance_adjective", "word"].str.lower()),
        open_markers=frozenset(hedges.loc[hedges["kind"] == "open_marker", "word"].str.lower()),
    )


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
    return SourceEntry(row.name, row.kind, row.organisation or None, row.country or None, row.title or None)


def _words(statuses: pd.DataFrame, kind: str) -> frozenset:
    return frozenset(statuses.loc[statuses["kind"] == kind, "lemma"].str.lower())


def _cues(cues: pd.DataFrame, kind: str) -> dict:
    rows = cues[cues["kind"] == kind]
    return {row.phrase.lower(): (row.cue_id, row.label, row.label_object == "true") for row in rows.itertuples()}
