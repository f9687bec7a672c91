"""Predicates: symmetric, vectorised kernels over the two sides of every pair of positions, named by the ladder."""

from __future__ import annotations

from typing import Callable

import numpy as np
from rapidfuzz import fuzz

from reconcile.compare.features import Sides
from reconcile.compare.pair_kernels import names_contain, per_text_pair, said_alike

Predicate = Callable[[Sides], np.ndarray]


def _same(name: str) -> Predicate:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both(name)
        return (a >= 0) & (a == b)

    return predicate


def _differ(name: str) -> Predicate:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both(name)
        return (a >= 0) & (b >= 0) & (a != b)

    return predicate


def _either_missing(name: str) -> Predicate:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both(name)
        return (a < 0) | (b < 0)

    return predicate


def _both(name: str) -> Predicate:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both(name)
        return a & b

    return predicate


def _kind_is(kind: str) -> Predicate:
    def predicate(sides: Sides) -> np.ndarray:
        a, b = sides.both("kind")
        return (a == kind) & (b == kind)

    return predicate


def _overlap(sides: Sides, low: str, high: str) -> np.ndarray:
    low_l, low_r = sides.both(low)
    high_l, high_r = sides.both(high)
    return (low_l <= high_r) & (low_r <= high_l)


def _equal(sides: Sides, low: str, high: str) -> np.ndarray:
    low_l, low_r = sides.both(low)
    high_l, high_r = sides.both(high)
    return (low_l == low_r) & (high_l == high_r)


def kinds_differ(sides: Sides) -> np.ndarray:
    a, b = sides.both("kind")
    return a != b


# --- who said it


def same_group(sides: Sides) -> np.ndarray:
    """One independence group (one government's offices, one union): its figures revise, they do not conflict."""
    return _same("group")(sides)


def either_unattributed(sides: Sides) -> np.ndarray:
    """One side is an outlet's own figure with no source named: usually a relay of someone else's count."""
    a, b = sides.both("attributed")
    return ~a | ~b


def outlets_differ(sides: Sides) -> np.ndarray:
    """No outlet carries both figures: the difference lies between outlets' copy."""
    a, b = sides.both("outlets")
    return np.array([not (x & y) for x, y in zip(a, b, strict=True)], dtype=bool)


def no_shared_document(sides: Sides) -> np.ndarray:
    a, b = sides.both("docs")
    return np.array([not (x & y) for x, y in zip(a, b, strict=True)], dtype=bool)


# --- counts


def values_missing(sides: Sides) -> np.ndarray:
    a, b = sides.both("has_values")
    return ~a | ~b


def is_increment_vs_total(sides: Sides) -> np.ndarray:
    a, b = sides.both("increment")
    return a != b


def records_differ(sides: Sides) -> np.ndarray:
    """Both count records that stand for the counted, and not the same ones ("death certificates", "burial
    permits"): two steps of a process, each with its own count."""
    a, b = sides.both("record")
    return (a >= 0) & (b >= 0) & (a != b)


def one_collected(sides: Sides) -> np.ndarray:
    """One side counts bodies a service collected, of every cause ("the ambulance service collected 530 bodies"),
    the other does not: a measure of its own, not a rival toll."""
    a, b = sides.both("collected")
    return a != b


def scopes_differ(sides: Sides) -> np.ndarray:
    """Different places or groups counted ("Lima" and the whole of Peru; Chilean travellers and all travellers)."""
    a, b = sides.both("scope")
    return a != b


def part_exceeds_whole(sides: Sides) -> np.ndarray:
    """One side counts a part (a scope), the other the whole, and the part's lowest reading is above the whole."""
    whole_l, whole_r = sides.both("whole")
    low_l, low_r = sides.both("low")
    high_l, high_r = sides.both("high")
    return (whole_l & ~whole_r & (low_r > high_l)) | (whole_r & ~whole_l & (low_l > high_r))


