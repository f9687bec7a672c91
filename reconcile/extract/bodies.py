"""Bodies (extract stage helper): a source phrase the registry does not know -> the body it names.

A body is named by its kind ("the prefecture", "A Chilean crisis unit", "Security and medical sources", "the
hardline SUT union") or by its own name (an ORG entity), its kind comes from source_kinds.csv, its country from the
words (a demonym, a place), never from a place that only locates a foreign source ("a diplomat in Riyadh"). A
document stands for whoever issued it ("figures provided by X", "the BBC's findings", "Chilean government
data"). A country's body keeps its words after the country ("Peru civil defence agency").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from reconcile.extract.kinds import body_name, kind_of
from reconcile.extract.kinds import is_domestic as _is_domestic
from reconcile.extract.nlp import TIME_ENTITIES, entities_of
from reconcile.extract.lexicons import lexicons
from reconcile.kernels.gazetteer import is_town, place_country, resolve_place
from reconcile.rules import scope_words_of_kind


@dataclass(frozen=True)
class Source:
    """Who a source phrase names; `anonymous` for an unnamed source other than the outlet ("officials said")."""

    speaker: str | None = None
    title: str | None = None
    org: str | None = None
    country: str | None = None
    # "officials said", "some analysts believe": a source other than the outlet, though nobody is named
    anonymous: bool = False
    # government, police, organisers, media ... (vocab.SOURCE_KINDS): from the registry or the phrase's words
    kind: str | None = None
    # named in an earlier sentence and met again here ("he said", "the unit said", "It also said")
    carried: bool = False
    # a body of the country the story is told from when it names none ("the prefecture", "security sources")
    domestic: bool = False
    # the town a local body is of ("firefighters in Tinyaq"), which its figures cover
    town: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.speaker or self.org or self.country or self.anonymous)


def country_body(template: str, phrase_tokens: list[Token], country: str, tables) -> str:
    """The name of a country's body: a generic group keeps its template ("U.S. officials" -> "United States
    government"); a specific one keeps its words after the country ("Peru's civil defence agency" -> "Peru civil
    defence agency", "French police" -> "France police"), without the people who speak for it ("officials")."""
    if template in GENERIC_GROUPS:
        return template.format(country=country)
    in_a_country = _country_tokens(phrase_tokens, tables)
    words = [t for t in body_words(phrase_tokens) if t.is_alpha and t.i not in in_a_country]
    while len(words) > 1 and words[-1].lower_ in _SPEAKING_FOR:
        words = words[:-1]
    return f"{country} {' '.join(t.text for t in words)}" if words else template.format(country=country)


def _country_tokens(phrase_tokens: list[Token], tables) -> set[int]:
    """Indices of the tokens that spell a country or its demonym, a name of several words whole ("Saudi Arabia's
    health ministry", "the South Korean embassy"), so that no word of it is left in the body's name."""
    if not phrase_tokens:
        return set()
    doc, first, last = phrase_tokens[0].doc, min(t.i for t in phrase_tokens), max(t.i for t in phrase_tokens)
    span = doc[first : last + 1]
    text, base = span.text, span.start_char
    found = tables.countries.find_all(text)
    return {t.i for t in span if any(start <= t.idx - base < end for start, end, _country in found)}


# People who speak for a body, dropped from its name ("Kyiv intelligence officials" -> "Ukraine intelligence").
_SPEAKING_FOR = ("officials", "official", "spokesman", "spokeswoman", "spokesperson", "spokespeople")


# Group templates generic enough to refer back to any group of the country ("The Ukrainian officials said" after
# "Ukrainian intelligence"); a specific one ("the police") refers back only to the same kind of group.
GENERIC_GROUPS = ("{country} government", "{country} authorities")


def document_owner(head: Token) -> Token | None:
    """Who issued the document a source phrase names: its agent ('figures provided by French authorities'), its
    possessor ('the BBC's findings'), the body in front of it ('The government announcement', 'an AFP tally'), or
    the body it is of ('a summary of the SUT trade union'); None when it is not a document or names no issuer."""
    if head.lower_ not in lexicons().document_nouns:
        return None
    for child in head.children:
        if child.dep_ == "acl":
            agent = next((g for g in child.children if g.dep_ == "agent"), None)
            objects = [g for g in agent.children if g.dep_ == "pobj"] if agent is not None else []
            if objects:
                return objects[0]
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ not in TIME_ENTITIES:
            return child
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj" and (g.pos_ == "PROPN" or kind_of(g.text))]
            if objects:
                return objects[0]
    modifiers = [child for child in head.children if child.dep_ in ("compound", "amod", "nmod")
                 and (child.pos_ == "PROPN" or kind_of(child.text) not in (None, "media"))]
    return modifiers[-1] if modifiers else None


