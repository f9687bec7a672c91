"""Where a story is told from (extract stage helper): a document's text and parsed place names -> its setting.

News copy leaves the obvious unsaid: "the prefecture", "police" and "security sources" are the country the story
is told from, which the dateline gives ("LIMA:", "NAIROBI —") or, without one, the country the text names most.
A nationality is a part of the story's population ("52 Chileans" among the travellers who died in Lima) unless it
is the people of the country whose places the story is about ("tens of thousands of Israelis rallied in Tel Aviv").
The headline and lead locate the main event: a place they name does not narrow a count to a part of the story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reconcile.extract.chunks import split_sentences
from reconcile.extract.lexicons import lexicons
from reconcile.kernels.gazetteer import fold, gazetteer
from reconcile.kernels.phrases import LOWER_LETTERS, UPPER_LETTERS, alternation
from reconcile.rules import scope_words_of_kind

# A wire dateline opens the body: "LIMA:", "NAIROBI —", "MOMBASA: Hours after", "GENEVA (Reuters) -", "NDJARA,
# Cameroon, March 16, 2026 (AFP) -".
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*([A-Z][A-Za-z .]+?))?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2}"
                       r"(?:,\s*\d{4})?)?\s*(?:\([^)\n]{1,30}\)\s*)?(?::|—|–|--| - )",
                       re.MULTILINE)
# The dateline sits in the first lines of the text; the lead is the first paragraph of some length.
_DATELINE_WINDOW = 1200
_LEAD_MIN_LENGTH = 80
_CAPITALISED = re.compile(rf"(?<![\w.])[{UPPER_LETTERS}][{LOWER_LETTERS}]{{3,}}(?![\w'’-])")
# A country is the story's own only when the text names its places at least this often, more than any other's.
_MIN_PLACE_MENTIONS = 2
# A publication named after a country or city (outlet_country) counts as this many mentions of it: a national
# paper's "the ministry" is its own country's, unless its text names another country's places more.
_OUTLET_MENTIONS = 2
# The evidence (in half-mentions: a country name or place counts 2, a demonym 1) a text needs to be told from a
# country by itself; below it, the story's country is taken.
_MIN_HOME_EVIDENCE = 3


@dataclass(frozen=True)
class Setting:
    """A document's setting: the country it is told from, the country whose places it names most, and the folded
    names of the places its headline and lead name."""

    home_country: str | None = None
    place_country: str | None = None
    lead_places: frozenset[str] = frozenset()
    lead_end: int = 0
    regions: frozenset[str] = frozenset()
    # the town an article about another incident of its story is set in (story_hints.article_place), or None
    article_place: str | None = None
    # (offset, name) of every mention of a region in the text, in text order: what "the district" refers back to
    region_mentions: tuple[tuple[int, str], ...] = ()
    # the country the story's articles are told from (story_hints), where its event happened
    story_home: str | None = None

    def region_before(self, offset: int) -> str | None:
        """The region the text names last before `offset` ("In Sunamganj ... seven had died in the district")."""
        return next((name for start, name in reversed(self.region_mentions) if start < offset), None)


def document_setting(text: str, places: Iterable[tuple[int, str]], story_home: str | None = None,
                     story_regions: str | None = None, article_place: str | None = None,
                     outlet: str | None = None, story_towns: str | None = None,
                     year: int | None = None) -> Setting:
    """The setting of one document; `places` are (offset, name) of the place entities the parser found,
    `story_home` the country the other articles of its story are told from (for an article that names none),
    `story_regions` the regions its articles name (joined with "|"), `article_place` the town of an article
    about another incident of its story, `outlet` the publication (a national or city paper, "The Lima Herald",
    "Cameroon Daily Mirror", counts as two mentions of its country), and `story_towns` the towns the story's
    articles place in a country ("ndjara=Cameroon", joined with "|"; `qualified_towns`), for a dateline the
    gazetteer does not know. `year` is the year the article is read in: past the lead, a sentence that names an
    earlier year ("the 2001 disaster at the Accra stadium in Ghana") compares with another event, and its places
    say nothing of where this story is told from.

    >>> document_setting("LIMA: Officials said 40 people died.", []).home_country  # doctest: +SKIP
    'Peru'
    """
    places = list(places)
    table = gazetteer()
    # a name the story calls a region ("Tumbi State") is that region, whatever town of another country shares it;
    # the story's regions hold this article's own when the hints were drawn from the story's articles
    regions = frozenset(name for name in (story_regions or "").split("|") if name) or named_regions(text)
    towns = dict(item.split("=", 1) for item in (story_towns or "").split("|") if "=" in item)
    towns.update(qualified_towns(text))
    dateline = _dateline_country(text, towns)
    lead_end = _lead_end(text)
    retrospect = _retrospective_sentences(text, year, lead_end)
    by_place: Counter = Counter()
    looking_back: Counter = Counter()
    lead_places: set[str] = set()
    resolved: dict[str, str | None] = {}
    for start, name in places:
        if name not in resolved:
            resolved[name] = None if name in regions else _country_of_place(name, table) or towns.get(fold(name))
        country = resolved[name]
        if start < lead_end:
            lead_places.add(fold(name))
        if country and not _in_dateline(text, start) and not _names_a_country(name, country) and not _origin(
                text, start):
            # cities and regions: a story is about the country whose places it names
            (looking_back if _within(start, retrospect) else by_place)[country] += 1
    strong, weak = _named_countries(text, {**resolved, **dict.fromkeys(regions)}, retrospect, set(by_place))
    # a place in a sentence about an earlier event counts for a country the text names elsewhere too
    by_place.update({country: count for country, count in looking_back.items()
                     if country in by_place or country in strong or country in weak})
    strong.update(by_place)
    own = outlet_country(outlet)
    if own:
        strong[own] += _OUTLET_MENTIONS
    home = dateline or _most(_weighed(strong, weak), _MIN_HOME_EVIDENCE) or story_home or _most(strong, 1)
    home = home or _most(weak, 1)
    return Setting(home, _most(by_place, _MIN_PLACE_MENTIONS), frozenset(lead_places), lead_end, regions,
                   article_place, _mentions_of(text, regions), story_home)


def _mentions_of(text: str, names: frozenset[str]) -> tuple[tuple[int, str], ...]:
    """(offset, name) of every whole-word mention of the names in the text, in text order."""
    if not names:
        return ()
    pattern = re.compile(rf"\b(?:{alternation(names)})\b")
    return tuple((match.start(), match.group(0)) for match in pattern.finditer(text))


def named_regions(text: str) -> frozenset[str]:
    """Names the text itself calls regions ("Kessa State", "Ogun Province", "Akwaro (31), Kessa (22) and Tumbi
    (11) states"): places the gazetteer need not know and the small model tags as people."""
    divisions, lower_divisions = scope_words_of_kind("division"), scope_words_of_kind("lower_division")
    pattern = _region_pattern(divisions, lower_divisions)
    if pattern is None:
        return frozenset()
    found = set()
    region_name = _region_name_pattern(divisions, lower_divisions)
    for match in pattern.finditer(text):
        for name in region_name.findall(match.group(0)):
            words = name.split(" ")
            if words[0].lower() in _SENTENCE_OPENERS:
                words = words[1:]  # "In Ogun State" names Ogun; "The district has ..." names none
            if words:
                found.add(" ".join(words))
    # "Other counties", "One county official": a capitalised word the text also writes in lower case opens a
    # sentence; it is not a name
    # "the Paraguayan state": a demonym or a country's name is no region of it
    lowered = set(re.findall(r"\b[a-z]+\b", text))
    countries = lexicons().countries
    return frozenset(name for name in found if name.lower() not in scope_words_of_kind("not_a_region")
                     and not (" " not in name and name.lower() in lowered)
                     and not any(end - start == len(name) for start, end, _c in countries.find_all(name)))


# Capitalised words that open a sentence before a region's name ("The Kessa State Government", "In Ogun State").
_SENTENCE_OPENERS = ("the", "in", "across", "for", "from", "at", "and", "of", "to", "by")


def division_of(words: list[str]) -> str | None:
    """The region a body is named after by its division word ("Kessa State Government", "Tumbi State Emergency
    Agency", "Ogun Province police" -> Kessa, Tumbi, Ogun), which the gazetteer need not know; not a country, a
    nationality ("Nigerian State Police") or a name that only looks like one (scope_words.csv, kind not_a_region)."""
    divisions = scope_words_of_kind("division")
    if len(words) >= 3 and words[0][:1].isupper() and words[1][:1].isupper() and words[2].lower() in divisions:
        return _region_name(f"{words[0]} {words[1]}")  # "Dong Nai provincial government": a two-word region
    if len(words) < 2 or not words[0][:1].isupper() or words[1].lower() not in divisions:
        return None
    return _region_name(words[0])


_TITLE_REGION = re.compile(r"\b(?:for|of) ([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\b|\b([A-Z][a-z]+)(?:'s|’s) ")


def title_region(title: str | None) -> str | None:
    """The region an official's title names beside a division word: "the district health officer for Lunzu",
    "Lunzu's district commissioner" -> Lunzu (scope_words.csv, kind division). None for a title naming no
    division, or a place that is a country ("the district officer of Kenya"). "Riverton County Police Commander" ->
    Riverton."""
    if not title or not names_a_division(title):
        return None
    found = _TITLE_REGION.search(title)
    if found:
        return _region_name(found.group(1) or found.group(2))
    words = title.split()
    # "Riverton County Police Commander": the region leads its division word, as in a regional body's name
    return next((region for i in range(len(words) - 1) if (region := division_of(words[i : i + 2]))), None)


def names_a_division(title: str) -> bool:
    """Whether a title holds a division word ("Chief District Officer" does, "Interior Minister" does not)."""
    return not scope_words_of_kind("division").isdisjoint(word.lower() for word in title.split())


def regional_office(region: str, title: str) -> str:
    """The office a regional official's title names, led by the region as a regional body's name is ("the district
    health officer for Lunzu" -> "Lunzu district health officer"), so that it reads as that region's voice."""
    words = [word for word in re.sub(r"(?:'s|’s)\b", "", title).split()
             if word.lower() not in ("the", "a", "an", "for", "of") and word != region]
    return " ".join([region, *words])


@lru_cache(maxsize=4096)
def _region_name(name: str) -> str | None:
    if name.lower() in scope_words_of_kind("not_a_region") or lexicons().countries.find_all(name):
        return None
    found = gazetteer().resolve(name, alternates=False)
    return None if found is not None and (found.country is None or found.name == found.country) else name


@lru_cache(maxsize=8)
def _region_name_pattern(words: frozenset[str], lower_words: frozenset[str] = frozenset()) -> re.Pattern:
    """The name inside a match of `_region_pattern`: the capitalised words before a division word, capitalised or
    not ("Kessa State", "Kurigram district", "Itna upazila"), or before a list's bracketed figure."""
    return re.compile(rf"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?(?= {_divisions(words, lower_words)}\b|\s*\()")


@lru_cache(maxsize=8)
def _region_pattern(words: frozenset[str], lower_words: frozenset[str] = frozenset()) -> re.Pattern | None:
    if not words:
        return None
    alternation = _divisions(words, lower_words)
    name = r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?"
    listed = rf"{name}\s*\(\d[\d,.]*\)"  # "Akwaro (31), Kessa (22) and Tumbi (11) states"
    named = rf"{name} {alternation}\b"
    in_a_list = rf"(?:{listed}(?:,\s*|\s+and\s+))+{listed}\s+{alternation}\b"
    return re.compile(rf"\b(?:{named}|{in_a_list})")


def _divisions(words: frozenset[str], lower_words: frozenset[str]) -> str:
    """A pattern of the division words in any case, and of those that name a region only in lower case ("Alto
    Paraná department", never "the Health Department"), optionally plural."""
    lower = alternation(lower_words)
    return rf"(?:(?i:{alternation(words)})" + (rf"|{lower}" if lower else "") + ")s?"


def _weighed(strong: Counter, weak: Counter) -> Counter:
    """Country names and places count whole, demonyms half ("the Chilean consulate", "the British broadcaster")."""
    total: Counter = Counter()
    for country, count in strong.items():
        total[country] += count * 2
    for country, count in weak.items():
        total[country] += count
    return total


def text_home(text: str, year: int | None = None) -> str | None:
    """The country a text is told from by its words alone (dateline, country names, large cities), or None when
    only demonyms hint at one: what the other articles of a story lend an article that names no country. `year`
    as for `document_setting`."""
    strong, _weak = _named_countries(text, {}, _retrospective_sentences(text, year, _lead_end(text)))
    return _dateline_country(text) or _most(strong, 1)


# "arrivals from the Central African Republic", "people fleeing the fighting in Sudan": the country people come
# from is where the story starts, not where it is told from, so it counts as a hint only.
_ORIGIN_BEFORE = re.compile(r"\b(?:from|fleeing|fled|flee)\b[^.;:!?\n]*$", re.IGNORECASE)
_ORIGIN_REACH = 40


def _origin(text: str, start: int) -> bool:
    return _ORIGIN_BEFORE.search(text, max(0, start - _ORIGIN_REACH), start) is not None


# A year as copy writes it ("the 2001 disaster", "in 2023"); a sentence naming one before the article's own looks
# back at another event.
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?![\d,])")


