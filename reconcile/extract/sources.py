"""Source resolution (extract stage helper): the head token of a source phrase -> who it names.

A registry person ("Defense Secretary Lloyd Austin" -> Lloyd Austin, his organisation and country), an unregistered
person with a title, a named body (spaCy ORG), a group of a country ("Ukrainian officials"), a country that speaks
as a state ("Kyiv said"), or a pronoun and a bare surname resolved against the document's memory.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from reconcile.extract.bodies import (
    GENERIC_GROUPS,
    Source,
    country_body,
    described,
    document_owner,
    facility_of_speaker,
    named_entity,
    of_object,
    only_located,
    registry_body,
    strip_article,
    town_of_body,
    unregistered_body,
    with_possessed_body,
)
from reconcile.extract.source_names import (
    ACRONYM,
    acronym_after,
    apposed_body_word,
    body_entity,
    description_of,
    group_of_title,
    headed_body,
    honoured,
    name_before_acronym,
    person_name,
    phrase_title,
    source_phrase,
)
from reconcile.extract.kinds import TITLE_LINK, body_name, body_of_title, kind_of, named_body_of
from reconcile.extract.kinds import is_domestic as _is_domestic
from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import (
    AttributionContext,
    Mention,
    registry_person,
    title_before,
)
from reconcile.extract.nlp import span_text, text_of
from reconcile.extract.setting import division_of, names_a_division, regional_office, title_region
from reconcile.kernels.gazetteer import capital_country

_PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
# "his office said": a body of the person a possessive points back to.
_OWNER_PRONOUNS = {"his": "he", "her": "she"}
_OWN_BODIES = ("office", "team", "staff", "department", "ministry", "aides")
_GROUP_PRONOUNS = {"they", "them"}
_BODY_PRONOUNS = {"it"}


def resolve_source(head: Token, context: AttributionContext, position: int) -> Source:
    """Who a source phrase names; conjoined sources ('the president and officials in Berlin') are merged."""
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
        first.kind or next((source.kind for source in sources if source.kind), None),
        all(source.carried for source in sources),
    )


def _resolve_one(head: Token, context: AttributionContext, position: int) -> Source:
    """Who one source phrase names: registry person, unregistered person with title, body, group or country."""
    found = _resolve_phrase(head, context, position)
    if found.is_empty:
        return found
    if found.speaker and found.title and not found.org and not found.carried:
        # "At Kessa General Hospital, medical superintendent Dr Jane Doe said": she speaks for the hospital
        facility = facility_of_speaker(head)
        if facility is not None:
            found = replace(found, org=facility, country=found.country or context.home_country,
                            kind=found.kind or kind_of(facility))
    described_only = found.speaker if found.speaker and found.speaker[:1].islower() else None
    if found.country is None and (found.domestic or _is_domestic(found.org or found.title or described_only)):
        # "police said", "the prefecture counted": a domestic body of the country the story is told from
        found = replace(found, country=context.home_country)
    at = position + head.idx - head.sent.start_char
    if found.speaker and not found.org and not found.carried and _speaks_for_last_body(found.title):
        # "'We picked up 150,' spokesman Jane Doe said" after the service was named: its spokesman
        body = context.recollection.last_body(at)
        if body is not None:
            found = replace(found, org=body.org, country=found.country or body.country, kind=body.kind,
                            town=body.town)
    if found.speaker and found.org and found.org.islower() and not found.carried:
        # "ministry spokesman X" after the defence ministry was named: that ministry's spokesman
        body = context.recollection.body_holding(found.org, at)
        if body is not None:
            found = replace(found, org=body.org, country=found.country or body.country, kind=body.kind or found.kind,
                            town=body.town)
    if found.speaker and found.town is None and not found.carried:
        # "the district health officer for Lunzu said 52 had died": an official of a region counts that region
        region = title_region(found.title or found.speaker)
        if region and not found.org:
            # the office speaks as its region's ("Lunzu district health officer"), not as the national government
            found = replace(found, org=regional_office(region, found.title or found.speaker))
        elif not found.org and found.title and names_a_division(found.title) and _is_post(found.title):
            found = replace(found, org=found.title)  # "Chief District Officer X": the district's office speaks
        found = replace(found, town=region) if region else found
    if found.org and found.town is None:
        # "the Tumbi State Emergency Agency": a body named after a region counts that region
        region = division_of(found.org.split())
        if region is None and found.org.isupper():
            # "the Tumbi State Emergency Agency (TSEMA)": the acronym replaced the name that holds the region
            named = span_text(head.doc[head.left_edge.i : head.i + 1]).split()
            while named and named[0].lower() in ("the", "a", "an"):
                named = named[1:]
            region = division_of(named)
        recalled = context.recollection.body_called(found.org.lower(), at) if region is None else None
        if region is not None or recalled is not None and recalled.org == found.org and recalled.town:
            found = replace(found, town=region or recalled.town,
                            country=found.country or (recalled.country if recalled is not None else None))
    description = description_of(head)
    if found.org and "(" not in found.org:
        # "the National Civil Defence Institute (INDECI)": the acronym is the name copy goes on to use, and the
        # name is how it may be called later ("the institute said")
        acronym = acronym_after(found.org, text_of(head.doc))
        if acronym:
            description = " ".join(filter(None, (description, found.org)))
            found = replace(found, org=acronym)
    if found.org and found.org.isupper():
        description = " ".join(filter(None, (description, name_before_acronym(found.org, text_of(head.doc)))))
    if found.carried:
        return found
    context.recollection.remember(at, found, description)
    return found


# The most words a post may have ("Chief District Officer", "Deputy District Health Officer"), and words a post has
# none of (a description: "from Gujrat in the province").
_POST_WORDS = 4
_NOT_IN_A_POST = ("from", "in", "of", "at", "the", "a", "an", "for")


def _is_post(title: str) -> bool:
    """Whether a title reads as a post and not as a description ("from Gujrat in the province")."""
    words = title.split()
    return len(words) <= _POST_WORDS and all(word.isalpha() and word.lower() not in _NOT_IN_A_POST for word in words)


# Titles that name no body of their own: their holder speaks for the body the story named last.
_SPOKESPEOPLE = ("spokesman", "spokeswoman", "spokesperson", "spokespeople")


def _speaks_for_last_body(title: str | None) -> bool:
    return bool(title) and title.split()[-1].lower() in _SPOKESPEOPLE


def _resolve_phrase(head: Token, context: AttributionContext, position: int) -> Source:
    tables = lexicons()
    lower = head.lower_
    if head.pos_ == "PRON" or lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS or lower in _BODY_PRONOUNS:
        return _resolve_pronoun(lower, context, position, position + head.idx - head.sent.start_char)
    owner = next((child for child in head.children if child.dep_ == "poss" and child.lower_ in _OWNER_PRONOUNS), None)
    if owner is not None and lower in _OWN_BODIES:
        # "Earlier in the day his office had given a toll of four": the office of the person named before
        person = _resolve_pronoun(_OWNER_PRONOUNS[owner.lower_], context, position,
                                  position + head.idx - head.sent.start_char)
        office = person.org or person.title
        if person.speaker and office and not any(character.isdigit() for character in office):
            return Source(None, person.title, office, person.country, kind=person.kind, carried=True)
    if head.like_num and lower in ("one",):
        # "one of the diplomats said": the group the one belongs to
        group = of_object(head)
        if group is not None:
            return _resolve_phrase(group, context, position)
    phrase_tokens = source_phrase(head)
    phrase = "".join(token.text_with_ws for token in phrase_tokens).strip()
    name, name_ids = person_name(head)
    office = _office_holder(head, phrase_tokens)
    if office is not None:
        return office
    holds_post = False  # the name is set beside a post's title: its holder, whatever the model tags it
    if not name:
        # "The head of the agency, Jane Doe, said": the name sits in an apposition to a title
        appositions = [child for child in head.children if child.dep_ == "appos"]
        # "the Sub-Prefect of Kombo, Jane Doe, said": the parse hangs the name on the place the title is of
        appositions += [appos for child in head.children if child.dep_ == "prep" and child.lower_ == "of"
                        for place in child.children if place.dep_ == "pobj"
                        for appos in place.children if appos.dep_ == "appos" and (
                            appos.ent_type_ in ("PERSON", "") or lower in tables.roles)]  # "the mayor of X, <name>"
        # "The Executive Secretary of the X Agency (XA), Jane Doe": the person, not the acronym, is the name
        for child in sorted(appositions, key=lambda child: child.ent_type_ != "PERSON"):
            name, name_ids = person_name(child)
            if name:
                holds_post = lower in tables.roles
                break
    if name and kind_of(name) not in (None, "anonymous") and registry_person(name, tables) is None:
        name = None  # "Interior Ministry", "the SUT union": a body's name, not a person's
    if name and ACRONYM.match(name) and registry_person(name, tables) is None:
        name = None  # "NEMA has revised the toll": an acronym names a body, whatever the model tags it
    if name and " " not in name and tables.groups.find_all(name.lower()) and registry_person(name, tables) is None:
        name = None  # "Rescuers said" after a dateline: a capitalised group noun the parser took for a name
    capital = capital_country(name) if name and registry_person(name, tables) is None else None
    if capital:  # "an official count provided by <the capital>": the state speaks
        return Source(None, None, f"{capital} government", capital, kind="government")
    if name:
        entry = registry_person(name, tables, context)
        led = headed_body(head) if entry is None else None
        if led is not None:
            # "Dr Jane Doe, who heads the Forensic Institute, said": she speaks for the body she leads
            org, country, kind = _body_and_country(led, tables)
            kind = kind or kind_of(led)
            return Source(name, f"head of {led}", body_name(org or led), country, kind=kind,
                          domestic=kind is None or _is_domestic(led))
        # a surname alone is an earlier person even when the parser tags it as a body; a longer name the parser
        # tags as a body ("the Civil Defence Institute") is that body
        if entry is None and (" " not in name or body_entity(head.doc, name_ids) is None):
            remembered = context.person_named(name, position + head.idx - head.sent.start_char + 1)
            if remembered is not None:
                entry = registry_person(remembered.name, tables, context)
                known = context.recollection.person_source(remembered.name)
                if entry is None and known is not None and not remembered.organisation:
                    return known  # "Doe said" after "the Executive Secretary of the X Agency, Jane Doe, said"
                if entry is None:
                    own = _titled_person(remembered.name, phrase_title(phrase_tokens, name_ids) or remembered.title,
                                         tables)
                    if own.speaker is None and own.org == remembered.name:
                        return own  # "Transrail, the private company": a body's name the model took for a person
                    found = Source(remembered.name, own.title, remembered.organisation or own.org,
                                   remembered.country or own.country, kind=remembered.source_kind or own.kind,
                                   domestic=own.domestic and not remembered.organisation)
                    return with_possessed_body(found, context, position + head.idx - head.sent.start_char)
                name = remembered.name
        if entry is not None:
            return Source(entry.name, phrase_title(phrase_tokens, name_ids), entry.organisation, entry.country,
                          kind=entry.source_kind)
        if _is_named_body(name, tables):
            name = None
    # "Dr Jane Doe" is a person even when the small model tags her name as a body
    body = body_entity(head.doc, name_ids) if name and not honoured(head.doc, name_ids, tables) \
        and not _apposed_to_a_post(head, tables) and not holds_post else None
    if body is None and name and apposed_body_word(head, tables):
        body = name  # "Transrail, the private company that runs the line, says": a body the model took for a person
    acronym = _acronym_body(head, context, position, tables) if body is not None and ACRONYM.match(body) else None
    if acronym is not None:
        return acronym  # "HCI said", tagged as a body: the one the article spelled out before the acronym
    if body is not None:
        # An unregistered organisation ("the Civil Defence Institute said", "a monitoring group, the Archive of
        # Public Gatherings, estimated") is a source body, not a person.
        org, country, kind = _body_and_country(body, tables)
        kind = kind or kind_of(phrase)
        return Source(None, None, body_name(org or body), country, kind=kind, domestic=kind is None or _is_domestic(
            phrase))
    if name:
        # the parse often leaves the title out of the phrase ("and the independent firm Tallyhouse 41,000")
        title = phrase_title(phrase_tokens, name_ids) or title_before(text_of(head.doc), min(name_ids and [
            head.doc[i].idx for i in name_ids] or [head.idx]))
        found = _titled_person(name, title, tables)
        return with_possessed_body(found, context, position + head.idx - head.sent.start_char)
    return _resolve_body(head, phrase_tokens, phrase, context, position)


def _apposed_to_a_post(head: Token, tables) -> bool:
    """"the Sub-Prefect of Mbanga, Éloi Ntamack Essomba, said": a name set beside a post's title is the person who
    holds it, even when the small model tags it as a body."""
    of = head.head.head if head.dep_ == "appos" and head.head.dep_ == "pobj" else None
    return of is not None and of.lower_ == "of" and of.head.lower_ in tables.roles


def _office_holder(head: Token, phrase_tokens: list[Token]) -> Source | None:
    """'President of the X Council, Jane Doe, said': the parse heads the phrase on the body's name, but the
    speaker is the person in apposition and the body is her organisation."""
    body = body_entity(head.doc, frozenset([head.i]))
    if body is None or not phrase_tokens or phrase_tokens[0].i >= head.i:
        return None
    person = next((child for child in head.children if child.dep_ == "appos" and child.ent_type_ == "PERSON"), None)
    if person is None or not any(token.lower_ == "of" and token.i < head.i for token in phrase_tokens):
        return None
    name, _ids = person_name(person)
    if not name:
        return None
    org, country, kind = _body_and_country(body, lexicons())
    title = "".join(token.text_with_ws for token in phrase_tokens if token.i < head.i).strip()
    title = title[:title.lower().rfind(" of ")].strip() if " of " in title.lower() else title
    kind = kind or kind_of(body)
    return Source(name, title or None, body_name(org or body), country, kind=kind,
                  domestic=kind is None or _is_domestic(body))


def _titled_person(name: str, title: str | None, tables) -> Source:
    """An unregistered person: the organisation and country their title names ("Interior Minister X" speaks for
    the interior ministry; "police officer Y" for the police). A name after a kind of body ("the independent firm
    Tallyhouse") is the body's name."""
    last = title.split()[-1].lower() if title else ""
    if title and not TITLE_LINK.search(f" {title} ") and last not in tables.roles and kind_of(last) not in (
            None, "anonymous"):
        return Source(None, None, name, None, kind=kind_of(last), domestic=_is_domestic(last))
    org, country, kind = _body_and_country(title or "", tables)
    named = None
    if org is None and title:
        org = body_of_title(title) or group_of_title(title, tables)
        named = None if org else named_body_of(title)
    kind = kind or (kind_of(title) if title else None)
    if org is None and named is None and title and _title_role(title) in tables.office_roles:
        # "Mayor Jane Doe", "the Sub-Prefect of Kombo, Jane Doe": the post is the body she speaks for (not where or
        # when she spoke: "the mayor in the press conference at the town hall")
        post = _post(title)
        return Source(name, title, post, country, kind=kind or "government", domestic=True)
    # an unregistered body named in the title is the story's own, as for a body that speaks itself
    return Source(name, title, org or named, country, kind=kind,
                  domestic=named is not None and (kind is None or _is_domestic(title)))


# Prepositions after a post that say where or when its holder spoke, not which post it is ("the mayor in the press
# conference", "the governor at a briefing"); "of" and "for" name the post's place or body and stay.
_OCCASION = re.compile(r"\s+(?:in|at|during|on|after|before|to|from|with)\s+", re.IGNORECASE)


def _post(title: str) -> str:
    """The post a title names, without its article or the occasion it was spoken on: "the mayor in the press
    conference" -> "mayor"."""
    return _OCCASION.split(strip_article(title), maxsplit=1)[0]


def _title_role(title: str) -> str:
    """The post a title names: 'Sub-Prefect of Kombo' -> 'sub-prefect', 'Lampedusa mayor' -> 'mayor'."""
    lowered = f" {title.lower()} "
    head = lowered[: lowered.index(" of ")] if " of " in lowered else lowered
    words = head.split()
    return words[-1].strip(".,") if words else ""




def _resolve_pronoun(lower: str, context: AttributionContext, position: int, at: int | None = None) -> Source:
    if lower in _GROUP_PRONOUNS and at is not None:
        # "by the district magistrate X and the DIG Y, during which they admitted": the people just named
        named = [m for m in context.mentions if m.kind == "person" and position <= m.start < at]
        if len(named) > 1:
            first = next((m for m in named if m.organisation or m.country), named[0])
            return Source("; ".join(m.name for m in named), None, first.organisation, first.country,
                          kind=first.source_kind, carried=True)
    if lower in _PERSON_PRONOUNS:
        mention = context.last_person(position, _PERSON_PRONOUNS[lower])
        speaker = context.recollection.last_speaker(position)
        if speaker is not None and (mention is None or speaker[0] > mention.start) and (
                speaker[1].speaker != (mention.name if mention is not None else None)):
            # "the mayor of X, <name>, said ... he told": the person attribution named last, which no mention
            # may hold when the model tagged the name as a body
            return replace(speaker[1], carried=True)
        if mention is not None:
            entry = registry_person(mention.name, lexicons(), context)
            if entry is not None:
                return Source(entry.name, entry.title, entry.organisation, entry.country, kind=entry.source_kind,
                              carried=True)
            known = context.recollection.person_source(mention.name)
            if known is not None and not mention.organisation:
                # "The Executive Secretary of the X Agency, Jane Doe, said ... He said": whom she was resolved to
                return replace(known, carried=True)
            return Source(mention.name, mention.title, mention.organisation, mention.country, kind=mention.source_kind,
                          carried=True)
    if lower in _GROUP_PRONOUNS or lower in _BODY_PRONOUNS:
        # "It also said", "they said": the body the story named last
        body = context.recollection.last_body(position)
        if body is not None:
            return replace(body, carried=True, speaker=None if lower in _BODY_PRONOUNS else body.speaker)
        mention = context.last_group(position)
        if mention is not None:
            return Source(None, None, mention.name, mention.country, carried=True)
    return Source()


def _resolve_body(head: Token, phrase_tokens: list[Token], phrase: str, context: AttributionContext,
                  position: int) -> Source:
    """Organisation- or country-only sources: 'the palace', 'Lima intelligence officials', 'U.S. officials',
    'the prefecture', 'Security and medical sources', 'A Chilean crisis unit'."""
    tables = lexicons()
    named = next((child for child in head.children if child.dep_ == "appos" and child.ent_type_ == "ORG"), None)
    if named is not None and head.pos_ == "NOUN":
        return _resolve_one(named, context, position)  # "the national civil defence agency, INDECI": INDECI
    org, country, kind = _body_and_country(phrase, tables)
    if org is None and country is not None and not _is_domestic(phrase) and only_located(phrase_tokens):
        country = None  # "a diplomat in Peru": where a foreign source is, not whose it is
    owner = document_owner(head) if org is None else None
    if owner is not None:
        # "figures provided by French authorities", "the BBC's findings", "The government announcement":
        # a document stands for whoever issued it
        issuer = _resolve_phrase(owner, context, position)
        if owner.head.i == head.i and owner.dep_ in ("compound", "amod", "nmod"):
            # "Chilean government data": the issuer is named by all the words before the document
            words = [t for t in phrase_tokens if t.i < head.i]
            if words:
                issuer = _resolve_body(owner, words, " ".join(t.text for t in words), context, position)
        if not issuer.is_empty:
            return issuer
    if head.lower_ in tables.roles and not _registered_as_body(phrase, tables):
        return _role(head, phrase_tokens, phrase, org, country, kind, context, position)
    town = town_of_body(head, phrase_tokens)
    if org is not None:
        # "The city police headquarters (Prefecture)": the registry's body, of the town its phrase names
        return Source(None, None, org, country, kind=kind, town=town)
    local = tables.group_bodies.find_all(head.text) if town else []
    if local:
        # "firefighters in Quillacollo", "the Valencia police": a local body, whatever the parser tags the town
        return registry_body(local[0][2], town, country, phrase)
    if _is_definite(head) and not named_entity(head, phrase_tokens):
        # "The unit said", "the union", "The British public broadcaster said": the body of that name or kind
        # the story named earlier
        recalled = context.recollection.body_called(head.lemma_.lower(), position, kind_of(phrase))
        if recalled is not None and (country is None or recalled.country == country):
            return replace(recalled, carried=True)
    # "HCI said": an acronym is the body the article spelled out before it, with that name's kind and country
    acronym = _acronym_body(head, context, position, tables) if len(phrase_tokens) == 1 else None
    if acronym is not None:
        return acronym
    if named_entity(head, phrase_tokens):
        unregistered = unregistered_body(head, phrase_tokens, country)
        if unregistered is not None:
            return unregistered
    groups = tables.groups.find_all(phrase)
    if groups and division_of(strip_article(phrase).split()) is not None:
        # "the Dong Nai provincial government": a region's own government, not the country's
        regional = unregistered_body(head, phrase_tokens, country)
        if regional is not None:
            return regional
    if groups and country:
        remembered = context.last_group(position) if _is_definite(head) else None
        template = groups[0][2]
        if remembered is not None and remembered.country == country and _same_group(template, remembered):
            # "The Ukrainian officials said": the group of that country the story just named
            return Source(None, None, remembered.name, remembered.country, carried=True)
        return Source(None, None, country_body(template, phrase_tokens, country, tables), country,
                      kind=kind_of(phrase))
    if groups and _is_definite(head):
        remembered = context.last_group(position)
        if remembered is not None and _same_group(groups[0][2], remembered):
            return Source(None, None, remembered.name, remembered.country, carried=True)  # "The officials said"
    bodies = tables.group_bodies.find_all(phrase)
    if groups and not bodies and head.lower_ in _UNNAMED_GROUPS:
        return Source(anonymous=True)  # "officials said": unnamed, but still a source other than the outlet
    if bodies and kind_of(phrase) != "anonymous":
        # "the police headquarters", "organizers": the registry's name for the body ("police", "organisers")
        return registry_body(bodies[0][2], town, country, phrase)
    unregistered = unregistered_body(head, phrase_tokens, country)
    if unregistered is not None:
        return unregistered
    acronym = _acronym_body(head, context, position, tables)
    if acronym is not None:
        return acronym
    if country and head.pos_ == "PROPN":
        return Source(None, None, f"{country} government", country, kind="government")  # "Kyiv said"
    capital = capital_country(head.text) if head.pos_ == "PROPN" else None
    if capital:
        return Source(None, None, f"{capital} government", capital, kind="government")  # "provided by Santiago"
    if country is not None:
        return Source(None, None, None, country)
    return Source()


def _acronym_body(head: Token, context: AttributionContext, position: int, tables) -> Source | None:
    """"according to the NCHR": an unknown acronym names a body: the one the story named by it before, else one of
    the kind and country of the name the article spells out before it ("the National Commission ... (NCHR)")."""
    if not ACRONYM.match(head.text) or tables.countries.find_all(head.text):
        return None
    recalled = context.recollection.body_called(head.lower_, position + head.idx - head.sent.start_char)
    if recalled is not None and recalled.org == head.text:
        return recalled
    full = name_before_acronym(head.text, text_of(head.doc)) or ""
    _org, country, kind = _body_and_country(full, tables)
    kind = kind or kind_of(full)
    return Source(None, None, head.text, country, kind=kind, domestic=kind is None or _is_domestic(full))


# Groups of people that name no body ("officials said", "experts believe"): a source other than the outlet, unnamed.
_UNNAMED_GROUPS = ("officials", "official", "analysts", "experts", "activists", "observers")


def _same_group(template: str, remembered: Mention) -> bool:
    return template in GENERIC_GROUPS or remembered.name == template.format(country=remembered.country)


def _role(head: Token, phrase_tokens: list[Token], phrase: str, org, country, kind, context: AttributionContext,
          position: int) -> Source:
    """"the agency chief", "the Chilean leader", "the station officer": the person of that body, country or title
    met earlier, else the title itself."""
    tables = lexicons()
    mention = _last_person_of(context, position, org, country) if (org or country) else None
    if mention is None and _is_definite(head) and org is None and country is None:
        mention = context.person_titled(described(phrase_tokens), position)
    if mention is not None:
        return Source(mention.name, phrase, mention.organisation, mention.country, kind=mention.source_kind,
                      carried=True)
    groups = tables.groups.find_all(phrase)
    if org is None and groups and country:
        org = groups[0][2].format(country=country)  # "Sudan's army chief" speaks for Sudan's military
    titled = org or body_of_title(phrase)
    named = None if titled else named_body_of(phrase)  # "the superintendent of the Civil Hospital": the story's own
    place = next((token for token in phrase_tokens if token.dep_ == "poss" and token.head.i == head.i
                  and token.pos_ == "PROPN" and not _is_named_body(token.text, tables)
                  and context.person_named(token.text, position) is None), None)
    if titled is None and named is None and head.lower_ in tables.office_roles and place is not None:
        # "Mecuvi's administrator said": the post of that place, which counts it
        post = f"{span_text(head.doc[place.left_edge.i : place.i + 1])} {head.lower_}"
        return Source(strip_article(phrase), phrase, post, country, kind=kind or "government", domestic=True)
    if titled is None and named is None and head.lower_ in tables.office_roles and not any(
            token.dep_ == "poss" or token.tag_ == "POS" for token in phrase_tokens):
        # "the mayor of Velmora said": the post is the body its holder speaks for, as for "Mayor Jane Doe"
        post = _post(phrase)
        return Source(post, phrase, post, country, kind=kind or "government", domestic=True)
    return Source(strip_article(phrase), phrase, titled or named, country, kind=kind or kind_of(phrase),
                  domestic=named is not None and (kind_of(phrase) is None or _is_domestic(phrase)))


def _registered_as_body(phrase: str, tables) -> bool:
    """The registry lists the whole title as a body ("South Korea's spy chief" speaks for the agency)."""
    return any(entry.kind != "person" and end == len(phrase) for _s, end, entry in tables.sources.find_all(phrase))


def _body_and_country(phrase: str, tables) -> tuple[str | None, str | None, str | None]:
    """(organisation, country, kind) of the registry body a phrase names, else the country its words name."""
    bodies = [entry for _s, _e, entry in tables.sources.find_all(phrase) if entry.kind in ("org", "outlet")]
    countries = [country for _s, _e, country in tables.countries.find_all(phrase)]
    if bodies:
        return bodies[0].name, bodies[0].country, bodies[0].source_kind
    return None, (countries[0] if countries else None), None


def _is_named_body(name: str, tables) -> bool:
    for start, end, entry in tables.sources.find_all(name):
        if entry.kind != "person" and end - start >= len(name) - 1:
            return True
    return any(end - start >= len(name) - 1 for start, end, _c in tables.countries.find_all(name))


def _is_definite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("the", "these", "those") for child in head.children)


def _last_person_of(context: AttributionContext, before: int, org: str | None, country: str | None) -> Mention | None:
    for mention in reversed(context.mentions):
        if mention.start >= before or mention.kind != "person":
            continue
        if (org and mention.organisation == org) or (not org and country and mention.country == country):
            return mention
    return None
