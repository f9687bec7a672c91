"""Who a source is: claims' speaker / organisation / country / outlet -> source name, kind and independence group.

The identity is the organisation or person, never the country: a union and a ministry of one country are two
sources. Official bodies (government, police, military) of one country speak as one voice unless the user's
`source_groups.csv` says otherwise; an unnamed source ("police sources", "diplomats") is independent of the body's
official statement; a figure no one is credited with is the outlet's own (kind `media`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from reconcile.kernels.phrases import ACRONYM, alternation
from reconcile.rules import (
    known_outlets,
    scope_words_of_kind,
    source_group_rules,
    source_kind_pattern,
    source_kind_rules,
)
from reconcile.vocab import OFFICIAL_KINDS

# Two spellings of one person's name in one story ("Rodriguez", "Rodrigues") score at least this (rapidfuzz ratio,
# 0-100, case folded), and start with the same letter.
SAME_NAME_MIN_SCORE = 90
SOURCE_COLUMNS = ("source_org", "speaker", "source_country", "source_kind", "outlet", "doc_id", "story")


@dataclass(frozen=True)
class Sources:
    """Per claim (aligned with the claims' rows): display name, kind and independence group of its source."""

    source: np.ndarray
    kind: np.ndarray
    group: np.ndarray
    # False for a figure no one is credited with: the outlet's own, unattributed.
    attributed: np.ndarray


def resolve_sources(claims: pd.DataFrame, local_posts: tuple[str, ...] = ()) -> Sources:
    """Name, kind and independence group of each claim's original source; `local_posts` are the ladder's posts
    whose holders speak apart from the national government (relation_rules.yaml `local_posts`).

    >>> claims = pd.DataFrame({"source_org": ["Interior Ministry", None], "speaker": [None, None],
    ...     "source_country": ["Peru", None], "source_kind": [None, None], "outlet": ["Andes Wire", "Andes Wire"],
    ...     "doc_id": ["d1", "d1"], "story": ["s", "s"]})
    >>> resolve_sources(claims).group.tolist()
    ['official:peru', 'media:andes wire (own figure)']
    """
    frame = _same_body_same_kind(pd.DataFrame({c: _text(claims, c) for c in SOURCE_COLUMNS}))
    # A source is resolved once per distinct description, then spread back to the claims.
    keys = frame.drop(columns=["doc_id"]).drop_duplicates().reset_index(drop=True)
    outlets = frame[["outlet", "doc_id"]].drop_duplicates("outlet").set_index("outlet")["doc_id"]
    name = keys["source_org"].where(keys["source_org"].ne(""), keys["speaker"])
    own = name.eq("") & keys["source_country"].eq("")
    outlet_name = keys["outlet"].where(keys["outlet"].ne(""), "unknown outlet (" + keys["outlet"].map(outlets).fillna("") + ")")
    country_only = name.eq("") & ~own
    name = name.where(~country_only, keys["source_country"] + " (unnamed official)")
    name = name.where(~own, outlet_name + " (own figure)")
    # Only people are merged by spelling ("Rodriguez", "Rodrigues"): bodies' names differ by a word that matters.
    person = keys["source_org"].eq("") & keys["speaker"].ne("")
    name = name.where(~person, _merge_spellings(name.where(person, ""), keys["story"]))
    kind = keys["source_kind"].where(keys["source_kind"].ne(""), _kind_from_words(name))
    kind = kind.where(~_is_outlet(name) | keys["source_kind"].ne(""), "media")
    kind = kind.where(~own, "media").where(~country_only, "government")
    # "Libya coast guard" and "the coast guard" (of Libya) are one body: one group, each name as written
    identity = name.where(keys["source_org"].eq(""), _without_own_country(keys["source_org"], keys["source_country"]))
    group = _groups(identity, kind, keys["source_country"], local_posts)
    group = _short_references(name, kind, group, keys["story"])
    group = _acronyms(name, group, keys["story"], kind)
    keys = keys.assign(source=name, kind=kind, group=group, attributed=~own)
    merged = frame.merge(keys, on=[c for c in SOURCE_COLUMNS if c != "doc_id"], how="left", sort=False)
    return Sources(
        source=merged["source"].to_numpy(dtype=object),
        kind=merged["kind"].to_numpy(dtype=object),
        group=merged["group"].to_numpy(dtype=object),
        attributed=merged["attributed"].to_numpy(dtype=bool),
    )


def _same_body_same_kind(frame: pd.DataFrame) -> pd.DataFrame:
    """A body named alike across a story is one body: a mention that gives no kind or country ("NEMA lowers death
    toll to 58", a headline before the name is spelled out) takes the ones its other mentions give (the most
    frequent, ties by name), so that its figures are not set against its own as another source's."""
    named = frame["source_org"].ne("")
    key = frame["story"] + "|" + frame["source_org"].str.casefold()
    filled = frame.copy()
    for column in ("source_kind", "source_country"):
        known = frame[column].where(named & frame[column].ne(""))
        usual = known.groupby(key).agg(lambda values: values.dropna().mode().iloc[0] if values.notna().any() else "")
        missing = named & frame[column].eq("")
        filled.loc[missing, column] = key[missing].map(usual).fillna("")
    return filled


def _short_references(names: pd.Series, kinds: pd.Series, groups: pd.Series, stories: pd.Series) -> pd.Series:
    """A body named by one word after the story named it in full ("the Alliance" after "the National Garment
    Workers' Alliance", "the union" when the story quotes one union): the same source, when exactly one of the
    story's other sources ends in that word or is of that kind."""
    merged = groups.copy()
    plain = names.str.casefold().str.replace(r"^the\s+", "", regex=True).str.strip()
    # official bodies are one voice per country already; "the state" is no short name of "Kessa State"
    single = plain.str.fullmatch(r"[\w'’-]+") & kinds.ne("media") & ~kinds.isin(OFFICIAL_KINDS)
    if not single.any():
        return merged
    kind_words = _kind_words()
    # story by story: a short name only ever stands for a source of its own story
    for rows in pd.Series(np.arange(len(names))).groupby(stories.to_numpy(), sort=False).groups.values():
        rows = np.asarray(rows)
        shorts = rows[single.to_numpy()[rows]]
        if not len(shorts):
            continue
        full = rows[~single.to_numpy()[rows] & kinds.ne("media").to_numpy()[rows]]
        for row in shorts:
            word = plain.iloc[row]
            by_word = pd.unique(groups.iloc[[r for r in full if plain.iloc[r].endswith(" " + word)]])
            by_kind = pd.unique(groups.iloc[[r for r in full if kinds.iloc[r] == kinds.iloc[row] != "other"]])
            # an acronym ("UN") is a name of its own, never a generic word for the kind
            generic = not names.iloc[row].isupper() and (word, kinds.iloc[row]) in kind_words
            candidates = by_word if len(by_word) else (by_kind if generic else by_word)
            if len(candidates) == 1:
                merged.iloc[row] = candidates[0]
    return merged


# Words an acronym leaves out of a name ("Independent Journalists' Union of Georgia" -> IJUG).
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "in", "on", "de", "del", "la", "le", "des", "du", "&"})


