"""Synthetic claims for benchmarks and property tests: (n, seed, workload) -> ClaimSchema frame, deterministic.

The spread imitates a news corpus: many stories (subjects), each covered for a few weeks; a handful of figures
in circulation per story, relayed by many outlets from fewer original sources; wording that rounds, hedges and
bounds; a few increments ("another 120") and date claims among the counts.

Two workloads: `even` spreads claims evenly over subjects (about 20 each); `skewed` is what real corpora look like,
a few subjects holding most claims (subjects drawn from a Zipf law, a = 1.3), each covered by several sources
over weeks of as-of dates, so one key can hold tens of thousands of claims.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from reconcile.schema import ClaimSchema, columns_of

_TOPICS = np.array(
    ["flood_deaths", "quake_deaths", "protest_size", "evacuees", "troops", "displaced", "missing", "injured"],
    dtype=object,
)
_COUNTRIES = np.array(
    ["Peru", "Chile", "Kenya", "Japan", "Norway", "India", "Canada", "Ghana", "Italy", "Nepal", "International"],
    dtype=object,
)
_QUALIFIERS = np.array(["exact", "approx", "at_least", "more_than", "up_to", "range", "vague"], dtype=object)
_QUALIFIER_WEIGHTS = np.array([0.38, 0.30, 0.10, 0.10, 0.04, 0.05, 0.03])
_STATUSES = np.array(["present", "sent", "deployed", "planned", "killed", "wounded", "casualties", "other"], dtype=object)
_STATUS_WEIGHTS = np.array([0.22, 0.12, 0.06, 0.08, 0.26, 0.14, 0.08, 0.04])
_PRECISIONS = np.array(["day", "week", "part_of_month", "month"], dtype=object)
CLAIMS_PER_SUBJECT = 20
FIGURES_PER_SUBJECT = 3


WORKLOADS = ("even", "skewed")
ZIPF_A = 1.3
SOURCES_PER_SUBJECT = 12


def synthetic_claims(n: int, seed: int = 0, workload: str = "even") -> DataFrame[ClaimSchema]:
    """`n` valid synthetic claims; the same (n, seed, workload) always gives the same frame.

    >>> len(synthetic_claims(100)), synthetic_claims(100).equals(synthetic_claims(100))
    (100, True)
    """
    if workload not in WORKLOADS:
        raise ValueError(f"unknown workload {workload!r}; choose one of {', '.join(WORKLOADS)}")
    rng = np.random.default_rng(seed)
    n = int(n)
    n_subjects = max(1, n // CLAIMS_PER_SUBJECT)
    n_sources = max(5, n // 100)
    index = np.arange(n)
    subject, day = _subjects_and_days(rng, n, n_subjects, workload)
    subject_names = _TOPICS[np.arange(n_subjects) % len(_TOPICS)] + "_" + _zero_padded(np.arange(n_subjects), 6)
    low, high, qualifier, increment, status = _figures(rng, n, subject, n_subjects)
    if workload == "skewed":
        # Each subject is covered by its own few sources (agencies, ministries, organisers), not by all of them.
        source = (subject * 7 + rng.integers(0, SOURCES_PER_SUBJECT, n)) % n_sources
    else:
        source = rng.integers(0, n_sources, n)
    source_country = _COUNTRIES[np.arange(n_sources) % len(_COUNTRIES)][source]
    has_org = rng.random(n) < 0.8
    has_speaker = rng.random(n) < 0.5
    doc = index // 5
    outlet = "Outlet " + _zero_padded(rng.integers(0, max(3, min(400, n // 50)), doc.max() + 1 if n else 0), 3)
    published_day = day + rng.integers(0, 3, n)
    stated = rng.random(n) < 0.7

    is_date = rng.random(n) < 0.08
    precision = rng.choice(_PRECISIONS, n)
    width = np.select([precision == "week", precision == "part_of_month", precision == "month"], [6, 13, 29], 0)

    claims = pd.DataFrame(
        {
            "claim_id": "syn" + _zero_padded(index, 8),
            "doc_id": "doc" + _zero_padded(doc, 7),
            "outlet": outlet[doc] if n else np.array([], dtype=object),
            "published": _iso(published_day),
            "kind": np.where(is_date, "date", "count").astype(object),
            "subject": subject_names[subject],
            "status": np.where(is_date, None, status),
            "value_low": np.where(is_date, np.nan, low),
            "value_high": np.where(is_date, np.nan, high),
            "qualifier": np.where(is_date, None, qualifier),
            "is_increment": ~is_date & increment,
            "speaker": np.where(has_speaker, "Spokesperson " + _zero_padded(source, 5), None),
            "source_org": np.where(has_org, "Agency " + _zero_padded(source, 5), None),
            "source_country": source_country,
            "via": np.where(rng.random(n) < 0.1, "Lawmaker " + _zero_padded(rng.integers(0, 50, n), 2), None),
            "cue": "said",
            "stated_on": np.where(stated, _iso(day), None),
            "refers_from": np.where(is_date, _iso(day - width), None),
            "refers_to": np.where(is_date, _iso(day), None),
            "date_precision": np.where(is_date, precision, None),
            "event": np.where(is_date, "onset", None),
            "text": "Synthetic sentence " + _zero_padded(index, 8) + ".",
            "start": np.zeros(n, dtype=np.int64),
            "end": np.full(n, 10, dtype=np.int64),
        }
    )
    for column in columns_of(ClaimSchema):
        if column not in claims:
            claims[column] = pd.Series(np.nan, index=claims.index, dtype="object")
    return ClaimSchema.validate(claims[columns_of(ClaimSchema)])


def _subjects_and_days(rng: np.random.Generator, n: int, n_subjects: int, workload: str) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's subject and day number."""
    if workload == "skewed":
        # A few subjects hold most claims: ranks drawn from a Zipf law, folded into the subject range.
        subject = (rng.zipf(ZIPF_A, n) - 1) % n_subjects
    else:
        subject = rng.integers(0, n_subjects, n)
    story_start = rng.integers(0, 3 * 365, n_subjects)
    # Coverage is heaviest in the first days of a story and thins out over the following weeks; a skewed story is
    # followed for months.
    spread_days = 6.0 if workload == "even" else 20.0
    day = story_start[subject] + np.minimum(rng.exponential(spread_days, n), 120).astype(np.int64)
    return subject, day


