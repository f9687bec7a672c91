"""Extract stage, routes: a parsed sentence (spaCy Span) -> route legs (origin, destination, mode, moved subject).

A movement verb from route_cues.csv ("transported", "dispatched", "traveled") with a "from" or "to/into/toward"
phrase is a route. Several destinations under one verb, or a later movement chained by "then/onward/since", make
further legs: leg n+1 starts where leg n ended unless the copy names another origin. The moved subject and its
count come from the clause ("about 2,500 troops who were transported ...": the relative clause's head noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from reconcile.extract.lexicons import event_words
from reconcile.extract.nlp import span_text, text_of
from reconcile.extract.places import PlaceMention, find_place_mentions
from reconcile.extract.subjects import normalise_subject
from reconcile.kernels.gazetteer import resolve_place
from reconcile.kernels.quantity import find_quantities
from reconcile.rules import RouteCueSchema, load_lexicon, user_lexicon_dirs

# Words that point a phrase at a time, not a place: "from early to mid-October", "to this day".
TEMPORAL_LABELS = ("DATE", "TIME")
# Verbs whose "in/at" phrase, or whose object, is where the movement ended ("arrived in Dadu", "entered Pakistan").
ARRIVAL_PREPOSITIONS = ("in", "at")
# First words of compound prepositions whose "to" never starts a destination ("according to", "due to").
COMPOUND_PREPOSITION_HEADS = ("according", "due", "next", "close", "prior", "thanks", "owing", "similar", "compared")
# "farther to the north": a bearing, not a place.
COMPASS_WORDS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
# Relative pronouns stand for the noun the clause hangs on ("troops who were transported").
RELATIVE_TAGS = ("WDT", "WP", "WP$")
# Demonstratives and pronouns that pick up the subject of an earlier leg ("These soldiers then traveled").
ANAPHORIC_DETERMINERS = ("these", "those", "they", "them", "the")


@dataclass(frozen=True)
class RouteCues:
    """route_cues.csv grouped by role: lemma sets and lemma -> mode maps."""

    movement_verbs: frozenset[str]
    mode_nouns: dict[str, str]
    mode_verbs: dict[str, str]
    origin_preps: frozenset[str]
    destination_preps: frozenset[str]
    next_leg: frozenset[str]


def route_cues() -> RouteCues:
    """route_cues.csv for the current RECONCILE_LEXICONS setting: `"ship" in route_cues().mode_nouns`."""
    return _route_cues_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _route_cues_for(dirs) -> RouteCues:
    rows = load_lexicon("route_cues.csv", RouteCueSchema, dirs)

    def lemmas(cue_type: str) -> frozenset[str]:
        return frozenset(row.cue.lower() for row in rows.itertuples() if row.cue_type == cue_type)

    def modes(cue_type: str) -> dict[str, str]:
        return {row.cue.lower(): row.mode for row in rows.itertuples() if row.cue_type == cue_type}

    return RouteCues(
        lemmas("movement_verb"),
        modes("mode_noun"),
        modes("mode_verb"),
        lemmas("origin_prep"),
        lemmas("destination_prep"),
        lemmas("next_leg"),
    )


def moved_subject(verb: Token) -> Token | None:
    """Head noun of what a movement verb moves: the object of "sent 2,500 troops", the subject of "troops moved",
    the antecedent of "troops who were transported".

    >>> moved_subject(nlp("Troops were flown to Rome.")[2]).text  # doctest: +SKIP
    'Troops'
    """
    children = {child.dep_: child for child in reversed(list(verb.children)) if child.tag_ not in RELATIVE_TAGS}
    for dep in ("dobj", "nsubjpass"):
        if dep in children:
            return children[dep]
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return verb.head
    if "nsubj" in children:
        return children["nsubj"]
    # "...and then traveled to Lahore" / "began moving toward the border": the verb shares its head verb's subject.
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        return moved_subject(verb.head)
    return None


def _phrase_candidates(head: Token) -> list[str]:
    """The head's phrase, then with its "of" tail: "a total of 8,000 troops", "thousands of soldiers"."""
    phrase = subject_phrase(head)
    candidates = [span_text(phrase)]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            tail_end = child.right_edge.i + 1
            candidates.append(span_text(head.doc[phrase.start : tail_end]))
            break
    return candidates


def subject_phrase(head: Token) -> Span:
    """The noun phrase of a head noun without relative clauses or trailing phrases ("about 2,500 rebel
    troops", not "... who were transported by ship")."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod", "amod") and child.i == right + 1:
            right = child.i
    return head.doc[left : right + 1]


def subject_key(head: Token | None) -> str | None:
    """Normalised subject key of a head noun's phrase, None when unknown."""
    if head is None or head.pos_ == "PRON":
        return None
    for candidate in _phrase_candidates(head):
        key = normalise_subject(candidate)
        if key:
            return key
    return None