def _retrospective_sentences(text: str, year: int | None, lead_end: int) -> list[tuple[int, int]]:
    """Spans of the sentences past the lead that name a year before `year` (none without a year)."""
    if year is None:
        return []
    return [(start, end) for start, end in split_sentences(text, lead_end)
            if any(int(found) < year for found in _YEAR.findall(text, start, end))]


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _named_countries(text: str, resolved: dict, retrospect: list[tuple[int, int]] = (),
                     placed: set[str] = frozenset()) -> tuple[Counter, Counter]:
    """Countries the text names (names, capitals, large cities: strong) and hints at (demonyms: weak). In the
    `retrospect` spans (sentences about an earlier event) a country counts only when the text names it elsewhere
    too, or names its places (`placed`): "Malawi's last outbreak, in 2023" is the story's own country, "the 2001
    disaster in Ghana" another's."""
    tables = lexicons()
    table = gazetteer()
    strong: Counter = Counter()
    weak: Counter = Counter()
    looking_back: list[tuple[Counter, str]] = []
    for start, end, country in tables.countries.find_all(text):
        found = weak if text[start:end] in tables.demonyms or _origin(text, start) else strong
        if _within(start, retrospect):
            looking_back.append((found, country))
        else:
            found[country] += 1
    for match in _CAPITALISED.finditer(text):
        # the small parser misses many cities; a large one named in the text still says where the story is
        word = match.group(0)
        if _in_a_name(text, match.start(), tables):
            continue  # "Mayor Aïssatou Bello": a surname, not the town of Bello
        if word not in resolved and table.is_sizeable(word) and (place := table.resolve(word, alternates=False)):
            if place.country and place.name != place.country:
                if _within(match.start(), retrospect):
                    looking_back.append((strong, place.country))
                else:
                    strong[place.country] += 1
    named_elsewhere = set(strong) | set(weak) | set(placed)
    for found, country in looking_back:
        if country in named_elsewhere:
            found[country] += 1
    return strong, weak


