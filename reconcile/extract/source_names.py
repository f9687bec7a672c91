"""How the text names a source (extract stage helper): the person's name a source phrase gives, the entity a
body's name belongs to, the acronym written after a name, the name written before an acronym, and the words a body
is described with, and the phrase and title words a source is named by.

spaCy's small model splits names at a possessive ("The National Transport Workers'" + "Alliance") and tags many towns
ORG; a body's name, its acronym in brackets and its description are how copy goes on to call it ("the agency",
"the alliance", its acronym).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from reconcile.extract.bodies import strip_article
from reconcile.extract.kinds import kind_of
from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import clean_name
from reconcile.extract.nlp import entities_of, span_text
from reconcile.kernels.gazetteer import is_town, place_country
from reconcile.kernels.phrases import ACRONYM

# spaCy entity labels of a named body rather than a person.
_BODY_ENTITY_TYPES = ("ORG", "NORP", "FAC")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9&]{1,9})\)")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
# A body's acronym written alone ("NCHR", "NDRO").


def body_entity(doc, name_ids: frozenset[int]) -> str | None:
    """The organisation entity a name's tokens belong to, when spaCy tags them as one and not as a person (not a
    post followed by a person's names: "District Collector Jane Doe" is a titled person the model tagged ORG)."""
    for entity in entities_of(doc):
        if any(entity.start <= i < entity.end for i in name_ids):
            if _post_and_names(entity):
                return None
            if entity.label_ in _BODY_ENTITY_TYPES and is_town(entity.text) and _located(entity.root):
                return None  # the small model tags many towns ORG: "firefighters in Quillacollo" are not a body
            if entity.label_ in _BODY_ENTITY_TYPES:
                return strip_article(_with_possessor(entity))
            if entity.label_ == "PERSON":
                return None
    return None


# Capitalised words after a post that make a person's name ("Collector Jane Doe": a given name and a surname).
_NAMES_AFTER_A_POST = 2


def _post_and_names(entity) -> bool:
    """Whether an entity is a post ("collector", "mayor", "minister": sources.csv roles) followed by at least two
    capitalised words of a name and nothing else."""
    roles = lexicons().roles
    words = [token for token in entity if not token.is_punct]
    posts = [index for index, token in enumerate(words) if token.lower_ in roles]
    if not posts:
        return False
    after = words[posts[-1] + 1:]
    return len(after) >= _NAMES_AFTER_A_POST and all(token.pos_ == "PROPN" and token.text[:1].isupper()
                                                     and token.lower_ not in roles for token in after)


def _with_possessor(entity) -> str:
    """A body's name the model split at a possessive ("The National Transport Workers'" + "Alliance"): the whole."""
    doc = entity.doc
    if entity.start < 2 or doc[entity.start - 1].dep_ != "case":
        return entity.text
    before = next((ent for ent in entities_of(doc) if ent.end == entity.start - 1 and ent.label_ == "ORG"), None)
    return doc[before.start : entity.end].text if before is not None else entity.text


def _located(token: Token) -> bool:
    """Whether a name is the object of a locative preposition ("in Quillacollo"), or a town's name ahead of a
    body's word ("the Quillacollo firefighters"), rather than a body's own name ("the Alliance rejected ...")."""
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "from", "of") or (
        token.dep_ == "compound" and token.head.pos_ == "NOUN")


def acronym_after(name: str, text: str) -> str | None:
    """The acronym in parentheses right after some mention of `name` in `text`, or None."""
    at = text.find(name)
    while at >= 0:
        found = _ACRONYM_AFTER.match(text, at + len(name))
        if found:
            return found.group(1)
        at = text.find(name, at + 1)
    return None


def name_before_acronym(acronym: str, text: str) -> str | None:
    """The capitalised name right before some "(ACRONYM)" in `text` ("the National Civil Defence Institute
    (INDECI)" -> "National Civil Defence Institute"), or None."""
    at = text.find(f"({acronym})")
    if at < 0:
        return None
    words = text[:at].split()[-_NAME_WORDS:]
    name: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word in _NAME_LINKS) or word.endswith((",", ".", ";", ":")):
            break
        name.insert(0, word)
    while name and name[0] in _NAME_LINKS:
        name.pop(0)
    return " ".join(name) or None


_NAME_WORDS = 8
_NAME_LINKS = ("of", "for", "and", "on", "&")


def description_of(head: Token) -> str | None:
    """The words a body's name is set beside ("INDECI, the national civil defence agency, said"), by which the
    story may call it later ("the agency added")."""
    described = [child for child in head.children if child.dep_ == "appos" and child.pos_ == "NOUN"]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and not any(
            child.dep_ == "nummod" for child in head.head.children):
        described.append(head.head)  # not "64 people, the NDRO said" parsed as an apposition to the count
    return " ".join(span_text(head.doc[t.left_edge.i : t.i + 1]) for t in described) or None


def person_name(head: Token) -> tuple[str | None, frozenset[int]]:
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
    people = [ent for ent in entities_of(doc) if ent.label_ == "PERSON" and ent.start < end and ent.end > start]
    if people:
        # trim titles the parser glued in front ("Defense Secretary Lloyd Austin"), keep given names it left out
        # of the entity ("Rudra" of "Rudra Kumar Singh")
        tables = lexicons()
        while start < people[0].start and not _given_name(doc[people[0].start - 1], tables):
            start += 1
        start = max(start, min(people[0].start, start))
        end = max(end, people[-1].end)
    tables = lexicons()
    posts = [i for i in range(start, end) if doc[i].lower_ in tables.roles]
    if posts and end - posts[-1] - 1 >= _NAMES_AFTER_A_POST:
        start = posts[-1] + 1  # "District Collector Jane Doe" tagged as a body: the name after the post
    name = clean_name(span_text(doc[start:end]))
    if name and name.split()[-1].lower().rstrip(".") in tables.roles | tables.honorifics:
        return None, frozenset()  # "Ambassador Dr. X": the head is the title, the name is in apposition
    if name and _NAME_TOKEN.match(name.split()[-1]):
        return name, frozenset(range(start, end))
    return None, frozenset()


