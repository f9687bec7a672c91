"""One wording of values, dates, routes and sources, shared by relation reasons, findings and the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.schema import complete_claims

def describe_values(claims: pd.DataFrame) -> pd.Series:
    """What a claim says, in words: "about 250 killed", "Mar 1, 2025", "from Lima to Cusco by bus".

    >>> describe_values(pd.DataFrame({"kind": ["count"], "value_low": [250.0], "value_high": [250.0],
    ...                               "qualifier": ["approx"], "status": ["killed"]})).tolist()
    ['about 250 killed']
    """
    frame = complete_claims(claims)
    kind = frame["kind"].astype("object")
    text = pd.Series("", index=frame.index, dtype="object")
    text = text.mask(kind == "count", _describe_counts(frame))
    text = text.mask(kind == "date", _describe_periods(frame))
    places = _first_present(frame, ["place", "place_region", "place_country"]).fillna("an unnamed place")
    text = text.mask(kind == "place", places)
    text = text.mask(kind == "route", _describe_routes(frame))
    quotes = frame["quote_text"].astype("object").fillna("").astype(str).str.strip(" \"'\u2018\u2019\u201c\u201d")
    short = quotes.str.slice(0, 60).where(quotes.str.len() <= 60, quotes.str.slice(0, 57) + "...")
    text = text.mask(kind == "quote", "\u201c" + short + "\u201d")
    return text.astype(str)


_QUALIFIER_WORDS = {
    "approx": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
    "less_than": "fewer than ",
}


def _describe_counts(frame: pd.DataFrame) -> pd.Series:
    low = format_numbers(frame["value_low"])
    high = format_numbers(frame["value_high"])
    qualifier = frame["qualifier"].astype("object").fillna("exact")
    single = low.where(low.ne(""), high)
    # "Thousands" is a lower bound: its upper bound is a placeholder nobody reported.
    vague = qualifier.eq("vague")
    high = high.where(~vague, "")
    spread = (low.ne("") & high.ne("") & low.ne(high)) | qualifier.isin(["range"])
    figure = single.where(~spread, low + "\u2013" + high)
    figure = figure.where(~(qualifier.isin(["up_to", "less_than"]) & high.ne("")), high)
    words = qualifier.map({**_QUALIFIER_WORDS, "vague": "at least "}).fillna("")
    words = words.where(~spread | qualifier.isin(["approx"]), "")
    increment = frame["is_increment"].astype("object").fillna(False).astype(bool)
    status = frame["status"].astype("object").fillna("").astype(str)
    phrase = np.where(increment, "another ", "") + words + figure.where(figure.ne(""), "no figure")
    return (phrase + np.where(status.ne(""), " " + status, "")).astype(str)


def _describe_periods(frame: pd.DataFrame) -> pd.Series:
    start = _short_date(frame["refers_from"])
    end = _short_date(frame["refers_to"])
    direction = frame["date_direction"].astype("object").fillna("within")
    span = start.where(start.eq(end) | end.eq(""), start + "\u2013" + end)
    span = span.where(start.ne(""), end)
    span = span.where(span.ne(""), _short_date(frame["stated_on"]))
    span = span.where(direction.ne("before"), "by " + end.where(end.ne(""), start))
    span = span.where(direction.ne("after"), "since " + start.where(start.ne(""), end))
    return span.where(span.str.strip().ne(""), "no date").astype(str)


def _describe_routes(frame: pd.DataFrame) -> pd.Series:
    origin = frame["origin"].astype("object").fillna("").astype(str)
    destination = frame["destination"].astype("object").fillna("").astype(str)
    mode = frame["mode"].astype("object").fillna("").astype(str)
    text = origin.where(origin.eq(""), "from " + origin)
    text = text + np.where(destination.ne(""), np.where(origin.ne(""), " to ", "to ") + destination, "")
    text = text + np.where(mode.ne(""), " by " + mode, "")
    return text.where(text.str.strip().ne(""), "an unnamed route").astype(str)


def _first_present(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    result = pd.Series(np.nan, index=frame.index, dtype="object")
    for column in reversed(columns):
        values = frame[column].astype("object")
        result = values.where(values.notna(), result)
    return result


def format_numbers(values: pd.Series) -> pd.Series:
    """Figures as news writes them: 12500.0 -> "12,500", 2.5 -> "2.5", NaN -> ""."""
    numbers = pd.to_numeric(values, errors="coerce")
    unique = pd.unique(numbers.dropna())
    labels = {v: (f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}") for v in unique}
    return numbers.astype("object").map(labels).astype("object").fillna("").astype(str)


_MONTHS = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], dtype=object)


def _short_date(values: pd.Series) -> pd.Series:
    dates = pd.to_datetime(values.astype("object"), format="%Y-%m-%d", errors="coerce")
    known = dates.notna().to_numpy()
    text = np.full(len(dates), "", dtype=object)
    if known.any():
        month = dates.dt.month.to_numpy(dtype=float, na_value=np.nan)[known].astype(int) - 1
        day = dates.dt.day.to_numpy(dtype=float, na_value=np.nan)[known].astype(int).astype(str).astype(object)
        year = dates.dt.year.to_numpy(dtype=float, na_value=np.nan)[known].astype(int).astype(str).astype(object)
        text[known] = _MONTHS[month] + " " + day + ", " + year
    return pd.Series(text, index=values.index, dtype="object")


def short_dates(values: pd.Series) -> pd.Series:
    """ISO dates as "Oct 23, 2024", "undated" where missing."""
    return _short_date(values).replace("", "undated")


def _short_dates(frame: pd.DataFrame) -> pd.Series:
    stated = _short_date(frame["stated_on"])
    stated = stated.where(stated.ne(""), _short_date(frame["published"]))
    return stated.where(stated.ne(""), "undated")


# Scalar wording for the report

QUALIFIER_TEMPLATES = {
    "approx": "about {low}",
    "at_least": "at least {low}",
    "more_than": "more than {low}",
    "up_to": "up to {high}",
    "less_than": "fewer than {high}",
}


def format_number(value: object) -> str:
    """A figure as a reader writes it: `format_number(12500.0) == "12,500"`, `format_number(2.5) == "2.5"`."""
    if is_missing(value):
        return ""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_value(low: object, high: object, qualifier: object) -> str:
    """The interval a claim's wording implies, in words: `format_value(300, None, "at_least") == "at least 300"`."""
    low_text, high_text = format_number(low), format_number(high)
    if not low_text and not high_text:
        return ""
    template = QUALIFIER_TEMPLATES.get(str(qualifier)) if not is_missing(qualifier) else None
    if low_text and high_text and low_text != high_text:
        # "about 80 to 100": an approximate figure the extractor widened into an interval keeps its hedge.
        return f"about {low_text}–{high_text}" if qualifier == "approx" else f"{low_text}–{high_text}"
    if template and (low_text or "{low}" not in template) and (high_text or "{high}" not in template):
        return template.format(low=low_text, high=high_text)
    if qualifier == "vague":
        return f"vague ({low_text or high_text})"
    return low_text or f"up to {high_text}"


