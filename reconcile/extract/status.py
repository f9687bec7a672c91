"""Status of counted people (extract stage helper): the counted noun and its clause -> killed, present, planned...

The order follows how news copy says what happened to a group: a noun that names the outcome ("deaths", "the
injured") decides first; then the verb of the figure's clause with its voice, modality, particle and objects
("took to the streets", "were found dead", "are known to have died", "will be sent"); then the place the group
is put in ("among the dead"); then the noun's usual state ("demonstrators" are present at a march); last, what the
figure leans on (a partitive "31 of them" or an elliptical "80,000 in Paris" shares its antecedent's status).
statuses.csv holds the ladder of verbs; subjects.csv the nouns.
"""

from __future__ import annotations

from spacy.tokens import Token

from reconcile.extract.lexicons import lexicons

# Statuses a noun decides by itself, whatever the verb ("550 deaths had been recorded").
STRONG_STATUSES = ("killed", "wounded", "casualties")
# Prepositions that put a group inside another whose status it shares ("among the dead", "two of the injured").
_PARTITIVE_PREPOSITIONS = ("among", "of")


def governing_verb(token: Token) -> Token | None:
    """The verb (or auxiliary) a token's clause hangs off, at most six steps up the parse."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current.i != token.i:
            return current
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def count_status(token: Token, implied: str | None, inherited: str | None = None) -> tuple[str, str]:
    """Status and the rule behind it for a counted token, given the status its noun implies and the one it
    inherits from the figure it leans on.

    >>> count_status(nlp("Police said 200 demonstrators marched.")[3], "present")  # doctest: +SKIP
    ('present', 'ST40')
    """
    if implied in STRONG_STATUSES:
        return implied, "subject"
    governing = _governing_noun_status(token)
    if governing is not None:
        return governing, "subject:of"
    for child in token.children:
        # "the 800 soldiers sent to Mali", "troops who were transported by ship", "pilgrims who died": the
        # participle or relative clause that defines the group says what happened to it
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            acl_status, acl_rule = verb_status(child)
            if acl_status != "other":
                return acl_status, acl_rule
    verb = governing_verb(token)
    status, rule_id = verb_status(verb) if verb is not None else ("other", "ST36")
    if status != "other":
        return status, rule_id
    if inherited:
        return inherited, "antecedent"
    if implied:
        return implied, "subject:usual"
    return status, rule_id


def verb_status(verb: Token) -> tuple[str, str]:
    """The first rung of the statuses.csv ladder the verb's features match, or ("other", "ST36")."""
    tables = lexicons()
    features = _verb_features(verb, tables)
    planned = is_planned(verb, tables)
    for rule_id, _label, lemma, modality, status in tables.status_rules:
        if lemma != "*" and lemma not in features:
            continue
        if modality == "planned" and not planned or modality == "actual" and planned:
            continue
        return status, rule_id
    return "other", "ST36"


def _governing_noun_status(token: Token) -> str | None:
    """'the deaths of at least seven people', 'two of the injured': the noun the group hangs off names the
    outcome."""
    head = token.head
    if token.dep_ != "pobj" or head.lower_ != "of" or head.head.i == head.i:
        return None
    entry = lexicons().subjects.get(head.head.lower_)
    return entry[2] if entry and entry[2] in STRONG_STATUSES else None


def _verb_features(verb: Token, tables) -> set[str]:
    lemma = verb.lemma_.lower()
    features = {lemma}
    for child in verb.children:
        if child.dep_ == "dobj":
            # phrasal verbs are named by verb and object: "took part" is take+part, not the "take" of "taken to"
            features.add(f"{lemma}+{child.lemma_.lower()}")
        elif child.dep_ == "prt":
            features.add(f"{lemma}+{child.lower_}")  # "came out", "turned out", "brought together"
        elif child.dep_ in ("acomp", "oprd") and child.pos_ in ("ADJ", "VERB"):
            features.add(child.lemma_.lower())  # "were found dead", "were reported deceased"
        elif child.dep_ == "prep":
            for target in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
                features.add(f"{lemma}+{target.lemma_.lower()}")  # "took to the streets", "went to the rallies"
                if child.lower_ in _PARTITIVE_PREPOSITIONS:
                    entry = tables.subjects.get(target.lower_)
                    if entry and entry[2] in STRONG_STATUSES:
                        features.add(entry[2])  # "were among the dead"
        elif child.dep_ == "xcomp" and lemma in tables.raising_lemmas:
            features.update(_verb_features(child, tables))  # "are known to have died", "feared to have drowned"
        # only "killed or wounded" joins the two; "42 killed and 300 injured" are two figures
        if child.dep_ == "conj" and child.pos_ in ("VERB", "ADJ") and _joined_by_or(verb):
            features.add(f"{lemma}+{child.lemma_.lower()}")
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "ADJ") and _joined_by_or(verb.head):
        # "killed or injured 4,000 people": the object hangs off the second verb
        features.add(f"{verb.head.lemma_.lower()}+{lemma}")
    if lemma == "be" and any(
        child.dep_ == "prep" and child.lower_ in ("in", "inside", "at") for child in _self_and_args(verb)
    ):
        features.add("be+in")
    if any(token.lemma_.lower() in tables.combat_lemmas for token in verb.subtree if token.dep_ == "pobj"):
        features.add(f"{lemma}+combat")
    return features


def _joined_by_or(verb: Token) -> bool:
    return any(child.dep_ == "cc" and child.lower_ in ("or", "and/or") for child in verb.children)


def _self_and_args(verb: Token):
    yield from verb.children
    for child in verb.children:
        if child.dep_ in ("nsubj", "attr", "nsubjpass"):
            yield from child.children


def is_planned(verb: Token, tables) -> bool:
    """Future or intended: 'will be sent', 'could deploy', 'aims to deploy ... by December', 'expected to arrive',
    and a target or forecast the verb governs directly ('hoping for a million', 'which expected 750,000')."""
    current = verb
    for _ in range(4):
        if any(child.dep_ == "aux" and child.lemma_.lower() in tables.planning_lemmas for child in current.children):
            return True
        if current.i != verb.i and current.lemma_.lower() in tables.planning_lemmas:
            return True
        if current.lemma_.lower() in tables.planning_lemmas and any(c.dep_ == "xcomp" for c in current.children):
            return True  # "were being prepared to join", "are expected to arrive"
        if current.lemma_.lower() in tables.forecast_lemmas:
            return True
        if current.dep_ not in ("xcomp", "ccomp") or current.head.i == current.i:
            break
        current = current.head
    return False