def headed_body(head: Token) -> str | None:
    """"Dr Jane Doe, who heads the city office of the Forensic Institute (FI), said": the body a relative clause on a
    name says the person leads, as the copy names it (the body an office is "of", when it has a proper name)."""
    tables = lexicons()
    for clause in head.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in tables.heading_verbs or not any(
                child.dep_ == "nsubj" and child.lower_ == "who" for child in clause.children):
            continue
        led = next((child for child in clause.children if child.dep_ == "dobj"), None)
        if led is None:
            return None
        named = next((pobj for prep in led.children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for pobj in prep.children if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN"), None)
        led = named if named is not None and led.pos_ != "PROPN" else led
        clauses = {token.i for child in led.children if child.dep_ in ("relcl", "acl") for token in child.subtree}
        words = [token for token in led.subtree
                 if token.i not in clauses and not token.is_punct or token.text in ("(", ")")]
        return strip_article(span_text(head.doc[words[0].i : words[-1].i + 1])) or None
    return None


def _given_name(token: Token, tables) -> bool:
    """A capitalised word right before a PERSON entity that is a name, not a title or a body."""
    lower = token.lower_.rstrip(".")
    if not token.text[:1].isupper() or lower in tables.roles or lower in tables.honorifics:
        return False
    if kind_of(token.text) is not None or tables.countries.find_all(token.text) or tables.sources.find_all(token.text):
        return False
    # the small model tags some given names as places ("Rudra"): a word the gazetteer does not know is a name
    return token.pos_ == "PROPN" and (token.ent_type_ in ("", "PERSON") or place_country(token.text) is None)


def apposed_body_word(head: Token, tables) -> bool:
    """Whether a name stands beside a word for a kind of body ("X, the private company", "X, a charity")."""
    return any(child.dep_ == "appos" and child.pos_ == "NOUN" and child.lower_ not in tables.roles
               and kind_of(child.lower_) not in (None, "anonymous") for child in head.children)


def honoured(doc, name_ids: frozenset[int], tables) -> bool:
    """Whether a courtesy or rank title ("Dr", "Mrs", "Gen.") opens the name or stands right before it."""
    if not name_ids:
        return False
    first = min(name_ids)
    return any(doc[i].lower_.rstrip(".") in tables.honorifics for i in (first, first - 1) if i >= 0)


def group_of_title(title: str, tables) -> str | None:
    """"Fire service spokesman", "coastguard spokeswoman": the kind of body the words before the role name, as the
    story calls that body when it speaks itself ("the fire service says")."""
    words = title.split()
    if len(words) < 2 or words[-1].lower() not in tables.roles:
        return None
    found = tables.groups.find_all(" ".join(words[:-1]))
    if not found or kind_of(title) in (None, "anonymous"):
        return None
    start, end, _name = found[0]
    return " ".join(words[:-1])[start:end].lower()


# Dashes that end a dateline before the source phrase ("LIMA — Health Minister X said").
_DATELINE_MARKS = ("—", "–", "--")


def source_phrase(head: Token) -> list[Token]:
    """The source phrase: the head's subtree without relative clauses ('who attended') and edge punctuation."""
    dropped = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "advcl", "conj", "cc"):
            dropped.update(token.i for token in child.subtree)
    for token in head.subtree:  # "the head of X, Jane Doe, who was travelling to ...": a clause on an apposition
        if token.dep_ == "relcl" and token.head.dep_ == "appos" and token.i not in dropped:
            dropped.update(inner.i for inner in token.subtree)
    tokens = [token for token in head.subtree if token.i not in dropped]
    dashes = [at for at, token in enumerate(tokens) if at and token.i < head.i and (
        token.text in _DATELINE_MARKS or token.text == "-" and token.whitespace_ and tokens[at - 1].whitespace_)]
    if dashes:
        # "LUNZU - The district officer said", "LIVE: Coastal floods - relief agency says": what comes before
        # the dash (a dateline, a live blog's topic) is not the source
        tokens = tokens[dashes[-1] + 1 :]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def phrase_title(phrase_tokens: list[Token], name_ids: frozenset[int]) -> str | None:
    """The words around a name that say who the person is ('South Korea's intelligence chief'), without a
    dateline the parser took in ("LIMA — Health Minister X")."""
    dashes = [token.i for token in phrase_tokens if token.text in _DATELINE_MARKS]
    if dashes:
        phrase_tokens = [token for token in phrase_tokens if token.i > dashes[0]]
    words = [token for token in phrase_tokens if token.i not in name_ids and token.text not in (",", "“", "”", '"')
             and not token.like_num]
    while words and (words[0].lower_ in ("a", "an", "the", "and") or words[0].is_punct):
        words = words[1:]
    honorifics = lexicons().honorifics
    while words and (words[-1].is_punct and words[-1].text != "." or words[-1].lower_.rstrip(".") in honorifics):
        words = words[:-1]  # "director of the hospital, Dr": the honorific belongs to the name
    # a dropped comma leaves its space: "Hospital, Dr Fazlul" is "Hospital Dr", not "HospitalDr"
    title = "".join(token.text + (" " if token.whitespace_ or token.text == "." or _dropped_after(token) else "")
                    for token in words)
    return title.strip() or None


def _dropped_after(token: Token) -> bool:
    following = token.i + 1
    return following < len(token.doc) and token.doc[following].text in (",", "“", "”", '"')