def source_label(speaker: object, source_org: object) -> str:
    """Who said it: `source_label("Jane Roe", "Flood Agency") == "Jane Roe (Flood Agency)"`."""
    name, org = text_of(speaker), text_of(source_org)
    if name and org:
        return f"{name} ({org})"
    return name or org or "unattributed"


def is_missing(value: object) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_of(value: object) -> str:
    return "" if is_missing(value) else str(value)


def int_of(value: object) -> int:
    return 0 if is_missing(value) else int(value)


def split_list(value: object) -> list[str]:
    """A list cell as a list: lists pass through, "; "-joined text (CSV) is split."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(part) for part in value if str(part).strip()]
    return [part.strip() for part in text_of(value).split(";") if part.strip()]


def subject_label(subject: object) -> str:
    """A subject key as words: `subject_label("flood_deaths") == "flood deaths"`."""
    if is_missing(subject):
        return "unknown"
    return str(subject).replace("_", " ")


def describe_positions(positions: pd.DataFrame) -> np.ndarray:
    """One short phrase per position naming its source, as-of date and value, for relation reasons.

    >>> describe_positions(pd.DataFrame({"source": ["Red Cross"], "as_of": ["2025-03-04"],
    ...                                  "value": ["about 250 killed"]}))[0]
    'Red Cross (Mar 4, 2025): about 250 killed'
    """
    when = _short_date(positions["as_of"]).replace("", "undated")
    who = positions["source"].astype("object").fillna("unknown source").astype(str)
    return (who + " (" + when + "): " + positions["value"].astype(str)).to_numpy(dtype=object)
