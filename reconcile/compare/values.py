"""Comparable arrays from claim or position frames: count intervals, point figures, day numbers, normalised names."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from reconcile.vocab import DATE_PRECISIONS

OPEN_ABOVE = ("at_least", "more_than", "vague")
FROM_ZERO = ("up_to", "less_than")


def count_intervals(frame: pd.DataFrame, approx_relative: float = 0.10,
                    round_from: float = np.inf) -> tuple[np.ndarray, np.ndarray]:
    """The interval each count's wording implies: (lows, highs), NaN where no figure is given.

    "about N" widens to N +/- `approx_relative` because wire copy rounds estimates; "at least" and "more than"
    are both read as closed at N and open above, since reporters use them interchangeably ("more than 400"
    and "400" in one article are one figure); a vague amount ("thousands", "tens of thousands") is a lower bound
    open above, so it never conflicts with a larger figure; "up to" / "fewer than" run from 0; "range" is
    already an interval. A figure given as exact but round, of at least `round_from` with two significant digits at
    most ("200,000 people marched"), is an estimate, and widens like "about N".

    >>> count_intervals(pd.DataFrame({"value_low": [200.0], "value_high": [200.0], "qualifier": ["approx"]}))
    (array([180.]), array([220.]))
    """
    raw_low = pd.to_numeric(frame["value_low"], errors="coerce").to_numpy(dtype=float)
    raw_high = pd.to_numeric(frame["value_high"], errors="coerce").to_numpy(dtype=float)
    qualifier = frame["qualifier"].astype("object").fillna("exact").to_numpy(dtype=object)
    low = np.where(np.isnan(raw_low), raw_high, raw_low)
    high = np.where(np.isnan(raw_high), raw_low, raw_high)
    open_above = np.isin(qualifier, OPEN_ABOVE)
    from_zero = np.isin(qualifier, FROM_ZERO)
    approx = ((qualifier == "approx") | (qualifier == "exact") & _is_round(low, round_from)) & (low == high)
    low = np.where(from_zero & ~np.isnan(high), 0.0, low)
    high = np.where(open_above & ~np.isnan(low), np.inf, high)
    low = np.where(approx, low * (1 - approx_relative), low)
    high = np.where(approx, high * (1 + approx_relative), high)
    return low, high


def _is_round(values: np.ndarray, round_from: float) -> np.ndarray:
    """Figures of at least `round_from` with at most two significant digits (300,000; 2,500,000; 65,000)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        magnitude = 10.0 ** (np.floor(np.log10(np.where(values > 0, values, 1))) - 1)
        return (values >= round_from) & (np.mod(values, magnitude) == 0)


def point_values(frame: pd.DataFrame) -> np.ndarray:
    """One representative figure per count: the stated number, the bound for open wording, a range's midpoint.

    >>> point_values(pd.DataFrame({"value_low": [10.0], "value_high": [20.0], "qualifier": ["range"]}))
    array([15.])
    """
    raw_low = pd.to_numeric(frame["value_low"], errors="coerce").to_numpy(dtype=float)
    raw_high = pd.to_numeric(frame["value_high"], errors="coerce").to_numpy(dtype=float)
    both = ~np.isnan(raw_low) & ~np.isnan(raw_high)
    # "Thousands" is at least its lower bound; its upper bound is a placeholder, not a figure anyone reported.
    vague = frame["qualifier"].astype("object").eq("vague").to_numpy() if "qualifier" in frame else False
    midpoint = np.where(both & ~vague, (raw_low + raw_high) / 2, raw_low)
    return np.where(np.isnan(midpoint), np.where(np.isnan(raw_low), raw_high, raw_low), midpoint)


