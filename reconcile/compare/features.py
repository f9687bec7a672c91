"""Per-position features: every predicate reads these arrays, gathered by the pair's row positions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.compare.keys import STATEMENT_PREFIX
from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.compare.timelines import family_of
from reconcile.vocab import COLLECTED_BODIES, PARTITIVE_SCOPE, STATED_AS_OF_BASES
from reconcile.compare.values import (
    codes,
    count_intervals,
    date_intervals,
    days,
    normalised,
    normalised_quotes,
    point_values,
)


@dataclass(frozen=True)
class Features:
    """Per-position arrays (codes for names, floats for intervals and days), aligned with the positions' rows."""

    kind: np.ndarray
    subject: np.ndarray
    event: np.ndarray
    is_statement: np.ndarray
    # the subject is people with no name or kind ("relatives waited outside on Thursday"): their doings are no event
    # of the story's own
    unnamed_people: np.ndarray
    status: np.ndarray
    family: np.ndarray
    family_name: np.ndarray
    grows: np.ndarray
    shrinks: np.ndarray
    event_subject: np.ndarray
    unnamed_fate: np.ndarray
    # the subject names no side ("troops", "deaths") in a story whose counts name two or more ("armenian_troops",
    # "azerbaijani_troops"): which side it counts is left to the source
    side_unnamed: np.ndarray
    # the country of an official source ("official:armenia" -> code of "armenia"), -1 for other sources
    official_country: np.ndarray
    group: np.ndarray
    attributed: np.ndarray
    docs: np.ndarray
    outlets: np.ndarray
    low: np.ndarray
    # the interval with round figures read as estimates ("200,000 marched" as about 200,000)
    estimate_low: np.ndarray
    estimate_high: np.ndarray
    high: np.ndarray
    point: np.ndarray
    exact: np.ndarray
    vague: np.ndarray
    has_values: np.ndarray
    increment: np.ndarray
    day: np.ndarray
    inferred: np.ndarray
    past: np.ndarray  # as of the end of a period that had ended when it was stated
    event_day: np.ndarray  # as of the day of the dated event it counts ("killed on Thursday")
    casualty: np.ndarray  # a date of people killed or hurt ("died on Friday")
    scope: np.ndarray
    # the scope is one part of a larger count ("Nineteen of them died at home")
    partitive: np.ndarray
    # code of the record a position counts ("burial permits"), -1 when none
    record: np.ndarray
    # the position counts bodies a service collected, of every cause (vocab.COLLECTED_BODIES)
    collected: np.ndarray
    whole: np.ndarray
    period_low: np.ndarray
    period_high: np.ndarray
    has_period: np.ndarray
    precision: np.ndarray
    bound: np.ndarray
    place: np.ndarray
    place_most_specific: np.ndarray
    region: np.ndarray
    place_country: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    mode: np.ndarray
    leg: np.ndarray
    quote: np.ndarray
    quote_code: np.ndarray
    statement: np.ndarray
    names: np.ndarray


