"""Source resolution (extract stage helper): the head token of a source phrase -> who it names.

A registry person ("Defense Secretary Lloyd Austin" -> Lloyd Austin, his organisation and country), an unregistered
person with a title, a named body (spaCy ORG), a group of a country ("Ukrainian officials"), a country that speaks
as a state ("Kyiv said"), or a pronoun and a bare surname resolved against the document's memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import AttributionContext, Mention, clean_name, registry_person

# spaCy entity labels of a named body rather than a person.
_BODY_ENTITY_TYPES = ("ORG", "NORP", "FAC")
_PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GROUP_PRONOUNS = {"they", "them"}
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")


@dataclass(frozen=True)
class Source:
    """Who a source phrase names; `anonymous` for an unnamed source other than the outlet ("officials said")."""

    speaker: str | None = None
    title: str | None = None
    org: str | None = None
    country: str | None = None
    # "officials said", "some analysts believe": a source other than the outlet, though nobody is named
    anonymous: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.speaker or self.org or self.country or self.anonymous)


def body_entity(doc, name_ids: frozenset[int]) -> str | None:
    """The organisation entity a name's tokens belong to, when spaCy tags them as one and not as a person."""
    for entity in doc.ents:
        if any(entity.start <= i < entity.end for i in name_ids):
            if entity.label_ in _BODY_ENTITY_TYPES:
                return strip_article(entity.text)
            if entity.label_ == "PERSON":
                return None
    return None


def resolve_source(head: Token, context: AttributionContext, position: int) -> Source:
    """Who a source phrase names; conjoined sources ('Macron and officials in Berlin') are merged."""
    conjuncts = [child for child in head.children if child.dep_ == "conj"]
    first = _resolve_one(head, context, position)
    if not conjuncts:
        return first
    sources = [first] + [_resolve_one(child, context, position) for child in conjuncts]
    sources = [source for source in sources if not source.is_empty]
    if len(sources) <= 1:
        return sources[0] if sources else first

    def joined(values):
        kept = sorted({value for value in values if value})
        return "; ".join(kept) or None

    speakers = [source.speaker for source in sources if source.speaker]
    return Source(
        speakers[0] if speakers else None,
        first.title,
        joined(source.org for source in sources),
        joined(source.country for source in sources),
        any(source.anonymous for source in sources),
    )


def _resolve_one(head: Token, context: AttributionContext, position: int) -> Source:
    """Who one source phrase names: registry person, unregistered person with title, body, group or country."""
    tables = lexicons()
    lower = head.lower_
    if head.pos_ == "PRON" or lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        return _resolve_pronoun(lower, context, position)
    phrase_tokens = _phrase(head)
    phrase = "".join(token.text_with_ws for token in phrase_tokens).strip()
    name, name_ids = _person_name(head)
    if not name:
        # "The head of the agency, Jane Doe, said": the name sits in an apposition to a title
        for child in head.children:
            if child.dep_ == "appos":
                name, name_ids = _person_name(child)
                if name:
                    break
    if name:
        entry = registry_person(name, tables)
        if entry is None and " " not in name:
            remembered = context.person_named(name, position + head.idx - head.sent.start_char + 1)
            if remembered is not None:
                name = remembered.name
                entry = registry_person(name, tables)
                if entry is None:
                    return Source(name, None, remembered.organisation, remembered.country)
        if entry is not None:
            return Source(entry.name, _title(phrase_tokens, name_ids), entry.organisation, entry.country)
        if _is_named_body(name, tables):
            name = None
    body = body_entity(head.doc, name_ids) if name else None
    if body is not None:
        # An unregistered organisation ("the Civil Defence Institute said", "a monitoring group, the Archive of
        # Public Gatherings, estimated") is a source body, not a person.
        org, country = _body_and_country(body, tables)
        return Source(None, None, org or body, country)
    if name:
        title = _title(phrase_tokens, name_ids)
        org, country = _body_and_country(title or "", tables)
        return Source(name, title, org, country)
    return _resolve_body(head, phrase, context, position)


def _resolve_pronoun(lower: str, context: AttributionContext, position: int) -> Source:
    if lower in _PERSON_PRONOUNS:
        mention = context.last_person(position, _PERSON_PRONOUNS[lower])
        if mention is not None:
            entry = registry_person(mention.name, lexicons())
            if entry is not None:
                return Source(entry.name, entry.title, entry.organisation, entry.country)
            return Source(mention.name, None, mention.organisation, mention.country)
    if lower in _GROUP_PRONOUNS:
        mention = context.last_group(position)
        if mention is not None:
            return Source(None, None, mention.name, mention.country)
    return Source()


