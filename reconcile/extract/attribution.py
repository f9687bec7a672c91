"""Attribution (extract stage helper): a parsed sentence + document memory -> who states it, via whom, when.

The source comes from the dependency parse: the subject of a speech-cue verb ("X said", "X told reporters"), the
object of "according to X", or the nested pair of "A quoted B as saying". Pronouns and bare surnames are resolved
against names met earlier in the document; people, bodies and countries are looked up in the source registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Span, Token

from reconcile.extract._lexicons import SourceEntry, lexicons

try:  # engineer B's date parser; without it stated_on stays empty rather than guessed
    from reconcile.extract.temporal import normalise_date
except ImportError:  # pragma: no cover - only while the module is being written
    normalise_date = None

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# spaCy entity labels of a named body rather than a person.
_BODY_ENTITY_TYPES = ("ORG", "NORP", "FAC")
_PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GROUP_PRONOUNS = {"they", "them"}
_FIRST_PERSON = {"i", "we", "me", "us", "you"}
# Honorifics and job words that copy glues to a name ("President X", "Mr. X"); they are title, not name.
_HONORIFICS = {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "gen", "gen.", "lt", "sen", "sen.", "rep", "rep."}
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
# Cheap memory for paragraphs that are never parsed: "Firstname Lastname" runs of capitalised words.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,4}\b")


@dataclass(frozen=True)
class Attribution:
    """The source of a claim: speaker, their title, organisation and country, the intermediary, cue and day."""

    speaker: str | None = None
    speaker_title: str | None = None
    source_org: str | None = None
    source_country: str | None = None
    via: str | None = None
    cue: str | None = None
    stated_on: str | None = None

    def as_columns(self) -> dict[str, str | None]:
        """The ClaimSchema columns: `Attribution(speaker="A").as_columns()["speaker"] == "A"`."""
        return {
            "speaker": self.speaker,
            "source_org": self.source_org,
            "source_country": self.source_country,
            "via": self.via,
            "cue": self.cue,
            "stated_on": self.stated_on,
        }


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


@dataclass(frozen=True)
class _Source:
    speaker: str | None = None
    title: str | None = None
    org: str | None = None
    country: str | None = None
    # "officials said", "some analysts believe": a source other than the outlet, though nobody is named
    anonymous: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.speaker or self.org or self.country or self.anonymous)


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
        name = _clean_name(text[start:end])
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


def attribute_sentence(sentence: Span, context: AttributionContext, *, focus: Token | None = None) -> Attribution:
    """Who stands behind the claims of one parsed sentence; the outlet itself when no cue attributes them.

    With `focus` (the claim's head token), only cues whose clause contains the claim are considered, so that
    "A said 200 ..., while B said 5,000 ..." gives each figure its own source.

    >>> attribute_sentence(nlp("Floods killed 12 people, the Red Cross said.")[:], AttributionContext()).source_org
    'Red Cross'
    """
    found = _attribute(sentence, context, focus)
    if found is None and focus is not None:
        found = _attribute(sentence, context, None)
    if found is None:
        found = _continued_quote(sentence, context)
    return found if found is not None else Attribution(source_org=context.outlet)


def _attribute(sentence: Span, context: AttributionContext, focus: Token | None) -> Attribution | None:
    tables = lexicons()
    position = context.text_offset + sentence.start_char
    relay = _relay_cue(sentence, tables, focus)
    if relay is not None:
        speaker_token, via_token, cue_token, label = relay
        speaker = _resolve(speaker_token, context, position)
        if not speaker.is_empty:
            via = _resolve(via_token, context, position) if via_token is not None else _Source()
            return _attribution(speaker, via, label, (cue_token,), context)
    all_cues = _verb_cues(sentence, tables)
    according = _prep_cue(sentence, tables)
    chain = _governing_chain(all_cues, focus) if focus is not None else all_cues
    if focus is not None and not chain:
        # "..., he said." parsed loosely: the sentence's main cue still speaks for the whole sentence
        chain = [cue for cue in all_cues if cue[0].dep_ in ("ROOT", "parataxis")][:1]
    resolved = [(token, _resolve(subject, context, position), label) for token, subject, label in chain]
    resolved = [cue for cue in resolved if not cue[1].is_empty]
    if resolved:
        if focus is None:
            outer_token, outer, outer_label = resolved[0]
            inner = _nested_person(resolved[1:], outer_token)
            if inner is not None:
                return _attribution(inner[1], outer, inner[2], (inner[0], outer_token), context)
            via = _resolve(according[0], context, position) if according is not None else _Source()
            return _attribution(outer, via, outer_label, (outer_token,), context)
        # The innermost named person is the source ("Park said Cho told lawmakers his agency estimated ...":
        # Cho, who speaks for the agency); the next reporting voice above, linked by complements, is the via.
        speaking = next((rank for rank, cue in enumerate(resolved) if cue[1].speaker), 0)
        cue_token, source, label = resolved[speaking]
        above = next((cue for cue in resolved[speaking + 1 :] if _complement_path(cue_token, cue[0])), None)
        if above is not None and (source.speaker or above[1].speaker is None):
            return _attribution(source, above[1], label, (cue_token, above[0]), context)
        via = _resolve(according[0], context, position) if according is not None else _Source()
        return _attribution(source, via, label, (cue_token,), context)
    if according is not None:
        source = _resolve(according[0], context, position)
        if not source.is_empty:
            return _attribution(source, _Source(), according[1], (according[2],), context)
    return None


def _governing_chain(cues, focus: Token) -> list:
    """Cues whose clause holds the claim, innermost first."""
    order = {token.i: rank for rank, token in enumerate([focus, *focus.ancestors])}
    governing = [cue for cue in cues if cue[0].i in order]
    return sorted(governing, key=lambda cue: order[cue[0].i])


def _complement_path(inner: Token, outer: Token) -> bool:
    """Reported speech nests through complements ('A said B told ...'), not through 'while B said' adverbials."""
    current = inner
    while current.i != outer.i:
        if current.dep_ in ("advcl", "conj", "relcl", "acl", "appos") or current.head.i == current.i:
            return False
        current = current.head
    return True


def _continued_quote(sentence: Span, context: AttributionContext) -> Attribution | None:
    """A sentence inside an open quotation, with no cue of its own, belongs to the quote's speaker."""
    doc = sentence.doc
    if sentence.start == 0:
        return None
    before = doc[sentence.start - 1]
    if "\n" in before.whitespace_ or "\n" in before.text:
        return None  # a new paragraph opens a new attribution
    opened = doc.text[: sentence.start_char]
    paragraph = opened[opened.rfind("\n") + 1 :]
    starts_quote = sentence.text.lstrip()[:1] in ("“", '"')
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not (starts_quote or inside):
        return None
    return _attribute(before.sent, context, None)


def _attribution(source: _Source, via: _Source, cue: str, cue_tokens, context: AttributionContext) -> Attribution:
    via_text = via.speaker or via.org
    if via_text and via_text in (source.speaker, source.org):
        via_text = None
    return Attribution(
        speaker=source.speaker,
        speaker_title=source.title,
        source_org=source.org,
        source_country=source.country,
        via=via_text,
        cue=cue,
        stated_on=_stated_on(cue_tokens, context),
    )


# --- cues -------------------------------------------------------------------------------------------------------


def _verb_cues(sentence: Span, tables) -> list[tuple[Token, Token, str]]:
    """Speech-cue verbs with a subject, outermost first (fewest cue ancestors), then left to right."""
    cues = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma not in tables.verb_cues or token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
            continue
        if token.pos_ == "NOUN" and token.dep_ != "ROOT":
            continue
        source = _cue_source(token)
        if source is None:
            source = _entity_before(token)
        if source is None:
            continue
        cues.append((token, source, token.lower_))
    cue_positions = {token.i for token, _s, _l in cues}
    depth = {token.i: sum(1 for ancestor in token.ancestors if ancestor.i in cue_positions) for token, _s, _l in cues}
    return sorted(cues, key=lambda cue: (depth[cue[0].i], cue[0].i))


def _entity_before(cue: Token) -> Token | None:
    """A misparsed cue ('Lena Park-Yoon briefed lawmakers' read as a noun phrase): the name right before it."""
    if cue.i == 0 or cue.tag_ not in ("VBD", "VBZ", "VBN", "VBP"):
        return None
    previous = cue.doc[cue.i - 1]
    entity = next((ent for ent in cue.doc.ents if ent.end == cue.i and ent.label_ in ("PERSON", "ORG")), None)
    return entity.root if entity is not None else (previous if previous.ent_type_ in ("PERSON", "ORG") else None)


def _cue_source(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass" and not _is_dateline(child):
            return child
    for child in verb.children:
        if child.dep_ == "agent":  # "was briefed by a delegation", "was told by officials"
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects:
                return objects[0]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # "Ruggles said ... and warned ...": the second verb shares the first one's subject
        return _cue_source(verb.head)
    return None


_DATELINE_DASHES = ("—", "–", "--", "-")


def _is_dateline(token: Token) -> bool:
    """A wire dateline ("GENEVA —", "Washington —") opens a story with the place it was filed from; the
    parser sometimes makes it the subject of the first "said", but it is never the source."""
    sentence = token.sent
    if token.i - sentence.start > 3 or token.i + 1 >= len(token.doc):
        return False
    opening = token.doc[sentence.start : token.i + 1]
    # scraped copy often puts a no-break space before the dash, which spaCy keeps as its own token
    following = next((t for t in token.doc[token.i + 1 : token.i + 3] if not t.is_space), None)
    return (
        following is not None
        and following.text in _DATELINE_DASHES
        and all(t.pos_ == "PROPN" or t.text == "," for t in opening)
    )


def _body_entity(doc, name_ids: frozenset[int]) -> str | None:
    """The organisation entity a name's tokens belong to, when spaCy tags them as one and not as a person."""
    for entity in doc.ents:
        if any(entity.start <= i < entity.end for i in name_ids):
            if entity.label_ in _BODY_ENTITY_TYPES:
                return _strip_article(entity.text)
            if entity.label_ == "PERSON":
                return None
    return None


def _prep_cue(sentence: Span, tables) -> tuple[Token, str, Token] | None:
    """'according to X' (and 'citing X'): the object X, the label and the cue token."""
    for token in sentence:
        lower = token.lower_
        if lower == "according":
            nxt = token.nbor(1) if token.i + 1 < sentence.end else None
            if nxt is not None and nxt.lower_ == "to" and "according to" in tables.prep_cues:
                objects = [child for child in nxt.children if child.dep_ == "pobj"]
                if objects:
                    return objects[0], "according to", token
        elif lower in tables.prep_cues:
            objects = [child for child in token.children if child.dep_ in ("dobj", "pobj")]
            if objects:
                return objects[0], lower, token
    return None


def _relay_cue(sentence: Span, tables, focus: Token | None = None) -> tuple[Token, Token | None, Token, str] | None:
    """'A quoted B as saying' -> (B, A, cue, label); 'B was quoted as saying' -> (B, None, cue, label)."""
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma not in tables.relay_cues or not (token.pos_ == "VERB" or token.tag_ == "VBG"):
            continue
        if focus is not None and not _relay_governs(token, focus):
            continue
        label = token.lower_
        objects = [child for child in token.children if child.dep_ == "dobj"]
        passive_subjects = [child for child in token.children if child.dep_ == "nsubjpass"]
        subjects = [child for child in token.children if child.dep_ == "nsubj"]
        if objects and any(child.lower_ == "as" or child.lemma_ == "say" for child in token.children):
            return objects[0], (subjects[0] if subjects else None), token, label
        if passive_subjects:
            return passive_subjects[0], None, token, label
        if objects and token.dep_ in ("advcl", "xcomp", "conj", "acl", "prep") and token.tag_ == "VBG":
            # "Lee, quoting Cho, said ...": the relaying verb is the main clause's cue
            main = _over_punctuation(token.head)
            if main.pos_ in ("NOUN", "PROPN"):  # "Lee, quoting Cho, said": the relay hangs off its subject
                return objects[0], main, main.head, label
            main_subjects = [child for child in main.children if child.dep_ == "nsubj"]
            return objects[0], (main_subjects[0] if main_subjects else None), main, label
    return None


def _relay_governs(relay: Token, focus: Token) -> bool:
    ancestors = {token.i for token in focus.ancestors}
    # "Lee, quoting Cho, said ...": the relay hangs off the subject, so its clause is the subject's verb
    main = _over_punctuation(relay.head)
    return relay.i in ancestors or main.i in ancestors or main.head.i in ancestors


def _over_punctuation(token: Token) -> Token:
    while token.is_punct and token.head.i != token.i:
        token = token.head
    return token


def _nested_person(inner_cues, outer_token: Token):
    """A named person whose cue sits inside the outer cue's clause ('Park said Cho told lawmakers ...')."""
    for token, source, label in inner_cues:
        if outer_token in token.ancestors and _complement_path(token, outer_token) and source.speaker:
            return token, source, label
    return None


# --- resolving a source phrase ------------------------------------------------------------------------------------


def _resolve(head: Token, context: AttributionContext, position: int) -> _Source:
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
    return _Source(
        speakers[0] if speakers else None,
        first.title,
        joined(source.org for source in sources),
        joined(source.country for source in sources),
        any(source.anonymous for source in sources),
    )


def _resolve_one(head: Token, context: AttributionContext, position: int) -> _Source:
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
        entry = _registry_person(name, tables)
        if entry is None and " " not in name:
            remembered = context.person_named(name, position + head.idx - head.sent.start_char + 1)
            if remembered is not None:
                name = remembered.name
                entry = _registry_person(name, tables)
                if entry is None:
                    return _Source(name, None, remembered.organisation, remembered.country)
        if entry is not None:
            return _Source(entry.name, _title(phrase_tokens, name_ids), entry.organisation, entry.country)
        if _is_named_body(name, tables):
            name = None
    body = _body_entity(head.doc, name_ids) if name else None
    if body is not None:
        # An unregistered organisation ("the Civil Defence Institute said", "a monitoring group, the Archive of
        # Public Gatherings, estimated") is a source body, not a person.
        org, country = _body_and_country(body, tables)
        return _Source(None, None, org or body, country)
    if name:
        title = _title(phrase_tokens, name_ids)
        org, country = _body_and_country(title or "", tables)
        return _Source(name, title, org, country)
    return _resolve_body(head, phrase, context, position)


def _resolve_pronoun(lower: str, context: AttributionContext, position: int) -> _Source:
    if lower in _PERSON_PRONOUNS:
        mention = context.last_person(position, _PERSON_PRONOUNS[lower])
        if mention is not None:
            entry = _registry_person(mention.name, lexicons())
            if entry is not None:
                return _Source(entry.name, entry.title, entry.organisation, entry.country)
            return _Source(mention.name, None, mention.organisation, mention.country)
    if lower in _GROUP_PRONOUNS:
        mention = context.last_group(position)
        if mention is not None:
            return _Source(None, None, mention.name, mention.country)
    return _Source()


def _resolve_body(head: Token, phrase: str, context: AttributionContext, position: int) -> _Source:
    """Organisation- or country-only sources: 'the White House', 'Kyiv intelligence officials', 'U.S. officials'."""
    tables = lexicons()
    org, country = _body_and_country(phrase, tables)
    if head.lower_ in tables.roles and not _registered_as_body(phrase, tables):
        # "the NIS chief", "the Ukrainian leader": the person of that body or country met earlier, else the title
        mention = _last_person_of(context, position, org, country) if (org or country) else None
        if mention is not None:
            return _Source(mention.name, phrase, mention.organisation, mention.country)
        groups = tables.groups.find_all(phrase)
        if org is None and groups and country:
            org = groups[0][2].format(country=country)  # "Sudan's army chief" speaks for Sudan's military
        return _Source(_strip_article(phrase), phrase, org, country)
    if org is None:
        groups = tables.groups.find_all(phrase)
        remembered = context.last_group(position) if groups and _is_definite(head) else None
        if groups and country and remembered is not None and remembered.country == country:
            # "The Ukrainian officials said": the group of that country the story just named
            return _Source(None, None, remembered.name, remembered.country)
        if groups and country:
            org = groups[0][2].format(country=country)
        elif groups:
            remembered = context.last_group(position) if _is_definite(head) else None
            if remembered is not None:  # "The officials said": the group the story last named
                return _Source(None, None, remembered.name, remembered.country)
            bodies = tables.group_bodies.find_all(phrase)
            if bodies:  # "police said", "organisers said": a body that stands behind its own figure
                return _Source(None, None, bodies[0][2], None)
            # "officials said", "authorities said": unnamed, but still a source other than the outlet
            return _Source(anonymous=True)
        elif country and head.pos_ == "PROPN":
            org = f"{country} government"  # "South Korea said", "Kyiv said": the state speaks
    if org is None and country is None:
        return _Source()
    return _Source(None, None, org, country)


def _registered_as_body(phrase: str, tables) -> bool:
    """The registry lists the whole title as a body ("South Korea's spy chief" speaks for the agency)."""
    return any(entry.kind != "person" and end == len(phrase) for _s, end, entry in tables.sources.find_all(phrase))


def _strip_article(phrase: str) -> str:
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


def _registry_person(name: str, tables) -> SourceEntry | None:
    """The registry person a name ends with ('Defense Secretary Lloyd Austin' -> Lloyd Austin)."""
    for _start, end, entry in tables.sources.find_all(name):
        if entry.kind == "person" and end == len(name):
            return entry
    return None


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
    name = _clean_name(doc[start:end].text)
    if name and _NAME_TOKEN.match(name.split()[-1]):
        return name, frozenset(range(start, end))
    return None, frozenset()


def _clean_name(text: str) -> str:
    words = [word for word in text.replace("’s", "").replace("'s", "").split() if word]
    while words and (words[0].lower() in _HONORIFICS or words[0].lower() in ("president", "the")):
        words = words[1:]
    return " ".join(words)


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


# --- memory building ------------------------------------------------------------------------------------------------


def _person_mention(start: int, name: str) -> Mention:
    entry = _registry_person(name, lexicons())
    if entry is not None:
        return Mention(start, entry.name, "person", entry.country, entry.organisation)
    return Mention(start, name, "person")


def _untitled(run: str) -> tuple[int, str | None]:
    """'Relief Minister Enamur Rahman' -> (16, 'Enamur Rahman'): the name after the last title word."""
    roles = lexicons().roles
    words = run.split(" ")
    last_title = -1
    for index, word in enumerate(words):
        if word.lower().rstrip(".") in roles or word.lower() in _HONORIFICS:
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
    first = run.split()[0].lower()
    return first not in {"the", "on", "in", "last", "this", "but", "and", "while", "monday", "tuesday", "wednesday",
                         "thursday", "friday", "saturday", "sunday", "secretary", "president", "minister"}


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


# --- stated_on ----------------------------------------------------------------------------------------------------


def _stated_on(cue_tokens, context: AttributionContext) -> str | None:
    """The day a cue verb was spoken ('said on Wednesday', 'told lawmakers Monday'), only when a day is plain."""
    if normalise_date is None or context.published is None:
        return None
    for cue in cue_tokens:
        for expression in _date_expressions(cue):
            interval = normalise_date(expression, context.published, tense="past")
            if interval is None or getattr(interval, "precision", None) != "day":
                continue
            day = getattr(interval, "refers_from", None)
            if day is not None and day == getattr(interval, "refers_to", day):
                return day.isoformat() if hasattr(day, "isoformat") else str(day)
    return None


def _date_expressions(cue: Token) -> list[str]:
    expressions = []
    for child in cue.children:
        if child.dep_ in ("npadvmod", "tmod", "obl", "advmod") and child.ent_type_ == "DATE":
            expressions.append(" ".join(token.text for token in child.subtree))
        elif child.dep_ == "prep" and child.lower_ in ("on", "last", "this"):
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects and objects[0].ent_type_ == "DATE":
                expressions.append(" ".join(token.text for token in objects[0].subtree))
    return expressions
