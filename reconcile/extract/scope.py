"""Scope of a count (extract stage helper): the counted phrase and its clause -> the part of the story it covers.

Empty when a figure is for the story's whole population. Otherwise, in the order a reader narrows a figure:
- a place below country level that the figure is broken down to ("70,000 in Lima", "Trujillo (35,000)", "marched
  in Arequipa"), unless the headline or lead names it as the place of the main event;
- a nationality, in one canonical form per country ("52 Chileans", "Chilean travellers", "74 Kenyan citizens",
  "120 people from Kenya", "74 from Kenya" -> "Chile nationals", "Kenya nationals"), for groups whose
  nationality narrows the population (subjects.csv), unless it is the people of the country the story is set in;
- a facility that holds only part of the counted ("the total at the city morgue", "20 bodies at a local hospital");
- then a subgroup ("unregistered") or an interim count ("at midday") appended after ", " (scope_words.csv).
A country-level place ("in France", "across the country", "nationwide") narrows nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span, Token

from reconcile.extract.kinds import kind_of
from reconcile.extract.lexicons import lexicons
from reconcile.extract.nlp import LIST_BULLETS, TIME_ENTITIES, entities_of, span_text
from reconcile.extract.parts import is_among_a_whole, is_partitive, running_period
from reconcile.extract.setting import Setting, division_of
from reconcile.extract.status import governing_verb
from reconcile.extract.subjects import SubjectParts
from reconcile.kernels.date_words import date_words, month_of
from reconcile.kernels.gazetteer import Place, fold, gazetteer, is_town
from reconcile.kernels.temporal import find_dates
from reconcile.rules import ScopeWordSchema, load_lexicon, user_lexicon_dirs
from reconcile.vocab import PARTITIVE_SCOPE

NATIONALS = "{country} nationals"
_PLACE_PREPOSITIONS = ("in", "at", "through", "across", "on")
_GROUP_PREPOSITIONS = ("from", "for", "among", "of")
_FIGURE_NOUNS = ("number", "total", "toll", "tally", "figure", "count")


def count_scope(focus: Token, parts: SubjectParts, place: Span | None, setting: Setting,
                elliptical: bool = False, figure: Token | None = None) -> str | None:
    """The scope of one count claim; `place` is the place an elliptical figure names ("in Lima"). An elliptical
    figure takes no place from the parse, which misreads verbless fragments ("400,000 for the union) to 30,000 in
    Ma" hangs "in Ma" on the 400,000).

    >>> count_scope(doc[2], parts, None, Setting())  # doctest: +SKIP
    'Chile nationals'
    """
    whole = of_the_whole(focus, figure)
    base = _place_scope(place, setting) if place is not None and not whole else None
    if base is None and place is not None and _is_country(place.text):
        base = _nationals(_country_of(place.text), setting) if _says_origin(place) else None
    elif base is None and not elliptical and not whole:
        base = (_nationality(focus, parts, setting) or _tallying_territory(focus, setting)
                or _clause_place(focus, setting, figure) or _facility(focus))
    if base is None and not whole:
        base = _fronted_place(focus, setting) or _list_label(focus.sent, setting)
    extras = _qualifiers(focus)
    withdrawn = _withdrawn(focus)
    if withdrawn is not None:
        extras.append(withdrawn)
    apart = _another_incident(focus.sent) or _several_incidents(focus)
    if apart is not None:
        # "In a separate accident, two people were killed near Riverton": not the story's own incident
        base = base or _incident_place(focus.sent, setting)
        extras.append(apart)
    counted = figure if figure is not None else focus
    if base is None and not extras:
        # "the company said five of its employees had died", "14 of their members": the source's own people
        base = _possessed_group(counted)
    if base is None and not extras and (is_partitive(counted) or is_among_a_whole(counted)):
        # "Nineteen of them died at home", "Nine children were among the dead"; "61 of them in Lunzu" is Lunzu's part
        extras = [PARTITIVE_SCOPE]
    parts_of_scope = [part for part in [base, *extras] if part]
    return ", ".join(dict.fromkeys(parts_of_scope)) or None


def of_the_whole(focus: Token, figure: Token | None) -> bool:
    """"six deaths in Muğla, against a national total of 36": a figure its own words make the whole country's
    (scope_words.csv, kind whole) takes no place from its clause."""
    whole = _words("whole")
    counted = [token for token in (focus, figure, focus.head if focus.dep_ in ("nummod", "quantmod", "pobj") else None)
               if token is not None]
    if focus.dep_ == "pobj" and focus.head.lower_ == "of":
        counted.append(focus.head.head)  # "a national total of 36": the figure noun the number is of
    return any(child.lower_ in whole for token in counted for child in token.children
               if child.dep_ in ("amod", "advmod", "compound"))


def said_of_the_whole(focus: Token, figure: Token | None) -> bool:
    """`of_the_whole`, or the figure's verb says so ("64 people were injured statewide"): not narrowed to the region
    its source is named after. Not a reason to drop a place the clause names ("marched nationwide, including 80,000
    in Lyon" is Lyon's), so count_scope does not ask it."""
    verb = governing_verb(focus)
    return of_the_whole(focus, figure) or verb is not None and any(
        child.lower_ in _words("whole") and child.dep_ in ("advmod", "npadvmod") for child in verb.children)


def _withdrawn(focus: Token) -> str | None:
    """"An earlier version of this article said the union had counted 37 deaths": a figure a correction withdraws
    (the subject of a verb above it is a withdrawn word of scope_words.csv, "version")."""
    words = _scope_words()
    for verb in (token for token in (focus, *focus.ancestors) if token.pos_ in ("VERB", "AUX")):
        for child in verb.children:
            entry = words.get(child.lemma_.lower()) if child.dep_ == "nsubj" else None
            if entry is not None and entry[0] == "withdrawn":
                return entry[1]
    return None


def scoped_subject(parts: SubjectParts, scope: str | None) -> str | None:
    """The subject key once a nationality went into the scope: "52 Chileans died" and "30 burial permits for
    Chilean travellers" both count deaths, of one part of the story (scope "Chile nationals")."""
    if scope and parts.actor and parts.nationality == "scope" and scope.split(",")[0].endswith(" nationals"):
        return replace(parts, actor=None).key
    return parts.key


def _place_scope(place: Span, setting: Setting) -> str | None:
    """A place an elliptical figure names: below country level it is the scope, as written."""
    name = re.sub(r"[\d,.\s]+$", "", place.text.strip())  # "Lunzu14,200": glued by the scraper
    if _is_country(name):
        return None
    return None if _is_lead_place(name, setting) else name


# Words of a body's name that may sit between it and its town ("the Questura of Bologna", "police in Turin").
_BODY_PLACE_LINKS = ("of", "in", "for")


def source_place_scope(source_org: str | None, setting: Setting, town: str | None = None) -> str | None:
    """The town a local body is named after ("Rome Questura", "Questura of Bologna", "Cusco fire service"): a
    local body counts its own town, so a figure of it that names no place of its own covers that town. None for
    a body named after a country ("Geophysical Institute of Peru"), a body named after no place, and the place
    the article is about (its lead names only that place: the story's whole population is there). `town` is the
    town the source phrase named, when the gazetteer may not know it ("firefighters in Tinyaq")."""
    if town:
        return None if _is_lead_place(town, setting) else town
    if not source_org or ";" in source_org:
        return None
    if _words("facility") & {word.lower() for word in source_org.split()}:
        return source_org  # "the Sabujganj Medical College Hospital said it treated 48": its own patients
    words = source_org.replace("’s", "").replace("'s", "").split()
    if len(words) < 2:
        return None
    region = division_of(words)
    if region is not None:
        return None if _is_lead_place(region, setting) else region
    posts = lexicons().office_roles
    if any(word.lower().strip(".,") in posts for word in words):
        # "Tabunan Mayor", "the governor of Ancash", "Sub-Prefect of Kombo": a local post counts its own town or
        # region, which the gazetteer need not know
        place = [word for word in words if word[:1].isupper() and word.lower().strip(".,") not in posts
                 and word.lower() not in ("the", "of") and word.lower() not in _words("division")
                 and word.lower() not in _words("not_a_region")]  # "Deputy Commissioner": a rank, not a place
        if place:
            return None if _is_lead_place(" ".join(place), setting) else " ".join(place)
    candidates = [words[0]]
    if len(words) > 2 and words[-2].lower() in _BODY_PLACE_LINKS:
        candidates.append(words[-1])
    for name in candidates:
        if not name[:1].isupper() or not is_town(name):
            continue
        return None if _is_lead_place(name, setting) else name
    return None


def foreign_nationals(source_kind: str | None, source_country: str | None, parts: SubjectParts,
                      setting: Setting) -> str | None:
    """"<Country> nationals" for a figure a foreign government gives without a scope of its own ("South Korea's
    foreign ministry says one is missing" in a story told from Pakistan): a government abroad counts its own
    people. Not for a group its nationality names (subjects.csv, nationality actor: troops are a side)."""
    if source_kind != "government" or parts.nationality == "actor" and parts.subject_class is not None:
        return None
    if not setting.home_country or source_country in (setting.home_country, setting.story_home):
        return None  # "Saudi Arabia's health minister said 1,301 died", told from Cairo: the host counts everyone
    return _nationals(source_country, setting)


def _is_lead_place(name: str, setting: Setting) -> bool:
    """The one place the headline and lead name: the story's whole population is there, so it narrows nothing;
    unless it is one of several regions the story counts apart ("Tumbi State" in a story of three states)."""
    if setting.article_place and fold(name) == fold(setting.article_place):
        return False  # the town of an article about another incident narrows its figures
    if fold(name) not in setting.lead_places or _is_story_region(name, setting):
        return False
    if len(setting.lead_places) == 1:
        return True
    # "Tornadoes ripped across two counties of Arkansas": the state that holds the lead's other places (a country or
    # a US state, what copy qualifies its towns with) is the whole of the story, however many places the lead names
    found = gazetteer().resolve(name, alternates=False)
    return found is not None and gazetteer().is_container(found)


def _is_story_region(name: str, setting: Setting) -> bool:
    return name in setting.regions and len(setting.regions) > 1


def _is_country(name: str) -> bool:
    found = gazetteer().resolve(name, alternates=False)
    return found is not None and _country_level(found)


def _country_level(place: Place) -> bool:
    return place.country is not None and place.name == place.country or place.country is None


def _country_of(name: str) -> str | None:
    found = gazetteer().resolve(name, alternates=False)
    if found is not None and found.country:
        return _lexicon_country(found.country)
    return None


def _lexicon_country(name: str) -> str:
    """The countries.csv spelling of a gazetteer country ("The Netherlands" -> "Netherlands")."""
    found = lexicons().countries.find_all(name)
    return found[0][2] if found and found[0][1] - found[0][0] >= len(name) - 4 else name


def _says_origin(place: Span) -> bool:
    before = place.doc[place.start - 1] if place.start > place.sent.start else None
    return before is not None and before.lower_ == "from"


# Nouns for the people of a country, whose possessive names it ("its nationals", "our citizens").
_CITIZEN_NOUNS = ("nationals", "citizens", "expatriates")


def _nationals(country: str | None, setting: Setting) -> str | None:
    if not country or country == "International" or country == setting.place_country:
        return None
    return NATIONALS.format(country=country)


def _nationality(focus: Token, parts: SubjectParts, setting: Setting) -> str | None:
    """'52 Chileans', 'Chilean travellers', 'people from Kenya', 'permits for Chilean travellers',
    'Twenty-seven of the missing Chileans', 'deaths among Peruvians'."""
    if parts.nationality != "scope":
        return None
    tables = lexicons()
    phrase = " ".join(token.text for token in focus.lefts) + " " + focus.text
    countries = tables.countries.find_all(phrase)
    if countries:
        return _nationals(countries[-1][2], setting)
    if focus.lower_ in _CITIZEN_NOUNS and any(child.dep_ == "poss" and child.lower_ in ("its", "their", "our")
                                               for child in focus.children):
        # "Argentina's foreign ministry said six of its nationals were aboard": the nationals of the speaker's country
        for verb in (ancestor for ancestor in focus.ancestors if ancestor.pos_ in ("VERB", "AUX")):
            subjects = [child for child in verb.children if child.dep_ == "nsubj"]
            named = [found for child in subjects
                     for found in tables.countries.find_all(" ".join(t.text for t in child.subtree))]
            if named:
                return _nationals(named[0][2], setting)
    verb = governing_verb(focus)
    for other in (child for child in (verb.children if verb is not None else ()) if child.i != focus.i
                  and child.dep_ in ("nsubj", "attr")):
        # "Chileans accounted for 412 deaths", "Most of the dead were Chileans", "All of them (the Chileans)
        # died, except one", "all of the Chileans survived but two"
        for named in _group_words(other):
            if named.text in tables.demonyms:
                return _nationals(tables.countries.first(named.text), setting)
    for child in focus.children:
        if child.dep_ == "prep" and child.lower_ in _GROUP_PREPOSITIONS:
            for target in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
                # the group's own words, not a place its event happened at ("the toll from a stampede at a
                # festival in southern Chile")
                nested = {t.i for inner in target.children if inner.dep_ in ("prep", "relcl", "acl")
                          for t in inner.subtree}
                words = " ".join(token.text for token in target.subtree if token.i not in nested)
                found = tables.countries.find_all(words)
                if found:
                    return _nationals(found[-1][2], setting)
    return None


_TOTAL_NOUNS = ("total", "tally", "toll")


def is_whole_total(focus: Token) -> bool:
    """'bringing the overall tally to more than 600', 'bring the total reported so far to 577': the figure is the
    story's running total, which does not share the part the figure before it covered ("48 Kenyans died, bringing
    the overall tally to..."). A total narrowed by its own words ("Chile's toll", "the toll among Chileans") is
    not."""
    verb = governing_verb(focus)
    nouns = [ancestor for ancestor in focus.ancestors if verb is None or ancestor.i != verb.i]
    nouns = nouns[:nouns.index(verb)] if verb in nouns else nouns
    if verb is not None:
        nouns += [child for child in verb.children if child.dep_ in ("dobj", "nsubj", "nsubjpass")]
    tables = lexicons()
    for noun in nouns:
        if noun.lower_ not in _TOTAL_NOUNS:
            continue
        # "the toll among Chileans" narrows the total; "a national total of 36" is the figure itself
        narrowed = any(child.dep_ in ("poss", "compound", "amod") and child.text in tables.demonyms
                       or child.dep_ == "poss" or child.dep_ == "prep" and child.lower_ in _GROUP_PREPOSITIONS
                       and not any(token.i == focus.i for token in child.subtree)
                       for child in noun.children)
        if not narrowed:
            return True
    return False


def _group_words(head: Token) -> list[Token]:
    """A subject and the group it names: itself, its apposition, the object of its "of" ("all of the X")."""
    found = [head]
    for child in head.children:
        if child.dep_ == "appos":
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            found.extend(grandchild for grandchild in child.children if grandchild.dep_ == "pobj")
    return found


def _clause_place(focus: Token, setting: Setting, figure: Token | None = None) -> str | None:
    """'at least 35,000 people marched in Arequipa', '98,000 people went to the rallies in Lima'; `figure` is the
    number's own token when the counted noun stands apart from it ("the 22 announced for Kessa")."""
    verb = governing_verb(focus)
    where = _where_place(verb, setting) if verb is not None else None
    if where is not None:
        return where
    # the figure, the noun it counts ("90,000 people on Castle Square") and its verb
    noun = focus.head if focus.dep_ in ("nummod", "quantmod") and focus.head.pos_ in ("NOUN", "PROPN") else None
    named = _figure_noun_place(focus, verb, setting)
    if named is not None:
        return named
    holders = [focus] + ([noun] if noun is not None else []) + ([verb] if verb is not None else [])
    if verb is not None and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
        # "a building collapsed in the town of Sitalpur, killing four people": the participle is the result of the
        # head's event, which happened where the head says
        holders.append(verb.head)
    # "the 22 announced for Kessa": the participle that qualifies the figure
    holders += [child for holder in dict.fromkeys([noun or focus, figure or focus]) for child in holder.children
                if child.dep_ == "acl"]
    for holder in holders:
        for child in holder.children:
            if child.dep_ != "prep" or child.lower_ not in (*_PLACE_PREPOSITIONS, "to", "for"):
                continue
            if holder is verb and _figure_between(child, figure or focus, verb):
                continue  # "put the number of dead in Kep at six and the total at 19": Kep's is the six
            # a square or a stadium (FAC) is a place a crowd is counted in, too; "for" names a place only as
            # a region or town ("announced for Kessa"), never a body ("400,000 for the union")
            labels = ("GPE", "LOC") if child.lower_ == "for" else ("GPE", "LOC", "FAC")
            for target in _place_objects(child):
                name = _part_of_story(target, setting, labels) or _region_referred_to(target, setting)
                if name is not None:
                    return name
    return _subject_region(verb, setting) if verb is not None else None


def _subject_region(verb: Token, setting: Setting) -> str | None:
    """"the district hospital had recorded 10 deaths", "the province has counted 40 dead": the subject that counted
    is the region named last before it, or that region's own facility or office."""
    for subject in (child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")):
        for token in subject.subtree:
            if token.dep_ == "compound" and token.head.dep_ in ("nsubj", "nsubjpass", "conj"):
                holder = token.head  # "the district Sadar hospital": the division word names the holder's region
                names = [child for child in holder.children if child.dep_ == "compound" and child.i != token.i
                         and child.pos_ == "PROPN" and child.i < token.i]
                determined = any(child.lower_ == "the" for child in holder.children)
                if determined and not names and token.lower_ in _words("division") and token.pos_ == "NOUN":
                    return _region_before(token, setting)
            elif token.i == subject.i and (name := _region_referred_to(token, setting)) is not None:
                return name
    return None


def _tallying_territory(focus: Token, setting: Setting) -> str | None:
    """"Brazil had reported 402 deaths", "Countries in the Americas have reported 512 deaths": a country other than
    the story's, or a continent, that tallies a count (scope_words.csv, kind tally_verb) counts its own territory."""
    verb = governing_verb(focus)
    if verb is None or verb.lemma_.lower() not in _words("tally_verb"):
        return None
    for subject in (child for child in verb.children if child.dep_ == "nsubj"):
        holders = [subject] + [target for child in subject.children if child.dep_ == "prep" and child.lower_ == "in"
                               for target in child.children if target.dep_ == "pobj"]
        for holder in holders:
            if holder.ent_type_ not in ("GPE", "LOC"):
                continue
            name = _entity_text(holder)
            found = gazetteer().resolve(name, alternates=False) if name else None
            if found is None and holder.ent_type_ == "LOC" and holder.i != subject.i:
                return name  # "in the Americas": a continent the gazetteer does not spell so
            if found is not None and _country_level(found) and (found.country or found.name) not in (
                    setting.home_country, setting.place_country):
                return found.name
    return None


def _possessed_group(figure: Token) -> str | None:
    """"five of its employees", "14 of their members": a figure of the people a possessor has (its staff, a union's
    members, a school's pupils) counts that group, a part of everyone counted. Not a group its nationality names
    (subjects.csv, nationality actor): "three of its soldiers" are the side's troops, which the subject says."""
    subjects = lexicons().subjects
    for child in figure.children:
        if child.dep_ != "prep" or child.lower_ != "of":
            continue
        for noun in (target for target in child.children if target.dep_ == "pobj" and target.pos_ == "NOUN"):
            row = subjects.get(noun.lower_)  # (subject, people, status, nationality)
            if row is not None and row[3] == "actor":
                continue
            if any(owner.dep_ == "poss" and owner.lower_ in _POSSESSIVE_GROUP_OWNERS for owner in noun.children):
                return noun.lower_
    return None


# Owners of a group whose part a figure counts ("of its employees", "of their members"); "of them" is a partitive.
_POSSESSIVE_GROUP_OWNERS = ("its", "their", "our")
# What opens a division noun that refers back ("in the district"). Not "his district": an official's own may be
# a smaller one than the region named last ("the Itna officer said four died in his upazila" after Kishoreganj).
_REFERRING_DETERMINERS = (["the"],)


def _region_referred_to(target: Token, setting: Setting) -> str | None:
    """"In Sunamganj, the hardest-hit district, ... seven people had died in the district": a division noun with
    "the" and no name of its own refers to the region the article named last before it."""
    if target.pos_ != "NOUN" or target.lower_ not in _division_nouns():
        return None
    if [child.lower_ for child in target.children if child.dep_ != "punct"] not in _REFERRING_DETERMINERS:
        return None  # "the Kessa district", "the district of Lunzu", "the district health office": not a reference
    return _region_before(target, setting)


def _region_before(token: Token, setting: Setting) -> str | None:
    name = setting.region_before(token.doc.user_data.get("text_offset", 0) + token.idx)
    return None if name is None or _is_lead_place(name, setting) else name


def _figure_between(place: Token, figure: Token, verb: Token) -> bool:
    """Whether another figure of the same verb stands between the verb's place phrase and a later figure: the place
    is the nearer figure's ("put the number of dead in Kep at six and the total at 19")."""
    return place.i < figure.i and any(
        token.like_num and token.ent_type_ not in TIME_ENTITIES and (governing := governing_verb(token)) is not None
        and governing.i == verb.i for token in figure.doc[place.i + 1 : figure.i])


def _figure_noun_place(focus: Token, verb: Token | None, setting: Setting) -> str | None:
    """'Kep toll stays at four', "Lunzu's tally rose to 52": a place named on the figure noun is the count's part."""
    nouns = [ancestor for ancestor in focus.ancestors if ancestor.lower_ in _FIGURE_NOUNS][:1]
    if verb is not None:
        nouns += [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")
                  and child.lower_ in _FIGURE_NOUNS]
    for noun in nouns:
        named = [child for child in noun.children if child.dep_ in ("compound", "poss") and child.pos_ == "PROPN"]
        # "the toll in Kampot", "the number of deaths in Kampot rose to 13": a place phrase on the figure noun or on
        # the object of its own preposition
        preps = [child for child in noun.children if child.dep_ == "prep"]
        preps += [inner for child in preps for target in child.children if target.dep_ == "pobj"
                  for inner in target.children if inner.dep_ == "prep"]
        named += [target for child in sorted(preps, key=lambda token: token.i) if child.lower_ in ("in", "for")
                  for target in _place_objects(child)]
        for child in named:
            name = _part_of_story(child, setting, ("GPE", "LOC"))
            if name is not None:
                return name
    return None


def _where_place(verb: Token, setting: Setting) -> str | None:
    """'at Trujillo, where the prefecture counted 35,000', 'like Piura where the prefecture announced 28,000',
    'In Tumba village, where the village chief says five people have died': the place the "where" clause hangs on
    (the clause may be the speech verb that reports the count)."""
    clause = verb
    for _ in range(_REPORTING_HOPS):
        if clause.dep_ == "relcl" or clause.dep_ not in ("ccomp", "xcomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    if clause.dep_ != "relcl" or not any(child.lower_ == "where" for child in clause.children):
        return None
    place = clause.head
    if _names_a_settlement(place):
        # "In Tumba village, where ...": the settlement's name before its noun, a place whatever the parser tags it
        named = [child for child in place.children if child.dep_ == "compound" and child.pos_ == "PROPN"]
        name = span_text(place.doc[named[0].left_edge.i : named[-1].i + 1]) if named else ""
        return name if name and fold(name) not in setting.lead_places else None
    return _part_of_story(place, setting, ("GPE", "LOC"))


# How many reporting verbs may stand between a "where" clause and the count's own verb ("where officials say 5 died").
_REPORTING_HOPS = 2


def _place_objects(preposition: Token) -> list[Token]:
    """Objects of a preposition, and the place a noun object holds ("the rallies in Lima" -> Lima); after "to"
    only the place of the event gone to ("went to the rallies in Lima"), not a destination ("sent to Cusco")."""
    found = []
    for target in (child for child in preposition.children if child.dep_ == "pobj"):
        if preposition.lower_ != "to":
            found.append(target)
            if _names_a_settlement(target):
                # "in Riverton town", "in Itna upazila": the settlement's or division's name before its noun
                found.extend(child for child in target.children if child.dep_ == "compound" and child.pos_ == "PROPN"
                             and child.text[:1].isupper())
        for inner in target.children:
            if inner.dep_ == "prep" and (inner.lower_ in _PLACE_PREPOSITIONS or inner.lower_ == "of"
                                         and _names_a_settlement(target)):
                # "in the lakeside city of Riverton": the settlement's name
                found.extend(child for child in inner.children if child.dep_ == "pobj")
    return found


# Nouns for a settlement that take its name after "of" ("the city of X") or before them ("Riverton town"); the
# division words of scope_words.csv do too ("the province of Y", "Itna upazila").
_SETTLEMENT_NOUNS = ("city", "town", "village", "port")


def _names_a_settlement(noun: Token) -> bool:
    return noun.lower_ in _SETTLEMENT_NOUNS or noun.lower_ in _division_nouns()


def _fronted_place(focus: Token, setting: Setting) -> str | None:
    """"In Rome, in piazza del Popolo, 50 000 for the union": a sentence that opens on a place set off by a comma
    is about that place, its verbless figures included."""
    sentence = focus.sent
    first = sentence[0]
    facility = _fronted_facility(sentence)
    if facility is not None:
        return facility
    if first.lower_ != "in" or len(sentence) < 4 or sentence[2].text != "," and sentence[3].text != ",":
        return None
    target = next((child for child in first.children if child.dep_ == "pobj"), sentence[1])
    if target.i > sentence.start + 2:
        return None
    found = _part_of_story(target, setting, ("GPE", "LOC", "FAC"))
    comma = next(token.i for token in sentence[1:4] if token.text == ",")
    named = sentence.doc[sentence.start + 1 : comma]
    if found is None and all(token.pos_ == "PROPN" for token in named) and target.ent_type_ in ("PERSON", "") and (
            month_of(date_words(), span_text(named)) is None and not find_dates(span_text(named), None)):
        # "In Alto Parana, the bulletin lists 12 deaths": a name alone before the comma is a place the small model
        # took for a person ("In March," is a date, "In Congress," a body)
        return _part_of_story(target, setting, ("PERSON", ""))
    return found


def _another_incident(sentence: Span) -> str | None:
    """The scope of a sentence about an incident it sets apart from the story's ("In a separate accident ...", "in
    an unrelated crash", "a different disaster"; scope_words.csv, kinds apart and incident) or about the time before
    the story's incident ("Before the quake, ..."), or None."""
    apart = _scope_words()
    for token in sentence:
        entry = apart.get(token.lower_)
        if entry is None or entry[0] != "apart":
            continue
        if token.dep_ == "amod" and token.head.lower_ in _words("incident"):
            return entry[1]
        if token.i == sentence.start and token.dep_ == "advmod" and token.lower_.endswith("ly"):
            # "Separately, three inmates were killed in a riot at another prison"; not "Earlier in the day, ..."
            return entry[1]
        if token.pos_ == "ADP" and _incident_follows(token):
            return entry[1]  # "Before Tuesday's disaster, floods had killed 112 people across the country"
    return None


def _several_incidents(focus: Token) -> str | None:
    """"The two landslides killed at least 67 people", "41 died in three crashes": a count over several incidents
    (the story's and others), not the story's own."""
    verb = governing_verb(focus)
    if verb is None:
        return None
    agents = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    agents += [target for child in verb.children if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by")
               for target in child.children if target.dep_ == "pobj"]
    incidents = _words("incident")
    for agent in agents:
        if (agent.lower_ in incidents or agent.lemma_.lower() in incidents) and agent.tag_ == "NNS" and any(
                child.dep_ == "nummod" and child.like_num for child in agent.children):
            return _SEVERAL_INCIDENTS
    return None


_SEVERAL_INCIDENTS = "several incidents"
# How many words a preposition of time may have before its incident noun ("before Tuesday's deadly disaster").
_INCIDENT_WORDS_AFTER = 5


def _incident_follows(preposition: Token) -> bool:
    """Whether an incident noun follows the preposition within its phrase ("Before Tuesday's disaster,"): read on
    the words, since the parser may hang the noun on the verb instead."""
    incidents = _words("incident")
    for token in preposition.doc[preposition.i + 1 : preposition.i + 1 + _INCIDENT_WORDS_AFTER]:
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return False
        if token.lower_ in incidents:
            return True
    return False


def _incident_place(sentence: Span, setting: Setting) -> str | None:
    """The first place below country level a sentence names after "in", "at", "near" or "off" (a facility too)."""
    for token in sentence:
        if token.dep_ == "prep" and token.lower_ in ("in", "at", "near", "off"):
            # "at the Loma Verde prison", "in the highland city of Chimbo Alto"
            for target in _place_objects(token):
                name = _part_of_story(target, setting, ("GPE", "LOC", "FAC"))
                if name is not None:
                    return name
    return None


# How many words a list item's label may have before its colon.
_LABEL_WORDS = 4


def _list_label(sentence: Span, setting: Setting) -> str | None:
    """"- Lunzu: 1,402 cases, 33 deaths": a list item is about the place its label names. A label the gazetteer
    or the parser knows as a place counts anywhere; on a bulleted line, any capitalised label counts that is not a
    body ("Police: 80,000"), an acronym, or a word for what is counted ("Dead: 33", "Total: 52")."""
    tokens = [token for token in sentence if not token.is_space]
    bulleted = bool(tokens) and tokens[0].text in LIST_BULLETS
    tokens = tokens[1:] if bulleted else tokens
    colon = next((i for i, token in enumerate(tokens[: _LABEL_WORDS + 1]) if token.text == ":"), None)
    if not colon or colon + 1 >= len(tokens) or not tokens[colon + 1].like_num:
        return None
    label = tokens[:colon]
    name = span_text(sentence.doc[label[0].i : label[-1].i + 1]).strip()
    divisions = _words("division")
    if not all(token.text[:1].isupper() or token.lower_ in divisions for token in label):
        return None
    tables = lexicons()
    if kind_of(name) is not None or tables.sources.find_all(name) or any(
            token.lower_ in _FIGURE_NOUNS or token.lemma_.lower() in tables.subjects for token in label):
        return None  # "- Police: 80,000", "- Total: 52", "- Deaths: 33": a source or what is counted, not a place
    known = gazetteer().resolve(name, alternates=False)
    if known is not None:
        return None if _country_level(known) else name
    if any(token.ent_type_ in ("GPE", "LOC") for token in label) or name in setting.regions:
        return name
    if not bulleted or name.isupper() or any(token.pos_ in ("ADJ", "VERB", "NUM", "ADV") for token in label):
        return None
    return name


# How many words a fronted facility phrase may have before its comma ("At the town's main hospital,").
_FRONTED_FACILITY_WORDS = 6


def _fronted_facility(sentence: Span) -> str | None:
    """"At the town's hospital, director X said it had treated 60 injured": a sentence that opens on a facility
    counts what that facility holds."""
    first = sentence[0]
    if first.lower_ not in ("at", "in", "inside"):
        return None
    comma = next((token.i for token in sentence[1:_FRONTED_FACILITY_WORDS + 2] if token.text == ","), None)
    if comma is None:
        return None
    facilities = _words("facility")
    phrase = sentence.doc[sentence.start + 1 : comma]
    if not any(token.lower_ in facilities for token in phrase):
        return None
    start = next((token.i for token in phrase if token.lower_ not in ("the", "a", "an")), phrase.end)
    return span_text(sentence.doc[start : phrase.end]).strip() or None


def _part_of_story(target: Token, setting: Setting, entity_types: tuple[str, ...]) -> str | None:
    """The place a token names when it is a part of the story: a place the gazetteer knows or the parser tags as
    one of `entity_types`, below country level, and not the place the lead is about."""
    if target.ent_type_ in TIME_ENTITIES:
        return None  # "In March, 9 people died": a month, whatever town a gazetteer spells so
    name = _entity_text(target)
    if name is None:
        return None
    found = gazetteer().resolve(name, alternates=False)
    if found is None and target.ent_type_ not in entity_types and name not in setting.regions:
        return None
    if found is not None and _country_level(found) or fold(name) in setting.lead_places and not _is_story_region(
            name, setting):
        return None
    return name


def _entity_text(token: Token) -> str | None:
    if token.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON") and token.pos_ != "PROPN":
        return None
    entity = next((ent for ent in entities_of(token.doc) if ent.start <= token.i < ent.end), None)
    text = entity.text if entity is not None else token.text
    text = text.removesuffix("'s").removesuffix("’s")  # "Pellham County's toll": the county
    return text[4:] if text.lower().startswith("the ") else text


def _facility(focus: Token) -> str | None:
    """'the total at the Santa Rosa morgue was 410', '20 bodies at a local hospital': a facility narrows a figure
    noun, or a count when it is indefinite (one hospital among others)."""
    facilities = _words("facility")
    holders = [focus]
    verb = governing_verb(focus)
    if verb is not None:
        holders.append(verb)
        holders.extend(child for child in verb.children if child.dep_ in ("nsubj", "dobj")
                       and child.lower_ in _FIGURE_NOUNS)
    for holder in holders:
        for child in holder.children:
            if child.dep_ != "prep" or child.lower_ not in ("at", "in", "inside"):
                continue
            for target in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
                if target.lower_ not in facilities:
                    continue
                # "at a local hospital", "Eleven have died here, in this hospital": one hospital among others
                indefinite = any(d.dep_ == "det" and d.lower_ in ("a", "an", "one", "this") for d in target.children)
                if holder.lower_ in _FIGURE_NOUNS or indefinite:
                    words = [t.text for t in target.subtree if t.dep_ not in ("det", "punct")
                             and t.i <= target.i]
                    return " ".join(words)
    return None


def _qualifiers(focus: Token) -> list[str]:
    """Subgroup and interim words of the counted phrase or of the figure's clause ("unregistered", "at midday")."""
    words = _scope_words()
    verb = governing_verb(focus)
    tokens = list(focus.subtree) + ([child for child in verb.children if child.dep_ in ("prep", "npadvmod")]
                                    if verb is not None else [])
    # "a batch of 60 people", "a partial toll of 577 deaths": the nouns the counted group hangs off
    for ancestor in focus.ancestors:
        if verb is not None and ancestor.i == verb.i or ancestor.pos_ in ("VERB", "AUX"):
            break
        tokens += [ancestor, *(child for child in ancestor.children if child.dep_ in ("amod", "compound"))]
    seen = []
    for token in tokens:
        inside = list(token.subtree) if token.dep_ in ("prep", "npadvmod") else [token]
        if len(inside) > 1 and any(inner.like_num and inner.i != focus.i for inner in inside):
            continue  # "1,301 deaths, with 83 percent being unauthorised": the words of another figure
        for inner in inside:
            entry = words.get(inner.lower_)
            if entry is None or entry[0] not in _QUALIFIER_KINDS or entry[1] in seen:
                continue
            seen.append(entry[1])
    running = running_period(verb, words) if verb is not None else None
    return seen + ([running] if running and running not in seen else [])


# The scope_words.csv kinds that qualify a count by its own words ("unregistered", "at midday", "a batch of").
_QUALIFIER_KINDS = ("subgroup", "interim", "group")


def _words(kind: str) -> frozenset[str]:
    return _words_for(kind, user_lexicon_dirs())


@lru_cache(maxsize=64)
def _words_for(kind: str, dirs) -> frozenset[str]:
    # one kind per word, the file's last row winning ("regional" is not_a_region here, not a division)
    return frozenset(word for word, (found, _scope) in _scope_words_for(dirs).items() if found == kind)


def _division_nouns() -> frozenset[str]:
    """The division words of either case rule ("district", "upazila", "department")."""
    return _words("division") | _words("lower_division")


def _scope_words() -> dict[str, tuple[str, str]]:
    return _scope_words_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _scope_words_for(dirs) -> dict[str, tuple[str, str]]:
    rows = load_lexicon("scope_words.csv", ScopeWordSchema, dirs)
    return {row.word: (row.kind, row.scope) for row in rows.itertuples()}
