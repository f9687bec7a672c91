"""Corpus stage, stories: documents -> documents with `story` (which event of the corpus each article is about).

A corpus may hold several stories, and claims of different stories must never be compared. The manifest's `story`
column is kept when given. Other articles are grouped by what they name: a story is told with the same people,
places and organisations (and, less strongly, the same key nouns), while two stories share little beyond
outlets, dates and common words. Each article gets a lexical signature (no parser needed, so this costs no spaCy
load), signatures are weighted by rarity in the corpus (smoothed tf-idf) and compared by cosine similarity, and
articles are grouped by average-linkage clustering (scipy) cut at a similarity threshold. The settings and what
they were measured on are in data/story_grouping.csv. A story's id is built from the names most shared by its
articles and most distinctive of them ("harbour-valmora"), so it is readable and stays the same for the same input.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import justext
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from reconcile.corpus.metadata import outlet_words
from reconcile.rules import load_story_settings

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
# After one of these (or a line break) a capital letter opens a sentence, a heading or a quote: no evidence of a name.
OPENERS = frozenset(".!?…:;\"“”‘’«»()[]{}—–-•|")
NAME, NOUN = "name", "noun"


@dataclass(frozen=True)
class _Signatures:
    """Per document, its names and key nouns with their counts."""

    names: list[Counter]
    nouns: list[Counter]


def assign_stories(documents: pd.DataFrame, settings: dict[str, float] | None = None) -> pd.DataFrame:
    """Fill `story` for readable documents the manifest gives no story: a copy, with `story_source` 'inferred'.

    Documents grouped with manifest-labelled ones take the label most of those carry; others get an id built
    from their shared names.

    >>> assign_stories(documents)[["doc_id", "story", "story_source"]]  # doctest: +SKIP
    """
    settings = settings or load_story_settings()
    stories = documents.copy()
    if "story_source" not in stories.columns:
        stories["story_source"] = "unknown"
    ok = stories.index[stories["status"] == "ok"].tolist()
    labelled = stories["story_source"].eq("manifest") & stories["story"].notna()
    if not ok or labelled[ok].all():
        return stories
    texts = stories.loc[ok, "text"].astype(str).tolist()
    signatures = _signatures(texts, settings)
    groups = _groups(_weights(signatures, settings), settings)
    ids = _story_ids(groups, signatures, settings, [str(d) for d in stories.loc[ok, "doc_id"]])
    for group, story_id in zip(_members(groups), ids):
        rows = [ok[i] for i in group]
        given = Counter(stories.loc[r, "story"] for r in rows if labelled[r])
        chosen = min(given, key=lambda label: (-given[label], label)) if given else story_id
        unlabelled = [r for r in rows if not labelled[r]]
        stories.loc[unlabelled, "story"] = chosen
        stories.loc[unlabelled, "story_source"] = "inferred"
    return stories


def story_signature(text: str) -> dict[str, list[str]]:
    """The names and key nouns a text would be grouped by, most frequent first (for inspecting a grouping).

    >>> story_signature("Floods hit Valmora. Rescuers in Valmora said the floods rose.")["names"]
    ['valmora']
    """
    signatures = _signatures([text], load_story_settings())
    return {kind: [term for term, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
            for kind, counts in (("names", signatures.names[0]), ("nouns", signatures.nouns[0]))}


# --- signatures --------------------------------------------------------------------------------------------------


def _signatures(texts: list[str], settings: dict[str, float]) -> _Signatures:
    tokens = [list(_tokens(text)) for text in texts]
    # A word is a name when the corpus writes it capitalised mid-sentence more often than in lower case: "Valmora"
    # always, "Ministry" in a title but "ministry" in running text.
    capitalised = Counter(word.casefold() for doc in tokens for word, opens in doc if word[0].isupper() and not opens)
    lower = Counter(word for doc in tokens for word, _opens in doc if word[0].islower())
    common = _common_words()
    names_of, nouns_of = [], []
    for doc in tokens:
        names, nouns = Counter(), Counter()
        for word, _opens in doc:
            key = word.casefold()
            if key in common or len(key) < 2:
                continue
            if word[0].isupper() and capitalised[key] > lower[key]:
                names[key] += 1
            elif word[0].islower() and len(key) >= settings["min_noun_length"]:
                nouns[key] += 1
        names_of.append(names)
        nouns_of.append(Counter({w: c for w, c in nouns.items() if c >= settings["min_noun_count"]}))
    return _Signatures(names_of, nouns_of)


def _tokens(text: str):
    """(word, opens_a_sentence) for every word; possessive 's is dropped ("Valmora's" counts as "Valmora")."""
    previous_end = 0
    for match in WORD.finditer(text):
        gap = text[previous_end:match.start()]
        marks = gap.strip()
        opens = previous_end == 0 or "\n" in gap or (bool(marks) and marks[-1] in OPENERS)
        previous_end = match.end()
        word = POSSESSIVE.sub("", match.group())
        if word:
            yield word, opens


