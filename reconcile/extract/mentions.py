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

from reconcile.extract.lexicons import SourceEntry, lexicons

# Cheap memory for paragraphs that are never parsed: "Firstname Lastname" runs of capitalised words.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,4}\b")


@dataclass(frozen=True)
class Mention:
    """A person or group met in the document at character `start`, for look-back ("he said", "Ruggles said")."""

    start: int
    name: str
    kind: str  # person | group
    country: str | None = None
    organisation: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class AttributionContext:
    """What attribution needs beyond the sentence: the publication day, the outlet and the document's memory.

    `text_offset` is where the parsed chunk starts in the document, so that look-back uses document positions.
    """

    published: date | None = None
    outlet: str | None = None
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    text_offset: int = 0

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

    def person_named(self, bare: str, before: int) -> Mention | None:
        """The latest earlier person whose name contains `bare` as a first or last word ("Ruggles", "Lee")."""
        for mention in reversed(self.mentions):
            if mention.start < before and mention.kind == "person":
                words = mention.name.split()
                if len(words) > 1 and bare in (words[0], words[-1]):
                    return mention
        return None


def build_context(
    text: str,
    *,
    published: date | None = None,
    outlet: str | None = None,
    person_spans: Iterable[tuple[int, int]] = (),
) -> AttributionContext:
    """Scan a document once for people and groups: registry names, parsed PERSON spans, capitalised runs.

    >>> build_context("Tom Ruggles said so. Ruggles added.").mentions[0].name  # doctest: +SKIP
    'Tom Ruggles'
    """
    tables = lexicons()
    found: dict[int, Mention] = {}
    covered: list[tuple[int, int]] = []
    for start, end in person_spans:
        name = clean_name(text[start:end])
        if name and " " in name:
            found[start] = _person_mention(start, name)
            covered.append((start, end))
    for start, end, entry in tables.sources.find_all(text):
        if entry.kind == "person":
            found[start] = Mention(start, entry.name, "person", entry.country, entry.organisation, None)
            covered.append((start, end))
    for match in _CAPITALISED_RUN.finditer(text):
        # the parser's names win; the run is for text that was never parsed
        overlaps = any(start < match.end() and match.start() < end for start, end in covered)
        name_start, name = _untitled(match.group(0))
        if not overlaps and name and _looks_like_person(name):
            found[match.start() + name_start] = _person_mention(match.start() + name_start, name)
    for start, end, template in tables.groups.find_all(text):
        country = _country_before(text, start)
        if country:
            found.setdefault(start, Mention(start, template.format(country=country), "group", country))
    for start in list(found):
        mention = found[start]
        if mention.kind == "person" and mention.gender is None:
            found[start] = replace(mention, gender=_gender_before(text, start))
    return AttributionContext(published, outlet, tuple(found[start] for start in sorted(found)))

def registry_person(name: str, tables) -> SourceEntry | None:
    """The registry person a name ends with ('Defense Secretary Lloyd Austin' -> Lloyd Austin)."""
    for _start, end, entry in tables.sources.find_all(name):
        if entry.kind == "person" and end == len(name):
            return entry
    return None


def clean_name(text: str) -> str:
    """A name without possessive, honorifics and leading words: "President X's" -> "X"."""
    words = [word for word in text.replace("’s", "").replace("'s", "").split() if word]
    tables = lexicons()
    while words and (words[0].lower() in tables.honorifics or words[0].lower() in tables.name_leading_words):
        words = words[1:]
    return " ".join(words)


def _person_mention(start: int, name: str) -> Mention:
    entry = registry_person(name, lexicons())
    if entry is not None:
        return Mention(start, entry.name, "person", entry.country, entry.organisation)
    return Mention(start, name, "person")


def _untitled(run: str) -> tuple[int, str | None]:
    """'Relief Minister Enamur Rahman' -> (16, 'Enamur Rahman'): the name after the last title word."""
    tables = lexicons()
    words = run.split(" ")
    last_title = -1
    for index, word in enumerate(words):
        if word.lower().rstrip(".") in tables.roles or word.lower() in tables.honorifics:
            last_title = index
    name_words = words[last_title + 1 :]
    if len(name_words) < 2:
        return 0, None
    offset = len(" ".join(words[: last_title + 1])) + (1 if last_title >= 0 else 0)
    return offset, " ".join(name_words)


def _looks_like_person(run: str) -> bool:
    tables = lexicons()
    if tables.countries.find_all(run) or tables.sources.find_all(run) or tables.actors.find_all(run):
        return False
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