def periods_differ(sides: Sides) -> np.ndarray:
    """Both sides cover stated periods and the periods do not overlap (January's toll and February's).

    A period on one side only says when the counted thing happened ("moved between early and mid-October"); it is
    the as-of date that places the figure in time, so it does not make a scope of its own.
    """
    has_l, has_r = sides.both("has_period")
    return has_l & has_r & ~_overlap(sides, "period_low", "period_high")


def past_period_apart(sides: Sides) -> np.ndarray:
    """One side counts a period that had ended before it was stated ("23 died in the protests of July 2025", "last
    year's floods killed 19"), and the other is as of a later day: another period, not a rival count."""
    past_l, past_r = sides.both("past")
    day_l, day_r = sides.both("day")
    return past_l & (day_l < day_r) | past_r & (day_r < day_l)


def day_inside_period(sides: Sides) -> np.ndarray:
    """One side counts one day's event ("six died on Thursday"), the other a longer period that holds that day ("14
    killed between Tuesday and Thursday"): the day is a part of the period."""
    day_l, day_r = sides.both("day")
    event_l, event_r = sides.both("event_day")
    has_l, has_r = sides.both("has_period")
    low_l, low_r = sides.both("period_low")
    high_l, high_r = sides.both("period_high")
    left_holds = has_l & ~has_r & event_r & (low_l <= day_r) & (day_r <= high_l) & (low_l < high_l)
    right_holds = has_r & ~has_l & event_l & (low_r <= day_l) & (day_l <= high_r) & (low_r < high_r)
    return left_holds | right_holds


def points_equal(sides: Sides) -> np.ndarray:
    a, b = sides.both("point")
    return a == b


def status_family_differs(sides: Sides) -> np.ndarray:
    return _differ("family")(sides)


def either_status_other(sides: Sides) -> np.ndarray:
    """A figure of an unclassified scope (a whole army, a monthly recruitment rate) is not a rival total."""
    a, b = sides.both("family_name")
    return (a == "other") | (b == "other")


def both_status_other(sides: Sides) -> np.ndarray:
    """Both figures are of the catch-all status: the copy said nothing the status lexicon knows."""
    a, b = sides.both("family_name")
    return (a == "other") & (b == "other")


def both_unnamed_fates(sides: Sides) -> np.ndarray:
    """Both subjects name people without saying what happened to them, per `unnamed_fate_subjects`."""
    a, b = sides.both("unnamed_fate")
    return a & b


def both_partitive(sides: Sides) -> np.ndarray:
    """Both count a part of a larger count ("Nineteen of them died at home", "eight of the deaths had other
    causes"): parts picked out by what their own clauses say, seldom the same part."""
    a, b = sides.both("partitive")
    return a & b


def _two_governments(sides: Sides) -> np.ndarray:
    """The sources are the officials of two different countries."""
    country_a, country_b = sides.both("official_country")
    return (country_a >= 0) & (country_b >= 0) & (country_a != country_b)


def sides_unnamed_apart(sides: Sides) -> np.ndarray:
    """Neither count names the side it counts, in a story of two or more sides, and their sources are the
    governments of different countries: each may be counting its own side's losses."""
    a, b = sides.both("side_unnamed")
    return a & b & _two_governments(sides)


def _apart_by(tolerance: str, doc: str):
    def apart(sides: Sides) -> np.ndarray:
        low_l, low_r = sides.both("low")
        high_l, high_r = sides.both("high")
        ratio = sides.ladder.tolerance(tolerance)
        with np.errstate(invalid="ignore", divide="ignore"):
            left_above = low_l >= ratio * high_r
            right_above = low_r >= ratio * high_l
        return np.nan_to_num(left_above, nan=0).astype(bool) | np.nan_to_num(right_above, nan=0).astype(bool)

    apart.__doc__ = doc
    return apart


orders_apart = _apart_by("scope_gap_ratio", "The nearer ends of two intervals are `scope_gap_ratio` or more times "
                                            "apart (an army of 900,000 vs 5,000 sent).")