def days(values: pd.Series) -> np.ndarray:
    """ISO dates as day numbers since 1970-01-01 (float, NaN when missing or unreadable)."""
    dates = pd.to_datetime(values.astype("object"), format="%Y-%m-%d", errors="coerce")
    return ((dates - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)


def iso_dates(day_numbers: np.ndarray) -> np.ndarray:
    """Day numbers back to ISO strings (None where NaN): the inverse of `days`."""
    result = np.full(len(day_numbers), None, dtype=object)
    known = np.isfinite(day_numbers)
    if known.any():
        stamps = np.datetime64("1970-01-01", "D") + day_numbers[known].astype("int64")
        result[known] = np.datetime_as_string(stamps, unit="D").astype(object)
    return result


def codes(values: pd.Series) -> np.ndarray:
    """Integer codes of values (-1 for missing), for comparing names without comparing strings."""
    found, _ = pd.factorize(values.astype("object"))
    return found


def normalised(values: pd.Series) -> pd.Series:
    """Case, spacing, accents and a leading "the" do not make a different name ("The Met Office" is "met office")."""
    text = values.astype("object")
    present = text.notna()
    unique = pd.unique(text[present].astype(str))
    cleaned = (
        pd.Series([_fold(u) for u in unique], dtype="object")
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.replace(r"^the ", "", regex=True)
    )
    mapping = dict(zip(unique, cleaned.where(cleaned.ne("")), strict=True))
    return text.map(mapping).astype("object")


def normalised_quotes(values: pd.Series) -> pd.Series:
    """Curly and straight quotes, case and spacing differ between outlets without changing the words."""
    text = normalised(values)
    marks = r"[\"'\u2018\u2019\u201c\u201d]"
    cleaned = text.astype("object").where(text.isna(), text.astype(str).str.replace(marks, "", regex=True))
    cleaned = cleaned.where(cleaned.isna(), cleaned.astype(str).str.strip(" .,;:!?"))
    return cleaned.where(cleaned.isna() | cleaned.astype(str).ne(""))


def date_intervals(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per date claim or position: (low day, high day, precision rank, is a bound) with open ends as -inf/inf."""
    start = days(frame["refers_from"])
    end = days(frame["refers_to"])
    low = np.where(np.isnan(start), end, start)
    high = np.where(np.isnan(end), start, end)
    direction = frame["date_direction"].astype("object").fillna("within").to_numpy(dtype=object)
    # "by December" bounds from above, "since August" from below: the other end is open.
    low = np.where((direction == "before") & ~np.isnan(high), -np.inf, low)
    high = np.where((direction == "after") & ~np.isnan(low), np.inf, high)
    ranks = {name: float(i) for i, name in enumerate(DATE_PRECISIONS)}
    precision = frame["date_precision"].astype("object").map(ranks).fillna(ranks["unknown"])
    bound = np.isin(direction, ["before", "after"])
    return low, high, precision.to_numpy(dtype=float), bound


def _fold(text: str) -> str:
    # "Cuzco" and "Cusco", "Bogotá" and "Bogota" are one place in copy that drops accents.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def lists_by_group(groups: np.ndarray, values, n_groups: int, order=None) -> list[list]:
    """Per group 0..n_groups-1, its distinct non-missing values: one sort and one split, no loop per row.

    Values are sorted, or, given `order` (one key per value), kept in that order with the first of repeats.

    >>> lists_by_group(np.array([1, 0, 1, 1]), ["b", "z", "a", "b"], 3)
    [['z'], ['a', 'b'], []]
    >>> lists_by_group(np.array([1, 0, 1, 1]), ["b", "z", "a", "b"], 3, order=[0, 1, 2, 3])
    [['z'], ['b', 'a'], []]
    """
    items = np.asarray(values, dtype=object)
    present = pd.notna(items) & (items != "")
    frame = pd.DataFrame({"group": np.asarray(groups)[present], "value": items[present],
                          "order": np.asarray(order, dtype=object)[present] if order is not None else 0})
    lists: list[list] = [[] for _ in range(n_groups)]
    if frame.empty:
        return lists
    by = ["group", "value"] if order is None else ["group", "order"]
    frame = frame.sort_values(by, kind="mergesort").drop_duplicates(["group", "value"])
    grouped = frame["group"].to_numpy()
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    ends = np.r_[starts[1:], len(grouped)]
    flat = frame["value"].tolist()  # slicing one Python list is far cheaper than one small array per group
    for group, start, end in zip(grouped[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        lists[group] = flat[start:end]
    return lists


def as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with Arrow-backed string columns as plain object columns, converted once.

    Stages that take many row subsets of the same columns would otherwise pay an Arrow-to-NumPy conversion per take.
    """
    arrow = [name for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.ArrowDtype)
             or (isinstance(dtype, pd.StringDtype) and dtype.storage.startswith("pyarrow"))]
    return frame.astype({name: object for name in arrow}) if arrow else frame


def stable_ids(prefix: str, keys: pd.DataFrame) -> np.ndarray:
    """One id per row from its key columns: the same key gives the same id in every run and on every machine.

    pandas' row hash (SipHash with its fixed key) of the key's text, as 16 hex digits.

    >>> stable_ids("P-", pd.DataFrame({"a": ["x"], "b": ["y"]}))[0]
    'P-5379f45ff8cfda9a'
    """
    hashed = pd.util.hash_pandas_object(keys.astype("object").fillna("").astype(str), index=False).to_numpy()
    return np.char.add(prefix, np.char.zfill(np.char.mod("%x", hashed), 16)).astype(object)