_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s+$")


def _in_a_name(text: str, start: int, tables) -> bool:
    """Whether a capitalised word follows a title or another capitalised word of the same name ("Mrs Bello",
    "Aïssatou Bello"), not a word that opens the sentence ("In Bello")."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1)
    lowered = word.lower().rstrip(".")
    if lowered in tables.honorifics or lowered in tables.roles:
        return True
    return word[:1].isupper() and lowered not in _SENTENCE_OPENERS and not word.endswith(".") and \
        not tables.countries.find_all(word)


def _names_a_country(name: str, country: str) -> bool:
    """Whether a place entity is a country itself ("Chile"), which copy names for many reasons besides setting."""
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)  # "the Central African Republic"
    found = lexicons().countries.find_all(name)
    return bool(found) and found[0][1] - found[0][0] >= len(name.replace("’s", "").replace("'s", "")) - 1 or \
        name == country


def _country_of_place(name: str, table) -> str | None:
    """The country of a place entity, trying its last words when the whole does not resolve ("Cusco's
    Urubamba" -> Urubamba)."""
    words = name.replace("’s", "'s").replace("'s", "").split()
    landforms = scope_words_of_kind("landform")
    for first in range(len(words)):
        if first and first == len(words) - 1 and words[first].lower() in landforms:
            break  # "Tsamba Valley": a valley, not the town of The Valley
        place = table.resolve(" ".join(words[first:]), alternates=False)
        if place is not None and place.country:
            return place.country
    return None


def _most(counts: Counter, at_least: int) -> str | None:
    # "International" (the UN, the Red Cross) is no country a story is told from: it neither wins nor ties
    ranked = [(country, count) for country, count in counts.most_common() if country != "International"][:2]
    if not ranked or ranked[0][1] < at_least or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


@lru_cache(maxsize=1024)
def outlet_country(outlet: str | None) -> str | None:
    """The country a publication's own name places it in ("The Lima Herald", "Cameroon Daily Mirror", "Philippine
    Daily Inquirer" -> Peru, Cameroon, Philippines), or None: a wire ("AFP"), a name with no place, or one
    republished by another ("AFP (via Africa Wire Digest)": the copy is the wire's, the bracket the republisher's)."""
    if not outlet:
        return None
    name = outlet.split("(")[0].strip()
    found = {country for _s, _e, country in lexicons().countries.find_all(name)}
    if not found:
        table = gazetteer()
        for match in _CAPITALISED.finditer(name):
            word = match.group(0)
            if _in_a_name(name, match.start(), lexicons()):
                continue  # "Security Brief Latin America": the last word of a longer name, not the country
            place = table.resolve(word, alternates=False) if table.is_sizeable(word) else None
            if place is not None and place.country:
                found.add(place.country)
    return found.pop() if len(found) == 1 and "International" not in found else None


def qualified_towns(text: str) -> list[tuple[str, str]]:
    """Towns the text places in a country by naming the country after them ("NDJARA, Cameroon, March 16 (AFP) -",
    "in Ndjara, Cameroon,"), as (folded town, country): what a story teaches about towns the gazetteer lacks."""
    tables = lexicons()
    found = []
    for match in _DATELINE.finditer(text[:_DATELINE_WINDOW]):
        qualifier = match.group(2) and tables.countries.find_all(match.group(2).strip())
        if qualifier and qualifier[0][2] != "International" and not tables.countries.find_all(match.group(1)):
            found.append((fold(match.group(1).strip()), qualifier[0][2]))
    for match in _PLACED_TOWN.finditer(text):
        country = tables.countries.find_all(match.group(2))
        if country and country[0][2] != "International" and match.group(2) not in tables.demonyms and \
                not tables.countries.find_all(match.group(1)):
            found.append((fold(match.group(1)), country[0][2]))
    return sorted(set(found))


# "in Ndjara, Cameroon,": a town and the country it lies in, after a preposition of place.
_PLACED_TOWN = re.compile(rf"\b(?:in|at|near|outside)\s+([{UPPER_LETTERS}][{LOWER_LETTERS}'’-]+"
                          rf"(?:[ -][{UPPER_LETTERS}][{LOWER_LETTERS}'’-]+)?),\s+([{UPPER_LETTERS}][\w ]{{2,30}}?)"
                          r"(?=[,.;)]|\s+(?:on|in|at|and|where|after)\b)")


def _dateline_country(text: str, towns: dict[str, str] | None = None) -> str | None:
    for match in _DATELINE.finditer(text[:_DATELINE_WINDOW]):
        # "AK-DOBO, Kyrgyzstan -", "BENI, Nepal, July 14 (TAW) -": the country the dateline names wins over
        # whichever country the gazetteer finds a town of that name in
        qualifier = match.group(2) and lexicons().countries.find_all(match.group(2).strip())
        if qualifier:
            return qualifier[0][2]
        place = gazetteer().resolve(match.group(1).strip().title())
        if place is not None and place.country:
            return place.country
        learnt = (towns or {}).get(fold(match.group(1).strip()))
        if learnt:
            return learnt  # "NDJARA –" in a story whose other dateline reads "NDJARA, Cameroon"
    return None


def _in_dateline(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() == "" and bool(_DATELINE.match(text, line_start))


def _lead_end(text: str) -> int:
    """Where the lead ends: the end of the first sentence of the first paragraph of some length (the headline and
    a standfirst come before it)."""
    position = 0
    for paragraph in text.split("\n"):
        if len(paragraph.strip()) >= _LEAD_MIN_LENGTH:
            sentences = split_sentences(text, position, position + len(paragraph))
            return sentences[0][1] if sentences else position + len(paragraph)
        position += len(paragraph) + 1
    return position


# A place as a headline or lead writes it: "in Karnapur", "at the Tarapur belt", "the port city of Karnapur".
_LEAD_PLACE = re.compile(r"\b(?:(?:in|at|near)\s+(?:the\s+)?|(?:city|town|village|port|district|province|state|region)"
                         r"\s+of\s+)([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)")


def headline_places(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The places the headline (first line) and the lead sentence name, countries left out: where the article
    says its event happened."""
    stripped = text.lstrip()
    first = stripped.split("\n", 1)[0]
    offset = len(text) - len(stripped)
    end = _lead_end(text)
    lead = text[offset + len(first):end] if end > offset + len(first) else ""

    def named(part: str) -> frozenset[str]:
        return frozenset(match.group(1) for match in _LEAD_PLACE.finditer(part)
                         if not lexicons().countries.find_all(match.group(1)))

    return named(first), named(lead)