def named_entity(head: Token, phrase_tokens: list[Token]) -> bool:
    """Whether the phrase names a body by its own name (an ORG entity with a capitalised word: "the Andean Press
    Agency", "the SUT"; not "health ministry" tagged as one)."""
    ids = {token.i for token in phrase_tokens}
    return any(ent.label_ == "ORG" and ids.intersection(range(ent.start, ent.end))
               and any(token.text[:1].isupper() for token in ent) for ent in entities_of(head.doc))


def unregistered_body(head: Token, phrase_tokens: list[Token], country: str | None) -> Source | None:
    """A body the registry does not know, named by its kind ("the prefecture", "A Chilean crisis unit",
    "Security and medical sources", "the hardline SUT union") or by its own name (an ORG entity): its name as
    written, its kind from its words (or those of an apposition), its country from the words."""
    words = body_words(phrase_tokens)
    if not words:
        return None
    text = _joined(words)
    described = text + " " + " ".join(t.text for child in head.children if child.dep_ == "appos"
                                      for t in child.subtree)
    kind = kind_of(described)
    # the entity may hold the article the words leave out ("the National Emergency Agency" in Abuja)
    entity = next((ent for ent in entities_of(head.doc) if ent.label_ == "ORG" and ent.start + (
        ent[0].lower_ in ("the", "a", "an")) >= words[0].i and ent.end <= words[-1].i + 1), None)
    if kind is None and entity is None:
        return None
    if kind == "anonymous" and len(words) == 1 and words[0].lemma_.lower() in ("source",):
        return Source(anonymous=True, kind=kind)  # "according to the sources": nobody in particular
    if kind == "media" and entity is None and _is_indefinite(head) and not any(t.pos_ == "PROPN" for t in words):
        return Source(anonymous=True, kind=kind)  # "according to a tally": an unnamed tally
    # "the Cusco region government": a generic head after a name keeps the whole phrase; "the hardline SUT union"
    # is the SUT
    covers_head = entity is not None and entity.start <= head.i < entity.end
    # "The National Transport Workers' Alliance": a name the model split at its possessive keeps all its words
    keep_phrase = entity is None or not covers_head and (head.lower_ in _GENERIC_HEADS or head.pos_ == "PROPN")
    name = body_name(text if keep_phrase else entity.text)
    if country is None:
        country = next((found for token in words if token.ent_type_ in ("GPE", "LOC")
                        and not _locates(token) and (found := place_country(token.text))), None)
    domestic = _is_domestic(described) or kind is None
    return Source(None, None, name, country, anonymous=kind == "anonymous", kind=kind or kind_of(name),
                  domestic=domestic)


_GENERIC_HEADS = ("government", "administration", "authorities", "authority", "police", "ministry", "army",
                  "military", "state", "council")


def only_located(phrase_tokens: list[Token]) -> bool:
    """Whether every country word of the phrase sits after "in" or "at"."""
    places = [t for t in phrase_tokens if t.ent_type_ in ("GPE", "NORP", "LOC")]
    return bool(places) and all(_locates(t) or _locates(t.head) for t in places)


def _locates(token: Token) -> bool:
    """A place after "in" locates a body ("a diplomat in Peru"), it does not say whose it is."""
    return token.head.dep_ == "prep" and token.head.lower_ in ("in", "at")


def _is_indefinite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("a", "an") for child in head.children)


def body_words(phrase_tokens: list[Token]) -> list[Token]:
    """The words that name a body: the phrase without determiners, counts and quantity words ("Three police
    sources" -> "police sources")."""
    words = [t for t in phrase_tokens if _inside_a_hyphenated_name(t) or t.dep_ not in (
        "det", "nummod", "quantmod", "predet", "case") and not t.like_num and t.lower_ not in (
        "some", "several", "many", "all", "both")]
    while words and (words[0].is_punct or words[0].lower_ in ("the", "a", "an")):
        words = words[1:]
    return words


def _joined(words: list[Token]) -> str:
    """The words as written where they are adjacent ("Rahmat-e-Aam"), one space where words were left out."""
    parts = []
    for token, following in zip(words, [*words[1:], None]):
        parts.append(token.text)
        if following is not None and (token.whitespace_ or following.i != token.i + 1):
            parts.append(" ")
    return "".join(parts)