def count_of(head: Token | None) -> tuple[float | None, float | None, str | None]:
    """(low, high, qualifier) of the first count in a subject phrase, or Nones."""
    if head is None or head.pos_ == "PRON":
        return None, None, None
    for candidate in _phrase_candidates(head):
        for quantity in find_quantities(candidate):
            if quantity.role == "count":
                return quantity.low, quantity.high, quantity.qualifier
    return None, None, None


def _nearest_movement_verb(token: Token, verbs: list[Token]) -> int | None:
    """Index of the movement verb whose clause holds a token; None when another verb's clause comes first, so
    "avoided supplying arms to countries" does not lend its "to" to an earlier "sent"."""
    verb_indices = {verb.i for verb in verbs}
    current = token
    for _ in range(64):
        if current.i in verb_indices:
            return current.i
        if current.pos_ == "VERB" and current.i != token.i:
            return None
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _is_temporal(phrase_head: Token) -> bool:
    """"from early to mid-October", "to the north": a time or a compass direction, not a stop on a route."""
    if phrase_head.lower_ in COMPASS_WORDS:
        return True
    return any(token.ent_type_ in TEMPORAL_LABELS for token in phrase_head.subtree) or phrase_head.pos_ in (
        "ADJ",
        "ADV",
        "NUM",
    )


@dataclass(frozen=True)
class _Stop:
    position: int
    end: int
    name: str
    start: int


def _stop(preposition: Token, mentions: list[PlaceMention]) -> _Stop | None:
    objects = [child for child in preposition.children if child.dep_ == "pobj"]
    if not objects or _is_temporal(objects[0]):
        return None
    phrase = objects[0]
    first, last = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge.text)
    inside = [
        mention
        for mention in mentions
        if first <= mention.start and mention.end <= last and _stop_preposition(mention, preposition) == preposition.i
    ]
    if inside:
        place = inside[0]
        return _Stop(preposition.i, place.end, place.name, place.start)
    words = [token for token in subject_phrase(phrase) if token.dep_ not in ("det", "nummod", "poss")]
    if not words:
        return None
    start = words[0].idx
    end = words[-1].idx + len(words[-1].text)
    return _Stop(preposition.i, end, text_of(preposition.doc)[start:end], start)


def _stop_preposition(mention: PlaceMention, preposition: Token) -> int:
    """The route preposition a place belongs to: "from Dadu to Karachi" nests "to Karachi" under "Dadu", but
    Karachi is the destination, not part of the origin."""
    cues = route_cues()
    route_words = cues.origin_preps | cues.destination_preps
    current = mention.root
    for _ in range(16):
        if current.i == preposition.i:
            return preposition.i
        if current.pos_ == "ADP" and current.lower_ in route_words:
            return current.i
        if current.head.i == current.i:
            return -1
        current = current.head
    return -1


def _object_stop(verb: Token, mentions: list[PlaceMention]) -> _Stop | None:
    for child in verb.children:
        if child.dep_ == "dobj":
            for mention in mentions:
                if mention.start <= child.idx < mention.end:
                    return _Stop(child.i, mention.end, mention.name, mention.start)
    return None


def _mode(verb: Token, scope: list[Token], cues: RouteCues) -> list[tuple[int, str]]:
    found = []
    if verb.lemma_.lower() in cues.mode_verbs:
        found.append((verb.i, cues.mode_verbs[verb.lemma_.lower()]))
    for token in scope:
        if token.lower_ == "by" or token.dep_ == "agent":
            for child in token.children:
                if child.dep_ == "pobj" and child.lemma_.lower() in cues.mode_nouns:
                    found.append((token.i, cues.mode_nouns[child.lemma_.lower()]))
        elif token.lower_ == "on" and any(child.lemma_.lower() == "foot" for child in token.children):
            found.append((token.i, cues.mode_nouns.get("foot", "foot")))
    for child in verb.children:
        # "the navy took 900 troops to Crete": the carrier as subject names the means.
        if child.dep_ == "nsubj" and child.lemma_.lower() in cues.mode_nouns:
            found.append((child.i, cues.mode_nouns[child.lemma_.lower()]))
    return sorted(found)


