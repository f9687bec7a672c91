"""Per-claim features: every comparison reads these arrays, gathered by the pair's row positions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.compare.ladder import Ladder, load_ladder
from reconcile.schema import complete_claims
from reconcile.vocab import DATE_PRECISIONS

@dataclass(frozen=True)
class Features:
    """Per-claim arrays (codes for names, floats for intervals), aligned with the claims' row positions."""

    claim_id: np.ndarray
    kind: np.ndarray
    subject: np.ndarray
    event: np.ndarray
    status: np.ndarray
    family: np.ndarray
    family_name: np.ndarray
    speaker: np.ndarray
    org: np.ndarray
    country: np.ndarray
    country_names: np.ndarray
    outlet: np.ndarray
    doc: np.ndarray
    low: np.ndarray
    high: np.ndarray
    has_values: np.ndarray
    increment: np.ndarray
    stated: np.ndarray
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
    names: np.ndarray


def claim_features(claims: pd.DataFrame, ladder: Ladder | None = None) -> Features:
    """Vectorised per-claim features used by the predicates.

    >>> claim_features(claims).low  # doctest: +SKIP
    array([180., 200.])
    """
    ladder = ladder or load_ladder()
    frame = complete_claims(claims)
    kind = frame["kind"].astype("object")
    families = dict(ladder.status_families)
    low, high = count_intervals(frame, ladder.approx_relative)
    period_low, period_high, precision, bound = _periods(frame)
    # Places, regions, countries and route ends share one code book, so "Italy" as a place equals "Italy" as
    # the country of "Rome".
    place_columns = ["place", "place_region", "place_country", "origin", "destination"]
    stacked = pd.concat([_normalised(frame[c]) for c in place_columns], ignore_index=True)
    place_codes, names = pd.factorize(stacked)
    split = np.split(place_codes, len(place_columns))
    quotes = _normalised_quotes(frame["quote_text"])
    specific = np.where(split[0] >= 0, split[0], np.where(split[1] >= 0, split[1], split[2]))
    stated = _days(frame["stated_on"])
    country_codes, country_names = pd.factorize(_normalised(frame["source_country"]))
    return Features(
        claim_id=frame["claim_id"].astype(str).to_numpy(dtype=object),
        kind=kind.fillna("").astype(str).to_numpy(dtype=object),
        subject=_codes(_normalised(frame["subject"])),
        event=_codes(_normalised(frame["event"])),
        status=_codes(frame["status"].astype("object")),
        family=_codes(frame["status"].astype("object").map(families)),
        family_name=frame["status"].astype("object").map(families).fillna("").astype(str).to_numpy(dtype=object),
        speaker=_codes(_normalised(frame["speaker"])),
        org=_codes(_normalised(frame["source_org"])),
        country=country_codes,
        country_names=np.asarray(country_names, dtype=object),
        outlet=_codes(_normalised(frame["outlet"])),
        doc=_codes(frame["doc_id"].astype("object")),
        low=low,
        high=high,
        has_values=~np.isnan(low) & ~np.isnan(high),
        increment=frame["is_increment"].astype("object").fillna(False).astype(bool).to_numpy(),
        stated=np.where(np.isnan(stated), _days(frame["published"]), stated),
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
        mode=_codes(_normalised(frame["mode"])),
        leg=pd.to_numeric(frame["leg"], errors="coerce").to_numpy(dtype=float),
        quote=quotes.to_numpy(dtype=object),
        quote_code=_codes(quotes),
        names=np.asarray(names, dtype=object),
    )


def count_intervals(claims: pd.DataFrame, approx_relative: float = 0.10) -> tuple[np.ndarray, np.ndarray]:
    """The interval each count's wording implies: (lows, highs), NaN where no figure is given.

    "about N" widens to N +/- `approx_relative` because wire copy rounds estimates; "at least" and "more than"
    are both read as closed at N and open above, since reporters use them interchangeably ("more than 400"
    and "400" in one article are one figure); "up to" / "fewer than" run from 0; "range" and "vague"
    ("thousands") are already intervals.

    >>> count_intervals(pd.DataFrame({"value_low": [200.0], "value_high": [200.0], "qualifier": ["approx"]}))
    (array([180.]), array([220.]))
    """
    raw_low = pd.to_numeric(claims["value_low"], errors="coerce").to_numpy(dtype=float)
    raw_high = pd.to_numeric(claims["value_high"], errors="coerce").to_numpy(dtype=float)
    qualifier = claims["qualifier"].astype("object").fillna("exact").to_numpy(dtype=object)
    low = np.where(np.isnan(raw_low), raw_high, raw_low)
    high = np.where(np.isnan(raw_high), raw_low, raw_high)
    open_above = np.isin(qualifier, ["at_least", "more_than"]) | ((qualifier == "vague") & np.isnan(raw_high))
    from_zero = np.isin(qualifier, ["up_to", "less_than"])
    approx = (qualifier == "approx") & (low == high)
    low = np.where(from_zero & ~np.isnan(high), 0.0, low)
    high = np.where(open_above & ~np.isnan(low), np.inf, high)
    low = np.where(approx, low * (1 - approx_relative), low)
    high = np.where(approx, high * (1 + approx_relative), high)
    return low, high