far_apart = _apart_by("part_gap_ratio", "The nearer ends of two intervals are `part_gap_ratio` or more times apart "
                                        "(one nationality's dead against the whole toll).")


def handful_against_many(sides: Sides) -> np.ndarray:
    """One side is a handful (at most `handful_most`) and the other `handful_gap_ratio` or more times larger, and
    they are not two countries' governments (which count their own side's losses against the other's claims): "two
    bodies in the ravine", "four crew", "five in the other town" against the toll count a part the copy did not
    name, not a rival total."""
    high_l, high_r = sides.both("high")
    low_l, low_r = sides.both("low")
    most = sides.ladder.tolerance("handful_most")
    ratio = sides.ladder.tolerance("handful_gap_ratio")
    with np.errstate(invalid="ignore"):
        left_handful = (high_l <= most) & (low_r >= ratio * high_l)
        right_handful = (high_r <= most) & (low_l >= ratio * high_r)
    handful = np.nan_to_num(left_handful, nan=0).astype(bool) | np.nan_to_num(right_handful, nan=0).astype(bool)
    return handful & ~_two_governments(sides)


def intervals_equal(sides: Sides) -> np.ndarray:
    return _equal(sides, "low", "high")


def either_vague(sides: Sides) -> np.ndarray:
    """One side is a vague amount ("tens of thousands", "hundreds"), a range of a word, not a count."""
    a, b = sides.both("vague")
    return a | b


def intervals_overlap(sides: Sides) -> np.ndarray:
    return _overlap(sides, "low", "high")


def estimates_overlap(sides: Sides) -> np.ndarray:
    """The intervals overlap once round figures are read as estimates (a round crowd figure against an "at least"
    a few percent above it)."""
    return _overlap(sides, "estimate_low", "estimate_high")


def within_tolerance(sides: Sides) -> np.ndarray:
    """Two exact figures within `exact_relative` of each other: counts cut off at different hours, or rounded."""
    exact_l, exact_r = sides.both("exact")
    point_l, point_r = sides.both("point")
    tolerance = sides.ladder.tolerance("exact_relative")
    with np.errstate(invalid="ignore", divide="ignore"):
        close = np.abs(point_l - point_r) <= tolerance * np.maximum(point_l, point_r)
    return exact_l & exact_r & np.nan_to_num(close, nan=0).astype(bool)


def same_as_of(sides: Sides) -> np.ndarray:
    a, b = sides.both("day")
    return (a == b) | (np.isnan(a) & np.isnan(b))


def as_of_differs(sides: Sides) -> np.ndarray:
    a, b = sides.both("day")
    return ~np.isnan(a) & ~np.isnan(b) & (a != b)


def _as_of_apart_by(tolerance: str, doc: str):
    def apart(sides: Sides) -> np.ndarray:
        a, b = sides.both("day")
        return np.abs(a - b) > sides.ladder.tolerance(tolerance)

    apart.__doc__ = doc
    return apart


apart_in_time = _as_of_apart_by("same_moment_days", "More than `same_moment_days` between the two as-of dates: "
                                "not one moment's figures.")
days_apart_for_an_event = _as_of_apart_by("event_window_days", "More than `event_window_days` between the two "
                                          "as-of dates: two different days' events.")


def event_subject(sides: Sides) -> np.ndarray:
    """Both count a day's event (a crowd), per `event_subjects` in relation_rules.yaml."""
    a, b = sides.both("event_subject")
    return a & b


def dates_stated(sides: Sides) -> np.ndarray:
    """Both as-of dates come from the articles (event, statement or publication), none inferred from others."""
    a, b = sides.both("inferred")
    return ~a & ~b


def larger_undated(sides: Sides) -> np.ndarray:
    """The larger figure's as-of day is inferred (an undated article's: a lower bound, since the article was written
    no earlier than the figures it repeats), so it may be the later one. A smaller undated figure is most often an
    older count still repeated, which the other source's does contradict."""
    inferred_l, inferred_r = sides.both("inferred")
    low_l, low_r = sides.both("low")
    return np.where(low_l > low_r, inferred_l, inferred_r)


