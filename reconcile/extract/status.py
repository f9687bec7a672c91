"""Status of counted people (extract stage helper): the counted noun and its clause -> killed, present, planned...

The order follows how news copy says what happened to a group: a noun that names the outcome ("deaths", "the
injured") decides first; then the verb of the figure's clause with its voice, modality, particle and objects
("took to the streets", "were found dead", "are known to have died", "will be sent"); then the place the group
is put in ("among the dead"); then the noun's usual state ("demonstrators" are present at a march); last, what the
figure leans on (a partitive "31 of them" or an elliptical "70,000 in Lima" shares its antecedent's status).
statuses.csv holds the ladder of verbs; subjects.csv the nouns.
"""

from __future__ import annotations

from spacy.tokens import Token

from reconcile.extract.lexicons import lexicons

# Statuses a noun decides by itself, whatever the verb ("550 deaths had been recorded").
STRONG_STATUSES = ("killed", "wounded", "casualties")
# Prepositions that put a group inside another whose status it shares ("among the dead", "two of the injured").
PARTITIVE_PREPOSITIONS = ("among", "of")
# Nouns that stand for a figure, whose words say what it counts ("the number of deaths", "the death toll").
_FIGURE_NOUNS = ("number", "total", "toll", "tally", "figure", "count")
# Prepositions that say where people are by themselves, with no place noun to name it ("were aboard the ship").
_ABOARD_WORDS = ("aboard", "onboard")


def governing_verb(token: Token) -> Token | None:
    """The verb (or auxiliary) a token's clause hangs off, at most six steps up the parse."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current.i != token.i:
            if current.dep_ in ("aux", "auxpass") and current.head.pos_ in ("VERB", "AUX"):
                return current.head  # "74 people are missing" parsed with the subject on "are": the clause's verb
            return current
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


# What people are "on" without being anywhere: a list, a register.
_LISTS = ("list", "lists", "register", "registers", "roll", "rolls", "payroll", "books")
# The ladder's last rung ("anything else", status other): no rung of the verb's own matched.
_NO_RUNG = "ST36"


def count_status(token: Token, implied: str | None, inherited: str | None = None,
                 anchor: Token | None = None) -> tuple[str, str]:
    """Status and the rule behind it for a counted token, given the status its noun implies and the one it
    inherits from the figure it leans on.

    >>> count_status(nlp("Police said 200 demonstrators marched.")[3], "present")  # doctest: +SKIP
    ('present', 'ST40')
    """
    whole = anchor is not None and (anchor.head.i == token.i and _whole_of_a_part(token) or _whole_of_a_part(anchor))
    if whole:
        return _whole_status(token, implied)
    status, rule_id = _count_status(token, implied, inherited)
    if status == "wounded" and token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        verb = token.head
        if verb_status(verb)[0] == "killed":
            return "killed", "subject:died"  # "Three wounded protesters die in hospital": they are dead now
    return status, rule_id


def _count_status(token: Token, implied: str | None, inherited: str | None) -> tuple[str, str]:
    if implied in STRONG_STATUSES:
        verb = governing_verb(token)
        if verb is not None and is_planned(verb, lexicons()):
            return "planned", "subject:forecast"  # "the toll could exceed 500": a forecast, not a toll
        if token.like_num and verb is not None and token.dep_ in ("nsubj", "nsubjpass") and token.head.i == verb.i:
            # "11 dead and 14 rescued alive": a bare figure borrows the noun before it, but a verb of its own that
            # names a fate says what happened to it
            own, own_rule = verb_status(verb)
            if own_rule != _NO_RUNG and own != implied:
                return own, own_rule
        return implied, "subject"
    governing = _governing_noun_status(token)
    if governing is not None:
        return governing, "subject:of"
    described = _described_status(token)
    if described is not None:
        return described, "subject:described"
    # "the 800 soldiers sent to Mali", "troops who were transported by ship", "pilgrims who died": the participle
    # or relative clause that defines the group says what happened to it
    defined = next(((status, rule) for status, rule in _defining_clauses(token) if status != "other"), None)
    if defined is not None:
        return defined
    if token.pos_ == "VERB":
        # "23 were killed and more than 1,000 arrested": a participle counted as the group ("arrested") says
        # what happened to it, not the verb it is joined to
        own, own_rule = verb_status(token)
        if own_rule != _NO_RUNG:
            return own, own_rule
    verb = governing_verb(token)
    clause = _clause_status(verb, token) if verb is not None else None
    if clause is not None:
        return clause, "clause"
    status, rule_id = verb_status(verb) if verb is not None else ("other", _NO_RUNG)
    if rule_id != _NO_RUNG:
        return status, rule_id  # "and more than 1,000 arrested": a verb of its own decides, even for "other"
    if inherited:
        return inherited, "antecedent"
    if implied:
        return implied, "subject:usual"
    return status, rule_id


# Prepositions that put the whole of a partitive somewhere ("of the 91 people on board", "aboard the ship").
_WHOLE_PLACES = ("on", "aboard", "in", "inside", "at")


def _defining_clauses(token: Token) -> list[tuple[str, str]]:
    """The status and rule of each participle or relative clause on the counted noun ("soldiers sent to Mali")."""
    return [verb_status(child) for child in token.children
            if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX")]


def _whole_status(token: Token, implied: str | None) -> tuple[str, str]:
    """The status of the whole a figure is part of ("67 of the 91 people on the flight had died"): the verb tells
    what happened to the part, not the whole, so the whole's own words decide ("of the seven dead", "one of 14
    people killed", "of the 91 people on the flight"), else its noun's usual state."""
    if implied in STRONG_STATUSES:
        return implied, "subject:whole"
    described = _described_status(token)
    if described is not None:
        return described, "subject:whole"
    defined = next((status for status, rule in _defining_clauses(token) if rule != _NO_RUNG), None)
    if defined is not None:
        return defined, "subject:whole"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _WHOLE_PLACES and not any(
                target.lower_ in _LISTS for target in child.children) or child.lower_ in _ABOARD_WORDS:
            return "present", "subject:whole"  # "of the 91 people on board", "aboard"; not "the 43 men on its list"
    # "Of the 93, 69 died": a bare whole leans on no noun of its own, and the part's outcome is not its
    return (implied or "other", "subject:whole") if token.pos_ in ("NOUN", "PROPN") else ("other", "subject:whole")


