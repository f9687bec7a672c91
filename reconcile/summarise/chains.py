"""Revision chains: each source's timeline -> one finding per run of changing figures ("41 -> 68 -> 75").

A total that one chain follows (a toll) forms one chain however far apart its steps are; for other measures a step
more than the measure's `chain_gap_days` after the one before starts a new run (a crowd on another day is another
event, not a revision).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.compare import Ladder, count_intervals, family_of
from reconcile.describe import short_dates
from reconcile.summarise.sides import Candidate, distance

WEIGHT = 0.6


def chain_candidates(timelines: pd.DataFrame, ladder: Ladder, points: np.ndarray,
                     day_numbers: np.ndarray) -> list[Candidate]:
    """One candidate per run of one source's count timeline in which the figure changed at least once."""
    # An increment ("another 1,500") adds to a level; it is not a level of its own.
    figures = np.isfinite(points)
    counts = timelines[timelines["kind"].eq("count") & timelines["as_of"].notna() & ~timelines["is_increment"]
                       & figures]
    if counts.empty:
        return []
    low, high = count_intervals(timelines, ladder.tolerance("approx_relative"))
    family = family_of(timelines, ladder)
    measures = {m.family: m for _status, m in ladder.measures}
    when = short_dates(timelines["as_of"])
    event = ladder.is_event_count(timelines).to_numpy()
    candidates = []
    for _timeline, members in counts.sort_values(["timeline_id", "step"]).groupby("timeline_id", sort=True):
        rows = members.index.to_numpy()
        measure = measures.get(family.iloc[rows[0]])
        # A crowd's chain never spans days (a midday count, then the evening one); a toll's spans its whole course.
        window = 0.0 if event[rows[0]] or measure is None else measure.chain_gap_days
        for run in _runs(rows, day_numbers, window):
            distinct = _changes(run, low, high, timelines["doc_ids"], day_numbers, event[rows[0]])
            if len(distinct) < 2:
                continue
            steps = tuple(f"{timelines['value'].iloc[r]} ({when.iloc[r]})" for r in distinct)
            left, right = (int(distinct[0]),), tuple(int(r) for r in distinct[1:])
            severity = WEIGHT * distance(timelines, left, right, points, day_numbers)
            candidates.append(Candidate("revision", "count.revision_chain", "one source's figure over time",
                                        left, right, severity, steps))
    return candidates


def _runs(rows: np.ndarray, day_numbers: np.ndarray, window: float) -> list[np.ndarray]:
    gaps = np.diff(day_numbers[rows])
    cuts = np.flatnonzero(gaps > window) + 1
    return np.split(rows, cuts)


def _changes(run: np.ndarray, low: np.ndarray, high: np.ndarray, doc_ids: pd.Series, day_numbers: np.ndarray,
             event: bool) -> list[int]:
    """The steps of a run whose figure differs from the step kept before (overlapping readings are one figure).

    For a crowd, two figures of one day in two articles are two reports of one count (an attribution discrepancy),
    not an update: only an article that gives both makes the second a step.
    """
    kept = [int(run[0])]
    for row in run[1:]:
        last = kept[-1]
        if low[row] <= high[last] and low[last] <= high[row]:
            continue
        if event and day_numbers[row] == day_numbers[last] and not set(doc_ids.iloc[row]) & set(doc_ids.iloc[last]):
            continue
        kept.append(int(row))
    return kept