def _acronyms(names: pd.Series, groups: pd.Series, stories: pd.Series, kinds: pd.Series) -> pd.Series:
    """A body called by its acronym in one article and by its full name in another ("IJUG", "the Independent
    Journalists' Union of Georgia") is one source, when exactly one of the story's names has those initials (an
    official body already speaks as its country's government, whichever name it goes by)."""
    merged = groups.copy()
    official = kinds.isin(OFFICIAL_KINDS).to_numpy()
    for rows in pd.Series(np.arange(len(names))).groupby(stories.to_numpy(), sort=False).groups.values():
        # the story's groups by the initials of their full names
        by_initials: dict[str, set[str]] = {}
        for row in rows:
            initials = _initials(names.iloc[row]) if not official[row] else ""
            if initials:
                by_initials.setdefault(initials, set()).add(groups.iloc[row])
        for row in rows:
            name = names.iloc[row]
            matches = by_initials.get(name, set()) if ACRONYM.match(name) and not official[row] else set()
            if len(matches) == 1:
                merged.iloc[row] = next(iter(matches))
    return merged


def _initials(name: str) -> str:
    words = [word for word in re.split(r"[\s-]+", re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))
             if word and word.casefold() not in _ACRONYM_SKIPS]
    if len(words) < 2 or not all(word[:1].isupper() for word in words):
        return ""
    return "".join(word[0] for word in words)


def _kind_words() -> set[tuple[str, str]]:
    """(words, kind) of every source_kinds.csv row, the words case-folded: ("union", "organisers")."""
    rules = source_kind_rules()
    return set(zip(rules["words"].str.casefold(), rules["kind"], strict=True))


def _without_own_country(orgs: pd.Series, countries: pd.Series) -> pd.Series:
    """A body named with its own country first ("Libya coast guard", source country Libya) is the body copy also
    calls by its plain name ("the coast guard"): one source, by the plain name."""
    plain = [org[len(country) + 1:] if country and len(org) > len(country) + 1 and org.startswith(country + " ")
             else org for org, country in zip(orgs, countries, strict=True)]
    return pd.Series(plain, index=orgs.index, dtype=object)