def _whole_of_a_part(token: Token) -> bool:
    """Whether the counted noun is the whole a figure is part of: "67 of the 91 people", "45 out of 60
    passengers", "Of the 93, 69 died" (the part's verb is not the whole's)."""
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    part = token.head.head
    if part.lower_ == "out":
        part = part.head
    if part.like_num or part.pos_ == "NUM":
        return True
    # "Of the 93, 69 died"; "Of the 91 people aboard, 67 had died, the airline said" (the parse hangs "of" on the cue)
    verbs = [part, *(child for child in part.children if child.dep_ == "ccomp")] if part.pos_ == "VERB" else []
    return token.head.i < part.i and any(child.dep_ in ("nsubj", "nsubjpass") and child.like_num
                                         for verb in verbs for child in verb.children)


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
    return "other", _NO_RUNG


def _clause_status(verb: Token, token: Token) -> str | None:
    """The outcome the figure's clause puts it in: 'were among the dead', 'The number of deaths totalled 1,301
    people', 'making the total toll at least 1,114 people'."""
    subjects = lexicons().subjects
    for child in [*token.children, *verb.children]:
        if child.dep_ == "prep" and child.lower_ in PARTITIVE_PREPOSITIONS:
            for target in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
                entry = subjects.get(target.lower_)
                if entry and entry[2] in STRONG_STATUSES:
                    return entry[2]
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i != token.i and child.lower_ in _FIGURE_NOUNS:
            for part in child.subtree:
                entry = subjects.get(part.lower_)
                if part.i != child.i and entry and entry[2] in STRONG_STATUSES:
                    return entry[2]
            entry = subjects.get(child.lower_)  # "toll" names deaths by itself
            if entry and entry[2] in STRONG_STATUSES:
                return entry[2]
    return None


def names_a_fate(lemma: str) -> bool:
    """Whether a rung of the statuses.csv ladder reads this lemma alone as an outcome other than death or injury
    ("trap", "rescue", "evacuate", "arrest")."""
    return any(rule_lemma == lemma and status == "other" for _rule, _label, rule_lemma, _modality, status
               in lexicons().status_rules)


def fate_of_lemma(lemma: str) -> str | None:
    """The fate (statuses.csv, column fate) the first rung of status other for this lemma names, or None:
    `fate_of_lemma("escape") == "escaped"`."""
    tables = lexicons()
    return next((tables.fates[rule] for rule, _label, rule_lemma, _modality, status in tables.status_rules
                 if rule_lemma == lemma and status == "other" and rule in tables.fates), None)


def _described_status(token: Token) -> str | None:
    """'48 injured workers', 'the names of 31 dead workers': an adjective on the counted noun names the outcome;
    so does one right after it ('found 12 people dead', which the parser reads as a modifier or as the adjective
    the noun is the subject of)."""
    subjects = lexicons().subjects
    adjectives = [child for child in token.children if child.dep_ == "amod" and (
        child.i < token.i or child.i == token.i + 1)]
    if token.dep_ == "nsubj" and token.head.pos_ == "ADJ" and token.head.i == token.i + 1:
        adjectives.append(token.head)
    for adjective in adjectives:
        entry = subjects.get(adjective.lower_)
        if entry and entry[2] in STRONG_STATUSES:
            return entry[2]
    return None