def both_planned(sides: Sides) -> np.ndarray:
    a, b = sides.both("family_name")
    return (a == "planned") & (b == "planned")


def later_is_smaller(sides: Sides) -> np.ndarray:
    """The figure of the later as-of date is at most the earlier one's highest reading: the group shrank."""
    day_l, day_r = sides.both("day")
    low_l, low_r = sides.both("low")
    high_l, high_r = sides.both("high")
    return ((day_r > day_l) & (low_r <= high_l)) | ((day_l > day_r) & (low_l <= high_r))


def later_is_larger(sides: Sides) -> np.ndarray:
    """The figure of the later as-of date reaches at least the earlier one's lowest reading: the total grew."""
    day_l, day_r = sides.both("day")
    low_l, low_r = sides.both("low")
    high_l, high_r = sides.both("high")
    return ((day_r > day_l) & (high_r >= low_l)) | ((day_l > day_r) & (high_l >= low_r))


# --- dates


def date_missing(sides: Sides) -> np.ndarray:
    a, b = sides.both("has_period")
    return ~a | ~b


def date_intervals_overlap(sides: Sides) -> np.ndarray:
    return _overlap(sides, "period_low", "period_high")


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
    return ~date_missing(sides) & (left_holds | right_holds)


def days_far_apart(sides: Sides) -> np.ndarray:
    """More than `event_window_days` between the two periods (from the end of the earlier to the start of the
    later): no reading of the two dates brings them within one incident's reach."""
    low_l, low_r = sides.both("period_low")
    high_l, high_r = sides.both("period_high")
    gap = np.maximum(low_r - high_l, low_l - high_r)
    return ~date_missing(sides) & (gap > sides.ladder.tolerance("event_window_days"))


def both_days(sides: Sides) -> np.ndarray:
    """Both dates are single days (not weeks, parts of months, months or open bounds)."""
    low_l, low_r = sides.both("period_low")
    high_l, high_r = sides.both("period_high")
    return (low_l == high_l) & (low_r == high_r)


def is_deadline(sides: Sides) -> np.ndarray:
    a, b = sides.both("bound")
    return a & b


def ends_in_other_months(sides: Sides) -> np.ndarray:
    a, b = sides.both("period_high")
    month = lambda d: np.where(np.isfinite(d), d, 0).astype("int64").astype("datetime64[D]").astype("datetime64[M]")  # noqa: E731
    return np.isfinite(a) & np.isfinite(b) & (month(a) != month(b))


def is_statement(sides: Sides) -> np.ndarray:
    a, b = sides.both("is_statement")
    return a & b


def unnamed_people(sides: Sides) -> np.ndarray:
    """Both sides are about people the story names no kind of ("relatives waited outside the hospital on Thursday")."""
    a, b = sides.both("unnamed_people")
    return a & b


def casualty_dates(sides: Sides) -> np.ndarray:
    """Both are days on which people were killed or hurt ("two died of their injuries overnight")."""
    a, b = sides.both("casualty")
    return a & b


def both_said(sides: Sides) -> np.ndarray:
    """Both mentions come with what was said (a quote or a figure in their sentence)."""
    a, b = sides.both("statement")
    return np.array([bool(x) and bool(y) for x, y in zip(a, b, strict=True)], dtype=bool)


def same_statement(sides: Sides) -> np.ndarray:
    """Two mentions report one statement when what was said with them (a quote, a figure) is the same."""
    threshold = sides.ladder.tolerance("same_statement_min_ratio")
    a, b = sides.both("statement")
    return np.array([bool(x) and bool(y) and said_alike(x, y, threshold) for x, y in zip(a, b, strict=True)],
                    dtype=bool)