def extract_route_claims(
    sentence: Span,
    mentions: list[PlaceMention] | None = None,
    previous: dict | None = None,
) -> list[dict]:
    """Route legs of one sentence, chunk offsets; `previous` is the last leg of the chunk so far, for chaining.

    >>> [c["destination"] for c in extract_route_claims(nlp("Aid was flown from Rome to Cairo.")[:])]  # doctest: +SKIP
    ['Cairo']
    """
    cues = route_cues()
    places = find_place_mentions(sentence) if mentions is None else mentions
    verbs = [token for token in sentence if token.pos_ == "VERB" and token.lemma_.lower() in cues.movement_verbs]
    legs: list[dict] = []
    for verb in verbs:
        scope = [token for token in verb.subtree if _nearest_movement_verb(token, verbs) == verb.i]
        subject_tokens = {
            token.i for child in verb.children if child.dep_ in ("nsubj", "nsubjpass") for token in child.subtree
        }
        origins: list[_Stop] = []
        destinations: list[_Stop] = []
        for token in scope:
            if token.pos_ != "ADP" or token.dep_ not in ("prep", "dative", "agent"):
                continue
            if token.head.lower_ in COMPOUND_PREPOSITION_HEADS or token.i in subject_tokens:
                # "according to the presidential palace" is no destination; nor is "an aide to the president" who moved
                continue
            lower = token.lower_
            if lower in cues.origin_preps:
                stop = _stop(token, places)
                if stop:
                    origins.append(stop)
            elif lower in cues.destination_preps:
                stop = _stop(token, places)
                if stop:
                    destinations.append(stop)
        if not destinations and _is_arrival(verb):
            arrival = [_stop(t, places) for t in scope if t.head.i == verb.i and t.lower_ in ARRIVAL_PREPOSITIONS]
            destinations = [stop for stop in arrival if stop is not None][:1] or [
                stop for stop in [_object_stop(verb, places)] if stop is not None
            ]
        if not origins and not destinations:
            continue
        found = _legs_of(verb, scope, origins, destinations, cues, legs[-1] if legs else previous)
        legs.extend(leg for leg in found if _says_how_or_where(leg, verb))
    return legs


def _says_how_or_where(leg: dict, verb: Token) -> bool:
    """A route tells more than the count's destination: an origin, a mode, a later leg, or a movement verb taking
    people somewhere finer than a country. "sent 2,500 troops to Pakistan" is a count with a destination."""
    if leg["origin"] or leg["mode"] or leg["leg"] > 1:
        return True
    if event_words().get(verb.lemma_.lower(), ("", ""))[0] != "movement" or not leg["destination"]:
        return False
    place = resolve_place(leg["destination"])
    return place is None or (place.country is not None and place.name != place.country)


def _is_arrival(verb: Token) -> bool:
    return event_words().get(verb.lemma_.lower(), ("", ""))[0] == "arrival"


def _chained(verb: Token, scope: list[Token], cues: RouteCues) -> bool:
    return any(token.lower_ in cues.next_leg and token.dep_ in ("advmod", "prt", "mark") for token in scope)


def _legs_of(verb, scope, origins, destinations, cues, previous) -> list[dict]:
    subject_head = moved_subject(verb)
    key = subject_key(subject_head)
    low, high, qualifier = count_of(subject_head)
    chained = previous is not None and _chained(verb, scope, cues)
    if chained and _is_anaphoric(subject_head) and low is None:
        # "Those troops have since been taken to ...": the same people as the earlier leg, same count.
        key = previous.get("subject") or key
        low, high, qualifier = previous.get("value_low"), previous.get("value_high"), previous.get("qualifier")
    modes = _mode(verb, scope, cues)
    leg_number = int(previous["leg"]) + 1 if chained else 1
    origin = origins[0] if origins else None
    origin_name = origin.name if origin else (previous["destination"] if chained else None)
    stops = destinations or [None]
    rows = []
    boundary = verb.sent.start - 1
    for index, destination in enumerate(stops):
        position = destination.position if destination else verb.sent.end
        in_window = [mode for at, mode in modes if boundary < at < position]
        if not in_window and len(stops) == 1:
            in_window = [mode for _, mode in modes]
        pieces = [verb.idx, verb.idx + len(verb.text)]
        if origin and index == 0:
            pieces += [origin.start, origin.end]
        if destination:
            pieces += [destination.start, destination.end]
        rows.append(
            {
                "kind": "route",
                "subject": key,
                "value_low": low,
                "value_high": high,
                "qualifier": qualifier,
                "origin": origin_name,
                "destination": destination.name if destination else None,
                "mode": in_window[0] if in_window else None,
                "leg": leg_number + index,
                "event": _event(verb, key),
                "start": min(pieces),
                "end": max(pieces),
            }
        )
        boundary = position
        origin_name = destination.name if destination else origin_name
        origin = None
    return rows


def _event(verb: Token, key: str | None) -> str:
    event_class = event_words().get(verb.lemma_.lower(), ("movement", "subject"))[0]
    return f"{event_class}:{key}" if key else event_class


def _is_anaphoric(head: Token | None) -> bool:
    if head is None:
        return True
    if head.pos_ == "PRON":
        return True
    return any(child.dep_ == "det" and child.lower_ in ANAPHORIC_DETERMINERS for child in head.children)


def slug(text: str) -> str:
    """Lower-case key of free text for event names: `slug("Sindh province") == "sindh_province"`."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("’", "'").replace("'s", "")).strip("_")