def _governing_noun_status(token: Token) -> str | None:
    """'the deaths of at least seven people', 'two of the injured': the noun the group hangs off names the
    outcome."""
    head = token.head
    if token.dep_ != "pobj" or head.lower_ != "of" or head.head.i == head.i:
        return None
    entry = lexicons().subjects.get(head.head.lower_)
    return entry[2] if entry and entry[2] in STRONG_STATUSES else None


def lemma_of(token: Token) -> str:
    """The token's lemma, mended where the small model drops a silent e ("hoping" -> "hop" -> "hope")."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    if lower.endswith("ing") and lemma == lower[:-3] and lemma + "e" in _known_lemmas():
        return lemma + "e"
    return lemma


def _known_lemmas() -> frozenset[str]:
    tables = lexicons()
    return tables.forecast_lemmas | tables.planning_lemmas | tables.raising_lemmas | frozenset(tables.verb_cues)


# Adverbs that complete a phrasal verb ("taken away", "carried off", "gone home"): read as its particle.
_PARTICLE_ADVERBS = frozenset({"away", "off", "home"})


def _verb_features(verb: Token, tables) -> set[str]:
    lemma = lemma_of(verb)
    features = {lemma}
    for child in verb.children:
        if child.dep_ == "dobj":
            # phrasal verbs are named by verb and object: "took part" is take+part, not the "take" of "taken to"
            features.add(f"{lemma}+{child.lemma_.lower()}")
            # "had taken 63 survivors on board", "took 40 people to hospital": the object's place is the verb's
            features.update(f"{lemma}+{place}" for place in _prepositional_places(child))
        elif child.dep_ == "prt" or child.dep_ == "advmod" and child.lower_ in _PARTICLE_ADVERBS:
            # "came out", "turned out", "brought together"; "were taken away" (the parser often reads the
            # particle as an adverb)
            features.add(f"{lemma}+{child.lower_}")
        elif child.dep_ in ("acomp", "oprd") and child.pos_ in ("ADJ", "VERB"):
            features.add(child.lemma_.lower())  # "were found dead", "were reported deceased"
        elif child.dep_ == "prep":
            features.update(f"{lemma}+{place}" for place in _places_of(child))  # "took to the streets"
        elif child.dep_ == "advmod" and lemma == "be":
            features.add(f"be+{child.lower_}")  # "200 people were aboard": the adverb is the place
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
    if lemma == "be" and any(child.dep_ == "prep" and child.lower_ in ("on", "aboard") and not any(
            target.lower_ in tables.document_nouns or target.lower_ in _LISTS for target in child.children)
            for child in _self_and_args(verb)):
        features.add("be+on")  # "There were more than 400 passengers on it"; not "were not on the company's list"
    if any(token.lemma_.lower() in tables.combat_lemmas for token in verb.subtree if token.dep_ == "pobj"):
        features.add(f"{lemma}+combat")
    return features


def _prepositional_places(token: Token) -> list[str]:
    """The places a token's prepositions name: 'to the streets' -> street, 'aboard the vessel' -> aboard."""
    return [place for child in token.children if child.dep_ == "prep" for place in _places_of(child)]


def _places_of(preposition: Token) -> list[str]:
    if preposition.lower_ in _ABOARD_WORDS:
        return ["aboard"]  # "were aboard the vessel": the preposition itself is the place
    places = []
    for target in (child for child in preposition.children if child.dep_ == "pobj"):
        places.append(target.lemma_.lower())
        # "in 96 accommodation centres", "in evacuation centres": the kind of place is named by its compound too
        places += [f"{child.lemma_.lower()} {target.lemma_.lower()}" for child in target.children
                   if child.dep_ == "compound"]
    return places


def _has_planning_aux(verb: Token, tables) -> bool:
    """A modal or intention auxiliary, unless it looks back: "may have died", "could have drowned" speculate
    about what happened, they forecast nothing."""
    auxiliaries = [child for child in verb.children if child.dep_ == "aux"]
    if verb.tag_ == "VBN" and any(child.lemma_.lower() == "have" for child in auxiliaries):
        return False
    return any(child.lemma_.lower() in tables.planning_lemmas for child in auxiliaries)


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
        if _has_planning_aux(current, tables):
            return True
        lemma = lemma_of(current)
        if current.i != verb.i and lemma in tables.planning_lemmas:
            return True
        if lemma in tables.planning_lemmas and any(c.dep_ == "xcomp" for c in current.children):
            return True  # "were being prepared to join", "are expected to arrive"
        if lemma in tables.forecast_lemmas:
            return True
        if current.dep_ not in ("xcomp", "ccomp") or current.head.i == current.i:
            break
        current = current.head
    return False
