"""Attribution memory (extract stage helper): a document's text -> the people and groups it names, in order.

Pronouns ("he said"), bare surnames ("Ruggles said") and definite groups ("the officials said") are resolved
against this memory. It is built once per document from three sources: registry names, the parser's PERSON
spans of the parsed chunks, and a cheap scan of capitalised runs for text that was never parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from rapidfuzz import fuzz

from reconcile.extract.kinds import body_of_title, kind_of, named_body_of
from reconcile.extract.lexicons import SourceEntry, lexicons
from reconcile.kernels.phrases import LOWER_LETTERS, UPPER_LETTERS

# Cheap memory for paragraphs that are never parsed: "Firstname Lastname" runs of capitalised words.
# names keep their accents ("Émile Nkodo Abena"): the letter classes hold Latin-1 and Latin Extended-A
_CAPITALISED_WORD = rf"[{UPPER_LETTERS}][{LOWER_LETTERS}]+"
_CAPITALISED_RUN = re.compile(rf"\b{_CAPITALISED_WORD}(?:[ -]{_CAPITALISED_WORD}){{1,4}}\b")
# Two spellings of one surname in one article ("Abrahamsson", "Abrahamson") score at least this (rapidfuzz ratio).
SAME_SURNAME_MIN_SCORE = 88
# The words of a title stop at these ("..., according to station officer X": the title is "station officer").
_TITLE_STOPS = frozenset(
    "a an the to of by and or said says told tells according with from in on at for as that who while but "
    "when where which added quoted quoting cited citing reported asked warned confirmed".split()
)
_TITLE_WORDS = re.compile(r"[\w’'.&-]+")
_ARTICLES = ("the", "a", "an")
_APPOSED_TITLE_WORDS = 8


@dataclass(frozen=True)
class Mention:
    """A person or group met in the document at character `start`, for look-back ("he said", "Ruggles said")."""

    start: int
    name: str
    kind: str  # person | group
    country: str | None = None
    organisation: str | None = None
    gender: str | None = None
    # the words before a person's name that say who they are ("Riverside police station duty officer")
    title: str | None = None
    # government, police ... of the body the person speaks for, when the title or the registry says
    source_kind: str | None = None


# Kinds a definite description can point back to by kind alone ("the union" -> the SUT union, "the broadcaster" -> the
# BBC): a story seldom quotes two of them; it quotes many government offices, so "the prefecture" is not "the
# ministry".
_RECALLED_KINDS = ("organisers", "media", "company", "party", "ngo")


@dataclass
class Recollection:
    """What attribution has resolved so far in one document, read in order: the bodies it named (for "The unit
    said", "It also said") and the day each source first spoke (a statement dated once in the lead dates its
    later sentences). Mutable, one per document; every chunk's context shares it."""

    bodies: list = field(default_factory=list)  # (start, Source) in reading order
    days: dict = field(default_factory=dict)  # source key -> ISO day
    # body name -> the words the text described it with ("INDECI, the national civil defence agency")
    described: dict = field(default_factory=dict)

    # speaker -> the first resolved source that named them with an organisation ("the Executive Secretary of the
    # X Agency, Jane Doe, said"), for "he said" and "Doe said" later, whose mention alone may not say it
    people: dict = field(default_factory=dict)
    # (start, Source) of every named person with a title that attribution resolved, in reading order: "the mayor of
    # X, <name>, said" names a person the model may have tagged as a body, whom no person mention holds for a later
    # "he told"
    speakers: list = field(default_factory=list)

    def remember(self, start: int, source, description: str | None = None) -> None:
        if source.carried:
            return
        if source.speaker and source.speaker[:1].isupper() and source.title:
            self.speakers.append((start, source))
        if not source.org:
            return
        if source.speaker:
            self.people.setdefault(source.speaker, source)
            # the body a person speaks for is named with them: "the agency added" may point back to it
            source = replace(source, speaker=None, title=None)
        self.bodies.append((start, source))
        if description:
            self.described.setdefault(source.org, set()).update(description.lower().split())

    def person_source(self, speaker: str | None):
        """The source a person was first resolved to with an organisation, or None."""
        return self.people.get(speaker) if speaker else None

    def last_speaker(self, before: int):
        """(start, Source) of the last named person resolved before `before`, or None."""
        return next(((start, source) for start, source in reversed(self.speakers) if start < before), None)

    def last_body(self, before: int):
        return next((source for start, source in reversed(self.bodies) if start < before), None)

    def body_called(self, word: str, before: int, kind: str | None = None):
        """The latest body whose name, or the description the text gave it, holds this word ("unit" -> "Chilean
        crisis unit", "the agency" -> "INDECI, the national civil defence agency"), else the latest body of that
        kind ("the union" -> "SUT", "the broadcaster" -> "the public broadcaster")."""
        stem = word.rstrip("s")
        for start, source in reversed(self.bodies):
            if start < before and stem in self._stems_of(source):
                return source
        tables = lexicons()
        if word in tables.agency_references:
            # "The Arkansas Division of Emergency Management said ... The agency said": a government body whose
            # name an agency word heads, not a ministry
            return next((source for start, source in reversed(self.bodies) if start < before
                         and source.kind == "government" and self._is_agency(self._stems_of(source), tables)), None)
        if kind not in _RECALLED_KINDS:
            return None
        return next((source for start, source in reversed(self.bodies) if start < before and source.kind == kind),
                    None)

    def body_holding(self, words: str, before: int):
        """The latest body whose name or description holds all these words ("ministry" -> "the defence ministry",
        "fire service" -> "National Fire Service"), or None."""
        stems = {word.rstrip("s") for word in words.lower().split()}
        for start, source in reversed(self.bodies):
            if start < before and stems <= self._stems_of(source) and not source.anonymous and (
                    source.kind != "anonymous"):
                return source  # not "police sources": unnamed people, not the police as a body
        return None

    @staticmethod
    def _is_agency(stems: set[str], tables) -> bool:
        """A body an agency word heads ("Division of Emergency Management"), not a ministry."""
        return not stems.isdisjoint(tables.agency_words) and "ministry" not in stems

    def _stems_of(self, source) -> set[str]:
        """The words of a remembered body's name and description, without a plural s."""
        return {word.rstrip("s") for word in (*source.org.lower().split(), *self.described.get(source.org, ()))}

    def day_of(self, key: str | None) -> str | None:
        return self.days.get(key) if key else None

    def day_of_any(self, keys) -> str | None:
        """The remembered day of the first of these keys that has one."""
        return next((day for key in keys if (day := self.day_of(key))), None)

    def remember_day(self, key: str | None, day: str | None) -> None:
        if key and day:
            self.days.setdefault(key, day)