def _figures(rng: np.random.Generator, n: int, subject: np.ndarray, n_subjects: int) -> tuple[np.ndarray, ...]:
    """Each count's low and high bound, qualifier, increment flag and status."""
    # A few figures circulate per story: rounded to two significant digits, as reporters quote them.
    base = 10 ** rng.uniform(1.3, 4.7, n_subjects)
    spread = np.column_stack([np.ones(n_subjects), rng.uniform(1.5, 4.0, n_subjects), rng.uniform(0.3, 0.8, n_subjects)])
    figures = _two_significant(base[:, None] * spread)
    figure = figures[subject, rng.integers(0, FIGURES_PER_SUBJECT, n)]
    qualifier = rng.choice(_QUALIFIERS, n, p=_QUALIFIER_WEIGHTS)
    is_range = (qualifier == "range") | (qualifier == "vague")
    low = np.where(is_range, _two_significant(figure * 0.8), figure)
    high = np.where(is_range, _two_significant(figure * 1.25), figure)
    high = np.where(np.isin(qualifier, ["at_least", "more_than"]), np.nan, high)
    low = np.where(qualifier == "up_to", np.nan, low)
    increment = rng.random(n) < 0.03
    # Most claims of a story share its main status (a death toll is mostly "killed"); some report another scope.
    main_status = rng.choice(_STATUSES, n_subjects, p=_STATUS_WEIGHTS)
    status = np.where(rng.random(n) < 0.75, main_status[subject], rng.choice(_STATUSES, n, p=_STATUS_WEIGHTS))
    return low, high, qualifier, increment, status


def _zero_padded(numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.zfill(np.asarray(numbers).astype(str), width).astype(object)


def _two_significant(values: np.ndarray) -> np.ndarray:
    magnitude = 10 ** np.maximum(np.floor(np.log10(np.maximum(values, 1))) - 1, 0)
    return np.maximum(np.round(values / magnitude) * magnitude, 1.0)


def _iso(days: np.ndarray) -> np.ndarray:
    return (np.datetime64("2021-01-01", "D") + np.asarray(days, dtype="timedelta64[D]")).astype(str).astype(object)
