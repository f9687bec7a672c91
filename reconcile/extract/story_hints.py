"""What an article borrows from the other articles of its story: the country the story is told from, the year
an undated article is read in, and the regions the story names.

An article that names no country ("the state said", "the official count") is read in its story's; an article with
no publication date reads "January 19" in its story's year; "six deaths in Akwaro" narrows a count to a region
when any article of the story calls Akwaro a state. All three come from every readable article of the story,
so they are computed over the whole corpus before documents are split into tasks, processes or Dask partitions
(`story_votes` per part, `story_hints` over all the votes, `with_story_hints` per part), and the claims do not
depend on how the corpus was split.
"""

from __future__ import annotations

import pandas as pd

from reconcile.extract.documents import as_date, readable_records
from reconcile.extract.setting import named_regions, text_home

__all__ = ["HINT_COLUMNS", "story_hints", "story_votes", "with_corpus_story_hints", "with_story_hints"]

# The columns a document row carries into extraction; `extract_documents` reads them, nothing writes them out.
HOME_COLUMN, YEAR_COLUMN, REGIONS_COLUMN = "_story_home", "_year_hint", "_story_regions"
HINT_COLUMNS = (HOME_COLUMN, YEAR_COLUMN, REGIONS_COLUMN)
VOTE_COLUMNS = ["story", "home", "year", "regions"]
# Regions are carried as one string, joined with this (a region's name never holds it).
REGION_SEPARATOR = "|"
# A corpus without stories is one story for this purpose.
NO_STORY = ""


def story_votes(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per readable document: its story, the country its text names most (or None), its publication year
    (or None) and the regions it names (joined, sorted)."""
    rows = []
    for record in readable_records(documents):
        published = as_date(record.get("published"))
        rows.append({"story": _story_of(record), "home": text_home(record["text"]) or None,
                     "year": published.year if published is not None else None,
                     "regions": REGION_SEPARATOR.join(sorted(named_regions(record["text"])))})
    return pd.DataFrame(rows, columns=VOTE_COLUMNS).astype(object)


def story_hints(votes: pd.DataFrame) -> pd.DataFrame:
    """Per story: the country most of its articles name (ties: the alphabetically first), the median
    publication year of its dated articles (the lower middle one for an even count) and every region its
    articles name."""
    hints: dict[str, dict] = {}
    for story, group in votes.groupby("story", sort=True):
        homes = group["home"].dropna().value_counts()
        years = sorted(int(year) for year in group["year"].dropna())
        home = min(homes.index, key=lambda country: (-homes[country], country)) if len(homes) else None
        regions = sorted({name for joined in group["regions"].dropna() for name in str(joined).split(REGION_SEPARATOR)
                          if name})
        hints[story] = {"story": story, "home": home, "year": years[(len(years) - 1) // 2] if years else None,
                        "regions": REGION_SEPARATOR.join(regions)}
    return pd.DataFrame(list(hints.values()), columns=VOTE_COLUMNS).astype(object)


def with_story_hints(documents: pd.DataFrame, hints: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of `documents` with the story's home country, its regions and, for undated articles, the story's
    year. Without `hints`, they are computed from these documents alone."""
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
    return documents.assign(**{HOME_COLUMN: pd.Series(homes, index=documents.index, dtype=object),
                               YEAR_COLUMN: pd.Series(years, index=documents.index, dtype=object),
                               REGIONS_COLUMN: pd.Series(regions, index=documents.index, dtype=object)})


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
