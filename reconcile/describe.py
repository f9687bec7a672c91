"""One wording of values, dates, routes, subjects and sources, shared by relation reasons, findings and the report.

Every wording is a scalar function (`format_value`, `format_date`, `subject_label`...); the vectorised forms used
on whole claims tables (`describe_values`, `format_numbers`) word each distinct value once with the scalar one, so
a reason, a finding and the report can never word one figure two ways.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from reconcile._io import as_list, int_of, is_missing, split_list, text_of, truthy  # noqa: F401 - cells, re-exported
from reconcile.rules import load_lexicon
from reconcile.schema import complete_claims

UNKNOWN = "unknown"
NO_FIGURE = "no figure"
# A vague amount with no size at all ("a number of"): lower bound 0, open above.
UNSTATED = "an unstated number"
# The catch-all status says nothing of what happened to the people counted: "12,000", not "12,000 other".
UNWORDED_STATUSES = ("other",)
_QUALIFIER_TEMPLATES = {
    "approx": "about {low}",
    "at_least": "at least {low}",
    "more_than": "more than {low}",
    "up_to": "up to {high}",
    "less_than": "fewer than {high}",
}
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
# Small words stay lower case inside a name rebuilt from its key ("Institute for the Study of War").
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})


# Numbers and figures

def format_number(value: object) -> str:
    """A figure as news writes it: `format_number(12500.0) == "12,500"`, `format_number(2.5) == "2.5"`.

    Missing and non-finite values are "" (no figure), never "inf" or "nan".
    """
    if is_missing(value):
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(number):
        return ""
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_value(low: object, high: object, qualifier: object = None, *, increment: object = False,
                 status: object = None) -> str:
    """The interval a figure's wording implies, in words.

    A low with no high is open above ("at least"), a high with no low open below ("up to"); vague amounts are
    worded by their phrase ("thousands") and read as lower bounds. `increment` adds "another", `status` ends it.

    >>> format_value(300, None, "at_least"), format_value(80, 100, "approx"), format_value(2000, 9999, "vague")
    ('at least 300', 'about 80–100', 'thousands')
    >>> format_value(1700, 1700, "exact", increment=True, status="sent")
    'another 1,700 sent'
    """
    figure = _figure(format_number(low), format_number(high), text_of(qualifier), low, high)
    if figure and truthy(increment):
        figure = "another " + figure
    if not figure:
        figure = UNSTATED if text_of(qualifier) == "vague" else ""
    status_text = text_of(status)
    if status_text and status_text not in UNWORDED_STATUSES:
        return f"{figure or NO_FIGURE} {status_text}"
    return figure


def _figure(low_text: str, high_text: str, qualifier: str, low: object, high: object) -> str:
    if qualifier == "vague":
        return vague_phrase(low, high)
    if not low_text and not high_text:
        return ""
    if low_text and high_text and low_text != high_text:
        # "about 80 to 100": an approximate figure the extractor widened into an interval keeps its hedge.
        return f"about {low_text}–{high_text}" if qualifier == "approx" else f"{low_text}–{high_text}"
    template = _QUALIFIER_TEMPLATES.get(qualifier)
    if template and (low_text or "{low}" not in template) and (high_text or "{high}" not in template):
        return template.format(low=low_text, high=high_text)
    if low_text and high_text:
        return low_text
    return f"at least {low_text}" if low_text else f"up to {high_text}"


def status_words(status: object) -> str:
    """A status (or "killed vs wounded") as a heading shows it: the catch-all "other" says nothing, so it is "".

    >>> status_words("present vs sent"), status_words("other")
    ('present vs sent', '')
    """
    text = text_of(status)
    return "" if text in UNWORDED_STATUSES else text


def vague_phrase(low: object, high: object) -> str:
    """A vague amount in the words news uses for its interval (from vague_quantities.csv), read as a lower bound.

    >>> vague_phrase(20000, 99999), vague_phrase(None, None), vague_phrase(7, 70)
    ('tens of thousands', 'an unstated number', 'at least 7 (vague)')
    """
    low_text = format_number(low)
    phrase = _vague_phrases().get((_bound_key(low), _bound_key(high)))
    if phrase:
        return phrase
    return f"at least {low_text} (vague)" if low_text else UNSTATED


@lru_cache(maxsize=1)
def _vague_phrases() -> dict[tuple[float | None, float | None], str]:
    rows = load_lexicon("vague_quantities.csv")
    phrases: dict[tuple[float | None, float | None], str] = {}
    for phrase, low, high in zip(rows["phrase"], rows["low"], rows["high"], strict=True):
        # The first phrase listed for an interval is its plain wording ("thousands" before "several thousand").
        key = (_bound_key(low), _bound_key(high))
        if key != (None, None):  # "a number of", "a large number": no size to name, so no phrase stands for them
            phrases.setdefault(key, str(phrase).strip())
    return phrases


def _bound_key(value: object) -> float | None:
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return None if not math.isfinite(number) else number


def format_numbers(values: pd.Series) -> pd.Series:
    """`format_number` over a column, each distinct value worded once: 12500.0 -> "12,500", NaN -> ""."""
    numbers = pd.to_numeric(values, errors="coerce")
    labels = {value: format_number(value) for value in pd.unique(numbers.dropna())}
    return numbers.astype("object").map(labels).astype("object").fillna("").astype(str)


def count_words(number: int, singular: str, plural: str | None = None) -> str:
    """A small count in words, as news writes it: `count_words(3, "outlet") == "three outlets"`; 12 stays 12."""
    noun = singular if number == 1 else (plural or singular + "s")
    amount = _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else f"{number:,}"
    return f"{amount} {noun}"


def witness_note(n_outlets: int, n_sources: int) -> str:
    """How many outlets carried a side and how many independent sources stand behind it.

    Outlets repeating one source's figure are one witness, so the note says so when outlets outnumber sources.

    >>> witness_note(3, 1)
    'three outlets carry it: one independent source'
    >>> witness_note(1, 1)
    ''
    """
    if n_outlets <= max(n_sources, 1):
        return ""
    return f"{count_words(n_outlets, 'outlet')} carry it: {count_words(n_sources, 'independent source')}"


def join_names(names: Iterable[object], empty: str = "") -> str:
    """Names as a sentence lists them: `join_names(["A", "B", "C"]) == "A, B and C"`."""
    items = [text_of(name) for name in names if text_of(name)]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# Findings: camps of sources, chains of figures

ARROW = " \u2192 "


def side_words(side: Mapping[str, object], *, named: bool = True) -> str:
    """One side of a finding: its sources (a camp may hold several), what they said, when, and its witnesses.

    `side` holds `sources` and `value` (several positions' figures "/"-joined) and may hold `scope`, `as_of`,
    `n_outlets` and `n_independent` (outlets outnumbering the independent sources are noted); `named=False`
    leaves the sources out.

    >>> side_words({"sources": ["Army", "Interior Ministry"], "value": "4,200 / about 4,200", "as_of": "2024-10-23",
    ...             "n_outlets": 4, "n_independent": 2})
    'Army and Interior Ministry: 4,200 / about 4,200 (Oct 23, 2024; four outlets carry it: two independent sources)'
    """
    value, when = text_of(side.get("value")) or NO_FIGURE, format_date(side.get("as_of"))
    notes = [text_of(side.get("scope")), "" if when in value else when,  # a date's figure is its date: said once
             witness_note(int_of(side.get("n_outlets")), int_of(side.get("n_independent")))]
    worded = value + (f" ({'; '.join(note for note in notes if note)})" if any(notes) else "")
    return f"{join_names(list(side.get('sources') or []), 'an unattributed source')}: {worded}" if named else worded


def sides_sentence(relation: str, left: Mapping[str, object], right: Mapping[str, object],
                   steps: Iterable[object] = ()) -> str:
    """Both sides of a finding in words: camp against camp for a conflict, a source's steps for a revision chain.

    >>> left = {"sources": ["Agency"], "value": "40 killed", "as_of": "2025-03-03"}
    >>> sides_sentence("conflict", left, {"sources": ["Red Cross"], "value": "200 killed", "as_of": "2025-03-03"})
    'Agency: 40 killed (Mar 3, 2025) against Red Cross: 200 killed (Mar 3, 2025)'
    >>> sides_sentence("revision", left, left, ["40 killed (Mar 3)", "65 killed (Mar 5)"])
    'Agency: 40 killed (Mar 3) → 65 killed (Mar 5)'
    """
    steps = [text_of(step) for step in steps if text_of(step)]
    if relation == "revision" and steps:
        sources = dict.fromkeys([*(left.get("sources") or []), *(right.get("sources") or [])])
        return f"{join_names(list(sources), 'an unattributed source')}: {ARROW.join(steps)}"
    # One source worded two ways (a quote, a date, a status) is named once, then both wordings.
    same = list(left.get("sources") or []) == list(right.get("sources") or [])
    joint = " against " if relation == "conflict" else " vs "
    return side_words(left) + joint + side_words(right, named=not same)


def finding_summary(label: object, relation: str, subject: object, scope: object, left: Mapping[str, object],
                    right: Mapping[str, object], steps: Iterable[object] = ()) -> str:
    """A finding in one sentence: what kind of finding, on which subject (in words), who said what when.

    >>> finding_summary("incompatible figures", "conflict", "flood_deaths", None,
    ...                 {"sources": ["Agency"], "value": "40 killed"}, {"sources": ["Red Cross"], "value": "200 killed"})
    'Incompatible figures on flood deaths: Agency: 40 killed against Red Cross: 200 killed.'
    """
    head = text_of(label)[:1].upper() + text_of(label)[1:]
    where = f" ({text_of(scope)})" if text_of(scope) else ""
    if where and relation == "scope_difference":
        # The scope is the left side's: the other side counts another place or group, often the whole.
        left, where = {**left, "scope": text_of(scope)}, ""
    return f"{head} on {subject_label(subject)}{where}: {sides_sentence(relation, left, right, steps)}."


# Dates

def format_date(value: object, precision: object = None) -> str:
    """An ISO date in words at its precision: "Oct 23, 2024", "week of Oct 21, 2024", "October 2024", "2024".

    Anything that is not a date is "" (the callers say "undated").

    >>> format_date("2024-10-23"), format_date("2024-10-01", "month"), format_date("bad")
    ('Oct 23, 2024', 'October 2024', '')
    """
    text = text_of(value)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return ""
    kind = text_of(precision)
    if kind == "year":
        return str(day.year)
    if kind == "month":
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"
    if kind == "part_of_month":
        part = "early" if day.day <= 10 else ("mid" if day.day <= 20 else "late")
        return f"{part} {_MONTH_NAMES[day.month - 1]} {day.year}"
    plain = f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"week of {plain}" if kind == "week" else plain


def format_dates(values: pd.Series) -> pd.Series:
    """`format_date` over a column, each distinct value worded once."""
    text = values.astype("object")
    labels = {value: format_date(value) for value in pd.unique(text.dropna())}
    return text.map(labels).astype("object").fillna("").astype(str)


# What a claim says

def describe_positions(positions: pd.DataFrame) -> np.ndarray:
    """One short phrase per position naming its source, as-of date and value, for relation reasons.

    >>> describe_positions(pd.DataFrame({"source": ["Red Cross"], "as_of": ["2025-03-04"],
    ...                                  "value": ["about 250 killed"]}))[0]
    'Red Cross (Mar 4, 2025): about 250 killed'
    """
    who = positions["source"].astype("object").fillna("unknown source").astype(str)
    return (who + " (" + short_dates(positions["as_of"]) + "): " + positions["value"].astype(str)).to_numpy(dtype=object)


def short_dates(values: pd.Series) -> pd.Series:
    """ISO dates as "Oct 23, 2024", "undated" where missing."""
    return format_dates(values).replace("", "undated")


def describe_values(claims: pd.DataFrame) -> pd.Series:
    """What a claim says, in words: "about 250 killed", "Mar 1, 2025", "from Lima to Cusco by bus".

    >>> describe_values(pd.DataFrame({"kind": ["count"], "value_low": [250.0], "value_high": [250.0],
    ...                               "qualifier": ["approx"], "status": ["killed"]})).tolist()
    ['about 250 killed']
    """
    frame = complete_claims(claims)
    kind = frame["kind"].astype("object")
    text = pd.Series("", index=frame.index, dtype="object")
    text = text.mask(kind == "count", describe_counts(frame))
    text = text.mask(kind == "date", _describe_periods(frame))
    places = _first_present(frame, ["place", "place_region", "place_country"]).fillna("an unnamed place")
    text = text.mask(kind == "place", places)
    text = text.mask(kind == "route", _describe_routes(frame))
    quotes = kind == "quote"
    if quotes.any():
        text = text.mask(quotes, frame.loc[quotes, "quote_text"].map(short_quote))
    return text.astype(str)


def describe_counts(frame: pd.DataFrame) -> pd.Series:
    """`format_value` (with increment and status) for every count row, each distinct figure worded once."""
    columns = ["value_low", "value_high", "qualifier", "is_increment", "status"]
    keys = pd.DataFrame({
        "value_low": pd.to_numeric(frame["value_low"], errors="coerce"),
        "value_high": pd.to_numeric(frame["value_high"], errors="coerce"),
        "qualifier": frame["qualifier"].astype("object").fillna(""),
        "is_increment": frame["is_increment"].astype("object").isin([True, "true", "True", 1, "1"]),
        "status": frame["status"].astype("object").fillna(""),
    }, index=frame.index)
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys[columns]))
    words = np.array([format_value(low, high, qualifier, increment=increment, status=status) or NO_FIGURE
                      for low, high, qualifier, increment, status in uniques], dtype=object)
    return pd.Series(words[codes] if len(codes) else [], index=frame.index, dtype="object")


def short_quote(value: object, limit: int = 60) -> str:
    """A quote cut to `limit` characters, in curly quotes: `short_quote('"We will stay."') == '“We will stay.”'`."""
    words = text_of(value).strip(" \"'\u2018\u2019\u201c\u201d")
    if len(words) > limit:
        words = words[: limit - 3] + "..."
    return "\u201c" + words + "\u201d"


def _describe_periods(frame: pd.DataFrame) -> pd.Series:
    start = format_dates(frame["refers_from"])
    end = format_dates(frame["refers_to"])
    direction = frame["date_direction"].astype("object").fillna("within")
    span = start.where(start.eq(end) | end.eq(""), start + "\u2013" + end)
    span = span.where(start.ne(""), end)
    span = span.where(span.ne(""), format_dates(frame["stated_on"]))
    span = span.where(direction.ne("before"), "by " + end.where(end.ne(""), start))
    span = span.where(direction.ne("after"), "since " + start.where(start.ne(""), end))
    return span.where(span.str.strip().ne(""), "no date").astype(str)


def describe_route(origin: object, destination: object, mode: object) -> str:
    """A route leg in words: `describe_route("Lima", "Cusco", "bus") == "from Lima to Cusco by bus"`."""
    parts = []
    if text_of(origin):
        parts.append(f"from {text_of(origin)}")
    if text_of(destination):
        parts.append(f"to {text_of(destination)}")
    if text_of(mode):
        parts.append(f"by {text_of(mode)}")
    return " ".join(parts) or "an unnamed route"


def _describe_routes(frame: pd.DataFrame) -> pd.Series:
    keys = frame[["origin", "destination", "mode"]].astype("object").fillna("")
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    words = np.array([describe_route(*route) for route in uniques], dtype=object)
    return pd.Series(words[codes] if len(codes) else [], index=frame.index, dtype="object")


def _first_present(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    result = pd.Series(np.nan, index=frame.index, dtype="object")
    for column in reversed(columns):
        values = frame[column].astype("object")
        result = values.where(values.notna(), result)
    return result


# Subjects and sources

def subject_label(subject: object, names: Mapping[str, str] | None = None) -> str:
    """A subject key in words: "american_voters" -> "American voters" (actors and demonyms as copy writes them).

    Event subjects ("statement:jane_roe") name who or what they are about; `names` maps name keys to how the
    claims spell them (see `name_keys`), else each word of the key is capitalised.

    >>> subject_label("flood_deaths"), subject_label("statement:ana_folau")
    ('flood deaths', 'statements by Ana Folau')
    """
    if is_missing(subject) or not str(subject).strip():
        return UNKNOWN
    key = str(subject).strip()
    event, _, about = key.partition(":")
    if _:
        name = (names or {}).get(about) or _titled(about)
        if event == "statement":
            return f"statements by {name}"
        return f"{event.replace('_', ' ')}: {name}"
    if key == "statement":
        return "statements"
    return _with_actor(key.split("_"))


def _with_actor(words: list[str]) -> str:
    actors = _actor_words()
    for size in range(len(words) - 1, 0, -1):
        actor = "_".join(words[:size])
        if actor in actors:
            return " ".join([actors[actor], *words[size:]])
    return " ".join(words)


@lru_cache(maxsize=1)
def _actor_words() -> dict[str, str]:
    """Actor keys -> how copy writes them ("south_african" -> "South African"), from actors.csv and demonyms."""
    words: dict[str, str] = {}
    countries = load_lexicon("countries.csv")
    demonyms = countries[countries["kind"] == "demonym"]["alias"]
    actors = load_lexicon("actors.csv")
    for modifier, actor in [*zip(actors["modifier"], actors["actor"], strict=True),
                            *((alias, name_key(alias)) for alias in demonyms)]:
        modifier, actor = str(modifier).strip(), str(actor).strip()
        # The spelling whose own key is the actor key reads best: the demonym, not an acronym or a nickname.
        if name_key(modifier) == actor or actor not in words:
            if actor not in words or name_key(words[actor]) != actor:
                words[actor] = modifier
    return words


def name_key(name: object) -> str:
    """The key a name takes inside a subject: `name_key("Kim Min-jun") == "kim_min-jun"` (as the extractor keys it)."""
    text = text_of(name).lower().replace("\u2019", "'").replace("'s", "")
    return re.sub(r"[^a-z0-9-]+", "_", text).strip("_")


def name_keys(names: Iterable[object]) -> dict[str, str]:
    """Name keys -> the first spelling seen, for `subject_label`.

    >>> name_keys(["Ana Folau", "ANA FOLAU"])
    {'ana_folau': 'Ana Folau'}
    """
    keys: dict[str, str] = {}
    for name in names:
        if text_of(name).strip():
            keys.setdefault(name_key(name), text_of(name).strip())
    return keys


def _titled(key: str) -> str:
    words = [word for word in key.split("_") if word]
    return " ".join(word if i and word in _SMALL_WORDS else word[:1].upper() + word[1:]
                    for i, word in enumerate(words)) or UNKNOWN


def source_label(speaker: object, source_org: object) -> str:
    """Who said it: `source_label("Jane Roe", "Flood Agency") == "Jane Roe (Flood Agency)"`."""
    name, org = text_of(speaker), text_of(source_org)
    if name and org:
        return f"{name} ({org})"
    return name or org or "unattributed"