@dataclass(frozen=True)
class AttributionContext:
    """What attribution needs beyond the sentence: the publication day, the outlet and the document's memory.

    `text_offset` is where the parsed chunk starts in the document, so that look-back uses document positions.
    """

    published: date | None = None
    outlet: str | None = None
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    text_offset: int = 0
    # the country the story is told from (dateline, else the country the text names most): a domestic body that
    # names no country ("the prefecture", "police") belongs to it
    home_country: str | None = None
    # registry people named in full in this document: only they may be met again by a surname alone
    named_in_full: frozenset[str] = frozenset()
    # the year of the corpus's articles, for an undated one: "on January 19" still resolves
    year_hint: int | None = None
    recollection: Recollection = field(default_factory=Recollection, compare=False)

    def at(self, text_offset: int) -> AttributionContext:
        """The same context for a chunk that starts at `text_offset` in the document."""
        return replace(self, text_offset=text_offset)

    def last_person(self, before: int, gender: str | None = None) -> Mention | None:
        for mention in reversed(self.mentions):
            # "she said" skips a man named by "Mr." just before; unknown genders match either pronoun
            if mention.start < before and mention.kind == "person":
                if gender and mention.gender and mention.gender != gender:
                    continue
                return mention
        return None

    def last_group(self, before: int) -> Mention | None:
        for mention in reversed(self.mentions):
            if mention.start < before and mention.kind == "group":
                return mention
        return None

    def person_named(self, name: str, before: int) -> Mention | None:
        """The earlier person a name stands for: a surname alone ("Ruggles", "Lee"), a misspelt surname
        ("Abrahamson" for "Abrahamsson"), or a shorter spelling of a full name ("Fahad Al-Jalajel" for "Fahd bin
        Abdurrahman Al-Jalajel"), latest first."""
        words = name.split()
        people = [m for m in reversed(self.mentions) if m.start < before and m.kind == "person"]
        same = next((m for m in people if m.name == name), None)
        if same is not None:
            return same
        if len(words) == 1:
            exact = next((m for m in people if len(m.name.split()) > 1 and name in (m.name.split()[0],
                                                                                     m.name.split()[-1])), None)
            if exact is not None or len(name) < 5:
                return exact
        for mention in people:
            known = mention.name.split()
            if len(known) < 2 or fuzz.ratio(words[-1].lower(), known[-1].lower()) < SAME_SURNAME_MIN_SCORE:
                continue
            if len(words) == 1 or words[0][:1].lower() == known[0][:1].lower():
                return mention
        return None

    def person_titled(self, words: tuple[str, ...], before: int) -> Mention | None:
        """The latest earlier person whose title holds these words ("the station officer", "the minister")."""
        wanted = {word.rstrip("s") for word in words}
        if not wanted:
            return None
        for mention in reversed(self.mentions):
            if mention.start < before and mention.kind == "person" and mention.title:
                # the tokenizer splits "Sub-Prefect" into words: so does the title
                have = {word.lower().rstrip("s") for word in mention.title.replace("-", " ").split()}
                if wanted <= have:
                    return mention
        return None


