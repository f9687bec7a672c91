"""What makes two claims one position: per claim its story, measure, scope, figure, as-of date and statement.

Read from a claims frame (ClaimSchema), returned as a frame of key columns aligned with the claims' rows. News
conventions behind the keys: a count tied to a dated event ("on January 19") is about that day; otherwise the day
its source said it, otherwise the day it was published. A city's figure is a part of the national one; a country
named as the place of a national figure narrows nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.compare.ladder import Ladder
from reconcile.compare.values import days, iso_dates, normalised, normalised_quotes
from reconcile.describe import format_numbers

DEFAULT_STORY = "corpus"
STATEMENT_PREFIX = "statement:"
# Covered periods this coarse that contain the as-of day ("this year's pilgrimage") narrow nothing.
COARSE_PRECISIONS = ("month", "year", "unknown")


def claim_keys(claims: pd.DataFrame, ladder: Ladder) -> pd.DataFrame:
    """Key columns for each claim: story, family, scope, figure, period, as_of (+ basis), statement.

    >>> claim_keys(claims, load_ladder())[["family", "figure", "as_of"]].iloc[0].tolist()  # doctest: +SKIP
    ['killed', '250', '2025-03-04']
    """
    kind = claims["kind"].astype("object").fillna("").astype(str).reset_index(drop=True)
    frame = claims.reset_index(drop=True)
    story = _text(frame["story"]).where(_text(frame["story"]).ne(""), DEFAULT_STORY)
    families = ladder.status_families
    family = frame["status"].astype("object").map(families).fillna("").astype(str).where(kind.eq("count"), "")
    keys = pd.DataFrame(
        {
            "story": story,
            "kind": kind,
            "subject": normalised(frame["subject"]).fillna("").astype(str),
            "family": family,
            "scope": _scopes(frame, kind),
            "figure": _figures(frame, kind),
        }
    )
    as_of, basis, period_from, period_to = _as_of(frame, kind)
    keys["as_of"], keys["as_of_basis"] = as_of, basis
    keys["period_from"], keys["period_to"] = period_from, period_to
    keys["statement"] = _statements(frame, kind)
    return keys


def _text(values: pd.Series) -> pd.Series:
    return values.astype("object").where(values.notna(), "").astype(str).str.strip().reset_index(drop=True)


def _scopes(frame: pd.DataFrame, kind: pd.Series) -> pd.Series:
    """The scope a count covers: the extractor's `scope`, else a place below country level ("in Lima")."""
    scope = normalised(frame["scope"]).fillna("").astype(str)
    place = normalised(frame["place"]).fillna("").astype(str)
    country = normalised(frame["place_country"]).fillna("").astype(str)
    # "3,000 troops in Russia" in a story about Russia narrows nothing; "70,000 in Lima" is a part of Peru.
    below_country = place.ne("") & place.ne(country) & country.ne("")
    scope = scope.where(scope.ne("") | ~below_country, place)
    return scope.where(kind.eq("count"), "")


def _figures(frame: pd.DataFrame, kind: pd.Series) -> pd.Series:
    """What the claim states, as a key: the number for counts ("about 4,000" and "at least 4,000" from one source
    are one figure), the interval for dates, the place, the route leg, the quote's words."""
    low = format_numbers(frame["value_low"])
    high = format_numbers(frame["value_high"])
    qualifier = frame["qualifier"].astype("object").fillna("exact").astype(str)
    number = low.where(low.ne(""), high)
    number = number.where(~qualifier.isin(["up_to", "less_than"]), high)
    number = number.where(qualifier.ne("range"), low + "-" + high)
    number = number.where(qualifier.ne("vague"), "~" + low)
    increment = frame["is_increment"].astype("object").fillna(False).astype(bool)
    count = np.where(increment, "+", "") + number
    date = _text(frame["refers_from"]) + ".." + _text(frame["refers_to"]) + "|" + _text(frame["date_direction"])
    place = normalised(frame["place"]).fillna(normalised(frame["place_region"])).fillna(
        normalised(frame["place_country"])).fillna("").astype(str)
    route = (normalised(frame["origin"]).fillna("") + ">" + normalised(frame["destination"]).fillna("") + "|"
             + normalised(frame["mode"]).fillna("") + "|" + _text(frame["leg"].astype("object")))
    quote = normalised_quotes(frame["quote_text"]).fillna("").astype(str)
    figure = pd.Series(count, dtype=object)
    figure = figure.where(kind.ne("date"), date).where(kind.ne("place"), place)
    return figure.where(kind.ne("route"), route).where(kind.ne("quote"), quote).astype(str)


