"""What an article borrows from the other articles of its story: the country the story is told from, the year
an undated article is read in, the regions the story names, the countries of the towns it places ("NDJARA,
Cameroon, March 16 (AFP) -" places Ndjara for an article datelined "NDJARA –"), and the town of an article about
another incident.

An article that names no country ("the state said", "the official count") is read in its story's; an article with
no publication date reads "January 19" in its story's year; "six deaths in Akwaro" narrows a count to a region
when any article of the story calls Akwaro a state. An article whose headline and lead both place it in a town that
no other article of a story of three or more names at all ("Four killed in Karnapur shoe factory blaze" among
articles about a fire in Sabujganj) is about another incident: its figures take that town as their scope. All of
them come from every readable article of the story, so they are computed over the whole corpus before
documents are split into tasks, processes or Dask partitions (`story_votes` per part, `story_hints` over all the
votes, `with_story_hints` per part), and the claims do not depend on how the corpus was split.
"""

from __future__ import annotations

import re

import pandas as pd

from reconcile.extract.documents import as_date, readable_records
from reconcile.extract.setting import headline_places, named_regions, qualified_towns, text_home

__all__ = ["HINT_COLUMNS", "story_hints", "story_votes", "with_corpus_story_hints", "with_story_hints"]

# The columns a document row carries into extraction; `extract_documents` reads them, nothing writes them out.
HOME_COLUMN, YEAR_COLUMN, REGIONS_COLUMN, PLACE_COLUMN = "_story_home", "_year_hint", "_story_regions", "_article_place"
TOWNS_COLUMN = "_story_towns"
HINT_COLUMNS = (HOME_COLUMN, YEAR_COLUMN, REGIONS_COLUMN, PLACE_COLUMN, TOWNS_COLUMN)
VOTE_COLUMNS = ["story", "home", "year", "regions", "lead_places", "names", "towns"]
# An article is about another incident only in a story of at least this many articles (a main story to stand apart
# from).
MIN_ARTICLES_FOR_ANOTHER_INCIDENT = 3
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+\b")
# Regions are carried as one string, joined with this (a region's name never holds it).
REGION_SEPARATOR = "|"
# A corpus without stories is one story for this purpose.
NO_STORY = ""