def build_context(
    text: str,
    *,
    published: date | None = None,
    outlet: str | None = None,
    person_spans: Iterable[tuple[int, int]] = (),
    home_country: str | None = None,
    year_hint: int | None = None,
) -> AttributionContext:
    """Scan a document once for people and groups: registry names, parsed PERSON spans, capitalised runs, each
    person with the title written before the name ("police officer Vaibhav Krishna" -> "police officer").

    >>> build_context("Tom Ruggles said so. Ruggles added.").mentions[0].name  # doctest: +SKIP
    'Tom Ruggles'
    """
    tables = lexicons()
    registered = tables.sources.find_all(text)
    named_in_full = frozenset(entry.name for start, end, entry in registered
                              if entry.kind == "person" and " " in text[start:end].strip())
    named_in_full |= frozenset(entry.name for entry in (registry_person(clean_name(text[start:end]), tables)
                                                        for start, end in person_spans if " " in text[start:end])
                               if entry is not None)
    found: dict[int, Mention] = {}
    covered: list[tuple[int, int]] = []
    # "told Kampot Today": the article's own outlet is never a person ("Kampot Today (machine translation)")
    outlet_name = (outlet or "").split("(")[0].strip()
    for start, end in person_spans:
        name = clean_name(text[start:end])
        if name and " " in name:
            found[start] = _person_mention(start, name, text, named_in_full)
            covered.append((start, end))
    for start, end, entry in registered:
        if entry.kind == "person" and _may_name(entry, text[start:end], named_in_full):
            found[start] = Mention(start, entry.name, "person", entry.country, entry.organisation, None,
                                   entry.title, entry.source_kind)
            covered.append((start, end))
    for match in _CAPITALISED_RUN.finditer(text):
        # the parser's names win; the run is for text that was never parsed
        overlaps = any(start < match.end() and match.start() < end for start, end in covered)
        name_start, name = _untitled(match.group(0))
        at = match.start() + name_start
        if not overlaps and name and _looks_like_person(name) and not is_place_like(text, at, match.end()) and (
                name != outlet_name):
            found[at] = _person_mention(at, name, text, named_in_full)
    for start, end, template in tables.groups.find_all(text):
        country = _country_before(text, start)
        if country:
            found.setdefault(start, Mention(start, template.format(country=country), "group", country))
    for start in list(found):
        mention = found[start]
        if mention.kind == "person" and mention.gender is None:
            found[start] = replace(mention, gender=_gender_before(text, start))
    return AttributionContext(published, outlet, tuple(found[start] for start in sorted(found)),
                              home_country=home_country, named_in_full=named_in_full, year_hint=year_hint)


# Words after which a capitalised name is a place, not a person ("in his office in Garin Tumbi"), and a figure in
# brackets after it that makes it an entry of a list of places ("Kurmi (3,100) and Dutsen Kifi (2,400)").
# "near the Central Market", "along Station Avenue": a name after a locative preposition is a place, with or without
# its article
_PLACE_WORDS_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside|along|below|above|beyond|across|towards?|into"
                                 r"|throughout|beneath)\s+(?:the\s+)?$")
_FIGURE_AFTER = re.compile(r"\s*\(\s*\d")
# "a farmer from Tumba village": a name before a word for a settlement or a division is that place's
_SETTLEMENT_AFTER = re.compile(r"\s+(?:village|town|city|district|province|county|commune|municipality|township)\b")