def position_features(positions: pd.DataFrame, ladder: Ladder | None = None) -> Features:
    """Vectorised per-position features used by the predicates.

    >>> position_features(timelines).low  # doctest: +SKIP
    array([180., 200.])
    """
    ladder = ladder or load_ladder()
    frame = positions.reset_index(drop=True)
    kind = frame["kind"].astype("object").fillna("").astype(str).to_numpy(dtype=object)
    low, high = count_intervals(frame, ladder.tolerance("approx_relative"))
    estimate_low, estimate_high = count_intervals(frame, ladder.tolerance("approx_relative"),
                                                  ladder.tolerance("round_estimate_from"))
    period_low, period_high, precision, bound = date_intervals(frame)
    # Places, regions, countries and route ends share one code book, so "Italy" as a place equals "Italy" as
    # the country of "Rome".
    place_columns = ["place", "place_region", "place_country", "origin", "destination"]
    stacked = pd.concat([normalised(frame[c]) for c in place_columns], ignore_index=True)
    place_codes, names = pd.factorize(stacked)
    split = np.split(place_codes, len(place_columns))
    specific = np.where(split[0] >= 0, split[0], np.where(split[1] >= 0, split[1], split[2]))
    quotes = normalised_quotes(frame["quote_text"])
    family = family_of(frame, ladder)
    grows = {m.family: m.grows for _status, m in ladder.measures}
    scope = frame["scope"].astype("object").fillna("")
    qualifier = frame["qualifier"].astype("object").fillna("exact")
    event_count = ladder.is_event_count(frame).to_numpy()
    return Features(
        kind=kind,
        subject=codes(frame["subject"]),
        event=codes(normalised(frame["event"])),
        casualty=frame["event"].astype("object").fillna("").astype(str).str.startswith("casualty").to_numpy(),
        is_statement=frame["subject"].astype(str).str.startswith(STATEMENT_PREFIX).to_numpy(),
        unnamed_people=frame["subject"].astype("object").fillna("").astype(str).eq("people").to_numpy(),
        status=codes(frame["status"]),
        family=codes(family.where(family.ne(""))),
        family_name=family.to_numpy(dtype=object),
        event_subject=event_count,
        unnamed_fate=ladder.names_no_fate(frame).to_numpy(),
        side_unnamed=_side_unnamed(frame),
        official_country=codes(frame["source_group"].astype("object").str.extract(r"^official:([^:]+)")[0]),
        # A crowd does not grow from one day to the next: another day's crowd is another event.
        grows=family.map(grows).fillna(False).astype(bool).to_numpy() & ~event_count,
        shrinks=ladder.shrinks(frame).to_numpy(),
        group=codes(frame["source_group"]),
        attributed=frame["attributed"].astype(bool).to_numpy(),
        docs=frame["doc_ids"].map(frozenset).to_numpy(dtype=object),
        outlets=frame["outlets"].map(frozenset).to_numpy(dtype=object),
        low=low,
        high=high,
        estimate_low=estimate_low,
        estimate_high=estimate_high,
        point=point_values(frame),
        exact=qualifier.isin(["exact"]).to_numpy(),
        vague=qualifier.eq("vague").to_numpy(),
        has_values=~np.isnan(low) & ~np.isnan(high),
        increment=frame["is_increment"].astype("object").fillna(False).astype(bool).to_numpy(),
        day=days(frame["as_of"]),
        inferred=~frame["as_of_basis"].isin(STATED_AS_OF_BASES).to_numpy(),
        past=frame["as_of_basis"].eq("past").to_numpy(dtype=bool),
        event_day=frame["as_of_basis"].eq("event").to_numpy(dtype=bool),
        scope=codes(scope),
        partitive=scope.str.contains(PARTITIVE_SCOPE, regex=False).to_numpy(dtype=bool),
        record=codes(frame["record"]),
        collected=frame["record"].astype("object").eq(COLLECTED_BODIES).to_numpy(dtype=bool),
        whole=scope.eq("").to_numpy(),
        period_low=period_low,
        period_high=period_high,
        has_period=~np.isnan(period_low) & ~np.isnan(period_high),
        precision=precision,
        bound=bound,
        place=split[0],
        place_most_specific=specific,
        region=split[1],
        place_country=split[2],
        origin=split[3],
        destination=split[4],
        mode=codes(normalised(frame["mode"])),
        leg=pd.to_numeric(frame["leg"], errors="coerce").to_numpy(dtype=float),
        quote=quotes.to_numpy(dtype=object),
        quote_code=codes(quotes),
        statement=frame["statement"].astype("object").fillna("").astype(str).to_numpy(dtype=object),
        names=np.asarray(names, dtype=object),
    )


def _side_unnamed(frame: pd.DataFrame) -> np.ndarray:
    """Subjects with no side ("deaths", "troops") in stories where two or more sides are counted: a subject key
    "<side>_<class>" names a side, and a story counts two sides when two prefixes share one class."""
    subject = frame["subject"].astype("object").fillna("").astype(str)
    story = frame["story"].astype("object").fillna("").astype(str)
    named = subject.str.contains("_", regex=False) & ~subject.str.startswith(STATEMENT_PREFIX)
    classes = subject[named].str.rsplit("_", n=1).str[-1]
    sides = pd.DataFrame({"story": story[named], "class": classes, "subject": subject[named]})
    two_sided = sides.groupby(["story", "class"])["subject"].nunique()
    stories = set(two_sided[two_sided >= 2].index.get_level_values("story"))
    return (~named & subject.ne("") & story.isin(stories)).to_numpy()


@dataclass(frozen=True)
class Sides:
    """The features of the left and right positions of each pair, plus the ladder's tolerances."""

    features: Features
    left: np.ndarray
    right: np.ndarray
    ladder: Ladder

    def both(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        values = getattr(self.features, name)
        return values[self.left], values[self.right]