def story_votes(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per readable document: its story, the country its text names most (or None), its publication year
    (or None), the regions it names, the places its headline and lead both name, and its capitalised words (each
    joined, sorted)."""
    rows = []
    for record in readable_records(documents):
        published = as_date(record.get("published"))
        year = published.year if published is not None else None
        rows.append({"story": _story_of(record), "home": text_home(record["text"], year) or None,
                     "year": published.year if published is not None else None,
                     "regions": REGION_SEPARATOR.join(sorted(named_regions(record["text"]))),
                     "lead_places": REGION_SEPARATOR.join(sorted(_own_lead_places(record["text"]))),
                     "names": REGION_SEPARATOR.join(sorted(set(_CAPITALISED_WORD.findall(record["text"])))),
                     "towns": REGION_SEPARATOR.join(sorted(f"{town}={country}"
                                                           for town, country in qualified_towns(record["text"])))})
    return pd.DataFrame(rows, columns=VOTE_COLUMNS).astype(object)


def story_hints(votes: pd.DataFrame) -> pd.DataFrame:
    """Per story: the country most of its articles name (ties: the alphabetically first), the median
    publication year of its dated articles (the lower middle one for an even count), every region its
    articles name, and how many of its articles name each place a headline and lead both name ("name:count")."""
    hints: dict[str, dict] = {}
    for story, group in votes.groupby("story", sort=True):
        homes = group["home"].dropna().value_counts()
        years = sorted(int(year) for year in group["year"].dropna())
        home = min(homes.index, key=lambda country: (-homes[country], country)) if len(homes) else None
        regions = sorted({name for joined in group["regions"].dropna() for name in str(joined).split(REGION_SEPARATOR)
                          if name})
        # how many articles of the story name each place that some headline and lead name, as "name:count"
        candidates = {name for joined in group["lead_places"].dropna() for name in str(joined).split(REGION_SEPARATOR)
                      if name}
        names = [set(str(joined).split(REGION_SEPARATOR)) for joined in group["names"].fillna("")]
        named = {name: sum(1 for words in names if name.split()[0].split("-")[0] in words) for name in candidates}
        if len(group) < MIN_ARTICLES_FOR_ANOTHER_INCIDENT:
            named = {}
        # a town placed in two countries by the story's articles is placed in neither
        placed: dict[str, set] = {}
        for joined in group["towns"].dropna():
            for item in str(joined).split(REGION_SEPARATOR):
                if "=" in item:
                    town, country = item.split("=", 1)
                    placed.setdefault(town, set()).add(country)
        towns = REGION_SEPARATOR.join(f"{town}={next(iter(countries))}" for town, countries in sorted(placed.items())
                                      if len(countries) == 1)
        hints[story] = {"story": story, "home": home, "year": years[(len(years) - 1) // 2] if years else None,
                        "regions": REGION_SEPARATOR.join(regions),
                        "lead_places": REGION_SEPARATOR.join(f"{name}:{count}"
                                                             for name, count in sorted(named.items())),
                        "towns": towns}
    return pd.DataFrame(list(hints.values()), columns=VOTE_COLUMNS).astype(object)


def with_story_hints(documents: pd.DataFrame, hints: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of `documents` with the story's home country, its regions, the article's own town when it is about
    another incident and, for undated articles, the story's year. Without `hints`, they are computed from these
    documents alone."""
    if hints is None:
        hints = story_hints(story_votes(documents))
    by_story = hints.set_index("story") if len(hints) else None
    stories = (documents["story"] if "story" in documents.columns else pd.Series(None, index=documents.index))
    keys = [story if isinstance(story, str) and story else NO_STORY for story in stories]
    dated = [as_date(value) is not None for value in documents.get("published", pd.Series(None, index=documents.index))]
    found = by_story is not None
    homes = [_present(by_story["home"].get(key)) if found else None for key in keys]
    years = [None if is_dated or not found else _present(by_story["year"].get(key))
             for key, is_dated in zip(keys, dated, strict=True)]
    regions = [(_present(by_story["regions"].get(key)) or None) if found else None for key in keys]
    counts = [_present(by_story["lead_places"].get(key)) if found else None for key in keys]
    texts = documents["text"] if "text" in documents.columns else pd.Series(None, index=documents.index)
    places = [_article_place(text, count) for text, count in zip(texts, counts, strict=True)]
    towns = [(_present(by_story["towns"].get(key)) or None) if found else None for key in keys]
    return documents.assign(**{HOME_COLUMN: pd.Series(homes, index=documents.index, dtype=object),
                               YEAR_COLUMN: pd.Series(years, index=documents.index, dtype=object),
                               REGIONS_COLUMN: pd.Series(regions, index=documents.index, dtype=object),
                               PLACE_COLUMN: pd.Series(places, index=documents.index, dtype=object),
                               TOWNS_COLUMN: pd.Series(towns, index=documents.index, dtype=object)})


def _article_place(text, counts: str | None) -> str | None:
    """The one town both the headline and the lead name that no other article of the story names at all."""
    if not isinstance(text, str) or not counts:
        return None
    named = dict(item.rsplit(":", 1) for item in counts.split(REGION_SEPARATOR) if ":" in item)
    own = sorted(name for name in _own_lead_places(text) if named.get(name) == "1")
    return own[0] if len(own) == 1 else None


def _own_lead_places(text: str) -> frozenset[str]:
    """The places both the headline and the lead name."""
    headline, lead = headline_places(text)
    return headline & lead


def with_corpus_story_hints(documents):
    """`with_story_hints` over the whole corpus, for a pandas frame or a partitioned (Dask) one: the votes of every
    partition are gathered, and each partition gets the same hints."""
    if isinstance(documents, pd.DataFrame):
        return with_story_hints(documents)
    votes = documents.map_partitions(story_votes, meta=pd.DataFrame(columns=VOTE_COLUMNS, dtype=object)).compute()
    hints = story_hints(votes)
    return documents.map_partitions(with_story_hints, hints, meta=with_story_hints(documents._meta, hints))


def _present(value):
    return None if value is None or value != value else value  # a missing hint is None, never NaN


def _story_of(record: dict) -> str:
    story = record.get("story")
    return story if isinstance(story, str) and story else NO_STORY