def _resolve_body(head: Token, phrase: str, context: AttributionContext, position: int) -> Source:
    """Organisation- or country-only sources: 'the White House', 'Kyiv intelligence officials', 'U.S. officials'."""
    tables = lexicons()
    org, country = _body_and_country(phrase, tables)
    if head.lower_ in tables.roles and not _registered_as_body(phrase, tables):
        # "the NIS chief", "the Ukrainian leader": the person of that body or country met earlier, else the title
        mention = _last_person_of(context, position, org, country) if (org or country) else None
        if mention is not None:
            return Source(mention.name, phrase, mention.organisation, mention.country)
        groups = tables.groups.find_all(phrase)
        if org is None and groups and country:
            org = groups[0][2].format(country=country)  # "Sudan's army chief" speaks for Sudan's military
        return Source(strip_article(phrase), phrase, org, country)
    if org is None:
        groups = tables.groups.find_all(phrase)
        remembered = context.last_group(position) if groups and _is_definite(head) else None
        if groups and country and remembered is not None and remembered.country == country:
            # "The Ukrainian officials said": the group of that country the story just named
            return Source(None, None, remembered.name, remembered.country)
        if groups and country:
            org = groups[0][2].format(country=country)
        elif groups:
            remembered = context.last_group(position) if _is_definite(head) else None
            if remembered is not None:  # "The officials said": the group the story last named
                return Source(None, None, remembered.name, remembered.country)
            bodies = tables.group_bodies.find_all(phrase)
            if bodies:  # "police said", "organisers said": a body that stands behind its own figure
                return Source(None, None, bodies[0][2], None)
            # "officials said", "authorities said": unnamed, but still a source other than the outlet
            return Source(anonymous=True)
        elif country and head.pos_ == "PROPN":
            org = f"{country} government"  # "South Korea said", "Kyiv said": the state speaks
    if org is None and country is None:
        return Source()
    return Source(None, None, org, country)


def _registered_as_body(phrase: str, tables) -> bool:
    """The registry lists the whole title as a body ("South Korea's spy chief" speaks for the agency)."""
    return any(entry.kind != "person" and end == len(phrase) for _s, end, entry in tables.sources.find_all(phrase))


def strip_article(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in ("the", "a", "an", "some", "several"):
        words = words[1:]
    return " ".join(words)


def _body_and_country(phrase: str, tables) -> tuple[str | None, str | None]:
    bodies = [entry for _s, _e, entry in tables.sources.find_all(phrase) if entry.kind in ("org", "outlet")]
    countries = [country for _s, _e, country in tables.countries.find_all(phrase)]
    org = bodies[0].name if bodies else None
    country = bodies[0].country if bodies else (countries[0] if countries else None)
    if not bodies and countries:
        country = countries[0]
    return org, country


def _is_named_body(name: str, tables) -> bool:
    for start, end, entry in tables.sources.find_all(name):
        if entry.kind != "person" and end - start >= len(name) - 1:
            return True
    return any(end - start >= len(name) - 1 for start, end, _c in tables.countries.find_all(name))


def _person_name(head: Token) -> tuple[str | None, frozenset[int]]:
    """The name a source phrase gives and its token indices: the head's run of proper nouns, trimmed to the
    PERSON entity where there is one ('Defense Secretary Lloyd Austin' -> 'Lloyd Austin'; 'Lena Park-Yoon')."""
    if head.pos_ != "PROPN" and head.ent_type_ != "PERSON":
        return None, frozenset()
    doc = head.doc
    start, end = head.i, head.i + 1
    while start > head.sent.start:
        previous = doc[start - 1]
        if previous.text in ("-", "‐") and not previous.whitespace_:
            start -= 1  # hyphenated given names are split by the tokenizer: "Sun", "-", "won"
        elif previous.pos_ == "PROPN" and previous.dep_ in ("compound", "flat", "nmod"):
            start -= 1
        else:
            break
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and ent.start < end and ent.end > start]
    if people:
        start = max(start, people[0].start)
        end = max(end, people[-1].end)
    name = clean_name(doc[start:end].text)
    if name and _NAME_TOKEN.match(name.split()[-1]):
        return name, frozenset(range(start, end))
    return None, frozenset()


def _phrase(head: Token) -> list[Token]:
    """The source phrase: the head's subtree without relative clauses ('who attended') and edge punctuation."""
    dropped = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "advcl", "conj", "cc"):
            dropped.update(token.i for token in child.subtree)
    tokens = [token for token in head.subtree if token.i not in dropped]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _title(phrase_tokens: list[Token], name_ids: frozenset[int]) -> str | None:
    """The words around a name that say who the person is ('South Korea's intelligence chief')."""
    words = [token for token in phrase_tokens if token.i not in name_ids and token.text not in (",", "“", "”", '"')]
    while words and (words[0].lower_ in ("a", "an", "the", "and") or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text != ".":
        words = words[:-1]
    title = "".join(token.text + (" " if token.whitespace_ or token.text == "." else "") for token in words)
    return title.strip() or None


def _is_definite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("the", "these", "those") for child in head.children)


def _last_person_of(context: AttributionContext, before: int, org: str | None, country: str | None) -> Mention | None:
    for mention in reversed(context.mentions):
        if mention.start >= before or mention.kind != "person":
            continue
        if (org and mention.organisation == org) or (not org and country and mention.country == country):
            return mention
    return None