def figures_differ(sides: Sides) -> np.ndarray:
    """Both dates come with figures in their sentences and no figure is common to them: the dates of two
    different events of one kind ("7,000 officers deployed on Saturday", "2,000 deployed on Sunday")."""
    a, b = sides.both("statement")
    return np.array([bool(x) and bool(y) and not set(x.split(" | ")) & set(y.split(" | "))
                     for x, y in zip(a, b, strict=True)], dtype=bool)


# --- places and routes


def place_missing(sides: Sides) -> np.ndarray:
    return _either_missing("place_most_specific")(sides)


def place_contains(sides: Sides) -> np.ndarray:
    """Rome within Italy: the most specific place of one side is the region or country of the other."""
    specific_l, specific_r = sides.both("place_most_specific")
    region_l, region_r = sides.both("region")
    country_l, country_r = sides.both("place_country")
    inside = lambda small, region, country: (small >= 0) & ((small == region) | (small == country))  # noqa: E731
    return inside(specific_l, region_r, country_r) | inside(specific_r, region_l, country_l)


def place_words_contain(sides: Sides) -> np.ndarray:
    """ "Cusco" and "the Cusco region" name one place: the naming words of one side are among the other's."""
    a, b = sides.both("place_most_specific")
    return names_contain(sides.features.names, a, b, sides.ladder.place_filler_words)


def legs_differ(sides: Sides) -> np.ndarray:
    a, b = sides.both("leg")
    return ~np.isnan(a) & ~np.isnan(b) & (a != b)


def route_missing(sides: Sides) -> np.ndarray:
    origin_l, origin_r = sides.both("origin")
    destination_l, destination_r = sides.both("destination")
    return ((origin_l < 0) & (destination_l < 0)) | ((origin_r < 0) & (destination_r < 0))


def no_shared_end(sides: Sides) -> np.ndarray:
    """ "To Callao by ship" and, later, "to Cusco": two legs of one journey, not two versions of one leg."""
    shared = np.zeros(len(sides.left), dtype=bool)
    for name in ("origin", "destination"):
        a, b = sides.both(name)
        shared |= (a >= 0) & (b >= 0) & ((a == b) | names_contain(sides.features.names, a, b,
                                                                      sides.ladder.place_filler_words))
    return ~shared


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
        compatible &= (a < 0) | (b < 0) | (a == b) | names_contain(
            sides.features.names, a, b, sides.ladder.place_filler_words
        )
    return compatible


# --- quotes


def quote_contains(sides: Sides) -> np.ndarray:
    """A partial quote ("a grave mistake") inside the fuller one is the same quote, cut by the outlet."""
    return per_text_pair(sides, lambda x, y: x in y or y in x)


def quote_similar(sides: Sides) -> np.ndarray:
    """Nearly the same words: rapidfuzz ratio at or above the ladder's documented threshold."""
    threshold = sides.ladder.tolerance("quote_variant_min_ratio")
    return per_text_pair(sides, lambda x, y: fuzz.ratio(x, y) >= threshold)


def _is_predicate(name: str, value) -> bool:
    return not name.startswith("_") and callable(value) and getattr(value, "__module__", None) == __name__


# The ladder's names: every public function of this module under its own name, and the ones built from the
# kernels at the top.
PREDICATES: dict[str, Predicate] = {
    **{name: value for name, value in list(globals().items()) if _is_predicate(name, value)},
    # a measure that accumulates (a death toll, a deployment: `relation_rules.yaml` per status), and a group that
    # only shrinks as the story goes on (the missing, found alive or dead: `shrinking_subjects`)
    "grows": _both("grows"),
    "shrinks": _both("shrinks"),
    "subjects_differ": _differ("subject"),
    "events_differ": _differ("event"),
    "is_count": _kind_is("count"),
    "is_date": _kind_is("date"),
    "is_place": _kind_is("place"),
    "is_route": _kind_is("route"),
    "is_quote": _kind_is("quote"),
    "places_equal": _same("place_most_specific"),
    "quote_missing": _either_missing("quote_code"),
    "quotes_identical": _same("quote_code"),
}