def point_values(claims: pd.DataFrame) -> np.ndarray:
    """One representative figure per count: the stated number, the bound for open wording, a range's midpoint.

    >>> point_values(pd.DataFrame({"value_low": [10.0], "value_high": [20.0], "qualifier": ["range"]}))
    array([15.])
    """
    raw_low = pd.to_numeric(claims["value_low"], errors="coerce").to_numpy(dtype=float)
    raw_high = pd.to_numeric(claims["value_high"], errors="coerce").to_numpy(dtype=float)
    both = ~np.isnan(raw_low) & ~np.isnan(raw_high)
    # "Thousands" is at least its lower bound; its upper bound is a placeholder, not a figure anyone reported.
    vague = claims["qualifier"].astype("object").eq("vague").to_numpy() if "qualifier" in claims else False
    midpoint = np.where(both & ~vague, (raw_low + raw_high) / 2, raw_low)
    return np.where(np.isnan(midpoint), np.where(np.isnan(raw_low), raw_high, raw_low), midpoint)


def source_identity(claims: pd.DataFrame) -> pd.Series:
    """The original source a claim comes from (organisation, else speaker, else country), for independence.

    >>> source_identity(pd.DataFrame({"source_org": [None], "speaker": ["A. Spokesperson"],
    ...                               "source_country": ["Chile"]})).tolist()
    ['A. Spokesperson']
    """
    identity = pd.Series(np.nan, index=claims.index, dtype="object")
    for column in ("source_country", "speaker", "source_org"):
        values = claims[column].astype("object") if column in claims else pd.Series(np.nan, index=claims.index)
        values = values.where(values.astype(str).str.strip().ne("") & values.notna())
        identity = values.where(values.notna(), identity)
    return identity.rename("source")


def _codes(values: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(values.astype("object"))
    return codes


def _normalised(values: pd.Series) -> pd.Series:
    """Case, spacing and a leading "the" do not make a different name ("The Met Office" is "met office")."""
    text = values.astype("object")
    present = text.notna()
    unique = pd.unique(text[present].astype(str))
    cleaned = (
        pd.Series(unique, dtype="object")
        .str.casefold()
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.replace(r"^the ", "", regex=True)
    )
    mapping = dict(zip(unique, cleaned.where(cleaned.ne(""))))
    return text.map(mapping).astype("object")


def _normalised_quotes(values: pd.Series) -> pd.Series:
    """Curly and straight quotes, case and spacing differ between outlets without changing the words."""
    text = _normalised(values)
    cleaned = text.astype("object").where(text.isna(), text.astype(str).str.replace(r"[\"'\u2018\u2019\u201c\u201d]", "", regex=True))
    cleaned = cleaned.where(cleaned.isna(), cleaned.astype(str).str.strip(" .,;:!?"))
    return cleaned.where(cleaned.isna() | cleaned.astype(str).ne(""))


def _days(values: pd.Series) -> np.ndarray:
    dates = pd.to_datetime(values.astype("object"), format="%Y-%m-%d", errors="coerce")
    return ((dates - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)


def _periods(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    start = _days(frame["refers_from"])
    end = _days(frame["refers_to"])
    # A claim about when something was said ("said on Tuesday") carries its date only in stated_on.
    stated = _days(frame["stated_on"])
    is_date = frame["kind"].astype("object").eq("date").to_numpy()
    no_period = np.isnan(start) & np.isnan(end) & is_date
    start = np.where(no_period, stated, start)
    end = np.where(no_period, stated, end)
    low = np.where(np.isnan(start), end, start)
    high = np.where(np.isnan(end), start, end)
    direction = frame["date_direction"].astype("object").fillna("within").to_numpy(dtype=object)
    # "by December" bounds from above, "since August" from below: the other end is open.
    low = np.where((direction == "before") & ~np.isnan(high), -np.inf, low)
    high = np.where((direction == "after") & ~np.isnan(low), np.inf, high)
    ranks = {name: float(i) for i, name in enumerate(DATE_PRECISIONS)}
    precision = frame["date_precision"].astype("object").map(ranks)
    precision = precision.where(precision.notna(), np.where(no_period, ranks["day"], ranks["unknown"]))
    bound = np.isin(direction, ["before", "after"])
    return low, high, precision.to_numpy(dtype=float), bound