@lru_cache(maxsize=1)
def _common_words_shipped() -> frozenset[str]:
    # jusText's English stoplist (the most frequent English words), with the calendar: never what a story is about.
    stoplist = {word.casefold() for word in justext.get_stoplist("English")}
    months = {name.casefold() for name in (*calendar.month_name[1:], *calendar.month_abbr[1:])}
    days = {name.casefold() for name in (*calendar.day_name, *calendar.day_abbr)}
    return frozenset(stoplist | months | days)


def _common_words() -> frozenset[str]:
    # Outlet names are credits, shared by every story an agency covers.
    return _common_words_shipped() | outlet_words()


# --- similarity and grouping -------------------------------------------------------------------------------------


def _weights(signatures: _Signatures, settings: dict[str, float]) -> sparse.csr_matrix:
    """One L2-normalised row per document: (1 + log count) x smoothed idf, key nouns scaled by noun_weight."""
    vocabulary: dict[tuple[str, str], int] = {}
    rows, columns, values = [], [], []
    for row, (names, nouns) in enumerate(zip(signatures.names, signatures.nouns)):
        for kind, counts, scale in ((NAME, names, 1.0), (NOUN, nouns, settings["noun_weight"])):
            for term in sorted(counts):
                column = vocabulary.setdefault((kind, term), len(vocabulary))
                rows.append(row)
                columns.append(column)
                values.append(scale * (1.0 + math.log(counts[term])))
    shape = (len(signatures.names), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=shape, dtype="float64")
    frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    idf = np.log((1.0 + shape[0]) / (1.0 + frequency)) + 1.0
    weighted = matrix @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    return sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weighted


def _groups(weights: sparse.csr_matrix, settings: dict[str, float]) -> np.ndarray:
    """A group label per document: average-linkage clusters cut where the mean similarity drops below the threshold."""
    count = weights.shape[0]
    if count == 1 or count > settings["max_documents"]:
        return np.ones(count, dtype=int)
    # In place: for thousands of documents the square matrix is the largest object of the corpus stage.
    distance = (weights @ weights.T).toarray()
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, 1.0, out=distance)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=1.0 - settings["min_similarity"], criterion="distance")


def _members(groups: np.ndarray) -> list[list[int]]:
    """Document positions per group, groups ordered by their first document (doc_id order)."""
    members: dict[int, list[int]] = {}
    for position, group in enumerate(groups.tolist()):
        members.setdefault(group, []).append(position)
    return list(members.values())


# --- readable ids ------------------------------------------------------------------------------------------------


def _story_ids(groups: np.ndarray, signatures: _Signatures, settings: dict[str, float],
               doc_ids: list[str]) -> list[str]:
    members = _members(groups)
    size = int(settings["id_names"])
    # How many documents of the whole corpus carry each term, counted once.
    everywhere = {NAME: Counter(term for counts in signatures.names for term in counts),
                  NOUN: Counter(term for counts in signatures.nouns for term in counts)}
    ranked = [_distinctive_terms(group, signatures, everywhere) for group in members]
    ids: list[str] = []
    for group, terms in zip(members, ranked):
        story_id = "-".join(_slug(term) for term in terms[:size]) or f"story-{_slug(doc_ids[group[0]])}"
        # Two groups sharing their leading names: one more name tells them apart, else a number in doc_id order.
        extra = size
        while story_id in ids and extra < len(terms):
            extra += 1
            story_id = "-".join(_slug(term) for term in terms[:extra])
        base, number = story_id, 2
        while story_id in ids:
            story_id, number = f"{base}-{number}", number + 1
        ids.append(story_id)
    return ids


def _distinctive_terms(group: list[int], signatures: _Signatures, everywhere: dict[str, Counter]) -> list[str]:
    """Names (else key nouns) of a group: most shared inside it and least found outside it first."""
    outsiders = max(len(signatures.names) - len(group), 1)
    for kind in (NAME, NOUN):
        counts = signatures.names if kind == NAME else signatures.nouns
        inside = Counter(term for i in group for term in counts[i])
        mentions = sum((counts[i] for i in group), Counter())

        def rank(term: str, inside=inside, mentions=mentions, kind=kind) -> tuple:
            outside = everywhere[kind][term] - inside[term]
            return (-(inside[term] / len(group) - outside / outsiders), -mentions[term], term)

        if inside:
            return sorted(inside, key=rank)
    return []


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