def _as_of(frame: pd.DataFrame, kind: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As-of day and its basis, and the covered period of counts that cover more than their as-of day."""
    start, end = days(frame["refers_from"]), days(frame["refers_to"])
    stated, published = days(frame["stated_on"]), days(frame["published"])
    is_count = kind.eq("count").to_numpy()
    precision = frame["date_precision"].astype("object").fillna("unknown").to_numpy(dtype=object)
    # A count about one dated day ("marched on January 19", "against 26,000 on January 19") is about that event.
    event = is_count & (start == end) & np.isfinite(start)
    # "Last year, floods in the same basin killed 19", "the protests of July 2025, in which 23 died": a count about
    # a year or a month that ended before it was stated is as of that period's end, not of the day it was recalled;
    # a past month keeps the month it covers, a past year is one event
    dated = np.where(np.isfinite(stated), stated, published)
    # an undated article's count ("the 2023 crash killed 41") is recalled no earlier than its story's first dated day
    story = frame["story"].astype("object").fillna("").to_numpy(dtype=object)
    earliest = pd.Series(published).groupby(story).transform("min").to_numpy(dtype=float)
    recalled_by = np.where(np.isfinite(dated), dated, earliest)
    past = (is_count & np.isin(precision, ("year", "month")) & np.isfinite(end) & np.isfinite(recalled_by)
            & (end < recalled_by))
    event |= past & (precision == "year")
    # "By Thursday evening, 80 people had been detained", "Before Tuesday's disaster, floods had killed 112": a count
    # up to a day that had come when it was stated is as of that day (a day still to come is a target)
    until = is_count & (precision == "day") & ~np.isfinite(start) & np.isfinite(end) & ~(end > recalled_by)
    start = np.where(until, end, start)
    event |= until
    recalled = np.where(event, start, dated)
    as_of = np.where(past, end, recalled)
    basis = np.where(past, "past", np.where(event, "event", np.where(
        np.isfinite(stated), "statement", np.where(np.isfinite(published), "published", "unknown"))))
    spans = is_count & ~event & np.isfinite(start) & np.isfinite(end)
    coarse = np.isin(precision, COARSE_PRECISIONS) & (start <= recalled) & (recalled <= end)
    covered = spans & ~coarse
    period_from = np.where(covered, start, np.nan)
    period_to = np.where(covered, end, np.nan)
    return iso_dates(as_of), basis.astype(object), iso_dates(period_from), iso_dates(period_to)


def _statements(frame: pd.DataFrame, kind: pd.Series) -> pd.Series:
    """For a date or place of a speaker's statement: the quotes and figures said in the same sentence; for the date
    of another event: the figures of its sentence ("8,000 officers would be deployed on Saturday"), which tell two
    deployments of one story apart."""
    subject = frame["subject"].astype("object").fillna("").astype(str)
    of_statement = subject.str.startswith(STATEMENT_PREFIX)
    wanted = kind.isin(["date", "place"]) & of_statement
    of_event = kind.eq("date") & ~of_statement
    result = pd.Series("", index=frame.index, dtype=object)
    if not (wanted | of_event).any():
        return result
    sentence = frame["doc_id"].astype(str) + "\0" + frame["text"].astype(str)
    said = normalised_quotes(frame["quote_text"]).where(kind.eq("quote"))
    figures = format_numbers(frame["value_low"]).where(kind.eq("count") & frame["value_low"].notna())
    result = result.where(~wanted, _said_in(sentence, said.fillna(figures)))
    return result.where(~of_event, _said_in(sentence, figures))


def _said_in(sentence: pd.Series, content: pd.Series) -> pd.Series:
    """Per claim, the content of its sentence joined ("" when there is none)."""
    return sentence.map(_per_sentence(sentence, content)).astype(object).fillna("")


def _per_sentence(sentence: pd.Series, content: pd.Series) -> pd.Series:
    return (
        pd.DataFrame({"sentence": sentence, "content": content})
        .dropna()
        .drop_duplicates()
        .sort_values(["sentence", "content"])
        .groupby("sentence")["content"]
        .agg(" | ".join)
    )