def _inside_a_hyphenated_name(token: Token) -> bool:
    """'Rahmat-e-Aam': the tokenizer splits a hyphenated name, and its middle word may look like a determiner."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after or token.text == "-" and not token.whitespace_


def described(phrase_tokens: list[Token]) -> tuple[str, ...]:
    """The words of a definite description ("the station officer" -> ("station", "officer"))."""
    return tuple(t.lower_ for t in body_words(phrase_tokens) if t.is_alpha)


def of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def strip_article(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in ("the", "a", "an", "some", "several"):
        words = words[1:]
    return " ".join(words)


def registry_body(name: str, town: str | None, country: str | None, phrase: str) -> Source:
    """A body the registry names ("police", "fire service"), of the story's country; a local one keeps its town,
    whose figures it counts ("Valencia police")."""
    return Source(None, None, f"{town} {name}" if town else name, country, kind=kind_of(phrase) or kind_of(name),
                  domestic=True, town=town)


def town_of_body(head: Token, phrase_tokens: list[Token]) -> str | None:
    """The town a body's phrase names ("the Valencia police", "firefighters in Tinyaq", "the police of Turin"): a
    city of the gazetteer, or a place the parser tags that the gazetteer does not know; never a country or a
    region."""
    named = [token for token in phrase_tokens
             if token.i < head.i and token.pos_ == "PROPN" and token.dep_ == "compound"]
    located = [obj for preposition in head.children if preposition.dep_ == "prep" and preposition.lower_ in ("in", "of")
               for obj in preposition.children if obj.dep_ == "pobj" and obj.pos_ == "PROPN"]
    for token in named + located:
        if is_town(token.text):
            return token.text
        unknown = resolve_place(token.text, alternates=False) is None
        if token in located and unknown and not lexicons().countries.find_all(token.text):
            return token.text  # "firefighters in Tinyaq": a town too small for the gazetteer
    return None


_POSSESSED_BODY = re.compile(r"\b(?:the\s+)?([A-Za-z]+)['’]s\b", re.IGNORECASE)
_TITLE_ACRONYM = re.compile(r"\b([A-Z][A-Z&]{1,7})\b")


def with_possessed_body(found: Source, context, at: int) -> Source:
    """"Jane Doe, the ministry's spokesperson, said", "NEMA's director-general, Jane Doe": the body the title
    belongs to, as the story named it before."""
    owner = _POSSESSED_BODY.search(found.title or "") if found.org is None else None
    # "HCI country director Tobias Lindqvist": an acronym in the title names the body as a possessive does
    owner = owner or (_TITLE_ACRONYM.search(found.title or "") if found.org is None else None)
    recalled = context.recollection.body_called(owner.group(1).lower(), at, kind_of(owner.group(1))) if owner else None
    if recalled is None and owner is not None and owner.group(1).lower() in scope_words_of_kind("facility"):
        # "the hospital's director, Jane Doe": she speaks for the hospital, of the story's country
        return replace(found, org=owner.group(1).lower(), country=found.country or context.home_country)
    if recalled is None and owner is not None and owner.start() == 0 and owner.re is _TITLE_ACRONYM and (
            found.title.split()[-1].lower().rstrip(".") in lexicons().roles):
        # "CGT confederal secretary Jane Doe", the union not named before: the acronym is the body she serves
        return replace(found, org=owner.group(1), country=found.country or context.home_country)
    if recalled is None:
        return found
    return replace(found, org=recalled.org, country=found.country or recalled.country,
                   kind=found.kind or recalled.kind)


def facility_of_speaker(head: Token) -> str | None:
    """The named facility a titled person speaks for when the sentence says which: its possessor ("Tarabari
    Hospital had admitted 210 people, its director Dr Jane Doe said": "its" is the facility named before it in the
    sentence) or the facility the statement is set at ("At Kessa General Hospital, medical superintendent Dr Jane
    Doe said"). Only a name that ends with a facility word (scope_words.csv, kind facility) counts."""
    facilities = scope_words_of_kind("facility")
    sentence = head.sent
    if any(child.dep_ == "poss" and child.lower_ == "its" for child in head.children):
        before = [ent for ent in entities_of(head.doc) if sentence.start <= ent.start and ent.end <= head.left_edge.i
                  and ent.label_ in ("ORG", "FAC")]
        if before and before[-1][-1].lower_ in facilities:
            return before[-1].text
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else None
    for prep in (verb.children if verb is not None else ()):
        if prep.dep_ == "prep" and prep.lower_ == "at" and prep.i < head.i:
            place = next((child for child in prep.children if child.dep_ == "pobj"), None)
            if place is not None and place.lower_ in facilities and place.pos_ == "PROPN":
                words = [token for token in place.subtree if token.pos_ == "PROPN" or token.i == place.i]
                return " ".join(token.text for token in words)
    return None