def is_place_like(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is written as a place: after "in", "at"..., before "(3,100)" or before
    "village", "district"..."""
    return bool(_PLACE_WORDS_BEFORE.search(text[max(0, start - 12):start]) or _FIGURE_AFTER.match(text, end)
                or _SETTLEMENT_AFTER.match(text, end))


def registry_person(name: str, tables, context: AttributionContext | frozenset | None = None) -> SourceEntry | None:
    """The registry person a name ends with ('Defense Secretary Lloyd Austin' -> Lloyd Austin). A surname alone
    ("Singh", also at the end of "Rudra Kumar Singh") is that registry person only when the article names them in
    full somewhere; `context` is the document's context or the set of people it names in full."""
    named = context.named_in_full if isinstance(context, AttributionContext) else context
    for start, end, entry in tables.sources.find_all(name):
        if entry.kind != "person" or end != len(name):
            continue
        alias = name[start:end].strip()
        if " " in alias or " " not in entry.name:
            return entry
        if " " in name.strip():
            # a longer name ending with a registry surname: the same person when the given names agree ("Anton A.
            # Kobyakov"), another one otherwise ("Rudra Kumar Singh" is not "Sabrina Singh")
            return entry if entry.name[:1].lower() == name.strip()[:1].lower() else None
        if named is not None and entry.name not in named:
            return None  # a surname alone stands for the registry person only once the article named them
        return entry
    return None


def _may_name(entry: SourceEntry, alias: str, named_in_full: frozenset[str]) -> bool:
    """A one-word alias of a longer registry name stands for it only when the article names it in full."""
    return " " in alias.strip() or " " not in entry.name or entry.name in named_in_full


def clean_name(text: str) -> str:
    """A name without possessive, honorifics and leading words: "President X's" -> "X"."""
    words = [word for word in text.replace("’s", "").replace("'s", "").split() if word]
    tables = lexicons()
    while words and (words[0].lower() in tables.honorifics or words[0].lower() in tables.name_leading_words):
        words = words[1:]
    return " ".join(words)


def _person_mention(start: int, name: str, text: str, named_in_full: frozenset[str]) -> Mention:
    tables = lexicons()
    entry = registry_person(name, tables, named_in_full)
    if entry is not None:
        return Mention(start, entry.name, "person", entry.country, entry.organisation, None, entry.title,
                       entry.source_kind)
    title = title_before(text, start)
    if not title:
        return Mention(start, name, "person")
    bodies = [e for _s, _e, e in tables.sources.find_all(title) if e.kind in ("org", "outlet")]
    countries = [country for _s, _e, country in tables.countries.find_all(title)]
    organisation = bodies[0].name if bodies else body_of_title(title) or named_body_of(title)
    country = bodies[0].country if bodies else (countries[0] if countries else None)
    kind = bodies[0].source_kind if bodies else kind_of(title)
    return Mention(start, name, "person", country, organisation, None, title, kind)


def title_before(text: str, start: int) -> str | None:
    """The title written right before a name: 'Twenty-five bodies, police officer X' -> 'police officer'."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    segments = re.split(r"[,(—–:;]| -- ", text[line_start:start])
    words = _TITLE_WORDS.findall(segments[-1])
    if not words and len(segments) > 1 and text[line_start:start].rstrip().endswith(","):
        # "NEMA's director-general, Jane Doe, told": the title set off by commas before the name
        apposed = _TITLE_WORDS.findall(segments[-2])
        if any(set(word.lower().split("-")) & lexicons().roles for word in apposed):
            # the whole apposition is the title ("The Executive Secretary of TSEMA"), up to its article
            while apposed and apposed[0].lower() in _ARTICLES:
                apposed = apposed[1:]
            return " ".join(apposed[-_APPOSED_TITLE_WORDS:]).strip(" .") or None
    kept: list[str] = []
    for word in reversed(words):
        if word.lower() in _TITLE_STOPS or len(kept) >= 6:
            break
        kept.append(word)
    title = " ".join(reversed(kept)).strip(" .")
    return title or None


def _untitled(run: str) -> tuple[int, str | None]:
    """'Relief Minister Enamur Rahman' -> (16, 'Enamur Rahman'): the name after the last title word."""
    tables = lexicons()
    words = run.split(" ")
    last_title = -1
    for index, word in enumerate(words):
        if word.lower().rstrip(".") in tables.roles or word.lower() in tables.honorifics:
            last_title = index
        elif index == last_title + 1 and word.lower() in tables.name_leading_words - tables.not_name_starts:
            last_title = index  # "Later Rahman said": the sentence's opening adverb is not a given name
    name_words = words[last_title + 1 :]
    if len(name_words) < 2:
        return 0, None
    offset = len(" ".join(words[: last_title + 1])) + (1 if last_title >= 0 else 0)
    return offset, " ".join(name_words)


def _looks_like_person(run: str) -> bool:
    tables = lexicons()
    if tables.countries.find_all(run) or tables.sources.find_all(run) or tables.actors.find_all(run):
        return False
    if kind_of(run.split()[-1]) is not None:
        return False  # "Interior Ministry", "Press Agency": a body
    return run.split()[0].lower() not in tables.not_name_starts


def _country_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 40) : start]
    found = lexicons().countries.find_all(window)
    if found and window[found[-1][1] :].strip(" ’'s").count(" ") <= 1:
        return found[-1][2]
    return None


def _gender_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 5) : start].lower()
    if "ms." in window or "mrs." in window:
        return "f"
    if "mr." in window:
        return "m"
    return None