def _text(claims: pd.DataFrame, column: str) -> pd.Series:
    if column not in claims:
        return pd.Series("", index=claims.index, dtype=object)
    values = claims[column].astype("object")
    return values.where(values.notna(), "").astype(str).str.strip().reset_index(drop=True)


def _kind_from_words(names: pd.Series) -> pd.Series:
    """The first rule of `source_kinds.csv` whose words all occur in the name; `other` when none does."""
    rules = source_kind_rules()
    patterns = [
        (re.compile(source_kind_pattern(str(words)), re.IGNORECASE), kind)
        for words, kind in zip(rules["words"], rules["kind"], strict=True)
    ]
    verdicts = {}
    for name in pd.unique(names):
        verdicts[name] = next((kind for pattern, kind in patterns if pattern.search(name)), "other")
    return names.map(verdicts)


def _is_outlet(names: pd.Series) -> pd.Series:
    """Names of news organisations ("Reuters", "AFP (tally)", "the Associated Press")."""
    outlets = known_outlets()
    plain = names.str.casefold().str.replace(r"\s*\([^)]*\)\s*$", "", regex=True).str.removeprefix("the ").str.strip()
    return plain.isin(outlets)


def _merge_spellings(names: pd.Series, stories: pd.Series) -> pd.Series:
    """One spelling per source within a story: the most frequent (then longest) of near-identical names."""
    merged = names.copy()
    for story in pd.unique(stories):
        inside = stories.eq(story) & names.ne("")
        counts = names[inside].value_counts()
        ordered = sorted(counts.index, key=lambda n: (-counts[n], -len(n), n))
        canonical: dict[str, str] = {}
        for candidate in ordered:
            known = [name for name in canonical if name[:1].casefold() == candidate[:1].casefold()]
            match = process.extractOne(candidate, known, scorer=fuzz.ratio, score_cutoff=SAME_NAME_MIN_SCORE,
                                       processor=str.casefold)
            canonical[candidate] = canonical[match[0]] if match else candidate
        merged[inside] = names[inside].map(canonical)
    return merged


def _regions(names: pd.Series) -> pd.Series:
    """":kessa" for an official body named after a region ("Kessa State Government", "Ogun Province police"): a
    state's or province's government speaks apart from the national one, which it often disputes; "" otherwise."""
    words = scope_words_of_kind("division")
    if not words:
        return pd.Series("", index=names.index, dtype=object)
    found = names.str.extract(rf"^(?:[Tt]he\s+)?([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+(?i:{alternation(words)})\b",
                              expand=False)
    found = found.where(~found.str.casefold().isin(scope_words_of_kind("not_a_region")))
    # "Uttar Pradesh government" is the body "Uttar Pradesh state authorities" names: one region, one voice
    for region in sorted(set(found.dropna()), key=len, reverse=True):
        found = found.where(found.notna() | ~names.str.match(rf"^(?:[Tt]he\s+)?{re.escape(region)}\s"), region)
    return (":" + found.str.casefold()).where(found.notna(), "")


def _local_posts(names: pd.Series, posts: tuple[str, ...]) -> pd.Series:
    """":post:governor" for an official named by a local post ("the governor of Ancash", "Ancash governor",
    "Mayor"): a governor or a mayor speaks for a region or a town, apart from the national government; "" otherwise.
    The post alone keys it, so that one governor named three ways ("Governor", "the governor of Peru's Ancash
    region", "Ancash governor") stays one voice."""
    if not posts:
        return pd.Series("", index=names.index, dtype=object)
    words = names.str.casefold().str.findall(r"[\w-]+")
    return words.map(lambda found: next((":post:" + word for word in found if word in posts), "")).astype(object)


def _groups(names: pd.Series, kinds: pd.Series, countries: pd.Series, posts: tuple[str, ...]) -> pd.Series:
    """Independence groups: declared ones first; official bodies by country; every other source by itself."""
    key = names.str.casefold().str.replace(r"^the\s+", "", regex=True)
    # "International" names no government: the UN and NATO are not one voice.
    official = kinds.isin(OFFICIAL_KINDS) & countries.ne("") & countries.ne("International")
    group = kinds + ":" + key
    group = group.where(~official, "official:" + countries.str.casefold() + _regions(names) + _local_posts(names, posts))
    declared = source_group_rules()
    if len(declared):
        lookup = dict(zip(declared["source"].str.casefold(), declared["group"], strict=True))
        group = key.map(lookup).fillna(group)
    return group
